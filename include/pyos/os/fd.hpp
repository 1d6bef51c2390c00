// File: pyos/os/fd.hpp
//
// os — File Descriptor Operations: open/close/read/write and the rest of the calls that
// work on descriptors. As in Python, each read/write is ONE system call (its count may be
// short); EINTR is retried (PEP 475); descriptors pyos creates are non-inheritable
// (close-on-exec, PEP 446). Errors raise the OSError subclass for the errno; calls on a
// path give the path as filename, calls on a descriptor give no filename — as CPython.
// Flag constants are the libc macros (O_RDONLY, SEEK_SET, F_LOCK, POSIX_FADV_*, MFD_*,
// EFD_*, TFD_*, SPLICE_F_*, RWF_*), which are Python's values.
#pragma once

// The flag macros callers pass (and the defaults below) come with these headers.
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/pathlike.hpp"

namespace pyos::os {

// Keyword arguments of os.open.
struct OpenOptions {
  std::optional<int> dir_fd;  // dir_fd=None
};

// os.open(path, flags, mode=0o777, *, dir_fd=None) -> fd (non-inheritable).
int open(const PathLike& path, int flags, int mode = 0777, const OpenOptions& options = {});
// os.close(fd)
void close(int fd);
// os.closerange(fd_low, fd_high): closes fd_low <= fd < fd_high, ignoring errors.
void closerange(int fd_low, int fd_high);

// os.read(fd, n) -> bytes: at most n bytes, b"" at end of file. n < 0 raises OSError(EINVAL).
std::string read(int fd, std::int64_t n);
// os.readinto(fd, buffer) (3.14) -> bytes read into buffer.
std::size_t readinto(int fd, std::span<std::byte> buffer);
// os.write(fd, data) -> bytes written (maybe fewer than given).
std::size_t write(int fd, std::string_view data);
// os.pread(fd, n, offset) / os.pwrite(fd, data, offset)
std::string pread(int fd, std::int64_t n, std::int64_t offset);
std::size_t pwrite(int fd, std::string_view data, std::int64_t offset);
// os.readv(fd, buffers) / os.writev(fd, buffers): one readv/writev call.
std::size_t readv(int fd, std::span<const std::span<std::byte>> buffers);
std::size_t writev(int fd, std::span<const std::string_view> buffers);
// os.preadv(fd, buffers, offset, flags=0) / os.pwritev(fd, buffers, offset, flags=0)
std::size_t preadv(int fd, std::span<const std::span<std::byte>> buffers, std::int64_t offset,
                   int flags = 0);
std::size_t pwritev(int fd, std::span<const std::string_view> buffers, std::int64_t offset,
                    int flags = 0);

// os.lseek(fd, pos, whence) -> new position.
std::int64_t lseek(int fd, std::int64_t pos, int whence);
// os.fsync(fd) / os.fdatasync(fd)
void fsync(int fd);
void fdatasync(int fd);
// os.ftruncate(fd, length); os.truncate(path_or_fd, length)
void ftruncate(int fd, std::int64_t length);
void truncate(const PathLike& path, std::int64_t length);
void truncate(int fd, std::int64_t length);
// os.posix_fallocate(fd, offset, len) / os.posix_fadvise(fd, offset, len, advice)
void posix_fallocate(int fd, std::int64_t offset, std::int64_t len);
void posix_fadvise(int fd, std::int64_t offset, std::int64_t len, int advice);
// os.lockf(fd, cmd, len)
void lockf(int fd, int cmd, std::int64_t len);

// os.sendfile(out_fd, in_fd, offset, count) -> bytes sent; offset None uses and advances
// in_fd's position.
std::size_t sendfile(int out_fd, int in_fd, std::optional<std::int64_t> offset, std::size_t count);
// os.copy_file_range(src, dst, count, offset_src=None, offset_dst=None)
std::size_t copy_file_range(int src, int dst, std::size_t count,
                            std::optional<std::int64_t> offset_src = std::nullopt,
                            std::optional<std::int64_t> offset_dst = std::nullopt);
// os.splice(src, dst, count, offset_src=None, offset_dst=None, flags=0)
std::size_t splice(int src, int dst, std::size_t count,
                   std::optional<std::int64_t> offset_src = std::nullopt,
                   std::optional<std::int64_t> offset_dst = std::nullopt, unsigned flags = 0);

// os.dup(fd) -> a non-inheritable copy.
int dup(int fd);
// os.dup2(fd, fd2, inheritable=True) -> fd2.
int dup2(int fd, int fd2, bool inheritable = true);

// The (r, w) pair of os.pipe() / os.pipe2().
struct pipe_fds {
  int r;
  int w;
};
// os.pipe(): both ends non-inheritable.
pipe_fds pipe();
// os.pipe2(flags): O_NONBLOCK and/or O_CLOEXEC (pyos always adds O_CLOEXEC, as os.pipe).
pipe_fds pipe2(int flags);

// os.get_inheritable(fd) / os.set_inheritable(fd, inheritable)
bool get_inheritable(int fd);
void set_inheritable(int fd, bool inheritable);
// os.get_blocking(fd) / os.set_blocking(fd, blocking)
bool get_blocking(int fd);
void set_blocking(int fd, bool blocking);

// os.isatty(fd): false for anything that is not a terminal, a bad fd included.
bool isatty(int fd);
// os.ttyname(fd)
std::string ttyname(int fd);
// The (master, slave) pair of os.openpty(): both non-inheritable.
struct openpty_result {
  int master;
  int slave;
};
openpty_result openpty();

// os.posix_openpt(oflag) -> a pty master (non-inheritable); os.grantpt(fd); os.unlockpt(fd);
// os.ptsname(fd) -> the slave's path.
int posix_openpt(int oflag);
void grantpt(int fd);
void unlockpt(int fd);
std::string ptsname(int fd);
// os.login_tty(fd): makes fd the calling process's controlling terminal and its stdin,
// stdout and stderr (a new session first), then closes fd — for a freshly forked child.
void login_tty(int fd);
// os.tcgetpgrp(fd) / os.tcsetpgrp(fd, pg)
int tcgetpgrp(int fd);
void tcsetpgrp(int fd, int pgrp);

// os.terminal_size
struct terminal_size {
  int columns;
  int lines;
  friend bool operator==(const terminal_size&, const terminal_size&) = default;
};
// os.get_terminal_size(fd=STDOUT_FILENO)
terminal_size get_terminal_size(int fd = STDOUT_FILENO);
// os.device_encoding(fd): the encoding of a terminal, else None. pyos always runs in
// Python's UTF-8 mode (the default from 3.15, PEP 686), so a terminal gives "UTF-8".
std::optional<std::string> device_encoding(int fd);

// os.memfd_create(name, flags=MFD_CLOEXEC); ValueError for a NUL in name.
int memfd_create(std::string_view name, unsigned flags = MFD_CLOEXEC);
// os.eventfd(initval, flags=EFD_CLOEXEC); os.eventfd_read(fd); os.eventfd_write(fd, value)
int eventfd(std::uint64_t initval, int flags = EFD_CLOEXEC);
std::uint64_t eventfd_read(int fd);
void eventfd_write(int fd, std::uint64_t value);

// os.timerfd_create(clockid, /, *, flags=0)
int timerfd_create(int clockid, int flags = 0);
// The (next_expiration, interval) pair of os.timerfd_settime / timerfd_gettime (seconds)
// and of the *_ns variants (nanoseconds).
struct timerfd_time {
  double next_expiration;
  double interval;
};
struct timerfd_time_ns {
  std::int64_t next_expiration;
  std::int64_t interval;
};
struct TimerfdSettimeOptions {
  int flags = 0;          // TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET
  double initial = 0.0;   // seconds; negative raises OSError(EINVAL) as Python
  double interval = 0.0;
};
struct TimerfdSettimeNsOptions {
  int flags = 0;
  std::int64_t initial = 0;  // nanoseconds
  std::int64_t interval = 0;
};
timerfd_time timerfd_settime(int fd, const TimerfdSettimeOptions& options = {});
timerfd_time_ns timerfd_settime_ns(int fd, const TimerfdSettimeNsOptions& options = {});
timerfd_time timerfd_gettime(int fd);
timerfd_time_ns timerfd_gettime_ns(int fd);

// os.statvfs_result
struct statvfs_result {
  std::uint64_t f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail,
      f_flag, f_namemax, f_fsid;
  friend bool operator==(const statvfs_result&, const statvfs_result&) = default;
};
// os.fstatvfs(fd); os.statvfs(path_or_fd)
statvfs_result fstatvfs(int fd);
statvfs_result statvfs(const PathLike& path);
statvfs_result statvfs(int fd);

// os.fpathconf(fd, name) / os.pathconf(path, name) with a _PC_* value: the limit, or -1
// where the system has none.
long fpathconf(int fd, int name);
long pathconf(const PathLike& path, int name);

// os.fchmod(fd, mode) / os.fchown(fd, uid, gid) / os.fchdir(fd)
void fchmod(int fd, int mode);
void fchown(int fd, int uid, int gid);
void fchdir(int fd);

}  // namespace pyos::os
