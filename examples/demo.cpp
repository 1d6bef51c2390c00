// pyos demo: what is there so far. It grows as modules land.
//
// Python:                                   pyos:
//   errno.errorcode[errno.ENOENT]             pyos::errno_::errorcode.at(ENOENT)
//   os.strerror(errno.EXDEV)                  pyos::errno_::strerror(EXDEV)
//   except FileNotFoundError as e: e.errno    catch (const pyos::FileNotFoundError& e) { e.errno_(); }
#include <pyos/pyos.hpp>

#include <cerrno>
#include <cstdio>
#include <string>

namespace {

void show(int code, const char* filename, const char* filename2 = nullptr) {
  try {
    if (filename2) {
      pyos::raise_from_errno(code, filename, filename2);
    } else {
      pyos::raise_from_errno(code, filename);
    }
  } catch (const pyos::OSError& e) {  // every subclass lands here, as with `except OSError`
    std::printf("  %-24s %s\n", std::string(e.type_name()).c_str(), e.what());
  }
}

}  // namespace

int main() {
  namespace errno_ = pyos::errno_;

  std::printf("errno: %zu names, %zu distinct values on this platform\n", errno_::symbols().size(),
              errno_::errorcode.size());
  for (int code : {ENOENT, EAGAIN, EWOULDBLOCK, EDEADLK, EOPNOTSUPP}) {
    std::printf("  errorcode[%d] = %s  (%s)\n", code, std::string(errno_::errorcode.at(code)).c_str(),
                errno_::strerror(code).c_str());
  }

  std::printf("\nOSError subclasses, chosen from errno as CPython does:\n");
  show(ENOENT, "config.ini");
  show(EACCES, "/etc/shadow");
  show(EEXIST, "out");
  show(EXDEV, "a", "b");
  show(EPIPE, "it's a pipe");
  show(EAGAIN, "socket");
  show(ENOSPC, "caf\xc3\xa9 \xff.log");  // non-UTF-8 bytes show as Python shows them

  std::printf("\nCatching by a Python base class:\n");
  try {
    pyos::raise_from_errno(ECONNRESET);
  } catch (const pyos::ConnectionError& e) {
    std::printf("  except ConnectionError caught %s: %s\n", std::string(e.type_name()).c_str(), e.what());
  }
  try {
    (void)errno_::errorcode.at(9999);
  } catch (const pyos::LookupError& e) {
    std::printf("  except LookupError caught %s: %s\n", std::string(e.type_name()).c_str(), e.what());
  }
  return 0;
}
