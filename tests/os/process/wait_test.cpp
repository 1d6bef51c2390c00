// The wait family, os.waitstatus_to_exitcode and the W* helpers: statuses from a golden
// table of CPython's answers, real children killed by each common signal compared live with
// CPython doing the same, EINTR retried, ChildProcessError.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "os/process/child.hpp"
#include "pyos/os/process.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/wait.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

using namespace std::chrono_literals;

// A child that exits with `code` after `delay`.
pid_t child_exiting(int code, std::chrono::milliseconds delay = 0ms) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    ::_exit(code);
  }
  return pid;
}

// A child that sleeps until killed.
pid_t child_sleeping() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) ::pause();
  }
  return pid;
}

TEST(WaitStatus, MatchesCPythonsTable) {
  const auto doc = test::golden("os_process/waitstatus.json");
  for (const auto& c : test::golden_cases(doc)) {
    const int status = c.at("status").get<int>();
    SCOPED_TRACE(status);
    if (c.contains("exitcode")) {
      EXPECT_EQ(waitstatus_to_exitcode(status), c.at("exitcode").get<int>());
    } else {
      EXPECT_RAISES_MSG(waitstatus_to_exitcode(status), ValueError, c.at("error").get<std::string>());
    }
    EXPECT_EQ(int(WCOREDUMP_(status)), c.at("WCOREDUMP").get<int>());
    EXPECT_EQ(int(WIFCONTINUED_(status)), c.at("WIFCONTINUED").get<int>());
    EXPECT_EQ(int(WIFSTOPPED_(status)), c.at("WIFSTOPPED").get<int>());
    EXPECT_EQ(int(WIFSIGNALED_(status)), c.at("WIFSIGNALED").get<int>());
    EXPECT_EQ(int(WIFEXITED_(status)), c.at("WIFEXITED").get<int>());
    EXPECT_EQ(WEXITSTATUS_(status), c.at("WEXITSTATUS").get<int>());
    EXPECT_EQ(WSTOPSIG_(status), c.at("WSTOPSIG").get<int>());
    EXPECT_EQ(WTERMSIG_(status), c.at("WTERMSIG").get<int>());
  }
}

TEST(Wait, WaitAndWaitpid) {
  test::Watchdog dog;
  pid_t pid = child_exiting(3);
  auto w = waitpid(pid, 0);
  EXPECT_EQ(w.pid, pid);
  EXPECT_EQ(waitstatus_to_exitcode(w.status), 3);
  pid = child_exiting(4);
  w = wait();
  EXPECT_EQ(w.pid, pid);
  EXPECT_EQ(WEXITSTATUS_(w.status), 4);
  // WNOHANG with a running child: (0, 0).
  pid = child_sleeping();
  EXPECT_EQ(waitpid(pid, WNOHANG), (wait_result{0, 0}));
  kill(pid, SIGKILL);
  w = waitpid(-1, 0);
  EXPECT_EQ(w.pid, pid);
  EXPECT_EQ(waitstatus_to_exitcode(w.status), -SIGKILL);
  // No child left.
  EXPECT_RAISES_MSG(waitpid(-1, 0), ChildProcessError, "[Errno 10] No child processes");
  EXPECT_RAISES_MSG(wait(), ChildProcessError, "[Errno 10] No child processes");
  EXPECT_RAISES_MSG(wait3(0), ChildProcessError, "[Errno 10] No child processes");
  EXPECT_RAISES_MSG(wait4(-1, 0), ChildProcessError, "[Errno 10] No child processes");
  EXPECT_RAISES_MSG(waitid(P_ALL, 0, WEXITED), ChildProcessError, "[Errno 10] No child processes");
  EXPECT_RAISES_MSG(waitid(P_ALL, 0, 0), OSError, "[Errno 22] Invalid argument");
  // 4194304 is Linux's PID_MAX_LIMIT: pid_max is at most that and every id is below pid_max, so
  // no process, group or session has this id on any machine.
  EXPECT_RAISES_MSG(waitpid(4194304, 0), ChildProcessError, "[Errno 10] No child processes");
}

