// The strftime engine: glibc 2.36's __strftime_internal for the "C" locale, re-expressed.
//
// The structure follows glibc's on purpose, because its quirks are the specification: every
// conversion computes a text or a number, numbers go through one padding routine, every
// piece of output goes through `add`, which pads to the field width (with '0' when the pad
// flag is '0', else with spaces, whatever the other flags), and the whole expansion fails
// when it would not fit in `maxsize - 1` characters. Like glibc, a null output pointer only
// counts (used to size the result when it does not fit on the stack).
#include "_core/strftime.hpp"

#include "_core/text.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace pyos::_core {
namespace {

constexpr const char* kAbDay[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kDay[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                "Thursday", "Friday", "Saturday"};
constexpr const char* kAbMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kMon[] = {"January", "February", "March",     "April",   "May",      "June",
                                "July",    "August",   "September", "October", "November", "December"};

// The C locale's composite formats (D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM).
constexpr std::string_view kDateTimeFmt = "%a %b %e %H:%M:%S %Y";
constexpr std::string_view kDateFmt = "%m/%d/%y";
constexpr std::string_view kTimeFmt = "%H:%M:%S";
constexpr std::string_view kTimeAmPmFmt = "%I:%M:%S %p";

char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

struct CasePair {
  char32_t from, to;
};
// glibc's towupper/towlower in C.UTF-8 beyond ASCII (tools/oracle/gen_time_case.py).
constexpr CasePair kWideUpper[] = {
#define PYOS_STRFTIME_UPPER
#include "_core/strftime_case.inc"
#undef PYOS_STRFTIME_UPPER
};
constexpr CasePair kWideLower[] = {
#define PYOS_STRFTIME_LOWER
#include "_core/strftime_case.inc"
#undef PYOS_STRFTIME_LOWER
};

template <std::size_t N>
char32_t wide_case(const CasePair (&table)[N], char32_t cp) noexcept {
  const auto* it = std::lower_bound(std::begin(table), std::end(table), cp,
                                    [](const CasePair& p, char32_t c) { return p.from < c; });
  return it != std::end(table) && it->from == cp ? it->to : cp;
}
char32_t wide_upper(char32_t cp) noexcept {
  if (cp < 0x80) return static_cast<char32_t>(to_upper(static_cast<char>(cp)));
  return wide_case(kWideUpper, cp);
}
char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
char32_t wide_lower(char32_t cp) noexcept;

char32_t wide_lower(char32_t cp) noexcept {
  if (cp < 0x80) return static_cast<char32_t>(to_lower(static_cast<char>(cp)));
  return wide_case(kWideLower, cp);
}

constexpr char kTwoDigits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes u in decimal ending just before `end`; returns the first digit. (Explicit
// reciprocal multiplication: GCC turns a combined `% 10`/`/ 10` loop into div instructions.)
inline char* write_decimal(char* end, unsigned u) noexcept {
  while (u >= 100) {
    const auto q = static_cast<unsigned>((static_cast<std::uint64_t>(u) * 1374389535ULL) >> 37);
    const unsigned r = u - q * 100;
    end -= 2;
    end[0] = kTwoDigits[2 * r];
    end[1] = kTwoDigits[2 * r + 1];
    u = q;
  }
  if (u >= 10) {
    end -= 2;
    end[0] = kTwoDigits[2 * u];
    end[1] = kTwoDigits[2 * u + 1];
  } else {
    *--end = static_cast<char>('0' + u);
  }
  return end;
}

// memcpy for the few bytes a field takes, without a library call.
inline void copy_short(char* dst, const char* src, std::size_t n) noexcept {
  if (n > 16) {
    std::memcpy(dst, src, n);
    return;
  }
  for (std::size_t k = 0; k < n; ++k) dst[k] = src[k];
}

bool is_leap(int year) noexcept { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

// glibc's iso_week_days: days from the first day of the first ISO week of the year to YDAY.
int iso_week_days(int yday, int wday) noexcept {
  constexpr int kBigEnoughMultipleOf7 = (366 / 7 + 2) * 7;
  return yday - (yday - wday + 4 + kBigEnoughMultipleOf7) % 7 + 4 - 1;
}

// int arithmetic that wraps like CPython's -fwrapv build and glibc in practice.
int wrap_add(int a, int b) noexcept {
  return static_cast<int>(static_cast<unsigned>(a) + static_cast<unsigned>(b));
}

class Engine {
 public:
  Engine(char* out, std::size_t maxsize, const StrftimeTm& tm, const StrftimeEnv& env) noexcept
      : p_(out), maxsize_(maxsize), tm_(tm), env_(env) {}

  // Expands `format`; false when it does not fit.
  bool run(std::string_view format) noexcept;
  std::size_t size() const noexcept { return i_; }

 private:
  // One conversion's state (glibc's per-iteration locals).
  struct Spec {
    int pad = 0;  // '_', '-', '0' or 0
    int width = -1;
    bool to_lowcase = false;
    bool to_uppcase = false;
    bool change_case = false;
  };

  // glibc's add(): n bytes of output that are `units` characters wide (CPython runs the wide
  // wcsftime, so widths count code points), padded to the field width.
  template <class Write>
  bool add(const Spec& s, int width, std::size_t n, std::size_t units, Write write) noexcept {
    const long long delta = static_cast<long long>(width) - static_cast<long long>(units);
    const std::size_t incr = n + (delta > 0 ? static_cast<std::size_t>(delta) : 0);
    if (incr >= maxsize_ - i_) return false;
    if (p_ != nullptr) {
      // Through a local: a char store may alias this object, so p_ itself would be reloaded
      // and stored around every byte.
      char* p = p_;
      if (delta > 0) {
        std::memset(p, s.pad == '0' ? '0' : ' ', static_cast<std::size_t>(delta));
        p += delta;
      }
      write(p);
      p_ = p + n;
    }
    i_ += incr;
    return true;
  }
  template <class Write>
  bool add(const Spec& s, std::size_t n, Write write) noexcept {
    return add(s, s.width, n, n, write);
  }

  // glibc's cpy(): add() of a text, case-converted as the flags say.
  bool cpy(const Spec& s, const char* text, std::size_t n) noexcept { return cpy(s, s.width, text, n); }
  bool cpy(const Spec& s, int width, const char* text, std::size_t n) noexcept {
    bool ascii = true;
    for (std::size_t k = 0; k < n; ++k) ascii &= static_cast<unsigned char>(text[k]) < 0x80;
    if (ascii) {
      return add(s, width, n, n, [&](char* dst) {
        if (s.to_lowcase) {
          for (std::size_t k = 0; k < n; ++k) dst[k] = to_lower(text[k]);
        } else if (s.to_uppcase) {
          for (std::size_t k = 0; k < n; ++k) dst[k] = to_upper(text[k]);
        } else {
          copy_short(dst, text, n);
        }
      });
    }
    // Non-ASCII text (a zone name, the character of an unknown directive): widths count code
    // points, and the case change may change the length in bytes.
    std::string converted;
    std::size_t units = 0;
    for (std::size_t k = 0; k < n;) {
      const std::size_t start = k;
      char32_t cp = decode_code_point(std::string_view(text, n), k);
      ++units;
      if (!s.to_lowcase && !s.to_uppcase) {
        converted.append(text + start, k - start);
        continue;
      }
      const char32_t mapped = s.to_lowcase ? wide_lower(cp) : wide_upper(cp);
      if (mapped == cp) {
        converted.append(text + start, k - start);  // keeps undecodable bytes as they were
      } else {
        append_utf8(converted, mapped);
      }
    }
    return add(s, width, converted.size(), units,
               [&](char* dst) { std::memcpy(dst, converted.data(), converted.size()); });
  }
  bool cpy(const Spec& s, std::string_view text) noexcept { return cpy(s, text.data(), text.size()); }

  bool add_char(const Spec& s, char c) noexcept {
    return add(s, 1, [c](char* dst) { *dst = c; });
  }

  // DO_NUMBER / DO_NUMBER_SPACEPAD and the shared tail (do_number_sign_and_padding). The
  // pad and width that change here are locals (copying Spec costs a store-forwarding stall).
  bool number(const Spec& s, int min_digits, int value, bool spacepad) noexcept {
    if (s.pad == 0 && s.width < 0 && !spacepad && value >= 0 && p_ != nullptr) {
      // The common case (no flag, no width): zero-padded to min_digits, written in place.
      char tmp[12];
      char* const tend = tmp + sizeof tmp;
      const char* first = write_decimal(tend, static_cast<unsigned>(value));
      const auto len = static_cast<int>(tend - first);
      const int total = len > min_digits ? len : min_digits;
      if (static_cast<std::size_t>(total) >= maxsize_ - i_) return false;
      char* p = p_;
      for (int k = len; k < total; ++k) *p++ = '0';
      for (const char* c = first; c < tend; ++c) *p++ = *c;
      p_ = p;
      i_ += static_cast<std::size_t>(total);
      return true;
    }
    int pad = s.pad;
    if (spacepad && pad != '0' && pad != '-') pad = '_';
    const int digits = min_digits > s.width ? min_digits : s.width;
    char buf[24];
    char* const end = buf + sizeof buf;
    char* bufp = end;
    unsigned u = static_cast<unsigned>(value);
    const bool negative = value < 0;
    if (negative) u = 0U - u;
    bufp = write_decimal(bufp, u);
    return sign_and_padding(s, pad, digits, bufp, end, negative);
  }

  bool sign_and_padding(const Spec& s, int pad, int digits, char* bufp, char* end, bool negative) noexcept {
    int width = s.width;
    if (negative) *--bufp = '-';
    if (pad != '-') {
      const long long padding = static_cast<long long>(digits) - (end - bufp);
      if (padding > 0) {
        const auto upad = static_cast<std::size_t>(padding);
        if (pad == '_') {
          if (upad >= maxsize_ - i_) return false;
          if (p_ != nullptr) {
            std::memset(p_, ' ', upad);
            p_ += upad;
          }
          i_ += upad;
          width = width > padding ? static_cast<int>(width - padding) : 0;
        } else {
          if (static_cast<std::size_t>(digits) >= maxsize_ - i_) return false;
          if (negative) {
            ++bufp;
            if (p_ != nullptr) *p_++ = '-';
            ++i_;
          }
          if (p_ != nullptr) {
            std::memset(p_, '0', upad);
            p_ += upad;
          }
          i_ += upad;
          width = 0;
        }
      }
    }
    return cpy(s, width, bufp, static_cast<std::size_t>(end - bufp));
  }

  // A composite directive: the sub-expansion is padded to the width as one piece and then
  // upper-cased as a whole with '^'.
  bool subformat(const Spec& s, std::string_view subfmt) noexcept {
    Engine counter(nullptr, static_cast<std::size_t>(-1), tm_, env_);
    counter.run(subfmt);
    const std::size_t len = counter.size();
    char* const start = p_;
    bool ok = true;
    const bool added = add(s, len, [&](char* dst) {
      Engine inner(dst, maxsize_ - i_, tm_, env_);
      ok = inner.run(subfmt);
    });
    if (!added || !ok) return false;
    if (s.to_uppcase && p_ != nullptr) {
      for (char* c = start; c < p_; ++c) *c = to_upper(*c);
    }
    return true;
  }

  // bad_format: the whole specification, from its '%' to `last`, copied through.
  bool bad_format(const Spec& s, const char* percent, const char* last) noexcept {
    return cpy(s, percent, static_cast<std::size_t>(last - percent + 1));
  }

  bool conversion(const char* percent, const char*& f, const char* end) noexcept;

  char* p_;
  std::size_t i_ = 0;
  std::size_t maxsize_;
  const StrftimeTm& tm_;
  const StrftimeEnv& env_;
};

bool Engine::run(std::string_view format) noexcept {
  const char* f = format.data();
  const char* const end = f + format.size();
  while (f < end) {
    if (*f != '%') {
      // A run of literal characters, copied as one piece (each is one add() in glibc,
      // without width, so the result is the same). Runs are short: no library calls.
      const char* stop = f + 1;
      while (stop < end && *stop != '%') ++stop;
      const auto n = static_cast<std::size_t>(stop - f);
      if (n >= maxsize_ - i_) return false;
      if (p_ != nullptr) {
        char* p = p_;
        copy_short(p, f, n);
        p_ = p + n;
      }
      i_ += n;
      f = stop;
      continue;
    }
    const char* percent = f;
    if (!conversion(percent, f, end)) return false;
    ++f;
  }
  return true;
}

// Expands the conversion starting at `percent`; leaves `f` on its last character.
bool Engine::conversion(const char* percent, const char*& f, const char* end) noexcept {
  Spec s;
  auto at = [end](const char* q) -> char { return q < end ? *q : '\0'; };

  // Flags.
  for (;;) {
    const char c = at(++f);
    if (c == '_' || c == '-' || c == '0') {
      s.pad = c;
    } else if (c == '^') {
      s.to_uppcase = true;
    } else if (c == '#') {
      s.change_case = true;
    } else {
      break;
    }
  }
  // Width (a GNU extension), saturating at INT_MAX.
  if (at(f) >= '0' && at(f) <= '9') {
    s.width = 0;
    do {
      const int d = at(f) - '0';
      if (s.width > INT_MAX / 10 || (s.width == INT_MAX / 10 && d > INT_MAX % 10)) {
        s.width = INT_MAX;
      } else {
        s.width = s.width * 10 + d;
      }
      ++f;
    } while (at(f) >= '0' && at(f) <= '9');
  }
  // Modifier.
  char modifier = 0;
  if (at(f) == 'E' || at(f) == 'O') modifier = *f++;

  const StrftimeTm& tm = tm_;
  int hour12 = tm.tm_hour;
  if (hour12 > 12) {
    hour12 -= 12;
  } else if (hour12 == 0) {
    hour12 = 12;
  }

  const char format_char = at(f);
  switch (format_char) {
    case '%':
      // glibc 2.36 accepts a modifier here ("%E%" is "%").
      return add_char(s, '%');

    case 'a':
    case 'A': {
      if (modifier != 0) return bad_format(s, percent, f);
      if (s.change_case) {
        s.to_uppcase = true;
        s.to_lowcase = false;
      }
      const bool ok = tm.tm_wday >= 0 && tm.tm_wday <= 6;
      const char* name = !ok ? "?" : format_char == 'a' ? kAbDay[tm.tm_wday] : kDay[tm.tm_wday];
      return cpy(s, name, std::strlen(name));
    }

    case 'b':
    case 'h':
    case 'B': {
      if (format_char != 'B' && s.change_case) {
        s.to_uppcase = true;
        s.to_lowcase = false;
      }
      if (modifier == 'E') return bad_format(s, percent, f);
      if (format_char == 'B' && s.change_case) {
        s.to_uppcase = true;
        s.to_lowcase = false;
      }
      // %Ob / %OB are the alternative (nominative) month names: the same in the C locale.
      const bool ok = tm.tm_mon >= 0 && tm.tm_mon <= 11;
      const char* name = !ok ? "?" : format_char == 'B' ? kMon[tm.tm_mon] : kAbMon[tm.tm_mon];
      return cpy(s, name, std::strlen(name));
    }

    case 'c':
      if (modifier == 'O') return bad_format(s, percent, f);
      return subformat(s, kDateTimeFmt);

    case 'C': {
      const int year = wrap_add(tm.tm_year, 1900);
      return number(s, 1, year / 100 - (year % 100 < 0 ? 1 : 0), false);
    }

    case 'x':
      if (modifier == 'O') return bad_format(s, percent, f);
      return subformat(s, kDateFmt);
    case 'D':
      if (modifier != 0) return bad_format(s, percent, f);
      return subformat(s, "%m/%d/%y");

    case 'd':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_mday, false);
    case 'e':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_mday, true);

    case 'F':
      if (modifier != 0) return bad_format(s, percent, f);
      return subformat(s, "%Y-%m-%d");

    case 'H':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_hour, false);
    case 'I':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, hour12, false);
    case 'k':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_hour, true);
    case 'l':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, hour12, true);
    case 'j':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 3, wrap_add(tm.tm_yday, 1), false);
    case 'M':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_min, false);
    case 'm':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, wrap_add(tm.tm_mon, 1), false);

    case 'n':
      return add_char(s, '\n');
    case 't':
      return add_char(s, '\t');

    case 'P':
    case 'p':
      if (format_char == 'P') s.to_lowcase = true;
      if (s.change_case) {
        s.to_uppcase = false;
        s.to_lowcase = true;
      }
      return cpy(s, tm.tm_hour > 11 ? "PM" : "AM", 2);

    case 'R':
      return subformat(s, "%H:%M");
    case 'r':
      return subformat(s, kTimeAmPmFmt);

    case 'S':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, tm.tm_sec, false);

    case 's': {
      // The struct read as local time, in time_t arithmetic; printed with digits = 1, so
      // only add()'s width padding applies.
      std::int64_t t = env_.mktime != nullptr ? env_.mktime(tm) : -1;
      char buf[32];
      char* const bend = buf + sizeof buf;
      char* bufp = bend;
      const bool negative = t < 0;
      do {
        int d = static_cast<int>(t % 10);
        t /= 10;
        if (negative) d = -d;
        *--bufp = static_cast<char>('0' + d);
      } while (t != 0);
      return sign_and_padding(s, s.pad, 1, bufp, bend, negative);
    }

    case 'X':
      if (modifier == 'O') return bad_format(s, percent, f);
      return subformat(s, kTimeFmt);
    case 'T':
      return subformat(s, "%H:%M:%S");

    case 'u':
      return number(s, 1, (tm.tm_wday - 1 + 7) % 7 + 1, false);
    case 'U':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, (tm.tm_yday - tm.tm_wday + 7) / 7, false);

    case 'V':
    case 'g':
    case 'G': {
      if (modifier == 'E') return bad_format(s, percent, f);
      int year = wrap_add(tm.tm_year, 1900);
      int days = iso_week_days(tm.tm_yday, tm.tm_wday);
      if (days < 0) {
        // This ISO week belongs to the previous year.
        year = wrap_add(year, -1);
        days = iso_week_days(tm.tm_yday + (365 + (is_leap(year) ? 1 : 0)), tm.tm_wday);
      } else {
        const int d = iso_week_days(tm.tm_yday - (365 + (is_leap(year) ? 1 : 0)), tm.tm_wday);
        if (0 <= d) {
          // This ISO week belongs to the next year.
          year = wrap_add(year, 1);
          days = d;
        }
      }
      if (format_char == 'g') return number(s, 2, (year % 100 + 100) % 100, false);
      if (format_char == 'G') return number(s, 1, year, false);
      return number(s, 2, days / 7 + 1, false);
    }

    case 'W':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 2, (tm.tm_yday - (tm.tm_wday - 1 + 7) % 7 + 7) / 7, false);
    case 'w':
      if (modifier == 'E') return bad_format(s, percent, f);
      return number(s, 1, tm.tm_wday, false);

    case 'Y':
      if (modifier == 'O') return bad_format(s, percent, f);
      return number(s, 1, wrap_add(tm.tm_year, 1900), false);
    case 'y':
      return number(s, 2, (tm.tm_year % 100 + 100) % 100, false);

    case 'Z': {
      if (s.change_case) {
        s.to_uppcase = false;
        s.to_lowcase = true;
      }
      std::string_view zone;
      bool have = tm.has_zone;
      if (have) zone = tm.tm_zone.substr(0, tm.tm_zone.find('\0'));
      if (!(have && !zone.empty()) && tm.tm_isdst >= 0) {
        zone = tm.tm_isdst <= 1 ? env_.tzname[tm.tm_isdst] : std::string_view("?");
        zone = zone.substr(0, zone.find('\0'));
      }
      return cpy(s, zone);
    }

    case 'z': {
      if (tm.tm_isdst < 0) return true;
      // glibc truncates tm_gmtoff to int and negates it; for INT_MIN the compiled code
      // divides the magnitude as unsigned, so that is what is reproduced.
      const int diff = static_cast<int>(tm.tm_gmtoff);
      unsigned magnitude = static_cast<unsigned>(diff);
      if (diff < 0) {
        if (!add_char(s, '-')) return false;
        magnitude = 0U - magnitude;
      } else {
        if (!add_char(s, '+')) return false;
      }
      magnitude /= 60;
      return number(s, 4, static_cast<int>((magnitude / 60) * 100 + magnitude % 60), false);
    }

    case '\0':
      // A '%' specification cut off by the end of the format (a GNU extension): copied.
      --f;
      return bad_format(s, percent, f);

    default:
      // An unknown conversion character is one character, so a multibyte one is copied
      // whole (the wide-character glibc CPython uses sees one wchar_t).
      if (static_cast<unsigned char>(format_char) >= 0x80) {
        std::size_t k = static_cast<std::size_t>(f - percent);
        const std::string_view rest(percent, static_cast<std::size_t>(end - percent));
        decode_code_point(rest, k);
        f = percent + k - 1;
      }
      return bad_format(s, percent, f);
  }
}

}  // namespace

