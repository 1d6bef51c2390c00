// Stand-in for open_text.cpp while the text layer is not part of the library: text modes
// raise NotImplementedError. See binary.cmake.
#include "io_internal.hpp"

namespace pyos::io::detail {

std::shared_ptr<IOBase> wrap_text(std::shared_ptr<BufferedIOBase>, const std::string&,
                                  const std::optional<std::string>&, const std::optional<std::string>&,
                                  const std::optional<std::string>&, bool) {
  throw NotImplementedError("text mode needs the io text layer (TextIOWrapper)");
}

}  // namespace pyos::io::detail
