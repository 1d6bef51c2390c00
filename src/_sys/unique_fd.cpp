#include "_sys/unique_fd.hpp"

#include <cstdio>

#include "_core/strerror.hpp"
#include "_sys/fd.hpp"

namespace pyos::_sys {

void UniqueFd::reset(int fd) noexcept {
  const int old = std::exchange(fd_, fd);
  if (old < 0) return;
  if (auto r = _sys::close(old); !r) {
    // The analogue of CPython's "Exception ignored in: <finalizer>" report.
    std::fprintf(stderr, "Exception ignored while closing file descriptor %d: [Errno %d] %s\n",
                 old, r.error().code, _core::strerror(r.error().code).c_str());
  }
}

}  // namespace pyos::_sys
