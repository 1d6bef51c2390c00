// File: pyos/io.hpp
//
// Python's `io` module: every part. Include a part's own header to keep compile times down.
#pragma once

#include "pyos/io/buffered.hpp"  // IWYU pragma: export
#include "pyos/io/bytesio.hpp"   // IWYU pragma: export
#include "pyos/io/fileio.hpp"    // IWYU pragma: export
#include "pyos/io/iobase.hpp"    // IWYU pragma: export
#include "pyos/io/open.hpp"      // IWYU pragma: export
#include "pyos/io/textio.hpp"    // IWYU pragma: export
#include "pyos/io/codecs.hpp"    // IWYU pragma: export
#include "pyos/io/newline.hpp"   // IWYU pragma: export
#include "pyos/io/stringio.hpp"  // IWYU pragma: export
