// The wait family and os.waitstatus_to_exitcode.
#include <string>

#include "_sys/process_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/wait.hpp"

namespace pyos::os {
namespace {

double seconds(const struct timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

// resource.struct_rusage as CPython's os.wait3/wait4 build it.
struct_rusage from_rusage(const struct rusage& ru) {
  struct_rusage r;
  r.ru_utime = seconds(ru.ru_utime);
  r.ru_stime = seconds(ru.ru_stime);
  r.ru_maxrss = ru.ru_maxrss;
  r.ru_ixrss = ru.ru_ixrss;
  r.ru_idrss = ru.ru_idrss;
  r.ru_isrss = ru.ru_isrss;
  r.ru_minflt = ru.ru_minflt;
  r.ru_majflt = ru.ru_majflt;
  r.ru_nswap = ru.ru_nswap;
  r.ru_inblock = ru.ru_inblock;
  r.ru_oublock = ru.ru_oublock;
  r.ru_msgsnd = ru.ru_msgsnd;
  r.ru_msgrcv = ru.ru_msgrcv;
  r.ru_nsignals = ru.ru_nsignals;
  r.ru_nvcsw = ru.ru_nvcsw;
  r.ru_nivcsw = ru.ru_nivcsw;
  return r;
}

}  // namespace

wait_result wait() {
  const auto w = _sys::wait().or_raise();
  return {w.pid, w.status};
}

wait_result waitpid(pid_t pid, int options) {
  const auto w = _sys::waitpid(pid, options).or_raise();
  return {w.pid, w.status};
}

wait3_result wait3(int options) {
  const auto w = _sys::wait3(options).or_raise();
  return {w.pid, w.status, from_rusage(w.usage)};
}

wait3_result wait4(pid_t pid, int options) {
  const auto w = _sys::wait4(pid, options).or_raise();
  return {w.pid, w.status, from_rusage(w.usage)};
}

std::optional<waitid_result> waitid(int idtype, id_t id, int options) {
  const siginfo_t si = _sys::waitid(static_cast<idtype_t>(idtype), id, options).or_raise();
  if (si.si_pid == 0) return std::nullopt;
  return waitid_result{si.si_pid, si.si_uid, si.si_signo, si.si_status, si.si_code};
}

int waitstatus_to_exitcode(int status) {
  // The order and the messages of CPython's os_waitstatus_to_exitcode_impl.
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    if (code < 0) throw ValueError("invalid WEXITSTATUS: " + std::to_string(code));
    return code;
  }
  if (WIFSIGNALED(status)) {
    const int signum = WTERMSIG(status);
    if (signum <= 0) throw ValueError("invalid WTERMSIG: " + std::to_string(signum));
    return -signum;
  }
  if (WIFSTOPPED(status)) {
    throw ValueError("process stopped by delivery of signal " + std::to_string(WSTOPSIG(status)));
  }
  throw ValueError("invalid wait status: " + std::to_string(status));
}

}  // namespace pyos::os
