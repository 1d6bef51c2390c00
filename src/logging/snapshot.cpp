// File: logging/snapshot.cpp
//
// ModuleSnapshot (logging/snapshot.hpp): the hierarchy and the level names through the
// sources that own them, the rest through the public API.
#include "logging/snapshot.hpp"

namespace pyos::logging::detail {

namespace {

// Makes the logger's handlers and filters exactly `handlers` and `filters`, in that order.
void put_back(Logger& logger, const std::vector<std::shared_ptr<Handler>>& handlers,
              const std::vector<std::shared_ptr<Filter>>& filters) {
  if (logger.handlers() != handlers) {
    for (const auto& h : logger.handlers()) logger.removeHandler(h);
    for (const auto& h : handlers) logger.addHandler(h);
  }
  if (logger.filters() != filters) {
    for (const auto& f : logger.filters()) logger.removeFilter(f);
    for (const auto& f : filters) logger.addFilter(f);
  }
}

}  // namespace

ModuleSnapshot::ModuleSnapshot()
    : hierarchy_(hierarchy_image()),
      disable_(root().manager()->disable()),
      manager_class_(root().manager()->loggerClass()),
      manager_factory_(root().manager()->logRecordFactory()),
      emitted_no_handler_warning_(root().manager()->emittedNoHandlerWarning),
      logger_class_(getLoggerClass()),
      record_factory_(getLogRecordFactory()),
      levels_(level_table()),
      raise_exceptions_(raiseExceptions.load()),
      log_threads_(logThreads.load()),
      log_processes_(logProcesses.load()),
      log_multiprocessing_(logMultiprocessing.load()),
      log_asyncio_tasks_(logAsyncioTasks.load()),
      converter_(Formatter::default_converter.load()),
      last_resort_(lastResort.load()),
      last_resort_level_(last_resort_ ? last_resort_->level() : NOTSET) {
  for (const auto& [logger, parent] : hierarchy_.parents) {
    loggers_.push_back({logger, logger->level(), static_cast<bool>(logger->propagate),
                        static_cast<bool>(logger->disabled), logger->handlers(), logger->filters()});
  }
}

void ModuleSnapshot::restore() {
  // The module's switches first, so that what follows runs under the saved ones.
  restore_level_table(levels_);
  raiseExceptions = raise_exceptions_;
  logThreads = log_threads_;
  logProcesses = log_processes_;
  logMultiprocessing = log_multiprocessing_;
  logAsyncioTasks = log_asyncio_tasks_;
  Formatter::default_converter = converter_;
  setLoggerClass(logger_class_);
  setLogRecordFactory(record_factory_);
  Manager& manager = *root().manager();
  manager.setLoggerClass(manager_class_);
  manager.setLogRecordFactory(manager_factory_);
  manager.emittedNoHandlerWarning = emitted_no_handler_warning_;

  for (Logger* departed : restore_hierarchy(hierarchy_)) put_back(*departed, {}, {});
  for (const LoggerState& saved : loggers_) {
    Logger& logger = *saved.logger;
    put_back(logger, saved.handlers, saved.filters);
    if (logger.level() != saved.level) logger.setLevel(saved.level);
    if (static_cast<bool>(logger.propagate) != saved.propagate) logger.propagate = saved.propagate;
    if (static_cast<bool>(logger.disabled) != saved.disabled) logger.disabled = saved.disabled;
  }
  if (manager.disable() != disable_) disable(disable_);

  lastResort = last_resort_;
  if (last_resort_ && last_resort_->level() != last_resort_level_) last_resort_->setLevel(last_resort_level_);
}

}  // namespace pyos::logging::detail
