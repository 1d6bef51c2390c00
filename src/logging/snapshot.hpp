// File: logging/snapshot.hpp
//
// The logging module's process-wide state saved and put back: what CPython's test_logging
// does by hand in BaseTest.setUp/tearDown (it saves logging._handlers, the loggerDict, the
// level names, each logger's `disabled` and the root's level and handlers). pyos's tests use
// it so that the tests of one binary can also run in one process, each seeing the module
// as the one before it found it (tests/logging/state_guard.cpp); ctest runs each test in a
// process of its own anyway.
//
// What is saved: the loggerDict (loggers and placeholders) and every logger's parent; each
// logger's level, propagate, disabled, handlers and filters; the manager's disable,
// loggerClass, logRecordFactory and emittedNoHandlerWarning; the module's logger class,
// record factory, level names, raiseExceptions, logThreads, logProcesses,
// logMultiprocessing, logAsyncioTasks, Formatter.converter's default, and lastResort (the
// handler and its level). Not saved: the state of the handlers and filters themselves
// (a test that changes a shared one, such as lastResort's formatter, puts it back).
//
// A logger made after the save leaves the loggerDict at restore() (a later getLogger of its
// name makes a new one), stripped of its handlers and filters and kept alive, as a test may
// still hold a reference to it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pyos/logging.hpp"

namespace pyos::logging::detail {

// ---- The parts that live in the sources that own them

// The level registry's current table (levels.cpp); tables are immutable and immortal.
struct LevelTable;
const LevelTable* level_table() noexcept;
void restore_level_table(const LevelTable* table) noexcept;

// The loggerDict and the parents (logger.cpp).
struct HierarchyImage {
  struct Node {
    std::string name;
    Logger* logger = nullptr;      // null: a placeholder
    std::vector<Logger*> waiting;  // a placeholder's loggers
  };
  std::vector<Node> nodes;
  std::vector<std::pair<Logger*, Logger*>> parents;  // each logger of the dict and the root
};
HierarchyImage hierarchy_image();
// Puts the loggerDict and the parents back; returns the loggers that left the dict (each
// stays alive, outside the hierarchy's dispatch).
std::vector<Logger*> restore_hierarchy(const HierarchyImage& image);

// ---- The whole module

class ModuleSnapshot {
 public:
  ModuleSnapshot();  // saves
  ModuleSnapshot(const ModuleSnapshot&) = delete;
  ModuleSnapshot& operator=(const ModuleSnapshot&) = delete;
  // Puts back what the constructor saved. Handlers that only the module held are released,
  // and so closed by their destructors.
  void restore();

 private:
  struct LoggerState {
    Logger* logger;
    int level;
    bool propagate;
    bool disabled;
    std::vector<std::shared_ptr<Handler>> handlers;
    std::vector<std::shared_ptr<Filter>> filters;
  };
  HierarchyImage hierarchy_;
  std::vector<LoggerState> loggers_;
  int disable_;
  LoggerClass manager_class_;
  LogRecordFactory manager_factory_;
  bool emitted_no_handler_warning_;
  LoggerClass logger_class_;
  LogRecordFactory record_factory_;
  const LevelTable* levels_;
  bool raise_exceptions_, log_threads_, log_processes_, log_multiprocessing_, log_asyncio_tasks_;
  Formatter::Converter converter_;
  std::shared_ptr<Handler> last_resort_;
  int last_resort_level_;
};

}  // namespace pyos::logging::detail
