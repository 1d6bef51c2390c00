// File: _sys/dir_linux.hpp
//
// DirStream: the entries of a directory straight from getdents64(2), through a reusable
// 32 KiB buffer — the floor that listdir/scandir/walk are measured against. Entries come
// in the kernel's order ('.' and '..' included; callers skip them).
#pragma once

#include <dirent.h>
#include <sys/types.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  Result<const Entry*> next() noexcept {
    if (pos_ < end_) return &decode();
    return refill();
  }
  int fd() const noexcept { return fd_.get(); }
  UniqueFd release() noexcept { return std::move(fd_); }

 private:
  static constexpr std::size_t kBufferSize = 32 * 1024;
  // Gives the buffer back to the calling thread's spare slot (or frees it): a walk opens one
  // stream after another, and a fresh 32 KiB allocation costs more than a small directory's
  // entries.
  struct GiveBack {
    void operator()(char* buffer) const noexcept;
  };
  // Reads the next batch of records and decodes the first; nullptr at the end.
  Result<const Entry*> refill() noexcept;

  // Decodes the record at pos_ into entry_ and steps past it.
  const Entry& decode() noexcept {
    // The record is not necessarily aligned for dirent64 inside a char buffer: copy the
    // fixed-size head instead of casting.
    const char* record = buffer_.get() + pos_;
    struct dirent64 head;
    std::memcpy(&head, record, kNameAt);
    // The kernel pads a record to 8 bytes after the name's NUL (fs/readdir.c), so that NUL
    // lies in the record's last 8 bytes, after only name bytes; the padding after it is not
    // written and may be anything. So the first zero byte of the last 8 ends the name, once
    // the head's bytes are masked out of a record too short to hold 8 name bytes.
    constexpr bool kLittle = std::endian::native == std::endian::little;
    const std::size_t last_at = head.d_reclen - 8;
    std::uint64_t last;
    std::memcpy(&last, record + last_at, 8);
    if (last_at < kNameAt) {
      const unsigned head_bits = 8 * static_cast<unsigned>(kNameAt - last_at);
      last |= kLittle ? ~std::uint64_t{0} >> (64 - head_bits) : ~(~std::uint64_t{0} >> head_bits);
    }
    // 0x80 in exactly the zero bytes (no carries between bytes).
    constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fu;
    const std::uint64_t zeros = ~(((last & kLow7) + kLow7) | last | kLow7);
    const int first_zero_bit = kLittle ? std::countr_zero(zeros) : std::countl_zero(zeros);
    const std::size_t nul_at = last_at + static_cast<std::size_t>(first_zero_bit) / 8;
    entry_ = {std::string_view(record + kNameAt, nul_at - kNameAt), head.d_ino, head.d_type};
    pos_ += head.d_reclen;
    return entry_;
  }

  static constexpr std::size_t kNameAt = offsetof(struct dirent64, d_name);
  UniqueFd fd_;
  std::unique_ptr<char[], GiveBack> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  Entry entry_{};
};

}  // namespace pyos::_sys
