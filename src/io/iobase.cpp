// io.IOBase, io.RawIOBase, io.BufferedIOBase, io.TextIOBase: the default behaviour of the
// abstract classes, as CPython's _io (and Lib/_pyio.py, its reference algorithm) define it.
#include "pyos/io/iobase.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "io_internal.hpp"
#include "text_unicode.hpp"

namespace pyos::io {

// ---- Position ------------------------------------------------------------------------------

std::string Position::str() const {
  if (is_offset()) return std::to_string(offset_);
  // CPython (Modules/_io/textio.c) packs a C struct {int64 start; int dec_flags;
  // int bytes_to_feed; int chars_to_skip; char need_eof} little-endian into one integer:
  // start | dec_flags << 64 | bytes_to_feed << 96 | chars_to_skip << 128 | need_eof << 160.
  // Six 32-bit limbs hold it (checked against CPython 3.13's tell() values in the tests).
  std::array<std::uint32_t, 6> limbs{};
  limbs[0] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(offset_));
  limbs[1] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(offset_) >> 32);
  limbs[2] = static_cast<std::uint32_t>(dec_flags_);
  limbs[3] = static_cast<std::uint32_t>(bytes_to_feed_);
  limbs[4] = static_cast<std::uint32_t>(chars_to_skip_);
  limbs[5] = need_eof_ ? 1 : 0;
  std::string digits;
  auto nonzero = [&] { return std::any_of(limbs.begin(), limbs.end(), [](std::uint32_t l) { return l != 0; }); };
  while (nonzero()) {
    std::uint64_t rem = 0;
    for (std::size_t i = limbs.size(); i-- > 0;) {
      const std::uint64_t cur = (rem << 32) | limbs[i];
      limbs[i] = static_cast<std::uint32_t>(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    for (int k = 0; k < 9; ++k) {
      digits.push_back(static_cast<char>('0' + rem % 10));
      rem /= 10;
    }
  }
  // Not a plain offset, so the value is not zero: at least one digit is left.
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// ---- IOBase --------------------------------------------------------------------------------

IOBase::~IOBase() = default;

void IOBase::close() {
  if (closed_) return;
  // Python: try: self.flush() finally: self.__closed = True
  try {
    flush();
  } catch (...) {
    closed_ = true;
    throw;
  }
  closed_ = true;
}

bool IOBase::closed() const { return closed_; }
std::optional<Filename> IOBase::name() const { return std::nullopt; }
std::optional<std::string> IOBase::mode() const { return std::nullopt; }
std::string IOBase::repr() const { return "<_io._IOBase>"; }

int IOBase::fileno() const { unsupported("fileno"); }

void IOBase::flush() { check_closed(); }
bool IOBase::emergency_flush() noexcept { return true; }

bool IOBase::isatty() const {
  check_closed();
  return false;
}
bool IOBase::readable() const { return false; }
bool IOBase::seekable() const { return false; }
bool IOBase::writable() const { return false; }

Position IOBase::seek(Position, int) { unsupported("seek"); }
Position IOBase::tell() { return seek(0, SEEK_CUR); }
std::int64_t IOBase::truncate(std::optional<std::int64_t>) { unsupported("truncate"); }

std::string IOBase::read(std::int64_t) { unsupported("read"); }
std::size_t IOBase::write(std::string_view) { unsupported("write"); }

std::string IOBase::readline(std::int64_t size) {
  // IOBase.readline: one byte at a time through read(1) (the classes that can peek or scan
  // a buffer override this).
  std::string line;
  while (size < 0 || static_cast<std::int64_t>(line.size()) < size) {
    std::string b = read(1);
    if (b.empty()) break;
    line += b;
    if (line.back() == '\n') break;
  }
  return line;
}

namespace {
// CPython's _io__IOBase_readlines_impl: every line (through iteration) for hint <= 0, else
// lines until the one that takes their total length past hint (that one included).
template <class Length>
std::vector<std::string> read_lines(IOBase& stream, std::int64_t hint, Length length) {
  std::vector<std::string> lines;
  std::int64_t total = 0;
  for (const std::string& line : stream) {
    lines.push_back(line);
    if (hint <= 0) continue;
    const auto n = static_cast<std::int64_t>(length(line));
    if (n > hint - total) break;
    total += n;
  }
  return lines;
}
}  // namespace

std::vector<std::string> IOBase::readlines(std::int64_t hint) {
  return read_lines(*this, hint, [](const std::string& line) { return line.size(); });
}

void IOBase::writelines(std::span<const std::string> lines) {
  check_closed();
  for (const std::string& line : lines) write(line);
}

void IOBase::writelines(std::initializer_list<std::string_view> lines) {
  check_closed();
  for (std::string_view line : lines) write(line);
}

IOBase::line_iterator& IOBase::line_iterator::operator++() {
  // IOBase.__next__: readline(); "" ends the iteration. __iter__/__next__ check closed.
  stream_->check_closed();
  stream_->next_line(line_);
  done_ = line_.empty();
  return *this;
}

void IOBase::next_line(std::string& line) { line = readline(); }

void IOBase::check_closed() const {
  if (closed()) throw ValueError("I/O operation on closed file.");
}

void IOBase::unsupported(const char* what) { throw UnsupportedOperation(what); }

void IOBase::close_from_destructor() noexcept {
  try {
    if (!closed()) close();
  } catch (const BaseException& e) {
    detail::report_unraisable(*this, e.type_name(), e.str());
  } catch (const std::exception& e) {
    detail::report_unraisable(*this, "C++ exception", e.what());
  } catch (...) {
    detail::report_unraisable(*this, "C++ exception", "unknown");
  }
}

namespace detail {

void report_unraisable(const IOBase& stream, std::string_view type, std::string_view message) noexcept {
  std::string where;
  try {
    where = stream.repr();
  } catch (...) {
    where = "<_io stream>";
  }
  std::fprintf(stderr, "Exception ignored in: %s\n%.*s: %.*s\n", where.c_str(), static_cast<int>(type.size()),
               type.data(), static_cast<int>(message.size()), message.data());
}

std::string repr_filename(const Filename& name) { return name.repr(); }

}  // namespace detail

// ---- RawIOBase -----------------------------------------------------------------------------

std::optional<std::size_t> RawIOBase::readinto(std::span<std::byte>) { throw NotImplementedError(""); }
std::optional<std::size_t> RawIOBase::raw_write(std::span<const std::byte>) { throw NotImplementedError(""); }

std::optional<std::string> RawIOBase::readall() {
  std::string result;
  std::string chunk(DEFAULT_BUFFER_SIZE, '\0');
  for (;;) {
    // Python's readall retries a read that raised InterruptedError.
    auto n = detail::retry_interrupted([&] { return readinto(std::as_writable_bytes(std::span(chunk))); });
    if (!n) {
      if (result.empty()) return std::nullopt;
      break;
    }
    if (*n == 0) break;
    result.append(chunk, 0, *n);
  }
  return result;
}

std::string RawIOBase::read(std::int64_t size) {
  if (size < 0) {
    auto all = readall();
    if (!all) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
    return std::move(*all);
  }
  std::string b;
  bool blocked = false;
  detail::fill_string(b, static_cast<std::size_t>(size), [&](char* p, std::size_t m) {
    auto n = readinto(std::span(reinterpret_cast<std::byte*>(p), m));
    blocked = !n;
    return std::min(n.value_or(0), m);  // a larger count keeps the whole buffer, as Python's del b[n:]
  });
  if (blocked) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
  return b;
}

std::size_t RawIOBase::write(std::string_view data) {
  auto n = raw_write(std::as_bytes(std::span(data)));
  if (!n) throw BlockingIOError(EAGAIN, std::strerror(EAGAIN));
  return *n;
}

// ---- BufferedIOBase ------------------------------------------------------------------------

std::shared_ptr<RawIOBase> BufferedIOBase::detach() { unsupported("detach"); }
std::string BufferedIOBase::read1(std::int64_t) { unsupported("read1"); }

std::size_t BufferedIOBase::readinto(std::span<std::byte> buffer) {
  std::string data = read(static_cast<std::int64_t>(buffer.size()));
  std::memcpy(buffer.data(), data.data(), data.size());
  return data.size();
}

std::size_t BufferedIOBase::readinto1(std::span<std::byte> buffer) {
  std::string data = read1(static_cast<std::int64_t>(buffer.size()));
  std::memcpy(buffer.data(), data.data(), data.size());
  return data.size();
}

// ---- TextIOBase ----------------------------------------------------------------------------

std::optional<std::string> TextIOBase::encoding() const { return std::nullopt; }
std::optional<std::string> TextIOBase::errors() const { return std::nullopt; }
std::optional<std::vector<std::string>> TextIOBase::newlines() const { return std::nullopt; }
std::shared_ptr<BufferedIOBase> TextIOBase::buffer() const { return nullptr; }
std::shared_ptr<BufferedIOBase> TextIOBase::detach() { unsupported("detach"); }
std::string TextIOBase::readline(std::int64_t) { unsupported("readline"); }
std::vector<std::string> TextIOBase::readlines(std::int64_t hint) {
  return read_lines(*this, hint, [](const std::string& line) { return text::str_len(line); });
}

}  // namespace pyos::io
