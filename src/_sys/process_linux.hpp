// File: _sys/process_linux.hpp
//
// Process system calls: identities and groups, sessions and process groups, priorities,
// fork/exec/posix_spawn, the wait family, signals to processes, pidfds, the scheduler,
// system configuration and random bytes. Same rules as fd.hpp: POSIX names and argument
// order, Result<T> out, never throws, EINTR retried (retry.hpp), every attempt through the
// fault-injection seam; calls that cannot fail return their value directly.
//
// Descriptors created here are close-on-exec: pidfd_open and pidfd_getfd get it from the
// kernel, forkpty's master is given FD_CLOEXEC at once (forkpty(3) cannot ask for it).
//
// Calls with the "-1 may be a value" protocol (getpriority, nice, sysconf, confstr) clear
// errno first and report failure only when errno was set, as CPython does.
#pragma once

#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "_core/result.hpp"

namespace pyos::_sys {

using _core::Result;

// --- identities -----------------------------------------------------------------------
uid_t getuid() noexcept;
uid_t geteuid() noexcept;
gid_t getgid() noexcept;
gid_t getegid() noexcept;

// All supplementary groups, whatever their number.
Result<std::vector<gid_t>> getgroups();
// getgrouplist(3): `group` first, then the groups of `user` in the group database. It has
// no errno protocol (an unknown user gives just `group`); the list grows until it fits.
std::vector<gid_t> getgrouplist(const char* user, gid_t group);
Result<void> setgroups(std::span<const gid_t> groups) noexcept;
Result<void> initgroups(const char* user, gid_t group) noexcept;
// getlogin_r(3), whatever the name's length.
Result<std::string> getlogin();

Result<pid_t> getpgid(pid_t pid) noexcept;
pid_t getpgrp() noexcept;
Result<void> setpgid(pid_t pid, pid_t pgrp) noexcept;
Result<void> setpgrp() noexcept;
Result<pid_t> getsid(pid_t pid) noexcept;
Result<pid_t> setsid() noexcept;

Result<int> getpriority(int which, id_t who) noexcept;
Result<void> setpriority(int which, id_t who, int prio) noexcept;
// nice(2): the new niceness.
Result<int> nice(int increment) noexcept;

struct ResIds {
  unsigned r, e, s;
};
Result<ResIds> getresuid() noexcept;
Result<ResIds> getresgid() noexcept;
Result<void> setuid(uid_t uid) noexcept;
Result<void> seteuid(uid_t euid) noexcept;
Result<void> setgid(gid_t gid) noexcept;
Result<void> setegid(gid_t egid) noexcept;
Result<void> setreuid(uid_t ruid, uid_t euid) noexcept;
Result<void> setregid(gid_t rgid, gid_t egid) noexcept;
Result<void> setresuid(uid_t ruid, uid_t euid, uid_t suid) noexcept;
Result<void> setresgid(gid_t rgid, gid_t egid, gid_t sgid) noexcept;

mode_t umask(mode_t mask) noexcept;
Result<struct utsname> uname() noexcept;
// ctermid(3) (glibc's answer is always "/dev/tty").
std::string ctermid();

Result<void> setns(int fd, int nstype) noexcept;
Result<void> unshare(int flags) noexcept;

// --- signals to processes, pidfds -------------------------------------------------------
Result<void> kill(pid_t pid, int sig) noexcept;
Result<void> killpg(pid_t pgrp, int sig) noexcept;
Result<int> pidfd_open(pid_t pid, unsigned flags) noexcept;
Result<int> pidfd_getfd(int pidfd, int targetfd, unsigned flags) noexcept;

// --- creating and replacing processes -----------------------------------------------------
Result<pid_t> fork() noexcept;

struct ForkptyResult {
  pid_t pid;
  int fd;  // the master side, in the parent (-1 in the child)
};
Result<ForkptyResult> forkpty() noexcept;

// The exec family returns only when it failed.
// execv: the process's current environment (environ), as execv(3).
Result<void> execv(const char* path, char* const argv[]) noexcept;
Result<void> execve(const char* path, char* const argv[], char* const envp[]) noexcept;
Result<void> fexecve(int fd, char* const argv[], char* const envp[]) noexcept;
// The process's environment block (environ), for posix_spawn with env=None.
char* const* environ_block() noexcept;

[[noreturn]] void _exit(int status) noexcept;
[[noreturn]] void abort() noexcept;
// system(3): the wait status, or -1 (no errno protocol in Python's os.system).
int system(const char* command) noexcept;

// posix_spawn(3) / posix_spawnp(3) with the file actions and attributes Python offers.
// The call reports an error number (it does not use errno); a failure while building the
// file actions or attributes is reported with the name of the libc helper that failed
// (e.g. "posix_spawn_file_actions_addclose"), the spawn itself as "posix_spawn" or
// "posix_spawnp", so that the caller can tell which errors name the program.
struct SpawnFileAction {
  enum class Kind { open, close, dup2, closefrom };
  Kind kind = Kind::close;
  int fd = -1;
  int new_fd = -1;            // dup2
  const char* path = nullptr;  // open
  int flags = 0;               // open
  mode_t mode = 0;             // open
};
struct SpawnAttributes {
  std::optional<pid_t> setpgroup;
  bool resetids = false;
  bool setsid = false;
  // Signal numbers, already checked to be in [1, NSIG).
  std::optional<std::span<const int>> setsigmask;
  std::optional<std::span<const int>> setsigdef;
  bool set_scheduler = false;        // scheduler=(policy or None, param)
  std::optional<int> sched_policy;   // None: keep the policy, set the priority only
  int sched_priority = 0;
};
Result<pid_t> posix_spawn(const char* path, std::optional<std::span<const SpawnFileAction>> actions,
                          const SpawnAttributes& attributes, char* const argv[], char* const envp[],
                          bool search_path) noexcept;
// Builds (and drops) the file actions only: the error the libc helpers report for them, so
// that a caller can tell which of several problems Python would have reported first.
Result<void> check_spawn_file_actions(std::span<const SpawnFileAction> actions) noexcept;

// --- waiting --------------------------------------------------------------------------------
struct WaitResult {
  pid_t pid;
  int status;
};
struct Wait4Result {
  pid_t pid;
  int status;
  struct rusage usage;  // all zero when WNOHANG found nothing to report
};
Result<WaitResult> wait() noexcept;
Result<WaitResult> waitpid(pid_t pid, int options) noexcept;
Result<Wait4Result> wait3(int options) noexcept;
Result<Wait4Result> wait4(pid_t pid, int options) noexcept;
// si_pid is 0 when WNOHANG found nothing to report.
Result<siginfo_t> waitid(idtype_t idtype, id_t id, int options) noexcept;

struct Times {
  struct tms tms;
  clock_t elapsed;
};
Result<Times> times() noexcept;

// --- scheduler -----------------------------------------------------------------------------
Result<int> sched_get_priority_min(int policy) noexcept;
Result<int> sched_get_priority_max(int policy) noexcept;
Result<void> sched_setscheduler(pid_t pid, int policy, int priority) noexcept;
Result<int> sched_getscheduler(pid_t pid) noexcept;
Result<void> sched_setparam(pid_t pid, int priority) noexcept;
// The sched_priority of the process.
Result<int> sched_getparam(pid_t pid) noexcept;
Result<struct timespec> sched_rr_get_interval(pid_t pid) noexcept;
void sched_yield() noexcept;
// CPUs given by number (each >= 0); the mask is sized to hold the largest.
Result<void> sched_setaffinity(pid_t pid, std::span<const int> cpus);
// The allowed CPUs in ascending order; the mask grows until the kernel's fits.
Result<std::vector<int>> sched_getaffinity(pid_t pid);

// --- system information, random bytes ------------------------------------------------------
// sysconf(3): -1 with errno untouched (no limit) is returned as the value -1.
Result<long> sysconf(int name) noexcept;
// confstr(3): the value, or nullopt where the variable has none (0 with errno untouched).
Result<std::optional<std::string>> confstr(int name);
Result<std::array<double, 3>> getloadavg() noexcept;
// getrandom(2): one call, the count may be short (as os.getrandom).
Result<std::size_t> getrandom(std::span<std::byte> buffer, unsigned flags) noexcept;

}  // namespace pyos::_sys