std::size_t strftime(char* buffer, std::size_t capacity, std::string_view format,
                     const StrftimeTm& tm, const StrftimeEnv& env) {
  if (capacity == 0) return std::string_view::npos;
  Engine engine(buffer, capacity + 1, tm, env);
  if (!engine.run(format)) return std::string_view::npos;
  return engine.size();
}

namespace {

// Formats made only of literal text and the plain directives %Y %m %d %H %M %S %j %y %a %A
// %b %h %B %p %% (no flag, width or modifier) are compiled once per thread and then expanded
// without parsing: the common logging and ISO formats. The output is the engine's: each op
// is exactly what the engine does for that directive when the value is in range; anything
// else (a negative number, an out-of-range name index, an output too large for the stack)
// goes through the engine.
struct Op {
  enum Kind : std::uint8_t { literal, number, text } kind;
  // number: index into expand_fast's values (Y m d H M S j y); text: a A b/h B p as 0-4
  std::uint8_t field;
  std::uint8_t min_digits;
  std::uint32_t pos, len;  // literal: bytes of the format
};

struct Compiled {
  std::string format;
  bool fast = false;
  std::vector<Op> ops;
};

Compiled compile(std::string_view format) {
  Compiled c;
  c.format.assign(format);
  c.fast = format.size() <= 128;
  for (std::size_t i = 0; i < format.size() && c.fast;) {
    if (format[i] != '%') {
      const std::size_t start = i;
      while (i < format.size() && format[i] != '%') ++i;
      c.ops.push_back({Op::literal, 0, 0, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i - start)});
      continue;
    }
    const char d = i + 1 < format.size() ? format[i + 1] : '\0';
    static constexpr std::string_view kNumbers = "YmdHMSjy";
    static constexpr std::string_view kTexts = "aAbBph";
    if (const std::size_t k = kNumbers.find(d); d != '\0' && k != std::string_view::npos) {
      const std::uint8_t digits = d == 'Y' ? 1 : d == 'j' ? 3 : 2;
      c.ops.push_back({Op::number, static_cast<std::uint8_t>(k), digits, 0, 0});
    } else if (const std::size_t t = kTexts.find(d); d != '\0' && t != std::string_view::npos) {
      c.ops.push_back({Op::text, static_cast<std::uint8_t>(t == 5 ? 2 : t), 0, 0, 0});  // %h is %b
    } else if (d == '%') {
      c.ops.push_back({Op::literal, 0, 0, static_cast<std::uint32_t>(i + 1), 1});
    } else {
      c.fast = false;
    }
    i += 2;
  }
  return c;
}

