// File: src/os/src_os_internal.hpp — shared by the os sources; not installed.
#pragma once

#include <sys/stat.h>

#include "pyos/os/stat.hpp"

namespace pyos::os::detail {

// The stat_result Python builds from a struct stat.
stat_result from_stat(const struct stat& st);

}  // namespace pyos::os::detail
