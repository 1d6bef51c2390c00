#include <fcntl.h>
#include <sys/stat.h>

#include <cmath>

#include "_sys/dir_linux.hpp"
#include "_sys/fd.hpp"
#include "_sys/fs_linux.hpp"
#include "_sys/path_posix.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/files.hpp"
#include "src_os_internal.hpp"

namespace pyos::os {
namespace {

int dir_fd_or_cwd(const std::optional<int>& dir_fd) { return dir_fd.value_or(AT_FDCWD); }

// posixpath.split, as os.makedirs/removedirs/renames use it.
std::pair<std::string, std::string> split(std::string_view p) {
  const std::size_t i = p.rfind('/') == std::string_view::npos ? 0 : p.rfind('/') + 1;
  std::string head(p.substr(0, i)), tail(p.substr(i));
  if (!head.empty() && head.find_first_not_of('/') != std::string::npos) {
    head.erase(head.find_last_not_of('/') + 1);
  }
  return {head, tail};
}

// os.path.exists / isdir for the composite functions: any failure is "no".
bool exists(const std::string& p) {
  if (p.find('\0') != std::string::npos) return false;
  return _sys::fstatat(AT_FDCWD, p.c_str(), 0).has_value();
}

bool isdir(const std::string& p) {
  if (p.find('\0') != std::string::npos) return false;
  auto st = _sys::fstatat(AT_FDCWD, p.c_str(), 0);
  return st && S_ISDIR(st->st_mode);
}

}  // namespace

bool access(const PathLike& path, int mode, const AccessOptions& options) {
  const char* p = path.c_str("access");
  int flags = 0;
  if (options.effective_ids) flags |= AT_EACCESS;
  if (!options.follow_symlinks) flags |= AT_SYMLINK_NOFOLLOW;
  return _sys::faccessat(dir_fd_or_cwd(options.dir_fd), p, mode, flags).has_value();
}

void chdir(const PathLike& path) {
  const char* p = path.c_str("chdir");
  _sys::chdir(p).or_raise(path.fspath());
}

void chdir(int fd) { _sys::fchdir(fd).or_raise(Filename::fd(fd)); }

std::string getcwd() { return _sys::getcwd().or_raise(); }
std::string getcwdb() { return getcwd(); }

void chmod(const PathLike& path, int mode, const ChmodOptions& options) {
  const char* p = path.c_str("chmod");
  const int flags = options.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
  auto r = _sys::fchmodat(dir_fd_or_cwd(options.dir_fd), p, static_cast<mode_t>(mode), flags);
  if (!r && !options.follow_symlinks && (r.error().code == EOPNOTSUPP || r.error().code == ENOTSUP)) {
    // glibc cannot change a symlink's mode (Linux has no lchmod): Python says so this way.
    throw NotImplementedError("chmod: follow_symlinks unavailable on this platform");
  }
  r.or_raise(path.fspath());
}

// CPython calls fchmod(fd) here whatever dir_fd/follow_symlinks say.
void chmod(int fd, int mode, const ChmodOptions&) {
  _sys::fchmod(fd, static_cast<mode_t>(mode)).or_raise(Filename::fd(fd));
}

void chown(const PathLike& path, int uid, int gid, const ChmodOptions& options) {
  const char* p = path.c_str("chown");
  const int flags = options.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
  _sys::fchownat(dir_fd_or_cwd(options.dir_fd), p, static_cast<uid_t>(uid), static_cast<gid_t>(gid), flags)
      .or_raise(path.fspath());
}

void chown(int fd, int uid, int gid, const ChmodOptions&) {
  _sys::fchown(fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid)).or_raise(Filename::fd(fd));
}

void lchown(const PathLike& path, int uid, int gid) {
  const char* p = path.c_str("lchown");
  _sys::fchownat(AT_FDCWD, p, static_cast<uid_t>(uid), static_cast<gid_t>(gid), AT_SYMLINK_NOFOLLOW)
      .or_raise(path.fspath());
}

void chroot(const PathLike& path) {
  const char* p = path.c_str("chroot");
  _sys::chroot(p).or_raise(path.fspath());
}

void link(const PathLike& src, const PathLike& dst, const LinkOptions& options) {
  const char* s = src.c_str("link", "src");
  const char* d = dst.c_str("link", "dst");
  _sys::linkat(dir_fd_or_cwd(options.src_dir_fd), s, dir_fd_or_cwd(options.dst_dir_fd), d,
               options.follow_symlinks ? AT_SYMLINK_FOLLOW : 0)
      .or_raise(src.fspath(), dst.fspath());
}

