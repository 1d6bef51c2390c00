// File: pyos/io/iobase.hpp
//
// The abstract classes of Python's io module — IOBase, RawIOBase, BufferedIOBase,
// TextIOBase — plus io.UnsupportedOperation and the stream position type. The concrete
// classes (FileIO, BytesIO, Buffered*, TextIOWrapper, StringIO) derive from these.
//
// Object model (see docs/io.md):
// * Streams are shared objects, as Python's are: they are created with std::make_shared and
//   hold the streams they wrap by std::shared_ptr (TextIOWrapper -> buffer -> raw), so
//   `f.buffer.raw` and detach() work as in Python.
// * Bytes and text are both std::string (UTF-8 text; bytes as they are), so IOBase can carry
//   the whole file-object protocol: read/readline/readlines/write/writelines/iteration work
//   through a std::shared_ptr<IOBase> whatever open() returned. A method the concrete class
//   does not support raises io.UnsupportedOperation (Python raises it, or AttributeError for
//   a method the class lacks altogether).
// * Closing is RAII too: the destructor closes (flushing first) and never throws; a failure
//   there is reported on stderr as CPython reports "Exception ignored in: ...".
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/exceptions.hpp"

namespace pyos::io {

// io.UnsupportedOperation: both an OSError and a ValueError, as in Python.
PYOS_EXCEPTION_COPY_BEGIN
class UnsupportedOperation : public virtual OSError, public virtual ValueError {
 public:
  explicit UnsupportedOperation(std::string message) : BaseException(std::move(message)) {}
  PYOS_EXCEPTION_COPYABLE(UnsupportedOperation);
  std::string_view type_name() const noexcept override { return "UnsupportedOperation"; }
  std::string_view module_name() const noexcept override { return "io"; }
};
PYOS_EXCEPTION_COPY_END

// io.DEFAULT_BUFFER_SIZE. CPython 3.13 has 8192; pyos uses the 128 KiB that CPython adopts
// later (and that file buffers already get from st_blksize-based sizing), see docs/io.md.
inline constexpr std::size_t DEFAULT_BUFFER_SIZE = 128 * 1024;

// A position as tell() returns it and seek() takes it. For binary streams, the byte offset.
// For text streams, CPython's opaque cookie, which packs the decoder state with the byte
// offset into one integer wider than 64 bits:
//   offset | dec_flags << 64 | bytes_to_feed << 96 | chars_to_skip << 128 | need_eof << 160
// A Position converts to and from std::int64_t implicitly, so binary code reads as Python's
// (`std::int64_t n = f->tell(); f->seek(n);`), while a text cookie round-trips through
// tell()/seek() unchanged.
class Position {
 public:
  constexpr Position(std::int64_t offset = 0) noexcept : offset_(offset) {}  // NOLINT: implicit

  // A text cookie from its fields. The offset is the cookie's int64 start position: a
  // negative one (which tell() gives where the stream's position is below the bytes it read
  // ahead, as on a device like /dev/full) makes CPython's integer 2^64 + offset, not the
  // negative integer Position(offset) is, even with every other field zero.
  static constexpr Position cookie(std::int64_t offset, std::uint64_t dec_flags, std::uint64_t bytes_to_feed,
                                   std::uint64_t chars_to_skip, bool need_eof) noexcept {
    Position p(offset);
    p.dec_flags_ = dec_flags;
    p.bytes_to_feed_ = bytes_to_feed;
    p.chars_to_skip_ = chars_to_skip;
    p.need_eof_ = need_eof;
    p.packed_ = offset < 0;
    return p;
  }

  constexpr operator std::int64_t() const noexcept { return offset_; }  // NOLINT: implicit
  constexpr std::int64_t offset() const noexcept { return offset_; }
  constexpr std::uint64_t dec_flags() const noexcept { return dec_flags_; }
  constexpr std::uint64_t bytes_to_feed() const noexcept { return bytes_to_feed_; }
  constexpr std::uint64_t chars_to_skip() const noexcept { return chars_to_skip_; }
  constexpr bool need_eof() const noexcept { return need_eof_; }
  // True when this is a plain offset (no decoder state).
  constexpr bool is_offset() const noexcept {
    return dec_flags_ == 0 && bytes_to_feed_ == 0 && chars_to_skip_ == 0 && !need_eof_ && !packed_;
  }
  // The integer CPython would show for this cookie, in decimal.
  std::string str() const;

