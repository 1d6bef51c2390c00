#include "pyos/os/fdopen.hpp"

namespace pyos::os {

std::shared_ptr<io::IOBase> fdopen(int fd, std::string_view mode, const io::OpenOptions& options) {
  return io::open(fd, mode, options);
}

}  // namespace pyos::os
