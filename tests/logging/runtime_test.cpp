// The logging runtime: threads, fork, re-entry, FileHandler's file life cycle, the
// allocation-free steady state, source locations and exception/stack text.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pyos/io/open.hpp"
#include "pyos/io/stringio.hpp"
#include "logging/runtime.hpp"
#include "pyos/logging.hpp"
#include "pyos/time.hpp"
#include "support/allocations.hpp"
#include "support/pyos_test.hpp"

namespace logging = pyos::logging;
using pyos::test::TempDir;


namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

// A handler that records the messages it emits.
class Capture : public logging::Handler {
 public:
  void emit(logging::LogRecord& record) override { messages.push_back(format(record)); }
  std::vector<std::string> messages;
};

}  // namespace

// An argument whose formatting is visible: its operator<< counts.
struct Loud {
  int* count;
  friend std::ostream& operator<<(std::ostream& os, const Loud& l) { return os << ++*l.count; }
};

TEST(LoggingRuntime, DisabledCallFormatsNothing) {
  int count = 0;
  auto& log = logging::getLogger("rt.disabled");
  auto cap = std::make_shared<Capture>();
  log.addHandler(cap);
  log.setLevel(logging::INFO);
  log.debug("value %s", Loud{&count});
  EXPECT_EQ(count, 0);
  EXPECT_TRUE(cap->messages.empty());
  log.info("value %s", Loud{&count});
  EXPECT_EQ(count, 1);
  ASSERT_EQ(cap->messages.size(), 1u);
  EXPECT_EQ(cap->messages[0], "value 1");
}

TEST(LoggingRuntime, SourceLocationAndFunctionName) {
  auto& log = logging::getLogger("rt.where");
  auto cap = std::make_shared<Capture>();
  cap->setFormatter(std::make_shared<logging::Formatter>("%(filename)s|%(module)s|%(funcName)s|%(lineno)d"));
  log.addHandler(cap);
  const int line = __LINE__ + 1;
  log.warning("here");
  ASSERT_EQ(cap->messages.size(), 1u);
  // gtest's test body is a member function named TestBody.
  EXPECT_EQ(cap->messages[0], "runtime_test.cpp|runtime_test|TestBody|" + std::to_string(line));
  auto lambda = [&] { log.warning("in lambda"); };
  lambda();
  EXPECT_NE(cap->messages[1].find("|<lambda>|"), std::string::npos) << cap->messages[1];
}

TEST(LoggingRuntime, ShortFunctionNames) {
  EXPECT_EQ(logging::detail::short_function_name("int main()"), "main");
  EXPECT_EQ(logging::detail::short_function_name("void app::Db::connect(int, const char*) const"), "connect");
  EXPECT_EQ(logging::detail::short_function_name("auto f(T) [with T = int]"), "f");
  EXPECT_EQ(logging::detail::short_function_name("main()::<lambda()>"), "<lambda>");
  EXPECT_EQ(logging::detail::short_function_name("std::vector<int> ns::make(std::pair<int, int>)"), "make");
}

TEST(LoggingRuntime, ExceptionTextWithNestedCause) {
  auto& log = logging::getLogger("rt.exc");
  auto cap = std::make_shared<Capture>();
  log.addHandler(cap);
  try {
    try {
      throw pyos::FileNotFoundError(2, "No such file or directory", "x.txt");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("loading config failed"));
    }
  } catch (...) {
    log.exception("startup");
  }
  ASSERT_EQ(cap->messages.size(), 1u);
  EXPECT_EQ(cap->messages[0],
            "startup\n"
            "FileNotFoundError: [Errno 2] No such file or directory: 'x.txt'\n\n"
            "The above exception was the direct cause of the following exception:\n\n"
            "std::runtime_error: loading config failed");
}

