// The namereplace error handler against CPython 3.13's codecs.namereplace_errors: golden
// vectors from tools/oracle/gen_io_namereplace.py (single characters, mixed strings over every
// encoding, one-shot and through TextIOWrapper, decoding), and a live comparison over every
// code point 0..0x10FFFF encoded to ascii.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "pyos/io/bytesio.hpp"
#include "pyos/io/codecs.hpp"
#include "pyos/io/textio.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;
using pyos::test::from_hex;

const nlohmann::json& doc() {
  static const nlohmann::json d = pyos::test::golden("io/namereplace.json");
  return d;
}

std::string cp_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::string cp_str(char32_t cp) { return codecs::from_code_points(std::u32string(1, cp)); }

std::string hex_of(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out += digits[u >> 4];
    out += digits[u & 15];
  }
  return out;
}

// What a TextIOWrapper(BytesIO(), encoding, errors='namereplace', newline='') writes.
std::string textio_write(const std::vector<std::string>& pieces, const std::string& encoding) {
  auto b = std::make_shared<io::BytesIO>();
  io::TextIOWrapper f(b, {.encoding = encoding, .errors = "namereplace", .newline = ""});
  for (const auto& p : pieces) f.write(p);
  f.flush();
  return b->getvalue();
}

TEST(NameReplace, GoldenIsUnicode151) { EXPECT_EQ(doc()["unidata_version"].get<std::string>(), "15.1.0"); }

// Every sampled character alone: ascii (the name or the backslash form), latin-1 and cp1252.
TEST(NameReplace, SingleCharacters) {
  const auto& chars = doc()["chars"];
  ASSERT_GT(chars.size(), 18000u);
  for (const auto& row : chars) {
    const auto cp = static_cast<char32_t>(row[0].get<std::uint32_t>());
    const std::string s = cp_str(cp);
    const std::string ascii = row[1].get<std::string>();
    EXPECT_EQ(codecs::encode(s, "ascii", "namereplace"), ascii) << cp_name(cp);
    EXPECT_EQ(codecs::encode(s, "latin-1", "namereplace"), row[2].is_null() ? ascii : from_hex(row[2].get<std::string>()))
        << "latin-1 " << cp_name(cp);
    EXPECT_EQ(codecs::encode(s, "cp1252", "namereplace"), row[3].is_null() ? ascii : from_hex(row[3].get<std::string>()))
        << "cp1252 " << cp_name(cp);
  }
}

// Mixed strings x encodings: str.encode(enc, 'namereplace') and TextIOWrapper writes.
TEST(NameReplace, MixedStringsEncodeAndTextIOWrapper) {
  std::size_t checked = 0, skipped = 0;
  for (const auto& c : pyos::test::golden_cases(doc())) {
    const std::string enc = c["encoding"];
    bool ok = representable(c["text"]);
    for (const auto& p : c["pieces"]) ok = ok && representable(p);
    if (!ok) {
      ++skipped;
      continue;
    }
    const std::string text = T(c["text"]);
    const std::string where = enc + " " + c["text"].dump();
    EXPECT_EQ(hex_of(codecs::encode(text, enc, "namereplace")), c["encode"].get<std::string>()) << where;
    auto encoder = codecs::getincrementalencoder(enc, "namereplace");
    std::string inc;
    for (const auto& p : c["pieces"]) inc += encoder->encode(T(p));
    inc += encoder->encode("", true);
    EXPECT_EQ(hex_of(inc), c["textio"].get<std::string>()) << "incremental " << where;
    std::vector<std::string> pieces;
    for (const auto& p : c["pieces"]) pieces.push_back(T(p));
    EXPECT_EQ(hex_of(textio_write(pieces, enc)), c["textio"].get<std::string>()) << "TextIOWrapper " << where;
    ++checked;
  }
  EXPECT_GT(checked, 600u);
  EXPECT_LT(skipped, 20u);
}

// All sampled characters in one string, written through a TextIOWrapper in pieces.
TEST(NameReplace, BulkTextIOWrapperWrites) {
  std::u32string all;
  for (const auto& row : doc()["chars"]) all.push_back(static_cast<char32_t>(row[0].get<std::uint32_t>()));
  for (const auto& b : doc()["bulk"]) {
    const std::string enc = b["encoding"];
    const auto piece = b["piece"].get<std::size_t>();
    std::vector<std::string> pieces;
    for (std::size_t i = 0; i < all.size(); i += piece) pieces.push_back(codecs::from_code_points(all.substr(i, piece)));
    const std::string out = textio_write(pieces, enc);
    EXPECT_EQ(out.size(), b["len"].get<std::size_t>()) << enc;
    EXPECT_EQ(std::to_string(fnv1a64(out)), b["fnv"].get<std::string>()) << enc;
  }
}

// namereplace is encode-only: decoding succeeds on valid input and raises TypeError on an error.
TEST(NameReplace, DecodingRaisesTypeError) {
  for (const auto& c : doc()["decode_cases"]) {
    const std::string enc = c["encoding"], data = from_hex(c["hex"].get<std::string>());
    const std::string where = enc + " " + c["hex"].get<std::string>();
    std::string got;
    auto err = capture([&] { got = codecs::decode(data, enc, "namereplace"); });
    if (c["result"].contains("ok")) {
      ASSERT_FALSE(err.has_value()) << where << ": " << err->message;
      EXPECT_EQ(got, T(c["result"]["ok"])) << where;
    } else {
      expect_error(c["result"]["error"], err, where);
      auto dec = codecs::getincrementaldecoder(enc, "namereplace");
      expect_error(c["result"]["error"], capture([&] { dec->decode(data, true); }), "incremental " + where);
    }
  }
}

// Live: every code point 0..0x10FFFF (surrogates, unassigned and private use included) in one
// string, encoded to ascii by CPython and by pyos (one-shot and through a TextIOWrapper).
TEST(NameReplaceLive, EveryCodePointToAscii) {
  const auto expected = pyos::test::run_python(R"(
import json, sys
s = "".join(map(chr, range(0x110000)))
print(json.dumps(s.encode("ascii", "namereplace").decode("ascii")))
)")
                            .get<std::string>();
  std::u32string all(0x110000, U'\0');
  for (char32_t cp = 0; cp < 0x110000; ++cp) all[cp] = cp;
  const std::string text = codecs::from_code_points(all);
  ASSERT_EQ(codecs::to_code_points(text), all) << "pyos's str cannot hold the sequence unambiguously";

  auto compare = [&](const std::string& got, const char* how) {
    if (got == expected) return;
    const auto mismatch = std::mismatch(got.begin(), got.end(), expected.begin(), expected.end());
    const auto at = static_cast<std::size_t>(mismatch.first - got.begin());
    const std::size_t from = at < 120 ? 0 : at - 120;
    ADD_FAILURE() << how << ": sizes " << got.size() << " vs CPython " << expected.size() << ", first difference at byte "
                  << at << "\n  pyos:    ..." << got.substr(from, 240) << "\n  CPython: ..." << expected.substr(from, 240);
  };
  compare(codecs::encode(text, "ascii", "namereplace"), "str.encode");
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < all.size(); i += 65536) pieces.push_back(codecs::from_code_points(all.substr(i, 65536)));
  compare(textio_write(pieces, "ascii"), "TextIOWrapper");
}

}  // namespace