TEST(Wait, Wait3AndWait4ReportResourceUsage) {
  test::Watchdog dog;
  // test_wait3: with WNOHANG and nothing to report, the rusage is all zero (bpo-36279).
  const pid_t sleeper = child_sleeping();
  const auto none = wait3(WNOHANG);
  EXPECT_EQ(none.pid, 0);
  EXPECT_EQ(none.status, 0);
  EXPECT_EQ(none.rusage, struct_rusage{});
  EXPECT_EQ(wait4(sleeper, WNOHANG).rusage, struct_rusage{});
  kill(sleeper, SIGKILL);
  const auto killed = wait4(sleeper, 0);
  EXPECT_EQ(killed.pid, sleeper);
  EXPECT_EQ(WTERMSIG_(killed.status), SIGKILL);

  // A child that burns CPU for a while shows it.
  const pid_t busy = ::fork();
  if (busy == 0) {
    volatile double x = 0;
    const auto end = std::chrono::steady_clock::now() + 100ms;
    while (std::chrono::steady_clock::now() < end) x = x + 1;
    ::_exit(9);
  }
  const auto w = wait4(busy, 0);
  EXPECT_EQ(w.pid, busy);
  EXPECT_EQ(waitstatus_to_exitcode(w.status), 9);
  EXPECT_GT(w.rusage.ru_utime + w.rusage.ru_stime, 0.0);
  EXPECT_GT(w.rusage.ru_maxrss, 0);
  EXPECT_GT(w.rusage.ru_minflt, 0);
  const pid_t other = child_exiting(1);
  const auto w3 = wait3(0);
  EXPECT_EQ(w3.pid, other);
  EXPECT_GT(w3.rusage.ru_maxrss, 0);
}

TEST(Wait, Waitid) {
  test::Watchdog dog;
  // The child exits when the pipe closes, so it is still running at the WNOHANG call
  // however late this process gets there.
  int go[2];
  ASSERT_EQ(::pipe2(go, O_CLOEXEC), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(go[1]);
    char c;
    (void)!::read(go[0], &c, 1);
    ::_exit(5);
  }
  ::close(go[0]);
  EXPECT_EQ(waitid(P_PID, static_cast<id_t>(pid), WEXITED | WNOHANG), std::nullopt);
  ::close(go[1]);
  // WNOWAIT leaves the child waitable.
  auto r = waitid(P_PID, static_cast<id_t>(pid), WEXITED | WNOWAIT);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->si_pid_, pid);
  r = waitid(P_PID, static_cast<id_t>(pid), WEXITED);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (waitid_result{pid, getuid(), SIGCHLD, 5, CLD_EXITED}));

  pid = child_sleeping();
  kill(pid, SIGTERM);
  r = waitid(P_ALL, 0, WEXITED);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (waitid_result{pid, getuid(), SIGCHLD, SIGTERM, CLD_KILLED}));

  // P_PIDFD (Linux 5.4).
  pid = child_exiting(6);
  const int pidfd = pidfd_open(pid);
  r = waitid(P_PIDFD, static_cast<id_t>(pidfd), WEXITED);
  ::close(pidfd);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->si_status_, 6);
  EXPECT_EQ(r->si_code, CLD_EXITED);
}

TEST(Wait, StoppedAndContinuedChildren) {
  test::Watchdog dog;
  const pid_t pid = child_sleeping();
  kill(pid, SIGSTOP);
  auto w = waitpid(pid, WUNTRACED);
  EXPECT_TRUE(WIFSTOPPED_(w.status));
  EXPECT_EQ(WSTOPSIG_(w.status), SIGSTOP);
  EXPECT_RAISES_MSG(waitstatus_to_exitcode(w.status), ValueError,
                    "process stopped by delivery of signal " + std::to_string(SIGSTOP));
  kill(pid, SIGCONT);
  w = waitpid(pid, WCONTINUED);
  EXPECT_TRUE(WIFCONTINUED_(w.status));
  kill(pid, SIGSTOP);
  auto r = waitid(P_PID, static_cast<id_t>(pid), WSTOPPED);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->si_code, CLD_STOPPED);
  EXPECT_EQ(r->si_status_, SIGSTOP);
  kill(pid, SIGCONT);
  r = waitid(P_PID, static_cast<id_t>(pid), WCONTINUED);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->si_code, CLD_CONTINUED);
  kill(pid, SIGKILL);
  EXPECT_EQ(waitpid(pid, 0).pid, pid);
}

std::atomic<int> g_alarms{0};
void on_alarm(int) { g_alarms.fetch_add(1); }

