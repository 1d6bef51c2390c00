// File: logging/filter.cpp
#include "pyos/logging/filter.hpp"

#include <algorithm>
#include <memory>
#include <new>
#include <optional>
#include <typeinfo>
#include <vector>

#include "logging/replacement.hpp"

namespace pyos::logging {

Filter::Filter(std::string name_) : name(std::move(name_)), nlen_(name.size()) {}
Filter::~Filter() = default;

bool Filter::filter_replacing(LogRecord& record, std::optional<LogRecord>&) { return filter(record); }

bool Filter::may_replace() const noexcept { return typeid(*this) != typeid(Filter); }

bool Filter::filter(LogRecord& record) {
  if (nlen_ == 0) return true;
  std::string_view n = record.name;
  if (n == name) return true;
  if (!n.starts_with(name)) return false;
  return n.size() > nlen_ && n[nlen_] == '.';
}

Filterer::Filterer() : filters_(std::make_shared<const List>()) {}
Filterer::~Filterer() = default;

void Filterer::addFilter(std::shared_ptr<Filter> filter) {
  {
    std::lock_guard lock(mutex_);
    if (std::find(filters_->begin(), filters_->end(), filter) != filters_->end()) return;
    auto next = std::make_shared<List>(*filters_);
    if (filter->may_replace()) may_replace_.store(true, std::memory_order_release);
    next->push_back(std::move(filter));
    filters_ = std::move(next);
    changes_.fetch_add(1, std::memory_order_release);
    has_filters_.store(true, std::memory_order_release);
  }
  filters_changed();
}

void Filterer::removeFilter(const std::shared_ptr<Filter>& filter) {
  {
    std::lock_guard lock(mutex_);
    auto it = std::find(filters_->begin(), filters_->end(), filter);
    if (it == filters_->end()) return;
    auto next = std::make_shared<List>(*filters_);
    next->erase(next->begin() + (it - filters_->begin()));
    has_filters_.store(!next->empty(), std::memory_order_release);
    may_replace_.store(std::any_of(next->begin(), next->end(), [](const auto& f) { return f->may_replace(); }),
                       std::memory_order_release);
    filters_ = std::move(next);
    changes_.fetch_add(1, std::memory_order_release);
  }
  filters_changed();
}

namespace {
constinit thread_local detail::FilterReplacement* t_replacements = nullptr;  // the innermost
}  // namespace

detail::FilterReplacement::FilterReplacement(const Filterer* owner) noexcept
    : owner_(owner), outer_(t_replacements) {
  t_replacements = this;
}

detail::FilterReplacement::~FilterReplacement() { t_replacements = outer_; }

detail::FilterReplacement* detail::FilterReplacement::of(const Filterer* owner) noexcept {
  FilterReplacement* r = t_replacements;
  return r != nullptr && r->owner_ == owner ? r : nullptr;
}

template <class Each>
bool Filterer::each_filter(Each&& each) {
  // The list is taken again whenever a filter (or another thread) has replaced it since.
  std::shared_ptr<const List> list;
  std::uint64_t seen = 0;
  for (std::size_t i = 0;; ++i) {
    if (!list || changes_.load(std::memory_order_acquire) != seen) {
      std::lock_guard lock(mutex_);
      list = filters_;
      seen = changes_.load(std::memory_order_relaxed);
    }
    if (i >= list->size()) return true;
    if (!each(*(*list)[i])) return false;
  }
}

bool Filterer::filter(LogRecord& record) {
  if (!has_filters()) return true;
  if (!may_replace()) return each_filter([&record](Filter& f) { return f.filter(record); });
  // A filter's replacement record (Python 3.12) is what the filters after it see, and what
  // the handle() that asked goes on with; called directly, the replacements live until
  // this returns.
  detail::FilterReplacement* const handle_replacements = detail::FilterReplacement::of(this);
  std::vector<std::unique_ptr<LogRecord>> own_replacements;
  LogRecord* current = &record;
  std::optional<LogRecord> replacement;
  return each_filter([&](Filter& f) {
    replacement.reset();
    if (!f.filter_replacing(*current, replacement)) return false;
    if (replacement) {
      auto kept = std::make_unique<LogRecord>(std::move(*replacement));
      current = kept.get();
      if (handle_replacements) {
        handle_replacements->keep(std::move(kept));
      } else {
        own_replacements.push_back(std::move(kept));
      }
    }
    return true;
  });
}

bool Filterer::filter(LogRecord& record, std::optional<LogRecord>& replacement) {
  detail::FilterReplacement replacements(this);
  if (!filter(record)) return false;
  if (std::unique_ptr<LogRecord> last = replacements.take_last()) replacement.emplace(std::move(*last));
  return true;
}

void Filterer::reinit_filter_lock_after_fork() noexcept { new (&mutex_) std::mutex(); }

std::vector<std::shared_ptr<Filter>> Filterer::filters() const {
  std::lock_guard lock(mutex_);
  return *filters_;
}

}  // namespace pyos::logging
