// File: _sys/fault.hpp
//
// The fault-injection seam of the syscall layer. Every `_sys` wrapper that can fail asks
// this seam before each attempt (one relaxed atomic load while nothing is armed). A test
// arms an Injector and tells it which call of which wrapper fails, with which errno, or
// transfers fewer bytes than asked:
//
//     fault::Injector inject;
//     inject.add({.call = Call::write, .nth = 1, .times = 2, .error = EINTR});   // retried
//     inject.add({.call = Call::write, .nth = 3, .short_count = 5});            // 5 bytes
//     auto n = _sys::write(fd, bytes);         // -> 5, after three attempts
//     EXPECT_EQ(inject.calls(Call::write), 3);
//
// An injected error replaces the real call (nothing happens in the kernel), except for
// close(), which Linux always performs: there the real close runs first and the injected
// errno is what the caller sees. A short count is a real, shorter transfer.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace pyos::_sys {

// One entry per wrapper that can fail. Keep in step with kCallNames in fault.cpp.
enum class Call : std::uint16_t {
  open, openat, close, read, write, pread, pwrite, readv, writev, lseek,
  fstat, fstatat, fsync, fdatasync, ftruncate, dup, dup2, dup3, pipe2, fcntl,
  unlinkat, mkdirat, renameat, getcwd,
  setenv, unsetenv,
  // fs_linux.hpp
  preadv, pwritev, truncate, posix_fallocate, posix_fadvise, sendfile, copy_file_range, splice, lockf, ttyname, memfd_create, eventfd, timerfd_create, timerfd_settime, timerfd_gettime, openpty, ioctl, fstatvfs, statvfs, fpathconf, pathconf, fchmod, fchmodat, fchown, fchownat, fchdir, chdir, chroot, faccessat, linkat, symlinkat, mkfifoat, mknodat, utimensat, futimens, getxattr, setxattr, listxattr, removexattr, statx,
  // path_posix.hpp
  readlinkat, getpwnam_r, getpwuid_r,
  // dir_linux.hpp
  getdents64,
  // process_linux.hpp
  getgroups, setgroups, initgroups, getlogin, getpgid, setpgid, setpgrp, getsid, setsid, getpriority, setpriority, nice, getresuid, getresgid, setuid, seteuid, setgid, setegid, setreuid, setregid, setresuid, setresgid, uname, setns, unshare, kill, killpg, pidfd_open, pidfd_getfd, fork, forkpty, execve, fexecve, posix_spawn, posix_spawnp, wait, waitpid, wait3, wait4, waitid, times, sched_get_priority_min, sched_get_priority_max, sched_setscheduler, sched_getscheduler, sched_setparam, sched_getparam, sched_rr_get_interval, sched_setaffinity, sched_getaffinity, sysconf, confstr, getloadavg, getrandom,
  // time_linux.hpp
  clock_gettime, clock_getres, clock_settime, clock_nanosleep, pthread_getcpuclockid, localtime_r,
  // fs_linux.hpp (terminals)
  posix_openpt, grantpt, unlockpt, ptsname, tcgetpgrp, tcsetpgrp, ioctl_int,
  count_  // not a call: the number of calls
};

inline constexpr std::size_t kCallCount = static_cast<std::size_t>(Call::count_);

// The POSIX name of the call ("read").
std::string_view call_name(Call call) noexcept;

namespace fault {

inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

struct Fault {
  Call call = Call::count_;
  // The first affected call: 1 is the first call of `call` after the Injector was created.
  std::uint64_t nth = 1;
  // How many consecutive calls are affected; 0 means every call from `nth` on.
  std::uint64_t times = 1;
  // Fail with this errno; 0 to let the call run (with short_count).
  int error = 0;
  // Transfer at most this many bytes (read/write family); kNoLimit for no limit.
  std::size_t short_count = kNoLimit;
};

// Arms the seam for its lifetime. One at a time per process; not for production use.
class Injector {
 public:
  Injector();
  ~Injector();
  Injector(const Injector&) = delete;
  Injector& operator=(const Injector&) = delete;

  void add(const Fault& fault);
  // Attempts made on `call` since this Injector was created (each EINTR retry counts).
  std::uint64_t calls(Call call) const;
};

namespace detail {
extern std::atomic<bool> g_armed;

struct Decision {
  int error = 0;
  std::size_t limit = kNoLimit;
};
// Counts the attempt and says what to do with it. Only called while armed.
Decision on_call(Call call) noexcept;
}  // namespace detail

inline bool armed() noexcept { return detail::g_armed.load(std::memory_order_relaxed); }

}  // namespace fault
}  // namespace pyos::_sys
