#include "_sys/time_linux.hpp"

#include <stdlib.h>
#include <time.h>

#include <cstdlib>

namespace pyos::_sys {

void tzset() noexcept { ::tzset(); }

std::array<const char*, 2> tzname() noexcept { return {::tzname[0], ::tzname[1]}; }

TzEnvironment tz_environment() {
  TzEnvironment env;
  if (const char* tz = std::getenv("TZ")) env.tz = tz;
  if (const char* dir = std::getenv("TZDIR")) env.tzdir = dir;
  return env;
}

}  // namespace pyos::_sys
