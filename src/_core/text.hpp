// File: _core/text.hpp
//
// Python's text conventions that several modules share: decoding the UTF-8 that pyos uses
// for `str` (with the surrogateescape rule for bytes that are not UTF-8, as os.fsdecode),
// and repr() of str and bytes.
#pragma once

#include <cstddef>
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
// repr() of a str given as code points.
std::string repr_str(std::u32string_view s);
// repr() of a bytes object: b'...'.
std::string repr_bytes(std::string_view s);

// Appends the code point as UTF-8; a lone surrogate is written as its 3-byte form (as
// Python's 'surrogatepass' would) so that nothing is lost.
void append_utf8(std::string& out, char32_t cp);

}  // namespace pyos::_core
