// File: pyos/time.hpp
//
// Python's `time` module (CPython 3.13 on Linux): clocks, sleep, struct_time and the
// conversions between seconds and broken-down time, strftime/strptime, and the time-zone
// state that tzset() refreshes.
//
//     auto t = pyos::time::localtime();                       // time.localtime()
//     std::string s = pyos::time::strftime("%Y-%m-%d %H:%M:%S", t);
//     auto p = pyos::time::strptime("2024-03-05", "%Y-%m-%d");
//     double secs = pyos::time::mktime(p);
//     pyos::time::sleep(0.25);
//
// The clock ids are the C library's CLOCK_* macros from <time.h> (included here); they hold
// exactly the values of Python's time.CLOCK_* constants: CLOCK_REALTIME, CLOCK_MONOTONIC,
// CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
// CLOCK_TAI (Linux also defines CLOCK_*_COARSE and CLOCK_*_ALARM, which Python does not
// export but which the clock functions accept).
//
// Deviations from Python, all because C++ is typed (details in docs/time.md):
//  * timezone, altzone, daylight and tzname are functions (they change when tzset() runs).
//  * "seconds" arguments are double or any integer type (Python's float or int); None is the
//    overload without the argument.
//  * strptime's DeprecationWarning for a day of month without a year is not emitted.
#pragma once

#include <time.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"

namespace pyos::time {

// time.struct_time. Fields as Python's attributes, in Python's order: tm_year is the year
// (2024, not 124), tm_mon 1-12, tm_wday 0-6 with Monday = 0, tm_yday 1-366, tm_isdst
// 1/0/-1. tm_zone and tm_gmtoff are Python's attribute-only fields: empty (None) for a
// struct_time built from 9 values, as for Python's struct_time((y, m, d, ...)).
struct struct_time {
  int tm_year = 0;
  int tm_mon = 0;
  int tm_mday = 0;
  int tm_hour = 0;
  int tm_min = 0;
  int tm_sec = 0;
  int tm_wday = 0;
  int tm_yday = 0;
  int tm_isdst = 0;
  std::optional<std::string> tm_zone;
  std::optional<long> tm_gmtoff;

  friend bool operator==(const struct_time&, const struct_time&) = default;
};

// repr(): time.struct_time(tm_year=2024, tm_mon=3, ..., tm_isdst=0), as Python prints it.
std::string repr(const struct_time& t);
std::ostream& operator<<(std::ostream& os, const struct_time& t);

// The result of get_clock_info(): Python's namespace(implementation=..., monotonic=...,
// adjustable=..., resolution=...).
struct clock_info {
  std::string implementation;
  bool monotonic = false;
  bool adjustable = false;
  double resolution = 0;

  friend bool operator==(const clock_info&, const clock_info&) = default;
};

namespace detail {
[[noreturn]] void raise_time_t_overflow();
[[noreturn]] void raise_pytime_overflow();
// An integer count of seconds as time_t; OverflowError("timestamp out of range for platform
// time_t") when it does not fit, as CPython's _PyLong_AsTime_t.
template <std::integral T>
std::int64_t to_time_t(T secs) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
    if (secs > static_cast<T>(std::numeric_limits<std::int64_t>::max())) raise_time_t_overflow();
  }
  return static_cast<std::int64_t>(secs);
}
// An integer count of seconds as nanoseconds; OverflowError("timestamp too large to convert
// to C PyTime_t") on overflow, as CPython's _PyTime_FromSecondsObject.
template <std::integral T>
std::int64_t seconds_to_ns(T secs) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 1'000'000'000;
  if constexpr (std::is_signed_v<T>) {
    const auto s = static_cast<std::int64_t>(secs);
    if (s > kMax || s < -kMax) raise_pytime_overflow();
    return s * 1'000'000'000;
  } else {
    if (static_cast<std::uint64_t>(secs) > static_cast<std::uint64_t>(kMax)) raise_pytime_overflow();
    return static_cast<std::int64_t>(secs) * 1'000'000'000;
  }
}
struct_time gmtime_t(std::int64_t secs);
struct_time localtime_t(std::int64_t secs);
std::string ctime_t(std::int64_t secs);
void sleep_ns(std::int64_t ns);
void clock_settime_checked_ns(int clk_id, std::int64_t ns);
}  // namespace detail

// --- clocks -------------------------------------------------------------------------------

// time.time(): seconds since the epoch (CLOCK_REALTIME), as CPython rounds them to a float.
// Raises OSError if the clock cannot be read.
double time();
// time.time_ns()
std::int64_t time_ns();
// time.monotonic(), time.monotonic_ns(): CLOCK_MONOTONIC.
double monotonic();
std::int64_t monotonic_ns();
// time.perf_counter(), time.perf_counter_ns(): CLOCK_MONOTONIC on Linux, as CPython.
double perf_counter();
std::int64_t perf_counter_ns();
// time.process_time(), time.process_time_ns(): CLOCK_PROCESS_CPUTIME_ID.
double process_time();
std::int64_t process_time_ns();
// time.thread_time(), time.thread_time_ns(): CLOCK_THREAD_CPUTIME_ID.
double thread_time();
std::int64_t thread_time_ns();

