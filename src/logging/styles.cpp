// The formatter styles: validation, usesTime and the compiled template of each style. The
// '{' style lives in styles_brace.cpp, the format-spec mini-language in styles_spec.cpp.
//
// The validators decide exactly as CPython 3.13's regular expressions do, but are written as
// single forward scans (no std::regex: it is slow and recursive on long input), each with a
// comment on why a greedy pass is exact.
#include "logging/styles.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "_core/text.hpp"
#include "logging/styles_internal.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::logging::detail {
namespace {

struct CodePointRange {
  char32_t first, last;
};

#include "logging/styles_unicode.inc"

constexpr CodePointRange kWordRanges[] = {PYOS_WORD_RANGES};
constexpr char32_t kDecimalZeros[] = {PYOS_DECIMAL_ZEROS};

#undef PYOS_WORD_RANGES
#undef PYOS_DECIMAL_ZEROS

}  // namespace

bool is_word_char(char32_t cp) noexcept {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  }
  const auto* it = std::upper_bound(std::begin(kWordRanges), std::end(kWordRanges), cp,
                                    [](char32_t v, const CodePointRange& r) { return v < r.first; });
  return it != std::begin(kWordRanges) && cp <= std::prev(it)->last;
}

int decimal_value(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') ? static_cast<int>(cp - '0') : -1;
  const auto* it = std::upper_bound(std::begin(kDecimalZeros), std::end(kDecimalZeros), cp);
  if (it == std::begin(kDecimalZeros)) return -1;
  const char32_t offset = cp - *std::prev(it);
  return offset < 10 ? static_cast<int>(offset) : -1;
}

namespace {

std::string_view default_format(Style style) {
  switch (style) {
    case Style::Percent: return "%(message)s";
    case Style::StrFormat: return "{message}";
    case Style::StringTemplate: return "${message}";
  }
  throw ValueError("Style must be one of: %,{,$");
}

// The Formatter's `fmt or style.default_format`.
std::string_view effective(Style style, std::string_view fmt) {
  return fmt.empty() ? default_format(style) : fmt;
}

// ---- '%': PercentStyle.validation_pattern, searched -----------------------------------
//   %\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]   with re.I
// From a "%(" every part is forced: \w+ stops at ')' (not a word character), the flags, the
// digits and the conversion are disjoint classes, so no backtracking can find another way.
// Each scan stays within its own "%(...)..." run, so the search is linear.

bool is_percent_conversion(char32_t c) {
  // re.I folds U+0130 and U+0131 to 'i' and U+017F (long s) to 's'.
  return (c < 0x80 && std::string_view("diouxefgcrsaDIOUXEFGCRSA%").find(static_cast<char>(c)) !=
                          std::string_view::npos) ||
         c == 0x130 || c == 0x131 || c == 0x17F;
}

bool percent_pattern_at(const std::u32string& s, std::size_t pos) {
  const std::size_t n = s.size();
  auto digits = [&] {
    const std::size_t start = pos;
    while (pos < n && decimal_value(s[pos]) >= 0) ++pos;
    return pos > start;
  };
  const std::size_t word_start = pos;
  while (pos < n && is_word_char(s[pos])) ++pos;
  if (pos == word_start || pos >= n || s[pos] != U')') return false;
  ++pos;
  while (pos < n && std::u32string_view(U"#0+ -").find(s[pos]) != std::u32string_view::npos) ++pos;
  if (pos < n && s[pos] == U'*') {
    ++pos;
  } else {
    digits();
  }
  if (pos < n && s[pos] == U'.') {
    ++pos;
    if (pos < n && s[pos] == U'*') {
      ++pos;
    } else if (!digits()) {
      return false;
    }
  }
  return pos < n && is_percent_conversion(s[pos]);
}

void validate_percent(std::string_view fmt) {
  const std::u32string s = _core::decode_surrogateescape(fmt);
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == U'%' && s[i + 1] == U'(' && percent_pattern_at(s, i + 2)) return;
  }
  std::string message = "Invalid format '";
  message += fmt;
  message += "' for '%' style";
  throw ValueError(std::move(message));
}

