// File: _sys/time_linux.hpp
//
// Clock, sleep and local-time calls. One function per call, POSIX names and argument order,
// `Result<T>` out, never throws; calls that cannot fail return their value.
//
// The clock reads are inline for the same reason as the descriptor calls in fd.hpp: a
// vDSO clock_gettime costs ~20 ns, so the wrapper may only add the fault-injection check
// (one relaxed load, retry.hpp) and nothing out of line.
//
// Calls that report failure by returning an error number instead of -1/errno
// (clock_nanosleep, pthread_getcpuclockid) are adapted to the common -1/errno shape here, so
// the EINTR policy of retry.hpp applies to them unchanged. clock_nanosleep is always given an
// absolute deadline by pyos, so retrying it after EINTR sleeps exactly the remaining time
// (PEP 475) without recomputing anything.
#pragma once

#include <pthread.h>
#include <time.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>

#include "_core/result.hpp"
#include "_sys/retry.hpp"

namespace pyos::_sys {

using _core::Result;

inline Result<struct timespec> clock_gettime(clockid_t clock) noexcept {
  struct timespec ts;
  auto r = detail::status(Call::clock_gettime, [&] { return ::clock_gettime(clock, &ts); });
  if (!r) [[unlikely]] return r.error();
  return ts;
}

// clock_gettime as nanoseconds: the form the hot clock reads want. (Returning the timespec
// makes the caller copy 16 bytes the vDSO just wrote as two 8-byte stores, a
// store-forwarding stall that costs more than the clock read itself.) The same call for
// fault injection as clock_gettime. Seconds beyond the int64 range of nanoseconds (the year
// 2262) wrap.
inline Result<std::int64_t> clock_gettime_ns(clockid_t clock) noexcept {
  struct timespec ts;
  auto r = detail::status(Call::clock_gettime, [&] { return ::clock_gettime(clock, &ts); });
  if (!r) [[unlikely]] return r.error();
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000U +
                                   static_cast<std::uint64_t>(ts.tv_nsec));
}

inline Result<struct timespec> clock_getres(clockid_t clock) noexcept {
  struct timespec ts;
  auto r = detail::status(Call::clock_getres, [&] { return ::clock_getres(clock, &ts); });
  if (!r) return r.error();
  return ts;
}

inline Result<void> clock_settime(clockid_t clock, const struct timespec& ts) noexcept {
  return detail::status(Call::clock_settime, [&] { return ::clock_settime(clock, &ts); });
}

// Sleeps until `deadline` on `clock` (flags: TIMER_ABSTIME, or 0 for a relative request,
// which a retry would restart from the beginning). Retried on EINTR.
inline Result<void> clock_nanosleep(clockid_t clock, int flags,
                                    const struct timespec& deadline) noexcept {
  return detail::status(Call::clock_nanosleep, [&] {
    const int err = ::clock_nanosleep(clock, flags, &deadline, nullptr);
    if (err == 0) return 0;
    errno = err;
    return -1;
  });
}

inline Result<clockid_t> pthread_getcpuclockid(pthread_t thread) noexcept {
  clockid_t clock = 0;
  auto r = detail::status(Call::pthread_getcpuclockid, [&] {
    const int err = ::pthread_getcpuclockid(thread, &clock);
    if (err == 0) return 0;
    errno = err;
    return -1;
  });
  if (!r) return r.error();
  return clock;
}

// localtime_r. Does not re-read TZ (glibc only does that in tzset(), mktime() and the
// non-reentrant localtime()), so it never stats /etc/localtime. EOVERFLOW when the year does
// not fit the int of struct tm; a failure without errno is reported as EINVAL, as CPython does.
// The result is written to `out` (returning the 56-byte struct inside a Result costs a
// store-forwarding stall on the copy, a third of the call).
inline Result<void> localtime_r(std::int64_t t, struct tm& out) noexcept {
  const time_t when = static_cast<time_t>(t);
  // The common case without the retry machinery (which GCC does not inline): no fault armed
  // and success. Anything else is redone the general way; localtime_r has no side effect
  // that a second call could repeat.
  if (!fault::armed() && ::localtime_r(&when, &out) != nullptr) [[likely]] return {};
  return detail::status(Call::localtime_r, [&] {
    errno = 0;
    if (::localtime_r(&when, &out) != nullptr) return 0;
    if (errno == 0) errno = EINVAL;
    return -1;
  });
}

// time(NULL): whole seconds of CLOCK_REALTIME as the kernel's tick last stored them (glibc
// reads the vDSO's coarse value, which CPython uses for "now" in gmtime()/localtime()).
inline std::int64_t time() noexcept { return static_cast<std::int64_t>(::time(nullptr)); }

// tzset(): re-reads TZ (or /etc/localtime) into the C library's time-zone state, and counts
// the call in tz_generation().
void tzset() noexcept;

// How many times tzset() above has run: text made from local time and cached (logging's
// asctime) is stale once this changes. A relaxed load, read in line by the caches.
extern std::atomic<std::uint64_t> g_tz_generation;
inline std::uint64_t tz_generation() noexcept { return g_tz_generation.load(std::memory_order_relaxed); }

// The environment variables glibc's tzset() reads: TZ and TZDIR (empty optional: unset).
// Copies, taken with getenv().
struct TzEnvironment {
  std::optional<std::string> tz;
  std::optional<std::string> tzdir;
};
TzEnvironment tz_environment();

// The C library's tzname[0], tzname[1]. glibc sets them in tzset() and again in every
// localtime conversion (to the names in force at the converted time); the strings are never
// freed.
std::array<const char*, 2> tzname() noexcept;

}  // namespace pyos::_sys
