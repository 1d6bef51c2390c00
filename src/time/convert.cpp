// gmtime, localtime, mktime, asctime, ctime and struct_time's repr.
#include <time.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

#include "_sys/time_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"

namespace pyos::time {

namespace detail {

std::int64_t double_to_time_t(double secs) {
  if (std::isnan(secs)) throw ValueError("Invalid value NaN (not a number)");
  volatile double d = std::floor(secs);  // volatile: round exactly as CPython does
  const double x = d;
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) raise_time_t_overflow();
  return static_cast<std::int64_t>(x);
}

namespace {

// Zone names live in a pool that is never freed or changed (glibc's, or a zone table's), so
// a name is known by its address: the last two (standard and DST) are kept as strings
// instead of being measured and copied from scratch.
struct ZoneName {
  const char* ptr = nullptr;
  std::string text;
};
// Through a plain pointer (a thread_local with a constructor costs a call per access); the
// owner frees the names when the thread ends.
thread_local ZoneName* t_zone_names = nullptr;

ZoneName* zone_names() {
  if (t_zone_names == nullptr) [[unlikely]] {
    struct Owner {
      ZoneName names[2];
      ~Owner() { t_zone_names = nullptr; }
    };
    thread_local Owner owner;
    t_zone_names = owner.names;
  }
  return t_zone_names;
}

}  // namespace

struct_time from_tm(const struct ::tm& tm) {
  const char* zone = tm.tm_zone != nullptr ? tm.tm_zone : "";
  ZoneName& slot = zone_names()[tm.tm_isdst > 0 ? 1 : 0];
  if (slot.ptr != zone) {
    slot.text.assign(zone);
    slot.ptr = zone;
  }
  return struct_time{wrap_add(tm.tm_year, 1900), tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, (tm.tm_wday + 6) % 7, tm.tm_yday + 1, tm.tm_isdst, slot.text,
                     tm.tm_gmtoff};
}

// glibc's gmtime_r (__offtime), computed here: it cannot fail except for a year that does
// not fit in struct tm's int, which glibc reports as EOVERFLOW.
struct_time gmtime_t(std::int64_t secs) {
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const Civil c = civil_from_days(days);
  const std::int64_t tm_year = c.year - 1900;
  if (tm_year < INT_MIN || tm_year > INT_MAX) raise_from_errno(EOVERFLOW);
  struct_time t;
  t.tm_year = wrap_add(static_cast<int>(tm_year), 1900);
  t.tm_mon = c.month;
  t.tm_mday = c.day;
  t.tm_hour = static_cast<int>(rem / 3600);
  t.tm_min = static_cast<int>(rem % 3600 / 60);
  t.tm_sec = static_cast<int>(rem % 60);
  // 1970-01-01 was a Thursday (Monday = 0 in Python's numbering: 3).
  t.tm_wday = static_cast<int>(((days % 7) + 7 + 3) % 7);
  t.tm_yday = day_of_year(c.year, c.month, c.day) + 1;
  t.tm_isdst = 0;
  t.tm_zone.emplace("GMT");
  t.tm_gmtoff = 0;
  return t;
}

struct_time localtime_t(std::int64_t secs) {
  ensure_tz();
  struct ::tm tm;
  int err = 0;
  if (!local_convert(secs, tm, err)) raise_from_errno(err);
  return from_tm(tm);
}

// --- mktime: glibc's __mktime_internal (gnulib mktime.c as in glibc 2.36), over
// _sys::localtime_r. The shape and the constants are glibc's, because its answers for
// out-of-range fields, DST gaps and overlaps and tm_isdst hints are the specification.

namespace {

using long_int = long long;
constexpr long_int kMktimeMin = LLONG_MIN;
constexpr long_int kMktimeMax = LLONG_MAX;
constexpr int kTmYearBase = 1900;
constexpr int kEpochYear = 1970;

std::atomic<long_int> g_localtime_offset{0};

constexpr unsigned short kMonYday[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
};

long_int shr(long_int a, int b) noexcept { return a >> b; }

bool leapyear(long_int year) noexcept {
  return (year & 3) == 0 && (year % 100 != 0 || ((year / 100) & 3) == (-(kTmYearBase / 100) & 3));
}

bool isdst_differ(int a, int b) noexcept { return (!a != !b) && (0 <= a) && (0 <= b); }

long_int ydhms_diff(long_int year1, long_int yday1, int hour1, int min1, int sec1, int year0,
                    int yday0, int hour0, int min0, int sec0) noexcept {
  const int a4 = static_cast<int>(shr(year1, 2) + shr(kTmYearBase, 2) - !(year1 & 3));
  const int b4 = static_cast<int>(shr(year0, 2) + shr(kTmYearBase, 2) - !(year0 & 3));
  const int a100 = a4 / 25 - (a4 % 25 < 0);
  const int b100 = b4 / 25 - (b4 % 25 < 0);
  const int a400 = static_cast<int>(shr(a100, 2));
  const int b400 = static_cast<int>(shr(b100, 2));
  const int intervening_leap_days = (a4 - b4) - (a100 - b100) + (a400 - b400);
  const long_int years = year1 - year0;
  const long_int days = 365 * years + yday1 - yday0 + intervening_leap_days;
  const long_int hours = 24 * days + hour1 - hour0;
  const long_int minutes = 60 * hours + min1 - min0;
  return 60 * minutes + sec1 - sec0;
}

long_int long_int_avg(long_int a, long_int b) noexcept { return shr(a, 1) + shr(b, 1) + ((a | b) & 1); }

long_int tm_diff(long_int year, long_int yday, int hour, int min, int sec, const struct ::tm& tp) noexcept {
  return ydhms_diff(year, yday, hour, min, sec, tp.tm_year, tp.tm_yday, tp.tm_hour, tp.tm_min, tp.tm_sec);
}

// localtime_r; on failure, the errno.
bool convert_time(long_int t, struct ::tm& tm, int& err) noexcept { return local_convert(t, tm, err); }

bool ranged_convert(long_int& t, struct ::tm& tp, int& err) noexcept {
  const long_int t1 = t;  // time_t and long_int are both 64-bit: always in range
  if (convert_time(t1, tp, err)) {
    t = t1;
    return true;
  }
  if (err != EOVERFLOW) return false;
  long_int bad = t1;
  long_int ok = 0;
  struct ::tm oktm {};
  oktm.tm_sec = -1;
  // Binary search between a known good and a known unconvertible time.
  for (;;) {
    const long_int mid = long_int_avg(ok, bad);
    if (mid == ok || mid == bad) break;
    struct ::tm probe {};
    if (convert_time(mid, probe, err)) {
      ok = mid;
      oktm = probe;
    } else if (err != EOVERFLOW) {
      return false;
    } else {
      bad = mid;
    }
  }
  if (oktm.tm_sec < 0) return false;
  t = ok;
  tp = oktm;
  return true;
}

bool add_overflows(long_int a, long_int b, long_int& r) noexcept { return __builtin_add_overflow(a, b, &r); }

}  // namespace

void reset_mktime_offset() noexcept { g_localtime_offset.store(0, std::memory_order_relaxed); }

bool mktime_c(int tm_year, int tm_mon, int tm_mday, int tm_hour, int tm_min, int tm_sec,
              int tm_isdst, std::int64_t& result) noexcept {
  struct ::tm tm {};
  int err = 0;
  int remaining_probes = 6;

  int sec = tm_sec;
  const int min = tm_min;
  const int hour = tm_hour;
  const int mday = tm_mday;
  const int mon = tm_mon;
  const int year_requested = tm_year;
  const int isdst = tm_isdst;

  // 1 if the previous probe was DST.
  int dst2 = 0;

  // Ensure that mon is in range, and set year accordingly.
  const int mon_remainder = mon % 12;
  const int negative_mon_remainder = mon_remainder < 0;
  const int mon_years = mon / 12 - negative_mon_remainder;
  const long_int year = static_cast<long_int>(year_requested) + mon_years;

  // Day of year from year, month and day of month; need not be in range.
  const int mon_yday = kMonYday[leapyear(year)][mon_remainder + 12 * negative_mon_remainder] - 1;
  const long_int yday = mon_yday + static_cast<long_int>(mday);

  const long_int off = g_localtime_offset.load(std::memory_order_relaxed);
  const int sec_requested = sec;

  // Out-of-range seconds are handled at the end (leap seconds are possible).
  if (sec < 0) sec = 0;
  if (59 < sec) sec = 59;

  // Invert localtime by probing. First assume the same offset as last time.
  const int negative_offset_guess = static_cast<int>(0U - static_cast<unsigned>(off));
  const long_int t0 = ydhms_diff(year, yday, hour, min, sec, kEpochYear - kTmYearBase, 0, 0, 0,
                                 negative_offset_guess);
  long_int t = t0, t1 = t0, t2 = t0;

  // Repeatedly use the error to improve the guess.
  for (;;) {
    if (!ranged_convert(t, tm, err)) return false;
    const long_int dt = tm_diff(year, yday, hour, min, sec, tm);
    if (dt == 0) break;

    if (t == t1 && t != t2 &&
        (tm.tm_isdst < 0 ||
         (isdst < 0 ? dst2 <= (tm.tm_isdst != 0) : (isdst != 0) != (tm.tm_isdst != 0)))) {
      // Oscillating between two values: the requested time falls within a spring-forward
      // gap. Return a time DT away from it, preferring a tm_isdst that differs from the
      // requested one (with no request, the DST one).
      goto offset_found;
    }

    if (--remaining_probes == 0) return false;
    t1 = t2;
    t2 = t;
    t += dt;
    dst2 = tm.tm_isdst != 0;
  }

  // A match. Check whether tm_isdst has the requested value, if any.
  if (isdst_differ(isdst, tm.tm_isdst)) {
    // Look for a neighbouring time with the right tm_isdst and use its UTC offset; if none
    // is found within a reasonable distance, assume a one-hour DST difference.
    const int dst_difference = (isdst == 0) - (tm.tm_isdst == 0);
    const int stride = 601200;
    const int duration_max = 457243209;
    const int delta_bound = duration_max / 2 + stride;
    for (int delta = stride; delta < delta_bound; delta += stride) {
      for (int direction = -1; direction <= 1; direction += 2) {
        long_int ot;
        if (!add_overflows(t, static_cast<long_int>(delta) * direction, ot)) {
          struct ::tm otm {};
          if (!ranged_convert(ot, otm, err)) return false;
          if (!isdst_differ(isdst, otm.tm_isdst)) {
            // Found the desired tm_isdst: extrapolate back to the desired time.
            const long_int gt = ot + tm_diff(year, yday, hour, min, sec, otm);
            if (kMktimeMin <= gt && gt <= kMktimeMax) {
              if (convert_time(gt, tm, err)) {
                t = gt;
                goto offset_found;
              }
              if (err != EOVERFLOW) return false;
            }
          }
        }
      }
    }
    t += 60 * 60 * dst_difference;
    if (convert_time(t, tm, err)) goto offset_found;
    return false;
  }

offset_found:
  // Remember the offset for the next call (a heuristic; overflow is harmless).
  g_localtime_offset.store(static_cast<long_int>(static_cast<unsigned long long>(t) -
                                                 static_cast<unsigned long long>(t0) -
                                                 static_cast<unsigned long long>(negative_offset_guess)),
                           std::memory_order_relaxed);

  if (sec_requested != tm.tm_sec) {
    // Use the requested tm_sec, not the normalized value; also repair any damage from a
    // false match due to a leap second.
    long_int sec_adjustment = (sec == 0 && tm.tm_sec == 60) ? 1 : 0;
    sec_adjustment -= sec;
    sec_adjustment += sec_requested;
    if (add_overflows(t, sec_adjustment, t)) return false;
    if (!convert_time(t, tm, err)) return false;
  }
  result = t;
  return true;
}

// gettmarg(): the year check and the C conventions.
namespace {
int c_year(const struct_time& t) {
  if (t.tm_year < INT_MIN + 1900) throw OverflowError("year out of range");
  return t.tm_year - 1900;
}
}  // namespace

}  // namespace detail

