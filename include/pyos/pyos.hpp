// File: pyos/pyos.hpp
//
// The umbrella header: every public pyos module. Prefer the module headers in real code
// (`<pyos/errno.hpp>`, ...), which keep compile times down.
#pragma once

#include "pyos/errno.hpp"       // IWYU pragma: export
#include "pyos/exceptions.hpp"  // IWYU pragma: export
#include "pyos/pathlike.hpp"    // IWYU pragma: export