// An exception's context() (Python's __context__, set by io's close() on the close error)
// and a std::nested_exception cause, rendered as CPython's Formatter.formatException renders
// the same chain of exceptions without tracebacks.
TEST(LoggingRuntime, ExceptionTextFollowsContextAndCauseAsCPython) {
  const nlohmann::json want = pyos::test::run_python(R"(
import json, logging, os
flush = ValueError("flush failed")
close = OSError(9, os.strerror(9)); close.__context__ = flush
outer = RuntimeError("outer"); outer.__cause__ = close
f = logging.Formatter()
print(json.dumps([f.formatException((type(e), e, None)) for e in (close, outer)]))
)");
  auto& log = logging::getLogger("rt.context");
  auto cap = std::make_shared<Capture>();
  cap->setFormatter(std::make_shared<logging::Formatter>("%(message)s"));
  log.addHandler(cap);
  const std::exception_ptr flush = std::make_exception_ptr(pyos::ValueError("flush failed"));
  auto throw_close = [&] {
    try {
      pyos::raise_from_errno(EBADF);
    } catch (pyos::BaseException& e) {
      e.set_context(flush);
      throw;
    }
  };
  try {
    throw_close();
  } catch (...) {
    log.exception("x");
  }
  try {
    try {
      throw_close();
    } catch (...) {
      std::throw_with_nested(pyos::RuntimeError("outer"));
    }
  } catch (...) {
    log.exception("x");
  }
  ASSERT_EQ(cap->messages.size(), 2u);
  EXPECT_EQ(cap->messages[0], "x\n" + want[0].get<std::string>());
  EXPECT_EQ(cap->messages[1], "x\n" + want[1].get<std::string>());
}

TEST(LoggingRuntime, StackInfoNamesTheCaller) {
  auto& log = logging::getLogger("rt.stack");
  auto cap = std::make_shared<Capture>();
  log.addHandler(cap);
  log.warning("with stack", logging::stack_info(true));
  ASSERT_EQ(cap->messages.size(), 1u);
  const std::string& m = cap->messages[0];
  EXPECT_TRUE(m.starts_with("with stack\nStack (most recent call last):\n")) << m;
  EXPECT_NE(m.find("runtime_test.cpp\", line "), std::string::npos) << m;
  EXPECT_NE(m.find(", in TestBody"), std::string::npos) << m;
  EXPECT_NE(m.find("log.warning(\"with stack\", logging::stack_info(true));"), std::string::npos) << m;
}

namespace {
void helper_that_logs(logging::Logger& log) { log.warning("from helper", logging::stacklevel(2)); }
}  // namespace

TEST(LoggingRuntime, StacklevelReportsTheCallersCaller) {
  auto& log = logging::getLogger("rt.stacklevel");
  auto cap = std::make_shared<Capture>();
  cap->setFormatter(std::make_shared<logging::Formatter>("%(funcName)s:%(lineno)d"));
  log.addHandler(cap);
  const int line = __LINE__ + 1;
  helper_that_logs(log);
  ASSERT_EQ(cap->messages.size(), 1u);
  EXPECT_EQ(cap->messages[0], "TestBody:" + std::to_string(line));
}

TEST(LoggingRuntime, ReentryFromEmitIsDroppedAndCounted) {
  auto& log = logging::getLogger("rt.reentry");
  class Reentrant : public logging::Handler {
   public:
    explicit Reentrant(logging::Logger& l) : log_(l) {}
    void emit(logging::LogRecord& record) override {
      lines.push_back(std::string(record.getMessage()));
      log_.warning("logged from emit");  // comes back to this handler
    }
    std::vector<std::string> lines;

   private:
    logging::Logger& log_;
  };
  auto h = std::make_shared<Reentrant>(log);
  log.addHandler(h);
  log.propagate = false;
  log.warning("outer");
  EXPECT_EQ(h->lines, std::vector<std::string>{"outer"});
  EXPECT_EQ(h->droppedRecords(), 1u);
}

namespace {
// The handler lock's two paths (handler.cpp): plain stores while the process has one thread,
// the atomic one otherwise. A thread started inside emit() logs to the same handler: it must
// wait for the lock the first record holds and emit once that record is done; acquire() is
// recursive on both paths. Returns 0 when all of that holds.
int handler_lock_paths_hold(const char* name) {
  auto& log = logging::getLogger(name);
  class ThreadStarting : public logging::Handler {
   public:
    explicit ThreadStarting(logging::Logger& l) : log_(l) {}
    void emit(logging::LogRecord& record) override {
      lines.push_back(record.getMessage() + " begins");
      if (!started.joinable()) {
        started = std::thread([&l = log_] { l.warning("second"); });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it reach the lock
      }
      lines.push_back(record.getMessage() + " ends");
    }
    std::vector<std::string> lines;
    std::thread started;

   private:
    logging::Logger& log_;
  };
  auto h = std::make_shared<ThreadStarting>(log);
  log.addHandler(h);
  log.propagate = false;
  h->acquire();
  h->acquire();  // recursive
  h->release();
  h->release();
  log.warning("first");
  h->started.join();
  log.removeHandler(h);
  const std::vector<std::string> expected = {"first begins", "first ends", "second begins", "second ends"};
  if (h->lines != expected) return 3;
  if (h->droppedRecords() != 0) return 4;
  return 0;
}
}  // namespace

