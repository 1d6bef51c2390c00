// File: pyos/os/stat.hpp
//
// os.stat_result and the calls that produce it: os.stat, os.lstat, os.fstat.
#pragma once

#include <cstdint>
#include <optional>

#include "pyos/pathlike.hpp"

namespace pyos::os {

// os.stat_result. Fields named as Python's attributes, in Python's order.
//
// Deviations: `st_atime`, `st_mtime` and `st_ctime` are macros in glibc's <sys/stat.h>, so
// the float-seconds fields are spelled with the trailing underscore of docs/conventions.md
// (st_atime_, st_mtime_, st_ctime_). Python's tuple view (indices 7-9 are whole seconds)
// has no C++ counterpart: use the named fields. The *_ns fields are 64-bit (Python's are
// unbounded), which covers the years 1678-2262.
struct stat_result {
  std::uint32_t st_mode = 0;
  std::uint64_t st_ino = 0;
  std::uint64_t st_dev = 0;
  std::uint64_t st_nlink = 0;
  std::uint32_t st_uid = 0;
  std::uint32_t st_gid = 0;
  std::int64_t st_size = 0;
  double st_atime_ = 0;
  double st_mtime_ = 0;
  double st_ctime_ = 0;
  std::int64_t st_atime_ns = 0;
  std::int64_t st_mtime_ns = 0;
  std::int64_t st_ctime_ns = 0;
  std::int64_t st_blocks = 0;
  std::int64_t st_blksize = 0;
  std::uint64_t st_rdev = 0;

  friend bool operator==(const stat_result&, const stat_result&) = default;
};

// Keyword arguments of os.stat / os.lstat.
struct StatOptions {
  std::optional<int> dir_fd;   // dir_fd=None
  bool follow_symlinks = true;  // follow_symlinks=True
};

// os.stat(path, *, dir_fd=None, follow_symlinks=True).
// Raises the OSError subclass for the errno with filename=path; ValueError for a NUL in
// the path.
stat_result stat(const PathLike& path, const StatOptions& options = {});
// os.stat(fd): the same as fstat(fd) but, as in Python, the error's filename is the fd, and
// dir_fd / follow_symlinks=False raise ValueError.
stat_result stat(int fd, const StatOptions& options = {});

// os.lstat(path, *, dir_fd=None): stat without following a final symlink.
stat_result lstat(const PathLike& path, std::optional<int> dir_fd = std::nullopt);

// os.fstat(fd). The error has no filename, as in Python.
stat_result fstat(int fd);

}  // namespace pyos::os
