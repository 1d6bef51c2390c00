// Corners of the module found by differential audits against CPython 3.13: disable() at
// the top of the int range, a disabled logger, reprs (loggers with an empty name, a Logger
// subclass, LogRecord), the manager of a Logger made directly, filters that change the list
// while it is walked, asctime after time.tzset(), shutdown() when a handler's flush or close
// raises (and at exit), an un-acquired handler lock released, and stacklevel 0. Each
// expectation was printed by CPython 3.13.0 running the same steps in Python; the script's
// output is quoted next to the assertions.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logging/core_support.hpp"
#include "pyos/time.hpp"

namespace pyos::logging::coretest {
namespace {

// CPython 3.13:
//   lg = getLogger('edges.disable'); disable(2**31 - 1)
//   lg.isEnabledFor(50), lg.isEnabledFor(2**31 - 1)   -> False False
//   disable(NOTSET); lg.disabled = True
//   lg.isEnabledFor(2**31 - 1)                         -> False
//   lg.disabled = False
//   lg.isEnabledFor(2**31 - 1), lg.isEnabledFor(-2**31) -> True False
TEST(LoggingCoreEdges, DisableAtTheTopOfTheIntRange) {
  Logger& lg = getLogger("edges.disable");
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  lg.addHandler(h);
  lg.propagate = false;
  disable(INT_MAX);
  EXPECT_FALSE(lg.isEnabledFor(CRITICAL));
  EXPECT_FALSE(lg.isEnabledFor(INT_MAX));
  lg.critical("not written");
  disable(NOTSET);
  lg.disabled = true;
  EXPECT_FALSE(lg.isEnabledFor(INT_MAX));
  lg.log(INT_MAX, "not written either");
  lg.disabled = false;
  EXPECT_TRUE(lg.isEnabledFor(INT_MAX));
  EXPECT_FALSE(lg.isEnabledFor(INT_MIN));
  lg.critical("written");
  EXPECT_EQ(out->getvalue(), "written\n");
  lg.removeHandler(h);
}

// CPython 3.13:
//   e = root.getChild('')          # a Logger named '' (not the root)
//   repr(e), e is getLogger()      -> <Logger  (WARNING)> False
//   free = Logger('')
//   repr(free), repr(LoggerAdapter(free, None)) -> <Logger  (NOTSET)> <LoggerAdapter  (NOTSET)>
//   Logger('free').manager is root.manager      -> True
TEST(LoggingCoreEdges, EmptyNamesAndLoggersMadeDirectly) {
  Logger& e = root().getChild("");
  EXPECT_EQ(e.repr(), "<Logger  (WARNING)>");
  EXPECT_NE(&e, &root());
  Logger free("");
  EXPECT_EQ(free.repr(), "<Logger  (NOTSET)>");
  LoggerAdapter adapter(free);
  EXPECT_EQ(adapter.repr(), "<LoggerAdapter  (NOTSET)>");
  Logger free2("free");
  EXPECT_EQ(free2.manager(), root().manager());
  EXPECT_EQ(adapter.manager(), root().manager());
  // A handler's repr has no such gap (Python's '<%s (%s)>').
  EXPECT_EQ(NullHandler().repr(), "<NullHandler (NOTSET)>");
}

// CPython 3.13 (Filterer.filter walks the live list: `for f in self.filters`):
//   h = StreamHandler(sys.stdout); h.setFormatter(Formatter('f %(message)s'))
//   a removes itself and passes; b passes; c drops the message 'one'
//   h.addFilter(a); h.addFilter(b); h.addFilter(c)
//   warning('one')  -> nothing; filters run: ['a', 'c']
//   warning('two')  -> "f two";  filters run: ['b', 'c']
//   h.filters.clear(); adder adds late and passes; late drops 'add'
//   warning('add')  -> nothing; filters run: ['adder', 'late']
TEST(LoggingCoreEdges, FiltersChangedWhileFiltering) {
  Logger& lg = getLogger("edges.filters");
  lg.propagate = false;
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  h->setFormatter(std::make_shared<Formatter>("f %(message)s"));
  lg.addHandler(h);
  std::vector<std::string> seen;
  std::shared_ptr<Filter> a;
  a = h->addFilter([&](LogRecord&) {
    seen.push_back("a");
    h->removeFilter(a);
    return true;
  });
  auto b = h->addFilter([&](LogRecord&) {
    seen.push_back("b");
    return true;
  });
  auto c = h->addFilter([&](LogRecord& r) {
    seen.push_back("c");
    return str(r.msg) != "one";
  });
  lg.warning("one");
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "c"}));
  seen.clear();
  lg.warning("two");
  EXPECT_EQ(seen, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(out->getvalue(), "f two\n");

  h->removeFilter(b);
  h->removeFilter(c);
  seen.clear();
  std::shared_ptr<Filter> late;
  auto adder = h->addFilter([&](LogRecord&) {
    seen.push_back("adder");
    late = h->addFilter([&](LogRecord& r) {
      seen.push_back("late");
      return str(r.msg) != "add";
    });
    return true;
  });
  lg.warning("add");
  EXPECT_EQ(seen, (std::vector<std::string>{"adder", "late"}));
  EXPECT_EQ(out->getvalue(), "f two\n");
  lg.removeHandler(h);
}

