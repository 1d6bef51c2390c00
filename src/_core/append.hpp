// File: _core/append.hpp
//
// Appending a piece of known maximum size to a std::string through a raw pointer, so that a
// formatter pays one capacity check for a whole line instead of one per fragment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace pyos::_core {

// Appends what `fill(p)` writes at p (at most `bound` bytes; it returns the end of what it
// wrote) to `out`. `fill` must not throw. With C++23's resize_and_overwrite the bound is not
// zero-filled first; before C++23 (libstdc++ offers it only in C++23 mode) it is. Growth is
// geometric either way, as for append().
template <class Fill>
void append_bounded(std::string& out, std::size_t bound, Fill&& fill) {
  const std::size_t old = out.size();
#ifdef __cpp_lib_string_resize_and_overwrite
  out.resize_and_overwrite(old + bound, [&](char* p, std::size_t) noexcept {
    return static_cast<std::size_t>(fill(p + old) - p);
  });
#else
  if (out.capacity() < old + bound) out.reserve(old + bound > 2 * out.capacity() ? old + bound : 2 * out.capacity());
  out.resize(old + bound);
  out.resize(static_cast<std::size_t>(fill(out.data() + old) - out.data()));
#endif
}

// Copies n bytes to p (not overlapping s) and returns p + n. The short pieces of a log line
// (a level name, a separator, a logger name) and a line of text up to 64 bytes are copied
// with two or four overlapping loads and stores instead of a call to memcpy.
inline char* put(char* p, const char* s, std::size_t n) noexcept {
  if (n > 16 && n <= 64) {
    struct Piece {
      unsigned char bytes[16];
    };
    Piece head, tail;  // 16-byte memcpys: one vector load or store each
    std::memcpy(&head, s, 16);
    std::memcpy(&tail, s + n - 16, 16);
    if (n > 32) {
      Piece second, before_tail;
      std::memcpy(&second, s + 16, 16);
      std::memcpy(&before_tail, s + n - 32, 16);
      std::memcpy(p + 16, &second, 16);
      std::memcpy(p + n - 32, &before_tail, 16);
    }
    std::memcpy(p, &head, 16);
    std::memcpy(p + n - 16, &tail, 16);
  } else if (n >= 8 && n <= 16) {
    std::uint64_t head, tail;
    std::memcpy(&head, s, 8);
    std::memcpy(&tail, s + n - 8, 8);
    std::memcpy(p, &head, 8);
    std::memcpy(p + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    std::uint32_t head, tail;
    std::memcpy(&head, s, 4);
    std::memcpy(&tail, s + n - 4, 4);
    std::memcpy(p, &head, 4);
    std::memcpy(p + n - 4, &tail, 4);
  } else if (n > 0 && n < 4) {
    p[0] = s[0];
    p[n / 2] = s[n / 2];
    p[n - 1] = s[n - 1];
  } else if (n > 64) {
    std::memcpy(p, s, n);
  }
  return p + n;
}

// put() for a source and a destination that both have kPutSlack bytes to spare after the n
// bytes (a padded literal into a bounded append that counted the padding): a piece up to that
// size is copied as a whole block, with no branch on its length.
inline constexpr std::size_t kPutSlack = 32;
inline char* put_padded(char* p, const char* s, std::size_t n) noexcept {
  if (n > kPutSlack) [[unlikely]] {
    std::memcpy(p, s, n);
  } else {
    unsigned char block[kPutSlack];
    std::memcpy(block, s, kPutSlack);
    std::memcpy(p, block, kPutSlack);
  }
  return p + n;
}

}  // namespace pyos::_core
