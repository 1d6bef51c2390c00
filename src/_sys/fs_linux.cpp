#include "_sys/fs_linux.hpp"

#include <pty.h>
#include <sys/syscall.h>

#include <algorithm>
#include <climits>

namespace pyos::_sys {

void closerange(int fd_low, int fd_high) noexcept {
  if (fd_low < 0) fd_low = 0;
  if (fd_high < fd_low) return;
  // close_range(2) (Linux 5.9) closes the whole range in one call; older kernels say ENOSYS.
  if (::syscall(SYS_close_range, static_cast<unsigned>(fd_low), static_cast<unsigned>(fd_high), 0U) == 0) {
    return;
  }
  for (int fd = fd_low; fd <= fd_high && fd >= 0; ++fd) {
    (void)::close(fd);  // errors ignored, as CPython's os.closerange
    if (fd == INT_MAX) break;
  }
}

namespace {

// Calls a *_r function that writes a NUL-terminated string into a caller buffer and returns
// an error number (ttyname_r, ptsname_r), doubling the buffer while it says ERANGE.
template <class Fn>
Result<std::string> string_r(Call call, Fn fn) {
  std::string buffer(64, '\0');
  for (;;) {
    auto r = detail::status(call, [&] {
      const int err = fn(buffer.data(), buffer.size());
      if (err == 0) return 0;
      errno = err;
      return -1;
    });
    if (r) break;
    if (r.error().code != ERANGE) return r.error();
    buffer.resize(buffer.size() * 2);
  }
  buffer.resize(buffer.find('\0'));
  return buffer;
}

}  // namespace

Result<std::string> ttyname(int fd) {
  return string_r(Call::ttyname, [fd](char* buf, std::size_t n) { return ::ttyname_r(fd, buf, n); });
}

Result<std::array<int, 2>> openpty() {
  int master = -1, slave = -1;
  auto r = detail::status(Call::openpty, [&] { return ::openpty(&master, &slave, nullptr, nullptr, nullptr); });
  if (!r) return r.error();
  // openpty(3) cannot ask for O_CLOEXEC; nothing else in this process can fork in between
  // pyos's own calls, but another thread could: the window is as small as CPython's.
  (void)::fcntl(master, F_SETFD, FD_CLOEXEC);
  (void)::fcntl(slave, F_SETFD, FD_CLOEXEC);
  return std::array<int, 2>{master, slave};
}

Result<std::string> ptsname(int fd) {
  return string_r(Call::ptsname, [fd](char* buf, std::size_t n) { return ::ptsname_r(fd, buf, n); });
}

namespace {
// -1 with errno untouched is "no limit", which Python returns as -1.
template <class Fn>
Result<long> conf_value(Call call, Fn fn) noexcept {
  long value = 0;
  auto r = detail::status(call, [&] {
    errno = 0;
    value = fn();
    return (value == -1 && errno != 0) ? -1 : 0;
  });
  if (!r) return r.error();
  return value;
}
}  // namespace

Result<long> fpathconf(int fd, int name) noexcept {
  return conf_value(Call::fpathconf, [&] { return ::fpathconf(fd, name); });
}

Result<long> pathconf(const char* path, int name) noexcept {
  return conf_value(Call::pathconf, [&] { return ::pathconf(path, name); });
}

namespace {

// Reads a variable-size xattr result: one call with a buffer that usually fits; on ERANGE,
// asks for the size (fn with no buffer) and tries again (the value may grow in between).
template <class Fn>
Result<std::string> read_sized(Call call, Fn fn) {
  std::string buffer(256, '\0');
  for (;;) {
    auto got = detail::value<ssize_t>(call, [&] { return fn(buffer.data(), buffer.size()); });
    if (got) {
      buffer.resize(static_cast<std::size_t>(*got));
      return buffer;
    }
    if (got.error().code != ERANGE) return got.error();
    auto size = detail::value<ssize_t>(call, [&] { return fn(nullptr, 0); });
    if (!size) return size.error();
    buffer.resize(std::max(static_cast<std::size_t>(*size), buffer.size() * 2));
  }
}

}  // namespace

Result<std::string> getxattr(const XattrTarget& t, const char* name) {
  return read_sized(Call::getxattr, [&](char* buf, std::size_t n) {
    if (t.fd >= 0) return ::fgetxattr(t.fd, name, buf, n);
    return t.follow_symlinks ? ::getxattr(t.path, name, buf, n) : ::lgetxattr(t.path, name, buf, n);
  });
}

Result<void> setxattr(const XattrTarget& t, const char* name, std::string_view value, int flags) noexcept {
  return detail::status(Call::setxattr, [&] {
    if (t.fd >= 0) return ::fsetxattr(t.fd, name, value.data(), value.size(), flags);
    return t.follow_symlinks ? ::setxattr(t.path, name, value.data(), value.size(), flags)
                             : ::lsetxattr(t.path, name, value.data(), value.size(), flags);
  });
}

Result<std::string> listxattr(const XattrTarget& t) {
  return read_sized(Call::listxattr, [&](char* buf, std::size_t n) {
    if (t.fd >= 0) return ::flistxattr(t.fd, buf, n);
    return t.follow_symlinks ? ::listxattr(t.path, buf, n) : ::llistxattr(t.path, buf, n);
  });
}

Result<void> removexattr(const XattrTarget& t, const char* name) noexcept {
  return detail::status(Call::removexattr, [&] {
    if (t.fd >= 0) return ::fremovexattr(t.fd, name);
    return t.follow_symlinks ? ::removexattr(t.path, name) : ::lremovexattr(t.path, name);
  });
}

}  // namespace pyos::_sys
