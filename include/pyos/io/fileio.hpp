// File: pyos/io/fileio.hpp
//
// io.FileIO: the raw binary stream over an OS file descriptor. Each read/write is one system
// call (EINTR retried, PEP 475); a non-blocking descriptor that would block gives Python's
// None (an empty optional) from readinto()/raw_write(). Descriptors FileIO opens are
// non-inheritable (PEP 446).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pyos/io/iobase.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::io {

// opener(name, flags) -> fd: Python's `opener` callable, used instead of os.open. The mode
// bits are pyos's choice (0o666, as FileIO's) and not passed, as in Python.
using Opener = std::function<int(std::string_view name, int flags)>;

// Keyword arguments of FileIO(name, mode='r', closefd=True, opener=None).
struct FileIOOptions {
  bool closefd = true;
  Opener opener;  // empty: os.open
};

class FileIO : public RawIOBase {
 public:
  // FileIO(name, mode): opens the path. mode is r/w/x/a with an optional '+' and 'b'.
  // Raises ValueError ("invalid mode: rt", "Must have exactly one of create/read/write/append
  // mode and at most one plus", "Cannot use closefd=False with file name", "embedded null
  // byte"), the OSError subclass of the errno with the path as filename, IsADirectoryError
  // for a directory.
  explicit FileIO(const PathLike& name, std::string_view mode = "r", const FileIOOptions& options = {});
  // FileIO(fd, mode): wraps a descriptor; name is the fd. ValueError("negative file
  // descriptor") for fd < 0.
  explicit FileIO(int fd, std::string_view mode = "r", const FileIOOptions& options = {});
  ~FileIO() override;

  // name: the path as given, or the fd (Filename::fd). mode: as Python reports it ("rb",
  // "wb", "xb", "ab", "rb+", "xb+", "ab+"). closefd.
  std::optional<Filename> name() const override;
  std::optional<std::string> mode() const override;
  bool closefd() const noexcept { return closefd_; }
  // _blksize: st_blksize when above 1, else DEFAULT_BUFFER_SIZE (used by open()).
  std::int64_t blksize() const noexcept { return blksize_; }
  std::string repr() const override;

  std::optional<std::size_t> readinto(std::span<std::byte> buffer) override;
  std::optional<std::size_t> raw_write(std::span<const std::byte> data) override;
  // readall(): sized from fstat/lseek as CPython's, then grows.
  std::optional<std::string> readall() override;

  void close() override;
  // Inline, so that a caller that knows the exact type (BufferedBase) checks it without a
  // virtual call.
  bool closed() const override { return fd_ < 0; }
  int fileno() const override;
  bool isatty() const override;
  bool readable() const override;
  bool seekable() const override;
  bool writable() const override;
  Position seek(Position offset, int whence = 0) override;
  Position tell() override;
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;

 private:
  friend class BufferedBase;  // emergency_flush writes on fd_ directly
  struct Mode;
  void init(int fd, std::optional<std::string> path, std::string_view mode, const FileIOOptions& options);
  void check_open() const;  // "I/O operation on closed file" (FileIO's message has no dot)

  int fd_ = -1;
  bool closefd_ = true;
  bool readable_ = false, writable_ = false, appending_ = false, created_ = false;
  mutable int seekable_ = -1;  // -1 unknown
  std::int64_t blksize_ = static_cast<std::int64_t>(DEFAULT_BUFFER_SIZE);
  std::int64_t estimated_size_ = -1;
  std::optional<Filename> name_;
};

}  // namespace pyos::io
