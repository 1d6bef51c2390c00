// The AVX2 UTF-8 validator (src/io/text_utf8_avx2.cpp) against the scalar scan it stands in
// for: the valid prefix and its code points must be the same for every input. The vector
// code sees 32-byte blocks and looks up to three bytes back across block edges, so every
// pattern is tried at every offset of inputs of 32 to 100 bytes (straddling each edge, cut
// by the end), every lead byte with interesting follow-ups at each edge, and random input.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "io/text_unicode.hpp"
#include "support/pyos_test.hpp"

namespace {
namespace text = pyos::io::text;

using pyos::test::hex;

#if PYOS_IO_UTF8_AVX2
bool vector_available() { return text::simd::kUtf8Avx2; }

// Vector and scalar agree on [p, p+n): the valid prefix, and its code points.
::testing::AssertionResult same_answer(const char* p, std::size_t n) {
  std::size_t scalar_chars = 0, vector_chars = 0;
  const std::size_t scalar = text::utf8_scan_scalar<true>(p, n, &scalar_chars);
  const std::size_t vector = text::simd::utf8_valid_prefix_avx2(p, n, vector_chars);
  const std::size_t plain = text::simd::utf8_valid_prefix_avx2(p, n);
  if (scalar == vector && scalar == plain && scalar_chars == vector_chars) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << hex(std::string_view(p, n)) << ": scalar " << scalar << " ("
                                       << scalar_chars << " chars), vector " << vector << " (" << vector_chars
                                       << " chars), without count " << plain;
}
#else
bool vector_available() { return false; }
::testing::AssertionResult same_answer(const char*, std::size_t) { return ::testing::AssertionSuccess(); }
#endif

// Valid characters at the edges of each length and range, and the ill-formed sequences of
// each kind: overlongs, surrogates, above U+10FFFF, bytes that never occur, stray and
// missing continuation bytes.
const std::vector<std::string>& patterns() {
  static const std::vector<std::string> all = {
      // valid
      "\x7f", "\xc2\x80", "\xc3\xa9", "\xdf\xbf", "\xe0\xa0\x80", "\xe2\x82\xac", "\xec\xbf\xbf", "\xed\x80\x80",
      "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80", "\xf1\x80\x80\x80",
      "\xf3\xbf\xbf\xbf", "\xf4\x80\x80\x80", "\xf4\x8f\xbf\xbf", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
      // overlong
      "\xc0\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
      // surrogates
      "\xed\xa0\x80", "\xed\xad\xbf", "\xed\xb0\x80", "\xed\xbf\xbf", "\xed\xa0\x80\xed\xb0\x80",
      // above U+10FFFF, and lead bytes that do not exist
      "\xf4\x90\x80\x80", "\xf4\xbf\xbf\xbf", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
      "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff", "\xf5", "\xff\x80",
      // stray continuation bytes, missing ones, a new lead too early
      "\x80", "\xbf", "\xc3\xa9\x80", "\xe2\x82\xac\xbf", "\xf0\x9f\x98\x80\x80", "\xc3", "\xe2\x82", "\xe2",
      "\xf0\x9f\x98", "\xf0\x9f", "\xf0", "\xc3\x41", "\xe2\x41\x82", "\xe2\x82\x41", "\xf0\x9f\x41\x80",
      "\xf0\x9f\x98\x41", "\xc3\xc3\xa9", "\xe2\xe2\x82\xac", "\xf0\xf0\x9f\x98\x80"};
  return all;
}

// Inputs of `size` bytes: `pattern` at `offset` in ASCII, or after a run of 2-byte characters
// (so that the bytes before it are multibyte too).
std::string embed(const std::string& pattern, std::size_t offset, std::size_t size, bool multibyte_before) {
  std::string s;
  while (multibyte_before && s.size() + 2 <= offset) s += "\xc3\xa9";
  s.resize(offset, 'a');
  s += pattern;
  s.resize(std::max(s.size(), size), 'b');
  return s;
}

TEST(TextUtf8Vector, EveryPatternAtEveryOffset) {
  if (!vector_available()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::size_t cases = 0;
  for (const std::string& pattern : patterns()) {
    for (std::size_t size : {32u, 33u, 48u, 63u, 64u, 65u, 96u, 100u}) {
      for (std::size_t offset = 0; offset + pattern.size() <= size; ++offset) {
        for (bool multibyte : {false, true}) {
          const std::string s = embed(pattern, offset, size, multibyte);
          // The whole input, and the input cut at each byte of the pattern and after it.
          ASSERT_TRUE(same_answer(s.data(), s.size()));
          for (std::size_t cut = offset; cut <= offset + pattern.size() && cut <= s.size(); ++cut) {
            ASSERT_TRUE(same_answer(s.data(), cut));
          }
          // Two copies, the second in the next block.
          const std::string twice = s + s;
          ASSERT_TRUE(same_answer(twice.data(), twice.size()));
          cases += 3 + pattern.size();
        }
      }
    }
  }
  EXPECT_GT(cases, 100000u);
}

TEST(TextUtf8Vector, EveryLeadAtEachBlockEdge) {
  if (!vector_available()) GTEST_SKIP() << "no AVX2 on this CPU";
  // Every first byte, then three bytes from the values where the rules change.
  static constexpr unsigned char follow[] = {0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
                                             0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5};
  std::string s(68, 'a');
  for (int lead = 0; lead < 256; ++lead) {
    for (unsigned char b1 : follow) {
      for (unsigned char b2 : follow) {
        for (unsigned char b3 : follow) {
          // Straddling the edges at 32 and 64 in every way (64 starts the padded tail).
          for (std::size_t at : {29u, 30u, 31u, 32u, 61u, 62u, 63u, 64u}) {
            std::fill(s.begin(), s.end(), 'a');
            s[at] = static_cast<char>(lead);
            s[at + 1] = static_cast<char>(b1);
            s[at + 2] = static_cast<char>(b2);
            s[at + 3] = static_cast<char>(b3);
            ASSERT_TRUE(same_answer(s.data(), s.size()));
            // Cut by the end of the input, which falls on the block edge at 64.
            if (at == 61) {
              for (std::size_t cut : {62u, 63u, 64u}) ASSERT_TRUE(same_answer(s.data(), cut));
            }
          }
        }
      }
    }
  }
}

TEST(TextUtf8Vector, RandomInput) {
  if (!vector_available()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255), length(32, 300), coin(0, 9);
  std::uniform_int_distribution<std::size_t> pick(0, patterns().size() - 1);
  for (int round = 0; round < 40000; ++round) {
    std::string s;
    const auto size = static_cast<std::size_t>(length(rng));
    // Mostly valid characters with ASCII between them; a random byte now and then.
    while (s.size() < size) {
      const int c = coin(rng);
      if (c < 5) {
        s.push_back(static_cast<char>('a' + c));
      } else if (c < 9) {
        const std::string& p = patterns()[pick(rng) % 18];  // the valid ones
        s += p;
      } else if (round % 4 == 0) {
        s.push_back(static_cast<char>(byte(rng)));
      } else {
        s += patterns()[pick(rng)];
      }
    }
    ASSERT_TRUE(same_answer(s.data(), s.size()));
    ASSERT_TRUE(same_answer(s.data() + 1, s.size() - 1));
  }
  // Long inputs: many blocks, the error late or absent.
  std::string big;
  while (big.size() < 9000) big += patterns()[pick(rng) % 18] + "xyz";
  ASSERT_TRUE(same_answer(big.data(), big.size()));
  big[8000] = '\x80';
  ASSERT_TRUE(same_answer(big.data(), big.size()));
}

}  // namespace
