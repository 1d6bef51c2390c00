// File: logging/filter.cpp
#include "pyos/logging/filter.hpp"

#include <algorithm>
#include <new>

namespace pyos::logging {

Filter::Filter(std::string name_) : name(std::move(name_)), nlen_(name.size()) {}
Filter::~Filter() = default;

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
    filters_ = std::move(next);
    changes_.fetch_add(1, std::memory_order_release);
  }
  filters_changed();
}

bool Filterer::filter(LogRecord& record) {
  if (!has_filters()) return true;
  // Python's `for f in self.filters` walks the live list by index: the list is taken again
  // whenever a filter (or another thread) has replaced it since.
  std::shared_ptr<const List> list;
  std::uint64_t seen = 0;
  for (std::size_t i = 0;; ++i) {
    if (!list || changes_.load(std::memory_order_acquire) != seen) {
      std::lock_guard lock(mutex_);
      list = filters_;
      seen = changes_.load(std::memory_order_relaxed);
    }
    if (i >= list->size()) return true;
    if (!(*list)[i]->filter(record)) return false;
  }
}

void Filterer::reinit_filter_lock_after_fork() noexcept { new (&mutex_) std::mutex(); }

std::vector<std::shared_ptr<Filter>> Filterer::filters() const {
  std::lock_guard lock(mutex_);
  return *filters_;
}

}  // namespace pyos::logging
