// File: fuzz/text_write.cpp
//
// Target text_write: TextIOWrapper writing hostile text (any bytes as a pyos str: invalid
// UTF-8 is lone surrogates) with every encoding, error handler and newline mode, with
// line_buffering and write_through, over a BytesIO: scripts of write(), flush() and tell().
// Properties:
// - only pyos exceptions come out;
// - write() returns len(text) in characters (or raises);
// - what reached the BytesIO only grows by appending (nothing rewritten), and after a
//   flush() every write so far is there: the bytes stay after the next write or flush;
// - write_through and line_buffering only move bytes earlier: a script's final bytes are
//   the same with and without them.
// The exact bytes, return values, cookies and error messages are compared with CPython over
// the corpus (tests/io/text/fuzz_corpus_live_test.cpp).
#include <string>

#include "pyos/io/codecs.hpp"
#include "text_write_case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pyos::fuzz::TextWriteCase;
  using pyos::fuzz::show;
  const TextWriteCase c = TextWriteCase::parse(data, size);
  const std::vector<TextWriteCase::Step> steps = c.run();
  std::string before;
  bool failed = false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const TextWriteCase::Step& s = steps[i];
    FUZZ_CHECK(s.stored.starts_with(before), c.describe() + ": step " + std::to_string(i) + " rewrote '" +
                                                 show(before) + "' as '" + show(s.stored) + "'");
    before = s.stored;
    if (s.outcome.raised) {
      failed = true;
      continue;
    }
    if (s.op == TextWriteCase::kWrite && i < c.ops.size()) {
      const std::string expected = std::to_string(pyos::codecs::str_len(c.ops[i].second));
      FUZZ_CHECK(s.outcome.out == expected, c.describe() + ": write returned " + s.outcome.out + ", not " + expected);
    }
  }
  if (!failed) {
    TextWriteCase plain = c;
    plain.line_buffering = plain.write_through = false;
    const std::vector<TextWriteCase::Step> other = plain.run();
    FUZZ_CHECK(other.back().stored == steps.back().stored,
               c.describe() + ": '" + show(steps.back().stored) + "' but without line_buffering/write_through '" +
                   show(other.back().stored) + "'");
  }
  return 0;
}
