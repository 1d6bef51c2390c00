// File: logging/styles.hpp
//
// The three formatter styles of logging.Formatter(style=...): '%' (printf, through
// percent.hpp), '{' (str.format with the format-spec mini-language) and '$'
// (string.Template.substitute). Validation, usesTime and rendering as CPython 3.13's
// PercentStyle / StrFormatStyle / StringTemplateStyle.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "logging/percent.hpp"

namespace pyos::logging::detail {

enum class Style : char { Percent = '%', StrFormat = '{', StringTemplate = '$' };

// <Style>.validate(): throws ValueError with CPython's message when `fmt` is not a valid
// format for the style (e.g. "Invalid format 'x' for '%' style").
void validate_format(Style style, std::string_view fmt);

// <Style>.usesTime(): CPython's textual test ('%(asctime)', '{asctime', '$asctime' or
// '${asctime}').
bool uses_time(Style style, std::string_view fmt);

// A format compiled once for its style and rendered for each record against a mapping of
// the record's attributes (PercentMapping::append_self is only used by the '%' style).
// render() raises what CPython's <Style>._format raises: KeyError for a missing field (the
// Formatter turns it into "Formatting field not found in record: ..."), ValueError,
// TypeError, IndexError...
class StyleTemplate {
 public:
  StyleTemplate(Style style, std::string_view fmt);
  StyleTemplate(const StyleTemplate&);
  StyleTemplate& operator=(const StyleTemplate&);
  StyleTemplate(StyleTemplate&&) noexcept;
  StyleTemplate& operator=(StyleTemplate&&) noexcept;
  ~StyleTemplate();

  Style style() const noexcept;
  // The field names the format refers to, in order of first use; find() gets their index.
  const std::vector<std::string>& keys() const noexcept;
  void render(std::string& out, const PercentMapping& mapping) const;
  // The '%' style's compiled template (nullptr for the other styles).
  const PercentTemplate* percent() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pyos::logging::detail