// A filter that returns a new record (Python 3.12), in each C++ form: a Filter subclass's
// filter_replacing(), and a callable returning std::optional<LogRecord> (nullopt drops).
// CPython 3.13, the same filters returning copy.copy(r) with msg changed, or None:
//   h1 = StreamHandler(o1) ('1 %(message)s'), h2 = StreamHandler(o2) ('2 %(message)s')
//   h1.addFilter(Tag()); h1.addFilter(maybe)
//   lg.warning('a %d', 1); lg.warning('drop %d', 2)
//   o1 -> '1 O:S:a 1\n'   o2 -> '2 a 1\n2 drop 2\n'
//   h1.filter(makeLogRecord({'msg': 'direct'})) -> a new record, msg 'O:S:direct'; the
//   original keeps 'direct'. h1.filter(makeLogRecord({'msg': 'drop'})) -> False
TEST(LoggingCoreEdges, FiltersReturningARecord) {
  class Tag final : public Filter {
   public:
    bool filter_replacing(LogRecord& r, std::optional<LogRecord>& replacement) override {
      replacement.emplace(r);
      replacement->set("msg", Value("S:" + str(r.msg)));
      return true;
    }
  };
  Logger& lg = getLogger("edges.replace");
  lg.propagate = false;
  auto o1 = std::make_shared<io::StringIO>();
  auto o2 = std::make_shared<io::StringIO>();
  auto h1 = std::make_shared<StreamHandler>(o1);
  auto h2 = std::make_shared<StreamHandler>(o2);
  h1->setFormatter(std::make_shared<Formatter>("1 %(message)s"));
  h2->setFormatter(std::make_shared<Formatter>("2 %(message)s"));
  lg.addHandler(h1);
  lg.addHandler(h2);
  h1->addFilter(std::make_shared<Tag>());
  h1->addFilter([](LogRecord& r) -> std::optional<LogRecord> {
    if (r.getMessage().find("drop") != std::string::npos) return std::nullopt;
    LogRecord copy = r;
    copy.set("msg", Value("O:" + str(r.msg)));
    return copy;
  });
  lg.warning("a %d", 1);
  lg.warning("drop %d", 2);
  EXPECT_EQ(o1->getvalue(), "1 O:S:a 1\n");
  EXPECT_EQ(o2->getvalue(), "2 a 1\n2 drop 2\n");
  LogRecord r = makeLogRecord(Mapping{{"msg", "direct"}});
  EXPECT_TRUE(h1->filter(r));
  std::optional<LogRecord> replacement;
  EXPECT_TRUE(h1->filter(r, replacement));  // Python's answer: the new record
  ASSERT_TRUE(replacement.has_value());
  EXPECT_EQ(str(replacement->msg), "O:S:direct");
  EXPECT_EQ(str(r.msg), "direct");
  LogRecord dropped = makeLogRecord(Mapping{{"msg", "drop"}});
  replacement.reset();
  EXPECT_FALSE(h1->filter(dropped, replacement));
  EXPECT_FALSE(replacement.has_value());
  lg.removeHandler(h1);
  lg.removeHandler(h2);
}

