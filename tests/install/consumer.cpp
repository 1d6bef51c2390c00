// Built against an installed pyos (find_package and pkg-config): exits 0 when the library
// works as documented.
#include <pyos/pyos.hpp>

#include <cerrno>
#include <cstdio>
#include <string_view>

int main() {
  if (pyos::errno_::errorcode.at(ENOENT) != "ENOENT") return 1;
  try {
    pyos::raise_from_errno(ENOENT, "missing.txt");
  } catch (const pyos::FileNotFoundError& e) {
    std::printf("%s: %s\n", std::string(e.type_name()).c_str(), e.what());
    return std::string_view(e.what()) == "[Errno 2] No such file or directory: 'missing.txt'" ? 0 : 2;
  }
  return 3;
}