namespace {

std::vector<std::string> read_names(_sys::DirStream& dir, const std::optional<Filename>& name) {
  std::vector<std::string> names;
  for (;;) {
    const auto* e = dir.next().or_raise(name);
    if (e == nullptr) return names;
    if (e->name == "." || e->name == "..") continue;
    names.emplace_back(e->name);
  }
}

}  // namespace

std::vector<std::string> listdir(const PathLike& path) {
  const char* p = path.c_str("listdir");
  _sys::DirStream dir(_sys::UniqueFd(
      _sys::open(p, O_RDONLY | O_DIRECTORY).or_raise(path.fspath())));
  return read_names(dir, Filename(path.fspath()));
}

std::vector<std::string> listdir(int fd) {
  // As CPython: list through a duplicate from the start, then leave the shared offset at
  // the start again.
  _sys::DirStream dir(_sys::UniqueFd(_sys::dup(fd).or_raise()));
  (void)_sys::lseek(dir.fd(), 0, SEEK_SET).or_raise();
  auto names = read_names(dir, Filename::fd(fd));
  (void)_sys::lseek(dir.fd(), 0, SEEK_SET);
  return names;
}

void mkdir(const PathLike& path, int mode, const DirFdOption& options) {
  const char* p = path.c_str("mkdir");
  _sys::mkdirat(dir_fd_or_cwd(options.dir_fd), p, static_cast<mode_t>(mode)).or_raise(path.fspath());
}

void makedirs(const PathLike& name, const MakedirsOptions& options) {
  const std::string n(name.fspath());
  auto [head, tail] = split(n);
  if (tail.empty()) std::tie(head, tail) = split(head);
  if (!head.empty() && !tail.empty() && !exists(head)) {
    try {
      makedirs(head, {.mode = options.mode, .exist_ok = options.exist_ok});
    } catch (const FileExistsError&) {
      // Another thread or process made it in the meantime.
    }
    if (tail == ".") return;
  }
  try {
    mkdir(n, options.mode);
  } catch (const OSError&) {
    // Cannot rely on checking for EEXIST: the OS may report another error first.
    if (!options.exist_ok || !isdir(n)) throw;
  }
}

void mkfifo(const PathLike& path, int mode, const DirFdOption& options) {
  const char* p = path.c_str("mkfifo");
  _sys::mkfifoat(dir_fd_or_cwd(options.dir_fd), p, static_cast<mode_t>(mode)).or_raise();
}

void mknod(const PathLike& path, int mode, std::uint64_t device, const DirFdOption& options) {
  const char* p = path.c_str("mknod");
  _sys::mknodat(dir_fd_or_cwd(options.dir_fd), p, static_cast<mode_t>(mode), device).or_raise();
}

// glibc's encoding of dev_t (sys/sysmacros.h): 12 bits of major at bit 8 and the rest at
// bit 32; 8 bits of minor at bit 0 and the rest at bit 12.
unsigned int(major)(std::uint64_t device) {
  return static_cast<unsigned int>(((device >> 8) & 0xfffU) | ((device >> 32) & ~std::uint64_t{0xfff}));
}

unsigned int(minor)(std::uint64_t device) {
  return static_cast<unsigned int>((device & 0xffU) | ((device >> 12) & ~std::uint64_t{0xff}));
}

std::uint64_t(makedev)(unsigned int major_number, unsigned int minor_number) {
  const std::uint64_t ma = major_number, mi = minor_number;
  return ((ma & 0xfffU) << 8) | ((ma & ~std::uint64_t{0xfff}) << 32) | (mi & 0xffU) |
         ((mi & ~std::uint64_t{0xff}) << 12);
}

std::string readlink(const PathLike& path, const DirFdOption& options) {
  const char* p = path.c_str("readlink");
  return _sys::readlinkat(dir_fd_or_cwd(options.dir_fd), p).or_raise(path.fspath());
}

void remove(const PathLike& path, const DirFdOption& options) {
  const char* p = path.c_str("remove");
  _sys::unlinkat(dir_fd_or_cwd(options.dir_fd), p, 0).or_raise(path.fspath());
}

void unlink(const PathLike& path, const DirFdOption& options) {
  const char* p = path.c_str("unlink");
  _sys::unlinkat(dir_fd_or_cwd(options.dir_fd), p, 0).or_raise(path.fspath());
}

void rmdir(const PathLike& path, const DirFdOption& options) {
  const char* p = path.c_str("rmdir");
  _sys::unlinkat(dir_fd_or_cwd(options.dir_fd), p, AT_REMOVEDIR).or_raise(path.fspath());
}

void removedirs(const PathLike& name) {
  rmdir(name);
  auto [head, tail] = split(name.fspath());
  if (tail.empty()) std::tie(head, tail) = split(head);
  while (!head.empty() && !tail.empty()) {
    try {
      rmdir(head);
    } catch (const OSError&) {
      break;
    }
    std::tie(head, tail) = split(head);
  }
}

