#include "_sys/fault.hpp"

#include <array>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace pyos::_sys {

namespace {
constexpr std::string_view kCallNames[] = {
    "open", "openat", "close", "read", "write", "pread", "pwrite", "readv", "writev", "lseek",
    "fstat", "fstatat", "fsync", "fdatasync", "ftruncate", "dup", "dup2", "dup3", "pipe2", "fcntl",
    "unlinkat", "mkdirat", "renameat", "getcwd",
    "setenv", "unsetenv",
    // fs_linux.hpp
    "preadv", "pwritev", "truncate", "posix_fallocate", "posix_fadvise", "sendfile", "copy_file_range", "splice", "lockf", "ttyname", "memfd_create", "eventfd", "timerfd_create", "timerfd_settime", "timerfd_gettime", "openpty", "ioctl", "fstatvfs", "statvfs", "fpathconf", "pathconf", "fchmod", "fchmodat", "fchown", "fchownat", "fchdir", "chdir", "chroot", "faccessat", "linkat", "symlinkat", "mkfifoat", "mknodat", "utimensat", "futimens", "getxattr", "setxattr", "listxattr", "removexattr", "statx",
    // path_posix.hpp
    "readlinkat", "getpwnam_r", "getpwuid_r",
    // dir_linux.hpp
    "getdents64",
    // process_linux.hpp
    "getgroups", "setgroups", "initgroups", "getlogin", "getpgid", "setpgid", "setpgrp", "getsid", "setsid", "getpriority", "setpriority", "nice", "getresuid", "getresgid", "setuid", "seteuid", "setgid", "setegid", "setreuid", "setregid", "setresuid", "setresgid", "uname", "setns", "unshare", "kill", "killpg", "pidfd_open", "pidfd_getfd", "fork", "forkpty", "execve", "fexecve", "posix_spawn", "posix_spawnp", "wait", "waitpid", "wait3", "wait4", "waitid", "times", "sched_get_priority_min", "sched_get_priority_max", "sched_setscheduler", "sched_getscheduler", "sched_setparam", "sched_getparam", "sched_rr_get_interval", "sched_setaffinity", "sched_getaffinity", "sysconf", "confstr", "getloadavg", "getrandom",
    // time_linux.hpp
    "clock_gettime", "clock_getres", "clock_settime", "clock_nanosleep", "pthread_getcpuclockid", "localtime_r",
    // fs_linux.hpp (terminals)
    "posix_openpt", "grantpt", "unlockpt", "ptsname", "tcgetpgrp", "tcsetpgrp", "ioctl_int",
};
static_assert(std::size(kCallNames) == kCallCount, "one name per Call");
}  // namespace

std::string_view call_name(Call call) noexcept {
  const auto i = static_cast<std::size_t>(call);
  return i < kCallCount ? kCallNames[i] : std::string_view("?");
}

namespace fault {
namespace detail {

std::atomic<bool> g_armed{false};

namespace {
struct State {
  std::mutex mutex;
  bool active = false;
  std::vector<Fault> faults;
  std::array<std::uint64_t, kCallCount> calls{};
};

State& state() {
  static State s;
  return s;
}
}  // namespace

Decision on_call(Call call) noexcept {
  State& s = state();
  std::lock_guard lock(s.mutex);
  const auto index = static_cast<std::size_t>(call);
  if (!s.active || index >= kCallCount) return {};
  const std::uint64_t n = ++s.calls[index];
  Decision decision;
  for (const Fault& f : s.faults) {
    if (f.call != call || n < f.nth) continue;
    if (f.times != 0 && n >= f.nth + f.times) continue;
    if (f.error != 0) return {.error = f.error, .limit = kNoLimit};
    if (f.short_count < decision.limit) decision.limit = f.short_count;
  }
  return decision;
}

}  // namespace detail

Injector::Injector() {
  auto& s = detail::state();
  std::lock_guard lock(s.mutex);
  if (s.active) throw std::logic_error("pyos::_sys::fault::Injector: one at a time");
  s.active = true;
  s.faults.clear();
  s.calls.fill(0);
  detail::g_armed.store(true, std::memory_order_seq_cst);
}

Injector::~Injector() {
  auto& s = detail::state();
  std::lock_guard lock(s.mutex);
  detail::g_armed.store(false, std::memory_order_seq_cst);
  s.active = false;
  s.faults.clear();
}

void Injector::add(const Fault& fault) {
  auto& s = detail::state();
  std::lock_guard lock(s.mutex);
  s.faults.push_back(fault);
}

std::uint64_t Injector::calls(Call call) const {
  auto& s = detail::state();
  std::lock_guard lock(s.mutex);
  const auto index = static_cast<std::size_t>(call);
  return index < kCallCount ? s.calls[index] : 0;
}

}  // namespace fault
}  // namespace pyos::_sys
