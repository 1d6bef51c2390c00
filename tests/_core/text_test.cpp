// repr() and the surrogateescape decoding behind it, against CPython.
#include "_core/text.hpp"

#include "_core/append.hpp"
#include "support/pyos_test.hpp"

namespace pyos::_core {
namespace {

TEST(ReprGolden, StrMatchesCPython) {
  const auto doc = test::golden("core/repr.json");
  std::size_t mismatches = 0;
  for (const auto& c : test::golden_cases(doc)) {
    const std::string raw = test::from_hex(c.at("hex").get<std::string>());
    const std::string got = repr_str(raw);
    if (got != c.at("repr").get<std::string>()) {
      if (++mismatches <= 20) ADD_FAILURE() << c.dump() << " got " << got;
    }
  }
  EXPECT_EQ(mismatches, 0U);
}

TEST(ReprGolden, BytesMatchesCPython) {
  const auto doc = test::golden("core/repr.json");
  const auto& cases = doc.at("bytes_cases");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    const std::string raw = test::from_hex(c.at("hex").get<std::string>());
    EXPECT_EQ(repr_bytes(raw), c.at("repr").get<std::string>()) << c.dump();
  }
}

TEST(Text, DecodeSurrogateEscape) {
  EXPECT_EQ(decode_surrogateescape("a\xc3\xa9"), U"a\u00e9");
  EXPECT_EQ(decode_surrogateescape("\xff"), std::u32string(1, char32_t{0xDCFF}));
  // An encoded surrogate is not valid UTF-8: each byte escapes on its own.
  EXPECT_EQ(decode_surrogateescape("\xed\xa0\x80"),
            (std::u32string{char32_t{0xDCED}, char32_t{0xDCA0}, char32_t{0xDC80}}));
}

TEST(Text, AppendUtf8RoundTrips) {
  for (char32_t cp : {U'\0', U'a', char32_t{0x7FF}, char32_t{0x800}, char32_t{0xFFFF},
                      char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string s;
    append_utf8(s, cp);
    std::size_t pos = 0;
    EXPECT_EQ(decode_code_point(s, pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

// put(p, s, n) is memcpy(p, s, n) returning p + n, whatever path a length takes (1-3, 4-7,
// 8-16, 17-64 in overlapping pieces, above 64 memcpy): every length to 130 at four source
// and destination offsets, with the bytes around the destination left alone.
TEST(Put, CopiesEveryLengthAndNothingElse) {
  std::string source(140, '\0');
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<char>('A' + i % 57);
  for (std::size_t n = 0; n <= 130; ++n) {
    for (std::size_t from = 0; from < 4; ++from) {
      for (std::size_t to = 0; to < 4; ++to) {
        std::string dest(to + n + 8, '#');
        char* end = put(dest.data() + to, source.data() + from, n);
        EXPECT_EQ(end, dest.data() + to + n);
        const std::string want = std::string(to, '#') + source.substr(from, n) + std::string(8, '#');
        EXPECT_EQ(dest, want) << "n=" << n << " from=" << from << " to=" << to;
      }
    }
  }
}

// put_padded(p, s, n) gives what put gives for the n bytes (a block copy up to kPutSlack,
// memcpy above), touching nothing before p and nothing past the kPutSlack bytes of room
// after p + n (which it may overwrite: the caller's bound counts them).
TEST(Put, PaddedCopiesEveryLengthWithinItsRoom) {
  std::string source(140 + kPutSlack, '\0');
  for (std::size_t i = 0; i < 140; ++i) source[i] = static_cast<char>('A' + i % 57);
  for (std::size_t n = 0; n <= 130; ++n) {
    for (std::size_t from = 0; from < 4; ++from) {
      std::string dest(4 + n + kPutSlack + 8, '#');
      char* end = put_padded(dest.data() + 4, source.data() + from, n);
      EXPECT_EQ(end, dest.data() + 4 + n);
      EXPECT_EQ(dest.substr(0, 4), "####");
      EXPECT_EQ(dest.substr(4, n), source.substr(from, n)) << "n=" << n << " from=" << from;
      EXPECT_EQ(dest.substr(4 + n + kPutSlack), "########") << "n=" << n;
    }
  }
}

}  // namespace
}  // namespace pyos::_core
