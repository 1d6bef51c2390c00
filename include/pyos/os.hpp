// File: pyos/os.hpp
//
// Python's `os` module: every part. Include a part's own header (<pyos/os/stat.hpp>, ...)
// to keep compile times down; this header gathers them all.
#pragma once

#include "pyos/os/stat.hpp"  // IWYU pragma: export
#include "pyos/os/environ.hpp"  // IWYU pragma: export
#include "pyos/os/fd.hpp"  // IWYU pragma: export
