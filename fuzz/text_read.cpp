// File: fuzz/text_read.cpp
//
// Target text_read: TextIOWrapper reading hostile bytes, with every encoding and newline
// mode, over a BytesIO or over a BufferedReader whose raw stream returns short reads, through
// a script of read(n), readline(n), readlines, iteration, tell() and seek(cookie). Input:
// encoding, error handler, newline mode, stream shape (buffer size and raw read size), up
// to 24 operations of two bytes each, then the bytes of the stream. The reference is T,
// what read() of a fresh wrapper over the same bytes returns. Properties:
// - every result continues T where the last one stopped: nothing lost, repeated or changed,
//   whatever the chunk boundaries;
// - read(n) returns min(n, characters left) characters; readline(n) returns T's next line
//   (cut at n characters) by the newline mode's rule;
// - seek(cookie) of an earlier tell() goes back to exactly where that tell() was;
// - only pyos exceptions come out; after one, the script stops (CPython's state after a
//   decoding error is checked by the golden scripts of gen_io_text.py instead).
// Not checked: text that may hold a lone surrogate U+DC80..U+DCFF (surrogatepass decoding
// one), which pyos holds as a raw byte that can spell UTF-8 with its neighbours, so counts
// of characters depend on where the chunks ended (docs/io.md "Str representation").
// The exact results — cookies' integers, error messages, the texts where T itself fails —
// are compared with CPython over the corpus (tests/io/text/fuzz_corpus_live_test.cpp).
#include <string>

#include "pyos/io/codecs.hpp"
#include "text_case.hpp"

namespace {

using pyos::fuzz::Outcome;
using pyos::fuzz::outcome_of;
using pyos::fuzz::show;
using pyos::fuzz::TextCase;

// Where T's line starting at `p` ends, by the newline mode's rule (T is already translated
// for newline=None, so '\n' ends its lines).
std::size_t line_end(const std::string& t, std::size_t p, const std::optional<std::string>& newline) {
  if (!newline || *newline == "\n") {
    const std::size_t nl = t.find('\n', p);
    return nl == std::string::npos ? t.size() : nl + 1;
  }
  if (newline->empty()) {
    const std::size_t nl = t.find_first_of("\r\n", p);
    if (nl == std::string::npos) return t.size();
    return t[nl] == '\r' && nl + 1 < t.size() && t[nl + 1] == '\n' ? nl + 2 : nl + 1;
  }
  const std::size_t nl = t.find(*newline, p);
  return nl == std::string::npos ? t.size() : nl + newline->size();
}

// The first n characters (code points) of `text` (all of it for n < 0).
std::string_view first_chars(std::string_view text, std::int64_t n) {
  if (n < 0) return text;
  return text.substr(0, pyos::codecs::str_offset(text, static_cast<std::size_t>(n)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const TextCase c = TextCase::parse(data, size);
  const std::vector<TextCase::Step> steps = c.run();  // only pyos exceptions (outcome_of)

  const Outcome whole = outcome_of([&](std::string& out) { out = c.open()->read(); });
  if (whole.raised) return 0;  // undecodable with this handler: the script may only raise
  if (c.may_hold_escaped_surrogates()) return 0;
  const std::string& t = whole.out;

  std::size_t p = 0;  // where in T the stream is
  std::vector<std::size_t> kept;  // where each kept cookie was taken
  const auto at = [&] { return c.describe() + " at " + std::to_string(p) + " of '" + show(t) + "'"; };
  // A result must be T's text from p on; p moves past it.
  const auto advance = [&](const std::string& got, std::string_view expected, const char* op) {
    FUZZ_CHECK(got == expected, std::string(op) + " gave '" + show(got) + "', expected '" + show(expected) + "' " + at());
    p += got.size();
  };
  const auto line_at = [&] { return std::string_view(t).substr(p, line_end(t, p, c.newline) - p); };
  for (const TextCase::Step& s : steps) {
    if (s.outcome.raised) {
      if (s.op == TextCase::kTell) continue;  // off while lines are iterated
      break;
    }
    const std::int64_t n = TextCase::size_of(s.arg);
    switch (s.op) {
      case TextCase::kRead: advance(s.outcome.out, first_chars(std::string_view(t).substr(p), n), "read"); break;
      case TextCase::kReadline: advance(s.outcome.out, first_chars(line_at(), n), "readline"); break;
      case TextCase::kTell:
        if (kept.size() < 8) kept.push_back(p);
        break;
      case TextCase::kSeekCookie: p = kept.at(s.target); break;
      case TextCase::kNext: advance(s.outcome.out, line_at(), "next"); break;
      case TextCase::kReadlines:
        for (const std::string& line : s.lines) advance(line, line_at(), "readlines");
        break;
      default: p = t.size(); break;
    }
  }
  return 0;
}
