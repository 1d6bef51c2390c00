// Codecs against CPython: lookup, decode/encode tables for every encoding x error handler,
// one-shot, incremental in one call, and byte by byte (with the decoder state).
#include <gtest/gtest.h>

#include "pyos/exceptions.hpp"
#include "pyos/io/codecs.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;
using pyos::test::from_hex;

TEST(Codecs, LookupAsCPython) {
  const auto doc = pyos::test::golden("io/text_codecs.json");
  for (const auto& c : doc["lookups"]) {
    const std::string name = c["name"];
    SCOPED_TRACE(name);
    if (c.contains("codec")) {
      EXPECT_EQ(codecs::lookup(name), c["codec"].get<std::string>()) << name;
    } else {
      EXPECT_RAISES_MSG(codecs::lookup(name), LookupError, c["error"].get<std::string>());
    }
  }
}

void check_result(const nlohmann::json& expected, const std::function<std::string()>& f, const std::string& where) {
  std::string got;
  auto err = capture([&] { got = f(); });
  if (expected.contains("ok")) {
    ASSERT_FALSE(err.has_value()) << where << ": raised " << err->type << ": " << err->message;
    EXPECT_EQ(got, T(expected["ok"])) << where;
  } else {
    expect_error(expected["error"], err, where);
  }
}

// The same for an encoder's bytes (hex in the table); true when the expected result is an error.
bool check_bytes_result(const nlohmann::json& expected, const std::function<std::string()>& f, const std::string& where) {
  std::string got;
  auto err = capture([&] { got = f(); });
  if (!expected.contains("ok")) {
    expect_error(expected["error"], err, where);
    return true;
  }
  EXPECT_FALSE(err.has_value()) << where << ": raised " << err->message;
  if (!err.has_value()) {
    EXPECT_EQ(got, from_hex(expected["ok"].get<std::string>())) << where;
  }
  return false;
}

TEST(Codecs, DecodeTable) {
  const auto doc = pyos::test::golden("io/text_codecs.json");
  std::size_t n = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    const std::string enc = c["encoding"], errors = c["errors"];
    const std::string data = from_hex(c["hex"].get<std::string>());
    const std::string where = enc + "/" + errors + " " + c["hex"].get<std::string>();
    check_result(c["whole"], [&] { return codecs::getincrementaldecoder(enc, errors)->decode(data, true); }, "whole " + where);
    check_result(c.contains("oneshot") ? c["oneshot"] : c["whole"], [&] { return codecs::decode(data, enc, errors); },
                 "oneshot " + where);
    // Byte by byte.
    const auto& bw = c["bytewise"];
    auto dec = codecs::getincrementaldecoder(enc, errors);
    std::string text;
    codecs::IncrementalDecoder::State state;
    auto err = capture([&] {
      for (char b : data) text += dec->decode(std::string_view(&b, 1));
      state = dec->getstate();
      text += dec->decode("", true);
    });
    if (bw.contains("error")) {
      ASSERT_TRUE(err.has_value()) << "bytewise " << where;
      EXPECT_EQ(err->type, bw["error"]["type"].get<std::string>()) << "bytewise " << where;
    } else {
      ASSERT_FALSE(err.has_value()) << "bytewise " << where << ": " << err->message;
      EXPECT_EQ(text, T(bw.contains("ok") && bw["ok"].contains("text") ? bw["ok"]["text"] : c["whole"]["ok"]))
          << "bytewise " << where;
      EXPECT_EQ(state.buffer, from_hex(bw["ok"]["state_hex"].get<std::string>())) << "bytewise " << where;
      EXPECT_EQ(state.flag, bw["ok"]["state_flag"].get<std::uint64_t>()) << "bytewise " << where;
    }
    ++n;
  }
  EXPECT_GT(n, 1000u);
}

TEST(Codecs, EncodeTable) {
  const auto doc = pyos::test::golden("io/text_codecs.json");
  std::size_t n = 0, skipped = 0;
  for (const auto& c : doc["encode_cases"]) {
    if (!representable(c["text"])) {
      ++skipped;
      continue;
    }
    const std::string enc = c["encoding"], errors = c["errors"];
    const std::string text = T(c["text"]);
    const std::string where = enc + "/" + errors + " " + c["text"].dump();
    check_bytes_result(c["result"], [&] { return codecs::encode(text, enc, errors); }, where);
    ++n;
  }
  EXPECT_GT(n, 1000u);
  EXPECT_LT(skipped, n / 10);
}

// Incremental encoders over several calls (tools/oracle/gen_io_text.py): each call's bytes or
// error and getstate() after it.
TEST(Codecs, IncrementalEncoderSequences) {
  const auto doc = pyos::test::golden("io/text_codecs.json");
  std::size_t calls = 0, errors = 0;
  for (const auto& c : doc["encoder_sequences"]) {
    const std::string enc = c["encoding"], handler = c["errors"];
    auto e = codecs::getincrementalencoder(enc, handler);
    std::size_t k = 0;
    for (const auto& call : c["calls"]) {
      const std::string op = call["op"];
      const std::string where = enc + "/" + handler + " call " + std::to_string(k++) + " " + op;
      if (op == "encode") {
        const std::string text = T(call["text"]);
        if (check_bytes_result(call["result"], [&] { return e->encode(text); }, where)) ++errors;
      } else if (op == "reset") {
        e->reset();
      } else {
        e->setstate(0);
      }
      EXPECT_EQ(e->getstate(), call["state"].get<std::int64_t>()) << where;
      ++calls;
    }
  }
  EXPECT_GT(calls, 1500u);
  EXPECT_GT(errors, 100u);
}

TEST(Codecs, UnknownErrorHandlerIsLazy) {
  auto enc = codecs::getincrementalencoder("ascii", "nope");
  EXPECT_EQ(enc->encode("abc"), "abc");
  EXPECT_RAISES_MSG(enc->encode("\xc3\xa9"), LookupError, "unknown error handler name 'nope'");
  EXPECT_RAISES_MSG(codecs::getincrementaldecoder("klingon"), LookupError, "unknown encoding: klingon");
}

TEST(Codecs, StrLenCountsCodePoints) {
  EXPECT_EQ(codecs::str_len("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), 4u);
  EXPECT_EQ(codecs::str_len("\xff\xc3"), 2u);  // surrogateescape bytes: one each
  EXPECT_EQ(codecs::str_len("\xed\xa0\x80"), 1u);
  EXPECT_EQ(codecs::str_offset("a\xc3\xa9z", 2), 3u);
}

}  // namespace