namespace {
void rename_impl(const char* func, const PathLike& src, const PathLike& dst, const RenameOptions& options) {
  const char* s = src.c_str(func, "src");
  const char* d = dst.c_str(func, "dst");
  _sys::renameat(dir_fd_or_cwd(options.src_dir_fd), s, dir_fd_or_cwd(options.dst_dir_fd), d)
      .or_raise(src.fspath(), dst.fspath());
}
}  // namespace

void rename(const PathLike& src, const PathLike& dst, const RenameOptions& options) {
  rename_impl("rename", src, dst, options);
}

void replace(const PathLike& src, const PathLike& dst, const RenameOptions& options) {
  rename_impl("replace", src, dst, options);
}

void renames(const PathLike& old_path, const PathLike& new_path) {
  auto [head, tail] = split(new_path.fspath());
  if (!head.empty() && !tail.empty() && !exists(head)) makedirs(head);
  rename(old_path, new_path);
  std::tie(head, tail) = split(old_path.fspath());
  if (!head.empty() && !tail.empty()) {
    try {
      removedirs(head);
    } catch (const OSError&) {
      // Python ignores a parent that cannot be removed.
    }
  }
}

void symlink(const PathLike& src, const PathLike& dst, bool, const DirFdOption& options) {
  const char* s = src.c_str("symlink", "src");
  const char* d = dst.c_str("symlink", "dst");
  _sys::symlinkat(s, dir_fd_or_cwd(options.dir_fd), d).or_raise(src.fspath(), dst.fspath());
}

void sync() { _sys::sync(); }

namespace {

using detail::timespec_from_ns;

// Seconds to a timespec, rounding toward minus infinity (CPython: _PyTime_ROUND_FLOOR).
struct timespec from_seconds(double seconds) {
  if (std::isnan(seconds)) throw ValueError("Invalid value NaN (not a number)");
  double whole = std::floor(seconds);
  double frac = std::floor((seconds - whole) * 1e9);
  if (frac >= 1e9) {
    frac -= 1e9;
    whole += 1;
  }
  if (!(whole >= -9.2e18 && whole < 9.2e18)) throw OverflowError("timestamp out of range for platform time_t");
  return {static_cast<time_t>(whole), static_cast<long>(frac)};
}

// The times utimensat/futimens get, or null for "now".
const struct timespec* utime_times(const UtimeOptions& o, struct timespec (&buf)[2]) {
  if (o.times && o.ns) throw ValueError("utime: you may specify either 'times' or 'ns' but not both");
  if (o.times) {
    buf[0] = from_seconds(o.times->first);
    buf[1] = from_seconds(o.times->second);
    return buf;
  }
  if (o.ns) {
    buf[0] = timespec_from_ns(o.ns->first);
    buf[1] = timespec_from_ns(o.ns->second);
    return buf;
  }
  return nullptr;
}

}  // namespace

void utime(const PathLike& path, const UtimeOptions& options) {
  const char* p = path.c_str("utime");
  struct timespec buf[2];
  const struct timespec* times = utime_times(options, buf);
  _sys::utimensat(dir_fd_or_cwd(options.dir_fd), p, times, options.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW)
      .or_raise(path.fspath());
}

void utime(int fd, const UtimeOptions& options) {
  struct timespec buf[2];
  const struct timespec* times = utime_times(options, buf);
  _sys::futimens(fd, times).or_raise(Filename::fd(fd));
}

// The sets CPython 3.13 has on Linux (see api-checklist.md, "Linux capability sets"), plus
// statx (3.15), whose documentation says it supports all three features.
const std::set<std::string_view>& supports_dir_fd() {
  static const std::set<std::string_view> names = {"access", "chmod", "chown", "link", "mkdir", "mkfifo",
                                                   "mknod", "open", "readlink", "rename", "rmdir",
                                                   "stat", "statx", "symlink", "unlink", "utime"};
  return names;
}

const std::set<std::string_view>& supports_fd() {
  static const std::set<std::string_view> names = {"chdir", "chmod", "chown", "execve", "listdir", "pathconf",
                                                   "scandir", "stat", "statvfs", "statx", "truncate", "utime"};
  return names;
}

const std::set<std::string_view>& supports_follow_symlinks() {
  static const std::set<std::string_view> names = {"access", "chown", "link", "stat", "statx", "utime"};
  return names;
}

const std::set<std::string_view>& supports_effective_ids() {
  static const std::set<std::string_view> names = {"access"};
  return names;
}

}  // namespace pyos::os
