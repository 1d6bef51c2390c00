// Fault-injection cases for the process wrappers (_sys/process_linux.hpp), and a few direct
// checks of them.
//
// Calls that change the state of the process (ids, session, group, priority, scheduler,
// namespaces) and the exec family run in a child that SHARES this process's memory
// (clone with CLONE_VM | CLONE_VFORK, on its own stack): the fault seam's counters and the
// outcome the child records are seen by the test, while the changes stay in the child (and
// a successful exec replaces only the child). The child only makes the call and records a
// plain outcome (no allocation).
//
// Calls that need privileges the test may not have (setgroups, initgroups, setns as a
// normal user) count their real EPERM as success: the harness injects other errnos only.
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "_sys/process.hpp"
#include "_sys/process_linux.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

// What a call in a shared-memory child reports.
struct RawOutcome {
  bool ok = true;
  int error = 0;
  const char* call = "";
};

template <class T>
RawOutcome raw(const Result<T>& r) {
  if (!r) return {false, r.error().code, r.error().call};
  return {};
}
inline RawOutcome raw(const Result<void>& r) {
  if (!r) return {false, r.error().code, r.error().call};
  return {};
}

// A real EPERM (lacking privilege) counts as success; the harness never injects EPERM.
template <class R>
RawOutcome raw_privileged(const R& r) {
  RawOutcome o = raw(r);
  if (!o.ok && o.error == EPERM) return {};
  return o;
}

struct CloneJob {
  const std::function<RawOutcome()>* fn;
  RawOutcome result;
};

int clone_main(void* arg) {
  auto* job = static_cast<CloneJob*>(arg);
  job->result = (*job->fn)();
  return 0;
}

