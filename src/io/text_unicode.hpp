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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

// x86-64 builds carry an AVX2 validator (text_utf8_avx2.cpp) chosen at run time.
#if defined(__x86_64__) && defined(__GNUC__)
#define PYOS_IO_UTF8_AVX2 1
#else
#define PYOS_IO_UTF8_AVX2 0
#endif

namespace pyos::codecs {
class IncrementalDecoder;
}

namespace pyos::io::text {

inline std::uint8_t byte_at(const char* p, std::size_t i) noexcept { return static_cast<std::uint8_t>(p[i]); }

// Where the first byte >= 0x80 of [p+i, p+n) is, scanning ASCII in bulk (16 bytes at a time
// with SSE2, 8 elsewhere); n if there is none.
inline std::size_t skip_ascii(const char* p, std::size_t i, std::size_t n) noexcept {
#ifdef __SSE2__
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(v));
    if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
    i += 16;
  }
#endif
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && byte_at(p, i) < 0x80) ++i;
  return i;
}

// Length of the longest prefix of [p, p+n) that is complete, strictly valid UTF-8 (no
// surrogates, no overlongs, nothing above U+10FFFF). ASCII runs go through skip_ascii; a
// multibyte character is checked in one step. With Count, *chars gets the code points of
// that prefix (counted on the way, for nothing). The portable scan; the vector one takes
// over long inputs where the CPU allows (utf8_valid_prefix).
template <bool Count>
inline std::size_t utf8_scan_scalar(const char* p, std::size_t n, std::size_t* chars) noexcept {
  std::size_t i = 0, count = 0;
  auto done = [&](std::size_t end) {
    if constexpr (Count) *chars = count;
    return end;
  };
  for (;;) {
    const std::size_t run = skip_ascii(p, i, n);
    if constexpr (Count) count += run - i;
    i = run;
    if (i >= n) return done(n);
    // Multibyte characters stay in this loop until a whole word is ASCII again.
    for (;;) {
      const std::uint8_t b = byte_at(p, i);
      if (b < 0xE0) {
        // C2..DF 80..BF (80..C1 are continuation bytes or overlong leads)
        if (b < 0xC2 || i + 2 > n || (byte_at(p, i + 1) & 0xC0) != 0x80) return done(i);
        i += 2;
      } else if (b < 0xF0) {
        // E0 A0..BF, E1..EC 80..BF, ED 80..9F (no surrogates), EE..EF 80..BF; then 80..BF
        if (i + 3 > n) return done(i);
        const std::uint8_t c1 = byte_at(p, i + 1);
        const std::uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
        if (c1 < lo || c1 > hi || (byte_at(p, i + 2) & 0xC0) != 0x80) return done(i);
        i += 3;
      } else if (b < 0xF5) {
        // F0 90..BF, F1..F3 80..BF, F4 80..8F (nothing above U+10FFFF); then 80..BF twice
        if (i + 4 > n) return done(i);
        const std::uint8_t c1 = byte_at(p, i + 1);
        const std::uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
        if (c1 < lo || c1 > hi || (byte_at(p, i + 2) & 0xC0) != 0x80 || (byte_at(p, i + 3) & 0xC0) != 0x80)
          return done(i);
        i += 4;
      } else {
        return done(i);
      }
      if constexpr (Count) ++count;
      // A short ASCII run before the next multibyte character is stepped over here (one
      // word, little-endian: the first high bit's byte); eight ASCII bytes go back to the
      // bulk scan.
      if (std::endian::native == std::endian::little && i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t high = w & 0x8080808080808080ull;
        if (high == 0) break;
        const std::size_t ascii = static_cast<std::size_t>(std::countr_zero(high)) >> 3;
        if constexpr (Count) count += ascii;
        i += ascii;
      } else {
        if (i >= n) return done(n);
        if (byte_at(p, i) < 0x80) break;
      }
    }
  }
}

#if PYOS_IO_UTF8_AVX2
namespace simd {
// Whether the CPU runs the AVX2 validator (false until static initialization has asked it,
// which only means the scalar scan until then).
extern const bool kUtf8Avx2;
// utf8_valid_prefix with AVX2, 32 bytes a step: the same answers as utf8_scan_scalar (an
// invalid block hands over to it). Only callable when kUtf8Avx2.
std::size_t utf8_valid_prefix_avx2(const char* p, std::size_t n) noexcept;
std::size_t utf8_valid_prefix_avx2(const char* p, std::size_t n, std::size_t& chars) noexcept;
// count_valid with AVX2; only callable when kUtf8Avx2.
std::size_t count_valid_avx2(const char* p, std::size_t n) noexcept;
}  // namespace simd
#endif

// Whether `decoder` is the UTF-8 (or settled utf-8-sig) codec's, holding nothing back, and
// decodes `input` to itself: valid UTF-8 of whole characters (text_codecs.cpp).
bool decodes_to_itself(const codecs::IncrementalDecoder& decoder, std::string_view input) noexcept;

// Below one vector block the scalar scan is as fast and needs no call.
inline constexpr std::size_t kUtf8VectorMin = 32;

inline std::size_t utf8_valid_prefix(const char* p, std::size_t n) noexcept {
#if PYOS_IO_UTF8_AVX2
  if (n >= kUtf8VectorMin && simd::kUtf8Avx2) return simd::utf8_valid_prefix_avx2(p, n);
#endif
  return utf8_scan_scalar<false>(p, n, nullptr);
}

// utf8_valid_prefix, with the code points of the prefix in `chars`.
inline std::size_t utf8_valid_prefix(const char* p, std::size_t n, std::size_t& chars) noexcept {
#if PYOS_IO_UTF8_AVX2
  if (n >= kUtf8VectorMin && simd::kUtf8Avx2) return simd::utf8_valid_prefix_avx2(p, n, chars);
#endif
  return utf8_scan_scalar<true>(p, n, &chars);
}

// Code points in valid UTF-8: n minus the continuation bytes (10xxxxxx).
inline std::size_t count_valid(const char* p, std::size_t n) noexcept {
#if PYOS_IO_UTF8_AVX2
  if (n >= 2 * kUtf8VectorMin && simd::kUtf8Avx2) return simd::count_valid_avx2(p, n);
#endif
  std::size_t continuation = 0, i = 0;
#ifdef __SSE2__
  // As signed bytes the continuation bytes are the ones below -64 (0xC0); each block adds 1
  // per such byte to byte counters, summed (psadbw) before they can reach 255.
  const __m128i limit = _mm_set1_epi8(-64), zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i counts = zero;
    const std::size_t blocks = std::min<std::size_t>((n - i) / 16, 255);
    for (std::size_t k = 0; k < blocks; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counts = _mm_sub_epi8(counts, _mm_cmplt_epi8(v, limit));
    }
    const __m128i sums = _mm_sad_epu8(counts, zero);
    continuation += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                    static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
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
