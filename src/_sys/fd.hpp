// File: _sys/fd.hpp
//
// File-descriptor system calls. One function per call, POSIX names and argument order,
// `Result<T>` out, never throws. EINTR is retried (retry.hpp); descriptors pyos creates are
// close-on-exec (PEP 446): open/openat add O_CLOEXEC, dup uses F_DUPFD_CLOEXEC. The calls
// that take the flag explicitly (pipe2, dup3) pass it as given, because Python's os.pipe2(0)
// and os.dup2(inheritable=True) are inheritable; the `os` layer adds it where Python does.
//
// The wrappers are inline: on this class of machine an extra out-of-line return after a
// system call costs 10-20 ns (measured with bench/run.sh sys), which would break the
// <= 1.05x budget of the layer. The rare paths (fault injection, building an error) stay
// out of line.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <span>
#include <string>

#include "_core/result.hpp"
#include "_sys/retry.hpp"

namespace pyos::_sys {

using _core::Result;

inline Result<int> open(const char* path, int flags, mode_t mode = 0) noexcept {
  return detail::value<int>(Call::open, [&] { return ::open(path, flags | O_CLOEXEC, mode); });
}
inline Result<int> openat(int dirfd, const char* path, int flags, mode_t mode = 0) noexcept {
  return detail::value<int>(Call::openat,
                            [&] { return ::openat(dirfd, path, flags | O_CLOEXEC, mode); });
}

// Never retried; EINTR means the descriptor is closed and is reported as success.
Result<void> close(int fd) noexcept;

// One system call each: the count may be short, as os.read/os.write.
inline Result<std::size_t> read(int fd, std::span<std::byte> buffer) noexcept {
  return detail::transfer(Call::read, buffer.size(),
                          [&](std::size_t n) { return ::read(fd, buffer.data(), n); });
}
inline Result<std::size_t> write(int fd, std::span<const std::byte> data) noexcept {
  return detail::transfer(Call::write, data.size(),
                          [&](std::size_t n) { return ::write(fd, data.data(), n); });
}
inline Result<std::size_t> pread(int fd, std::span<std::byte> buffer, off_t offset) noexcept {
  return detail::transfer(Call::pread, buffer.size(),
                          [&](std::size_t n) { return ::pread(fd, buffer.data(), n, offset); });
}
inline Result<std::size_t> pwrite(int fd, std::span<const std::byte> data, off_t offset) noexcept {
  return detail::transfer(Call::pwrite, data.size(),
                          [&](std::size_t n) { return ::pwrite(fd, data.data(), n, offset); });
}
Result<std::size_t> readv(int fd, std::span<const struct iovec> buffers) noexcept;
Result<std::size_t> writev(int fd, std::span<const struct iovec> buffers) noexcept;

inline Result<off_t> lseek(int fd, off_t offset, int whence) noexcept {
  return detail::value<off_t>(Call::lseek, [&] { return ::lseek(fd, offset, whence); });
}

inline Result<struct stat> fstat(int fd) noexcept {
  struct stat st;
  auto r = detail::status(Call::fstat, [&] { return ::fstat(fd, &st); });
  if (!r) return r.error();
  return st;
}
inline Result<struct stat> fstatat(int dirfd, const char* path, int flags) noexcept {
  struct stat st;
  auto r = detail::status(Call::fstatat, [&] { return ::fstatat(dirfd, path, &st, flags); });
  if (!r) return r.error();
  return st;
}

inline Result<void> fsync(int fd) noexcept {
  return detail::status(Call::fsync, [&] { return ::fsync(fd); });
}
inline Result<void> fdatasync(int fd) noexcept {
  return detail::status(Call::fdatasync, [&] { return ::fdatasync(fd); });
}
inline Result<void> ftruncate(int fd, off_t length) noexcept {
  return detail::status(Call::ftruncate, [&] { return ::ftruncate(fd, length); });
}

// A close-on-exec copy.
inline Result<int> dup(int fd) noexcept {
  return detail::value<int>(Call::dup, [&] { return ::fcntl(fd, F_DUPFD_CLOEXEC, 0); });
}
// Inheritable, as dup2(2).
inline Result<int> dup2(int fd, int fd2) noexcept {
  return detail::value<int>(Call::dup2, [&] { return ::dup2(fd, fd2); });
}
// flags: 0 or O_CLOEXEC.
inline Result<int> dup3(int fd, int fd2, int flags) noexcept {
  return detail::value<int>(Call::dup3, [&] { return ::dup3(fd, fd2, flags); });
}
// flags as given: os.pipe() passes O_CLOEXEC.
inline Result<std::array<int, 2>> pipe2(int flags) noexcept {
  std::array<int, 2> fds{-1, -1};
  auto r = detail::status(Call::pipe2, [&] { return ::pipe2(fds.data(), flags); });
  if (!r) return r.error();
  return fds;
}

// fcntl with an int argument (F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC, ...).
inline Result<int> fcntl(int fd, int cmd, int arg = 0) noexcept {
  return detail::value<int>(Call::fcntl, [&] { return ::fcntl(fd, cmd, arg); });
}

inline Result<void> unlinkat(int dirfd, const char* path, int flags) noexcept {
  return detail::status(Call::unlinkat, [&] { return ::unlinkat(dirfd, path, flags); });
}
inline Result<void> mkdirat(int dirfd, const char* path, mode_t mode) noexcept {
  return detail::status(Call::mkdirat, [&] { return ::mkdirat(dirfd, path, mode); });
}
inline Result<void> renameat(int olddirfd, const char* oldpath, int newdirfd,
                             const char* newpath) noexcept {
  return detail::status(Call::renameat,
                        [&] { return ::renameat(olddirfd, oldpath, newdirfd, newpath); });
}

// The current directory, whatever its length.
Result<std::string> getcwd();

}  // namespace pyos::_sys
