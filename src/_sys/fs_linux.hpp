// File: _sys/fs_linux.hpp
//
// File-system and descriptor system calls beyond the basic fd set of fd.hpp: vectored and
// positioned I/O, space management, zero-copy transfers, descriptor flags, special
// descriptors (memfd, eventfd, timerfd, pty), metadata changes and links. Same rules as
// fd.hpp: POSIX names, Result<T>, EINTR retried, close-on-exec for new descriptors.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "_core/result.hpp"
#include "_sys/retry.hpp"

namespace pyos::_sys {

using _core::Result;

inline Result<std::size_t> preadv(int fd, std::span<const struct iovec> buffers, off_t offset,
                                  int flags) noexcept {
  return detail::value<std::size_t>(Call::preadv, [&] {
    return ::preadv2(fd, buffers.data(), static_cast<int>(buffers.size()), offset, flags);
  });
}

inline Result<std::size_t> pwritev(int fd, std::span<const struct iovec> buffers, off_t offset,
                                   int flags) noexcept {
  return detail::value<std::size_t>(Call::pwritev, [&] {
    return ::pwritev2(fd, buffers.data(), static_cast<int>(buffers.size()), offset, flags);
  });
}

// close_range(2) where the kernel has it, else a close() loop; errors are not reported
// (Python's os.closerange ignores them).
void closerange(int fd_low, int fd_high) noexcept;

inline Result<void> truncate(const char* path, off_t length) noexcept {
  return detail::status(Call::truncate, [&] { return ::truncate(path, length); });
}

// posix_fallocate/posix_fadvise return the error number instead of setting errno.
inline Result<void> posix_fallocate(int fd, off_t offset, off_t len) noexcept {
  return detail::status(Call::posix_fallocate, [&] {
    const int err = ::posix_fallocate(fd, offset, len);
    if (err == 0) return 0;
    errno = err;
    return -1;
  });
}

inline Result<void> posix_fadvise(int fd, off_t offset, off_t len, int advice) noexcept {
  return detail::status(Call::posix_fadvise, [&] {
    const int err = ::posix_fadvise(fd, offset, len, advice);
    if (err == 0) return 0;
    errno = err;
    return -1;
  });
}

inline Result<std::size_t> sendfile(int out_fd, int in_fd, off_t* offset, std::size_t count) noexcept {
  return detail::transfer(Call::sendfile, count,
                          [&](std::size_t n) { return ::sendfile(out_fd, in_fd, offset, n); });
}

inline Result<std::size_t> copy_file_range(int fd_in, off_t* off_in, int fd_out, off_t* off_out,
                                           std::size_t count, unsigned flags) noexcept {
  return detail::transfer(Call::copy_file_range, count, [&](std::size_t n) {
    return ::copy_file_range(fd_in, off_in, fd_out, off_out, n, flags);
  });
}

inline Result<std::size_t> splice(int fd_in, off_t* off_in, int fd_out, off_t* off_out,
                                  std::size_t count, unsigned flags) noexcept {
  return detail::transfer(Call::splice, count, [&](std::size_t n) {
    return ::splice(fd_in, off_in, fd_out, off_out, n, flags);
  });
}

inline Result<void> lockf(int fd, int cmd, off_t len) noexcept {
  return detail::status(Call::lockf, [&] { return ::lockf(fd, cmd, len); });
}

// isatty(3) cannot fail in a way Python reports: it answers false.
inline bool isatty(int fd) noexcept { return ::isatty(fd) == 1; }

Result<std::string> ttyname(int fd);

// flags as given (Python's default is MFD_CLOEXEC; flags=0 is inheritable).
inline Result<int> memfd_create(const char* name, unsigned flags) noexcept {
  return detail::value<int>(Call::memfd_create, [&] { return ::memfd_create(name, flags); });
}

inline Result<int> eventfd(unsigned initval, int flags) noexcept {
  return detail::value<int>(Call::eventfd, [&] { return ::eventfd(initval, flags); });
}

// Always close-on-exec, as CPython's os.timerfd_create.
inline Result<int> timerfd_create(int clockid, int flags) noexcept {
  return detail::value<int>(Call::timerfd_create,
                            [&] { return ::timerfd_create(clockid, flags | TFD_CLOEXEC); });
}

inline Result<struct itimerspec> timerfd_settime(int fd, int flags, const struct itimerspec& value) noexcept {
  struct itimerspec old {};
  auto r = detail::status(Call::timerfd_settime, [&] { return ::timerfd_settime(fd, flags, &value, &old); });
  if (!r) return r.error();
  return old;
}

inline Result<struct itimerspec> timerfd_gettime(int fd) noexcept {
  struct itimerspec cur {};
  auto r = detail::status(Call::timerfd_gettime, [&] { return ::timerfd_gettime(fd, &cur); });
  if (!r) return r.error();
  return cur;
}

// openpty(3): {master, slave}, both close-on-exec.
Result<std::array<int, 2>> openpty();

// Pseudo-terminal masters and terminal process groups.
inline Result<int> posix_openpt(int flags) noexcept {
  return detail::value<int>(Call::posix_openpt, [&] { return ::posix_openpt(flags | O_CLOEXEC); });
}
inline Result<void> grantpt(int fd) noexcept {
  return detail::status(Call::grantpt, [&] { return ::grantpt(fd); });
}
inline Result<void> unlockpt(int fd) noexcept {
  return detail::status(Call::unlockpt, [&] { return ::unlockpt(fd); });
}
Result<std::string> ptsname(int fd);
inline Result<pid_t> tcgetpgrp(int fd) noexcept {
  return detail::value<pid_t>(Call::tcgetpgrp, [&] { return ::tcgetpgrp(fd); });
}
inline Result<void> tcsetpgrp(int fd, pid_t pgrp) noexcept {
  return detail::status(Call::tcsetpgrp, [&] { return ::tcsetpgrp(fd, pgrp); });
}
// ioctl with an int argument (TIOCSCTTY, ...).
inline Result<int> ioctl_int(int fd, unsigned long request, int arg) noexcept {
  return detail::value<int>(Call::ioctl_int, [&] { return ::ioctl(fd, request, arg); });
}

inline Result<struct winsize> get_winsize(int fd) noexcept {
  struct winsize ws {};
  auto r = detail::status(Call::ioctl, [&] { return ::ioctl(fd, TIOCGWINSZ, &ws); });
  if (!r) return r.error();
  return ws;
}

inline Result<struct statvfs> fstatvfs(int fd) noexcept {
  struct statvfs st {};
  auto r = detail::status(Call::fstatvfs, [&] { return ::fstatvfs(fd, &st); });
  if (!r) return r.error();
  return st;
}

inline Result<struct statvfs> statvfs(const char* path) noexcept {
  struct statvfs st {};
  auto r = detail::status(Call::statvfs, [&] { return ::statvfs(path, &st); });
  if (!r) return r.error();
  return st;
}

// fpathconf/pathconf: -1 with errno unchanged means "no limit" (Python: -1 is returned).
Result<long> fpathconf(int fd, int name) noexcept;
Result<long> pathconf(const char* path, int name) noexcept;

inline Result<void> fchmod(int fd, mode_t mode) noexcept {
  return detail::status(Call::fchmod, [&] { return ::fchmod(fd, mode); });
}
inline Result<void> fchmodat(int dirfd, const char* path, mode_t mode, int flags) noexcept {
  return detail::status(Call::fchmodat, [&] { return ::fchmodat(dirfd, path, mode, flags); });
}
inline Result<void> fchown(int fd, uid_t uid, gid_t gid) noexcept {
  return detail::status(Call::fchown, [&] { return ::fchown(fd, uid, gid); });
}
inline Result<void> fchownat(int dirfd, const char* path, uid_t uid, gid_t gid, int flags) noexcept {
  return detail::status(Call::fchownat, [&] { return ::fchownat(dirfd, path, uid, gid, flags); });
}
inline Result<void> fchdir(int fd) noexcept {
  return detail::status(Call::fchdir, [&] { return ::fchdir(fd); });
}
inline Result<void> chdir(const char* path) noexcept {
  return detail::status(Call::chdir, [&] { return ::chdir(path); });
}
inline Result<void> chroot(const char* path) noexcept {
  return detail::status(Call::chroot, [&] { return ::chroot(path); });
}
inline Result<void> faccessat(int dirfd, const char* path, int mode, int flags) noexcept {
  return detail::status(Call::faccessat, [&] { return ::faccessat(dirfd, path, mode, flags); });
}
inline Result<void> linkat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath,
                           int flags) noexcept {
  return detail::status(Call::linkat, [&] { return ::linkat(olddirfd, oldpath, newdirfd, newpath, flags); });
}
inline Result<void> symlinkat(const char* target, int newdirfd, const char* linkpath) noexcept {
  return detail::status(Call::symlinkat, [&] { return ::symlinkat(target, newdirfd, linkpath); });
}
inline Result<void> mkfifoat(int dirfd, const char* path, mode_t mode) noexcept {
  return detail::status(Call::mkfifoat, [&] { return ::mkfifoat(dirfd, path, mode); });
}
inline Result<void> mknodat(int dirfd, const char* path, mode_t mode, dev_t dev) noexcept {
  return detail::status(Call::mknodat, [&] { return ::mknodat(dirfd, path, mode, dev); });
}
inline Result<void> utimensat(int dirfd, const char* path, const struct timespec times[2], int flags) noexcept {
  return detail::status(Call::utimensat, [&] { return ::utimensat(dirfd, path, times, flags); });
}
inline Result<void> futimens(int fd, const struct timespec times[2]) noexcept {
  return detail::status(Call::futimens, [&] { return ::futimens(fd, times); });
}
inline void sync() noexcept { ::sync(); }

