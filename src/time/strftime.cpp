// time.strftime: CPython's argument handling (gettmarg, checktm, the tm_isdst clamp and its
// output-size rule) around the _core strftime engine.
#include <time.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "_core/strftime.hpp"
#include "_sys/time_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"

namespace pyos::time {
namespace detail {

// CPython's checktm(): 0 stands for the lowest value of tm_mon, tm_mday and tm_yday; other
// out-of-range values raise ValueError. Fields are C conventions (tm_mon 0-11, ...).
void check_tm_fields(int& mon, int& mday, int hour, int min, int sec, int wday, int& yday) {
  if (mon == -1) {
    mon = 0;
  } else if (mon < 0 || mon > 11) {
    throw ValueError("month out of range");
  }
  if (mday == 0) {
    mday = 1;
  } else if (mday < 0 || mday > 31) {
    throw ValueError("day of month out of range");
  }
  if (hour < 0 || hour > 23) throw ValueError("hour out of range");
  if (min < 0 || min > 59) throw ValueError("minute out of range");
  if (sec < 0 || sec > 61) throw ValueError("seconds out of range");
  // tm_wday's upper bound is guaranteed by the % 7 in gettmarg().
  if (wday < 0) throw ValueError("day of week out of range");
  if (yday == -1) {
    yday = 0;
  } else if (yday < 0 || yday > 365) {
    throw ValueError("day of year out of range");
  }
}

namespace {

// %s: glibc's strftime calls mktime() on a copy of the struct.
std::int64_t mktime_for_strftime(const _core::StrftimeTm& tm) {
  std::int64_t t = -1;
  if (!mktime_c(tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_isdst, t)) {
    return -1;
  }
  return t;
}

// Code points in UTF-8 text; a byte that does not start a valid sequence counts as one (it
// is one lone surrogate in Python's view).
std::size_t code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b >= 0xE0 && b <= 0xEF) len = 3;
    else if (b >= 0xF0 && b <= 0xF4) len = 4;
    if (len > 1) {
      if (i + len > s.size()) {
        len = 1;
      } else {
        for (std::size_t k = 1; k < len; ++k) {
          if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
            len = 1;
            break;
          }
        }
      }
    }
    i += len;
    ++n;
  }
  return n;
}

bool is_ascii(std::string_view s) noexcept {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

struct FormatScan {
  bool nul = false, ascii = true, z = false;
};

// Eight bytes at a time: any NUL, any byte >= 0x80, any 'Z'.
FormatScan scan_format(std::string_view fmt) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHigh) != 0; };
  std::uint64_t high = 0;
  bool nul = false, z = false;
  std::size_t i = 0;
  for (; i + 8 <= fmt.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, fmt.data() + i, 8);
    high |= w;
    nul |= has_zero(w);
    z |= has_zero(w ^ (kOnes * 'Z'));
  }
  for (; i < fmt.size(); ++i) {
    const auto c = static_cast<unsigned char>(fmt[i]);
    high |= c;
    nul |= c == 0;
    z |= c == 'Z';
  }
  return {nul, (high & kHigh) == 0 && (high & 0x80) == 0, z};
}

std::string format(std::string_view fmt, _core::StrftimeTm& tm) {
  // CPython normalizes tm_isdst for the sake of %Z implementations that index tzname with it.
  if (tm.tm_isdst < -1) tm.tm_isdst = -1;
  else if (tm.tm_isdst > 1) tm.tm_isdst = 1;
  // One pass over the format: NUL (rejected), non-ASCII (lengths then count code points),
  // 'Z' (%Z may need the C library's tzname).
  const FormatScan scan = scan_format(fmt);
  if (scan.nul) throw ValueError("embedded null character");
  const bool ascii_format = scan.ascii, has_z = scan.z;

  _core::StrftimeEnv env;
  env.mktime = &mktime_for_strftime;
  if (has_z && (!tm.has_zone || tm.tm_zone.empty()) && tm.tm_isdst >= 0) {
    // glibc prints its tzname[] as it is now. That is state: besides tzset(), every
    // localtime conversion (also those inside mktime) sets it to the names in force at the
    // converted time, and CPython shows exactly that. The strings live as long as the process.
    ensure_tz();
    const auto names = tzname_model();
    env.tzname[0] = names[0] != nullptr ? names[0] : "";
    env.tzname[1] = names[1] != nullptr ? names[1] : "";
  }

  // CPython calls wcsftime with buffers of 1024, 2048, ... characters until the result fits
  // or the buffer is 256 times the format's length; a result that never fits (or is empty)
  // is returned as "". Lengths are in code points (wchar_t).
  const std::size_t fmtlen = ascii_format ? fmt.size() : code_points(fmt);
  std::size_t limit = 1024;
  while (limit < 256 * fmtlen) limit *= 2;
  std::string out;
  if (!_core::strftime(out, fmt, tm, env, limit * 4)) return {};
  if (out.size() >= limit && (is_ascii(out) ? out.size() : code_points(out)) >= limit) return {};
  return out;
}

}  // namespace
}  // namespace detail

std::string strftime(std::string_view fmt) {
  detail::ensure_tz();
  struct ::tm now;
  int err = 0;
  if (!detail::local_convert(_sys::time(), now, err)) raise_from_errno(err);
  _core::StrftimeTm tm;
  tm.tm_sec = now.tm_sec;
  tm.tm_min = now.tm_min;
  tm.tm_hour = now.tm_hour;
  tm.tm_mday = now.tm_mday;
  tm.tm_mon = now.tm_mon;
  tm.tm_year = now.tm_year;
  tm.tm_wday = now.tm_wday;
  tm.tm_yday = now.tm_yday;
  tm.tm_isdst = now.tm_isdst;
  tm.tm_gmtoff = now.tm_gmtoff;
  tm.has_zone = now.tm_zone != nullptr;
  if (tm.has_zone) tm.tm_zone = now.tm_zone;
  return detail::format(fmt, tm);
}

std::string strftime(std::string_view fmt, const struct_time& t) {
  // gettmarg()
  if (t.tm_year < INT_MIN + 1900) throw OverflowError("year out of range");
  _core::StrftimeTm tm;
  tm.tm_year = t.tm_year - 1900;
  tm.tm_mon = detail::wrap_add(t.tm_mon, -1);
  tm.tm_mday = t.tm_mday;
  tm.tm_hour = t.tm_hour;
  tm.tm_min = t.tm_min;
  tm.tm_sec = t.tm_sec;
  tm.tm_wday = detail::wrap_add(t.tm_wday, 1) % 7;
  tm.tm_yday = detail::wrap_add(t.tm_yday, -1);
  tm.tm_isdst = t.tm_isdst;
  if (t.tm_zone) {
    // A NUL in the zone name ends it (C string), as in CPython 3.13.0.
    tm.has_zone = true;
    tm.tm_zone = *t.tm_zone;
  }
  if (t.tm_gmtoff) tm.tm_gmtoff = *t.tm_gmtoff;
  // checktm()
  detail::check_tm_fields(tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday,
                          tm.tm_yday);
  return detail::format(fmt, tm);
}

}  // namespace pyos::time