// ---- '$': string.Template.pattern ------------------------------------------------------
//   \$(?:(?P<escaped>\$)|(?P<named>ID)|{(?P<braced>ID)}|(?P<invalid>))
// with ID = (?a:[_a-z][_a-z0-9]*) and re.I: ASCII identifiers in either case.

bool is_id_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_id_char(char c) { return is_id_start(c) || (c >= '0' && c <= '9'); }

struct DollarMatch {
  enum class Kind { Escaped, Named, Invalid } kind;
  std::string_view name;
  std::size_t end;  // just past the match
};

// The match at the '$' at `pos`.
DollarMatch match_dollar(std::string_view s, std::size_t pos) {
  const std::size_t n = s.size();
  std::size_t p = pos + 1;
  if (p < n && s[p] == '$') return {DollarMatch::Kind::Escaped, {}, p + 1};
  if (p < n && is_id_start(s[p])) {
    std::size_t end = p + 1;
    while (end < n && is_id_char(s[end])) ++end;
    return {DollarMatch::Kind::Named, s.substr(p, end - p), end};
  }
  if (p + 1 < n && s[p] == '{' && is_id_start(s[p + 1])) {
    std::size_t end = p + 2;
    while (end < n && is_id_char(s[end])) ++end;
    if (end < n && s[end] == '}') return {DollarMatch::Kind::Named, s.substr(p + 1, end - p - 1), end + 1};
  }
  return {DollarMatch::Kind::Invalid, {}, p};
}

bool is_line_break(char32_t c) {
  switch (c) {
    case U'\n': case U'\r': case U'\v': case U'\f': case 0x1C: case 0x1D: case 0x1E: case 0x85:
    case 0x2028: case 0x2029:
      return true;
    default:
      return false;
  }
}

// Template._invalid: the line (as str.splitlines counts them) and 1-based column, in code
// points, of the '$' at byte `dollar`.
std::string invalid_placeholder_message(std::string_view s, std::size_t dollar) {
  std::size_t line = 1, index = 0, line_start = 0, pos = 0;
  while (pos < dollar) {
    const char32_t c = _core::decode_code_point(s, pos);
    ++index;
    if (c == U'\r' && pos < dollar && s[pos] == '\n') {
      ++pos;
      ++index;
    }
    if (is_line_break(c)) {
      ++line;
      line_start = index;
    }
  }
  const std::size_t column = index + 1 - line_start;
  return "Invalid placeholder in string: line " + std::to_string(line) + ", col " + std::to_string(column);
}

}  // namespace

void validate_dollar(std::string_view fmt) {
  bool fields = false;
  for (std::size_t pos = fmt.find('$'); pos != std::string_view::npos; pos = fmt.find('$', pos)) {
    const DollarMatch m = match_dollar(fmt, pos);
    if (m.kind == DollarMatch::Kind::Invalid) throw ValueError("invalid format: bare '$' not allowed");
    fields |= m.kind == DollarMatch::Kind::Named;
    pos = m.end;
  }
  if (!fields) throw ValueError("invalid format: no fields");
}

DollarFormat::DollarFormat(std::string_view fmt) {
  std::size_t literal_start = 0;
  for (std::size_t pos = fmt.find('$'); pos != std::string_view::npos; pos = fmt.find('$', pos)) {
    const DollarMatch m = match_dollar(fmt, pos);
    switch (m.kind) {
      case DollarMatch::Kind::Escaped:
        pieces_.push_back({fmt.substr(literal_start, pos + 1 - literal_start), kNoKey});
        break;
      case DollarMatch::Kind::Named: {
        const auto found = std::find(keys_.begin(), keys_.end(), m.name);
        const auto key = static_cast<std::uint32_t>(found - keys_.begin());
        if (found == keys_.end()) keys_.emplace_back(m.name);
        pieces_.push_back({fmt.substr(literal_start, pos - literal_start), key});
        break;
      }
      case DollarMatch::Kind::Invalid:
        // substitute() raises here; nothing after it is reached.
        pieces_.push_back({fmt.substr(literal_start, pos - literal_start), kNoKey});
        error_ = invalid_placeholder_message(fmt, pos);
        return;
    }
    pos = literal_start = m.end;
  }
  pieces_.push_back({fmt.substr(literal_start), kNoKey});
}

