// File: tests/support/test_main.cpp
//
// The main() of every test binary (in place of gtest_main): GoogleTest, plus a check after
// each test that it left no descriptor open, no thread running and no child process
// unwaited-for that it started (the reliability plan's "no fd, thread or memory leak"
// invariant, as CPython's test_fd_leak, its -R refleak runs and support.reap_children
// check them; memory is LeakSanitizer's, in the ASan build).
//
// A test passes the check when the descriptors open and the child processes present at its
// end are among those at its start (what it closed or reaped does not matter), and the
// process has no more threads than at its start once a short grace has passed (a joined
// thread leaves /proc a moment after join() returns). A leak is reported as a failure of
// the test, naming each descriptor's target (readlink of /proc/self/fd/N), each child's
// name and state, or the thread counts. A skipped test is not checked.
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

// The numbered entries of a /proc directory (descriptors, thread ids); for /proc/self/fd,
// without the descriptor the listing itself used.
std::vector<int> numbered_entries(const char* path, bool descriptors = false) {
  std::vector<int> numbers;
  DIR* dir = ::opendir(path);
  if (dir == nullptr) return numbers;
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const int n = std::stoi(entry->d_name);
    if (!descriptors || n != own) numbers.push_back(n);
  }
  ::closedir(dir);
  return numbers;
}

// The open descriptors and what each refers to.
std::map<int, std::string> open_descriptors() {
  std::map<int, std::string> fds;
  for (const int fd : numbered_entries("/proc/self/fd", true)) {
    char target[512];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target);
    fds.emplace(fd, n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string("?"));
  }
  return fds;
}

// The process's child processes (running or not yet waited for), from the children file of
// each of its threads, with each one's state and name from /proc/PID/stat.
std::map<int, std::string> child_processes() {
  std::map<int, std::string> children;
  for (const int tid : numbered_entries("/proc/self/task")) {
    std::ifstream list("/proc/self/task/" + std::to_string(tid) + "/children");
    for (int pid; list >> pid;) {
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string line;
      std::getline(stat, line);
      // "PID (comm) S ...": the name in parentheses and the state after them.
      const auto open = line.find('('), close = line.rfind(')');
      children.emplace(pid, open == std::string::npos || close == std::string::npos || close + 2 >= line.size()
                                ? std::string("?")
                                : line.substr(open + 1, close - open - 1) + ", state " + line[close + 2]);
    }
  }
  return children;
}

// The process's threads.
int thread_count() { return static_cast<int>(numbered_entries("/proc/self/task").size()); }

#if defined(__SANITIZE_THREAD__)
constexpr bool kSanitizerStartsAThread = true;
#else
constexpr bool kSanitizerStartsAThread = false;
#endif

// The threads the process had when main() began.
int initial_threads = 0;

class ResourceLeakCheck final : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override {
    fds_ = open_descriptors();
    children_ = child_processes();
    threads_ = thread_count();
  }

  void OnTestEnd(const testing::TestInfo& test) override {
    if (test.result()->Skipped()) return;
    std::string leaked;
    for (const auto& [fd, target] : open_descriptors()) {
      if (!fds_.contains(fd)) leaked += " " + std::to_string(fd) + " -> " + target + ";";
    }
    if (!leaked.empty()) ADD_FAILURE() << "the test left descriptors open:" << leaked;
    std::string left;
    for (const auto& [pid, what] : child_processes()) {
      if (!children_.contains(pid)) left += " " + std::to_string(pid) + " (" + what + ");";
    }
    if (!left.empty()) ADD_FAILURE() << "the test left child processes not waited for:" << left;
    // ThreadSanitizer's runtime starts a thread of its own the first time the process
    // starts one or forks: one more than the process began with may be its (the other
    // builds check that case).
    const int allowed = threads_ + (kSanitizerStartsAThread && threads_ == initial_threads ? 1 : 0);
    // A thread joined at the test's end may still be in /proc for a moment.
    int threads = thread_count();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (threads > allowed && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      threads = thread_count();
    }
    if (threads > allowed) {
      ADD_FAILURE() << "the test left threads running: " << threads << " at its end, " << threads_ << " at its start";
    }
  }

 private:
  std::map<int, std::string> fds_;
  std::map<int, std::string> children_;
  int threads_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  initial_threads = thread_count();
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new ResourceLeakCheck);
  return RUN_ALL_TESTS();
}
