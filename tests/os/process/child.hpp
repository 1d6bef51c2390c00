// File: tests/os/process/child.hpp
//
// Children for the process tests: every child is reaped, every wait is bounded by a
// deadline (a child still running at the deadline is killed with SIGKILL and reaped, and
// the test fails), so no test can hang or leave a process behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pyos::test {

using namespace std::chrono_literals;

inline constexpr std::chrono::milliseconds kChildTimeout = 30s;

// Waits for `pid` (raw waitpid, polling) until the deadline; kills and reaps it after.
// The wait status, or nullopt when it had to be killed (reported as a test failure).
std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout = kChildTimeout);

struct ChildResult {
  std::optional<int> status;  // the wait status; nullopt after a timeout
  std::string output;         // what the child wrote to out_fd

  // The exit code of a child that exited, -signal of a killed one, -1000 after a timeout.
  int exitcode() const;
};

// Runs `body(out_fd)` in a child made with a raw fork(2) (no register_at_fork hooks). The
// child exits with body's result (98 if it threw), via _exit. What it writes to out_fd
// (a pipe) is collected until it exits.
ChildResult run_in_child(const std::function<int(int out_fd)>& body,
                         std::chrono::milliseconds timeout = kChildTimeout);

// Writes all of `text` to fd (for children reporting back).
void write_all(int fd, const std::string& text);

// Reads everything from fd until EOF or the deadline.
std::string read_all(int fd, std::chrono::milliseconds timeout = kChildTimeout);

// Bounds the blocking waits a test makes through the API under test: if the test is still
// running at the deadline, every child of this process (found in /proc) is killed with
// SIGKILL, so that the waits return, and the test fails. Cancelled by its destructor.
// Its thread blocks all signals, so signals meant for the test reach the test's thread.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds timeout = kChildTimeout);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// In a child running as root: becomes nobody (65534), to see permission errors.
// Returns false when it could not.
bool drop_privileges();

}  // namespace pyos::test
