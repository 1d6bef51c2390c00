#include "_sys/time_linux.hpp"

#include <stdlib.h>
#include <time.h>

#include <cstdlib>

namespace pyos::_sys {

std::atomic<std::uint64_t> g_tz_generation{0};

void tzset() noexcept {
  ::tzset();
  g_tz_generation.fetch_add(1, std::memory_order_relaxed);
}

std::array<const char*, 2> tzname() noexcept { return {::tzname[0], ::tzname[1]}; }

TzEnvironment tz_environment() {
  TzEnvironment env;
  if (const char* tz = std::getenv("TZ")) env.tz = tz;
  if (const char* dir = std::getenv("TZDIR")) env.tzdir = dir;
  return env;
}

}  // namespace pyos::_sys
