// File: pyos/pyos.hpp
//
// The umbrella header: every public pyos module. Prefer the module headers in real code
// (`<pyos/os.hpp>`, `<pyos/io.hpp>`, ...), which keep compile times down.
#pragma once

#include "pyos/errno.hpp"       // IWYU pragma: export
#include "pyos/exceptions.hpp"  // IWYU pragma: export
#include "pyos/io.hpp"          // IWYU pragma: export
#include "pyos/logging.hpp"     // IWYU pragma: export
#include "pyos/os.hpp"          // IWYU pragma: export
#include "pyos/os/fdopen.hpp"   // IWYU pragma: export
#include "pyos/os/popen.hpp"    // IWYU pragma: export
#include "pyos/os/path.hpp"     // IWYU pragma: export
#include "pyos/pathlike.hpp"    // IWYU pragma: export
#include "pyos/time.hpp"        // IWYU pragma: export
