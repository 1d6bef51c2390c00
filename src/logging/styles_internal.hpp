// File: logging/styles_internal.hpp
//
// The pieces of styles.cpp that its other files (and the tests) share: the Unicode classes
// of Python's `re` and str.format parsers, the format-spec mini-language (format(value,
// spec)), and the compiled '{' and '$' formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logging/percent.hpp"
#include "pyos/logging/value.hpp"

namespace pyos::logging::detail {

// re's \w for a str pattern (str.isalnum() or '_').
bool is_word_char(char32_t cp) noexcept;
// unicodedata.decimal(): 0-9 for every decimal digit of Unicode (what \d, int() and the
// format-string parsers accept), else -1.
int decimal_value(char32_t cp) noexcept;

// ---- format(value, spec) -------------------------------------------------------------

// The type-independent part of a format spec, as CPython's parse_internal_render_format_spec
// reads it. The views point into the spec text.
struct FormatSpec {
  // The first error the parser meets, raised when the spec is used (the spec of a
  // NoneType/bytes/dict/object value is never parsed, so an error is not raised early).
  enum class Error : std::uint8_t {
    None,
    TooManyDigits,       // "Too many decimal digits in format string" (past PY_SSIZE_T_MAX)
    CommaAndUnderscore,  // "Cannot specify both ',' and '_'."
    MissingPrecision,    // "Format specifier missing precision"
    Invalid,             // "Invalid format specifier '<spec>' for object of type '<type>'"
  };
  std::string_view text;
  std::string_view fill;  // UTF-8 of the fill character, empty when not given
  char align = 0;         // '<' '>' '=' '^', 0 when not given
  char sign = 0;          // '+' '-' ' ', 0 when not given
  char grouping = 0;      // ',' '_', 0 when not given
  bool no_neg_0 = false;  // 'z'
  bool alternate = false; // '#'
  bool zero = false;      // the '0' flag (only read when no fill character was given)
  Error error = Error::None;
  std::int64_t width = -1;
  std::int64_t precision = -1;  // saturated; checked against kMaxWidth where it allocates
  char32_t type = 0;            // 0 when not given
};

void parse_format_spec(std::string_view spec, FormatSpec& out) noexcept;

// format(value, spec) appended to `out`, with `spec` parsed by parse_format_spec. Raises
// ValueError, TypeError, OverflowError as CPython's __format__ of the value's type.
void format_value(std::string& out, const Value& value, const FormatSpec& spec);
void format_value(std::string& out, const Value& value, std::string_view spec);

// str.__format__ applied to the text already at out[start:] (a !r/!s/!a conversion).
void format_text_tail(std::string& out, std::size_t start, const FormatSpec& spec);

// ---- the '{' style: fmt.format(**mapping) ---------------------------------------------

class BraceFormat {
 public:
  // Never throws for a malformed format: the error is raised by render() where
  // str.format meets it. `fmt` must outlive the object (StyleTemplate owns it).
  explicit BraceFormat(std::string_view fmt);

  const std::vector<std::string>& keys() const noexcept { return keys_; }
  void render(std::string& out, const PercentMapping& mapping) const;

  // One .attr or [item] of a field name such as "extra[user]" or "levelno.real".
  struct Step {
    enum class Kind : std::uint8_t { Attribute, Key, Index, Error } kind;
    std::string_view name;   // Attribute, Key
    std::int64_t index = 0;  // Index
    const char* error = nullptr;
  };

  // Literal text, a replacement field, or the parse error met at this point.
  struct Piece {
    enum class Kind : std::uint8_t { Literal, Field, Error } kind;
    // How the field's first name part is looked up.
    enum class First : std::uint8_t { Key, Positional, TooManyDigits };
    std::string_view text;  // Literal: the text; Field: the whole field name
    const char* error = nullptr;
    First first = First::Key;
    bool nested = false;    // the spec holds fields: nested_[nested_begin, nested_end)
    bool too_deep = false;  // ... at the second level: "Max string recursion exceeded"
    std::uint32_t key = 0;  // First::Key: index into keys_
    std::int64_t position = 0;
    std::uint32_t steps_begin = 0, steps_end = 0;
    char32_t conversion = 0;  // 0: none (also for a literal "!\0", as CPython)
    std::string_view conversion_text;
    std::string_view spec_text;
    std::uint32_t spec = 0;  // index into specs_ when not nested
    std::uint32_t nested_begin = 0, nested_end = 0;
  };

  // The top level, as _string.formatter_parser yields it (for validate()).
  const std::vector<Piece>& pieces() const noexcept { return pieces_; }

 private:
  void compile(std::string_view text, int depth, std::vector<Piece>& pieces);
  std::uint32_t key_index(std::string_view key);
  void render_pieces(std::string& out, const std::vector<Piece>& pieces, std::uint32_t begin,
                     std::uint32_t end, const PercentMapping& mapping) const;

  std::vector<Piece> pieces_;  // the top level
  std::vector<Piece> nested_;  // the fields of format specs that hold fields
  std::vector<Step> steps_;    // the .attr / [item] chains of fields
  std::vector<FormatSpec> specs_;
  std::vector<std::string> keys_;
};

// StrFormatStyle.validate()
void validate_brace(std::string_view fmt);

// ---- the '$' style: string.Template(fmt).substitute(**mapping) ------------------------

class DollarFormat {
 public:
  explicit DollarFormat(std::string_view fmt);  // `fmt` must outlive the object

  const std::vector<std::string>& keys() const noexcept { return keys_; }
  void render(std::string& out, const PercentMapping& mapping) const;

 private:
  struct Piece {
    std::string_view literal;
    std::uint32_t key;  // kNoKey: the piece is only its literal
  };
  static constexpr std::uint32_t kNoKey = 0xFFFFFFFFU;

  std::vector<Piece> pieces_;
  std::vector<std::string> keys_;
  std::string error_;  // "Invalid placeholder ..." raised after the pieces, if not empty
};

// StringTemplateStyle.validate()
void validate_dollar(std::string_view fmt);

}  // namespace pyos::logging::detail
