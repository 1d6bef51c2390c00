// The '{' style: fmt.format(**mapping) and StrFormatStyle.validate().
//
// The parser is CPython's str.format parser (Objects/stringlib/unicode_format.h,
// MarkupIterator / parse_field / field_name_split / FieldNameIterator) re-expressed, run once
// when the format is compiled. str.format raises its errors lazily, where it meets them
// while producing the output, so a parse error becomes a piece that raises at its position:
// "{missing} {" raises KeyError, not the later ValueError. Format specs that hold fields
// ("{msg:{width}}") are compiled as a second level; a third level raises "Max string
// recursion exceeded" as CPython does, so nesting depth is bounded by construction.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "_core/text.hpp"
#include "logging/styles_internal.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::logging::detail {

namespace {

using _core::decode_code_point;

// CPython's get_integer over a whole name: the value when every character is a decimal
// digit, -1 when one is not (or the name is empty), -2 past PY_SSIZE_T_MAX.
std::int64_t name_to_index(std::string_view s) {
  if (s.empty()) return -1;
  std::int64_t value = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const int digit = decimal_value(decode_code_point(s, pos));
    if (digit < 0) return -1;
    if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) return -2;
    value = value * 10 + digit;
  }
  return value;
}

constexpr const char* kTooManyDigits = "Too many decimal digits in format string";

// CPython prints type names with "%.100s" (attribute errors) or "%.200s".
std::string quoted_type(const Value& v, std::size_t limit) {
  std::string name = v.type_name();
  if (name.size() > limit) name.resize(limit);
  return "'" + name + "'";
}

[[noreturn]] void raise_not_subscriptable(const Value& v) {
  throw TypeError(quoted_type(v, 200) + " object is not subscriptable");
}

// getattr(v, name) for the attributes a number has as data; anything else is an
// AttributeError (documented: methods and dunder attributes are not modelled).
Value get_attribute(const Value& v, std::string_view name) {
  switch (v.kind()) {
    case Value::Kind::Int:
    case Value::Kind::UInt:
    case Value::Kind::Bool: {
      const Value as_int = v.kind() == Value::Kind::Bool ? Value(static_cast<int>(v.as_bool())) : v;
      if (name == "real" || name == "numerator") return as_int;
      if (name == "imag") return Value(0);
      if (name == "denominator") return Value(1);
      break;
    }
    case Value::Kind::Float:
      if (name == "real") return v;
      if (name == "imag") return Value(0.0);
      break;
    default:
      break;
  }
  std::string message = quoted_type(v, 100);
  message += " object has no attribute '";
  message += name;
  message += '\'';
  throw AttributeError(std::move(message));
}

// v[index]: a str gives its index-th character, bytes an int; a dict looks the int up.
Value get_index(const Value& v, std::int64_t index) {
  switch (v.kind()) {
    case Value::Kind::Str: {
      const std::string_view s = v.as_str();
      std::size_t pos = 0;
      for (std::int64_t i = 0; pos < s.size(); ++i) {
        const std::size_t start = pos;
        decode_code_point(s, pos);
        if (i == index) return Value(s.substr(start, pos - start));
      }
      throw IndexError("string index out of range");
    }
    case Value::Kind::Bytes: {
      const std::string_view s = v.as_str();
      if (static_cast<std::uint64_t>(index) >= s.size()) throw IndexError("index out of range");
      return Value(static_cast<int>(static_cast<unsigned char>(s[static_cast<std::size_t>(index)])));
    }
    case Value::Kind::Map:
      // The mapping's keys are all str: an int key is never there.
      throw KeyError(static_cast<long long>(index));
    case Value::Kind::Object:
      if (v.object_ops()->item) {  // a tuple (a record's args)
        Value item;
        if (v.object_ops()->item(v.object_ptr(), index, item)) return item;
        throw IndexError(v.type_name() + " index out of range");
      }
      raise_not_subscriptable(v);
    default:
      raise_not_subscriptable(v);
  }
}

Value get_key(const Value& v, std::string_view key) {
  switch (v.kind()) {
    case Value::Kind::Map:
      if (const Value* found = v.as_map().find(key)) return *found;
      throw KeyError(key);
    case Value::Kind::Str:
      throw TypeError("string indices must be integers, not 'str'");
    case Value::Kind::Bytes:
      throw TypeError("byte indices must be integers or slices, not str");
    case Value::Kind::Object:
      if (v.object_ops()->item) throw TypeError(v.type_name() + " indices must be integers or slices, not str");
      raise_not_subscriptable(v);
    default:
      raise_not_subscriptable(v);
  }
}

