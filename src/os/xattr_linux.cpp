#include "_sys/fs_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/xattr.hpp"

namespace pyos::os {
namespace {

std::string attribute_name(const char* func, std::string_view attribute) {
  if (attribute.find('\0') != std::string_view::npos) {
    throw ValueError(std::string(func) + ": embedded null character in attribute");
  }
  return std::string(attribute);
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = list.find('\0', start);
    names.push_back(list.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return names;
}

_sys::XattrTarget target(const char* p, const XattrOptions& o) { return {.path = p, .follow_symlinks = o.follow_symlinks}; }

// CPython's path converter keeps -1 as "no descriptor", so fd -1 reaches the call as a null
// path: EFAULT, named -1 (os.getxattr(-1, 'user.x')). listxattr(-1) instead lists '.' in
// 3.13, which 3.15 turns into EBADF; pyos follows 3.15 (as for listdir).
_sys::XattrTarget fd_target(int fd) {
  if (fd == -1) raise_from_errno(EFAULT, Filename::fd(fd));
  return {.fd = fd};
}

}  // namespace

std::string getxattr(const PathLike& path, std::string_view attribute, const XattrOptions& options) {
  const char* p = path.c_str("getxattr");
  const std::string a = attribute_name("getxattr", attribute);
  return _sys::getxattr(target(p, options), a.c_str()).or_raise(path.fspath());
}

std::string getxattr(int fd, std::string_view attribute) {
  const std::string a = attribute_name("getxattr", attribute);
  return _sys::getxattr(fd_target(fd), a.c_str()).or_raise(Filename::fd(fd));
}

void setxattr(const PathLike& path, std::string_view attribute, std::string_view value, int flags,
              const XattrOptions& options) {
  const char* p = path.c_str("setxattr");
  const std::string a = attribute_name("setxattr", attribute);
  _sys::setxattr(target(p, options), a.c_str(), value, flags).or_raise(path.fspath());
}

void setxattr(int fd, std::string_view attribute, std::string_view value, int flags) {
  const std::string a = attribute_name("setxattr", attribute);
  _sys::setxattr(fd_target(fd), a.c_str(), value, flags).or_raise(Filename::fd(fd));
}

std::vector<std::string> listxattr(const PathLike& path, const XattrOptions& options) {
  const char* p = path.c_str("listxattr");
  return split_names(_sys::listxattr(target(p, options)).or_raise(path.fspath()));
}

std::vector<std::string> listxattr(int fd) {
  if (fd == -1) raise_from_errno(EBADF, Filename::fd(fd));
  return split_names(_sys::listxattr({.fd = fd}).or_raise(Filename::fd(fd)));
}

void removexattr(const PathLike& path, std::string_view attribute, const XattrOptions& options) {
  const char* p = path.c_str("removexattr");
  const std::string a = attribute_name("removexattr", attribute);
  _sys::removexattr(target(p, options), a.c_str()).or_raise(path.fspath());
}

void removexattr(int fd, std::string_view attribute) {
  const std::string a = attribute_name("removexattr", attribute);
  _sys::removexattr(fd_target(fd), a.c_str()).or_raise(Filename::fd(fd));
}

}  // namespace pyos::os
