// IncrementalNewlineDecoder against CPython: whole input, one byte per call (outputs and
// states), every split into two and three chunks (the output must not depend on chunking).
#include <gtest/gtest.h>

#include "pyos/io/newline.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;
using pyos::test::from_hex;

std::optional<std::vector<std::string>> newlines_of(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) return std::vector<std::string>{j.get<std::string>()};
  return j.get<std::vector<std::string>>();
}

io::IncrementalNewlineDecoder make(const nlohmann::json& c) {
  std::unique_ptr<codecs::IncrementalDecoder> dec;
  if (!c["encoding"].is_null()) dec = codecs::getincrementaldecoder(c["encoding"].get<std::string>());
  return io::IncrementalNewlineDecoder(std::move(dec), c["translate"].get<bool>());
}

TEST(IncrementalNewlineDecoder, GoldenAtEveryBoundary) {
  const auto doc = pyos::test::golden("io/text_newline.json");
  std::size_t splits = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    if (c["encoding"].is_null()) {
      auto d = make(c);
      const std::string text = T(c["text"]);
      std::size_t k = 0, pos = 0;
      while (pos < text.size()) {
        const std::size_t next = pos + codecs::str_offset(std::string_view(text).substr(pos), 1);
        EXPECT_EQ(d.decode(std::string_view(text).substr(pos, next - pos)), T(c["parts"][k])) << c.dump();
        pos = next;
        ++k;
      }
      EXPECT_EQ(d.decode("", true), T(c["parts"][k]));
      EXPECT_EQ(d.newlines(), newlines_of(c["newlines"])) << c.dump();
      continue;
    }
    const std::string data = from_hex(c["hex"].get<std::string>());
    const std::string whole = T(c["whole"]);
    const std::string where = c["encoding"].get<std::string>() + (c["translate"].get<bool>() ? " translate " : " ") +
                              c["hex"].get<std::string>();
    {
      auto d = make(c);
      EXPECT_EQ(d.decode(data, true), whole) << where;
      EXPECT_EQ(d.newlines(), newlines_of(c["newlines"])) << where;
    }
    {
      auto d = make(c);
      for (std::size_t i = 0; i < data.size(); ++i) {
        const auto& step = c["steps"][i];
        EXPECT_EQ(d.decode(data.substr(i, 1)), T(step["out"])) << where << " byte " << i;
        const auto st = d.getstate();
        EXPECT_EQ(st.buffer, from_hex(step["state_hex"].get<std::string>())) << where << " byte " << i;
        EXPECT_EQ(st.flag, step["flag"].get<std::uint64_t>()) << where << " byte " << i;
      }
      EXPECT_EQ(d.decode("", true), T(c["last"])) << where;
      EXPECT_EQ(d.newlines(), newlines_of(c["newlines_bytewise"])) << where;
    }
    // Every split into three chunks (i <= j): same output, and state round-trips.
    for (std::size_t i = 0; i <= data.size(); ++i) {
      for (std::size_t j = i; j <= data.size(); ++j) {
        auto d = make(c);
        std::string out = d.decode(data.substr(0, i));
        auto saved = d.getstate();
        auto d2 = make(c);
        d2.setstate(saved);
        out += d2.decode(data.substr(i, j - i));
        out += d2.decode(data.substr(j), true);
        ASSERT_EQ(out, whole) << where << " split " << i << "," << j;
        ++splits;
      }
    }
  }
  EXPECT_GT(splits, 10000u);
}

TEST(IncrementalNewlineDecoder, ResetForgetsPendingCrAndNewlines) {
  io::IncrementalNewlineDecoder d(nullptr, true);
  EXPECT_EQ(d.decode("a\r"), "a");
  EXPECT_EQ(d.getstate().flag, 1u);
  d.reset();
  EXPECT_EQ(d.getstate().flag, 0u);
  EXPECT_EQ(d.newlines(), std::nullopt);
  EXPECT_EQ(d.decode("\n", true), "\n");
}

}  // namespace
