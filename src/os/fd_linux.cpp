#include <fcntl.h>
#include <sys/timerfd.h>

#include <cmath>
#include <limits>
#include <new>
#include <vector>

#include "_sys/fd.hpp"
#include "_sys/fs_linux.hpp"
#include "_sys/process_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/fd.hpp"
#include "src_os_internal.hpp"

namespace pyos::os {
namespace {

// Linux transfers at most this much in one read/write (MAX_RW_COUNT); a larger buffer would
// only cost memory.
constexpr std::int64_t kMaxTransfer = 0x7ffff000;

[[noreturn]] void raise_einval() { raise_from_errno(EINVAL); }

// CPython's "fildes" argument converter, used by some of the fd functions (fsync, fchdir,
// fpathconf, the pty and eventfd/timerfd calls): a negative descriptor is a ValueError
// before any system call.
int fildes(int fd) {
  if (fd < 0) throw ValueError("file descriptor cannot be a negative integer (" + std::to_string(fd) + ")");
  return fd;
}

// A bytes object of n bytes, as CPython allocates before it reads.
std::string buffer_of(std::int64_t n) {
  if (n < 0) raise_einval();  // CPython: os.read(fd, -1) -> OSError(EINVAL)
  try {
    return std::string(static_cast<std::size_t>(std::min(n, kMaxTransfer)), '\0');
  } catch (const std::bad_alloc&) {
    throw MemoryError("");
  }
}

std::vector<struct iovec> iovecs(std::span<const std::span<std::byte>> buffers) {
  std::vector<struct iovec> v;
  v.reserve(buffers.size());
  for (auto b : buffers) v.push_back({b.data(), b.size()});
  return v;
}

std::vector<struct iovec> iovecs(std::span<const std::string_view> buffers) {
  std::vector<struct iovec> v;
  v.reserve(buffers.size());
  // iovec is the kernel's type: it is not const-correct, but write-side calls never write.
  for (auto b : buffers) v.push_back({const_cast<char*>(b.data()), b.size()});
  return v;
}

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s)); }

}  // namespace

int open(const PathLike& path, int flags, int mode, const OpenOptions& options) {
  const char* p = path.c_str("open");
  return _sys::openat(options.dir_fd.value_or(AT_FDCWD), p, flags, static_cast<mode_t>(mode))
      .or_raise(path.fspath());
}

void close(int fd) { _sys::close(fd).or_raise(); }

void closerange(int fd_low, int fd_high) {
  if (fd_high <= fd_low) return;
  _sys::closerange(fd_low, fd_high - 1);
}

std::string read(int fd, std::int64_t n) {
  std::string buffer = buffer_of(n);
  const std::size_t got = _sys::read(fd, std::as_writable_bytes(std::span(buffer))).or_raise();
  buffer.resize(got);
  return buffer;
}

std::size_t readinto(int fd, std::span<std::byte> buffer) { return _sys::read(fd, buffer).or_raise(); }

std::size_t write(int fd, std::string_view data) { return _sys::write(fd, bytes(data)).or_raise(); }

std::string pread(int fd, std::int64_t n, std::int64_t offset) {
  std::string buffer = buffer_of(n);
  const std::size_t got =
      _sys::pread(fd, std::as_writable_bytes(std::span(buffer)), offset).or_raise();
  buffer.resize(got);
  return buffer;
}

std::size_t pwrite(int fd, std::string_view data, std::int64_t offset) {
  return _sys::pwrite(fd, bytes(data), offset).or_raise();
}

std::size_t readv(int fd, std::span<const std::span<std::byte>> buffers) {
  const auto v = iovecs(buffers);
  return _sys::readv(fd, v).or_raise();
}

std::size_t writev(int fd, std::span<const std::string_view> buffers) {
  const auto v = iovecs(buffers);
  return _sys::writev(fd, v).or_raise();
}

std::size_t preadv(int fd, std::span<const std::span<std::byte>> buffers, std::int64_t offset, int flags) {
  const auto v = iovecs(buffers);
  return _sys::preadv(fd, v, offset, flags).or_raise();
}

std::size_t pwritev(int fd, std::span<const std::string_view> buffers, std::int64_t offset, int flags) {
  const auto v = iovecs(buffers);
  return _sys::pwritev(fd, v, offset, flags).or_raise();
}

std::int64_t lseek(int fd, std::int64_t pos, int whence) { return _sys::lseek(fd, pos, whence).or_raise(); }

void fsync(int fd) { _sys::fsync(fildes(fd)).or_raise(); }
void fdatasync(int fd) { _sys::fdatasync(fildes(fd)).or_raise(); }
void ftruncate(int fd, std::int64_t length) { _sys::ftruncate(fd, length).or_raise(); }

void truncate(const PathLike& path, std::int64_t length) {
  const char* p = path.c_str("truncate");
  _sys::truncate(p, length).or_raise(path.fspath());
}

