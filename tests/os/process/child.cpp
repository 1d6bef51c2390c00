#include "os/process/child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <condition_variable>
#include <mutex>
#include <thread>

#ifdef __SANITIZE_THREAD__
// These tests fork while other threads run (that is what several of them test). A forked
// child inherits ThreadSanitizer's record of those threads, which do not exist in it, and
// reports them as leaked when it exits, failing the child. Thread leaks are not reported in
// this binary for that reason; data races and lock-order problems still are.
extern "C" const char* __tsan_default_options();
extern "C" const char* __tsan_default_options() { return "report_thread_leaks=0"; }
#endif

namespace pyos::test {

using Clock = std::chrono::steady_clock;

std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto pause = 1ms;
  for (;;) {
    int status = 0;
    const pid_t got = ::waitpid(pid, &status, WNOHANG);
    if (got == pid) return status;
    if (got < 0 && errno != EINTR) {
      ADD_FAILURE() << "waitpid(" << pid << "): errno " << errno;
      return std::nullopt;
    }
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      ADD_FAILURE() << "child " << pid << " still running after " << timeout.count()
                    << " ms: killed";
      return std::nullopt;
    }
    std::this_thread::sleep_for(pause);
    if (pause < 20ms) pause *= 2;
  }
}

int ChildResult::exitcode() const {
  if (!status) return -1000;
  if (WIFEXITED(*status)) return WEXITSTATUS(*status);
  if (WIFSIGNALED(*status)) return -WTERMSIG(*status);
  return -2000;
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::string read_all(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string out;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    struct pollfd p = {fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

ChildResult run_in_child(const std::function<int(int out_fd)>& body, std::chrono::milliseconds timeout) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2";
    return {};
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: errno " << errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return {};
  }
  if (pid == 0) {
    ::close(fds[0]);
    int code = 98;
    try {
      code = body(fds[1]);
    } catch (...) {
      code = 98;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  ChildResult r;
  r.output = read_all(fds[0], timeout);
  ::close(fds[0]);
  r.status = wait_for(pid, timeout);
  return r;
}

namespace {
// The children of this process, from the ppid field of /proc/<pid>/stat.
std::vector<pid_t> my_children() {
  std::vector<pid_t> out;
  const pid_t self = ::getpid();
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid == self) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}
}  // namespace

struct Watchdog::State {
  std::mutex mutex;
  std::condition_variable cv;
  bool cancelled = false;
  bool fired = false;
  std::thread thread;
};

Watchdog::Watchdog(std::chrono::milliseconds timeout) : state_(std::make_unique<State>()) {
  State* s = state_.get();
  sigset_t all, old;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);  // the thread inherits "all blocked"
  s->thread = std::thread([s, timeout] {
    std::unique_lock lock(s->mutex);
    if (s->cv.wait_for(lock, timeout, [s] { return s->cancelled; })) return;
    s->fired = true;
    for (pid_t pid : my_children()) ::kill(pid, SIGKILL);
  });
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(state_->mutex);
    state_->cancelled = true;
  }
  state_->cv.notify_all();
  state_->thread.join();
  if (state_->fired) ADD_FAILURE() << "a wait outlived its deadline: the children were killed";
}

bool drop_privileges() {
  if (::geteuid() != 0) return true;
  return ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 && ::setuid(65534) == 0;
}

}  // namespace pyos::test
