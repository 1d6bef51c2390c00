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
//   the same with and without them;
// - write_and_flush(text) (a pyos extension, logging's write) is write(text) then flush():
//   over a BufferedWriter (of the size the flags byte picks) on a raw stream that takes at
//   most a few bytes a call when the flags byte says so, each write of the script made with
//   a flush either way leaves the same bytes in raw and the same exceptions.
// The exact bytes, return values, cookies and error messages are compared with CPython over
// the corpus (tests/io/text/fuzz_corpus_live_test.cpp).
#include <algorithm>
#include <memory>
#include <span>
#include <string>

#include "pyos/io/buffered.hpp"
#include "pyos/io/codecs.hpp"
#include "text_write_case.hpp"

namespace {

namespace io = pyos::io;
using pyos::fuzz::TextWriteCase;

// A raw stream that keeps what it is given, taking at most `chunk` bytes a call (0: all).
class MemoryRaw final : public io::RawIOBase {
 public:
  explicit MemoryRaw(std::size_t chunk) : chunk_(chunk) {}
  bool writable() const override { return true; }
  std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
    const std::size_t n = chunk_ == 0 ? b.size() : std::min(b.size(), chunk_);
    data.append(reinterpret_cast<const char*>(b.data()), n);
    return n;
  }
  std::string data;

 private:
  std::size_t chunk_;
};

// The script's writes, each followed by a flush: by write_and_flush() (`together`) or by
// write() and flush(). Each step's outcome and raw's bytes after it; stops at an exception.
std::string run_flushed_writes(const TextWriteCase& c, bool together) {
  auto raw = std::make_shared<MemoryRaw>(c.raw_chunk);
  auto buffered = std::make_shared<io::BufferedWriter>(raw, c.small_buffer ? 16 : io::DEFAULT_BUFFER_SIZE);
  io::TextIOWrapper f(buffered, io::TextIOWrapperOptions{c.encoding, c.errors, c.newline, c.line_buffering,
                                                         c.write_through});
  std::string log;
  for (const auto& [op, text] : c.ops) {
    if (op != TextWriteCase::kWrite) continue;
    const pyos::fuzz::Outcome o = pyos::fuzz::outcome_of([&](std::string&) {
      if (together) {
        f.write_and_flush(text);
      } else {
        f.write(text);
        f.flush();
      }
    });
    log += o.describe() + " -> '" + pyos::fuzz::show(raw->data) + "'\n";
    if (o.raised) break;
  }
  return log;
}

}  // namespace

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
  const std::string together = run_flushed_writes(c, true);
  const std::string apart = run_flushed_writes(c, false);
  FUZZ_CHECK(together == apart, c.describe() + ": write_and_flush gave\n" + together + "write then flush gave\n" + apart);
  return 0;
}
