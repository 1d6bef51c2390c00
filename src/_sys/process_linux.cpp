#include "_sys/process_linux.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "_sys/retry.hpp"

namespace pyos::_sys {

using detail::status;
using detail::value;

namespace {

// A call with the "-1 can be a value" protocol: errno is cleared before each attempt and a
// -1 counts as failure only when the call set errno.
template <class T, class Fn>
Result<T> errno_checked(Call call, Fn fn) noexcept {
  T result{};
  auto r = status(call, [&] {
    errno = 0;
    result = fn();
    return (result == -1 && errno != 0) ? -1 : 0;
  });
  if (!r) return r.error();
  return result;
}

// A libc call that returns an error number instead of setting errno (posix_spawn family,
// getlogin_r): adapted to the -1/errno protocol of retry.hpp.
template <class Fn>
int errno_from_result(Fn fn) noexcept {
  const int err = fn();
  if (err == 0) return 0;
  errno = err;
  return -1;
}

}  // namespace

// --- identities -----------------------------------------------------------------------

uid_t getuid() noexcept { return ::getuid(); }
uid_t geteuid() noexcept { return ::geteuid(); }
gid_t getgid() noexcept { return ::getgid(); }
gid_t getegid() noexcept { return ::getegid(); }

Result<std::vector<gid_t>> getgroups() {
  // One call with room for the usual number of groups; when there are more (EINVAL), ask
  // for the count and try again (it can change in between: another thread may setgroups).
  std::vector<gid_t> groups(256);
  for (;;) {
    auto got = value<int>(Call::getgroups, [&] {
      return ::getgroups(static_cast<int>(groups.size()), groups.data());
    });
    if (got) {
      groups.resize(static_cast<std::size_t>(*got));
      return groups;
    }
    if (got.error().code != EINVAL) return got.error();
    auto n = value<int>(Call::getgroups, [] { return ::getgroups(0, nullptr); });
    if (!n) return n.error();
    groups.assign(static_cast<std::size_t>(*n) + 16, 0);
  }
}

std::vector<gid_t> getgrouplist(const char* user, gid_t group) {
  int count = NGROUPS_MAX;
  for (;;) {
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    const int asked = count;
    if (::getgrouplist(user, group, groups.data(), &count) != -1) {
      groups.resize(static_cast<std::size_t>(count));
      return groups;
    }
    // glibc reports the number needed in `count`; grow at least that far.
    count = std::max(count, asked * 2);
  }
}

Result<void> setgroups(std::span<const gid_t> groups) noexcept {
  return status(Call::setgroups, [&] { return ::setgroups(groups.size(), groups.data()); });
}

Result<void> initgroups(const char* user, gid_t group) noexcept {
  return status(Call::initgroups, [&] { return ::initgroups(user, group); });
}

Result<std::string> getlogin() {
  std::string buffer(64, '\0');
  for (;;) {
    auto r = status(Call::getlogin, [&] {
      return errno_from_result([&] { return ::getlogin_r(buffer.data(), buffer.size()); });
    });
    if (r) break;
    if (r.error().code != ERANGE) return r.error();
    buffer.resize(buffer.size() * 2);
  }
  buffer.resize(buffer.find('\0'));
  return buffer;
}

Result<pid_t> getpgid(pid_t pid) noexcept {
  return value<pid_t>(Call::getpgid, [&] { return ::getpgid(pid); });
}
pid_t getpgrp() noexcept { return ::getpgrp(); }
Result<void> setpgid(pid_t pid, pid_t pgrp) noexcept {
  return status(Call::setpgid, [&] { return ::setpgid(pid, pgrp); });
}
Result<void> setpgrp() noexcept {
  return status(Call::setpgrp, [] { return ::setpgrp(); });
}
Result<pid_t> getsid(pid_t pid) noexcept {
  return value<pid_t>(Call::getsid, [&] { return ::getsid(pid); });
}
Result<pid_t> setsid() noexcept {
  return value<pid_t>(Call::setsid, [] { return ::setsid(); });
}

Result<int> getpriority(int which, id_t who) noexcept {
  return errno_checked<int>(Call::getpriority,
                            [&] { return ::getpriority(static_cast<__priority_which_t>(which), who); });
}
Result<void> setpriority(int which, id_t who, int prio) noexcept {
  return status(Call::setpriority, [&] {
    return ::setpriority(static_cast<__priority_which_t>(which), who, prio);
  });
}
Result<int> nice(int increment) noexcept {
  return errno_checked<int>(Call::nice, [&] { return ::nice(increment); });
}

Result<ResIds> getresuid() noexcept {
  uid_t r = 0, e = 0, s = 0;
  auto st = status(Call::getresuid, [&] { return ::getresuid(&r, &e, &s); });
  if (!st) return st.error();
  return ResIds{r, e, s};
}
Result<ResIds> getresgid() noexcept {
  gid_t r = 0, e = 0, s = 0;
  auto st = status(Call::getresgid, [&] { return ::getresgid(&r, &e, &s); });
  if (!st) return st.error();
  return ResIds{r, e, s};
}
Result<void> setuid(uid_t uid) noexcept {
  return status(Call::setuid, [&] { return ::setuid(uid); });
}
Result<void> seteuid(uid_t euid) noexcept {
  return status(Call::seteuid, [&] { return ::seteuid(euid); });
}
Result<void> setgid(gid_t gid) noexcept {
  return status(Call::setgid, [&] { return ::setgid(gid); });
}
Result<void> setegid(gid_t egid) noexcept {
  return status(Call::setegid, [&] { return ::setegid(egid); });
}
Result<void> setreuid(uid_t ruid, uid_t euid) noexcept {
  return status(Call::setreuid, [&] { return ::setreuid(ruid, euid); });
}
Result<void> setregid(gid_t rgid, gid_t egid) noexcept {
  return status(Call::setregid, [&] { return ::setregid(rgid, egid); });
}
Result<void> setresuid(uid_t ruid, uid_t euid, uid_t suid) noexcept {
  return status(Call::setresuid, [&] { return ::setresuid(ruid, euid, suid); });
}
Result<void> setresgid(gid_t rgid, gid_t egid, gid_t sgid) noexcept {
  return status(Call::setresgid, [&] { return ::setresgid(rgid, egid, sgid); });
}

mode_t umask(mode_t mask) noexcept { return ::umask(mask); }

Result<struct utsname> uname() noexcept {
  struct utsname u;
  auto r = status(Call::uname, [&] { return ::uname(&u); });
  if (!r) return r.error();
  return u;
}

std::string ctermid() {
  char buffer[L_ctermid];
  const char* name = ::ctermid(buffer);
  return name ? std::string(name) : std::string();
}

Result<void> setns(int fd, int nstype) noexcept {
  return status(Call::setns, [&] { return ::setns(fd, nstype); });
}
Result<void> unshare(int flags) noexcept {
  return status(Call::unshare, [&] { return ::unshare(flags); });
}

// --- signals to processes, pidfds -------------------------------------------------------

Result<void> kill(pid_t pid, int sig) noexcept {
  return status(Call::kill, [&] { return ::kill(pid, sig); });
}
Result<void> killpg(pid_t pgrp, int sig) noexcept {
  return status(Call::killpg, [&] { return ::killpg(pgrp, sig); });
}
Result<int> pidfd_open(pid_t pid, unsigned flags) noexcept {
  // The kernel makes every pidfd close-on-exec.
  return value<int>(Call::pidfd_open, [&] { return ::syscall(SYS_pidfd_open, pid, flags); });
}
Result<int> pidfd_getfd(int pidfd, int targetfd, unsigned flags) noexcept {
  // The new descriptor is close-on-exec (the kernel sets it).
  return value<int>(Call::pidfd_getfd,
                    [&] { return ::syscall(SYS_pidfd_getfd, pidfd, targetfd, flags); });
}

// --- creating and replacing processes -----------------------------------------------------

Result<pid_t> fork() noexcept {
  return value<pid_t>(Call::fork, [] { return ::fork(); });
}

Result<ForkptyResult> forkpty() noexcept {
  int master = -1;
  auto pid = value<pid_t>(Call::forkpty, [&] { return ::forkpty(&master, nullptr, nullptr, nullptr); });
  if (!pid) return pid.error();
  if (*pid != 0) (void)::fcntl(master, F_SETFD, FD_CLOEXEC);
  return ForkptyResult{*pid, *pid == 0 ? -1 : master};
}

Result<void> execv(const char* path, char* const argv[]) noexcept {
  return status(Call::execve, [&] { return ::execve(path, argv, ::environ); });
}
Result<void> execve(const char* path, char* const argv[], char* const envp[]) noexcept {
  return status(Call::execve, [&] { return ::execve(path, argv, envp); });
}
Result<void> fexecve(int fd, char* const argv[], char* const envp[]) noexcept {
  return status(Call::fexecve, [&] { return ::fexecve(fd, argv, envp); });
}
char* const* environ_block() noexcept { return ::environ; }

void _exit(int status) noexcept { ::_exit(status); }
void abort() noexcept { ::abort(); }
int system(const char* command) noexcept { return ::system(command); }

namespace {

// posix_spawn_file_actions_t / posix_spawnattr_t with their destroy calls.
struct FileActions {
  posix_spawn_file_actions_t actions;
  bool live = false;
  ~FileActions() {
    if (live) (void)::posix_spawn_file_actions_destroy(&actions);
  }
};
struct Attributes {
  posix_spawnattr_t attr;
  bool live = false;
  ~Attributes() {
    if (live) (void)::posix_spawnattr_destroy(&attr);
  }
};

sigset_t to_sigset(std::span<const int> signals) noexcept {
  sigset_t set;
  ::sigemptyset(&set);
  for (int s : signals) ::sigaddset(&set, s);
  return set;
}

#define PYOS_SPAWN_STEP(name, ...)                          \
  do {                                                      \
    if (const int err_ = ::name(__VA_ARGS__); err_ != 0) {  \
      return SysError{err_, #name};                         \
    }                                                       \
  } while (0)

Result<void> build_actions(FileActions& fa, std::span<const SpawnFileAction> actions) noexcept {
  PYOS_SPAWN_STEP(posix_spawn_file_actions_init, &fa.actions);
  fa.live = true;
  for (const SpawnFileAction& a : actions) {
    switch (a.kind) {
      case SpawnFileAction::Kind::open:
        PYOS_SPAWN_STEP(posix_spawn_file_actions_addopen, &fa.actions, a.fd, a.path, a.flags, a.mode);
        break;
      case SpawnFileAction::Kind::close:
        PYOS_SPAWN_STEP(posix_spawn_file_actions_addclose, &fa.actions, a.fd);
        break;
      case SpawnFileAction::Kind::dup2:
        PYOS_SPAWN_STEP(posix_spawn_file_actions_adddup2, &fa.actions, a.fd, a.new_fd);
        break;
      case SpawnFileAction::Kind::closefrom:
        PYOS_SPAWN_STEP(posix_spawn_file_actions_addclosefrom_np, &fa.actions, a.fd);
        break;
    }
  }
  return {};
}

Result<void> build_attributes(Attributes& at, const SpawnAttributes& s) noexcept {
  PYOS_SPAWN_STEP(posix_spawnattr_init, &at.attr);
  at.live = true;
  short flags = 0;
  if (s.setpgroup) {
    PYOS_SPAWN_STEP(posix_spawnattr_setpgroup, &at.attr, *s.setpgroup);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  if (s.resetids) flags |= POSIX_SPAWN_RESETIDS;
  if (s.setsid) flags |= POSIX_SPAWN_SETSID;
  if (s.setsigmask) {
    const sigset_t set = to_sigset(*s.setsigmask);
    PYOS_SPAWN_STEP(posix_spawnattr_setsigmask, &at.attr, &set);
    flags |= POSIX_SPAWN_SETSIGMASK;
  }
  if (s.setsigdef) {
    const sigset_t set = to_sigset(*s.setsigdef);
    PYOS_SPAWN_STEP(posix_spawnattr_setsigdefault, &at.attr, &set);
    flags |= POSIX_SPAWN_SETSIGDEF;
  }
  if (s.set_scheduler) {
    if (s.sched_policy) {
      PYOS_SPAWN_STEP(posix_spawnattr_setschedpolicy, &at.attr, *s.sched_policy);
      flags |= POSIX_SPAWN_SETSCHEDULER;
    }
    struct sched_param param {};
    param.sched_priority = s.sched_priority;
    PYOS_SPAWN_STEP(posix_spawnattr_setschedparam, &at.attr, &param);
    flags |= POSIX_SPAWN_SETSCHEDPARAM;
  }
  PYOS_SPAWN_STEP(posix_spawnattr_setflags, &at.attr, flags);
  return {};
}

#undef PYOS_SPAWN_STEP

}  // namespace

Result<void> check_spawn_file_actions(std::span<const SpawnFileAction> actions) noexcept {
  FileActions fa;
  return build_actions(fa, actions);
}

Result<pid_t> posix_spawn(const char* path, std::optional<std::span<const SpawnFileAction>> actions,
                          const SpawnAttributes& attributes, char* const argv[], char* const envp[],
                          bool search_path) noexcept {
  FileActions fa;
  if (actions) {
    if (auto r = build_actions(fa, *actions); !r) return r.error();
  }
  Attributes at;
  if (auto r = build_attributes(at, attributes); !r) return r.error();
  pid_t pid = -1;
  const posix_spawn_file_actions_t* fap = actions ? &fa.actions : nullptr;
  auto r = status(search_path ? Call::posix_spawnp : Call::posix_spawn, [&] {
    return errno_from_result([&] {
      return search_path ? ::posix_spawnp(&pid, path, fap, &at.attr, argv, envp)
                         : ::posix_spawn(&pid, path, fap, &at.attr, argv, envp);
    });
  });
  if (!r) return r.error();
  return pid;
}

// --- waiting --------------------------------------------------------------------------------

Result<WaitResult> wait() noexcept {
  int st = 0;
  auto pid = value<pid_t>(Call::wait, [&] { return ::wait(&st); });
  if (!pid) return pid.error();
  return WaitResult{*pid, st};
}

Result<WaitResult> waitpid(pid_t pid, int options) noexcept {
  int st = 0;
  auto got = value<pid_t>(Call::waitpid, [&] { return ::waitpid(pid, &st, options); });
  if (!got) return got.error();
  return WaitResult{*got, st};
}

Result<Wait4Result> wait3(int options) noexcept {
  Wait4Result w{};
  auto got = value<pid_t>(Call::wait3, [&] { return ::wait3(&w.status, options, &w.usage); });
  if (!got) return got.error();
  w.pid = *got;
  return w;
}

Result<Wait4Result> wait4(pid_t pid, int options) noexcept {
  Wait4Result w{};
  auto got = value<pid_t>(Call::wait4, [&] { return ::wait4(pid, &w.status, options, &w.usage); });
  if (!got) return got.error();
  w.pid = *got;
  return w;
}

Result<siginfo_t> waitid(idtype_t idtype, id_t id, int options) noexcept {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  auto r = status(Call::waitid, [&] { return ::waitid(idtype, id, &info, options); });
  if (!r) return r.error();
  return info;
}

Result<Times> times() noexcept {
  Times t{};
  auto c = value<clock_t>(Call::times, [&] { return ::times(&t.tms); });
  if (!c) return c.error();
  t.elapsed = *c;
  return t;
}

// --- scheduler -----------------------------------------------------------------------------

Result<int> sched_get_priority_min(int policy) noexcept {
  return value<int>(Call::sched_get_priority_min, [&] { return ::sched_get_priority_min(policy); });
}
Result<int> sched_get_priority_max(int policy) noexcept {
  return value<int>(Call::sched_get_priority_max, [&] { return ::sched_get_priority_max(policy); });
}
Result<void> sched_setscheduler(pid_t pid, int policy, int priority) noexcept {
  struct sched_param param {};
  param.sched_priority = priority;
  return status(Call::sched_setscheduler, [&] { return ::sched_setscheduler(pid, policy, &param); });
}
Result<int> sched_getscheduler(pid_t pid) noexcept {
  return value<int>(Call::sched_getscheduler, [&] { return ::sched_getscheduler(pid); });
}
Result<void> sched_setparam(pid_t pid, int priority) noexcept {
  struct sched_param param {};
  param.sched_priority = priority;
  return status(Call::sched_setparam, [&] { return ::sched_setparam(pid, &param); });
}
Result<int> sched_getparam(pid_t pid) noexcept {
  struct sched_param param {};
  auto r = status(Call::sched_getparam, [&] { return ::sched_getparam(pid, &param); });
  if (!r) return r.error();
  return param.sched_priority;
}
Result<struct timespec> sched_rr_get_interval(pid_t pid) noexcept {
  struct timespec ts {};
  auto r = status(Call::sched_rr_get_interval, [&] { return ::sched_rr_get_interval(pid, &ts); });
  if (!r) return r.error();
  return ts;
}
void sched_yield() noexcept { (void)::sched_yield(); }

namespace {
// A CPU_ALLOC'd set for `count` CPUs, freed on scope exit.
class CpuSet {
 public:
  explicit CpuSet(int count) : count_(static_cast<std::size_t>(count)), set_(CPU_ALLOC(count_)) {
    if (set_) CPU_ZERO_S(size(), set_);
  }
  ~CpuSet() {
    if (set_) CPU_FREE(set_);
  }
  CpuSet(const CpuSet&) = delete;
  CpuSet& operator=(const CpuSet&) = delete;
  bool valid() const noexcept { return set_ != nullptr; }
  std::size_t size() const noexcept { return CPU_ALLOC_SIZE(count_); }
  cpu_set_t* get() const noexcept { return set_; }

 private:
  std::size_t count_;
  cpu_set_t* set_;
};

// As CPython: room for 64 CPUs (one unsigned long) to start with.
constexpr int kCpusStart = static_cast<int>(sizeof(unsigned long) * CHAR_BIT);
}  // namespace

Result<void> sched_setaffinity(pid_t pid, std::span<const int> cpus) {
  int count = kCpusStart;
  for (int cpu : cpus) {
    while (count <= cpu) count = count > INT_MAX / 2 ? cpu + 1 : count * 2;
  }
  CpuSet set(count);
  if (!set.valid()) return SysError{ENOMEM, "sched_setaffinity"};
  for (int cpu : cpus) CPU_SET_S(static_cast<std::size_t>(cpu), set.size(), set.get());
  return status(Call::sched_setaffinity,
                [&] { return ::sched_setaffinity(pid, set.size(), set.get()); });
}

Result<std::vector<int>> sched_getaffinity(pid_t pid) {
  for (int count = kCpusStart;; count *= 2) {
    CpuSet set(count);
    if (!set.valid()) return SysError{ENOMEM, "sched_getaffinity"};
    auto r = status(Call::sched_getaffinity,
                    [&] { return ::sched_getaffinity(pid, set.size(), set.get()); });
    if (r) {
      std::vector<int> out;
      const int n = CPU_COUNT_S(set.size(), set.get());
      for (int cpu = 0; static_cast<int>(out.size()) < n; ++cpu) {
        if (CPU_ISSET_S(static_cast<std::size_t>(cpu), set.size(), set.get())) out.push_back(cpu);
      }
      return out;
    }
    // EINVAL: the kernel's mask is larger than ours.
    if (r.error().code != EINVAL || count > INT_MAX / 2) return r.error();
  }
}

// --- system information, random bytes ------------------------------------------------------

Result<long> sysconf(int name) noexcept {
  return errno_checked<long>(Call::sysconf, [&] { return ::sysconf(name); });
}

Result<std::optional<std::string>> confstr(int name) {
  std::string buffer(256, '\0');
  for (;;) {
    std::size_t needed = 0;
    auto r = status(Call::confstr, [&] {
      errno = 0;
      needed = ::confstr(name, buffer.data(), buffer.size());
      return (needed == 0 && errno != 0) ? -1 : 0;
    });
    if (!r) return r.error();
    if (needed == 0) return std::optional<std::string>();
    if (needed <= buffer.size()) {
      buffer.resize(needed - 1);  // the count includes the terminating NUL
      return std::optional<std::string>(std::move(buffer));
    }
    buffer.assign(needed, '\0');
  }
}

Result<std::array<double, 3>> getloadavg() noexcept {
  std::array<double, 3> load{};
  auto n = value<int>(Call::getloadavg, [&] {
    const int got = ::getloadavg(load.data(), 3);
    if (got == 3) return 3;
    if (got >= 0) errno = EIO;  // fewer samples than asked: "unobtainable" all the same
    return -1;
  });
  if (!n) return n.error();
  return load;
}

Result<std::size_t> getrandom(std::span<std::byte> buffer, unsigned flags) noexcept {
  return detail::transfer(Call::getrandom, buffer.size(),
                          [&](std::size_t n) { return ::getrandom(buffer.data(), n, flags); });
}

}  // namespace pyos::_sys
