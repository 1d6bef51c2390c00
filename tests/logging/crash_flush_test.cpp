// enableCrashFlush(): a child process logs numbered records through a buffered FileHandler
// (setBuffered(true): nothing reaches the file until a buffer fills) and then dies of a fatal
// signal — abort(), a real segmentation fault, abort() on another thread. With the crash
// flush the file must hold every record, in order, once; without it the buffered records are
// lost, which shows the hook is what saved them. The child must still die of its signal (the
// default action follows the flush), or reach the handler that was there before.
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pyos/logging.hpp"
#include "support/pyos_test.hpp"

namespace logging = pyos::logging;
using pyos::test::read_bytes;
using pyos::test::TempDir;
using pyos::OSError;
using pyos::ValueError;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// 1,000 records of 13 bytes: the text layer's first 8 KiB chunk has gone to the
// BufferedWriter's buffer, the rest is pending in the text layer; neither is in the file.
constexpr int kRecords = 1000;

std::string expected_records(int n) {
  std::string out;
  char line[32];
  for (int i = 1; i <= n; ++i) out.append(line, static_cast<std::size_t>(std::snprintf(line, sizeof line, "record %05d\n", i)));
  return out;
}

void log_buffered(const std::string& path) {
  auto& log = logging::getLogger("crashflush");
  log.propagate = false;
  auto handler = std::make_shared<logging::FileHandler>(path, "w");
  handler->setFormatter(std::make_shared<logging::Formatter>("%(message)s"));
  handler->setBuffered(true);
  log.addHandler(handler);
  for (int i = 1; i <= kRecords; ++i) log.warning("record %05d", i);
}

// Runs `body` in a child (no core file) and returns its wait status.
int in_child(const std::function<void()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const struct rlimit no_core {0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    try {
      body();
    } catch (...) {
      ::_exit(90);
    }
    ::_exit(91);  // the body was to die
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
  return status;
}

// Died of `sig`. Under the sanitizers a SIGSEGV reaches the runtime's own handler after the
// flush (it was there before), which reports and then aborts or exits non-zero.
::testing::AssertionResult died_of(int status, int sig) {
  if (WIFSIGNALED(status) && WTERMSIG(status) == sig) return ::testing::AssertionSuccess();
  if (kSanitized && sig == SIGSEGV &&
      ((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) ||
       (WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) < 90))) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "wait status " << status << ", not death by signal " << sig;
}

// A page that faults when written.
void segfault() {
  void* page = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) ::_exit(92);
  *static_cast<volatile int*>(page) = 1;
}

// Recursion until the stack's limit faults (not a loop the compiler could make of it: each
// frame's array is used after the call). The bound is far beyond any stack the test allows.
volatile int g_depth_limit = 1 << 30;
int overflow(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  const int below = depth < g_depth_limit ? overflow(depth + 1) : 0;
  return below + frame[0];
}

// A child with the crash flush enabled runs `crash(path)`, which logs the records to `path`
// and dies: it must die of `sig` with every record in the file, once, in order.
void expect_every_record_after(int sig, const std::function<void(const std::string&)>& crash) {
  TempDir tmp;
  const std::string path = tmp / "crash.log";
  const int status = in_child([&] {
    logging::enableCrashFlush();
    crash(path);
  });
  EXPECT_TRUE(died_of(status, sig));
  EXPECT_EQ(read_bytes(path), expected_records(kRecords));
}

}  // namespace

TEST(LoggingCrashFlush, AbortWritesEveryBufferedRecord) {
  expect_every_record_after(SIGABRT, [](const std::string& path) {
    log_buffered(path);
    std::abort();
  });
}

TEST(LoggingCrashFlush, WithoutItTheBufferedRecordsAreLost) {
  TempDir tmp;
  // Never enabled, and enabled then disabled: the file is a strict prefix of the records.
  for (const bool enable_then_disable : {false, true}) {
    const std::string path = tmp / (enable_then_disable ? "disabled.log" : "never.log");
    const int status = in_child([&] {
      if (enable_then_disable) {
        logging::enableCrashFlush();
        logging::disableCrashFlush();
      }
      log_buffered(path);
      std::abort();
    });
    EXPECT_TRUE(died_of(status, SIGABRT));
    const std::string got = read_bytes(path);
    const std::string all = expected_records(kRecords);
    EXPECT_LT(got.size(), all.size()) << enable_then_disable;
    EXPECT_EQ(got, all.substr(0, got.size())) << enable_then_disable;
  }
}

TEST(LoggingCrashFlush, SegmentationFaultWritesEveryBufferedRecord) {
  expect_every_record_after(SIGSEGV, [](const std::string& path) {
    log_buffered(path);
    segfault();
  });
}

