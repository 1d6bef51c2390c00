// File: _core/strftime.hpp
//
// The strftime engine shared by time.strftime, logging's asctime and datetime.strftime:
// glibc's strftime/wcsftime in the "C" locale, reimplemented so that the output is the same
// byte for byte (it is what CPython prints on glibc) without calling the C library.
//
// Every directive glibc knows is supported with glibc's quirks: the flags `_ - 0 ^ #`, a field
// width (also on text and on the composite directives %c %x %X %D %F %r %R %T), the E and O
// modifiers (accepted or rejected per directive exactly as glibc does; the C locale has no
// eras and no alternative digits), unknown directives copied through ("%Q" stays "%Q", with
// the width applied), a trailing "%" kept, %z empty when tm_isdst < 0, %Z from tm_zone or
// else tzname[tm_isdst], %s through a caller-supplied mktime.
//
// Text is UTF-8 (undecodable bytes pass through): as in CPython, which runs the wide
// wcsftime, field widths count code points, and the ^ and # flags change non-ASCII letters
// as glibc's towupper/towlower do in a UTF-8 locale (tables generated from glibc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pyos::_core {

// The struct tm fields strftime reads, with C's conventions: tm_year is year - 1900, tm_mon
// 0-11, tm_wday 0 = Sunday, tm_yday 0-365.
struct StrftimeTm {
  int tm_sec = 0;
  int tm_min = 0;
  int tm_hour = 0;
  int tm_mday = 0;
  int tm_mon = 0;
  int tm_year = 0;
  int tm_wday = 0;
  int tm_yday = 0;
  int tm_isdst = 0;
  long tm_gmtoff = 0;
  std::string_view tm_zone;  // the zone name; ignored when !has_zone (C: tm_zone == NULL)
  bool has_zone = false;
};

// What glibc takes from the process time zone, supplied by the caller.
struct StrftimeEnv {
  // %Z when the struct has no (or an empty) zone name and tm_isdst is 0 or 1: glibc's
  // tzname[tm_isdst].
  std::string_view tzname[2] = {};
  // %s: mktime() of the struct read as local time (-1 when it cannot be represented).
  // Null means -1.
  std::int64_t (*mktime)(const StrftimeTm& tm) = nullptr;
};

// Appends strftime(format, tm) to `out`. Returns false, with `out` cut back to its original
// size, when the expansion would take `max_size` bytes or more (glibc's strftime returns 0
// for an output that does not fit its buffer; callers decide what that means).
// The format is taken up to its end; an embedded NUL is an ordinary character here (callers
// reject it first, as CPython does).
bool strftime(std::string& out, std::string_view format, const StrftimeTm& tm,
              const StrftimeEnv& env = {}, std::size_t max_size = 1 << 20);

// The same into a caller buffer: returns the length written (no terminating NUL), or
// std::string_view::npos when it does not fit in `capacity` bytes.
std::size_t strftime(char* buffer, std::size_t capacity, std::string_view format,
                     const StrftimeTm& tm, const StrftimeEnv& env = {});

}  // namespace pyos::_core
