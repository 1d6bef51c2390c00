// os.fspath, os.fsencode, os.fsdecode. pyos holds str and bytes as the same file-system
// bytes (see pyos/os/fspath.hpp), so the three give the path's bytes back.
#include "pyos/os/fspath.hpp"

namespace pyos::os {

std::string fspath(const PathLike& path) { return path.str(); }
std::string fsencode(const PathLike& filename) { return filename.str(); }
std::string fsdecode(const PathLike& filename) { return filename.str(); }

}  // namespace pyos::os