// Python: os.truncate(fd, n) is ftruncate, and its error names no file.
void truncate(int fd, std::int64_t length) { ftruncate(fd, length); }

void posix_fallocate(int fd, std::int64_t offset, std::int64_t len) {
  _sys::posix_fallocate(fd, offset, len).or_raise();
}

void posix_fadvise(int fd, std::int64_t offset, std::int64_t len, int advice) {
  _sys::posix_fadvise(fd, offset, len, advice).or_raise();
}

void lockf(int fd, int cmd, std::int64_t len) { _sys::lockf(fd, cmd, len).or_raise(); }

std::size_t sendfile(int out_fd, int in_fd, std::optional<std::int64_t> offset, std::size_t count) {
  off_t off = offset.value_or(0);
  return _sys::sendfile(out_fd, in_fd, offset ? &off : nullptr, count).or_raise();
}

std::size_t copy_file_range(int src, int dst, std::size_t count, std::optional<std::int64_t> offset_src,
                            std::optional<std::int64_t> offset_dst) {
  off_t in = offset_src.value_or(0), out = offset_dst.value_or(0);
  return _sys::copy_file_range(src, offset_src ? &in : nullptr, dst, offset_dst ? &out : nullptr, count, 0)
      .or_raise();
}

std::size_t splice(int src, int dst, std::size_t count, std::optional<std::int64_t> offset_src,
                   std::optional<std::int64_t> offset_dst, unsigned flags) {
  off_t in = offset_src.value_or(0), out = offset_dst.value_or(0);
  return _sys::splice(src, offset_src ? &in : nullptr, dst, offset_dst ? &out : nullptr, count, flags)
      .or_raise();
}

int dup(int fd) { return _sys::dup(fd).or_raise(); }

int dup2(int fd, int fd2, bool inheritable) {
  // dup3 refuses fd == fd2 with EINVAL, which is what Python reports for
  // os.dup2(fd, fd, inheritable=False).
  return (inheritable ? _sys::dup2(fd, fd2) : _sys::dup3(fd, fd2, O_CLOEXEC)).or_raise();
}

pipe_fds pipe() {
  const auto fds = _sys::pipe2(O_CLOEXEC).or_raise();
  return {fds[0], fds[1]};
}

pipe_fds pipe2(int flags) {
  const auto fds = _sys::pipe2(flags).or_raise();
  return {fds[0], fds[1]};
}

bool get_inheritable(int fd) { return (_sys::fcntl(fd, F_GETFD).or_raise() & FD_CLOEXEC) == 0; }

void set_inheritable(int fd, bool inheritable) {
  const int flags = _sys::fcntl(fd, F_GETFD).or_raise();
  const int wanted = inheritable ? (flags & ~FD_CLOEXEC) : (flags | FD_CLOEXEC);
  if (wanted != flags) _sys::fcntl(fd, F_SETFD, wanted).or_raise();
}

bool get_blocking(int fd) { return (_sys::fcntl(fd, F_GETFL).or_raise() & O_NONBLOCK) == 0; }

void set_blocking(int fd, bool blocking) {
  const int flags = _sys::fcntl(fd, F_GETFL).or_raise();
  const int wanted = blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
  if (wanted != flags) _sys::fcntl(fd, F_SETFL, wanted).or_raise();
}

bool isatty(int fd) { return _sys::isatty(fd); }

std::string ttyname(int fd) { return _sys::ttyname(fd).or_raise(); }

openpty_result openpty() {
  const auto fds = _sys::openpty().or_raise();
  return {fds[0], fds[1]};
}

int posix_openpt(int oflag) { return _sys::posix_openpt(oflag).or_raise(); }
void grantpt(int fd) { _sys::grantpt(fildes(fd)).or_raise(); }
void unlockpt(int fd) { _sys::unlockpt(fildes(fd)).or_raise(); }
std::string ptsname(int fd) { return _sys::ptsname(fildes(fd)).or_raise(); }
int tcgetpgrp(int fd) { return _sys::tcgetpgrp(fd).or_raise(); }
void tcsetpgrp(int fd, int pgrp) { _sys::tcsetpgrp(fd, pgrp).or_raise(); }

void login_tty(int fd) {
  fildes(fd);
  // What login_tty(3) does, one wrapped call at a time (each reaches the fault seam).
  (void)_sys::setsid();  // fails harmlessly when already a session leader, as in glibc
  _sys::ioctl_int(fd, TIOCSCTTY, 0).or_raise();
  for (int target = 0; target <= 2; ++target) (void)_sys::dup2(fd, target).or_raise();
  if (fd > 2) _sys::close(fd).or_raise();
}

terminal_size get_terminal_size(int fd) {
  const struct winsize ws = _sys::get_winsize(fd).or_raise();
  return {ws.ws_col, ws.ws_row};
}

std::optional<std::string> device_encoding(int fd) {
  if (!_sys::isatty(fd)) return std::nullopt;
  return "UTF-8";
}

