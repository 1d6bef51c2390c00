// Clocks, sleep, get_clock_info, pthread_getcpuclockid.
#include <pthread.h>
#include <time.h>

#include <cerrno>
#include <cmath>
#include <cstdint>

#include "_sys/time_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"

namespace pyos::time {
namespace {

constexpr std::int64_t kNsPerSec = 1'000'000'000;

// CPython's _PyTime_AsSecondsDouble: whole seconds are divided as integers, so that they stay
// exact; other values as ns / 1e9.
double ns_to_seconds(std::int64_t ns) noexcept {
  if (ns % kNsPerSec == 0) return static_cast<double>(ns / kNsPerSec);
  return static_cast<double>(ns) / 1e9;
}

// CPython's clock_gettime()/clock_getres() float: tv_sec + tv_nsec * 1e-9.
double timespec_to_double(const struct timespec& ts) noexcept {
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::int64_t read_ns(clockid_t clock) {
  auto r = _sys::clock_gettime_ns(clock);
  if (!r) [[unlikely]] raise_from_errno(r.error().code);
  return *r;
}

struct timespec ns_to_timespec(std::int64_t ns) noexcept {
  std::int64_t sec = ns / kNsPerSec;
  std::int64_t nsec = ns % kNsPerSec;
  if (nsec < 0) {
    nsec += kNsPerSec;
    --sec;
  }
  struct timespec ts;
  ts.tv_sec = static_cast<time_t>(sec);
  ts.tv_nsec = static_cast<long>(nsec);
  return ts;
}

// CPython's _PyTime_FromDouble: seconds as a float to nanoseconds, rounded as asked, with its
// checks and messages.
enum class Round { floor, up };
std::int64_t double_to_ns(double secs, Round round) {
  if (std::isnan(secs)) throw ValueError("Invalid value NaN (not a number)");
  volatile double d = secs * 1e9;  // volatile: round exactly as CPython does
  const double x = d;
  const double rounded = round == Round::floor ? std::floor(x) : (x >= 0 ? std::ceil(x) : std::floor(x));
  if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0)) {
    detail::raise_time_t_overflow();
  }
  return static_cast<std::int64_t>(rounded);
}

// _PyTime_Add: saturating.
std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

clock_info info_for(clockid_t clock, const char* implementation, bool monotonic, bool adjustable) {
  // CPython reads the clock first (and fails if it cannot), then asks for its resolution.
  (void)read_ns(clock);
  auto res = _sys::clock_getres(clock);
  if (!res) raise_from_errno(res.error().code);
  return {implementation, monotonic, adjustable, timespec_to_double(*res)};
}

}  // namespace

double time() { return ns_to_seconds(read_ns(CLOCK_REALTIME)); }
std::int64_t time_ns() { return read_ns(CLOCK_REALTIME); }
double monotonic() { return ns_to_seconds(read_ns(CLOCK_MONOTONIC)); }
std::int64_t monotonic_ns() { return read_ns(CLOCK_MONOTONIC); }
double perf_counter() { return ns_to_seconds(read_ns(CLOCK_MONOTONIC)); }
std::int64_t perf_counter_ns() { return read_ns(CLOCK_MONOTONIC); }
double process_time() { return ns_to_seconds(read_ns(CLOCK_PROCESS_CPUTIME_ID)); }
std::int64_t process_time_ns() { return read_ns(CLOCK_PROCESS_CPUTIME_ID); }
double thread_time() { return ns_to_seconds(read_ns(CLOCK_THREAD_CPUTIME_ID)); }
std::int64_t thread_time_ns() { return read_ns(CLOCK_THREAD_CPUTIME_ID); }

double clock_gettime(int clk_id) {
  auto r = _sys::clock_gettime(static_cast<clockid_t>(clk_id));
  if (!r) raise_from_errno(r.error().code);
  return timespec_to_double(*r);
}

std::int64_t clock_gettime_ns(int clk_id) { return read_ns(static_cast<clockid_t>(clk_id)); }

double clock_getres(int clk_id) {
  auto r = _sys::clock_getres(static_cast<clockid_t>(clk_id));
  if (!r) raise_from_errno(r.error().code);
  return timespec_to_double(*r);
}

void clock_settime(int clk_id, double time) {
  detail::clock_settime_checked_ns(clk_id, double_to_ns(time, Round::floor));
}

void clock_settime_ns(int clk_id, std::int64_t time) { detail::clock_settime_checked_ns(clk_id, time); }

void detail::clock_settime_checked_ns(int clk_id, std::int64_t ns) {
  _sys::clock_settime(static_cast<clockid_t>(clk_id), ns_to_timespec(ns)).or_raise();
}

int pthread_getcpuclockid(unsigned long thread_id) {
  return _sys::pthread_getcpuclockid(static_cast<pthread_t>(thread_id)).or_raise();
}

clock_info get_clock_info(std::string_view name) {
  if (name == "time") return info_for(CLOCK_REALTIME, "clock_gettime(CLOCK_REALTIME)", false, true);
  if (name == "monotonic" || name == "perf_counter") {
    return info_for(CLOCK_MONOTONIC, "clock_gettime(CLOCK_MONOTONIC)", true, false);
  }
  if (name == "process_time") {
    return info_for(CLOCK_PROCESS_CPUTIME_ID, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false);
  }
  if (name == "thread_time") {
    return info_for(CLOCK_THREAD_CPUTIME_ID, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false);
  }
  throw ValueError("unknown clock");
}

void sleep(double secs) { detail::sleep_ns(double_to_ns(secs, Round::up)); }

void detail::sleep_ns(std::int64_t ns) {
  if (ns < 0) throw ValueError("sleep length must be non-negative");
  // An absolute deadline on the monotonic clock: _sys retries clock_nanosleep after EINTR
  // with the same deadline, which is PEP 475's "resume with the remaining time".
  const std::int64_t deadline = saturating_add(monotonic_ns(), ns);
  _sys::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ns_to_timespec(deadline)).or_raise();
}

void detail::raise_time_t_overflow() {
  throw OverflowError("timestamp out of range for platform time_t");
}

void detail::raise_pytime_overflow() {
  throw OverflowError("timestamp too large to convert to C PyTime_t");
}

}  // namespace pyos::time
