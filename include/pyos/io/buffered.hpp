// File: pyos/io/buffered.hpp
//
// io.BufferedReader, io.BufferedWriter, io.BufferedRandom, io.BufferedRWPair: buffering over
// a raw stream with CPython's _io algorithms (peek/read1 semantics, flush before seek,
// BlockingIOError with characters_written on non-blocking raw streams, raw misbehaviour
// checks). Each object has a lock, as Python's: concurrent calls from several threads are
// safe, and a reentrant call from the same thread (a signal handler, a raw stream calling
// back) raises RuntimeError("reentrant call inside <_io.BufferedWriter name='x'>").
//
// Deviation: where Python's read()/read1()/peek() return None for a non-blocking raw
// stream with no data, read() raises BlockingIOError(EAGAIN) and read1()/peek() return "".
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <thread>

#include "pyos/_sys/owner_lock.hpp"
#include "pyos/io/iobase.hpp"

namespace pyos::io {

class FileIO;

// What BufferedReader, BufferedWriter and BufferedRandom share (CPython's C `buffered`
// type). Not a Python name; use the three classes.
class BufferedBase : public BufferedIOBase {
 public:
  ~BufferedBase() override;

  // raw: the wrapped stream (nullptr once detached).
  std::shared_ptr<RawIOBase> raw() const { return raw_; }
  std::shared_ptr<RawIOBase> detach() override;

  std::optional<Filename> name() const override;
  std::optional<std::string> mode() const override;
  std::string repr() const override;

  void close() override;
  bool closed() const override;
  int fileno() const override;
  bool isatty() const override;
  bool readable() const override;
  bool seekable() const override;
  bool writable() const override;
  void flush() override;
  Position seek(Position offset, int whence = 0) override;
  Position tell() override;
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;

  // For the sub-classes that read (BufferedReader, BufferedRandom); BufferedWriter's
  // raise UnsupportedOperation as Python's do.
  std::string read(std::int64_t size = -1) override;
  std::string read1(std::int64_t size = -1) override;
  std::size_t readinto(std::span<std::byte> buffer) override;
  std::size_t readinto1(std::span<std::byte> buffer) override;
  std::string readline(std::int64_t size = -1) override;
  // C++ addition, getline(3)'s pattern: readline(size) into `line` (replacing its content,
  // reusing its capacity), returning the line's length; 0 at end of file.
  std::size_t readline_into(std::string& line, std::int64_t size = -1);
  // For the sub-classes that write (BufferedWriter, BufferedRandom).
  std::size_t write(std::string_view data) override;
  // IOBase::emergency_flush: the bytes flush() would write, on raw's descriptor (raw must be
  // exactly a FileIO).
  bool emergency_flush() noexcept override;

 protected:
  enum class Kind { reader, writer, random };
  BufferedBase(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size, Kind kind);
  // peek(size=0): the buffered bytes (at most one raw read when none), not advancing.
  // Public in BufferedReader and BufferedRandom (BufferedWriter has none, as in Python).
  std::string peek(std::int64_t size = 0);
  void next_line(std::string& line) override { readline_into(line); }
  // For the final classes' destructors: close unless detached, never throw.
  void finalize() noexcept {
    if (!detached_) close_from_destructor();
  }

 private:
  class Lock;
  friend class TextIOWrapper;
  const char* class_name() const noexcept;
  void check_attached() const;
  void check_open(const char* what) const;
  void check_open_before_lock(const char* what);
  bool raw_closed() const;
  void lock_slow();

  // The *_unlocked helpers run with the lock held; they follow CPython's functions of the
  // same names.
  std::int64_t raw_tell();
  std::int64_t raw_tell_cached() { return abs_pos_ != -1 ? abs_pos_ : raw_tell(); }
  std::int64_t raw_seek(std::int64_t target, int whence);
  std::optional<std::size_t> raw_read(char* out, std::size_t n);
  std::optional<std::size_t> raw_write(const char* data, std::size_t n);
  std::optional<std::size_t> fill_buffer();
  void write_all_unlocked(const char* data, std::size_t n);
  void flush_unlocked();
  // write(data) then flush(), in one call (TextIOWrapper.flush() with text pending).
  void write_and_flush(std::string_view data);
  void flush_and_rewind_unlocked();
  std::string read_all_unlocked();
  std::string read_generic_unlocked(std::size_t n);
  std::size_t readinto_unlocked(std::span<std::byte> buffer, bool one_read);
  std::string_view take_buffered_line(std::size_t limit) noexcept;
  // TextIOWrapper's read1(n) on a reader over a FileIO: the n bytes (fewer at the end of the
  // file) CPython's read1 reads into a new bytes object from its empty buffer, lent from this
  // buffer (valid until the next call on this object), which one raw read fills whole; for n
  // above the buffer's size, in `spill`. Read data another call put in the buffer is read1's:
  // at most what is left of it. Other calls first make the buffer CPython's (unlend).
  std::string_view lend_chunk(std::size_t n, std::string& spill);
  void unlend();
  // A TextIOWrapper's tell() snapshot may end in lent bytes: `bytes` (in the buffer) belong
  // at the end of *to, and are appended there before a fill or lend_chunk's move overwrites
  // them (keep_lent).
  void lend_to(std::string* to, std::string_view bytes);
  void keep_lent();
  std::size_t readline_unlocked(std::string& line, std::size_t limit);
  // emergency_flush, then `more` at the caller's position (TextIOWrapper's pending bytes);
  // `more_written` gets how many of those reached the file.
  bool emergency_write(std::string_view more, std::size_t& more_written) noexcept;

