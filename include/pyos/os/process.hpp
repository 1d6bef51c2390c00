// File: pyos/os/process.hpp
//
// os — Process Parameters, and the calls of "Process Management" that act on a process
// without creating one: identities and groups (get*id/set*id, getgroups, getgrouplist,
// initgroups, setgroups), sessions and process groups, priorities (getpriority,
// setpriority, nice), umask, uname, getlogin, ctermid, strerror, namespaces (setns,
// unshare), signals to processes (kill, killpg), pidfds, times, abort and _exit.
//
// Errors raise the OSError subclass for the errno, without a filename, as CPython.
// Constants are the libc macros, which hold Python's values: PRIO_PROCESS/PRIO_PGRP/
// PRIO_USER (<sys/resource.h>), CLONE_* (<sched.h>), EX_OK and EX_USAGE..EX_CONFIG
// (<sysexits.h>), NGROUPS_MAX (<limits.h>).
//
// Ids use the C types (uid_t, gid_t, pid_t). Python's id converters also take -1 for
// "unchanged" (setreuid(-1, -1)); pass -1 here too, it converts to (uid_t)-1, the same value.
// Deviation: Python raises OverflowError for ids out of the C range ("uid is less than
// minimum"); in C++ the parameter type has already converted them.
#pragma once

#include <limits.h>        // NGROUPS_MAX
#include <sched.h>         // CLONE_*
#include <sys/resource.h>  // PRIO_*
#include <sys/types.h>
#include <sysexits.h>      // EX_*

#include <string>
#include <string_view>
#include <vector>

namespace pyos::os {

// os.supports_bytes_environ: True on POSIX (pyos strings are bytes already).
inline constexpr bool supports_bytes_environ = true;

// os.ctermid(): the name of the controlling terminal ("/dev/tty").
std::string ctermid();

// os.getegid() / os.geteuid() / os.getgid() / os.getuid()
gid_t getegid();
uid_t geteuid();
gid_t getgid();
uid_t getuid();

// os.getgrouplist(user, group): `group`, then the groups of `user` in the group database
// (just `group` for an unknown user). ValueError "embedded null character" for a NUL.
std::vector<gid_t> getgrouplist(std::string_view user, gid_t group);
// os.getgroups(): the supplementary group ids of the process.
std::vector<gid_t> getgroups();
// os.initgroups(username, gid). ValueError "embedded null byte" for a NUL.
void initgroups(std::string_view username, gid_t gid);
// os.setgroups(groups). ValueError "too many groups" beyond NGROUPS_MAX.
void setgroups(const std::vector<gid_t>& groups);

// os.getlogin(): the user logged in on the controlling terminal (OSError when there is
// none, e.g. ENXIO without a terminal).
std::string getlogin();

// os.getpgid(pid) / os.getpgrp() / os.setpgid(pid, pgrp) / os.setpgrp()
pid_t getpgid(pid_t pid);
pid_t getpgrp();
void setpgid(pid_t pid, pid_t pgrp);
void setpgrp();
// os.getpid() / os.getppid()
pid_t getpid();
pid_t getppid();
// os.getsid(pid) / os.setsid()
pid_t getsid(pid_t pid);
void setsid();

// os.getpriority(which, who) / os.setpriority(which, who, priority); which is PRIO_PROCESS,
// PRIO_PGRP or PRIO_USER, who 0 is the caller.
int getpriority(int which, int who);
void setpriority(int which, int who, int priority);
// os.nice(increment): the new niceness.
int nice(int increment);

// The (ruid, euid, suid) tuple of os.getresuid() and (rgid, egid, sgid) of os.getresgid().
struct getresuid_result {
  uid_t ruid;
  uid_t euid;
  uid_t suid;
  friend bool operator==(const getresuid_result&, const getresuid_result&) = default;
};
struct getresgid_result {
  gid_t rgid;
  gid_t egid;
  gid_t sgid;
  friend bool operator==(const getresgid_result&, const getresgid_result&) = default;
};
getresuid_result getresuid();
getresgid_result getresgid();

// os.setuid / seteuid / setgid / setegid / setreuid / setregid / setresuid / setresgid
void setuid(uid_t uid);
void seteuid(uid_t euid);
void setgid(gid_t gid);
void setegid(gid_t egid);
void setreuid(uid_t ruid, uid_t euid);
void setregid(gid_t rgid, gid_t egid);
void setresuid(uid_t ruid, uid_t euid, uid_t suid);
void setresgid(gid_t rgid, gid_t egid, gid_t sgid);

// os.umask(mask): sets the mask, returns the previous one.
int umask(int mask);

// os.uname_result: the struct sequence of os.uname(), fields in Python's order.
struct uname_result {
  std::string sysname;
  std::string nodename;
  std::string release;
  std::string version;
  std::string machine;
  friend bool operator==(const uname_result&, const uname_result&) = default;
};
// os.uname()
uname_result uname();

// os.strerror(code): "No such file or directory", or "Unknown error N".
std::string strerror(int code);

// os.setns(fd, nstype=0) (3.12) / os.unshare(flags) (3.12); nstype and flags are CLONE_*.
void setns(int fd, int nstype = 0);
void unshare(int flags);

// os.kill(pid, sig) / os.killpg(pgid, sig)
void kill(pid_t pid, int sig);
void killpg(pid_t pgid, int sig);

// os.pidfd_open(pid, flags=0): a descriptor for the process (close-on-exec, as every pidfd).
// flags: 0 or PIDFD_NONBLOCK.
int pidfd_open(pid_t pid, unsigned flags = 0);
// os.pidfd_getfd(pidfd, targetfd, *, flags=0) (added after 3.13): a non-inheritable copy
// of descriptor `targetfd` of the process behind `pidfd`; flags must be 0.
int pidfd_getfd(int pidfd, int targetfd, unsigned flags = 0);
// os.PIDFD_NONBLOCK (3.12; the glibc of this platform has no <sys/pidfd.h> to define it,
// and the kernel's <linux/pidfd.h> clashes with <fcntl.h>, so pyos gives the kernel value).
#ifndef PIDFD_NONBLOCK
inline constexpr unsigned PIDFD_NONBLOCK = 04000;  // O_NONBLOCK
#endif

// os.times_result: the struct sequence of os.times(), seconds as floats.
struct times_result {
  double user;
  double system;
  double children_user;
  double children_system;
  double elapsed;  // since an arbitrary point in the past (times(2)'s clock)
};
// os.times()
times_result times();

// os.abort(): SIGABRT, whatever handlers are installed (never returns).
[[noreturn]] void abort();
// os._exit(n): exits at once, without running atexit handlers or destructors of statics,
// nor flushing stdio (for a forked child).
[[noreturn]] void _exit(int n);

}  // namespace pyos::os
