// io.BufferedReader / BufferedWriter / BufferedRandom / BufferedRWPair, following CPython's
// Modules/_io/bufferedio.c, with its single buffer for reading and writing: a write lands in
// the bytes read ahead (which stay readable after it), and a flush writes the changed region
// back from where it began.
#include "pyos/io/buffered.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <typeinfo>
#include <utility>

#include <unistd.h>

#include "buffered_internal.hpp"
#include "io_internal.hpp"

namespace pyos::io {

namespace {

[[noreturn]] void raise_blocking(std::size_t written) {
  throw BlockingIOError(EAGAIN, "write could not complete without blocking", written);
}

std::size_t checked_size(std::int64_t buffer_size) {
  if (buffer_size <= 0) throw ValueError("buffer size must be strictly positive");
  return static_cast<std::size_t>(buffer_size);
}

}  // namespace

// The object's lock (CPython's ENTER_BUFFERED/LEAVE_BUFFERED, pyos/_sys/owner_lock.hpp): a
// second entry from the thread that holds it is a reentrant call (a signal handler, a raw
// stream calling back into its buffer) and raises RuntimeError instead of deadlocking.
class BufferedBase::Lock {
 public:
  explicit Lock(BufferedBase& self) : self_(self) {
    if (!self.lock_.try_lock(std::this_thread::get_id())) self.lock_slow();
  }
  ~Lock() { self_.lock_.unlock(); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  BufferedBase& self_;
};

void BufferedBase::lock_slow() {
  const std::thread::id self = std::this_thread::get_id();
  if (lock_.owner() == self) throw RuntimeError("reentrant call inside " + repr());
  lock_.lock_contended(self);
}

// Uninitialised: a buffer's bytes are only read after raw or the caller filled them.
BufferedBase::Buffer BufferedBase::allocate_buffer(std::size_t size) {
  return Buffer(static_cast<char*>(::operator new[](size, std::align_val_t{kBufferAlignment})));
}

BufferedBase::BufferedBase(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size, Kind kind)
    : raw_(std::move(raw)), kind_(kind), readable_(kind != Kind::writer), writable_(kind != Kind::reader) {
  if (const RawIOBase* r = raw_.get(); r && typeid(*r) == typeid(FileIO)) fileio_ = static_cast<const FileIO*>(r);
  // The checks CPython's constructors make, in their order.
  if (kind == Kind::random && !raw_->seekable()) throw UnsupportedOperation("File or stream is not seekable.");
  if (readable_ && !raw_->readable()) throw UnsupportedOperation("File or stream is not readable.");
  if (writable_ && !raw_->writable()) throw UnsupportedOperation("File or stream is not writable.");
  buffer_size_ = checked_size(buffer_size);
  buf_ = allocate_buffer(buffer_size_);
  // CPython asks raw.tell() once and ignores a failure (a pipe, a raw without tell()).
  try {
    raw_tell();
  } catch (const BaseException&) {
    abs_pos_ = -1;
  }
}

BufferedBase::~BufferedBase() = default;

BufferedReader::BufferedReader(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size)
    : BufferedBase(std::move(raw), buffer_size, Kind::reader) {}
BufferedReader::~BufferedReader() { finalize(); }
BufferedWriter::BufferedWriter(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size)
    : BufferedBase(std::move(raw), buffer_size, Kind::writer) {}
BufferedWriter::~BufferedWriter() { finalize(); }
BufferedRandom::BufferedRandom(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size)
    : BufferedBase(std::move(raw), buffer_size, Kind::random) {}
BufferedRandom::~BufferedRandom() { finalize(); }

const char* BufferedBase::class_name() const noexcept {
  switch (kind_) {
    case Kind::reader: return "BufferedReader";
    case Kind::writer: return "BufferedWriter";
    case Kind::random: return "BufferedRandom";
  }
  return "BufferedBase";
}

std::string BufferedBase::repr() const {
  std::string out = std::string("<_io.") + class_name();
  if (raw_) {
    try {
      if (auto n = raw_->name()) out += " name=" + n->repr();
    } catch (const BaseException&) {
    }
  }
  return out + ">";
}

namespace {
// The checks' failures, out of line so that the checks themselves inline into every method.
[[noreturn, gnu::cold, gnu::noinline]] void raise_detached() { throw ValueError("raw stream has been detached"); }
[[noreturn, gnu::cold, gnu::noinline]] void raise_closed(const char* what) {
  throw ValueError(std::string(what) + " of closed file");
}
}  // namespace

inline void BufferedBase::check_attached() const {
  if (detached_) raise_detached();
}

// CPython's CHECK_CLOSED: a raw stream closed behind the buffered object is an error only once
// the read-ahead is used up; until then the buffered bytes are served, and an operation that
// needs raw gets raw's own error. The read-ahead is read under the lock.
inline void BufferedBase::check_open(const char* what) const {
  if (raw_closed() && readahead() == 0) raise_closed(what);
}

// check_open for the methods that ask raw before they take the lock (seek, truncate): the
// read-ahead, read under the lock, matters only once raw is closed.
void BufferedBase::check_open_before_lock(const char* what) {
  if (!raw_closed()) return;
  Lock lock(*this);
  check_open(what);
}

std::optional<Filename> BufferedBase::name() const {
  check_attached();
  return raw_->name();
}
std::optional<std::string> BufferedBase::mode() const {
  check_attached();
  return raw_->mode();
}
bool BufferedBase::closed() const {
  check_attached();
  return raw_closed();
}
int BufferedBase::fileno() const {
  check_attached();
  return raw_->fileno();
}
bool BufferedBase::isatty() const {
  check_attached();
  return raw_->isatty();
}
bool BufferedBase::readable() const {
  check_attached();
  return raw_->readable();
}
bool BufferedBase::writable() const {
  check_attached();
  return raw_->writable();
}
bool BufferedBase::seekable() const {
  check_attached();
  return raw_->seekable();
}

// ---- raw primitives (lock held) --------------------------------------------------------------

std::int64_t BufferedBase::raw_tell() {
  const std::int64_t n = raw_->tell();
  if (n < 0) throw OSError("Raw stream returned invalid position " + std::to_string(n));
  abs_pos_ = n;
  return n;
}

std::int64_t BufferedBase::raw_seek(std::int64_t target, int whence) {
  const std::int64_t n = raw_->seek(target, whence);
  if (n < 0) throw OSError("Raw stream returned invalid position " + std::to_string(n));
  abs_pos_ = n;
  return n;
}

std::optional<std::size_t> BufferedBase::raw_read(char* out, std::size_t n) {
  const std::span buffer(reinterpret_cast<std::byte*>(out), n);
  auto r = detail::retry_interrupted([&] { return raw_->readinto(buffer); });
  if (!r) return std::nullopt;
  if (*r > n) {
    // A raw stream that returns a negative count (Python) shows up here as a huge one; the
    // message shows it signed, as CPython's.
    throw OSError("raw readinto() returned invalid length " + std::to_string(static_cast<std::int64_t>(*r)) +
                  " (should have been between 0 and " + std::to_string(n) + ")");
  }
  if (*r > 0 && abs_pos_ != -1) abs_pos_ += static_cast<std::int64_t>(*r);
  return r;
}

// In line: the write loops around it are the per-record path of a flushing log handler.
[[gnu::always_inline]] inline std::optional<std::size_t> BufferedBase::raw_write(const char* data, std::size_t n) {
  const std::span bytes(reinterpret_cast<const std::byte*>(data), n);
  // An exact FileIO is called without the virtual dispatch (the same function).
  // (FileIO retries EINTR itself.)
  auto r = fileio_ ? static_cast<FileIO*>(raw_.get())->FileIO::raw_write(bytes)
                   : detail::retry_interrupted([&] { return raw_->raw_write(bytes); });
  if (!r) return std::nullopt;
  if (*r > n) {
    throw OSError("raw write() returned invalid length " + std::to_string(static_cast<std::int64_t>(*r)) +
                  " (should have been between 0 and " + std::to_string(n) + ")");
  }
  // As CPython's, also in append mode, where the kernel put the bytes at the end: the cached
  // position then counts on from where the stream was.
  if (*r > 0 && abs_pos_ != -1) abs_pos_ += static_cast<std::int64_t>(*r);
  return r;
}

// One raw read after the bytes already read (CPython's _bufferedreader_fill_buffer).
std::optional<std::size_t> BufferedBase::fill_buffer() {
  if (lent_to_) keep_lent();
  lending_ = false;
  const std::int64_t start = valid_read() ? read_end_ : 0;
  auto r = raw_read(at(start), buffer_size_ - static_cast<std::size_t>(start));
  if (r && *r > 0) read_end_ = raw_pos_ = start + static_cast<std::int64_t>(*r);
  return r;
}

// CPython's _bufferedwriter_flush_unlocked: raw is moved back to where the changed bytes
// begin, then they are written, short writes looped; a raw stream that would block raises
// BlockingIOError with characters_written 0. When raw fails or would block, the state stays
// as the last write left it (write_pos_ after what raw took), as CPython's.
void BufferedBase::flush_unlocked() {
  if (valid_write() && write_pos_ != write_end_) {
    const std::int64_t rewind = raw_offset() + (pos_ - write_pos_);
    if (rewind != 0) {
      raw_seek(-rewind, SEEK_CUR);
      raw_pos_ -= rewind;
    }
    while (write_pos_ < write_end_) {
      auto w = raw_write(at(write_pos_), static_cast<std::size_t>(write_end_ - write_pos_));
      if (!w) raise_blocking(0);
      write_pos_ += static_cast<std::int64_t>(*w);
      raw_pos_ = write_pos_;
    }
  }
  // Afterwards the write region is invalid, so that raw_offset() is 0 without read data
  // (bpo-32228).
  reset_write();
}

bool BufferedBase::emergency_flush() noexcept {
  std::size_t unused = 0;
  return emergency_write({}, unused);
}

// flush_unlocked's steps on the FileIO's descriptor with write(2) and lseek(2) only, then
// `more` where the caller's position is (after moving raw back over read-ahead, as a write
// would). The state is checked before use: it is read without the lock, maybe while the
// crashing thread was changing it.
bool BufferedBase::emergency_write(std::string_view more, std::size_t& more_written) noexcept {
  more_written = 0;
  const bool holds = writable_ && valid_write() && write_pos_ != write_end_;
  if (!holds && more.empty()) return true;
  const int fd = !detached_ && fileio_ ? fileio_->fd_ : -1;
  if (fd < 0 || !writable_) return false;
  const auto size = static_cast<std::int64_t>(buffer_size_);
  if (pos_ < 0 || pos_ > size) return false;
  const auto write_out = [fd](const char* data, std::size_t n, auto&& advanced) {
    while (n > 0) {
      const ssize_t w = ::write(fd, data, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      const auto done = static_cast<std::size_t>(w);
      advanced(done);
      data += done;
      n -= done;
    }
    return true;
  };
  if (holds) {
    if (write_pos_ < 0 || write_pos_ > write_end_ || write_end_ > size) return false;
    const std::int64_t rewind = raw_offset() + (pos_ - write_pos_);
    if (rewind != 0) {
      if (::lseek(fd, -rewind, SEEK_CUR) < 0) return false;
      raw_pos_ -= rewind;
    }
    const bool all = write_out(at(write_pos_), static_cast<std::size_t>(write_end_ - write_pos_), [&](std::size_t n) {
      write_pos_ += static_cast<std::int64_t>(n);
      raw_pos_ = write_pos_;
      if (abs_pos_ != -1) abs_pos_ += static_cast<std::int64_t>(n);
    });
    if (!all) return false;
    reset_write();
  }
  if (more.empty()) return true;
  // raw to the caller's position (read-ahead makes it lie past it), the read data dropped:
  // with neither read nor write data the stream's position is raw's, which `more` moves.
  if (const std::int64_t ahead = raw_offset(); ahead != 0) {
    if (::lseek(fd, -ahead, SEEK_CUR) < 0) return false;
  }
  reset_read();
  return write_out(more.data(), more.size(), [&](std::size_t n) {
    more_written += n;
    if (abs_pos_ != -1) abs_pos_ += static_cast<std::int64_t>(n);
  });
}

// write(data) then flush() with no buffered data (neither read nor to write): raw gets
// `data` where it is; what it does not take is left in the buffer as that write and flush
// would leave it.
void BufferedBase::write_all_unlocked(const char* data, std::size_t n) {
  std::size_t done = 0;
  try {
    while (done < n) {
      auto w = raw_write(data + done, n - done);
      if (!w) raise_blocking(0);
      done += *w;
    }
  } catch (...) {
    std::memcpy(at(0), data, n);
    write_pos_ = raw_pos_ = static_cast<std::int64_t>(done);
    write_end_ = pos_ = static_cast<std::int64_t>(n);
    throw;
  }
  pos_ = raw_pos_ = static_cast<std::int64_t>(n);
}

// CPython's buffered_flush_and_rewind_unlocked: the changed bytes to raw, then (a stream that
// reads) raw back to the caller's position, dropping the read data. The seek is made even
// when raw is already there, as CPython's (an lseek(fd, 0, SEEK_CUR)).
void BufferedBase::flush_and_rewind_unlocked() {
  flush_unlocked();
  if (readable_) {
    try {
      raw_seek(-raw_offset(), SEEK_CUR);
    } catch (...) {
      reset_read();
      throw;
    }
    reset_read();
  }
}

// ---- public operations -------------------------------------------------------------------

void BufferedBase::flush() {
  if (!writable_) {
    // BufferedReader.flush() is raw.flush().
    check_attached();
    raw_->flush();
    return;
  }
  check_attached();
  Lock lock(*this);
  check_open("flush");
  flush_and_rewind_unlocked();
}

// TextIOWrapper.flush()'s write(data) and flush() together. In the common state (nothing
// buffered, data smaller than the buffer) write() would copy the data into the buffer and
// flush() would hand it to raw, looping over short writes: here raw gets it from where it
// is, under one lock, and what raw does not take (an error, a raw stream that would block) is
// left in the buffer exactly as flush_unlocked() leaves it. Any other state takes the two
// calls.
void BufferedBase::write_and_flush(std::string_view data) {
  const std::size_t n = data.size();
  if (writable_ && !detached_ && n < buffer_size_) {
    Lock lock(*this);
    if (raw_closed()) throw ValueError("write to closed file");
    if (!valid_write() && !valid_read()) {
      write_all_unlocked(data.data(), n);
      flush_and_rewind_unlocked();  // nothing left to write; a BufferedRandom's rewind, as flush()'s
      return;
    }
  }
  write(data);
  flush();
}

// CPython 3.13's _io_BufferedWriter_write_impl.
std::size_t BufferedBase::write(std::string_view data) {
  if (!writable_) unsupported("write");
  check_attached();
  Lock lock(*this);
  if (raw_closed()) throw ValueError("write to closed file");
  const std::size_t n = data.size();
  const auto len = static_cast<std::int64_t>(n);
  const auto size = static_cast<std::int64_t>(buffer_size_);
  if (!valid_read() && !valid_write()) pos_ = raw_pos_ = 0;
  // Fast path: it fits in the buffer, and is smaller than the buffer (CPython 3.13 writes data
  // of a whole buffer's size or more straight to raw).
  if (len <= size - pos_ && len < size) {
    std::memcpy(at(pos_), data.data(), n);
    if (!valid_write() || write_pos_ > pos_) write_pos_ = pos_;
    adjust_position(pos_ + len);
    if (pos_ > write_end_) write_end_ = pos_;
    return n;
  }
  // First write the current buffer.
  try {
    flush_unlocked();
  } catch (const BlockingIOError&) {
    if (readable_) reset_read();
    // Make room by shifting the buffer.
    std::memmove(at(0), at(write_pos_), static_cast<std::size_t>(write_end_ - write_pos_));
    write_end_ -= write_pos_;
    raw_pos_ -= write_pos_;
    pos_ -= write_pos_;
    write_pos_ = 0;
    const std::int64_t avail = size - write_end_;
    if (len <= avail) {
      // Everything can be buffered.
      std::memcpy(at(write_end_), data.data(), n);
      write_end_ += len;
      pos_ += len;
      return n;
    }
    // Buffer as much as possible and report how much of this call got in.
    std::memcpy(at(write_end_), data.data(), static_cast<std::size_t>(avail));
    write_end_ += avail;
    pos_ += avail;
    raise_blocking(static_cast<std::size_t>(avail));
  }
  // Raw may lie past the caller's position (data read, none changed, so the flush did not
  // move it; bpo-6629).
  if (const std::int64_t offset = raw_offset(); offset != 0) {
    raw_seek(-offset, SEEK_CUR);
    raw_pos_ -= offset;
  }
  // Then the data itself while a buffer's worth or more remains.
  std::size_t written = 0;
  std::size_t remaining = n;
  while (remaining >= buffer_size_) {
    auto w = raw_write(data.data() + written, remaining);
    if (!w) {
      if (remaining == buffer_size_) break;  // raw would block: the rest fits in the buffer
      // Cannot buffer everything: buffer as much as possible.
      std::memcpy(at(0), data.data() + written, buffer_size_);
      raw_pos_ = 0;
      adjust_position(size);
      write_end_ = size;
      raise_blocking(written + buffer_size_);
    }
    written += *w;
    remaining -= *w;
  }
  if (readable_) reset_read();
  if (remaining > 0) std::memcpy(at(0), data.data() + written, remaining);
  write_pos_ = 0;
  write_end_ = static_cast<std::int64_t>(remaining);
  adjust_position(write_end_);
  raw_pos_ = 0;
  return n;
}

std::string BufferedBase::read(std::int64_t size) {
  if (!readable_) unsupported("read");
  check_attached();
  if (size < -1) throw ValueError("read length must be non-negative or -1");
  Lock lock(*this);
  check_open("read");
  if (lending_) unlend();
  if (size == -1) return read_all_unlocked();
  const auto n = static_cast<std::size_t>(size);
  if (n <= readahead()) {
    std::string out(at(pos_), n);
    pos_ += size;
    return out;
  }
  return read_generic_unlocked(n);
}

// CPython's _bufferedreader_read_all with a raw readall(), which every RawIOBase has. As
// CPython's, the cached raw position does not count what readall() read.
std::string BufferedBase::read_all_unlocked() {
  const std::size_t have = readahead();
  std::string data(at(pos_), have);
  pos_ += static_cast<std::int64_t>(have);
  if (writable_) flush_and_rewind_unlocked();
  reset_read();
  // raw.readall(): one call, sized by the raw stream.
  auto rest = raw_->readall();
  if (!rest) {
    if (data.empty()) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
    return data;
  }
  if (data.empty()) return std::move(*rest);
  data += *rest;
  return data;
}

// CPython's _bufferedreader_read_generic: take the buffered bytes, read whole buffers
// straight into the result, then fill the buffer for the tail — and stop as soon as the
// request is satisfied (no extra read that could block, bpo-9550).
std::string BufferedBase::read_generic_unlocked(std::size_t n) {
  std::string out;
  bool blocked = false;  // nothing read, and raw would block
  detail::fill_string(out, n, [&](char* dst, std::size_t) {
    std::size_t written = readahead();
    std::memcpy(dst, at(pos_), written);
    std::size_t remaining = n - written;
    pos_ += static_cast<std::int64_t>(written);
    if (writable_) flush_and_rewind_unlocked();
    reset_read();
    auto finish = [&](bool would_block) {
      blocked = written == 0 && would_block;
      return written;
    };
    while (remaining > 0) {
      const std::size_t r = remaining - remaining % buffer_size_;
      if (r == 0) break;
      auto got = raw_read(dst + written, r);
      if (!got || *got == 0) return finish(!got);
      remaining -= *got;
      written += *got;
    }
    pos_ = raw_pos_ = read_end_ = 0;
    while (remaining > 0 && read_end_ < static_cast<std::int64_t>(buffer_size_)) {
      auto got = fill_buffer();
      if (!got || *got == 0) return finish(!got);
      const std::size_t take = std::min(remaining, *got);
      std::memcpy(dst + written, at(pos_), take);
      written += take;
      pos_ += static_cast<std::int64_t>(take);
      remaining -= take;
    }
    return written;
  });
  if (blocked) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
  return out;
}

std::string BufferedBase::read1(std::int64_t size) {
  if (!readable_) unsupported("read1");
  check_attached();
  const std::size_t n = size < 0 ? buffer_size_ : static_cast<std::size_t>(size);
  Lock lock(*this);
  check_open("read");
  if (lending_) unlend();
  if (n == 0) return {};
  // Buffered bytes first; only when there are none, one raw read straight into the result.
  if (const std::size_t have = readahead(); have > 0) {
    const std::size_t take = std::min(n, have);
    std::string out(at(pos_), take);
    pos_ += static_cast<std::int64_t>(take);
    return out;
  }
  if (writable_) flush_and_rewind_unlocked();
  reset_read();
  std::string out;
  detail::fill_string(out, n, [&](char* dst, std::size_t m) { return raw_read(dst, m).value_or(0); });
  return out;
}

// CPython's buffer stays empty under TextIOWrapper's read1 calls, so each is one raw read of
// n bytes at the caller's position. Here the buffer holds them: a chunk takes n bytes from
// it, joining what is left to the next fill when it holds fewer.
std::string_view BufferedBase::lend_chunk(std::size_t n, std::string& spill) {
  if (!readable_) unsupported("read1");
  check_attached();
  Lock lock(*this);
  check_open("read");
  if (n == 0) return {};
  const std::size_t have = readahead();
  if (have >= n || (have > 0 && !lending_)) {
    const std::size_t take = std::min(n, have);
    const char* start = at(pos_);
    pos_ += static_cast<std::int64_t>(take);
    return {start, take};
  }
  if (n > buffer_size_) {
    // What is left, then one raw read of the rest straight into spill.
    detail::fill_string(spill, n, [&](char* dst, std::size_t) {
      std::memcpy(dst, at(pos_), have);
      const std::size_t got = raw_read(dst + have, n - have).value_or(0);  // a raise keeps them
      pos_ += static_cast<std::int64_t>(have);
      reset_read();
      return have + got;
    });
    return spill;
  }
  // What is left moves to the buffer's start (raw is where it ends: a reader's raw is where
  // its last fill ended), and one raw read fills the rest.
  if (have > 0) {
    if (lent_to_) keep_lent();
    std::memmove(at(0), at(pos_), have);
    read_end_ = raw_pos_ = static_cast<std::int64_t>(have);
  } else {
    reset_read();
  }
  pos_ = 0;
  fill_buffer();
  lending_ = true;
  const std::size_t take = std::min(n, readahead());
  pos_ = static_cast<std::int64_t>(take);
  return {at(0), take};
}

// Before another call reads or seeks: raw goes back to the caller's position and the lent
// data is dropped, as CPython's empty buffer would be (raw that cannot seek keeps it).
void BufferedBase::unlend() {
  lending_ = false;
  const std::size_t have = readahead();
  if (have == 0 || !raw_->seekable()) return;
  raw_seek(-static_cast<std::int64_t>(have), SEEK_CUR);
  raw_pos_ = -1;
  reset_read();
}

void BufferedBase::lend_to(std::string* to, std::string_view bytes) {
  if (lent_to_ && lent_to_ != to) keep_lent();  // another wrapper's
  lent_to_ = to;
  lent_ = bytes;
}

void BufferedBase::keep_lent() {
  std::string* to = std::exchange(lent_to_, nullptr);
  to->append(lent_);
}

// CPython's _buffered_readinto_generic: large remainders go straight to raw, small ones
// through the buffer; readinto1 makes at most one raw read.
std::size_t BufferedBase::readinto_unlocked(std::span<std::byte> buffer, bool one_read) {
  char* dst = reinterpret_cast<char*>(buffer.data());
  const std::size_t n = buffer.size();
  std::size_t written = 0;
  if (const std::size_t have = readahead(); have > 0) {
    written = std::min(n, have);
    std::memcpy(dst, at(pos_), written);
    pos_ += static_cast<std::int64_t>(written);
    if (written == n) return written;
  }
  if (writable_) flush_and_rewind_unlocked();
  reset_read();
  pos_ = 0;
  while (written < n) {
    const std::size_t remaining = n - written;
    std::optional<std::size_t> got;
    if (remaining > buffer_size_) {
      got = raw_read(dst + written, remaining);
    } else if (!(one_read && written > 0)) {
      got = fill_buffer();
      if (got && *got > 0) {
        const std::size_t take = std::min(remaining, *got);
        std::memcpy(dst + written, at(pos_), take);
        pos_ += static_cast<std::int64_t>(take);
        written += take;
        if (one_read) break;
        continue;
      }
    } else {
      break;
    }
    if (!got || *got == 0) {
      if (!got && written == 0) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
      break;
    }
    written += *got;
    if (one_read) break;
  }
  return written;
}

std::size_t BufferedBase::readinto(std::span<std::byte> buffer) {
  if (!readable_) unsupported("read");
  check_attached();
  Lock lock(*this);
  check_open("readinto");
  if (lending_) unlend();
  return readinto_unlocked(buffer, false);
}

std::size_t BufferedBase::readinto1(std::span<std::byte> buffer) {
  if (!readable_) unsupported("read1");
  check_attached();
  Lock lock(*this);
  check_open("readinto");
  if (lending_) unlend();
  return readinto_unlocked(buffer, true);
}

std::string BufferedBase::peek(std::int64_t) {
  check_attached();
  Lock lock(*this);
  check_open("peek");
  if (lending_) unlend();
  // As CPython: a BufferedRandom writes out and drops its read data, then reads again.
  if (writable_) flush_and_rewind_unlocked();
  if (const std::size_t have = readahead(); have > 0) return std::string(at(pos_), have);
  reset_read();
  auto got = fill_buffer();
  pos_ = 0;
  return std::string(at(0), got.value_or(0));
}

// readline's common case: a line (or `limit` bytes) already in the buffer, taken from it; an
// empty view when the buffer holds neither.
inline std::string_view BufferedBase::take_buffered_line(std::size_t limit) noexcept {
  const std::size_t n = std::min(readahead(), limit);
  const char* start = at(pos_);
  std::size_t len = detail::find_newline(start, n);
  if (len < n) {
    ++len;  // the '\n' too
  } else if (n < limit) {
    len = 0;  // neither a whole line nor `limit` bytes
  }
  pos_ += static_cast<std::int64_t>(len);
  return {start, len};
}

std::string BufferedBase::readline(std::int64_t size) {
  // A writer has IOBase.readline, whose loop calls read(1) only when size allows a byte (so
  // readline(0) is b"" even closed or detached).
  if (!readable_) {
    if (size == 0) return {};
    unsupported("read");
  }
  check_attached();
  Lock lock(*this);
  check_open("readline");
  if (lending_) unlend();
  const std::size_t limit = size < 0 ? SIZE_MAX : static_cast<std::size_t>(size);
  // Built in one step (cheaper than assigning into an empty string).
  if (const std::string_view line = take_buffered_line(limit); !line.empty() || limit == 0) return std::string(line);
  std::string line;
  readline_unlocked(line, limit);
  return line;
}

std::size_t BufferedBase::readline_into(std::string& line, std::int64_t size) {
  if (!readable_) {
    if (size == 0) {
      line.clear();
      return 0;
    }
    unsupported("read");
  }
  check_attached();
  Lock lock(*this);
  check_open("readline");
  if (lending_) unlend();
  const std::size_t limit = size < 0 ? SIZE_MAX : static_cast<std::size_t>(size);
  if (const std::string_view taken = take_buffered_line(limit); !taken.empty() || limit == 0) {
    detail::assign_from_buffer(line, taken);
    return taken.size();
  }
  return readline_unlocked(line, limit);
}

// readline past the buffer: what it holds, then whole refills until a newline or `limit`
// (CPython's _buffered_readline after its first search).
std::size_t BufferedBase::readline_unlocked(std::string& line, std::size_t limit) {
  const std::size_t have = readahead();
  line.assign(at(pos_), have);
  limit -= have;
  pos_ += static_cast<std::int64_t>(have);
  if (writable_) flush_and_rewind_unlocked();
  for (;;) {
    reset_read();
    auto got = fill_buffer();
    if (!got || *got == 0) break;
    const std::size_t n = std::min(*got, limit);
    const char* start = at(0);
    if (const void* nl = std::memchr(start, '\n', n)) {
      const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1;
      line.append(start, len);
      pos_ = static_cast<std::int64_t>(len);
      break;
    }
    line.append(start, n);
    if (n == limit) {
      pos_ = static_cast<std::int64_t>(n);
      break;
    }
    limit -= n;
  }
  return line.size();
}

Position BufferedBase::tell() {
  check_attached();
  // Raw is asked every time, as CPython does: the position pyos keeps (abs_pos_) is the one
  // a read or write left, which another holder of the same open file (a dup'ed or inherited
  // descriptor) can move, and which a device such as /dev/full does not keep at all.
  std::int64_t pos;
  {
    Lock lock(*this);
    pos = raw_tell() - raw_offset();
  }
  return pos < 0 ? 0 : pos;
}

Position BufferedBase::seek(Position offset, int whence) {
  check_attached();
  if (whence < 0 || whence > 4) throw ValueError("whence value " + std::to_string(whence) + " unsupported");
  check_open_before_lock("seek");
  if (!raw_->seekable()) throw UnsupportedOperation("File or stream is not seekable.");
  std::int64_t target = offset.offset();
  Lock lock(*this);
  if (lending_) unlend();
  // Within the read data: no system call, whatever the buffer holds to write.
  if ((whence == SEEK_SET || whence == SEEK_CUR) && readable_) {
    const std::int64_t current = raw_tell_cached();
    if (const auto avail = static_cast<std::int64_t>(readahead()); avail > 0) {
      const std::int64_t delta = whence == SEEK_SET ? target - (current - raw_offset()) : target;
      if (delta >= -pos_ && delta <= avail) {
        pos_ += delta;
        // Below 0 only where raw keeps no position (a device such as /dev/full): 0, as
        // CPython's (GH-95782) and as tell().
        return std::max<std::int64_t>(current - avail + delta, 0);
      }
    }
  }
  if (writable_) flush_unlocked();
  if (whence == SEEK_CUR) target -= raw_offset();
  const std::int64_t n = raw_seek(target, whence);
  raw_pos_ = -1;
  if (readable_) reset_read();
  return n;
}

std::int64_t BufferedBase::truncate(std::optional<std::int64_t> size) {
  check_attached();
  check_open_before_lock("truncate");
  if (!writable_) unsupported("truncate");
  Lock lock(*this);
  flush_and_rewind_unlocked();
  const std::int64_t n = raw_->truncate(size);
  // CPython re-reads raw's position afterwards (a raw truncate may move it).
  try {
    raw_tell();
  } catch (const BaseException&) {
    abs_pos_ = -1;
  }
  return n;
}

std::shared_ptr<RawIOBase> BufferedBase::detach() {
  check_attached();
  flush();
  detached_ = true;
  fileio_ = nullptr;
  return std::move(raw_);
}

// CPython's buffered_close: flush (errors kept), close raw even when the flush failed, then
// raise: raw.close()'s error if it has one, with the flush error as its context(), else the
// flush's.
void BufferedBase::close() {
  check_attached();
  {
    Lock lock(*this);
    if (raw_closed()) return;
  }
  std::exception_ptr flush_error;
  try {
    flush();
  } catch (...) {
    flush_error = std::current_exception();
  }
  Lock lock(*this);
  read_end_ = pos_ = 0;  // the read-ahead goes whatever raw's close does (raw cannot see it), as CPython's
  detail::close_then_raise(flush_error, [&] { raw_->close(); });
}

// ---- BufferedRWPair ----------------------------------------------------------------------

BufferedRWPair::BufferedRWPair(std::shared_ptr<RawIOBase> reader, std::shared_ptr<RawIOBase> writer,
                               std::int64_t buffer_size) {
  if (!reader->readable()) throw UnsupportedOperation("File or stream is not readable.");
  if (!writer->writable()) throw UnsupportedOperation("File or stream is not writable.");
  reader_ = std::make_shared<BufferedReader>(std::move(reader), buffer_size);
  writer_ = std::make_shared<BufferedWriter>(std::move(writer), buffer_size);
}

BufferedRWPair::~BufferedRWPair() { close_from_destructor(); }

std::string BufferedRWPair::read(std::int64_t size) { return reader_->read(size); }
std::string BufferedRWPair::read1(std::int64_t size) { return reader_->read1(size); }
std::size_t BufferedRWPair::readinto(std::span<std::byte> buffer) { return reader_->readinto(buffer); }
std::size_t BufferedRWPair::readinto1(std::span<std::byte> buffer) { return reader_->readinto1(buffer); }
std::string BufferedRWPair::readline(std::int64_t size) { return reader_->readline(size); }
std::string BufferedRWPair::peek(std::int64_t size) { return reader_->peek(size); }
std::size_t BufferedRWPair::write(std::string_view data) { return writer_->write(data); }
void BufferedRWPair::flush() { writer_->flush(); }
bool BufferedRWPair::emergency_flush() noexcept { return writer_->emergency_flush(); }
bool BufferedRWPair::readable() const { return reader_->readable(); }
bool BufferedRWPair::writable() const { return writer_->writable(); }
bool BufferedRWPair::isatty() const { return reader_->isatty() || writer_->isatty(); }
bool BufferedRWPair::closed() const { return writer_->closed(); }
std::string BufferedRWPair::repr() const { return "<_io.BufferedRWPair>"; }

void BufferedRWPair::close() {
  std::exception_ptr first;
  try {
    writer_->close();
  } catch (...) {
    first = std::current_exception();
  }
  detail::close_then_raise(first, [&] { reader_->close(); });  // the writer's error is the context
}

}  // namespace pyos::io