// Runs fn in a child sharing this process's memory; waits for it.
Outcome in_child(const std::function<RawOutcome()>& fn) {
  constexpr std::size_t kStack = 1 << 20;
  void* stack = ::mmap(nullptr, kStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return {false, errno, "mmap", 0};
  CloneJob job{&fn, {}};
  const pid_t pid = ::clone(clone_main, static_cast<char*>(stack) + kStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &job);
  if (pid < 0) {
    ::munmap(stack, kStack);
    return {false, errno, "clone", 0};
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::munmap(stack, kStack);
  return {job.result.ok, job.result.error, job.result.call, 0};
}

// A child that exits at once, made with raw fork (not through the seam).
pid_t quick_child() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  return pid;
}

// Reaps `pid` if the wrapper under test did not.
void reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

template <class T>
Outcome waiting(pid_t pid, const Result<T>& r) {
  Outcome o = outcome(r);
  if (!r) reap(pid);
  return o;
}

char* const kTrueArgv[] = {const_cast<char*>("true"), nullptr};
char* const kNoEnv[] = {nullptr};

std::array<std::byte, 8> g_random;

const bool registered = register_cases({
    {Call::getgroups, Kind::other, [](World&) { return outcome(getgroups()); }},
    {Call::setgroups, Kind::other,
     [](World&) {
       const auto groups = getgroups().value();
       return in_child([&] { return raw_privileged(setgroups(groups)); });
     }},
    {Call::initgroups, Kind::other,
     [](World&) { return in_child([] { return raw_privileged(initgroups("root", ::getgid())); }); }},
    {Call::getlogin, Kind::other,
     [](World&) {
       // No login name (no terminal, no utmp entry) is an answer, not a failure of the call.
       Outcome o = outcome(getlogin());
       if (!o.ok && (o.error == ENXIO || o.error == ENOTTY)) o = {true, 0, "", 0};
       return o;
     }},
    {Call::getpgid, Kind::other, [](World&) { return outcome(getpgid(0)); }},
    {Call::setpgid, Kind::other, [](World&) { return in_child([] { return raw(setpgid(0, 0)); }); }},
    {Call::setpgrp, Kind::other, [](World&) { return in_child([] { return raw(setpgrp()); }); }},
    {Call::getsid, Kind::other, [](World&) { return outcome(getsid(0)); }},
    {Call::setsid, Kind::other, [](World&) { return in_child([] { return raw(setsid()); }); }},
    {Call::getpriority, Kind::other, [](World&) { return outcome(_sys::getpriority(PRIO_PROCESS, 0)); }},
    {Call::setpriority, Kind::other,
     [](World&) {
       const int now = ::getpriority(PRIO_PROCESS, 0);
       return in_child([now] { return raw(_sys::setpriority(PRIO_PROCESS, 0, now)); });
     }},
    {Call::nice, Kind::other, [](World&) { return in_child([] { return raw(nice(0)); }); }},
    {Call::getresuid, Kind::other, [](World&) { return outcome(getresuid()); }},
    {Call::getresgid, Kind::other, [](World&) { return outcome(getresgid()); }},
    {Call::setuid, Kind::other, [](World&) { return in_child([] { return raw(setuid(::getuid())); }); }},
    {Call::seteuid, Kind::other, [](World&) { return in_child([] { return raw(seteuid(::geteuid())); }); }},
    {Call::setgid, Kind::other, [](World&) { return in_child([] { return raw(setgid(::getgid())); }); }},
    {Call::setegid, Kind::other, [](World&) { return in_child([] { return raw(setegid(::getegid())); }); }},
    {Call::setreuid, Kind::other,
     [](World&) { return in_child([] { return raw(setreuid(static_cast<uid_t>(-1), static_cast<uid_t>(-1))); }); }},
    {Call::setregid, Kind::other,
     [](World&) { return in_child([] { return raw(setregid(static_cast<gid_t>(-1), static_cast<gid_t>(-1))); }); }},
    {Call::setresuid, Kind::other,
     [](World&) {
       return in_child([] {
         return raw(setresuid(static_cast<uid_t>(-1), static_cast<uid_t>(-1), static_cast<uid_t>(-1)));
       });
     }},
    {Call::setresgid, Kind::other,
     [](World&) {
       return in_child([] {
         return raw(setresgid(static_cast<gid_t>(-1), static_cast<gid_t>(-1), static_cast<gid_t>(-1)));
       });
     }},
    {Call::uname, Kind::other, [](World&) { return outcome(uname()); }},
    {Call::setns, Kind::other,
     [](World&) {
       const int ns = ::open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
       Outcome o = in_child([ns] { return raw_privileged(setns(ns, 0)); });
       ::close(ns);
       return o;
     }},
    {Call::unshare, Kind::other, [](World&) { return in_child([] { return raw(unshare(0)); }); }},
    {Call::kill, Kind::other, [](World&) { return outcome(kill(::getpid(), 0)); }},
    {Call::killpg, Kind::other, [](World&) { return outcome(killpg(::getpgrp(), 0)); }},
    {Call::pidfd_open, Kind::other, [](World&) { return closing(pidfd_open(::getpid(), 0)); }},
    {Call::pidfd_getfd, Kind::other,
     [](World& w) {
       const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0));
       Outcome o = closing(pidfd_getfd(pidfd, w.fd, 0));
       ::close(pidfd);
       return o;
     }},
    {Call::fork, Kind::other,
     [](World&) {
       auto r = fork();
       if (r && *r == 0) ::_exit(0);
       if (r) reap(*r);
       return outcome(r);
     }},
    {Call::forkpty, Kind::other,
     [](World&) {
       auto r = forkpty();
       if (r && r->pid == 0) ::_exit(0);
       if (r) {
         reap(r->pid);
         ::close(r->fd);
       }
       return outcome(r);
     }},
    {Call::execve, Kind::other,
     [](World&) { return in_child([] { return raw(execve("/bin/true", kTrueArgv, kNoEnv)); }); }},
    {Call::fexecve, Kind::other,
     [](World&) {
       const int fd = ::open("/bin/true", O_RDONLY | O_CLOEXEC);
       Outcome o = in_child([fd] { return raw(fexecve(fd, kTrueArgv, kNoEnv)); });
       ::close(fd);
       return o;
     }},
    {Call::posix_spawn, Kind::other,
     [](World&) {
       auto r = posix_spawn("/bin/true", std::nullopt, {}, kTrueArgv, kNoEnv, false);
       if (r) reap(*r);
       return outcome(r);
     }},
    {Call::posix_spawnp, Kind::other,
     [](World&) {
       auto r = posix_spawn("true", std::nullopt, {}, kTrueArgv, kNoEnv, true);
       if (r) reap(*r);
       return outcome(r);
     }},
    {Call::wait, Kind::other,
     [](World&) {
       const pid_t pid = quick_child();
       return waiting(pid, wait());
     }},
    {Call::waitpid, Kind::other,
     [](World&) {
       const pid_t pid = quick_child();
       return waiting(pid, waitpid(pid, 0));
     }},
    {Call::wait3, Kind::other,
     [](World&) {
       const pid_t pid = quick_child();
       return waiting(pid, wait3(0));
     }},
    {Call::wait4, Kind::other,
     [](World&) {
       const pid_t pid = quick_child();
       return waiting(pid, wait4(pid, 0));
     }},
    {Call::waitid, Kind::other,
     [](World&) {
       const pid_t pid = quick_child();
       return waiting(pid, waitid(P_PID, static_cast<id_t>(pid), WEXITED));
     }},
    {Call::times, Kind::other, [](World&) { return outcome(times()); }},
    {Call::sched_get_priority_min, Kind::other, [](World&) { return outcome(sched_get_priority_min(SCHED_RR)); }},
    {Call::sched_get_priority_max, Kind::other, [](World&) { return outcome(sched_get_priority_max(SCHED_RR)); }},
    {Call::sched_setscheduler, Kind::other,
     [](World&) { return in_child([] { return raw(sched_setscheduler(0, SCHED_OTHER, 0)); }); }},
    {Call::sched_getscheduler, Kind::other, [](World&) { return outcome(sched_getscheduler(0)); }},
    {Call::sched_setparam, Kind::other,
     [](World&) { return in_child([] { return raw(sched_setparam(0, 0)); }); }},
    {Call::sched_getparam, Kind::other, [](World&) { return outcome(sched_getparam(0)); }},
    {Call::sched_rr_get_interval, Kind::other, [](World&) { return outcome(sched_rr_get_interval(0)); }},
    {Call::sched_setaffinity, Kind::other,
     [](World&) {
       const auto cpus = sched_getaffinity(0).value();
       return in_child([&cpus] { return raw(sched_setaffinity(0, cpus)); });
     }},
    {Call::sched_getaffinity, Kind::other, [](World&) { return outcome(sched_getaffinity(0)); }},
    {Call::sysconf, Kind::other, [](World&) { return outcome(_sys::sysconf(_SC_PAGESIZE)); }},
    {Call::confstr, Kind::other, [](World&) { return outcome(_sys::confstr(_CS_PATH)); }},
    {Call::getloadavg, Kind::other, [](World&) { return outcome(getloadavg()); }},
    {Call::getrandom, Kind::transfer,
     [](World&) { return outcome(getrandom(std::span(g_random), 0)); },
     [](World&) {}},
});