// do_conversion's message for a conversion character other than r, s, a.
[[noreturn]] void raise_unknown_conversion(char32_t c) {
  std::string message = "Unknown conversion specifier ";
  if (c > 32 && c < 127) {
    message.push_back(static_cast<char>(c));
  } else {
    char hex[16];
    const auto r = std::to_chars(hex, hex + sizeof hex, static_cast<std::uint32_t>(c), 16);
    message += "\\x";
    message.append(hex, r.ptr);
  }
  throw ValueError(std::move(message));
}

}  // namespace

BraceFormat::BraceFormat(std::string_view fmt) {
  compile(fmt, 2, pieces_);
}

std::uint32_t BraceFormat::key_index(std::string_view key) {
  for (std::uint32_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return i;
  }
  keys_.emplace_back(key);
  return static_cast<std::uint32_t>(keys_.size() - 1);
}

// MarkupIterator over `text`; `depth` is CPython's recursion_depth (2 at the top level).
void BraceFormat::compile(std::string_view text, int depth, std::vector<Piece>& pieces) {
  const std::size_t n = text.size();
  auto fail = [&](const char* message) {
    Piece p{Piece::Kind::Error};
    p.error = message;
    pieces.push_back(p);
  };
  std::size_t pos = 0;
  while (pos < n) {
    // Literal text up to the first brace; "{{" and "}}" stand for one brace.
    const std::size_t start = pos;
    char c = 0;
    bool markup = false;
    while (pos < n) {
      c = text[pos++];
      if (c == '{' || c == '}') {
        markup = true;
        break;
      }
    }
    const bool at_end = pos >= n;
    std::size_t length = pos - start;
    if (c == '}' && (at_end || text[pos] != '}')) return fail("Single '}' encountered in format string");
    if (at_end && c == '{') return fail("Single '{' encountered in format string");
    if (!at_end) {
      if (text[pos] == c) {
        ++pos;
        markup = false;
      } else {
        --length;
      }
    }
    if (length != 0) {
      Piece literal{Piece::Kind::Literal};
      literal.text = text.substr(start, length);
      pieces.push_back(literal);
    }
    if (!markup) continue;

    // parse_field: the name runs to '}', ':' or '!' ('[...]' may hold any of them).
    const std::size_t name_start = pos;
    c = 0;
    while (pos < n) {
      c = text[pos++];
      if (c == '{') return fail("unexpected '{' in field name");
      if (c == '[') {
        while (pos < n && text[pos] != ']') ++pos;
        continue;
      }
      if (c == '}' || c == ':' || c == '!') break;
    }
    Piece field{Piece::Kind::Field};
    field.text = text.substr(name_start, pos - 1 - name_start);
    bool spec_has_fields = false;
    if (c == '!' || c == ':') {
      bool spec_follows = true;
      if (c == '!') {
        if (pos >= n) return fail("end of string while looking for conversion specifier");
        const std::size_t conversion_start = pos;
        field.conversion = decode_code_point(text, pos);
        field.conversion_text = text.substr(conversion_start, pos - conversion_start);
        if (pos < n) {
          c = text[pos++];
          if (c == '}') {
            spec_follows = false;
          } else if (c != ':') {
            return fail("expected ':' after conversion specifier");
          }
        }
      }
      if (spec_follows) {
        const std::size_t spec_start = pos;
        int open = 1;
        while (pos < n) {
          c = text[pos++];
          if (c == '{') {
            spec_has_fields = true;
            ++open;
          } else if (c == '}' && --open == 0) {
            break;
          }
        }
        if (open != 0) return fail("unmatched '{' in format spec");
        field.spec_text = text.substr(spec_start, pos - 1 - spec_start);
      }
    } else if (c != '}') {
      return fail("expected '}' before end of string");
    }

    // field_name_split: the first part names a key, or a positional argument (there are
    // none); the rest is a chain of .attr and [item].
    const std::string_view name = field.text;
    const std::size_t split = std::min(name.find_first_of(".["), name.size());
    const std::string_view first = name.substr(0, split);
    const std::int64_t index = first.empty() ? 0 : name_to_index(first);
    if (index == -2) {
      field.first = Piece::First::TooManyDigits;
    } else if (index >= 0) {
      field.first = Piece::First::Positional;  // "{}" is auto-numbered: always 0 when raised
      field.position = index;
    } else {
      field.first = Piece::First::Key;
      field.key = key_index(first);
    }
    field.steps_begin = static_cast<std::uint32_t>(steps_.size());
    for (std::size_t p = split; p < name.size();) {
      Step step{Step::Kind::Error};
      const char lead = name[p++];
      if (lead == '.') {
        const std::size_t end = std::min(name.find_first_of(".[", p), name.size());
        step.kind = Step::Kind::Attribute;
        step.name = name.substr(p, end - p);
        p = end;
      } else if (lead == '[') {
        const std::size_t end = name.find(']', p);
        if (end == std::string_view::npos) {
          step.error = "Missing ']' in format string";
        } else {
          step.name = name.substr(p, end - p);
          p = end + 1;
          const std::int64_t item = name_to_index(step.name);
          if (item == -2) {
            step.error = kTooManyDigits;
          } else if (item >= 0) {
            step.kind = Step::Kind::Index;
            step.index = item;
          } else {
            step.kind = Step::Kind::Key;
          }
        }
      } else {
        step.error = "Only '.' or '[' may follow ']' in format field specifier";
      }
      if (step.kind != Step::Kind::Error && step.name.empty()) {
        step.kind = Step::Kind::Error;
        step.error = "Empty attribute in format string";
      }
      steps_.push_back(step);
      if (step.kind == Step::Kind::Error) break;
    }
    field.steps_end = static_cast<std::uint32_t>(steps_.size());

    if (!spec_has_fields) {
      field.spec = static_cast<std::uint32_t>(specs_.size());
      specs_.emplace_back();
      parse_format_spec(field.spec_text, specs_.back());
    } else if (depth > 1) {
      field.nested = true;
      field.nested_begin = static_cast<std::uint32_t>(nested_.size());
      compile(field.spec_text, depth - 1, nested_);
      field.nested_end = static_cast<std::uint32_t>(nested_.size());
    } else {
      field.too_deep = true;
    }
    pieces.push_back(field);
  }
}