// Extended attributes. `fd` >= 0 selects the f* call, else `path` with or without following
// a final symlink (the l* calls).
struct XattrTarget {
  int fd = -1;
  const char* path = nullptr;
  bool follow_symlinks = true;
};
Result<std::string> getxattr(const XattrTarget& target, const char* name);
Result<void> setxattr(const XattrTarget& target, const char* name, std::string_view value, int flags) noexcept;
Result<std::string> listxattr(const XattrTarget& target);  // NUL-separated names
Result<void> removexattr(const XattrTarget& target, const char* name) noexcept;

// The kernel's struct statx as of Linux 6.16 (include/uapi/linux/stat.h), declared here
// because bookworm's headers (linux-libc-dev 6.1, glibc 2.36) stop at stx_dio_offset_align.
// The ABI is 256 bytes with every field at a fixed offset; the kernel writes only the fields
// it knows and zeroes the rest, so this layout is right for every kernel version. Offsets
// (from the uapi header's own /* 0x.. */ markers, checked by the static_asserts below):
//   0x00 stx_mask u32, stx_blksize u32, stx_attributes u64
//   0x10 stx_nlink u32, stx_uid u32, stx_gid u32, stx_mode u16, spare u16
//   0x20 stx_ino, stx_size, stx_blocks, stx_attributes_mask (u64 each)
//   0x40 stx_atime, stx_btime, stx_ctime, stx_mtime (16-byte timestamps: s64 sec, u32 nsec, s32 pad)
//   0x80 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor (u32 each)
//   0x90 stx_mnt_id u64, stx_dio_mem_align u32, stx_dio_offset_align u32      (5.8, 6.1)
//   0xa0 stx_subvol u64, stx_atomic_write_unit_min u32, stx_atomic_write_unit_max u32 (6.10, 6.11)
//   0xb0 stx_atomic_write_segments_max u32, stx_dio_read_offset_align u32       (6.11, 6.14)
//   0xb8 stx_atomic_write_unit_max_opt u32, spare u32                         (6.16)
//   0xc0 spare u64[8]; 0x100 end.
struct statx_timestamp {
  std::int64_t tv_sec;
  std::uint32_t tv_nsec;
  std::int32_t reserved_;
};
struct kernel_statx {
  std::uint32_t stx_mask;
  std::uint32_t stx_blksize;
  std::uint64_t stx_attributes;
  std::uint32_t stx_nlink;
  std::uint32_t stx_uid;
  std::uint32_t stx_gid;
  std::uint16_t stx_mode;
  std::uint16_t spare0_;
  std::uint64_t stx_ino;
  std::uint64_t stx_size;
  std::uint64_t stx_blocks;
  std::uint64_t stx_attributes_mask;
  statx_timestamp stx_atime;
  statx_timestamp stx_btime;
  statx_timestamp stx_ctime;
  statx_timestamp stx_mtime;
  std::uint32_t stx_rdev_major;
  std::uint32_t stx_rdev_minor;
  std::uint32_t stx_dev_major;
  std::uint32_t stx_dev_minor;
  std::uint64_t stx_mnt_id;
  std::uint32_t stx_dio_mem_align;
  std::uint32_t stx_dio_offset_align;
  std::uint64_t stx_subvol;
  std::uint32_t stx_atomic_write_unit_min;
  std::uint32_t stx_atomic_write_unit_max;
  std::uint32_t stx_atomic_write_segments_max;
  std::uint32_t stx_dio_read_offset_align;
  std::uint32_t stx_atomic_write_unit_max_opt;
  std::uint32_t spare2_;
  std::uint64_t spare3_[8];
};
static_assert(sizeof(statx_timestamp) == 16);
static_assert(sizeof(kernel_statx) == 0x100);
static_assert(offsetof(kernel_statx, stx_ino) == 0x20);
static_assert(offsetof(kernel_statx, stx_atime) == 0x40);
static_assert(offsetof(kernel_statx, stx_rdev_major) == 0x80);
static_assert(offsetof(kernel_statx, stx_mnt_id) == 0x90);
static_assert(offsetof(kernel_statx, stx_subvol) == 0xa0);
static_assert(offsetof(kernel_statx, stx_atomic_write_segments_max) == 0xb0);
static_assert(offsetof(kernel_statx, stx_atomic_write_unit_max_opt) == 0xb8);
static_assert(offsetof(kernel_statx, spare3_) == 0xc0);

// statx(2) by its system call number: glibc's statx() takes glibc's shorter struct type.
// ENOSYS on kernels before 4.11 (or where a seccomp filter forbids the call).
inline Result<kernel_statx> statx(int dirfd, const char* path, int flags, unsigned mask) noexcept {
  kernel_statx buf{};
  auto r = detail::status(Call::statx, [&] { return ::syscall(SYS_statx, dirfd, path, flags, mask, &buf); });
  if (!r) return r.error();
  return buf;
}

}  // namespace pyos::_sys
