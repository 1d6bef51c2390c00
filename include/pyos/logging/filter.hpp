// File: pyos/logging/filter.hpp
//
// logging.Filter (the logger-name prefix rule) and logging.Filterer (the filter list that
// Logger and Handler share). Any callable taking a LogRecord& is a filter too (Python 3.2+):
// one that returns something testable as bool keeps or drops the record (and may change it
// in place); one that returns a LogRecord, or a std::optional<LogRecord> (nullopt drops),
// replaces the record, as a Python 3.12 filter that returns a LogRecord does.
#pragma once

#include <atomic>
#include <concepts>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "pyos/logging/record.hpp"

namespace pyos::logging {

// logging.Filter(name=''): passes records of logger `name` and its descendants ('A.B'
// passes 'A.B' and 'A.B.C', not 'A.BB'); '' passes everything.
class Filter {
 public:
  explicit Filter(std::string name = "");
  virtual ~Filter();

  // Filter.filter(record): true to keep the record. An override may change the record in
  // place; everything after it sees the change, the other handlers included.
  virtual bool filter(LogRecord& record);
  // Filter.filter(record) returning a LogRecord (Python 3.12): false drops the record; true
  // with a record put in `replacement` carries on with that record instead (the filters
  // after this one, then the logger's handlers or the handler's emit), so the original is
  // left as it was for everything else; true alone keeps the record. The default asks
  // filter(record).
  virtual bool filter_replacing(LogRecord& record, std::optional<LogRecord>& replacement);

  const std::string name;

 private:
  friend class Filterer;
  // Whether filter_replacing() may hand over a replacement: not for a plain Filter or a
  // callable that answers with a bool, so that their Filterer filters as before 3.12; a
  // subclass may (it may override filter_replacing).
  virtual bool may_replace() const noexcept;

  std::size_t nlen_;
};

// logging.Filterer: addFilter / removeFilter / filter. Thread-safe: the list is replaced,
// never edited in place, so filtering never blocks a concurrent addFilter.
class Filterer {
 public:
  Filterer();
  virtual ~Filterer();
  Filterer(const Filterer&) = delete;
  Filterer& operator=(const Filterer&) = delete;

  // addFilter(filter): added once (adding the same filter again does nothing).
  void addFilter(std::shared_ptr<Filter> filter);
  // addFilter(callable): wrapped in a Filter; keep the returned pointer to remove it.
  template <class F>
    requires(std::invocable<F&, LogRecord&> && !std::convertible_to<F, std::shared_ptr<Filter>>)
  std::shared_ptr<Filter> addFilter(F callable) {
    auto wrapped = std::make_shared<CallableFilter<F>>(std::move(callable));
    addFilter(wrapped);
    return wrapped;
  }
  void removeFilter(const std::shared_ptr<Filter>& filter);
  // Filterer.filter(record): every filter in order; false from any drops the record. As
  // Python's loop over the live list, a filter that adds or removes filters changes what the
  // rest of the pass runs (an added one runs; removing one at or before the current place
  // shifts the next one past the loop). A filter's replacement record goes to the filters
  // after it, and Logger::handle and Handler::handle go on with the last one (Python's
  // return value); called directly, this answers only whether the record passes.
  virtual bool filter(LogRecord& record);
  // The same (the overridable filter() above does the work) with Python's whole answer: the
  // record the last replacing filter returned is moved into `replacement`. For a handle()
  // override; a class that overrides filter(record) reaches this as Filterer::filter.
  bool filter(LogRecord& record, std::optional<LogRecord>& replacement);
  // The .filters attribute (a copy of the list).
  std::vector<std::shared_ptr<Filter>> filters() const;

 protected:
  bool has_filters() const noexcept { return has_filters_.load(std::memory_order_acquire); }
  // Whether a filter of the list may replace the record (see Filter::may_replace): only
  // then does handle() keep replacements.
  bool may_replace() const noexcept { return may_replace_.load(std::memory_order_acquire); }
  // Called after the list changed (Logger invalidates its dispatch cache).
  virtual void filters_changed() {}
  // In a forked child: the lock may have been held by a thread that does not exist there.
  void reinit_filter_lock_after_fork() noexcept;

 private:
  template <class F>
  class CallableFilter final : public Filter {
   public:
    using R = std::remove_cvref_t<std::invoke_result_t<F&, LogRecord&>>;
    explicit CallableFilter(F f) : f_(std::move(f)) {}
    bool filter(LogRecord& record) override {
      std::optional<LogRecord> ignored;
      return filter_replacing(record, ignored);
    }
    bool filter_replacing(LogRecord& record, std::optional<LogRecord>& replacement) override {
      if constexpr (std::is_same_v<R, LogRecord>) {
        replacement.emplace(f_(record));
        return true;
      } else if constexpr (std::is_same_v<R, std::optional<LogRecord>>) {
        replacement = f_(record);
        return replacement.has_value();
      } else {
        return static_cast<bool>(f_(record));
      }
    }

   private:
    bool may_replace() const noexcept override {
      return std::is_same_v<R, LogRecord> || std::is_same_v<R, std::optional<LogRecord>>;
    }
    F f_;
  };

  // Python's `for f in self.filters` over the live list: each(filter) for every filter
  // while it returns true; false as soon as one returns false.
  template <class Each>
  bool each_filter(Each&& each);

  using List = std::vector<std::shared_ptr<Filter>>;
  mutable std::mutex mutex_;
  std::shared_ptr<const List> filters_;
  std::atomic<bool> has_filters_{false};
  std::atomic<bool> may_replace_{false};
  std::atomic<std::uint64_t> changes_{0};  // bumped (under mutex_) each time filters_ is replaced
};

}  // namespace pyos::logging