  friend constexpr bool operator==(const Position&, const Position&) = default;
  // Without this, `f->tell() == 6` would be ambiguous (Position <-> integer both ways).
  template <std::integral I>
  friend constexpr bool operator==(const Position& a, I b) noexcept {
    return a.is_offset() && a.offset_ == static_cast<std::int64_t>(b);
  }

 private:
  std::int64_t offset_ = 0;
  std::uint64_t dec_flags_ = 0, bytes_to_feed_ = 0, chars_to_skip_ = 0;
  bool need_eof_ = false;
  bool packed_ = false;  // a cookie with a negative start (see cookie())
};

// io.IOBase
class IOBase : public std::enable_shared_from_this<IOBase> {
 public:
  IOBase() = default;
  IOBase(const IOBase&) = delete;
  IOBase& operator=(const IOBase&) = delete;
  // Closes the stream; never throws (a failure is reported, as CPython's finalizer does).
  virtual ~IOBase();

  // close(): flush, then release; a second close does nothing.
  virtual void close();
  // closed
  virtual bool closed() const;
  // name / mode: the attributes Python's concrete streams carry (FileIO, the buffered classes
  // forward them from raw). Empty where Python would raise AttributeError.
  virtual std::optional<Filename> name() const;
  virtual std::optional<std::string> mode() const;
  // repr(stream), as CPython prints it ("<_io.BufferedWriter name='x'>"): used in the
  // "Exception ignored in:" report and in the reentrancy RuntimeError.
  virtual std::string repr() const;
  // fileno(): raises UnsupportedOperation where there is no descriptor.
  virtual int fileno() const;
  virtual void flush();
  virtual bool isatty() const;
  virtual bool readable() const;
  virtual bool seekable() const;
  virtual bool writable() const;
  // seek(offset, whence=SEEK_SET) -> the new position
  virtual Position seek(Position offset, int whence = 0);
  virtual Position tell();
  // truncate(size=None) -> the new size
  virtual std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt);

  // The file-object protocol (bytes for binary streams, text for text streams).
  // read(size=-1): at most size bytes/characters; all that is left for a negative size.
  virtual std::string read(std::int64_t size = -1);
  // readline(size=-1): through the next line ending (b'\n' for binary, per newline= for text).
  virtual std::string readline(std::int64_t size = -1);
  // readlines(hint=-1): all lines; with hint > 0, lines until their total length (bytes;
  // characters for text streams) exceeds hint, as CPython's _io (BytesIO: reaches hint).
  virtual std::vector<std::string> readlines(std::int64_t hint = -1);
  // write(data) -> the number of bytes/characters written
  virtual std::size_t write(std::string_view data);
  // writelines(lines): no separators added, as in Python.
  virtual void writelines(std::span<const std::string> lines);
  void writelines(std::initializer_list<std::string_view> lines);

  // C++ addition, for crash handlers (pyos::logging::enableCrashFlush uses it): writes what
  // the stream holds for its file with write(2) — a buffered stream's buffer, then a
  // TextIOWrapper's pending text — as flush() would, but taking no lock, allocating nothing
  // and raising nothing, so that a signal handler may call it. Best effort: it reads the
  // stream's state without its lock, so a change another thread is making at that moment may
  // be missed. True when nothing is left unwritten; false when a write failed or the stream
  // is not one pyos can reach the descriptor of. IOBase holds nothing: true.
  virtual bool emergency_flush() noexcept;

  // for (const std::string& line : *stream): the lines until readline() returns "".
  class line_iterator {
   public:
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    const std::string& operator*() const { return line_; }
    line_iterator& operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const line_iterator& it, std::default_sentinel_t) { return it.done_; }

