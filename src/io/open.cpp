// io.open(), following CPython's _io_open_impl (Modules/_io/_iomodule.c).
#include "pyos/io/open.hpp"

#include <algorithm>
#include <cstring>

#include "io_internal.hpp"

namespace pyos::io {

namespace {

struct ParsedMode {
  bool creating = false, reading = false, writing = false, appending = false, updating = false;
  bool text = false, binary = false;
  std::string rawmode;
};

ParsedMode parse_mode(std::string_view mode) {
  ParsedMode m;
  auto invalid = [&] { throw ValueError("invalid mode: '" + std::string(mode) + "'"); };
  for (std::size_t i = 0; i < mode.size(); ++i) {
    const char c = mode[i];
    switch (c) {
      case 'x': m.creating = true; break;
      case 'r': m.reading = true; break;
      case 'w': m.writing = true; break;
      case 'a': m.appending = true; break;
      case '+': m.updating = true; break;
      case 't': m.text = true; break;
      case 'b': m.binary = true; break;
      default: invalid();
    }
    if (mode.find(c, i + 1) != std::string_view::npos) invalid();  // no character twice
  }
  if (m.creating) m.rawmode += 'x';
  if (m.reading) m.rawmode += 'r';
  if (m.writing) m.rawmode += 'w';
  if (m.appending) m.rawmode += 'a';
  if (m.updating) m.rawmode += '+';
  if (m.text && m.binary) throw ValueError("can't have text and binary mode at once");
  if (int{m.creating} + int{m.reading} + int{m.writing} + int{m.appending} > 1) {
    throw ValueError("must have exactly one of create/read/write/append mode");
  }
  return m;
}

constexpr std::int64_t kMaxDefaultBuffer = 8 * 1024 * 1024;

template <class File>
std::shared_ptr<IOBase> open_impl(const File& file, std::string_view mode, const OpenOptions& o) {
  if (mode.find('\0') != std::string_view::npos) throw ValueError("embedded null character");
  const ParsedMode m = parse_mode(mode);
  if (m.binary && o.encoding) throw ValueError("binary mode doesn't take an encoding argument");
  if (m.binary && o.errors) throw ValueError("binary mode doesn't take an errors argument");
  if (m.binary && o.newline) throw ValueError("binary mode doesn't take a newline argument");

  auto raw = std::make_shared<FileIO>(file, m.rawmode, FileIOOptions{.closefd = o.closefd, .opener = o.opener});
  std::shared_ptr<IOBase> result = raw;
  try {
    std::int64_t buffering = o.buffering;
    bool line_buffering = false;
    if (buffering == 1 || (buffering < 0 && raw->isatty())) {
      buffering = -1;
      line_buffering = true;
    }
    if (buffering < 0) {
      buffering = std::max(std::min(raw->blksize(), kMaxDefaultBuffer), static_cast<std::int64_t>(DEFAULT_BUFFER_SIZE));
    }
    if (buffering == 0) {
      if (m.binary) return raw;
      throw ValueError("can't have unbuffered text I/O");
    }
    std::shared_ptr<BufferedIOBase> buffer;
    if (m.updating) {
      buffer = std::make_shared<BufferedRandom>(raw, buffering);
    } else if (m.creating || m.writing || m.appending) {
      buffer = std::make_shared<BufferedWriter>(raw, buffering);
    } else {
      buffer = std::make_shared<BufferedReader>(raw, buffering);
    }
    result = buffer;
    if (m.binary) return buffer;
    return detail::wrap_text(buffer, std::string(mode), o.encoding, o.errors, o.newline, line_buffering);
  } catch (...) {
    // As CPython: a failure after the file was opened closes it again.
    try {
      result->close();
    } catch (...) {
    }
    throw;
  }
}

}  // namespace

std::shared_ptr<IOBase> open(const PathLike& file, std::string_view mode, const OpenOptions& options) {
  return open_impl(file, mode, options);
}

std::shared_ptr<IOBase> open(int fd, std::string_view mode, const OpenOptions& options) {
  return open_impl(fd, mode, options);
}

std::shared_ptr<BufferedReader> open_code(std::string_view path) {
  return std::static_pointer_cast<BufferedReader>(open(path, "rb"));
}

std::string text_encoding(std::optional<std::string_view> encoding) {
  return encoding ? std::string(*encoding) : std::string("utf-8");
}

}  // namespace pyos::io
