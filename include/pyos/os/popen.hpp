// File: pyos/os/popen.hpp
//
// os.popen(cmd, mode='r', buffering=-1): runs `cmd` through /bin/sh -c with a pipe to its
// standard output (mode 'r') or input (mode 'w') and returns the pipe as a text stream.
// Like os.fdopen it is part of Python's os module but built on io, so it lives in the
// pyos::io library and <pyos/os.hpp> does not include it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pyos/io/iobase.hpp"

namespace pyos::os {

// The object os.popen returns (Python's os._wrap_close): every stream method goes to the
// pipe's TextIOWrapper; close() also waits for the command.
class PopenFile final : public io::TextIOBase {
 public:
  PopenFile(std::shared_ptr<io::TextIOBase> stream, pid_t pid);
  // Closes the pipe and waits for the command if close() was not called (a C++ object has
  // no later moment to reap the child; Python leaves that to the Popen object).
  ~PopenFile() override;

  // close(): closes the pipe, then waits for the command. What Python's close() returns is
  // status() afterwards.
  void close() override;
  // The value of Python's f.close(): empty (None) when the command exited with 0, else its
  // returncode << 8 — the exit status, or -signal for a command killed by a signal (e.g. 768
  // for `exit 3`, -2304 for SIGKILL), as CPython computes it.
  std::optional<int> status() const noexcept { return status_; }
  pid_t pid() const noexcept { return pid_; }

  bool closed() const override;
  std::optional<Filename> name() const override;
  std::optional<std::string> mode() const override;
  int fileno() const override;
  void flush() override;
  bool emergency_flush() noexcept override;  // the stream's
  bool isatty() const override;
  bool readable() const override;
  bool seekable() const override;
  bool writable() const override;
  io::Position seek(io::Position offset, int whence = 0) override;
  io::Position tell() override;
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;
  std::string read(std::int64_t size = -1) override;
  std::string readline(std::int64_t size = -1) override;
  std::vector<std::string> readlines(std::int64_t hint = -1) override;
  std::size_t write(std::string_view data) override;
  std::optional<std::string> encoding() const override;
  std::optional<std::string> errors() const override;
  std::optional<std::vector<std::string>> newlines() const override;
  std::shared_ptr<io::BufferedIOBase> buffer() const override;

 private:
  std::shared_ptr<io::TextIOBase> stream_;
  pid_t pid_;
  bool waited_ = false;
  std::optional<int> status_;
};

// os.popen(cmd, mode='r', buffering=-1). ValueError "invalid mode 'x'" for a mode other than
// 'r'/'w' and "popen() does not support unbuffered streams" for buffering 0, as Python.
std::shared_ptr<PopenFile> popen(std::string_view cmd, std::string_view mode = "r", std::int64_t buffering = -1);

}  // namespace pyos::os
