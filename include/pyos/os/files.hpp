// File: pyos/os/files.hpp
//
// os — Files and Directories (the part that is not stat, scandir/walk or xattrs):
// access, chdir, getcwd, chmod, chown, lchown, chroot, link, listdir, mkdir, makedirs, mkfifo,
// mknod, major/minor/makedev, readlink, remove/unlink, rmdir, removedirs, rename, renames,
// replace, symlink, sync, utime, and the supports_* sets.
//
// Keyword-only arguments are options structs. Errors raise the OSError subclass for the
// errno with Python's filename/filename2 (two names for link/rename/replace/symlink).
// Constants (R_OK, W_OK, X_OK, F_OK, S_I*, ...) are the libc macros.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/pathlike.hpp"

namespace pyos::os {

// os.access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True) -> bool.
// Any failure is false, as in Python.
struct AccessOptions {
  std::optional<int> dir_fd;
  bool effective_ids = false;
  bool follow_symlinks = true;
};
bool access(const PathLike& path, int mode, const AccessOptions& options = {});

// os.chdir(path) / os.chdir(fd)
void chdir(const PathLike& path);
void chdir(int fd);
// os.getcwd() (and os.getcwdb(): the same bytes)
std::string getcwd();
std::string getcwdb();

// os.chmod(path, mode, *, dir_fd=None, follow_symlinks=True). follow_symlinks=False on a
// symlink raises NotImplementedError as on Linux CPython (no lchmod).
struct ChmodOptions {
  std::optional<int> dir_fd;
  bool follow_symlinks = true;
};
void chmod(const PathLike& path, int mode, const ChmodOptions& options = {});
void chmod(int fd, int mode, const ChmodOptions& options = {});
// os.chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True); -1 keeps an id.
void chown(const PathLike& path, int uid, int gid, const ChmodOptions& options = {});
void chown(int fd, int uid, int gid, const ChmodOptions& options = {});
// os.lchown(path, uid, gid)
void lchown(const PathLike& path, int uid, int gid);
// os.chroot(path)
void chroot(const PathLike& path);

// os.link(src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True)
struct LinkOptions {
  std::optional<int> src_dir_fd;
  std::optional<int> dst_dir_fd;
  bool follow_symlinks = true;
};
void link(const PathLike& src, const PathLike& dst, const LinkOptions& options = {});

// os.listdir(path='.') / os.listdir(fd): names in directory order, without '.' and '..'.
// Deviation: listdir(-1) raises OSError(EBADF) as CPython does from 3.15 (3.13 lists '.').
std::vector<std::string> listdir(const PathLike& path = ".");
std::vector<std::string> listdir(int fd);

struct DirFdOption {
  std::optional<int> dir_fd;
};
// os.mkdir(path, mode=0o777, *, dir_fd=None)
void mkdir(const PathLike& path, int mode = 0777, const DirFdOption& options = {});
// os.makedirs(name, mode=0o777, exist_ok=False)
struct MakedirsOptions {
  int mode = 0777;
  bool exist_ok = false;
};
void makedirs(const PathLike& name, const MakedirsOptions& options = {});
// os.mkfifo(path, mode=0o666, *, dir_fd=None) / os.mknod(path, mode=0o600, device=0, *, dir_fd)
// As CPython's, their errors carry no filename.
void mkfifo(const PathLike& path, int mode = 0666, const DirFdOption& options = {});
void mknod(const PathLike& path, int mode = 0600, std::uint64_t device = 0,
           const DirFdOption& options = {});
// os.major(device) / os.minor(device) / os.makedev(major, minor). glibc defines major/minor/
// makedev as macros in <sys/sysmacros.h>; pyos headers never include it, and a caller that
// does writes (pyos::os::major)(dev).
unsigned int(major)(std::uint64_t device);
unsigned int(minor)(std::uint64_t device);
std::uint64_t(makedev)(unsigned int major_number, unsigned int minor_number);

// os.readlink(path, *, dir_fd=None)
std::string readlink(const PathLike& path, const DirFdOption& options = {});

// os.remove(path, *, dir_fd=None) == os.unlink; os.rmdir(path, *, dir_fd=None)
void remove(const PathLike& path, const DirFdOption& options = {});
void unlink(const PathLike& path, const DirFdOption& options = {});
void rmdir(const PathLike& path, const DirFdOption& options = {});
// os.removedirs(name): rmdir name and then its empty parents.
void removedirs(const PathLike& name);

// os.rename / os.replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None)
struct RenameOptions {
  std::optional<int> src_dir_fd;
  std::optional<int> dst_dir_fd;
};
void rename(const PathLike& src, const PathLike& dst, const RenameOptions& options = {});
void replace(const PathLike& src, const PathLike& dst, const RenameOptions& options = {});
// os.renames(old, new): makedirs for new's parent, rename, removedirs of old's parent.
void renames(const PathLike& old_path, const PathLike& new_path);

// os.symlink(src, dst, target_is_directory=False, *, dir_fd=None)
void symlink(const PathLike& src, const PathLike& dst, bool target_is_directory = false,
             const DirFdOption& options = {});

// os.sync()
void sync();

// os.utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True). `times` are
// (atime, mtime) seconds, `ns` the same in nanoseconds; neither means "now".
struct UtimeOptions {
  std::optional<std::pair<double, double>> times;
  std::optional<std::pair<std::int64_t, std::int64_t>> ns;
  std::optional<int> dir_fd;
  bool follow_symlinks = true;
};
void utime(const PathLike& path, const UtimeOptions& options = {});
void utime(int fd, const UtimeOptions& options = {});

// os.supports_dir_fd / supports_fd / supports_follow_symlinks / supports_effective_ids:
// the names of the functions that accept the feature on this platform (Python holds the
// function objects; C++ holds their names).
const std::set<std::string_view>& supports_dir_fd();
const std::set<std::string_view>& supports_fd();
const std::set<std::string_view>& supports_follow_symlinks();
const std::set<std::string_view>& supports_effective_ids();

}  // namespace pyos::os
