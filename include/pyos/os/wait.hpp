// File: pyos/os/wait.hpp
//
// os — Process Management: waiting for children. wait, waitpid, wait3, wait4, waitid,
// waitstatus_to_exitcode and the W* status helpers.
//
// Every wait retries EINTR (PEP 475) and raises ChildProcessError (ECHILD) when there is no
// child to wait for. Constants are the libc macros of <sys/wait.h> (WNOHANG, WUNTRACED,
// WCONTINUED, WEXITED, WSTOPPED, WNOWAIT, CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_TRAPPED,
// CLD_STOPPED, CLD_CONTINUED); the idtypes P_ALL, P_PID, P_PGID, P_PIDFD are glibc's
// enumerators, brought into this namespace.
//
// Naming: Python's os.WIFEXITED(status) and friends collide with the libc macros of the same
// name, so they are spelled with the trailing underscore of docs/conventions.md:
// os::WIFEXITED_(status), os::WEXITSTATUS_(status), ...
#pragma once

#include <sys/types.h>
#include <sys/wait.h>

#include <optional>

namespace pyos::os {

using ::P_ALL;
using ::P_PGID;
using ::P_PID;
using ::P_PIDFD;

// The (pid, status) tuple of os.wait() and os.waitpid().
struct wait_result {
  pid_t pid;
  int status;
  friend bool operator==(const wait_result&, const wait_result&) = default;
};

// resource.struct_rusage, as os.wait3/os.wait4 return it (pyos has no resource module, so
// the type lives here). Times in float seconds, the rest as the kernel counts them.
struct struct_rusage {
  double ru_utime = 0;
  double ru_stime = 0;
  long ru_maxrss = 0;
  long ru_ixrss = 0;
  long ru_idrss = 0;
  long ru_isrss = 0;
  long ru_minflt = 0;
  long ru_majflt = 0;
  long ru_nswap = 0;
  long ru_inblock = 0;
  long ru_oublock = 0;
  long ru_msgsnd = 0;
  long ru_msgrcv = 0;
  long ru_nsignals = 0;
  long ru_nvcsw = 0;
  long ru_nivcsw = 0;
  friend bool operator==(const struct_rusage&, const struct_rusage&) = default;
};

// The (pid, status, rusage) tuple of os.wait3() and os.wait4().
struct wait3_result {
  pid_t pid;
  int status;
  struct_rusage rusage;
};

// os.waitid_result, fields in Python's order.
// Naming: si_pid, si_uid and si_status are macros of glibc's <signal.h> (they reach into
// siginfo_t's unions), so those three are spelled with the trailing underscore of
// docs/conventions.md: si_pid_, si_uid_, si_status_; si_signo and si_code are as Python's.
struct waitid_result {
  pid_t si_pid_;
  uid_t si_uid_;
  int si_signo;
  int si_status_;
  int si_code;
  friend bool operator==(const waitid_result&, const waitid_result&) = default;
};

// os.wait(): any child.
wait_result wait();
// os.waitpid(pid, options): pid > 0 that child, 0 any in the caller's group, -1 any,
// < -1 any in group -pid. With WNOHANG and nothing to report: {0, 0}.
wait_result waitpid(pid_t pid, int options);
// os.wait3(options) / os.wait4(pid, options): with the child's resource usage (all zero
// when WNOHANG found nothing).
wait3_result wait3(int options);
wait3_result wait4(pid_t pid, int options);
// os.waitid(idtype, id, options): nullopt (Python's None) when WNOHANG found nothing.
std::optional<waitid_result> waitid(int idtype, id_t id, int options);

// os.waitstatus_to_exitcode(status): the exit code of an exited child, -signal of a killed
// one. ValueError "process stopped by delivery of signal N" for a stopped status,
// "invalid wait status: N" for anything else, as CPython.
int waitstatus_to_exitcode(int status);

// os.WCOREDUMP(status) and the other status helpers (see "Naming" above).
inline bool WCOREDUMP_(int status) noexcept { return WCOREDUMP(status); }
inline bool WIFCONTINUED_(int status) noexcept { return WIFCONTINUED(status); }
inline bool WIFSTOPPED_(int status) noexcept { return WIFSTOPPED(status); }
inline bool WIFSIGNALED_(int status) noexcept { return WIFSIGNALED(status); }
inline bool WIFEXITED_(int status) noexcept { return WIFEXITED(status); }
inline int WEXITSTATUS_(int status) noexcept { return WEXITSTATUS(status); }
inline int WSTOPSIG_(int status) noexcept { return WSTOPSIG(status); }
inline int WTERMSIG_(int status) noexcept { return WTERMSIG(status); }

}  // namespace pyos::os
