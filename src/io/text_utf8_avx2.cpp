// The AVX2 UTF-8 validator behind text::utf8_valid_prefix (see text_unicode.hpp): 32 bytes
// per step, after the "lookup" scheme of Keiser and Lemire ("Validating UTF-8 in less than
// one instruction per byte", 2021), written here from the paper's description.
//
// Every error of strict UTF-8 shows in a pair of adjacent bytes (prev1, byte), except a
// missing or extra 3rd/4th byte, which needs the bytes two and three back. Each pair error
// is a product of three conditions, on prev1's high nibble, prev1's low nibble and the
// byte's high nibble, so three 16-entry tables (one vpshufb each) give a byte whose bits say
// which errors all three conditions allow; their AND is the set of pair errors present.
//
// The library is built for baseline x86-64: these functions carry a target attribute and
// are only reached when the CPU says it has AVX2 (kUtf8Avx2, set once at start-up).
#include "text_unicode.hpp"

#if PYOS_IO_UTF8_AVX2

#include <immintrin.h>

#include <algorithm>

namespace pyos::io::text::simd {

const bool kUtf8Avx2 = [] {
  __builtin_cpu_init();  // we run from a static initializer
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}();

namespace {

#define PYOS_AVX2 __attribute__((target("avx2,popcnt")))

using V = __m256i;
constexpr std::size_t kBlock = 32;

// The pair errors, one bit each: (prev1, byte) where...
constexpr std::uint8_t kTooShort = 0x01;    // prev1 is a lead (C0..FF), byte is not 80..BF
constexpr std::uint8_t kTooLong = 0x02;     // prev1 is ASCII, byte is 80..BF
constexpr std::uint8_t kOverlong3 = 0x04;   // E0 80..9F
constexpr std::uint8_t kTooLarge = 0x08;    // F4..FF 90..BF (above U+10FFFF)
constexpr std::uint8_t kSurrogate = 0x10;   // ED A0..BF
constexpr std::uint8_t kOverlong2 = 0x20;   // C0..C1 80..BF
constexpr std::uint8_t kFourBytes80 = 0x40; // F0 80..8F (overlong) and F5..FF 80..8F (too large)
constexpr std::uint8_t kTwoConts = 0x80;    // 80..BF 80..BF: right only as a 3rd or 4th byte
constexpr std::uint8_t kAnyLow = kTooShort | kTooLong | kTwoConts;  // errors whatever prev1's low nibble
constexpr std::uint8_t kConts = kTooLong | kTwoConts | kOverlong2;  // errors for any byte 80..BF

PYOS_AVX2 inline V table(std::uint8_t t0, std::uint8_t t1, std::uint8_t t2, std::uint8_t t3, std::uint8_t t4,
                         std::uint8_t t5, std::uint8_t t6, std::uint8_t t7, std::uint8_t t8, std::uint8_t t9,
                         std::uint8_t ta, std::uint8_t tb, std::uint8_t tc, std::uint8_t td, std::uint8_t te,
                         std::uint8_t tf) {
  const __m128i t = _mm_setr_epi8(static_cast<char>(t0), static_cast<char>(t1), static_cast<char>(t2),
                                  static_cast<char>(t3), static_cast<char>(t4), static_cast<char>(t5),
                                  static_cast<char>(t6), static_cast<char>(t7), static_cast<char>(t8),
                                  static_cast<char>(t9), static_cast<char>(ta), static_cast<char>(tb),
                                  static_cast<char>(tc), static_cast<char>(td), static_cast<char>(te),
                                  static_cast<char>(tf));
  return _mm256_broadcastsi128_si256(t);  // vpshufb looks up within each 128-bit lane
}

PYOS_AVX2 inline V splat(std::uint8_t b) { return _mm256_set1_epi8(static_cast<char>(b)); }
PYOS_AVX2 inline V high_nibbles(V v) { return _mm256_and_si256(_mm256_srli_epi16(v, 4), splat(0x0F)); }
PYOS_AVX2 inline V low_nibbles(V v) { return _mm256_and_si256(v, splat(0x0F)); }

// The block shifted right by k bytes across the lane boundary, the last k bytes of `before`
// coming in first: element i is the byte k positions before input's byte i.
template <int k>
PYOS_AVX2 inline V bytes_back(V input, V before) {
  return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(before, input, 0x21), 16 - k);
}

// Non-zero bytes where `input` (after `before`) breaks strict UTF-8.
PYOS_AVX2 inline V block_errors(V input, V before) {
  const V prev1 = bytes_back<1>(input, before);
  const V by_prev_high = _mm256_shuffle_epi8(
      table(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,  // 0_ .. 7_
            kTwoConts, kTwoConts, kTwoConts, kTwoConts,                                      // 8_ .. B_
            kTooShort | kOverlong2,                                                          // C_
            kTooShort,                                                                       // D_
            kTooShort | kOverlong3 | kSurrogate,                                             // E_
            kTooShort | kTooLarge | kFourBytes80),                                           // F_
      high_nibbles(prev1));
  const V by_prev_low = _mm256_shuffle_epi8(
      table(kAnyLow | kOverlong3 | kOverlong2 | kFourBytes80,  // _0: E0, C0, F0
            kAnyLow | kOverlong2,                              // _1: C1
            kAnyLow, kAnyLow,                                  // _2, _3
            kAnyLow | kTooLarge,                               // _4: F4
            kAnyLow | kTooLarge | kFourBytes80, kAnyLow | kTooLarge | kFourBytes80,  // _5, _6: F5.. too
            kAnyLow | kTooLarge | kFourBytes80, kAnyLow | kTooLarge | kFourBytes80,  // _7, _8
            kAnyLow | kTooLarge | kFourBytes80, kAnyLow | kTooLarge | kFourBytes80,  // _9, _A
            kAnyLow | kTooLarge | kFourBytes80, kAnyLow | kTooLarge | kFourBytes80,  // _B, _C
            kAnyLow | kTooLarge | kFourBytes80 | kSurrogate,                         // _D: ED
            kAnyLow | kTooLarge | kFourBytes80, kAnyLow | kTooLarge | kFourBytes80), // _E, _F
      low_nibbles(prev1));
  const V by_high = _mm256_shuffle_epi8(
      table(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,  // 0_ .. 7_
            kConts | kOverlong3 | kFourBytes80,                                                      // 8_
            kConts | kOverlong3 | kTooLarge,                                                         // 9_
            kConts | kTooLarge | kSurrogate, kConts | kTooLarge | kSurrogate,                        // A_, B_
            kTooShort, kTooShort, kTooShort, kTooShort),                                             // C_ .. F_
      high_nibbles(input));
  const V pair_errors = _mm256_and_si256(_mm256_and_si256(by_prev_high, by_prev_low), by_high);
  // A byte two back at E0 or above, or three back at F0 or above, makes this one a 3rd or 4th
  // byte: it must be 80..BF after 80..BF, which is exactly when kTwoConts is set. (Saturating
  // subtraction puts the high bit on those bytes only.)
  const V third = _mm256_subs_epu8(bytes_back<2>(input, before), splat(0xE0 - 0x80));
  const V fourth = _mm256_subs_epu8(bytes_back<3>(input, before), splat(0xF0 - 0x80));
  const V must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), splat(0x80));
  return _mm256_xor_si256(pair_errors, must_continue);
}

