// os — Interface to the scheduler.
#include <climits>
#include <vector>

#include "_sys/process_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/sched.hpp"

namespace pyos::os {

int sched_get_priority_min(int policy) { return _sys::sched_get_priority_min(policy).or_raise(); }
int sched_get_priority_max(int policy) { return _sys::sched_get_priority_max(policy).or_raise(); }

void sched_setscheduler(pid_t pid, int policy, const sched_param& param) {
  _sys::sched_setscheduler(pid, policy, param.sched_priority).or_raise();
}
int sched_getscheduler(pid_t pid) { return _sys::sched_getscheduler(pid).or_raise(); }

void sched_setparam(pid_t pid, const sched_param& param) {
  _sys::sched_setparam(pid, param.sched_priority).or_raise();
}
sched_param sched_getparam(pid_t pid) { return {_sys::sched_getparam(pid).or_raise()}; }

double sched_rr_get_interval(pid_t pid) {
  const struct timespec ts = _sys::sched_rr_get_interval(pid).or_raise();
  // CPython: (double)tv_sec + 1e-9 * tv_nsec.
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

void sched_yield() { _sys::sched_yield(); }

void sched_setaffinity(pid_t pid, std::span<const int> mask) {
  // CPython checks each CPU number as it iterates, before any system call.
  for (int cpu : mask) {
    if (cpu < 0) throw ValueError("negative CPU number");
    if (cpu > INT_MAX - 1) throw OverflowError("CPU number too large");
  }
  _sys::sched_setaffinity(pid, mask).or_raise();
}

void sched_setaffinity(pid_t pid, const std::set<int>& mask) {
  const std::vector<int> cpus(mask.begin(), mask.end());
  sched_setaffinity(pid, std::span<const int>(cpus));
}

std::set<int> sched_getaffinity(pid_t pid) {
  const std::vector<int> cpus = _sys::sched_getaffinity(pid).or_raise();
  return {cpus.begin(), cpus.end()};
}

}  // namespace pyos::os