TEST(ProcessWrappers, ValuesAreTheKernels) {
  EXPECT_EQ(getuid(), ::getuid());
  EXPECT_EQ(getegid(), ::getegid());
  EXPECT_EQ(getpgrp(), ::getpgrp());
  EXPECT_EQ(getpgid(0).value(), ::getpgrp());
  EXPECT_EQ(getgrouplist("no-such-user-pyos", 77), std::vector<gid_t>{77});
  const auto root = getgrouplist("root", 0);
  ASSERT_FALSE(root.empty());
  EXPECT_EQ(root[0], 0U);
  EXPECT_EQ(_sys::sysconf(_SC_PAGESIZE).value(), ::sysconf(_SC_PAGESIZE));
  EXPECT_EQ(_sys::confstr(_CS_PATH).value(), std::optional<std::string>("/bin:/usr/bin"));
  EXPECT_EQ(_sys::confstr(99999).error().code, EINVAL);
  EXPECT_EQ(_sys::sysconf(-1).error().code, EINVAL);
  const auto cpus = sched_getaffinity(0).value();
  EXPECT_FALSE(cpus.empty());
  EXPECT_EQ(ctermid(), "/dev/tty");
  EXPECT_EQ(waitpid(-1, WNOHANG).error().code, ECHILD);
}

TEST(ProcessWrappers, PosixSpawnReportsWhichStepFailed) {
  // A bad file action fails while preparing: the helper's name, not posix_spawn's.
  const SpawnFileAction close_bad{SpawnFileAction::Kind::close, -1};
  auto r = posix_spawn("/bin/true", std::span<const SpawnFileAction>(&close_bad, 1), {}, kTrueArgv, kNoEnv, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, EBADF);
  EXPECT_STREQ(r.error().call, "posix_spawn_file_actions_addclose");
  EXPECT_EQ(check_spawn_file_actions(std::span<const SpawnFileAction>(&close_bad, 1)).error().code, EBADF);
  SpawnAttributes bad_policy;
  bad_policy.set_scheduler = true;
  bad_policy.sched_policy = 99;
  r = posix_spawn("/bin/true", std::nullopt, bad_policy, kTrueArgv, kNoEnv, false);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().call, "posix_spawnattr_setschedpolicy");
  r = posix_spawn("/nonexistent", std::nullopt, {}, kTrueArgv, kNoEnv, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ENOENT);
  EXPECT_STREQ(r.error().call, "posix_spawn");
}

TEST(ProcessWrappers, ForkptyMasterIsCloseOnExec) {
  auto r = forkpty();
  ASSERT_TRUE(r);
  if (r->pid == 0) ::_exit(0);
  EXPECT_TRUE((::fcntl(r->fd, F_GETFD) & FD_CLOEXEC) != 0);
  ::close(r->fd);
  reap(r->pid);
}

}  // namespace
}  // namespace pyos::_sys::testing