// Non-zero when the block ends inside a character: a lead in its last byte, a 3- or 4-byte
// lead in the one before, a 4-byte lead in the one before that.
PYOS_AVX2 inline V ends_incomplete(V block) {
  const V limits = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                    -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                                    static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
  return _mm256_subs_epu8(block, limits);
}

PYOS_AVX2 inline bool any(V v) { return !_mm256_testz_si256(v, v); }

// Bytes of the block that are not continuation bytes (as signed bytes those are >= -64).
PYOS_AVX2 inline std::size_t code_points(V block) {
  const auto continuation = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpgt_epi8(splat(0xC0), block)));
  return kBlock - static_cast<std::size_t>(_mm_popcnt_u32(continuation));
}

// Where the character holding byte i starts, when the vector pass found [0, i) free of errors
// (whole characters, maybe followed by the first bytes of one that goes on past i).
std::size_t character_start(const char* p, std::size_t i) noexcept {
  for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
    const std::uint8_t b = byte_at(p, i - back);
    if ((b & 0xC0) == 0x80) continue;
    const std::size_t length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    return length > back ? i - back : i;
  }
  return i;
}

// The vector pass flagged the block at i (or, for i == n, the end): the scalar scan takes
// over from the start of the character there. `chars` holds the code points in [0, i).
template <bool Count>
std::size_t finish_scalar(const char* p, std::size_t n, std::size_t i, std::size_t chars, std::size_t* out) noexcept {
  const std::size_t start = character_start(p, i);
  std::size_t rest = 0;
  const std::size_t valid = utf8_scan_scalar<Count>(p + start, n - start, &rest);
  if constexpr (Count) *out = chars - (start < i ? 1 : 0) + rest;
  return start + valid;
}

