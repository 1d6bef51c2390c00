// File: src/os/src_os_internal.hpp — shared by the os sources; not installed.
#pragma once

#include <sys/stat.h>
#include <time.h>

#include <cstdint>

#include "pyos/os/stat.hpp"

namespace pyos::os::detail {

// The stat_result Python builds from a struct stat.
stat_result from_stat(const struct stat& st);

inline constexpr std::int64_t kNsPerSecond = 1'000'000'000;

// Nanoseconds to a timespec by floor division (tv_nsec in [0, 1e9), as the kernel wants).
inline struct timespec timespec_from_ns(std::int64_t ns) {
  std::int64_t sec = ns / kNsPerSecond, rem = ns % kNsPerSecond;
  if (rem < 0) {
    rem += kNsPerSecond;
    --sec;
  }
  return {static_cast<time_t>(sec), static_cast<long>(rem)};
}

inline std::int64_t timespec_to_ns(const struct timespec& ts) {
  return static_cast<std::int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec;
}

// Python's float seconds: sec + nsec * 1e-9, the two parts added in double as CPython does.
inline double timespec_to_seconds(const struct timespec& ts) {
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace pyos::os::detail
