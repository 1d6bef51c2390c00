// File: pyos/os/fdopen.hpp
//
// os.fdopen(fd, *args, **kwargs): a file object for an open descriptor, i.e. io.open(fd, ...).
// It is part of Python's os module but built on io, so it lives in the pyos::io library
// (link pyos::io, or pyos::pyos) and <pyos/os.hpp> does not include this header.
#pragma once

#include <memory>
#include <string_view>

#include "pyos/io/open.hpp"

namespace pyos::os {

// os.fdopen(fd, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
// closefd=True, opener=None) — the same arguments and errors as io.open.
std::shared_ptr<io::IOBase> fdopen(int fd, std::string_view mode = "r", const io::OpenOptions& options = {});

}  // namespace pyos::os
