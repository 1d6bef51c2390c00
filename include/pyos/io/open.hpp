// File: pyos/io/open.hpp
//
// io.open() (the built-in open()), io.open_code(), io.text_encoding().
//
//     auto f = pyos::io::open("data.bin", "rb");             // std::shared_ptr<IOBase>
//     auto r = pyos::io::open_as<pyos::io::BufferedReader>("data.bin", "rb");
//     auto t = pyos::io::open("log.txt", "a", {.encoding = "utf-8"});
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pyos/io/buffered.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/iobase.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::io {

// io.SEEK_SET / SEEK_CUR / SEEK_END are the libc macros (0, 1, 2), as everywhere in pyos.

// Keyword arguments of open(file, mode='r', buffering=-1, encoding=None, errors=None,
// newline=None, closefd=True, opener=None).
struct OpenOptions {
  std::int64_t buffering = -1;
  std::optional<std::string> encoding;
  std::optional<std::string> errors;
  std::optional<std::string> newline;
  bool closefd = true;
  Opener opener;
};

// open(file, mode='r', ...): a FileIO (buffering=0, binary), BufferedReader ('rb'),
// BufferedWriter ('wb', 'ab', 'xb'), BufferedRandom ('+' binary) or TextIOWrapper (text).
// ValueErrors as Python's: "invalid mode: 'rz'", "can't have text and binary mode at once",
// "must have exactly one of create/read/write/append mode", "binary mode doesn't take an
// encoding argument" (errors, newline likewise), "can't have unbuffered text I/O", "invalid
// buffering size"; FileIO's errors; OSError subclasses with the path as filename.
// Default buffer size: st_blksize clamped to [DEFAULT_BUFFER_SIZE, 8 MiB] (CPython 3.14's
// rule); a terminal in text mode gets line buffering. buffering=1 in binary mode uses the
// default size (Python also warns: RuntimeWarning, not reproduced).
std::shared_ptr<IOBase> open(const PathLike& file, std::string_view mode = "r", const OpenOptions& options = {});
// open(fd, ...): wraps a descriptor (closefd=False keeps it open after close()).
std::shared_ptr<IOBase> open(int fd, std::string_view mode = "r", const OpenOptions& options = {});

// open() with the result's class named: open_as<BufferedReader>(path, "rb"). Raises
// TypeError when open() returns another class for that mode.
template <class T, class File>
std::shared_ptr<T> open_as(const File& file, std::string_view mode = "r", const OpenOptions& options = {}) {
  std::shared_ptr<IOBase> f = open(file, mode, options);
  auto typed = std::dynamic_pointer_cast<T>(f);
  if (!typed) throw TypeError("open() returned " + f->repr() + " for mode '" + std::string(mode) + "'");
  return typed;
}

// io.open_code(path): open(path, "rb").
std::shared_ptr<BufferedReader> open_code(std::string_view path);

// io.text_encoding(encoding): encoding, or the default for None. pyos runs in Python's UTF-8
// mode (PEP 686, the default from 3.15), so None gives "utf-8" (CPython 3.13 outside UTF-8
// mode gives "locale"); see docs/io.md.
std::string text_encoding(std::optional<std::string_view> encoding);

}  // namespace pyos::io