TEST(LoggingRuntime, HandlerLockHoldsInASingleThreadedProcessAndWhenThreadsStart) {
  const bool child = pyos::test::single_threaded_child_possible();
  if (child) {
    EXPECT_EQ(pyos::test::exit_code_in_single_threaded_child([] { return handler_lock_paths_hold("rt.lockpaths.child"); }),
              0);
  }
  EXPECT_EQ(handler_lock_paths_hold("rt.lockpaths.parent"), 0);  // gtest's process: the atomic path
  if (!child) GTEST_SKIP() << "the single-threaded half needs a process that never started a thread (run the test alone)";
}

namespace {
logging::Logger* g_signal_logger = nullptr;
void log_from_signal(int) { g_signal_logger->warning("from signal"); }
}  // namespace

TEST(LoggingRuntime, SignalHandlerInsideEmitDoesNotDeadlock) {
  auto& log = logging::getLogger("rt.signal");
  g_signal_logger = &log;
  class RaisingInEmit : public logging::Handler {
   public:
    void emit(logging::LogRecord& record) override {
      lines.push_back(record.getMessage());
      if (lines.size() == 1) std::raise(SIGUSR1);  // a signal arrives while the lock is held
    }
    std::vector<std::string> lines;
  };
  auto h = std::make_shared<RaisingInEmit>();
  log.addHandler(h);
  log.propagate = false;
  // Warm the signal handler's call site outside a signal (its first use allocates, which a
  // signal handler must not do; ThreadSanitizer checks that).
  h->setLevel(logging::CRITICAL);
  log_from_signal(0);
  h->setLevel(logging::NOTSET);
  struct sigaction sa {};
  sa.sa_handler = &log_from_signal;
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &sa, nullptr), 0);
  log.warning("first");
  log.warning("second");
  EXPECT_EQ(h->lines, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(h->droppedRecords(), 1u);
  signal(SIGUSR1, SIG_DFL);
}

TEST(LoggingRuntime, ThreadsOnOneFileHandlerLoseNothing) {
  TempDir dir;
  const std::string path = (dir / "threads.log");
  auto& log = logging::getLogger("rt.threads");
  auto fh = std::make_shared<logging::FileHandler>(path, "w");
  fh->setFormatter(std::make_shared<logging::Formatter>("%(threadName)s %(message)s"));
  log.addHandler(fh);
  log.propagate = false;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < kPerThread; ++i) log.warning("t%d line %d of a line long enough to tear if torn", t, i);
    });
  }
  for (auto& th : threads) th.join();
  fh->close();
  std::vector<std::string> lines = lines_of(pyos::test::read_bytes(path));
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kPerThread));
  std::set<std::string> unique;
  for (const auto& l : lines) {
    auto space = l.find(' ');
    ASSERT_NE(space, std::string::npos) << l;
    std::string rest = l.substr(space + 1);
    ASSERT_TRUE(rest.ends_with("of a line long enough to tear if torn")) << l;
    unique.insert(rest);
  }
  EXPECT_EQ(unique.size(), lines.size());  // nothing duplicated
}