// CPython 3.13:
//   r = makeLogRecord({'created': 1700000000.5, 'msecs': 500.0}); f = Formatter('%(asctime)s')
//   os.environ['TZ'] = 'UTC0'; time.tzset(); f.format(r)   -> 2023-11-14 22:13:20,500
//   os.environ['TZ'] = 'JST-9'; time.tzset(); f.format(r)  -> 2023-11-15 07:13:20,500
//   os.environ['TZ'] = 'EST+5'; time.tzset(); f.formatTime(r, '%H:%M:%S %Z') -> 17:13:20 EST
// The second format must not come from the asctime cache the first one filled.
TEST(LoggingCoreEdges, AsctimeFollowsTzset) {
  const char* saved = std::getenv("TZ");
  const std::optional<std::string> old_tz = saved ? std::optional<std::string>(saved) : std::nullopt;
  LogRecord r = makeLogRecord(Mapping{{"created", 1700000000.5}, {"msecs", 500.0}});
  Formatter f("%(asctime)s");
  ::setenv("TZ", "UTC0", 1);
  time::tzset();
  EXPECT_EQ(f.format(r), "2023-11-14 22:13:20,500");
  ::setenv("TZ", "JST-9", 1);
  time::tzset();
  EXPECT_EQ(f.format(r), "2023-11-15 07:13:20,500");
  ::setenv("TZ", "EST+5", 1);
  time::tzset();
  EXPECT_EQ(f.formatTime(r, "%H:%M:%S %Z"), "17:13:20 EST");
  if (old_tz) {
    ::setenv("TZ", old_tz->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  time::tzset();
}

// A handler that notes its flush and close (as "flush h1") and may raise from either.
class Noting final : public Handler {
 public:
  Noting(std::string tag, std::function<void(const std::string&)> note) : tag_(std::move(tag)), note_(std::move(note)) {}
  void emit(LogRecord&) override {}
  void flush() override {
    note_("flush " + tag_);
    if (on_flush) on_flush();
  }
  void close() override {
    note_("close " + tag_);
    Handler::close();
    if (on_close) on_close();
  }
  std::function<void()> on_flush, on_close;

 private:
  std::string tag_;
  std::function<void(const std::string&)> note_;
};

// CPython 3.13: handlers h1, h2, h3 made in that order; h2's flush or close raises; then
// logging.shutdown() (the lines each handler notes, then how shutdown ended):
//   order                 flush h3|close h3|flush h2|close h2|flush h1|close h1|returned
//   flush OSError         flush h3|close h3|flush h2|flush h1|close h1|returned
//   flush ValueError      flush h3|close h3|flush h2|flush h1|close h1|returned
//   close RuntimeError c  flush h3|close h3|flush h2|close h2|raised RuntimeError c
//   flush RuntimeError f  flush h3|close h3|flush h2|raised RuntimeError f
//   the last two with raiseExceptions = False:
//                         flush h3|close h3|flush h2|close h2|flush h1|close h1|returned
//                         flush h3|close h3|flush h2|flush h1|close h1|returned
TEST(LoggingCoreEdges, ShutdownWhenAFlushOrCloseRaises) {
  struct Case {
    const char* name;
    std::function<void(Noting&)> arm;
    bool raise;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"order", [](Noting&) {}, true, "flush h3|close h3|flush h2|close h2|flush h1|close h1|returned"},
      {"flush OSError", [](Noting& h) { h.on_flush = [] { throw OSError("f"); }; }, true,
       "flush h3|close h3|flush h2|flush h1|close h1|returned"},
      {"flush ValueError", [](Noting& h) { h.on_flush = [] { throw ValueError("f"); }; }, true,
       "flush h3|close h3|flush h2|flush h1|close h1|returned"},
      {"close RuntimeError", [](Noting& h) { h.on_close = [] { throw RuntimeError("c"); }; }, true,
       "flush h3|close h3|flush h2|close h2|raised RuntimeError c"},
      {"flush RuntimeError", [](Noting& h) { h.on_flush = [] { throw RuntimeError("f"); }; }, true,
       "flush h3|close h3|flush h2|raised RuntimeError f"},
      {"close RuntimeError, no raise", [](Noting& h) { h.on_close = [] { throw RuntimeError("c"); }; }, false,
       "flush h3|close h3|flush h2|close h2|flush h1|close h1|returned"},
      {"flush RuntimeError, no raise", [](Noting& h) { h.on_flush = [] { throw RuntimeError("f"); }; }, false,
       "flush h3|close h3|flush h2|flush h1|close h1|returned"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string noted;
    auto note = [&noted](const std::string& s) { noted += s + "|"; };
    auto h1 = std::make_shared<Noting>("h1", note);
    auto h2 = std::make_shared<Noting>("h2", note);
    auto h3 = std::make_shared<Noting>("h3", note);
    c.arm(*h2);
    raiseExceptions = c.raise;
    try {
      shutdown();
      noted += "returned";
    } catch (const RuntimeError& e) {
      noted += std::string("raised RuntimeError ") + e.what();
    }
    raiseExceptions = true;
    EXPECT_EQ(noted, c.expected);
  }
}

// What a child process writes to `fd` and to its stderr when it makes handlers, touches no
// logger and returns from exit(0).
std::pair<std::string, std::string> at_exit_of_a_child(const std::function<void(int fd)>& body) {
  int notes[2], err[2];
  if (::pipe(notes) != 0 || ::pipe(err) != 0) return {"pipe failed", ""};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(notes[0]);
    ::close(err[0]);
    ::dup2(err[1], 2);
    body(notes[1]);
    std::exit(0);
  }
  ::close(notes[1]);
  ::close(err[1]);
  auto drain = [](int fd) {
    std::string out;
    char buf[512];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return out;
  };
  std::string noted = drain(notes[0]);
  std::string stderr_text = drain(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {noted, stderr_text};
}

// CPython 3.13, a script that makes handlers and no logger, then ends:
//   h1 = H('h1'); print('end of main')  -> end of main / flush h1 / close h1
// and when a handler's close raises RuntimeError('c') at exit, stderr gets
//   Exception ignored in atexit callback <function shutdown at 0x...>:
//   Traceback (most recent call last): ...
//   RuntimeError: c
// (pyos: no traceback and no address, see "Exceptions have no traceback").
TEST(LoggingCoreEdges, ShutdownRunsAtExitOnceAHandlerExists) {
  auto [noted, err] = at_exit_of_a_child([](int fd) {
    auto note = [fd](const std::string& s) { (void)!::write(fd, (s + "|").data(), s.size() + 1); };
    // Alive at exit: a static shared_ptr would be destroyed before shutdown() runs (it is made
    // after logging registered shutdown()), so the handler stays owned by a pointer that
    // lives on.
    static auto* h1 = new std::shared_ptr<Noting>(std::make_shared<Noting>("h1", note));
    (void)h1;
    note("end of main");
  });
  EXPECT_EQ(noted, "end of main|flush h1|close h1|");
  EXPECT_EQ(err, "");

  std::tie(noted, err) = at_exit_of_a_child([](int fd) {
    auto note = [fd](const std::string& s) { (void)!::write(fd, (s + "|").data(), s.size() + 1); };
    static auto* h1 = new std::shared_ptr<Noting>(std::make_shared<Noting>("h1", note));
    static auto* h2 = new std::shared_ptr<Noting>(std::make_shared<Noting>("h2", note));
    (void)h1;
    (*h2)->on_close = [] { throw RuntimeError("c"); };
  });
  EXPECT_EQ(noted, "flush h2|close h2|");  // the rest of shutdown() is skipped, as in CPython
  EXPECT_EQ(err, "Exception ignored in atexit callback <function shutdown>:\nRuntimeError: c\n");
}

// CPython 3.13:
//   h = Handler(); h.release()               -> RuntimeError: cannot release un-acquired lock
//   h.acquire(); h.release(); h.release()    -> RuntimeError: cannot release un-acquired lock
TEST(LoggingCoreEdges, ReleasingAnUnacquiredLockRaises) {
  NullHandler h;
  EXPECT_RAISES_MSG(h.release(), RuntimeError, "cannot release un-acquired lock");
  h.acquire();
  h.acquire();
  h.release();
  h.release();
  EXPECT_RAISES_MSG(h.release(), RuntimeError, "cannot release un-acquired lock");
}

// CPython 3.13:
//   repr(LogRecord('n', 20, '/p/f.py', 7, 'm %s', ('x',), None))  -> <LogRecord: n, 20, /p/f.py, 7, "m %s">
//   (str() is the same); with msg 12 and no args                   -> <LogRecord: n, 20, /p/f.py, 7, "12">
//   class MyLogger(Logger): pass; repr(MyLogger('custom'))        -> <MyLogger custom (NOTSET)>
class MyLogger : public Logger {
 public:
  using Logger::Logger;

 protected:
  std::string_view class_name() const noexcept override { return "MyLogger"; }
};

TEST(LoggingCoreEdges, ReprOfARecordAndOfALoggerSubclass) {
  const Value args[] = {Value("x")};
  EXPECT_EQ(LogRecord("n", 20, "/p/f.py", 7, Value("m %s"), args).repr(), "<LogRecord: n, 20, /p/f.py, 7, \"m %s\">");
  EXPECT_EQ(LogRecord("n", 20, "/p/f.py", 7, Value(12), {}).repr(), "<LogRecord: n, 20, /p/f.py, 7, \"12\">");
  EXPECT_EQ(MyLogger("custom").repr(), "<MyLogger custom (NOTSET)>");
}

// stacklevel=0 walks no frame. CPython reports its own findCaller: a handler with
// Formatter('%(filename)s|%(funcName)s|%(message)s') prints "__init__.py|findCaller|zero".
// pyos's findCaller is in src/logging/logger.cpp, so: "logger.cpp|findCaller|zero".
TEST(LoggingCoreEdges, StacklevelZeroIsLoggingsOwnFrame) {
  Logger& lg = getLogger("edges.stacklevel");
  lg.propagate = false;
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  h->setFormatter(std::make_shared<Formatter>("%(filename)s|%(funcName)s|%(message)s"));
  lg.addHandler(h);
  lg.warning("zero", stacklevel(0));
  lg.warning("one", stacklevel(1));
  EXPECT_EQ(out->getvalue(), "logger.cpp|findCaller|zero\ncore_edges_test.cpp|TestBody|one\n");
  EXPECT_EQ(lg.findCaller(false, 0).funcName, "findCaller");
  lg.removeHandler(h);
}

// A handler that writes "TAG:message" to a shared text and runs its action once.
class Acting final : public Handler {
 public:
  Acting(std::string tag, std::string& out) : tag_(std::move(tag)), out_(out) {}
  void emit(LogRecord& r) override {
    out_ += tag_ + ":" + r.getMessage() + "\n";
    if (action) std::exchange(action, nullptr)();
  }
  std::function<void()> action;

 private:
  std::string tag_;
  std::string& out_;
};

// CPython 3.13 (callHandlers walks each logger's live list, and reads propagate and parent
// as it goes); A's emit does its action once, then warning('one'); warning('two'):
//   c1: A, B, C on l; A removes B        -> A:one C:one A:two C:two
//   c2: A, B, C on l; A removes A        -> A:one C:one B:two C:two
//   c3: A on l; A adds D to l            -> A:one D:one A:two D:two
//   c4: A on c4.x, P on c4; A sets c4.x's propagate False -> A:one A:two
//   c5: A on c5.x; A adds P to c5        -> A:one P:one A:two P:two
//   c6: A on c6.x, P on c6; A removes P  -> A:one A:two
//   c7: A, B on l; A sets B's level ERROR -> A:one A:two
TEST(LoggingCoreEdges, HandlersChangedDuringDispatch) {
  std::string out;
  auto run = [&out](Logger& l) {
    l.warning("one");
    l.warning("two");
    return std::exchange(out, "");
  };
  auto isolated = [](const char* name) -> Logger& {
    Logger& l = getLogger(name);
    l.propagate = false;
    return l;
  };
  auto handler = [&out](const char* tag) { return std::make_shared<Acting>(tag, out); };
  auto on = [&handler](Logger& l, const char* tag) {
    auto h = handler(tag);
    l.addHandler(h);
    return h;
  };
  {
    Logger& l = isolated("c1");
    auto a = on(l, "A"), b = on(l, "B"), c = on(l, "C");
    a->action = [&l, b] { l.removeHandler(b); };
    EXPECT_EQ(run(l), "A:one\nC:one\nA:two\nC:two\n");
  }
  {
    Logger& l = isolated("c2");
    auto a = on(l, "A"), b = on(l, "B"), c = on(l, "C");
    a->action = [&l, a] { l.removeHandler(a); };
    EXPECT_EQ(run(l), "A:one\nC:one\nB:two\nC:two\n");
  }
  {
    Logger& l = isolated("c3");
    auto a = on(l, "A"), d = handler("D");
    a->action = [&l, d] { l.addHandler(d); };
    EXPECT_EQ(run(l), "A:one\nD:one\nA:two\nD:two\n");
  }
  {
    Logger& p = isolated("c4");
    Logger& l = getLogger("c4.x");
    auto ph = on(p, "P"), a = on(l, "A");
    a->action = [&l] { l.propagate = false; };
    EXPECT_EQ(run(l), "A:one\nA:two\n");
  }
  {
    Logger& p = isolated("c5");
    Logger& l = getLogger("c5.x");
    auto a = on(l, "A"), ph = handler("P");
    a->action = [&p, ph] { p.addHandler(ph); };
    EXPECT_EQ(run(l), "A:one\nP:one\nA:two\nP:two\n");
  }
  {
    Logger& p = isolated("c6");
    Logger& l = getLogger("c6.x");
    auto a = on(l, "A"), ph = on(p, "P");
    a->action = [&p, ph] { p.removeHandler(ph); };
    EXPECT_EQ(run(l), "A:one\nA:two\n");
  }
  {
    Logger& l = isolated("c7");
    auto a = on(l, "A"), b = on(l, "B");
    a->action = [b] { b->setLevel(ERROR); };
    EXPECT_EQ(run(l), "A:one\nA:two\n");
  }
}

// CPython 3.13, traceback.print_exception of exceptions without tracebacks:
//   e = ValueError('self'); e.__context__ = e                 -> "ValueError: self" once
//   a = ValueError('a'); b = ValueError('b'); a.__context__ = b; b.__context__ = a; print a
//     -> "ValueError: b", During handling..., "ValueError: a"
//   e0 ... e69, each e(i+1).__context__ = e(i); print e69
//     -> all 70, from "ValueError: e0" to "ValueError: e69"
TEST(LoggingCoreEdges, ExceptionChainsPrintEachExceptionOnce) {
  const std::string during = "\n\nDuring handling of the above exception, another exception occurred:\n\n";
  Formatter f;
  {
    auto self = std::make_exception_ptr(ValueError("self"));
    try {
      std::rethrow_exception(self);
    } catch (ValueError& e) {
      e.set_context(self);  // the same object: its own context
    }
    EXPECT_EQ(f.formatException(self), "ValueError: self");
    try {
      std::rethrow_exception(self);
    } catch (ValueError& e) {
      e.set_context(nullptr);  // the cycle, broken so that the exception is freed
    }
  }
  {
    auto a = std::make_exception_ptr(ValueError("a"));
    auto b = std::make_exception_ptr(ValueError("b"));
    try {
      std::rethrow_exception(a);
    } catch (ValueError& e) {
      e.set_context(b);
    }
    try {
      std::rethrow_exception(b);
    } catch (ValueError& e) {
      e.set_context(a);
    }
    EXPECT_EQ(f.formatException(a), "ValueError: b" + during + "ValueError: a");
    try {
      std::rethrow_exception(a);
    } catch (ValueError& e) {
      e.set_context(nullptr);
    }
  }
  {
    std::exception_ptr previous;
    std::string expected;
    for (int i = 0; i < 70; ++i) {
      ValueError e("e" + std::to_string(i));
      e.set_context(previous);
      previous = std::make_exception_ptr(e);
      expected += (i ? during : "") + "ValueError: e" + std::to_string(i);
    }
    EXPECT_EQ(f.formatException(previous), expected);
  }
}

// CPython 3.13: Formatter('{a!x}', style='{') raises ValueError('invalid format: invalid
// conversion: 'x'') from `except ValueError`, whose __context__ is ValueError("invalid
// conversion: 'x'"); Formatter('{', style='{') chains ValueError("Single '{' encountered in
// format string") the same way.
TEST(LoggingCoreEdges, ValidateErrorsChainTheFirstError) {
  auto context_text = [](const std::string& fmt) -> std::string {
    try {
      Formatter f(fmt, std::nullopt, '{');
    } catch (const ValueError& e) {
      if (!e.context()) return "no context: " + e.str();
      try {
        std::rethrow_exception(e.context());
      } catch (const ValueError& inner) {
        return e.str() + " <- " + inner.str();
      }
    }
    return "no error";
  };
  EXPECT_EQ(context_text("{a!x}"), "invalid format: invalid conversion: 'x' <- invalid conversion: 'x'");
  EXPECT_EQ(context_text("{"),
            "invalid format: Single '{' encountered in format string <- Single '{' encountered in format string");
}

// CPython 3.13:
//   class H(StreamHandler): def format(self, r): return 'CUSTOM:' + super().format(r)
//   class L(Logger): def findCaller(self, stack_info=False, stacklevel=1): return ('fake.py', 42, 'fake', None)
//   with Formatter('%(pathname)s:%(lineno)d:%(funcName)s %(message)s'):
//   L('l').warning('hello') through H              -> "CUSTOM:fake.py:42:fake hello"
//   NullHandler().handle(record)                   -> None (false)
class CustomFormat final : public StreamHandler {
 public:
  using StreamHandler::StreamHandler;
  void format(LogRecord& record, std::string& out) override {
    out += "CUSTOM:";
    StreamHandler::format(record, out);
  }
};

class FakeCaller final : public Logger {
 public:
  using Logger::Logger;
  Caller findCaller(bool, int, std::source_location) const override { return {"fake.py", 42, "fake", std::nullopt}; }
};

TEST(LoggingCoreEdges, FormatAndFindCallerOverridesAndNullHandlerHandle) {
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<CustomFormat>(out);
  h->setFormatter(std::make_shared<Formatter>("%(pathname)s:%(lineno)d:%(funcName)s %(message)s"));
  FakeCaller l("l");
  l.addHandler(h);
  l.warning("hello");
  EXPECT_EQ(out->getvalue(), "CUSTOM:fake.py:42:fake hello\n");
  l.removeHandler(h);
  LogRecord r = makeLogRecord(Mapping{{"msg", "m"}});
  EXPECT_FALSE(NullHandler().handle(r));
}

// CPython 3.13:
//   Logger.root is root, getLogger('a.b').root is root        -> True True
//   LoggerAdapter(getLogger('ad.lvl')).setLevel('INFO'); logger.level -> 20
//   f = Formatter('<%(message)s>'); f.formatStack('x\ny')      -> 'x\ny'
//   r = makeLogRecord({'msg': 'm %s', 'args': ('a',)})
//   f.formatMessage(r)   -> ValueError: Formatting field not found in record: 'message'
//   f.format(r); f.formatMessage(r)                           -> '<m a>'
//   class FH(FileHandler): _open counts; FH(path, delay=True): 0 opens; handle(r): 1;
//   close(); handle(r): 2; the file: 'm a\nm a\n'
class CountingFileHandler final : public FileHandler {
 public:
  using FileHandler::FileHandler;
  int opened = 0;

 protected:
  std::shared_ptr<io::IOBase> _open() override {
    ++opened;
    return FileHandler::_open();
  }
};

TEST(LoggingCoreEdges, RootAdapterLevelNamesStringFormsAndOpenHook) {
  EXPECT_EQ(&Logger::root(), &root());
  EXPECT_EQ(&getLogger("a.b").root(), &root());
  LoggerAdapter adapter(getLogger("ad.lvl"));
  adapter.setLevel("INFO");
  EXPECT_EQ(adapter.logger->level(), INFO);

  Formatter f("<%(message)s>");
  EXPECT_EQ(f.formatStack("x\ny"), "x\ny");
  const Value args[] = {Value("a")};
  LogRecord r = makeLogRecord(Mapping{{"msg", "m %s"}});
  r.args = args;
  EXPECT_RAISES_MSG(f.formatMessage(r), ValueError, "Formatting field not found in record: 'message'");
  f.format(r);
  EXPECT_EQ(f.formatMessage(r), "<m a>");

  const pyos::test::TempDir dir;
  const std::string path = dir / "x.log";
  auto h = std::make_shared<CountingFileHandler>(path, "a", std::nullopt, true);
  EXPECT_EQ(h->opened, 0);
  h->handle(r);
  EXPECT_EQ(h->opened, 1);
  h->close();
  h->handle(r);
  EXPECT_EQ(h->opened, 2);
  h->close();
  std::ifstream in(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "m a\nm a\n");
}

}  // namespace
}  // namespace pyos::logging::coretest