// PEP 475: a signal whose handler returns does not interrupt the wait.
TEST(Wait, EintrIsRetried) {
  test::Watchdog dog;
  struct sigaction sa {}, old {};
  sa.sa_handler = on_alarm;  // no SA_RESTART: the kernel reports EINTR
  ASSERT_EQ(::sigaction(SIGALRM, &sa, &old), 0);
  struct itimerval every {{0, 20000}, {0, 20000}}, off {};
  const pid_t a = child_exiting(11, 200ms);
  const pid_t b = child_exiting(12, 200ms);
  const pid_t c = child_exiting(13, 200ms);
  const pid_t d = child_exiting(14, 200ms);
  ASSERT_EQ(::setitimer(ITIMER_REAL, &every, nullptr), 0);
  const auto wa = waitpid(a, 0);
  const auto wb = wait4(b, 0);
  const auto wc = waitid(P_PID, static_cast<id_t>(c), WEXITED);
  const auto wd = waitpid(d, 0);
  ::setitimer(ITIMER_REAL, &off, nullptr);
  ::sigaction(SIGALRM, &old, nullptr);
  EXPECT_GT(g_alarms.load(), 2);
  EXPECT_EQ(WEXITSTATUS_(wa.status), 11);
  EXPECT_EQ(WEXITSTATUS_(wb.status), 12);
  ASSERT_TRUE(wc);
  EXPECT_EQ(wc->si_status_, 13);
  EXPECT_EQ(WEXITSTATUS_(wd.status), 14);
}

constexpr const char* kPythonKill = R"(
import json, os, signal, sys, time
out = {}
sigs = [getattr(signal, name) for name in sys.argv[1:]]
for name, sig in zip(sys.argv[1:], sigs):
    # setsigdef: CPython ignores SIGPIPE and SIGXFSZ, and posix_spawn keeps ignored signals
    # ignored; both sides reset the tested ones.
    pid = os.posix_spawn("/bin/sleep", ["sleep", "30"], None, setsigdef=sigs)
    os.kill(pid, sig)
    _, status = os.waitpid(pid, 0)
    out[name] = {"exitcode": os.waitstatus_to_exitcode(status), "signaled": os.WIFSIGNALED(status),
                 "termsig": os.WTERMSIG(status), "core": os.WCOREDUMP(status)}
print(json.dumps(out))
)";

TEST(Wait, KillingAChildWithEachCommonSignalMatchesCPythonLive) {
  test::Watchdog dog;
  const std::vector<std::pair<std::string, int>> signals = {
      {"SIGTERM", SIGTERM}, {"SIGKILL", SIGKILL}, {"SIGINT", SIGINT},   {"SIGHUP", SIGHUP},
      {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGALRM", SIGALRM}, {"SIGPIPE", SIGPIPE},
      {"SIGQUIT", SIGQUIT}, {"SIGABRT", SIGABRT}, {"SIGSEGV", SIGSEGV},
  };
  // No core files: both sides' children inherit this limit.
  struct rlimit saved {}, none {};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &saved), 0);
  none.rlim_max = saved.rlim_max;
  ASSERT_EQ(::setrlimit(RLIMIT_CORE, &none), 0);
  std::vector<std::string> names;
  for (const auto& s : signals) names.push_back(s.first);
  const auto py = test::run_python(kPythonKill, names);
  for (const auto& [name, sig] : signals) {
    SCOPED_TRACE(name);
    std::vector<int> all;
    for (const auto& s : signals) all.push_back(s.second);
    const pid_t pid = posix_spawn("/bin/sleep", {"sleep", "30"}, std::nullopt, {.setsigdef = all});
    kill(pid, sig);
    const auto w = waitpid(pid, 0);
    const auto& want = py.at(name);
    EXPECT_EQ(waitstatus_to_exitcode(w.status), want.at("exitcode").get<int>());
    EXPECT_EQ(waitstatus_to_exitcode(w.status), -sig);
    EXPECT_EQ(WIFSIGNALED_(w.status), want.at("signaled").get<bool>());
    EXPECT_EQ(WTERMSIG_(w.status), want.at("termsig").get<int>());
    EXPECT_EQ(WCOREDUMP_(w.status), want.at("core").get<bool>());
  }
  ::setrlimit(RLIMIT_CORE, &saved);
}

TEST(Wait, ProcessGroupWaits) {
  test::Watchdog dog;
  const pid_t leader = ::fork();
  if (leader == 0) {
    ::setpgid(0, 0);
    std::this_thread::sleep_for(50ms);
    ::_exit(21);
  }
  (void)::setpgid(leader, leader);
  const auto w = waitpid(-leader, 0);
  EXPECT_EQ(w.pid, leader);
  EXPECT_EQ(WEXITSTATUS_(w.status), 21);
  const pid_t same_group = child_exiting(22);
  const auto w0 = waitpid(0, 0);
  EXPECT_EQ(w0.pid, same_group);
}

}  // namespace
}  // namespace pyos::os