// Checks one block after `before` and moves on (input becomes `before`); `incomplete` is
// ends_incomplete of the last non-ASCII block, or zero after an ASCII one.
PYOS_AVX2 inline bool accept(V input, V& before, V& incomplete) {
  // An ASCII block only has to close what the block before left open.
  V errors = incomplete;
  if (_mm256_movemask_epi8(input) != 0) {
    errors = block_errors(input, before);
    incomplete = ends_incomplete(input);
  } else {
    incomplete = _mm256_setzero_si256();
  }
  before = input;
  return !any(errors);
}

template <bool Count>
PYOS_AVX2 std::size_t scan(const char* p, std::size_t n, std::size_t* out) noexcept {
  std::size_t i = 0, chars = 0;
  V before = _mm256_setzero_si256();
  V incomplete = before;
  for (; i + kBlock <= n; i += kBlock) {
    const V input = _mm256_loadu_si256(reinterpret_cast<const V*>(p + i));
    if (!accept(input, before, incomplete)) return finish_scalar<Count>(p, n, i, chars, out);
    if constexpr (Count) chars += code_points(input);
  }
  if (i < n && n >= kBlock && !any(incomplete) &&
      _mm256_movemask_epi8(_mm256_loadu_si256(reinterpret_cast<const V*>(p + n - kBlock))) == 0) {
    // An ASCII tail after complete characters (a log line, a line of text): the last 32
    // bytes, overlapping the block before, are all below 0x80.
    if constexpr (Count) *out = chars + (n - i);
    return n;
  }
  if (i < n) {
    // The tail, padded with NULs: a character cut by the end meets a NUL and shows as an error.
    char tail[kBlock] = {};
    __builtin_memcpy(tail, p + i, n - i);
    const V input = _mm256_loadu_si256(reinterpret_cast<const V*>(tail));
    if (!accept(input, before, incomplete)) return finish_scalar<Count>(p, n, i, chars, out);
    if constexpr (Count) chars += code_points(input) - (kBlock - (n - i));
  }
  if (any(incomplete)) return finish_scalar<Count>(p, n, n, chars, out);
  if constexpr (Count) *out = chars;
  return n;
}

// The continuation bytes of [p, p+n): 32 byte counters (one per lane position) gain 1 per
// such byte and are summed (vpsadbw) before they can overflow.
PYOS_AVX2 std::size_t continuation_bytes(const char* p, std::size_t n) noexcept {
  std::size_t total = 0, i = 0;
  const V zero = _mm256_setzero_si256();
  while (i + kBlock <= n) {
    V counts = zero;
    const std::size_t blocks = std::min<std::size_t>((n - i) / kBlock, 255);
    for (std::size_t k = 0; k < blocks; ++k, i += kBlock) {
      const V input = _mm256_loadu_si256(reinterpret_cast<const V*>(p + i));
      counts = _mm256_sub_epi8(counts, _mm256_cmpgt_epi8(splat(0xC0), input));  // -1 per 80..BF
    }
    const V sums = _mm256_sad_epu8(counts, zero);
    total += static_cast<std::size_t>(_mm256_extract_epi64(sums, 0) + _mm256_extract_epi64(sums, 1) +
                                      _mm256_extract_epi64(sums, 2) + _mm256_extract_epi64(sums, 3));
  }
  for (; i < n; ++i) total += (byte_at(p, i) & 0xC0) == 0x80;
  return total;
}

#undef PYOS_AVX2

}  // namespace

std::size_t utf8_valid_prefix_avx2(const char* p, std::size_t n) noexcept { return scan<false>(p, n, nullptr); }

std::size_t count_valid_avx2(const char* p, std::size_t n) noexcept { return n - continuation_bytes(p, n); }

std::size_t utf8_valid_prefix_avx2(const char* p, std::size_t n, std::size_t& chars) noexcept {
  return scan<true>(p, n, &chars);
}

}  // namespace pyos::io::text::simd

#endif  // PYOS_IO_UTF8_AVX2
