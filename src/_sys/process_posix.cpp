#include "_sys/process.hpp"

#include <unistd.h>

namespace pyos::_sys {

pid_t getpid() noexcept { return ::getpid(); }
pid_t getppid() noexcept { return ::getppid(); }

}  // namespace pyos::_sys