// time.clock_gettime(clk_id) -> float (tv_sec + tv_nsec * 1e-9, CPython's formula).
// Raises OSError (EINVAL for an unknown clock).
double clock_gettime(int clk_id);
// time.clock_gettime_ns(clk_id)
std::int64_t clock_gettime_ns(int clk_id);
// time.clock_getres(clk_id). Raises OSError.
double clock_getres(int clk_id);
// time.clock_settime(clk_id, time): a float is rounded toward -inf to nanoseconds.
// ValueError for NaN, OverflowError when out of range, OSError from the kernel (EINVAL for a
// clock that cannot be set, EPERM without privilege).
void clock_settime(int clk_id, double time);
template <std::integral T>
void clock_settime(int clk_id, T time) {
  detail::clock_settime_checked_ns(clk_id, detail::seconds_to_ns(time));
}
// time.clock_settime_ns(clk_id, time)
void clock_settime_ns(int clk_id, std::int64_t time);
// time.pthread_getcpuclockid(thread_id): the CPU-time clock of a thread (thread_id is a
// pthread_t, Python's threading.get_ident()). Raises OSError (ProcessLookupError for ESRCH).
// As in Python, an id that is not a live thread's may crash the process (glibc reads it).
int pthread_getcpuclockid(unsigned long thread_id);

// time.get_clock_info(name) for "time", "monotonic", "perf_counter", "process_time",
// "thread_time"; ValueError("unknown clock") otherwise.
clock_info get_clock_info(std::string_view name);

// time.sleep(secs): suspends the calling thread. Sleeps on an absolute CLOCK_MONOTONIC
// deadline, so a signal handler that returns resumes the sleep for the remaining time only
// (PEP 475). ValueError("sleep length must be non-negative") for a negative value, ValueError
// for NaN, OverflowError when the duration does not fit in nanoseconds. A float is rounded
// up to whole nanoseconds (CPython's _PyTime_ROUND_TIMEOUT).
void sleep(double secs);
template <std::integral T>
void sleep(T secs) {
  detail::sleep_ns(detail::seconds_to_ns(secs));
}

// --- conversions --------------------------------------------------------------------------

// time.gmtime([secs]): UTC broken-down time; tm_zone "GMT", tm_gmtoff 0. A float is floored.
// ValueError for NaN; OverflowError("timestamp out of range for platform time_t") outside
// time_t; OSError (EOVERFLOW) when the year does not fit in a C int.
struct_time gmtime();
struct_time gmtime(double secs);
template <std::integral T>
struct_time gmtime(T secs) {
  return detail::gmtime_t(detail::to_time_t(secs));
}

// time.localtime([secs]): local broken-down time in the zone of the last tzset(). Errors as
// gmtime.
struct_time localtime();
struct_time localtime(double secs);
template <std::integral T>
struct_time localtime(T secs) {
  return detail::localtime_t(detail::to_time_t(secs));
}

// time.mktime(t): the inverse of localtime(), with glibc's rules for tm_isdst (-1: decide;
// 0/1: a hint, also in DST gaps and overlaps) and for out-of-range fields (normalized).
// Unlike glibc's mktime it never re-reads TZ or stats /etc/localtime: call tzset() after
// changing TZ. OverflowError("mktime argument out of range"), OverflowError("year out of
// range") for a year below INT_MIN + 1900.
double mktime(const struct_time& t);

// time.asctime([t]): "Sun Jun 20 23:21:05 1993". ValueError for out-of-range fields (as
// strftime).
std::string asctime();
std::string asctime(const struct_time& t);

// time.ctime([secs]): asctime(localtime(secs)).
std::string ctime();
std::string ctime(double secs);
template <std::integral T>
std::string ctime(T secs) {
  return detail::ctime_t(detail::to_time_t(secs));
}

// --- strftime / strptime ------------------------------------------------------------------

// time.strftime(format[, t]): glibc's strftime in the C locale, as CPython prints it. Fields
// are checked as CPython does (ValueError "month out of range", ...; 0 is accepted for
// tm_mon, tm_mday and tm_yday and stands for the lowest value), tm_isdst is clamped to
// [-1, 1]. ValueError("embedded null character") for a NUL in the format or zone.
// Without t: localtime().
std::string strftime(std::string_view format);
std::string strftime(std::string_view format, const struct_time& t);

// time.strptime(string[, format]): CPython's _strptime, reimplemented (same directives,
// case-insensitivity, whitespace and %z/%Z rules, defaults and errors). ValueError for a
// mismatch ("time data '...' does not match format '...'"), trailing text ("unconverted
// data remains: ..."), a bad format ("'Q' is a bad directive in format '%Q'", "stray % in
// format '...'") or a date that does not exist; re::PatternError when the format names a
// directive twice, as Python's re module raises it.
struct_time strptime(std::string_view string, std::string_view format = "%a %b %d %H:%M:%S %Y");

// --- time zone ----------------------------------------------------------------------------

// time.tzset(): re-reads TZ (a POSIX rule such as "EST+5EDT,M3.2.0/2,M11.1.0/2", a zoneinfo
// name such as "Europe/Berlin", or unset: /etc/localtime) and recomputes timezone, altzone,
// daylight and tzname. pyos calls it once on first use.
void tzset();
// time.timezone: the standard offset in seconds west of UTC.
int timezone();
// time.altzone: the DST offset in seconds west of UTC.
int altzone();
// time.daylight: nonzero when the zone has DST.
int daylight();
// time.tzname: (standard name, DST name).
std::array<std::string, 2> tzname();

}  // namespace pyos::time

namespace pyos::re {
// re.PatternError (re.error): what Python's re module raises for a regular expression it
// cannot compile. time.strptime raises it when a format names a directive twice.
PYOS_EXCEPTION_COPY_BEGIN
class PatternError : public virtual Exception {
 public:
  explicit PatternError(std::string message) : BaseException(std::move(message)) {}
  PYOS_EXCEPTION_COPYABLE(PatternError);
  std::string_view type_name() const noexcept override { return "PatternError"; }
  std::string_view module_name() const noexcept override { return "re"; }
};
PYOS_EXCEPTION_COPY_END
}  // namespace pyos::re
