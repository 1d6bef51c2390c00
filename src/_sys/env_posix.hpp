// File: _sys/env_posix.hpp
//
// The process environment. glibc's setenv/unsetenv/getenv are not thread-safe against each
// other; the `os` layer serialises every pyos access with one mutex (see os/environ).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "_core/result.hpp"

namespace pyos::_sys {

using _core::Result;

// The entries of the C environment ("KEY=VALUE"), in order.
std::vector<std::string> environ_entries();

Result<void> setenv(const char* name, const char* value, bool overwrite) noexcept;
Result<void> unsetenv(const char* name) noexcept;

}  // namespace pyos::_sys