int memfd_create(std::string_view name, unsigned flags) {
  if (name.find('\0') != std::string_view::npos) throw ValueError("embedded null byte");
  const std::string n(name);
  return _sys::memfd_create(n.c_str(), flags).or_raise();
}

int eventfd(std::uint64_t initval, int flags) {
  // The kernel takes an unsigned int; CPython's converter refuses larger values.
  if (initval > std::numeric_limits<unsigned>::max()) {
    throw OverflowError("Python int too large for C unsigned int");
  }
  return _sys::eventfd(static_cast<unsigned>(initval), flags).or_raise();
}

std::uint64_t eventfd_read(int fd) {
  fildes(fd);
  std::uint64_t value = 0;
  const auto got = _sys::read(fd, std::as_writable_bytes(std::span(&value, 1))).or_raise();
  if (got != sizeof value) raise_einval();
  return value;
}

void eventfd_write(int fd, std::uint64_t value) {
  fildes(fd);
  (void)_sys::write(fd, std::as_bytes(std::span(&value, 1))).or_raise();
}

int timerfd_create(int clockid, int flags) { return _sys::timerfd_create(clockid, flags).or_raise(); }

namespace {

using detail::timespec_from_ns;
using detail::timespec_to_ns;
using detail::timespec_to_seconds;

// Seconds (double) to nanoseconds, rounding toward minus infinity as CPython does here
// (and, unlike os.utime, calling NaN an overflow, as CPython's timerfd converter does).
std::int64_t seconds_to_ns(double seconds) {
  const double ns = std::floor(seconds * 1e9);
  if (!(ns >= -9.2e18 && ns <= 9.2e18)) throw OverflowError("timestamp out of range for platform time_t");
  return static_cast<std::int64_t>(ns);
}

struct itimerspec settime(int fd, int flags, std::int64_t initial, std::int64_t interval) {
  fildes(fd);
  // CPython refuses negative values itself, with EINVAL, before the call.
  if (initial < 0 || interval < 0) raise_einval();
  struct itimerspec value {};
  value.it_value = timespec_from_ns(initial);
  value.it_interval = timespec_from_ns(interval);
  return _sys::timerfd_settime(fd, flags, value).or_raise();
}

}  // namespace

timerfd_time timerfd_settime(int fd, const TimerfdSettimeOptions& o) {
  const auto old = settime(fd, o.flags, seconds_to_ns(o.initial), seconds_to_ns(o.interval));
  return {timespec_to_seconds(old.it_value), timespec_to_seconds(old.it_interval)};
}

timerfd_time_ns timerfd_settime_ns(int fd, const TimerfdSettimeNsOptions& o) {
  const auto old = settime(fd, o.flags, o.initial, o.interval);
  return {timespec_to_ns(old.it_value), timespec_to_ns(old.it_interval)};
}

timerfd_time timerfd_gettime(int fd) {
  const auto cur = _sys::timerfd_gettime(fildes(fd)).or_raise();
  return {timespec_to_seconds(cur.it_value), timespec_to_seconds(cur.it_interval)};
}

timerfd_time_ns timerfd_gettime_ns(int fd) {
  const auto cur = _sys::timerfd_gettime(fildes(fd)).or_raise();
  return {timespec_to_ns(cur.it_value), timespec_to_ns(cur.it_interval)};
}

namespace {
statvfs_result from_statvfs(const struct statvfs& s) {
  return {s.f_bsize, s.f_frsize, s.f_blocks, s.f_bfree, s.f_bavail, s.f_files,
          s.f_ffree, s.f_favail, s.f_flag,   s.f_namemax, s.f_fsid};
}
}  // namespace

statvfs_result fstatvfs(int fd) { return from_statvfs(_sys::fstatvfs(fd).or_raise()); }

statvfs_result statvfs(const PathLike& path) {
  const char* p = path.c_str("statvfs");
  return from_statvfs(_sys::statvfs(p).or_raise(path.fspath()));
}

// Python: os.statvfs(fd) is fstatvfs, and its error names the fd.
statvfs_result statvfs(int fd) { return from_statvfs(_sys::fstatvfs(fd).or_raise(Filename::fd(fd))); }

long fpathconf(int fd, int name) { return _sys::fpathconf(fildes(fd), name).or_raise(); }

long pathconf(const PathLike& path, int name) {
  const char* p = path.c_str("pathconf");
  auto r = _sys::pathconf(p, name);
  // CPython names the path in the error, except for EINVAL (an unknown name).
  if (!r && r.error().code == EINVAL) raise_einval();
  return std::move(r).or_raise(path.fspath());
}

void fchmod(int fd, int mode) { _sys::fchmod(fd, static_cast<mode_t>(mode)).or_raise(); }

void fchown(int fd, int uid, int gid) {
  _sys::fchown(fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid)).or_raise();
}

void fchdir(int fd) { _sys::fchdir(fildes(fd)).or_raise(); }

}  // namespace pyos::os
