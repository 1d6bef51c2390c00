// ModuleSnapshot (logging/snapshot.hpp), what tests/logging/state_guard.cpp runs around each
// test: every part of the module's state it names, changed after the save, is as it was
// after restore(). Not a CPython comparison; the expectations are the saved values, read
// back before the changes.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "logging/core_support.hpp"
#include "logging/snapshot.hpp"

namespace pyos::logging::coretest {
namespace {

class Tagged : public Logger {
 public:
  using Logger::Logger;
};

LogRecord tagging_factory(std::string_view name, int level, std::string_view pathname, int lineno, const Value& msg,
                          std::span<const Value> args, std::exception_ptr exc_info,
                          std::optional<std::string_view> func, std::optional<std::string> sinfo) {
  LogRecord r(name, level, pathname, lineno, msg, args, std::move(exc_info), func, std::move(sinfo));
  r.set("tag", std::string_view("factory"));
  return r;
}

TEST(LoggingModuleSnapshot, RestorePutsEveryPartBack) {
  // The state before the save: a logger with a handler and a filter, below a placeholder.
  Logger& kept = getLogger("snap.kept.leaf");
  auto kept_handler = std::make_shared<NullHandler>();
  auto kept_filter = std::make_shared<Filter>("snap");
  kept.addHandler(kept_handler);
  kept.addFilter(kept_filter);
  kept.setLevel(INFO);
  const auto names_before = root().manager()->loggerNames();
  const auto levels_before = getLevelNamesMapping();
  const auto root_handlers = root().handlers();
  const auto root_filters = root().filters();
  const int root_level = root().level();
  const std::shared_ptr<Handler> last_resort = lastResort.load();
  const bool emitted = root().manager()->emittedNoHandlerWarning;

  auto saved = std::make_unique<detail::ModuleSnapshot>();

  // Every part changed.
  addLevelName(WARNING, "WARN2");
  addLevelName(77, "SEVENTY");
  raiseExceptions = false;
  logThreads = false;
  logProcesses = false;
  logMultiprocessing = false;
  logAsyncioTasks = false;
  Formatter::default_converter = &Formatter::gmtime;
  setLoggerClass(logger_class<Tagged>());
  setLogRecordFactory(&tagging_factory);
  root().manager()->setLoggerClass(logger_class<Tagged>());
  root().manager()->setLogRecordFactory(&tagging_factory);
  root().manager()->emittedNoHandlerWarning = !emitted;
  disable(INFO);
  root().setLevel(DEBUG);
  auto added = std::make_shared<NullHandler>();
  std::weak_ptr<Handler> added_alive = added;
  root().addHandler(added);
  root().addFilter(std::make_shared<Filter>("x"));
  kept.setLevel(ERROR);
  kept.propagate = false;
  kept.disabled = true;
  kept.removeHandler(kept_handler);
  kept.addHandler(std::make_shared<NullHandler>());
  kept.removeFilter(kept_filter);
  Logger& made = getLogger("snap.made.deep");  // and the placeholder "snap.made"
  Logger& made_parent = getLogger("snap.kept");  // was a placeholder: kept's parent now
  auto on_made = std::make_shared<NullHandler>();
  std::weak_ptr<Handler> on_made_alive = on_made;
  made.addHandler(on_made);
  on_made.reset();
  ASSERT_EQ(kept.parent(), &made_parent);
  ASSERT_EQ(typeid(made), typeid(Tagged));
  const int last_resort_level = last_resort ? last_resort->level() : NOTSET;
  if (last_resort) last_resort->setLevel(CRITICAL);
  lastResort = std::shared_ptr<Handler>();

  saved->restore();
  added.reset();

  EXPECT_EQ(getLevelNamesMapping(), levels_before);
  EXPECT_EQ(getLevelName(WARNING), "WARNING");
  EXPECT_EQ(getLevelName(77), "Level 77");
  EXPECT_TRUE(raiseExceptions);
  EXPECT_TRUE(logThreads);
  EXPECT_TRUE(logProcesses);
  EXPECT_TRUE(logMultiprocessing);
  EXPECT_TRUE(logAsyncioTasks);
  EXPECT_EQ(Formatter::default_converter.load(), &Formatter::localtime);
  EXPECT_EQ(makeLogRecord(Mapping{}).get("tag"), std::nullopt);  // the built-in factory
  EXPECT_FALSE(static_cast<bool>(root().manager()->loggerClass()));
  EXPECT_FALSE(static_cast<bool>(root().manager()->logRecordFactory()));
  EXPECT_EQ(root().manager()->emittedNoHandlerWarning, emitted);
  EXPECT_EQ(root().manager()->disable(), NOTSET);
  EXPECT_EQ(root().level(), root_level);
  EXPECT_EQ(root().handlers(), root_handlers);
  EXPECT_EQ(root().filters(), root_filters);
  EXPECT_TRUE(added_alive.expired());  // only the root held it

  // The loggerDict and the parents.
  EXPECT_EQ(root().manager()->loggerNames(), names_before);
  EXPECT_EQ(kept.parent(), &root());
  EXPECT_EQ(kept.level(), INFO);
  EXPECT_TRUE(kept.propagate);
  EXPECT_FALSE(kept.disabled);
  EXPECT_EQ(kept.handlers(), std::vector<std::shared_ptr<Handler>>{kept_handler});
  EXPECT_EQ(kept.filters(), std::vector<std::shared_ptr<Filter>>{kept_filter});
  EXPECT_TRUE(kept.isEnabledFor(INFO));  // thresholds recomputed after disable and disabled

  // A logger made after the save left the dict, stripped; its name makes a new, plain one,
  // and a placeholder made since is gone (the new logger's parent is the root again).
  EXPECT_TRUE(made.handlers().empty());
  EXPECT_TRUE(on_made_alive.expired());
  Logger& remade = getLogger("snap.made.deep");
  EXPECT_NE(&remade, &made);
  EXPECT_EQ(typeid(remade), typeid(Logger));
  EXPECT_EQ(remade.parent(), &root());
  Logger& remade_parent = getLogger("snap.kept");
  EXPECT_NE(&remade_parent, &made_parent);
  EXPECT_EQ(kept.parent(), &remade_parent);  // the saved placeholder's waiting list fixed it up

  EXPECT_EQ(lastResort.load(), last_resort);
  if (last_resort) {
    EXPECT_EQ(last_resort->level(), last_resort_level);
  }

  kept.removeHandler(kept_handler);
  kept.removeFilter(kept_filter);
}

}  // namespace
}  // namespace pyos::logging::coretest
