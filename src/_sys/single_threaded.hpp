// File: _sys/single_threaded.hpp
//
// Whether the process has only one thread: glibc's __libc_single_threaded, the test its
// stdio and libstdc++'s shared_ptr make to skip atomic operations. Once a second thread has
// been started it stays false. Where the C library does not say, false (the threaded path).
#pragma once

#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define PYOS_HAVE_SINGLE_THREADED 1
#else
#define PYOS_HAVE_SINGLE_THREADED 0
#endif

namespace pyos::_sys {

inline bool single_threaded() noexcept {
#if PYOS_HAVE_SINGLE_THREADED
  return __libc_single_threaded != 0;
#else
  return false;
#endif
}

}  // namespace pyos::_sys