void BraceFormat::render(std::string& out, const PercentMapping& mapping) const {
  render_pieces(out, pieces_, 0, static_cast<std::uint32_t>(pieces_.size()), mapping);
}

// output_markup for each field, in order, so that errors surface where CPython's do.
void BraceFormat::render_pieces(std::string& out, const std::vector<Piece>& pieces, std::uint32_t begin,
                                std::uint32_t end, const PercentMapping& mapping) const {
  for (std::uint32_t i = begin; i < end; ++i) {
    const Piece& piece = pieces[i];
    if (piece.kind == Piece::Kind::Literal) {
      out += piece.text;
      continue;
    }
    if (piece.kind == Piece::Kind::Error) throw ValueError(piece.error);

    if (piece.first == Piece::First::TooManyDigits) throw ValueError(kTooManyDigits);
    if (piece.first == Piece::First::Positional) {
      throw IndexError("Replacement index " + std::to_string(piece.position) +
                       " out of range for positional args tuple");
    }
    Value scratch;
    const std::string& key = keys_[piece.key];
    const Value* found = mapping.find(piece.key, key, scratch);
    if (found == nullptr) throw KeyError(key);
    Value value = *found;
    for (std::uint32_t s = piece.steps_begin; s < piece.steps_end; ++s) {
      const Step& step = steps_[s];
      switch (step.kind) {
        case Step::Kind::Attribute: value = get_attribute(value, step.name); break;
        case Step::Kind::Key: value = get_key(value, step.name); break;
        case Step::Kind::Index: value = get_index(value, step.index); break;
        case Step::Kind::Error: throw ValueError(step.error);
      }
    }

    // A conversion turns the value into a str, written in place and formatted there.
    const std::size_t start = out.size();
    const bool converted = piece.conversion != 0;
    switch (piece.conversion) {
      case 0: break;
      case 'r': append_repr(out, value); break;
      case 's': append_str(out, value); break;
      case 'a': append_ascii(out, value); break;
      default: raise_unknown_conversion(piece.conversion);
    }
    if (piece.too_deep) throw ValueError("Max string recursion exceeded");

    FormatSpec built;
    std::string spec_text;  // a nested spec is short: it stays in the small-string buffer
    if (piece.nested) {
      render_pieces(spec_text, nested_, piece.nested_begin, piece.nested_end, mapping);
      parse_format_spec(spec_text, built);
    }
    const FormatSpec* spec = piece.nested ? &built : &specs_[piece.spec];
    if (converted) {
      format_text_tail(out, start, *spec);
    } else {
      format_value(out, value, *spec);
    }
  }
}

// ---- StrFormatStyle.validate() --------------------------------------------------------

namespace {

bool is_decimal(char32_t c) noexcept { return decimal_value(c) >= 0; }

// Consumes \w+ from `pos`; false when there is none.
bool word_run(const std::u32string& s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size() && is_word_char(s[pos])) ++pos;
  return pos > start;
}

