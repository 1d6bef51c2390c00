// The module's hooks and switches: setLoggerClass/getLoggerClass and Manager.setLoggerClass,
// setLogRecordFactory/getLogRecordFactory (makeLogRecord included) and
// Manager.setLogRecordFactory, logThreads/logProcesses/logMultiprocessing/logAsyncioTasks,
// and Logger.findCaller. Each expectation was printed by CPython 3.13.0 running the same
// steps in Python; the script's output is quoted next to the assertions.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

class A : public Logger {
  using Logger::Logger;
};
class B : public Logger {
  using Logger::Logger;
};

// The class of a logger, as type(logger).__name__.
std::string class_of(const Logger& l) {
  if (dynamic_cast<const A*>(&l)) return "A";
  if (dynamic_cast<const B*>(&l)) return "B";
  if (dynamic_cast<const RootLogger*>(&l)) return "RootLogger";
  return "Logger";
}

// CPython 3.13:
//   x = getLogger('pre'); getLogger('p.q'); setLoggerClass(A)
//   type(getLogger('p')), type(x), getLoggerClass()          -> A Logger A
//   root.manager.setLoggerClass(B)
//   type(getLogger('n1')), getLoggerClass()                  -> B A
//   setLoggerClass(Logger); type(getLogger('n2'))            -> B   (the manager's wins)
//   root.manager.loggerClass = None
//   type(getLogger('n3')), type(getLogger())                 -> Logger RootLogger
TEST(LoggingCoreHooks, LoggerClassOfTheModuleAndOfTheManager) {
  Logger& x = getLogger("pre");
  getLogger("p.q");  // "p" is a placeholder until asked for
  setLoggerClass(logger_class<A>());
  EXPECT_EQ(class_of(getLogger("p")), "A");  // made now, from the placeholder
  EXPECT_EQ(class_of(x), "Logger");          // existing loggers keep their class
  EXPECT_EQ(class_of(*getLoggerClass()("made.directly")), "A");

  root().manager()->setLoggerClass(logger_class<B>());
  EXPECT_EQ(class_of(getLogger("n1")), "B");
  EXPECT_EQ(class_of(*getLoggerClass()("made.directly")), "A");  // the module's class

  setLoggerClass(logger_class<Logger>());
  EXPECT_EQ(class_of(getLogger("n2")), "B");

  root().manager()->setLoggerClass({});  // Python: manager.loggerClass = None
  EXPECT_EQ(class_of(getLogger("n3")), "Logger");
  EXPECT_EQ(class_of(getLogger()), "RootLogger");
}

// CPython 3.13:
//   old = getLogRecordFactory()
//   def f(*a, **k): r = old(*a, **k); r.custom = 'c'; return r
//   setLogRecordFactory(f); getLogRecordFactory() is f                      -> True
//   r = makeLogRecord({'msg': 'm'}); r.custom, r.levelname, r.getMessage() -> c Level None m
//   a logger with Formatter('%(custom)s %(message)s'): warning('w')         -> "c w"
//   root.manager.setLogRecordFactory(g)  (g sets custom = 'mgr'); warning('w2') -> "c w2"
//   root.manager.logRecordFactory is g                                       -> True
TEST(LoggingCoreHooks, RecordFactoryMakesEveryRecordAndTheManagersIsUnused) {
  const LogRecordFactory old = getLogRecordFactory();
  auto tagging = [old](std::string tag) {
    return [old, tag](std::string_view name, int level, std::string_view pathname, int lineno, const Value& msg,
                      std::span<const Value> args, std::exception_ptr exc_info, std::optional<std::string_view> func,
                      std::optional<std::string> sinfo) {
      LogRecord r = old(name, level, pathname, lineno, msg, args, std::move(exc_info), func, std::move(sinfo));
      r.set("custom", std::string_view(tag));
      return r;
    };
  };
  setLogRecordFactory(tagging("c"));
  {
    LogRecord probe = getLogRecordFactory()("n", WARNING, "p.cpp", 1, Value("x"), {}, nullptr, std::nullopt,
                                            std::nullopt);
    ASSERT_NE(probe.get("custom"), std::nullopt);
    EXPECT_EQ(probe.get("custom")->as_str(), "c");  // getLogRecordFactory() is the one set
  }

  LogRecord r = makeLogRecord(Mapping{{"msg", "m"}});
  ASSERT_NE(r.get("custom"), std::nullopt);
  EXPECT_EQ(r.get("custom")->as_str(), "c");
  EXPECT_EQ(r.levelname, "Level None");
  EXPECT_EQ(r.getMessage(), "m");

  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  h->setFormatter(std::make_shared<Formatter>("%(custom)s %(message)s"));
  Logger& l = getLogger("rf");
  l.addHandler(h);
  l.propagate = false;
  l.warning("w");
  root().manager()->setLogRecordFactory(tagging("mgr"));
  l.warning("w2");
  EXPECT_EQ(out->getvalue(), "c w\nc w2\n");
  EXPECT_TRUE(static_cast<bool>(root().manager()->logRecordFactory()));

  setLogRecordFactory({});  // pyos: empty restores the built-in LogRecord
  EXPECT_EQ(makeLogRecord(Mapping{}).get("custom"), std::nullopt);
  l.removeHandler(h);
}

