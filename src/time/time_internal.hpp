// File: time/time_internal.hpp
//
// What the parts of the time module share: calendar arithmetic (Python's proleptic Gregorian
// ordinals, as datetime.date), the time-zone state that tzset() computes, and the mktime core
// (a port of glibc's __mktime_internal over _sys::localtime_r).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "pyos/time.hpp"

struct tm;

namespace pyos::time::detail {

// --- calendar -----------------------------------------------------------------------------

constexpr bool is_leap(std::int64_t year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (any year that fits).
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (m + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month;  // 1-12
  int day;    // 1-31
};

constexpr Civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// Day of the year, 0-365, of a valid date.
constexpr int day_of_year(std::int64_t year, int month, int day) noexcept {
  constexpr int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return kDaysBefore[month - 1] + day - 1 + (month > 2 && is_leap(year) ? 1 : 0);
}

// datetime.date.toordinal(): 0001-01-01 is 1.
constexpr std::int64_t to_ordinal(std::int64_t y, int m, int d) noexcept {
  return days_from_civil(y, m, d) + 719163;
}
constexpr Civil from_ordinal(std::int64_t n) noexcept { return civil_from_days(n - 719163); }
// datetime.date.weekday(): Monday is 0.
constexpr int weekday_of_ordinal(std::int64_t n) noexcept { return static_cast<int>((n + 6) % 7); }

// int arithmetic that wraps, as in CPython (built with -fwrapv).
constexpr int wrap_add(int a, int b) noexcept {
  return static_cast<int>(static_cast<unsigned>(a) + static_cast<unsigned>(b));
}

// --- seconds arguments --------------------------------------------------------------------

// A float "seconds" argument as time_t, floored (CPython's _PyTime_ObjectToTime_t with
// _PyTime_ROUND_FLOOR): ValueError for NaN, OverflowError outside time_t.
std::int64_t double_to_time_t(double secs);

// CPython's checktm() on C-convention fields (tm_mon 0-11, tm_wday 0 = Sunday, tm_yday
// 0-365): 0 stands for the lowest value of tm_mon, tm_mday and tm_yday, anything else out of
// range raises ValueError ("month out of range", ...).
void check_tm_fields(int& mon, int& mday, int hour, int min, int sec, int wday, int& yday);

// struct tm (from localtime_r) as Python's struct_time.
struct_time from_tm(const struct ::tm& tm);

// --- time zone ----------------------------------------------------------------------------

// The state tzset() computes: Python's timezone/altzone/daylight/tzname (CPython's
// init_timezone, which probes January and July of the current year).
struct TzState {
  int timezone = 0;
  int altzone = 0;
  int daylight = 0;
  std::array<std::string, 2> tzname;
  std::uint64_t generation = 0;  // bumped by every tzset()
};

// Runs tzset() once per process, on first use.
void ensure_tz();
// A copy of the state (after ensure_tz()).
TzState tz_snapshot();
// The generation of the current state: a relaxed load, for caches keyed on the zone.
std::uint64_t tz_generation() noexcept;

// --- local time (zone_linux.cpp) -----------------------------------------------------------

// localtime_r as glibc computes it, from the zone table of the last tzset() where it covers
// `t`, else from glibc itself. False with the errno on failure. Also tracks the tzname[]
// glibc would have after the conversion (see tzname_model()).
bool local_convert(std::int64_t t, struct ::tm& out, int& err) noexcept;
// Rebuilds the zone table for the current TZ (tzset() calls it, after glibc's tzset()).
void rebuild_zone_table();
// Whether conversions use a zone table (tests).
bool zone_table_in_use() noexcept;
// Copies glibc's tzname[] into the model.
void sync_tzname_model() noexcept;
// glibc's tzname[] as the last local-time conversion left it (what glibc's strftime prints
// for %Z of a struct without a zone name).
std::array<const char*, 2> tzname_model() noexcept;

// --- mktime -------------------------------------------------------------------------------

// glibc's mktime on C-convention fields (tm_year = year - 1900, tm_mon 0-11 or beyond, ...)
// without its tzset(): the seconds since the epoch, or false when not representable.
bool mktime_c(int tm_year, int tm_mon, int tm_mday, int tm_hour, int tm_min, int tm_sec,
              int tm_isdst, std::int64_t& result) noexcept;
// glibc keeps the offset of the last mktime() as the first guess of the next one; for DST
// overlaps with tm_isdst = -1 the guess decides which of the two times is returned. pyos
// keeps its own (tests reset it to replay a fresh process).
void reset_mktime_offset() noexcept;

}  // namespace pyos::time::detail
