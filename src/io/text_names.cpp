// Character names for the namereplace error handler: ICU's u_charName (Debian bookworm's ICU
// 72, Unicode 15.0) corrected to what CPython 3.13's handler gives (unicodedata, Unicode
// 15.1). tools/oracle/gen_io_namereplace.py compared the two over every code point; the
// differences, and the tables text_names.inc holds for them, are:
//   - CJK Unified Ideographs Extension I (U+2EBF0..U+2EE5D), new in 15.1: CPython names every
//     unified ideograph algorithmically "CJK UNIFIED IDEOGRAPH-%X" (kCjkUnified, all of its
//     ranges, so ICU is not asked for any);
//   - U+2FFC..U+2FFF and U+31EF, the other 15.1 additions: kNames, from unicodedata;
//   - the Tangut ideographs and components U+17000..U+187F7 and U+18D00..U+18D08, which ICU
//     names algorithmically ("TANGUT IDEOGRAPH-17000") and CPython's unicodedata does not name
//     at all: kUnnamed;
//   - private use code points from U+F0000 (U+F0000..U+F01D8, U+F0200..U+F03CC): CPython's name
//     database keeps the name aliases and named sequences there and the handler asks for names
//     with them (_getucname(..., with_alias_and_seq=1)), so '\U000F0000' becomes \N{NULL}:
//     kNames.
// An ICU newer than the pinned Unicode version would name characters CPython 3.13 does not
// have; u_charAge keeps those unnamed.
#include "text_names.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <iterator>

namespace pyos::io::text {
namespace {

struct CodeRange {
  char32_t first, last;
};
struct NamedCode {
  char32_t cp;
  const char* name;
};

#include "text_names.inc"

template <std::size_t N>
bool in_ranges(const CodeRange (&ranges)[N], char32_t cp) {
  const auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                   [](char32_t c, const CodeRange& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

// The Unicode version of CPython 3.13's unicodedata.
constexpr UVersionInfo kUnidataVersion = {15, 1, 0, 0};

}  // namespace

bool append_namereplace_name(std::string& out, char32_t cp) {
  const auto named = std::lower_bound(std::begin(kNames), std::end(kNames), cp,
                                      [](const NamedCode& n, char32_t c) { return n.cp < c; });
  if (named != std::end(kNames) && named->cp == cp) {
    out += named->name;
    return true;
  }
  if (in_ranges(kCjkUnified, cp)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "CJK UNIFIED IDEOGRAPH-%X", static_cast<unsigned>(cp));
    out += buf;
    return true;
  }
  if (in_ranges(kUnnamed, cp)) return false;
  const auto c = static_cast<UChar32>(cp);
  UVersionInfo age;
  u_charAge(c, age);
  if (std::lexicographical_compare(std::begin(kUnidataVersion), std::end(kUnidataVersion), std::begin(age),
                                   std::end(age)))
    return false;
  char buf[256];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = u_charName(c, U_UNICODE_CHAR_NAME, buf, static_cast<int32_t>(sizeof buf), &status);
  if (U_FAILURE(status) || n <= 0 || n >= static_cast<int32_t>(sizeof buf)) return false;
  out.append(buf, static_cast<std::size_t>(n));
  return true;
}

}  // namespace pyos::io::text
