// File: pyos/os/sched.hpp
//
// os — Interface to the scheduler: policies and parameters (sched_setscheduler,
// sched_getscheduler, sched_setparam, sched_getparam, sched_get_priority_min/max,
// sched_rr_get_interval), sched_yield, and CPU affinity (sched_setaffinity,
// sched_getaffinity).
//
// The policies are the libc macros of <sched.h>: SCHED_OTHER, SCHED_BATCH, SCHED_IDLE,
// SCHED_FIFO, SCHED_RR, SCHED_DEADLINE (3.14) and the flag SCHED_RESET_ON_FORK. SCHED_NORMAL
// (3.14) is a kernel name that glibc lacks; pyos gives it (= SCHED_OTHER) unless
// <linux/sched.h> was included first, whose macro then serves.
//
// Errors raise the OSError subclass for the errno (ProcessLookupError for an unknown pid,
// OSError(EINVAL) for a bad policy or priority), without a filename.
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <set>
#include <span>

namespace pyos::os {

#ifndef SCHED_NORMAL
inline constexpr int SCHED_NORMAL = SCHED_OTHER;
#endif

// os.sched_param(sched_priority): the struct sequence of scheduling parameters.
// (pyos::os::sched_param is not libc's ::sched_param.)
struct sched_param {
  int sched_priority = 0;
  friend bool operator==(const sched_param&, const sched_param&) = default;
};

// os.sched_get_priority_min(policy) / os.sched_get_priority_max(policy)
int sched_get_priority_min(int policy);
int sched_get_priority_max(int policy);
// os.sched_setscheduler(pid, policy, param) / os.sched_getscheduler(pid); pid 0 is the caller.
void sched_setscheduler(pid_t pid, int policy, const sched_param& param);
int sched_getscheduler(pid_t pid);
// os.sched_setparam(pid, param) / os.sched_getparam(pid)
void sched_setparam(pid_t pid, const sched_param& param);
sched_param sched_getparam(pid_t pid);
// os.sched_rr_get_interval(pid): the round-robin quantum in seconds.
double sched_rr_get_interval(pid_t pid);
// os.sched_yield()
void sched_yield();

// os.sched_setaffinity(pid, mask): mask is the CPU numbers. ValueError "negative CPU
// number", OverflowError "CPU number too large" (INT_MAX), as CPython; an empty or
// impossible mask is OSError(EINVAL) from the kernel.
void sched_setaffinity(pid_t pid, std::span<const int> mask);
void sched_setaffinity(pid_t pid, const std::set<int>& mask);
// os.sched_getaffinity(pid): the set of CPUs the process (pid 0: the calling thread) may run on.
std::set<int> sched_getaffinity(pid_t pid);

}  // namespace pyos::os
