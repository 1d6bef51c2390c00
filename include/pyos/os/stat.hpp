// File: pyos/os/stat.hpp
//
// os.stat_result and the calls that produce it: os.stat, os.lstat, os.fstat; and Linux's
// extended form, os.statx / os.statx_result (3.15) with the STATX_* and AT_STATX_* constants.
#pragma once

#include <fcntl.h>     // AT_NO_AUTOMOUNT, AT_STATX_* (glibc macros: os.AT_NO_AUTOMOUNT, ...)
#include <sys/stat.h>  // STATX_* (glibc, from the kernel's <linux/stat.h>)

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

// ---------------------------------------------------------------------------------------
// os.statx (3.15, Linux)
//
// Constants. os.STATX_TYPE ... STATX_DIOALIGN, STATX_BASIC_STATS, AT_STATX_FORCE_SYNC,
// AT_STATX_DONT_SYNC, AT_STATX_SYNC_AS_STAT (0) and AT_NO_AUTOMOUNT are the libc macros of
// <sys/stat.h> and <fcntl.h>. The four newest mask bits (Linux 6.8-6.14) are kernel names
// that bookworm's headers (linux-libc-dev 6.1) lack; pyos gives them (and STATX_DIOALIGN,
// for older headers) with the values of the kernel's include/uapi/linux/stat.h, unless a
// newer header defined the macro first.
#ifndef STATX_DIOALIGN
inline constexpr unsigned STATX_DIOALIGN = 0x00002000U;  // Linux 6.1
#endif
#ifndef STATX_MNT_ID_UNIQUE
inline constexpr unsigned STATX_MNT_ID_UNIQUE = 0x00004000U;  // Linux 6.8
#endif
#ifndef STATX_SUBVOL
inline constexpr unsigned STATX_SUBVOL = 0x00008000U;  // Linux 6.10
#endif
#ifndef STATX_WRITE_ATOMIC
inline constexpr unsigned STATX_WRITE_ATOMIC = 0x00010000U;  // Linux 6.11
#endif
#ifndef STATX_DIO_READ_ALIGN
inline constexpr unsigned STATX_DIO_READ_ALIGN = 0x00020000U;  // Linux 6.14
#endif

// os.statx_result. Python's attributes, in the order of CPython's repr (the always-present
// fields first). A field is std::nullopt exactly when CPython's attribute is None: when its
// bit is missing from the *returned* stx_mask (the kernel may return more or less than was
// asked). The bits: stx_mode needs STATX_TYPE or STATX_MODE (either), stx_nlink STATX_NLINK,
// stx_uid STATX_UID, stx_gid STATX_GID, stx_ino STATX_INO, stx_size STATX_SIZE, stx_blocks
// STATX_BLOCKS, stx_{a,b,c,m}time and *_ns STATX_{A,B,C,M}TIME, stx_mnt_id STATX_MNT_ID (not
// STATX_MNT_ID_UNIQUE, as CPython), stx_dio_mem_align and stx_dio_offset_align
// STATX_DIOALIGN, stx_subvol STATX_SUBVOL, the four stx_atomic_write_* STATX_WRITE_ATOMIC,
// stx_dio_read_offset_align STATX_DIO_READ_ALIGN.
//
// The float times are sec + nsec * 1e-9 in double, as stat_result's. The *_ns fields are
// 64-bit (Python's are unbounded): years 1678-2262. Like Python's, statx_result is not a
// tuple (no structured bindings are promised: it has 34 fields).
struct statx_result {
  // Always present.
  std::uint32_t stx_mask = 0;
  std::uint32_t stx_blksize = 0;
  std::uint64_t stx_attributes = 0;
  std::uint64_t stx_attributes_mask = 0;
  std::uint32_t stx_rdev_major = 0;
  std::uint32_t stx_rdev_minor = 0;
  std::uint64_t stx_rdev = 0;  // makedev(stx_rdev_major, stx_rdev_minor)
  std::uint32_t stx_dev_major = 0;
  std::uint32_t stx_dev_minor = 0;
  std::uint64_t stx_dev = 0;  // makedev(stx_dev_major, stx_dev_minor)
  // Present when their bit is in stx_mask.
  std::optional<std::uint32_t> stx_mode;
  std::optional<std::uint32_t> stx_nlink;
  std::optional<std::uint32_t> stx_uid;
  std::optional<std::uint32_t> stx_gid;
  std::optional<std::uint64_t> stx_ino;
  std::optional<std::uint64_t> stx_size;
  std::optional<std::uint64_t> stx_blocks;
  std::optional<double> stx_atime;
  std::optional<std::int64_t> stx_atime_ns;
  std::optional<double> stx_btime;
  std::optional<std::int64_t> stx_btime_ns;
  std::optional<double> stx_ctime;
  std::optional<std::int64_t> stx_ctime_ns;
  std::optional<double> stx_mtime;
  std::optional<std::int64_t> stx_mtime_ns;
  std::optional<std::uint64_t> stx_mnt_id;
  std::optional<std::uint32_t> stx_dio_mem_align;
  std::optional<std::uint32_t> stx_dio_offset_align;
  std::optional<std::uint64_t> stx_subvol;
  std::optional<std::uint32_t> stx_atomic_write_unit_min;
  std::optional<std::uint32_t> stx_atomic_write_unit_max;
  std::optional<std::uint32_t> stx_atomic_write_segments_max;
  std::optional<std::uint32_t> stx_dio_read_offset_align;
  std::optional<std::uint32_t> stx_atomic_write_unit_max_opt;

  friend bool operator==(const statx_result&, const statx_result&) = default;
};

// Keyword arguments of os.statx.
struct StatxOptions {
  int flags = 0;                // flags=0: AT_STATX_* and/or AT_NO_AUTOMOUNT
  std::optional<int> dir_fd;    // dir_fd=None
  bool follow_symlinks = true;  // follow_symlinks=True (False: AT_SYMLINK_NOFOLLOW)
};

// os.statx(path, mask, *, flags=0, dir_fd=None, follow_symlinks=True): statx(2).
// `mask` is an OR of STATX_*; bits pyos does not know are dropped before the call, as
// CPython does (so STATX__RESERVED asks nothing rather than failing). Raises ValueError for
// a NUL in the path; ValueError "use follow_symlinks kwarg instead of AT_SYMLINK_* flag" for
// AT_SYMLINK_NOFOLLOW or AT_SYMLINK_FOLLOW in `flags` and "use dir_fd kwarg instead of
// AT_EMPTY_PATH flag" for AT_EMPTY_PATH (CPython's messages); any other flag goes to the
// kernel (an unknown one, or FORCE_SYNC | DONT_SYNC: EINVAL → OSError). A failing call
// raises the OSError subclass for the errno with filename=path.
statx_result statx(const PathLike& path, unsigned mask, const StatxOptions& options = {});
// os.statx(fd, mask, ...): statx(fd, "", flags | AT_EMPTY_PATH). As os.stat(fd): dir_fd or
// follow_symlinks=False raise ValueError; the error's filename is the fd.
statx_result statx(int fd, unsigned mask, const StatxOptions& options = {});

}  // namespace pyos::os