using detail::wrap_add;

struct_time gmtime() { return detail::gmtime_t(_sys::time()); }
struct_time gmtime(double secs) { return detail::gmtime_t(detail::double_to_time_t(secs)); }
struct_time localtime() { return detail::localtime_t(_sys::time()); }
struct_time localtime(double secs) { return detail::localtime_t(detail::double_to_time_t(secs)); }

double mktime(const struct_time& t) {
  const int year = detail::c_year(t);
  detail::ensure_tz();
  std::int64_t result = 0;
  if (!detail::mktime_c(year, wrap_add(t.tm_mon, -1), t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                        t.tm_isdst, result)) {
    throw OverflowError("mktime argument out of range");
  }
  return static_cast<double>(result);
}

namespace {

constexpr const char* kWday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void append_2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// CPython's _asctime on C-convention fields: "%s %s%3d %.2d:%.2d:%.2d %d".
std::string format_asctime(int wday_c, int mon_c, int mday, int hour, int min, int sec, int year) {
  std::string out;
  out.reserve(32);
  out += kWday[wday_c];
  out += ' ';
  out += kMon[mon_c];
  if (mday < 10) out += "  ";
  else if (mday < 100) out += ' ';
  out += std::to_string(mday);
  out += ' ';
  append_2(out, hour);
  out += ':';
  append_2(out, min);
  out += ':';
  append_2(out, sec);
  out += ' ';
  out += std::to_string(year);
  return out;
}

std::string asctime_of(const struct_time& t) {
  // Called with localtime() results only (valid fields).
  return format_asctime((t.tm_wday + 1) % 7, t.tm_mon - 1, t.tm_mday, t.tm_hour, t.tm_min,
                        t.tm_sec, t.tm_year);
}

}  // namespace

