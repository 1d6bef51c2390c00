// os — Process Parameters, and the process calls that create nothing (kill, pidfds, times,
// nice, abort, _exit).
#include <limits.h>

#include <string>
#include <vector>

#include "_core/strerror.hpp"
#include "_sys/process.hpp"
#include "_sys/process_linux.hpp"
#include "process_internal.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/process.hpp"

namespace pyos::os {

std::string ctermid() { return _sys::ctermid(); }

gid_t getegid() { return _sys::getegid(); }
uid_t geteuid() { return _sys::geteuid(); }
gid_t getgid() { return _sys::getgid(); }
uid_t getuid() { return _sys::getuid(); }

std::vector<gid_t> getgrouplist(std::string_view user, gid_t group) {
  // The user is a str converted with the "s" format: its NUL message is "embedded null
  // character" (initgroups converts with the fs encoder: "embedded null byte").
  if (user.find('\0') != std::string_view::npos) throw ValueError("embedded null character");
  const std::string u(user);
  return _sys::getgrouplist(u.c_str(), group);
}

std::vector<gid_t> getgroups() { return _sys::getgroups().or_raise(); }

void initgroups(std::string_view username, gid_t gid) {
  detail::check_no_nul(username);
  const std::string u(username);
  _sys::initgroups(u.c_str(), gid).or_raise();
}

void setgroups(const std::vector<gid_t>& groups) {
  if (groups.size() > NGROUPS_MAX) throw ValueError("too many groups");
  _sys::setgroups(groups).or_raise();
}

std::string getlogin() { return _sys::getlogin().or_raise(); }

pid_t getpgid(pid_t pid) { return _sys::getpgid(pid).or_raise(); }
pid_t getpgrp() { return _sys::getpgrp(); }
void setpgid(pid_t pid, pid_t pgrp) { _sys::setpgid(pid, pgrp).or_raise(); }
void setpgrp() { _sys::setpgrp().or_raise(); }
pid_t getpid() { return _sys::getpid(); }
pid_t getppid() { return _sys::getppid(); }
pid_t getsid(pid_t pid) { return _sys::getsid(pid).or_raise(); }
void setsid() { (void)_sys::setsid().or_raise(); }

int getpriority(int which, int who) {
  return _sys::getpriority(which, static_cast<id_t>(who)).or_raise();
}
void setpriority(int which, int who, int priority) {
  _sys::setpriority(which, static_cast<id_t>(who), priority).or_raise();
}
int nice(int increment) { return _sys::nice(increment).or_raise(); }

getresuid_result getresuid() {
  const auto ids = _sys::getresuid().or_raise();
  return {ids.r, ids.e, ids.s};
}
getresgid_result getresgid() {
  const auto ids = _sys::getresgid().or_raise();
  return {ids.r, ids.e, ids.s};
}

void setuid(uid_t uid) { _sys::setuid(uid).or_raise(); }
void seteuid(uid_t euid) { _sys::seteuid(euid).or_raise(); }
void setgid(gid_t gid) { _sys::setgid(gid).or_raise(); }
void setegid(gid_t egid) { _sys::setegid(egid).or_raise(); }
void setreuid(uid_t ruid, uid_t euid) { _sys::setreuid(ruid, euid).or_raise(); }
void setregid(gid_t rgid, gid_t egid) { _sys::setregid(rgid, egid).or_raise(); }
void setresuid(uid_t ruid, uid_t euid, uid_t suid) { _sys::setresuid(ruid, euid, suid).or_raise(); }
void setresgid(gid_t rgid, gid_t egid, gid_t sgid) { _sys::setresgid(rgid, egid, sgid).or_raise(); }

int umask(int mask) { return static_cast<int>(_sys::umask(static_cast<mode_t>(mask))); }

uname_result uname() {
  const struct utsname u = _sys::uname().or_raise();
  return {u.sysname, u.nodename, u.release, u.version, u.machine};
}

std::string strerror(int code) { return _core::strerror(code); }

void setns(int fd, int nstype) { _sys::setns(fd, nstype).or_raise(); }
void unshare(int flags) { _sys::unshare(flags).or_raise(); }

void kill(pid_t pid, int sig) { _sys::kill(pid, sig).or_raise(); }
void killpg(pid_t pgid, int sig) { _sys::killpg(pgid, sig).or_raise(); }

int pidfd_open(pid_t pid, unsigned flags) { return _sys::pidfd_open(pid, flags).or_raise(); }
int pidfd_getfd(int pidfd, int targetfd, unsigned flags) {
  return _sys::pidfd_getfd(pidfd, targetfd, flags).or_raise();
}

times_result times() {
  const auto t = _sys::times().or_raise();
  // CPython divides the clock ticks by sysconf(_SC_CLK_TCK), read once.
  static const double ticks = static_cast<double>(_sys::sysconf(_SC_CLK_TCK).value_or(100));
  return {static_cast<double>(t.tms.tms_utime) / ticks, static_cast<double>(t.tms.tms_stime) / ticks,
          static_cast<double>(t.tms.tms_cutime) / ticks, static_cast<double>(t.tms.tms_cstime) / ticks,
          static_cast<double>(t.elapsed) / ticks};
}

void abort() { _sys::abort(); }
void _exit(int n) { _sys::_exit(n); }

}  // namespace pyos::os
