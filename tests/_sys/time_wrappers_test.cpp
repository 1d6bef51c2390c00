// Fault-injection cases for the clock, sleep and local-time wrappers (_sys/time_linux.hpp).
#include <pthread.h>
#include <time.h>

#include <cerrno>

#include "_sys/time_linux.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

const bool registered = register_cases({
    {Call::clock_gettime, Kind::other, [](World&) { return outcome(clock_gettime(CLOCK_MONOTONIC)); }},
    {Call::clock_getres, Kind::other, [](World&) { return outcome(clock_getres(CLOCK_MONOTONIC)); }},
    {Call::clock_settime, Kind::other,
     [](World&) {
       // The monotonic clock cannot be set: the kernel's EINVAL proves that the request got
       // through the wrapper, without touching any clock. (The injected errnos never
       // include EINVAL.)
       struct timespec ts {};
       auto r = clock_settime(CLOCK_MONOTONIC, ts);
       if (!r && r.error().code == EINVAL) return Outcome{true, 0, "", 0};
       return outcome(r);
     }},
    {Call::clock_nanosleep, Kind::other,
     [](World&) {
       // A deadline in the past returns at once.
       struct timespec deadline {};
       return outcome(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline));
     }},
    {Call::pthread_getcpuclockid, Kind::other,
     [](World&) { return outcome(pthread_getcpuclockid(::pthread_self())); }},
    {Call::localtime_r, Kind::other,
     [](World&) {
       struct tm tm {};
       return outcome(localtime_r(0, tm));
     }},
});

}  // namespace
}  // namespace pyos::_sys::testing
