// File: _sys/process.hpp
//
// Process system calls. Calls that cannot fail return their value directly.
#pragma once

#include <sys/types.h>

namespace pyos::_sys {

pid_t getpid() noexcept;
pid_t getppid() noexcept;

}  // namespace pyos::_sys