TEST(LoggingRuntime, ForkedChildCanLogWhileParentThreadHeldTheLock) {
  TempDir dir;
  const std::string path = (dir / "fork.log");
  auto& log = logging::getLogger("rt.fork");
  class Slow : public logging::StreamHandler {
   public:
    using StreamHandler::StreamHandler;
    void emit(logging::LogRecord& record) override {
      StreamHandler::emit(record);
      if (record.getMessage() == "hold") {
        entered.store(true);
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    std::atomic<bool> entered{false};
    std::atomic<bool> release{false};
  };
  auto h = std::make_shared<Slow>(pyos::io::open(path, "w"));
  log.addHandler(h);
  log.propagate = false;
  std::thread holder([&] { log.warning("hold"); });
  while (!h->entered.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  pid_t pid = fork();  // another thread holds the handler lock right now
  if (pid == 0) {
    log.warning("child %d", 1);
    h->flush();
    _exit(0);
  }
  h->release.store(true);
  holder.join();
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "child did not exit (deadlock?)";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  h->close();
  log.removeHandler(h);  // the last owner of the stream besides h: the file closes with h
  std::string text = pyos::test::read_bytes(path);
  EXPECT_NE(text.find("child 1\n"), std::string::npos) << text;
}

TEST(LoggingRuntime, FileHandlerReopensAfterCloseExceptModeW) {
  TempDir dir;
  const std::string a = (dir / "a.log");
  auto& log = logging::getLogger("rt.reopen");
  log.propagate = false;
  auto fh = std::make_shared<logging::FileHandler>(a, "a");
  log.addHandler(fh);
  log.warning("one");
  fh->close();
  log.warning("two");  // Python: a closed FileHandler in mode 'a' opens the file again
  fh->close();
  log.removeHandler(fh);  // or the records below would open a.log again
  EXPECT_EQ(pyos::test::read_bytes(a), "one\ntwo\n");

  const std::string w = (dir / "w.log");
  auto fw = std::make_shared<logging::FileHandler>(w, "w");
  log.addHandler(fw);
  log.warning("three");
  fw->close();
  log.warning("four");  // mode 'w' after close: not reopened (it would truncate)
  EXPECT_EQ(pyos::test::read_bytes(w), "three\n");
  log.removeHandler(fw);
}

// A handler that reached records through a logger, its child and another thread, then
// removed and dropped: nothing of logging's keeps it, so its file closes then, as CPython's
// does when the last reference goes (the live run below). A thread that has logged and is
// still running keeps the handler lists it cached until its next logging call, through
// any logger (docs/logging.md, Dispatch).
TEST(LoggingRuntime, RemovedHandlerIsReleasedAsInCPython) {
  TempDir dir;
  const nlohmann::json want = pyos::test::run_python(R"(
import fcntl, json, logging, os, sys, threading
parent, child = logging.getLogger("rt.release"), logging.getLogger("rt.release.child")
parent.propagate = False
h = logging.FileHandler(os.path.join(sys.argv[1], "r.log"), "w")
fd = h.stream.fileno()
parent.addHandler(h)
parent.warning("one")
child.warning("two")
t = threading.Thread(target=lambda: child.warning("three"))
t.start()
t.join()
parent.removeHandler(h)
del h
try:
    fcntl.fcntl(fd, fcntl.F_GETFD)
    released = False
except OSError:
    released = True
with open(os.path.join(sys.argv[1], "r.log")) as f:
    print(json.dumps({"released": released, "file": f.read()}))
)",
                                                     {dir.path().string()});
  const auto descriptor_open = [](int fd) { return ::fcntl(fd, F_GETFD) != -1; };
  auto& parent = logging::getLogger("rt.release");
  auto& child = logging::getLogger("rt.release.child");
  parent.propagate = false;
  auto h = std::make_shared<logging::FileHandler>(dir / "r.log", "w");
  const int fd = h->stream()->fileno();
  parent.addHandler(h);
  parent.warning("one");
  child.warning("two");
  std::thread([&] { child.warning("three"); }).join();
  const std::weak_ptr<logging::Handler> weak = h;
  parent.removeHandler(h);
  h.reset();
  EXPECT_EQ(weak.expired(), want["released"].get<bool>());
  EXPECT_EQ(!descriptor_open(fd), want["released"].get<bool>());
  EXPECT_EQ(pyos::test::read_bytes(dir / "r.log"), want["file"].get<std::string>());

  // The deviation: a running thread's cache keeps the handler until that thread logs again.
  auto h2 = std::make_shared<logging::FileHandler>(dir / "r2.log", "w");
  const int fd2 = h2->stream()->fileno();
  parent.addHandler(h2);
  auto& elsewhere = logging::getLogger("rt.release.elsewhere");
  elsewhere.propagate = false;
  elsewhere.addHandler(std::make_shared<logging::NullHandler>());
  std::atomic<int> step{0};
  const auto wait_for = [&](int value) {
    while (step.load() != value) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  std::thread other([&] {
    child.warning("four");
    step = 1;
    wait_for(2);
    elsewhere.warning("a record for another logger and handler");
    step = 3;
    wait_for(4);  // the thread (and its cache) outlives the checks below
  });
  wait_for(1);
  const std::weak_ptr<logging::Handler> weak2 = h2;
  parent.removeHandler(h2);
  h2.reset();
  EXPECT_FALSE(weak2.expired()) << "kept by the other thread's cache";
  EXPECT_TRUE(descriptor_open(fd2));
  step = 2;
  wait_for(3);
  EXPECT_TRUE(weak2.expired());
  EXPECT_FALSE(descriptor_open(fd2));
  step = 4;
  other.join();
  EXPECT_EQ(pyos::test::read_bytes(dir / "r2.log"), "four\n");
}

TEST(LoggingRuntime, FileHandlerDelayOpensAtFirstEmit) {
  TempDir dir;
  const std::string p = (dir / "delay.log");
  auto fh = std::make_shared<logging::FileHandler>(p, "a", std::nullopt, /*delay=*/true);
  EXPECT_FALSE(std::ifstream(p).good());
  auto& log = logging::getLogger("rt.delay");
  log.propagate = false;
  log.addHandler(fh);
  log.error("now");
  fh->close();
  EXPECT_EQ(pyos::test::read_bytes(p), "now\n");
  EXPECT_EQ(fh->baseFilename, p);
  EXPECT_EQ(fh->repr(), "<FileHandler " + p + " (NOTSET)>");
}

TEST(LoggingRuntime, BufferedPolicyWritesOnFlushAndClose) {
  TempDir dir;
  const std::string p = (dir / "buffered.log");
  auto fh = std::make_shared<logging::FileHandler>(p, "w");
  fh->setBuffered(true);
  auto& log = logging::getLogger("rt.buffered");
  log.propagate = false;
  log.addHandler(fh);
  log.warning("kept in the buffer");
  EXPECT_EQ(pyos::test::read_bytes(p), "");
  fh->flush();
  EXPECT_EQ(pyos::test::read_bytes(p), "kept in the buffer\n");
  log.warning("until close");
  fh->close();
  EXPECT_EQ(pyos::test::read_bytes(p), "kept in the buffer\nuntil close\n");
}

// A text sink that keeps only a byte count (the record's own cost is measured, not a
// stream's).
class CountingSink : public pyos::io::TextIOBase {
 public:
  std::size_t write(std::string_view text) override {
    bytes += text.size();
    return text.size();
  }
  void flush() override {}
  bool writable() const override { return true; }
  std::size_t bytes = 0;
};

// The counter the steady-state test relies on sees allocations (and only this thread's).
TEST(LoggingRuntime, AllocationCountSeesThisThreadsAllocations) {
  pyos::test::AllocationCount counted;
  auto one = std::make_unique<std::array<char, 100>>();
  std::thread([] { auto other = std::make_unique<int>(1); }).join();
  EXPECT_GE(counted.count(), 1u);
  EXPECT_GE(counted.largest(), 100u);
  counted.reset();
  EXPECT_EQ(counted.count(), 0u);
  std::thread([] { auto other = std::make_unique<int>(1); }).join();  // another thread's
  EXPECT_LE(counted.count(), 1u);  // at most the std::thread's own state, made here
}

TEST(LoggingRuntime, SteadyStateRecordAllocatesNothing) {
  auto& log = logging::getLogger("rt.alloc.a.b");
  auto sink = std::make_shared<CountingSink>();
  auto h = std::make_shared<logging::StreamHandler>(sink);
  h->setFormatter(std::make_shared<logging::Formatter>("%(asctime)s %(levelname)s %(name)s: %(message)s"));
  log.addHandler(h);
  log.propagate = false;
  auto round = [&](int n) {
    for (int i = 0; i < n; ++i) log.warning("Logging int: %d, int: %d, double: %f", i, i + 1, 3.14);
  };
  round(200);  // warm up: pools, caches, the sink's capacity
  // A new second makes the asctime cache format the time again (time.strftime builds a
  // string: one allocation a second, not per record). A counted round that saw the second
  // change is run again; three in a row cannot all straddle one.
  std::size_t allocations = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::int64_t second = pyos::time::time_ns() / 1'000'000'000;
    pyos::test::AllocationCount counted;
    round(200);
    allocations = counted.count();
    if (pyos::time::time_ns() / 1'000'000'000 == second) break;
  }
  EXPECT_EQ(allocations, 0u) << "heap allocations in 200 steady-state records";
  EXPECT_GT(sink->bytes, 200u * 40u);
}

TEST(LoggingRuntime, RecordCopyOwnsItsValues) {
  std::optional<logging::LogRecord> kept;
  class Keep : public logging::Handler {
   public:
    explicit Keep(std::optional<logging::LogRecord>& k) : k_(k) {}
    void emit(logging::LogRecord& record) override { k_ = record; }

   private:
    std::optional<logging::LogRecord>& k_;
  };
  auto& log = logging::getLogger("rt.copy");
  log.propagate = false;
  log.addHandler(std::make_shared<Keep>(kept));
  {
    std::string temporary = "temporary text";
    log.warning("%s and %s", temporary, std::string("another"), logging::extra({{"user", temporary}}));
    temporary.assign(temporary.size(), 'X');
  }
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->getMessage(), "temporary text and another");
  ASSERT_TRUE(kept->get("user"));
  EXPECT_EQ(logging::str(*kept->get("user")), "temporary text");
}
