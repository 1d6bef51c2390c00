// File: io/buffered_internal.hpp
//
// BufferedBase's closed test of raw, in line for the per-call checks of buffered.cpp and of
// TextIOWrapper over a buffered object (textio.cpp).
#pragma once

#include "pyos/io/buffered.hpp"
#include "pyos/io/fileio.hpp"

namespace pyos::io {

// An exact FileIO's flag is read without a virtual call (CPython's fast_closed_checks); a
// subclass's closed() is called.
inline bool BufferedBase::raw_closed() const { return fileio_ ? fileio_->FileIO::closed() : raw_->closed(); }

}  // namespace pyos::io