TEST(LoggingCrashFlush, StackOverflowRunsOnTheAlternateStack) {
  expect_every_record_after(SIGSEGV, [](const std::string& path) {
    // The main thread's stack, made small so that the overflow comes quickly. (Only the
    // thread that called enableCrashFlush() gets an alternate stack: it is enabled before
    // this runs, on the same thread.)
    const struct rlimit stack {1 << 20, 1 << 20};
    ::setrlimit(RLIMIT_STACK, &stack);
    log_buffered(path);
    overflow(0);
  });
}

TEST(LoggingCrashFlush, AbortOnAnotherThread) {
  expect_every_record_after(SIGABRT, [](const std::string& path) {
    std::thread([&] {
      log_buffered(path);
      std::abort();
    }).join();
  });
}

namespace {
// The child's own SIGABRT handler, there before enableCrashFlush(): it reports the file's
// size as it finds it (the records must be there already) and exits with 7.
int g_report_fd = -1;
const char* g_report_path = nullptr;
void previous_handler(int) {
  struct stat st {};
  const long long size = ::stat(g_report_path, &st) == 0 ? static_cast<long long>(st.st_size) : -1;
  if (::write(g_report_fd, &size, sizeof size) != static_cast<ssize_t>(sizeof size)) ::_exit(8);
  ::_exit(7);
}
}  // namespace

TEST(LoggingCrashFlush, ThePreviousHandlerRunsAfterTheFlush) {
  TempDir tmp;
  const std::string path = tmp / "chain.log";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const int status = in_child([&] {
    ::close(fds[0]);
    g_report_fd = fds[1];
    g_report_path = path.c_str();
    struct sigaction action {};
    action.sa_handler = &previous_handler;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGABRT, &action, nullptr);
    logging::enableCrashFlush();
    log_buffered(path);
    std::abort();
  });
  ::close(fds[1]);
  long long size = -2;
  EXPECT_EQ(::read(fds[0], &size, sizeof size), static_cast<ssize_t>(sizeof size));
  ::close(fds[0]);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 7);
  const std::string all = expected_records(kRecords);
  EXPECT_EQ(size, static_cast<long long>(all.size()));
  EXPECT_EQ(read_bytes(path), all);
}

namespace {
void test_handler(int) {}
}  // namespace

TEST(LoggingCrashFlush, EnableAndDisableReplaceAndRestoreTheDisposition) {
  struct sigaction mine {}, original {}, seen {};
  mine.sa_handler = &test_handler;
  sigemptyset(&mine.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR2, &mine, &original), 0);
  EXPECT_FALSE(logging::isCrashFlushEnabled());
  const int signals[] = {SIGUSR2};
  logging::enableCrashFlush(signals);
  EXPECT_TRUE(logging::isCrashFlushEnabled());
  ::sigaction(SIGUSR2, nullptr, &seen);
  EXPECT_TRUE(seen.sa_flags & SA_SIGINFO);
  EXPECT_NE(reinterpret_cast<void*>(seen.sa_sigaction), reinterpret_cast<void*>(&test_handler));
  // Enabling again replaces the set: SIGUSR2 goes back to the test's handler.
  const int other[] = {SIGUSR1};
  struct sigaction usr1_before {};
  ::sigaction(SIGUSR1, nullptr, &usr1_before);
  logging::enableCrashFlush(other);
  ::sigaction(SIGUSR2, nullptr, &seen);
  EXPECT_EQ(reinterpret_cast<void*>(seen.sa_handler), reinterpret_cast<void*>(&test_handler));
  logging::disableCrashFlush();
  EXPECT_FALSE(logging::isCrashFlushEnabled());
  ::sigaction(SIGUSR1, nullptr, &seen);
  EXPECT_EQ(reinterpret_cast<void*>(seen.sa_handler), reinterpret_cast<void*>(usr1_before.sa_handler));
  logging::disableCrashFlush();  // not enabled: nothing
  ::sigaction(SIGUSR2, &original, nullptr);
}

TEST(LoggingCrashFlush, BadSignalsRaiseAsPythonsSignalModule) {
  // signal.signal(0, h) / signal.signal(65, h): ValueError; SIGKILL: OSError(EINVAL).
  const int zero[] = {0};
  EXPECT_RAISES_MSG(logging::enableCrashFlush(zero), ValueError, "signal number out of range");
  const int big[] = {NSIG};
  EXPECT_RAISES_MSG(logging::enableCrashFlush(big), ValueError, "signal number out of range");
  const int kill[] = {SIGUSR2, SIGKILL};
  EXPECT_RAISES(logging::enableCrashFlush(kill), OSError, EINVAL);
  // Nothing stays installed after the failure.
  EXPECT_FALSE(logging::isCrashFlushEnabled());
  struct sigaction seen {};
  ::sigaction(SIGUSR2, nullptr, &seen);
  EXPECT_FALSE(seen.sa_flags & SA_SIGINFO);
}
