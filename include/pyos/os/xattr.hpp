// File: pyos/os/xattr.hpp
//
// os — Linux extended attributes: getxattr, setxattr, listxattr, removexattr. `path` may be
// a path or (overloads) a file descriptor; follow_symlinks=False acts on a symlink itself.
// Constants XATTR_CREATE, XATTR_REPLACE and XATTR_SIZE_MAX are the libc/kernel macros.
#pragma once

#include <linux/limits.h>  // XATTR_SIZE_MAX
#include <sys/xattr.h>     // XATTR_CREATE, XATTR_REPLACE

#include <string>
#include <string_view>
#include <vector>

#include "pyos/pathlike.hpp"

namespace pyos::os {

struct XattrOptions {
  bool follow_symlinks = true;
};

// os.getxattr(path, attribute, *, follow_symlinks=True) -> bytes
std::string getxattr(const PathLike& path, std::string_view attribute, const XattrOptions& options = {});
std::string getxattr(int fd, std::string_view attribute);
// os.setxattr(path, attribute, value, flags=0, *, follow_symlinks=True)
void setxattr(const PathLike& path, std::string_view attribute, std::string_view value, int flags = 0,
              const XattrOptions& options = {});
void setxattr(int fd, std::string_view attribute, std::string_view value, int flags = 0);
// os.listxattr(path=None, *, follow_symlinks=True): None means the current directory.
std::vector<std::string> listxattr(const PathLike& path = ".", const XattrOptions& options = {});
std::vector<std::string> listxattr(int fd);
// os.removexattr(path, attribute, *, follow_symlinks=True)
void removexattr(const PathLike& path, std::string_view attribute, const XattrOptions& options = {});
void removexattr(int fd, std::string_view attribute);

}  // namespace pyos::os