// CPython 3.13, with logThreads, logProcesses, logMultiprocessing and logAsyncioTasks all
// False:
//   Formatter('%(thread)s|%(threadName)s|%(process)s|%(processName)s|%(taskName)s|%(message)s')
//   warning('off')                                  -> "None|None|None|None|None|off"
//   Formatter('%(process)d %(message)s'); warning('pd') -> handleError:
//     "TypeError: %d format: a real number is required, not NoneType", Message: 'pd'
TEST(LoggingCoreHooks, ThreadAndProcessSwitches) {
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  h->setFormatter(
      std::make_shared<Formatter>("%(thread)s|%(threadName)s|%(process)s|%(processName)s|%(taskName)s|%(message)s"));
  Logger& l = getLogger("flags");
  l.addHandler(h);
  l.propagate = false;
  logThreads = false;
  logProcesses = false;
  logMultiprocessing = false;
  logAsyncioTasks = false;
  l.warning("off");
  EXPECT_EQ(out->getvalue(), "None|None|None|None|None|off\n");

  h->setFormatter(std::make_shared<Formatter>("%(process)d %(message)s"));
  std::string err;
  {
    CaptureFd2 capture;
    l.warning("pd");
    capture.restore();
    err = capture.text();
  }
  EXPECT_EQ(reports_compared(err),
            "--- Logging error ---\n"
            "TypeError: %d format: a real number is required, not NoneType\n"
            "Message: 'pd'\n"
            "Arguments: ()\n");
  logThreads = true;
  logProcesses = true;
  logMultiprocessing = true;
  logAsyncioTasks = true;
  l.removeHandler(h);
}

// Logger.findCaller(stack_info=False, stacklevel=1) -> (co_filename, lineno, co_name, sinfo):
// the logging call's own location at stacklevel 1 (Python: the frame that called findCaller);
// stacklevel 2 is that function's caller; stack_info adds "Stack (most recent call last):"
// and the frames, without a trailing newline (Python strips it).
[[gnu::noinline]] Caller find_from_helper(const Logger& l) { return l.findCaller(false, 2); }

TEST(LoggingCoreHooks, FindCaller) {
  const Logger& l = getLogger("fc");
  const int line = __LINE__ + 1;
  const Caller here = l.findCaller();
  EXPECT_EQ(here.lineno, line);
  EXPECT_EQ(here.funcName, "TestBody");
  EXPECT_TRUE(here.filename.ends_with("core_hooks_test.cpp")) << here.filename;
  EXPECT_EQ(here.stack_info, std::nullopt);

  const int call_line = __LINE__ + 1;
  const Caller up = find_from_helper(l);
  EXPECT_EQ(up.lineno, call_line);
  EXPECT_EQ(up.funcName, "TestBody");

  const Caller with_stack = l.findCaller(true);
  ASSERT_TRUE(with_stack.stack_info.has_value());
  EXPECT_TRUE(with_stack.stack_info->starts_with("Stack (most recent call last):\n")) << *with_stack.stack_info;
  EXPECT_FALSE(with_stack.stack_info->ends_with("\n"));
  EXPECT_NE(with_stack.stack_info->find("core_hooks_test.cpp"), std::string::npos) << *with_stack.stack_info;
}

}  // namespace
}  // namespace pyos::logging::coretest