void DollarFormat::render(std::string& out, const PercentMapping& mapping) const {
  for (const Piece& piece : pieces_) {
    out += piece.literal;
    if (piece.key == kNoKey || mapping.append_str_of(piece.key, out)) continue;
    Value scratch;
    const Value* value = mapping.find(piece.key, keys_[piece.key], scratch);
    if (value == nullptr) throw KeyError(keys_[piece.key]);
    append_str(out, *value);
  }
  if (!error_.empty()) throw ValueError(error_);
}

void validate_format(Style style, std::string_view fmt) {
  fmt = effective(style, fmt);
  switch (style) {
    case Style::Percent: return validate_percent(fmt);
    case Style::StrFormat: return validate_brace(fmt);
    case Style::StringTemplate: return validate_dollar(fmt);
  }
}

bool uses_time(Style style, std::string_view fmt) {
  fmt = effective(style, fmt);
  switch (style) {
    case Style::Percent: return fmt.find("%(asctime)") != std::string_view::npos;
    case Style::StrFormat: return fmt.find("{asctime") != std::string_view::npos;
    case Style::StringTemplate:
      return fmt.find("$asctime") != std::string_view::npos || fmt.find("${asctime}") != std::string_view::npos;
  }
  return false;
}

// ---- StyleTemplate ----------------------------------------------------------------------

// Owns the format text that the compiled pieces view; never moved (held by unique_ptr), and
// copied by compiling again.
struct StyleTemplate::Impl {
  Impl(Style s, std::string_view f) : style(s), fmt(effective(s, f)), compiled(compile(s, fmt)) {}
  Impl(const Impl& other) : Impl(other.style, other.fmt) {}
  Impl& operator=(const Impl&) = delete;

  using Compiled = std::variant<PercentTemplate, BraceFormat, DollarFormat>;
  static Compiled compile(Style style, std::string_view fmt) {
    switch (style) {
      case Style::Percent: return Compiled(std::in_place_type<PercentTemplate>, fmt);
      case Style::StrFormat: return Compiled(std::in_place_type<BraceFormat>, fmt);
      case Style::StringTemplate: return Compiled(std::in_place_type<DollarFormat>, fmt);
    }
    throw ValueError("Style must be one of: %,{,$");
  }

  const Style style;
  const std::string fmt;
  const Compiled compiled;
};

StyleTemplate::StyleTemplate(Style style, std::string_view fmt) : impl_(std::make_unique<Impl>(style, fmt)) {}
StyleTemplate::StyleTemplate(const StyleTemplate& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
StyleTemplate& StyleTemplate::operator=(const StyleTemplate& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
StyleTemplate::StyleTemplate(StyleTemplate&&) noexcept = default;
StyleTemplate& StyleTemplate::operator=(StyleTemplate&&) noexcept = default;
StyleTemplate::~StyleTemplate() = default;

Style StyleTemplate::style() const noexcept { return impl_->style; }

const std::vector<std::string>& StyleTemplate::keys() const noexcept {
  return std::visit([](const auto& c) -> const std::vector<std::string>& { return c.keys(); }, impl_->compiled);
}

void StyleTemplate::render(std::string& out, const PercentMapping& mapping) const {
  std::visit([&](const auto& c) { c.render(out, mapping); }, impl_->compiled);
}

const PercentTemplate* StyleTemplate::percent() const noexcept {
  return impl_ ? std::get_if<PercentTemplate>(&impl_->compiled) : nullptr;
}

}  // namespace pyos::logging::detail
