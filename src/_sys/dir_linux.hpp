// File: _sys/dir_linux.hpp
//
// DirStream: the entries of a directory straight from getdents64(2), through a reusable
// 32 KiB buffer — the floor that listdir/scandir/walk are measured against. Entries come
// in the kernel's order ('.' and '..' included; callers skip them).
#pragma once

#include <dirent.h>
#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "_core/result.hpp"
#include "_sys/unique_fd.hpp"

namespace pyos::_sys {

using _core::Result;

class DirStream {
 public:
  struct Entry {
    std::string_view name;  // valid until the next call to next()
    ino_t ino;
    unsigned char type;     // DT_REG, DT_DIR, DT_LNK, ... or DT_UNKNOWN
  };

  // Takes ownership of a descriptor opened with O_DIRECTORY.
  explicit DirStream(UniqueFd fd);

  // The next entry, or nullptr at the end.
  Result<const Entry*> next() noexcept;
  int fd() const noexcept { return fd_.get(); }
  UniqueFd release() noexcept { return std::move(fd_); }

 private:
  static constexpr std::size_t kBufferSize = 32 * 1024;
  UniqueFd fd_;
  std::unique_ptr<char[]> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  Entry entry_{};
};

}  // namespace pyos::_sys
