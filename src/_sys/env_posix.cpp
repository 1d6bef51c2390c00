#include "_sys/env_posix.hpp"

#include <stdlib.h>
#include <unistd.h>

#include "_sys/retry.hpp"

namespace pyos::_sys {

std::vector<std::string> environ_entries() {
  std::vector<std::string> out;
  for (char** e = ::environ; e != nullptr && *e != nullptr; ++e) out.emplace_back(*e);
  return out;
}

Result<void> setenv(const char* name, const char* value, bool overwrite) noexcept {
  return detail::status(Call::setenv, [&] { return ::setenv(name, value, overwrite ? 1 : 0); });
}

Result<void> unsetenv(const char* name) noexcept {
  return detail::status(Call::unsetenv, [&] { return ::unsetenv(name); });
}

}  // namespace pyos::_sys
