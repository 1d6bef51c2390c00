#include <fcntl.h>
#include <sys/stat.h>

#include "_sys/fd.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/stat.hpp"
#include "src_os_internal.hpp"

namespace pyos::os {

using detail::timespec_to_ns;
using detail::timespec_to_seconds;

stat_result detail::from_stat(const struct stat& st) {
  stat_result r;
  r.st_mode = st.st_mode;
  r.st_ino = st.st_ino;
  r.st_dev = st.st_dev;
  r.st_nlink = st.st_nlink;
  r.st_uid = st.st_uid;
  r.st_gid = st.st_gid;
  r.st_size = st.st_size;
  r.st_atime_ = timespec_to_seconds(st.st_atim);
  r.st_mtime_ = timespec_to_seconds(st.st_mtim);
  r.st_ctime_ = timespec_to_seconds(st.st_ctim);
  r.st_atime_ns = timespec_to_ns(st.st_atim);
  r.st_mtime_ns = timespec_to_ns(st.st_mtim);
  r.st_ctime_ns = timespec_to_ns(st.st_ctim);
  r.st_blocks = st.st_blocks;
  r.st_blksize = st.st_blksize;
  r.st_rdev = st.st_rdev;
  return r;
}

stat_result stat(const PathLike& path, const StatOptions& options) {
  const char* p = path.c_str("stat");
  const int flags = options.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
  return detail::from_stat(
      _sys::fstatat(options.dir_fd.value_or(AT_FDCWD), p, flags).or_raise(path.fspath()));
}

stat_result stat(int fd, const StatOptions& options) {
  if (options.dir_fd) throw ValueError("stat: can't specify dir_fd without matching path");
  if (!options.follow_symlinks) throw ValueError("stat: cannot use fd and follow_symlinks together");
  // CPython uses -1 as its "no fd" mark, so os.stat(-1) ends in stat(NULL): EFAULT.
  if (fd == -1) raise_from_errno(EFAULT, Filename::fd(fd));
  return detail::from_stat(_sys::fstat(fd).or_raise(Filename::fd(fd)));
}

stat_result lstat(const PathLike& path, std::optional<int> dir_fd) {
  const char* p = path.c_str("lstat");
  return detail::from_stat(
      _sys::fstatat(dir_fd.value_or(AT_FDCWD), p, AT_SYMLINK_NOFOLLOW).or_raise(path.fspath()));
}

stat_result fstat(int fd) { return detail::from_stat(_sys::fstat(fd).or_raise()); }

}  // namespace pyos::os
