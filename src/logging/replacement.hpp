// File: logging/replacement.hpp
//
// The records that Python 3.12's filters return in place of the record being filtered.
// Logger::handle and Handler::handle open a FilterReplacement around their filtering (only
// when a filter of theirs may replace the record: Filterer::may_replace). Filterer::filter
// keeps each replacement there, and the handle goes on with the last one. The older ones are kept as well, because a replacement may view the
// record it was made from.
#pragma once

#include <memory>
#include <vector>

#include "pyos/logging/record.hpp"

namespace pyos::logging {
class Filterer;
}

namespace pyos::logging::detail {

class FilterReplacement {
 public:
  // `owner`'s filtering on this thread keeps its replacements here until this is destroyed.
  explicit FilterReplacement(const Filterer* owner) noexcept;
  ~FilterReplacement();
  FilterReplacement(const FilterReplacement&) = delete;
  FilterReplacement& operator=(const FilterReplacement&) = delete;

  // The record to go on with: the last replacement, or `original`.
  LogRecord& record(LogRecord& original) noexcept { return records_.empty() ? original : *records_.back(); }
  void keep(std::unique_ptr<LogRecord> replacement) { records_.push_back(std::move(replacement)); }
  // The last replacement, taken out (nullptr when there is none).
  std::unique_ptr<LogRecord> take_last() noexcept {
    if (records_.empty()) return nullptr;
    std::unique_ptr<LogRecord> last = std::move(records_.back());
    records_.pop_back();
    return last;
  }
  // The one `owner` opened on this thread and has not closed, or nullptr (filter() called
  // directly).
  static FilterReplacement* of(const Filterer* owner) noexcept;

 private:
  const Filterer* owner_;
  FilterReplacement* outer_;
  std::vector<std::unique_ptr<LogRecord>> records_;
};

}  // namespace pyos::logging::detail