struct CompiledCache {
  static constexpr std::size_t kEntries = 4;
  std::array<Compiled, kEntries> entries;
  std::size_t next = 0;
};

// Through a plain pointer: a thread_local with a constructor is reached through a call on
// every access. The owner, touched only when the cache is created, frees it with the thread.
thread_local CompiledCache* t_compiled = nullptr;

const Compiled& compiled(std::string_view format) {
  if (t_compiled == nullptr) [[unlikely]] {
    struct Owner {
      std::unique_ptr<CompiledCache> cache = std::make_unique<CompiledCache>();
      ~Owner() { t_compiled = nullptr; }
    };
    thread_local Owner owner;
    t_compiled = owner.cache.get();
  }
  CompiledCache& cache = *t_compiled;
  for (const Compiled& c : cache.entries) {
    if (!c.format.empty() && _core::same_bytes(c.format, format)) return c;
  }
  Compiled& slot = cache.entries[cache.next];
  cache.next = (cache.next + 1) % CompiledCache::kEntries;
  slot = compile(format);
  return slot;
}

// Expands a fast format into buf; false when some value needs the engine or it does not fit.
bool expand_fast(const Compiled& c, const StrftimeTm& tm, char* buf, std::size_t capacity,
                 std::size_t& size) noexcept {
  // Every number a fast op may print, computed once (no per-op dispatch).
  const int values[] = {wrap_add(tm.tm_year, 1900), wrap_add(tm.tm_mon, 1), tm.tm_mday, tm.tm_hour,
                        tm.tm_min, tm.tm_sec, wrap_add(tm.tm_yday, 1), (tm.tm_year % 100 + 100) % 100};
  char* p = buf;
  char* const end = buf + capacity;
  for (const Op& op : c.ops) {
    if (op.kind == Op::number) {
      const int v = values[op.field];
      if (v < 0) return false;
      if (v < 100 && op.min_digits == 2) {
        if (end - p <= 2) return false;
        p[0] = kTwoDigits[2 * v];
        p[1] = kTwoDigits[2 * v + 1];
        p += 2;
        continue;
      }
      char tmp[12];
      char* const tend = tmp + sizeof tmp;
      const char* first = write_decimal(tend, static_cast<unsigned>(v));
      const auto len = static_cast<std::size_t>(tend - first);
      const std::size_t total = len > op.min_digits ? len : op.min_digits;
      if (static_cast<std::size_t>(end - p) <= total) return false;
      switch (total - len) {
        case 2: *p++ = '0'; [[fallthrough]];
        case 1: *p++ = '0'; [[fallthrough]];
        default: break;
      }
      for (const char* d = first; d < tend; ++d) *p++ = *d;
    } else if (op.kind == Op::literal) {
      if (static_cast<std::size_t>(end - p) <= op.len) return false;
      copy_short(p, c.format.data() + op.pos, op.len);
      p += op.len;
    } else {
      const char* name;
      if (op.field == 0 || op.field == 1) {
        if (tm.tm_wday < 0 || tm.tm_wday > 6) return false;
        name = op.field == 0 ? kAbDay[tm.tm_wday] : kDay[tm.tm_wday];
      } else if (op.field == 4) {
        name = tm.tm_hour > 11 ? "PM" : "AM";
      } else {
        if (tm.tm_mon < 0 || tm.tm_mon > 11) return false;
        name = op.field == 3 ? kMon[tm.tm_mon] : kAbMon[tm.tm_mon];
      }
      const std::size_t n = std::strlen(name);
      if (static_cast<std::size_t>(end - p) <= n) return false;
      copy_short(p, name, n);
      p += n;
    }
  }
  size = static_cast<std::size_t>(p - buf);
  return true;
}

}  // namespace

bool strftime(std::string& out, std::string_view format, const StrftimeTm& tm,
              const StrftimeEnv& env, std::size_t max_size) {
  // Most expansions fit on the stack; only larger ones are counted first and then written
  // straight into the string.
  char stack[256];
  const std::size_t limit = std::min(max_size, sizeof stack);
  const Compiled& c = compiled(format);
  std::size_t size = 0;
  if (c.fast && expand_fast(c, tm, stack, limit, size)) {
    out.append(stack, size);
    return true;
  }
  {
    Engine engine(stack, limit, tm, env);
    if (engine.run(format)) {
      out.append(stack, engine.size());
      return true;
    }
  }
  if (max_size <= sizeof stack) return false;
  Engine counter(nullptr, max_size, tm, env);
  if (!counter.run(format)) return false;
  const std::size_t old = out.size();
  out.resize(old + counter.size() + 1);
  Engine writer(out.data() + old, counter.size() + 1, tm, env);
  const bool ok = writer.run(format);
  out.resize(ok ? old + writer.size() : old);
  return ok;
}

}  // namespace pyos::_core