// re's '$' without MULTILINE: the end, or a newline that ends the string.
bool at_dollar(const std::u32string& s, std::size_t pos) {
  return pos == s.size() || (pos + 1 == s.size() && s[pos] == U'\n');
}

// StrFormatStyle.field_spec: ^(\d+|\w+)(\.\w+|\[[^]]+\])*$ — every step is forced (a word
// run ends where the next token starts), so one greedy pass decides.
bool field_spec_matches(std::string_view name) {
  const std::u32string s = _core::decode_surrogateescape(name);
  std::size_t pos = 0;
  if (!word_run(s, pos)) return false;
  for (;;) {
    if (pos + 1 < s.size() && s[pos] == U'.' && is_word_char(s[pos + 1])) {
      ++pos;
      word_run(s, pos);
    } else if (pos + 1 < s.size() && s[pos] == U'[' && s[pos + 1] != U']') {
      const std::size_t close = s.find(U']', pos + 1);
      if (close == std::u32string::npos) break;
      pos = close + 1;
    } else {
      break;
    }
  }
  return at_dollar(s, pos);
}

bool is_align(char32_t c) noexcept { return c == U'<' || c == U'>' || c == U'=' || c == U'^'; }

// \d+ or {\w+}
bool number_or_field(const std::u32string& s, std::size_t& pos) {
  if (pos < s.size() && is_decimal(s[pos])) {
    while (pos < s.size() && is_decimal(s[pos])) ++pos;
    return true;
  }
  if (pos < s.size() && s[pos] == U'{') {
    std::size_t p = pos + 1;
    if (word_run(s, p) && p < s.size() && s[p] == U'}') {
      pos = p + 1;
      return true;
    }
  }
  return false;
}

// StrFormatStyle.fmt_spec, with re.I:
//   ^(.?[<>=^])?[+ -]?#?0?(\d+|{\w+})?[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$
// Taking each optional part greedily is exact: a part that could be skipped is never
// something a later part could match instead.
bool fmt_spec_matches(std::string_view spec) {
  const std::u32string s = _core::decode_surrogateescape(spec);
  std::size_t pos = 0;
  if (s.size() >= 2 && s[0] != U'\n' && is_align(s[1])) {
    pos = 2;
  } else if (!s.empty() && is_align(s[0])) {
    pos = 1;
  }
  auto optional = [&](std::u32string_view set) {
    if (pos < s.size() && set.find(s[pos]) != std::u32string_view::npos) ++pos;
  };
  optional(U"+ -");
  optional(U"#");
  optional(U"0");
  number_or_field(s, pos);
  optional(U",_");
  if (pos < s.size() && s[pos] == U'.') {
    ++pos;
    if (!number_or_field(s, pos)) return false;
  }
  // The type, case-insensitively; U+017F (long s) folds to 's'.
  optional(U"bcdefgnosx%BCDEFGNOSX\u017f");
  return at_dollar(s, pos);
}

// StrFormatStyle.validate raises the first error inside its `try` and re-raises it as
// "invalid format: <error>" from `except ValueError`: the first is the second's __context__.
[[noreturn]] void raise_invalid(std::string inner) {
  ValueError error("invalid format: " + inner);
  error.set_context(std::make_exception_ptr(ValueError(std::move(inner))));
  throw error;
}

[[noreturn]] void raise_invalid(std::string_view what, std::string_view text) {
  raise_invalid(std::string(what) + _core::repr_str(text));
}

}  // namespace

void validate_brace(std::string_view fmt) {
  const BraceFormat compiled(fmt);
  bool fields = false;
  // The top-level pieces are exactly what _string.formatter_parser yields, in order.
  for (const auto& piece : compiled.pieces()) {
    if (piece.kind == BraceFormat::Piece::Kind::Error) {
      raise_invalid(std::string(piece.error));
    }
    if (piece.kind != BraceFormat::Piece::Kind::Field) continue;
    if (!piece.text.empty()) {
      if (!field_spec_matches(piece.text)) raise_invalid("invalid field name/expression: ", piece.text);
      fields = true;
    }
    const char32_t c = piece.conversion;
    if (c != 0 && c != U'r' && c != U's' && c != U'a') {
      raise_invalid("invalid conversion: ", piece.conversion_text);
    }
    if (!piece.spec_text.empty() && !fmt_spec_matches(piece.spec_text)) {
      raise_invalid("bad specifier: ", piece.spec_text);
    }
  }
  if (!fields) throw ValueError("invalid format: no fields");
}

}  // namespace pyos::logging::detail