  // The buffer's state, as CPython's (Modules/_io/bufferedio.c): one buffer for reading and
  // writing, so that reads and writes interleave without a flush. Offsets into buf_, signed
  // because -1 marks "none".
  bool valid_read() const noexcept { return readable_ && read_end_ != -1; }
  bool valid_write() const noexcept { return writable_ && write_end_ != -1; }
  void reset_read() noexcept { read_end_ = -1; }
  void reset_write() noexcept {
    write_pos_ = 0;
    write_end_ = -1;
  }
  // Bytes read ahead of the caller's position (CPython's READAHEAD).
  std::size_t readahead() const noexcept { return valid_read() ? static_cast<std::size_t>(read_end_ - pos_) : 0; }
  // How far raw's position lies past the caller's (CPython's RAW_OFFSET).
  std::int64_t raw_offset() const noexcept {
    return (valid_read() || valid_write()) && raw_pos_ >= 0 ? raw_pos_ - pos_ : 0;
  }
  // The caller's position moves to p, the read data's end with it (CPython's ADJUST_POSITION).
  void adjust_position(std::int64_t p) noexcept {
    pos_ = p;
    if (valid_read() && read_end_ < pos_) read_end_ = pos_;
  }
  char* at(std::int64_t offset) const noexcept { return buf_.get() + offset; }

  std::shared_ptr<RawIOBase> raw_;
  // raw_ when it is exactly a FileIO (not a subclass, which may override closed()): its
  // closed flag is read without a virtual call, on every call as before.
  const FileIO* fileio_ = nullptr;
  Kind kind_;
  bool readable_, writable_;
  bool detached_ = false;
  std::size_t buffer_size_;
  // The buffer starts on a cache line. malloc gives a large block 16 bytes past a page
  // boundary, and the kernel copies a file into such a buffer about a quarter slower than
  // into an aligned one (docs/io.md, "Performance design").
  struct AlignedDelete {
    void operator()(char* p) const noexcept { ::operator delete[](p, std::align_val_t{kBufferAlignment}); }
  };
  static constexpr std::size_t kBufferAlignment = 64;
  using Buffer = std::unique_ptr<char[], AlignedDelete>;
  static Buffer allocate_buffer(std::size_t size);
  Buffer buf_;
  std::int64_t pos_ = 0;         // the caller's position in buf_
  std::int64_t raw_pos_ = 0;     // raw's position in buf_ (-1: unknown)
  std::int64_t read_end_ = -1;   // end of the bytes read from raw; -1: none
  std::int64_t write_pos_ = 0;   // start of the bytes not yet written to raw
  std::int64_t write_end_ = -1;  // their end; -1: none
  std::string* lent_to_ = nullptr;  // see lend_to
  std::string_view lent_;
  bool lending_ = false;  // the read data was read by lend_chunk
  std::int64_t abs_pos_ = -1;    // raw's position when known, else -1
  _sys::OwnerLock lock_;  // the object's lock (buffered.cpp, BufferedBase::Lock)
};

// io.BufferedReader(raw, buffer_size=DEFAULT_BUFFER_SIZE). Raises UnsupportedOperation("File
// or stream is not readable.") and ValueError("buffer size must be strictly positive").
class BufferedReader final : public BufferedBase {
 public:
  explicit BufferedReader(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size = DEFAULT_BUFFER_SIZE);
  ~BufferedReader() override;
  using BufferedBase::peek;
};

// io.BufferedWriter(raw, buffer_size=DEFAULT_BUFFER_SIZE). Raises UnsupportedOperation("File
// or stream is not writable.") and ValueError("buffer size must be strictly positive").
class BufferedWriter final : public BufferedBase {
 public:
  explicit BufferedWriter(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size = DEFAULT_BUFFER_SIZE);
  ~BufferedWriter() override;
};

// io.BufferedRandom(raw, buffer_size=DEFAULT_BUFFER_SIZE): raw must be seekable, readable
// and writable. Deviation: in Python it is also an instance of BufferedReader and
// BufferedWriter; here it is a sibling (all three derive from BufferedBase).
class BufferedRandom final : public BufferedBase {
 public:
  explicit BufferedRandom(std::shared_ptr<RawIOBase> raw, std::int64_t buffer_size = DEFAULT_BUFFER_SIZE);
  ~BufferedRandom() override;
  using BufferedBase::peek;
};

// io.BufferedRWPair(reader, writer, buffer_size=DEFAULT_BUFFER_SIZE): a BufferedReader on
// `reader` and a BufferedWriter on `writer`. seek/tell/fileno/detach raise
// UnsupportedOperation.
class BufferedRWPair final : public BufferedIOBase {
 public:
  BufferedRWPair(std::shared_ptr<RawIOBase> reader, std::shared_ptr<RawIOBase> writer,
                 std::int64_t buffer_size = DEFAULT_BUFFER_SIZE);
  ~BufferedRWPair() override;

  std::string read(std::int64_t size = -1) override;
  std::string read1(std::int64_t size = -1) override;
  std::size_t readinto(std::span<std::byte> buffer) override;
  std::size_t readinto1(std::span<std::byte> buffer) override;
  std::string readline(std::int64_t size = -1) override;
  std::string peek(std::int64_t size = 0);
  std::size_t write(std::string_view data) override;
  void flush() override;
  bool emergency_flush() noexcept override;  // the writer's
  bool readable() const override;
  bool writable() const override;
  bool isatty() const override;
  bool closed() const override;
  // close(): the writer, then the reader (both are closed even if the first fails).
  void close() override;
  std::string repr() const override;

 private:
  std::shared_ptr<BufferedReader> reader_;
  std::shared_ptr<BufferedWriter> writer_;
};

}  // namespace pyos::io
