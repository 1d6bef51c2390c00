// repr() and the surrogateescape decoding behind it, against CPython.
#include "_core/text.hpp"

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

}  // namespace
}  // namespace pyos::_core