namespace detail {
std::string ctime_t(std::int64_t secs) { return asctime_of(localtime_t(secs)); }
}  // namespace detail

std::string asctime() { return asctime_of(localtime()); }

std::string asctime(const struct_time& t) {
  const int year_c = detail::c_year(t);
  int mon = wrap_add(t.tm_mon, -1);
  int mday = t.tm_mday;
  const int wday = wrap_add(t.tm_wday, 1) % 7;
  int yday = wrap_add(t.tm_yday, -1);
  detail::check_tm_fields(mon, mday, t.tm_hour, t.tm_min, t.tm_sec, wday, yday);
  return format_asctime(wday, mon, mday, t.tm_hour, t.tm_min, t.tm_sec, year_c + 1900);
}

std::string ctime() { return detail::ctime_t(_sys::time()); }
std::string ctime(double secs) { return detail::ctime_t(detail::double_to_time_t(secs)); }

std::string repr(const struct_time& t) {
  std::string out = "time.struct_time(tm_year=" + std::to_string(t.tm_year);
  out += ", tm_mon=" + std::to_string(t.tm_mon);
  out += ", tm_mday=" + std::to_string(t.tm_mday);
  out += ", tm_hour=" + std::to_string(t.tm_hour);
  out += ", tm_min=" + std::to_string(t.tm_min);
  out += ", tm_sec=" + std::to_string(t.tm_sec);
  out += ", tm_wday=" + std::to_string(t.tm_wday);
  out += ", tm_yday=" + std::to_string(t.tm_yday);
  out += ", tm_isdst=" + std::to_string(t.tm_isdst) + ")";
  return out;
}

std::ostream& operator<<(std::ostream& os, const struct_time& t) {
  os << repr(t);
  if (t.tm_zone) os << " tm_zone=" << *t.tm_zone;
  if (t.tm_gmtoff) os << " tm_gmtoff=" << *t.tm_gmtoff;
  return os;
}

}  // namespace pyos::time