   private:
    friend class IOBase;
    explicit line_iterator(IOBase* stream) : stream_(stream) { ++*this; }
    IOBase* stream_;
    std::string line_;
    bool done_ = false;
  };
  line_iterator begin() { return line_iterator(this); }
  std::default_sentinel_t end() const noexcept { return {}; }

 protected:
  // Raises ValueError("I/O operation on closed file.") when closed, as Python's methods do.
  void check_closed() const;
  // Raises UnsupportedOperation(name) — Python's message is the method name ("read",
  // "fileno", "File or stream is not seekable.", ...).
  [[noreturn]] static void unsupported(const char* what);
  // The iteration's step: line = readline(). The final classes that have readline_into
  // (the buffered readers, TextIOWrapper) read into `line` instead, reusing its capacity,
  // as CPython's __next__ calls its own readline directly for its exact types.
  virtual void next_line(std::string& line);
  // For the destructors of concrete classes (a virtual call from ~IOBase would not reach
  // them): close(), and report any failure on stderr as CPython's finalizer does
  // ("Exception ignored in: <repr>" then "Type: message"). Never throws.
  void close_from_destructor() noexcept;

  bool closed_ = false;
};

// io.RawIOBase: unbuffered binary I/O. Subclasses implement readinto() and raw_write()
// with Python's exact contract (empty = the call would block on a non-blocking stream).
class RawIOBase : public IOBase {
 public:
  // readinto(b) -> bytes read, 0 at EOF, empty if it would block (Python: None).
  virtual std::optional<std::size_t> readinto(std::span<std::byte> buffer);
  // Python's raw write(b): bytes written, empty if it would block (Python: None).
  virtual std::optional<std::size_t> raw_write(std::span<const std::byte> data);
  // readall(): until EOF (empty if the first read would block: Python's None).
  virtual std::optional<std::string> readall();

  // The IOBase protocol on top of the primitives. Deviation: where Python's raw read()/
  // write() return None (a non-blocking stream that would block with nothing transferred),
  // these raise BlockingIOError(EAGAIN); the primitives above keep Python's None.
  std::string read(std::int64_t size = -1) override;
  std::size_t write(std::string_view data) override;
};

// io.BufferedIOBase
class BufferedIOBase : public IOBase {
 public:
  // detach(): the underlying raw stream; this object becomes unusable.
  virtual std::shared_ptr<RawIOBase> detach();
  // read1(size=-1): at most one raw read.
  virtual std::string read1(std::int64_t size = -1);
  // readinto(b) / readinto1(b) -> bytes read
  virtual std::size_t readinto(std::span<std::byte> buffer);
  virtual std::size_t readinto1(std::span<std::byte> buffer);
};

// io.TextIOBase
class TextIOBase : public IOBase {
 public:
  // encoding / errors / newlines (None before any newline was read, else the kinds seen:
  // "\n", "\r", "\r\n" or a combination, as Python's tuple)
  virtual std::optional<std::string> encoding() const;
  virtual std::optional<std::string> errors() const;
  virtual std::optional<std::vector<std::string>> newlines() const;
  // buffer: the underlying binary stream (empty for StringIO).
  virtual std::shared_ptr<BufferedIOBase> buffer() const;
  // detach(): the underlying binary stream; this object becomes unusable.
  virtual std::shared_ptr<BufferedIOBase> detach();
  // readline(): TextIOBase's stub raises UnsupportedOperation("readline").
  std::string readline(std::int64_t size = -1) override;
  // readlines(hint=-1): IOBase's, the hint counted in characters (len() of each line).
  std::vector<std::string> readlines(std::int64_t hint = -1) override;
};

// io.Reader[T] and io.Writer[T] (Python 3.14's structural protocols for blocking I/O), as
// concepts. A Reader has read() and read(size) that return a T (at most size bytes or
// characters); a Writer has write(data) that takes a T and returns the count written.
// T is std::string for Reader and std::string_view for Writer, since pyos carries bytes
// and text in those. Python's isinstance() only asks whether the method is there, at run
// time; these check the call and its result type, at compile time. Every class of this
// module satisfies both (the whole file-object protocol is on IOBase), as does anything
// else shaped like a stream, which is what a function generic over Reader wants:
//   template <pyos::io::Reader R> std::string slurp(R& r) { return r.read(); }
template <class S, class T = std::string>
concept Reader = requires(S& stream, std::int64_t size) {
  { stream.read() } -> std::convertible_to<T>;
  { stream.read(size) } -> std::convertible_to<T>;
};

template <class S, class T = std::string_view>
concept Writer = requires(S& stream, const T& data) {
  { stream.write(data) } -> std::convertible_to<std::size_t>;
};

}  // namespace pyos::io
