// Internal: the str representation of the text layer (see pyos/io/codecs.hpp) — strict UTF-8
// validation in bulk, code point iteration, and appending code points.
#pragma once

#include "_core/text.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pyos::io::text {

inline std::uint8_t byte_at(const char* p, std::size_t i) noexcept { return static_cast<std::uint8_t>(p[i]); }

// Length of the longest prefix of [p, p+n) that is complete, strictly valid UTF-8 (no
// surrogates, no overlongs). ASCII runs are skipped eight bytes at a time.
inline std::size_t utf8_valid_prefix(const char* p, std::size_t n) noexcept {
  std::size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const std::uint8_t b = byte_at(p, i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t need;
    std::uint8_t lo = 0x80, hi = 0xBF;
    if (b < 0xC2) return i;
    if (b < 0xE0) {
      need = 2;
    } else if (b < 0xF0) {
      need = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b < 0xF5) {
      need = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + need > n) return i;
    const std::uint8_t c1 = byte_at(p, i + 1);
    if (c1 < lo || c1 > hi) return i;
    for (std::size_t k = 2; k < need; ++k)
      if ((byte_at(p, i + k) & 0xC0) != 0x80) return i;
    i += need;
  }
  return n;
}

// Code points in valid UTF-8.
inline std::size_t count_valid(const char* p, std::size_t n) noexcept {
  // n minus the continuation bytes (10xxxxxx), counted eight at a time.
  std::size_t continuation = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t cont = (w & 0x8080808080808080ull) & ~((w << 1) & 0x8080808080808080ull);
    // One bit per continuation byte (bit 7 of each byte): a multiply sums the eight bytes
    // into the top byte (std::popcount is a libgcc call on baseline x86-64).
    continuation += static_cast<std::size_t>(((cont >> 7) * 0x0101010101010101ull) >> 56);
  }
  for (; i < n; ++i) continuation += (byte_at(p, i) & 0xC0) == 0x80;
  return n - continuation;
}

// The next code point of a str at `pos` (advancing): valid UTF-8 gives its code point, the
// 3-byte form ED A0..BF 80..BF gives the lone surrogate, any other byte b gives U+DC00+b.
inline char32_t next_cp(std::string_view s, std::size_t& pos) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  const std::uint8_t b = byte_at(p, pos);
  if (b < 0x80) {
    ++pos;
    return b;
  }
  const std::size_t v = utf8_valid_prefix(p + pos, std::min<std::size_t>(4, n - pos));
  if (v > 0) {
    char32_t cp;
    std::size_t len;
    if (b < 0xE0) {
      cp = b & 0x1Fu, len = 2;
    } else if (b < 0xF0) {
      cp = b & 0x0Fu, len = 3;
    } else {
      cp = b & 0x07u, len = 4;
    }
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte_at(p, pos + k) & 0x3Fu);
    pos += len;
    return cp;
  }
  if (b == 0xED && pos + 2 < n && (byte_at(p, pos + 1) & 0xE0) == 0xA0 && (byte_at(p, pos + 2) & 0xC0) == 0x80) {
    const char32_t cp = 0xD000u | ((byte_at(p, pos + 1) & 0x3Fu) << 6) | (byte_at(p, pos + 2) & 0x3Fu);
    pos += 3;
    return cp;
  }
  ++pos;
  return 0xDC00u + b;
}

// Appends a code point to a str: U+DC80..U+DCFF as the raw byte, anything else as UTF-8
// (other surrogates in their 3-byte form).
inline void append_cp(std::string& out, char32_t cp) {
  if (cp >= 0xDC80 && cp <= 0xDCFF) {
    out.push_back(static_cast<char>(cp - 0xDC00));
  } else {
    _core::append_utf8(out, cp);
  }
}

// len(s) in code points.
inline std::size_t str_len(std::string_view s) noexcept {
  std::size_t count = 0, i = 0;
  while (i < s.size()) {
    const std::size_t v = utf8_valid_prefix(s.data() + i, s.size() - i);
    count += count_valid(s.data() + i, v);
    i += v;
    if (i < s.size()) {
      next_cp(s, i);
      ++count;
    }
  }
  return count;
}

// Byte offset of code point n (s.size() when n >= len(s)).
inline std::size_t str_offset(std::string_view s, std::size_t n) noexcept {
  std::size_t i = 0;
  while (n > 0 && i < s.size()) {
    const std::uint8_t b = byte_at(s.data(), i);
    if (b < 0x80) {
      ++i;
    } else {
      next_cp(s, i);
    }
    --n;
  }
  return i;
}

}  // namespace pyos::io::text
