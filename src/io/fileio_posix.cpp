// io.FileIO over a POSIX descriptor, following CPython's Modules/_io/fileio.c.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "_sys/fd.hpp"
#include "io_internal.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/os/fd.hpp"

namespace pyos::io {

namespace {

constexpr std::size_t kSmallChunk = 8192;  // CPython's SMALLCHUNK for readall()

[[noreturn]] void bad_mode() {
  throw ValueError("Must have exactly one of create/read/write/append mode and at most one plus");
}

}  // namespace

struct FileIO::Mode {
  bool readable = false, writable = false, appending = false, created = false;
  int flags = 0;

  // FileIO's mode parser: one of r/w/x/a, at most one '+', 'b' anywhere; any other
  // character is "invalid mode: <mode>". Errors are raised in the order CPython finds them.
  explicit Mode(std::string_view mode) {
    if (mode.find('\0') != std::string_view::npos) throw ValueError("embedded null character");
    bool rwa = false, plus = false;
    for (const char c : mode) {
      switch (c) {
        case 'x':
          if (rwa) bad_mode();
          rwa = created = writable = true;
          flags |= O_EXCL | O_CREAT;
          break;
        case 'r':
          if (rwa) bad_mode();
          rwa = readable = true;
          break;
        case 'w':
          if (rwa) bad_mode();
          rwa = writable = true;
          flags |= O_CREAT | O_TRUNC;
          break;
        case 'a':
          if (rwa) bad_mode();
          rwa = writable = appending = true;
          flags |= O_APPEND | O_CREAT;
          break;
        case 'b':
          break;
        case '+':
          if (plus) bad_mode();
          readable = writable = plus = true;
          break;
        default:
          throw ValueError("invalid mode: " + std::string(mode));
      }
    }
    if (!rwa) bad_mode();
    flags |= readable && writable ? O_RDWR : readable ? O_RDONLY : O_WRONLY;
  }
};

FileIO::FileIO(const PathLike& name, std::string_view mode, const FileIOOptions& options) {
  std::string path(name.fspath());
  if (path.find('\0') != std::string::npos) throw ValueError("embedded null byte");
  init(-1, std::move(path), mode, options);
}

FileIO::FileIO(int fd, std::string_view mode, const FileIOOptions& options) {
  if (fd < 0) throw ValueError("negative file descriptor");
  init(fd, std::nullopt, mode, options);
}

void FileIO::init(int fd, std::optional<std::string> path, std::string_view mode_text, const FileIOOptions& options) {
  const Mode mode(mode_text);
  readable_ = mode.readable;
  writable_ = mode.writable;
  appending_ = mode.appending;
  created_ = mode.created;
  bool opened_here = false;
  if (fd >= 0) {
    closefd_ = options.closefd;
    name_ = Filename::fd(fd);
  } else {
    if (!options.closefd) throw ValueError("Cannot use closefd=False with file name");
    closefd_ = true;
    name_ = Filename(*path);
    if (options.opener) {
      fd = options.opener(*path, mode.flags | O_CLOEXEC);
      if (fd < 0) throw ValueError("opener returned " + std::to_string(fd));
    } else {
      fd = _sys::open(path->c_str(), mode.flags, 0666).or_raise(*name_);
    }
    opened_here = true;
  }
  fd_ = fd;
  auto fail = [&](int err, std::optional<Filename> filename) {
    if (opened_here) (void)_sys::close(fd_);
    fd_ = -1;
    raise_from_errno(err, std::move(filename));
  };
  auto st = _sys::fstat(fd_);
  if (!st) {
    // CPython reports a bad descriptor without a filename.
    fail(st.error().code, std::nullopt);
  }
  if (S_ISDIR(st->st_mode)) fail(EISDIR, name_);
  if (st->st_blksize > 1) blksize_ = st->st_blksize;
  estimated_size_ = st->st_size;
  if (appending_) {
    // For consistent behaviour, move to the end of the file (a pipe has no end: ignored).
    auto r = _sys::lseek(fd_, 0, SEEK_END);
    if (!r && r.error().code != ESPIPE) fail(r.error().code, std::nullopt);
  }
}

FileIO::~FileIO() { close_from_destructor(); }

std::optional<Filename> FileIO::name() const { return name_; }

std::optional<std::string> FileIO::mode() const {
  if (created_) return readable_ ? "xb+" : "xb";
  if (appending_) return readable_ ? "ab+" : "ab";
  if (readable_) return writable_ ? "rb+" : "rb";
  return "wb";
}

std::string FileIO::repr() const {
  if (fd_ < 0) return "<_io.FileIO [closed]>";
  std::string out = "<_io.FileIO ";
  if (name_ && name_->kind() != Filename::Kind::fd) {
    out += "name=" + name_->repr();
  } else {
    out += "fd=" + std::to_string(fd_);
  }
  out += " mode='" + *mode() + "' closefd=" + (closefd_ ? "True" : "False") + ">";
  return out;
}

void FileIO::check_open() const {
  if (fd_ < 0) throw ValueError("I/O operation on closed file");
}

std::optional<std::size_t> FileIO::readinto(std::span<std::byte> buffer) {
  check_open();
  if (!readable_) throw UnsupportedOperation("File not open for reading");
  auto r = _sys::read(fd_, buffer);
  if (!r) {
    if (r.error().code == EAGAIN) return std::nullopt;
    raise_from_errno(r.error().code);
  }
  return *r;
}

std::optional<std::size_t> FileIO::raw_write(std::span<const std::byte> data) {
  check_open();
  if (!writable_) throw UnsupportedOperation("File not open for writing");
  auto r = _sys::write(fd_, data);
  if (!r) {
    if (r.error().code == EAGAIN) return std::nullopt;
    raise_from_errno(r.error().code);
  }
  return *r;
}

std::optional<std::string> FileIO::readall() {
  check_open();
  if (!readable_) throw UnsupportedOperation("File not open for reading");
  // As CPython: when the size is known, one buffer of (size - pos + 1) so that the read
  // that meets EOF needs no resize; else start small and grow by a quarter.
  std::size_t bufsize = kSmallChunk;
  if (estimated_size_ > 0) {
    auto pos = _sys::lseek(fd_, 0, SEEK_CUR);
    if (pos && estimated_size_ >= *pos) bufsize = static_cast<std::size_t>(estimated_size_ - *pos) + 1;
  }
  std::string result;
  std::size_t got = 0;
  for (;;) {
    if (got >= bufsize) bufsize = got + std::max(kSmallChunk, got >> 2);
    if (result.size() < bufsize) result.resize(bufsize);
    auto r = _sys::read(fd_, std::as_writable_bytes(std::span(result)).subspan(got, bufsize - got));
    if (!r) {
      if (r.error().code == EAGAIN) {
        if (got > 0) break;
        return std::nullopt;
      }
      raise_from_errno(r.error().code);
    }
    if (*r == 0) break;
    got += *r;
  }
  result.resize(got);
  return result;
}

void FileIO::close() {
  if (fd_ < 0) return;
  // RawIOBase.close(): flush (nothing to flush), then release the descriptor.
  const int fd = fd_;
  fd_ = -1;
  closed_ = true;
  if (closefd_) _sys::close(fd).or_raise();
}

int FileIO::fileno() const {
  check_open();
  return fd_;
}

bool FileIO::isatty() const {
  check_open();
  return os::isatty(fd_);
}

bool FileIO::readable() const {
  check_open();
  return readable_;
}

bool FileIO::writable() const {
  check_open();
  return writable_;
}

bool FileIO::seekable() const {
  check_open();
  if (seekable_ < 0) seekable_ = _sys::lseek(fd_, 0, SEEK_CUR).has_value() ? 1 : 0;
  return seekable_ == 1;
}

Position FileIO::seek(Position offset, int whence) {
  check_open();
  return _sys::lseek(fd_, offset.offset(), whence).or_raise();
}

Position FileIO::tell() {
  check_open();
  return _sys::lseek(fd_, 0, SEEK_CUR).or_raise();
}

std::int64_t FileIO::truncate(std::optional<std::int64_t> size) {
  check_open();
  if (!writable_) throw UnsupportedOperation("File not open for writing");
  const std::int64_t length = size ? *size : static_cast<std::int64_t>(_sys::lseek(fd_, 0, SEEK_CUR).or_raise());
  _sys::ftruncate(fd_, length).or_raise();
  return length;
}

}  // namespace pyos::io
