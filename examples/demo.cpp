// pyos demo: what is there so far. It grows as modules land.
//
// Python:                                   pyos:
//   errno.errorcode[errno.ENOENT]             pyos::errno_::errorcode.at(ENOENT)
//   os.strerror(errno.EXDEV)                  pyos::errno_::strerror(EXDEV)
//   except FileNotFoundError as e: e.errno    catch (const pyos::FileNotFoundError& e) { e.errno_(); }
#include <pyos/logging.hpp>
#include <pyos/os.hpp>
#include <pyos/os/path.hpp>
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

  std::printf("\nos and os.path, as in Python:\n");
  namespace os = pyos::os;
  namespace path = pyos::os::path;
  const std::string tmp = path::join(os::getenv("TMPDIR", "/tmp"), "pyos-demo-" + std::to_string(os::getpid()));
  os::makedirs(path::join(tmp, "src", "lib"), {.exist_ok = true});
  for (const char* name : {"src/main.cpp", "src/lib/util.cpp", "README.md"}) {
    const int fd = os::open(path::join(tmp, name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    os::write(fd, "// " + std::string(name) + "\n");
    os::close(fd);
  }
  for (auto& [dirpath, dirnames, filenames] : os::walk(tmp)) {
    std::printf("  %s: %zu dirs, %zu files\n", path::relpath(dirpath, tmp).c_str(), dirnames.size(),
                filenames.size());
  }
  auto [root, ext] = path::splitext(path::join(tmp, "src", "main.cpp"));
  std::printf("  splitext -> (%s, %s), size %lld bytes\n", path::basename(root).c_str(), ext.c_str(),
              static_cast<long long>(os::stat(path::join(tmp, "src/main.cpp")).st_size));
  try {
    os::mkdir(tmp);
  } catch (const pyos::FileExistsError& e) {
    std::printf("  except FileExistsError: %s\n", e.what());
  }
  for (auto& [dirpath, dirnames, filenames] : os::walk(tmp, {.topdown = false})) {
    for (const auto& f : filenames) os::remove(path::join(dirpath, f));
    os::rmdir(dirpath);
  }

  // logging: Python's configuration and hierarchy, Python's output.
  namespace logging = pyos::logging;
  std::printf("logging:\n");
  std::fflush(stdout);
  logging::basicConfig({.format = "  %(levelname)-8s %(name)s: %(message)s", .level = logging::INFO,
                        .stream = pyos::io::open(1, "w", {.closefd = false})});
  auto& db = logging::getLogger("app.db");
  db.info("connected to %s in %.1f ms", "db.local", 12.25);
  db.debug("not shown: %s", "below INFO");
  logging::LoggerAdapter conn(db, logging::Dict{{"conn", 7}});
  conn.warning("slow query (%d rows)", 1200);
  try {
    os::stat(path::join(tmp, "gone"));
  } catch (const pyos::OSError&) {
    db.exception("stat failed");
  }
  logging::shutdown();
  return 0;
}
