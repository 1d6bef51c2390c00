// File: _core/text.hpp
//
// Python's text conventions that several modules share: decoding the UTF-8 that pyos uses
// for `str` (with the surrogateescape rule for bytes that are not UTF-8, as os.fsdecode),
// and repr() of str and bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pyos::_core {

// Decodes one code point of `s` at `pos` the way Python's UTF-8 decoder with
// errors='surrogateescape' would see it: a valid UTF-8 sequence gives its code point; any
// other byte b gives the lone surrogate U+DC00+b and advances one byte.
// Precondition: pos < s.size(). Advances `pos` past what it consumed.
char32_t decode_code_point(std::string_view s, std::size_t& pos) noexcept;

// Decodes all of `s` with the rule above.
std::u32string decode_surrogateescape(std::string_view s);

// str.isprintable() for one code point (Unicode data of CPython 3.13: 15.1.0).
bool is_printable(char32_t cp) noexcept;

// repr() of a str held as UTF-8 (invalid bytes shown as the \udcXX that Python shows).
std::string repr_str(std::string_view s);
// The same, appended to `out`.
void append_repr_str(std::string& out, std::string_view s);
// repr() of a str given as code points.
std::string repr_str(std::u32string_view s);
// repr() of a bytes object: b'...'.
std::string repr_bytes(std::string_view s);

// Appends the code point as UTF-8; a lone surrogate is written as its 3-byte form (as
// Python's 'surrogatepass' would) so that nothing is lost. Inline: decoders call it per
// character.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// a == b for short strings (formats, names): eight bytes at a time inline, the last eight
// overlapping, no memcmp call.
inline bool same_bytes(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = b.size();
  if (a.size() != n) return false;
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  const auto word = [](const char* p) noexcept {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
  };
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    if (word(a.data() + i) != word(b.data() + i)) return false;
  }
  return word(a.data() + n - 8) == word(b.data() + n - 8);
}

}  // namespace pyos::_core
