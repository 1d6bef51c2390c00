// File: logging/adapter.cpp
#include "logging/module.hpp"
#include "pyos/logging.hpp"

namespace pyos::logging {

LoggerAdapter::LoggerAdapter(Logger& logger_, std::optional<Dict> extra_, bool merge_extra_)
    : logger(&logger_), extra(std::move(extra_)), merge_extra(merge_extra_) {}

LoggerAdapter::LoggerAdapter(LoggerAdapter& inner, std::optional<Dict> extra_, bool merge_extra_)
    : logger(inner.logger), extra(std::move(extra_)), merge_extra(merge_extra_), inner_(&inner) {}

LoggerAdapter::~LoggerAdapter() = default;

Value LoggerAdapter::process(const Value& msg, Kwargs& kwargs, std::string&) {
  if (merge_extra && (kwargs.extra || kwargs.extra_is_none)) {
    // {**self.extra, **kwargs["extra"]}: the call's keys win, the adapter's order first.
    if (!extra || !kwargs.extra) throw TypeError("'NoneType' object is not a mapping");  // {**None}
    Dict merged = *extra;
    for (const Item& item : *kwargs.extra) merged.set(item.key, item.value);
    kwargs.merged_extra = std::move(merged);
    kwargs.extra = Mapping(kwargs.merged_extra);
  } else {
    kwargs.extra = extra ? std::optional<Mapping>(Mapping(*extra)) : std::nullopt;
    kwargs.extra_is_none = !extra;
  }
  return msg;
}

std::string LoggerAdapter::repr() const {
  return detail::angle_repr(class_name(), logger->name, logger->getEffectiveLevel());
}

void LoggerAdapter::_log(int level, const Msg& msg, std::span<const Value> args, Kwargs kwargs) {
  std::string storage;
  Msg processed = msg;
  processed.value = process(msg.value, kwargs, storage);
  if (inner_) {
    if (inner_->isEnabledFor(level)) inner_->_log(level, processed, args, std::move(kwargs));
  } else {
    logger->_log(level, processed, args, kwargs);
  }
}

}  // namespace pyos::logging
