// File: pyos/os.hpp
//
// Python's `os` module: every part. Include a part's own header (<pyos/os/stat.hpp>, ...)
// to keep compile times down; this header gathers them all.
#pragma once

#include "pyos/os/stat.hpp"  // IWYU pragma: export
#include "pyos/os/environ.hpp"  // IWYU pragma: export
#include "pyos/os/fd.hpp"  // IWYU pragma: export
#include "pyos/os/path.hpp"  // IWYU pragma: export
#include "pyos/os/files.hpp"  // IWYU pragma: export
#include "pyos/os/scandir.hpp"  // IWYU pragma: export
#include "pyos/os/walk.hpp"  // IWYU pragma: export
#include "pyos/os/process.hpp"  // IWYU pragma: export
#include "pyos/os/spawn.hpp"  // IWYU pragma: export
#include "pyos/os/wait.hpp"  // IWYU pragma: export
#include "pyos/os/sched.hpp"  // IWYU pragma: export
#include "pyos/os/sysinfo.hpp"  // IWYU pragma: export
#include "pyos/os/fspath.hpp"  // IWYU pragma: export
#include "pyos/os/xattr.hpp"  // IWYU pragma: export
