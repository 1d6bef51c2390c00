// File: fuzz/text_write_case.hpp
//
// One run of the text_write target, shared by the target (text_write.cpp) and the live
// comparison of its corpus with CPython (tests/io/text/fuzz_corpus_live_test.cpp, through
// tools/oracle/fuzz_cases.py): the input's parse, and the script's steps as pyos runs them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "io_choices.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/textio.hpp"

namespace pyos::fuzz {

struct TextWriteCase {

  enum Op : unsigned { kWrite, kFlush, kTell, kOps };

  const char* encoding;
  const char* errors;
  std::optional<std::string> newline;  // None ("\n" written as is on POSIX), "", "\n", "\r", "\r\n"
  bool line_buffering = false;
  bool write_through = false;
  // For the write_and_flush property only (text_write.cpp): the raw stream's most bytes a
  // call (0: all) and a 16-byte BufferedWriter instead of the default size.
  std::size_t raw_chunk = 0;
  bool small_buffer = false;
  std::vector<std::pair<unsigned, std::string>> ops;  // (op, text for a write)

  // Input: encoding, handler, newline mode, a flags byte (line_buffering, write_through, the
  // raw chunk and buffer size of the write_and_flush property),
  // a count of operations (up to 24), then for each an op byte and, for a write, its text
  // (a length-prefixed piece: pyos str bytes, possibly invalid UTF-8).
  static TextWriteCase parse(const std::uint8_t* data, std::size_t size) {
    static const std::optional<std::string> kNewlines[] = {std::nullopt, "", "\n", "\r", "\r\n"};
    FuzzInput in(data, size);
    TextWriteCase c{kEncodings[in.below(std::size(kEncodings))], kErrorHandlers[in.below(std::size(kErrorHandlers))],
                    kNewlines[in.below(std::size(kNewlines))]};
    const unsigned flags = in.byte();
    c.line_buffering = (flags & 1u) != 0;
    c.write_through = (flags & 2u) != 0;
    c.raw_chunk = (flags >> 2) & 7u;
    c.small_buffer = (flags & 32u) != 0;
    c.ops.resize(in.below(25));
    for (auto& [op, text] : c.ops) {
      op = in.byte() % kOps;
      if (op == kWrite) text = std::string(in.piece());
    }
    return c;
  }

  std::string describe() const {
    std::string s = std::string(encoding) + "/" + errors + " newline=" +
                    (newline ? "'" + show(*newline) + "'" : "None") + (line_buffering ? " line_buffering" : "") +
                    (write_through ? " write_through" : "") + " ops";
    for (const auto& [op, text] : ops) s += op == kWrite ? " w'" + show(text) + "'" : op == kFlush ? " flush" : " tell";
    return s;
  }

  struct Step {
    unsigned op = 0;
    Outcome outcome;     // write: its return value in decimal; tell: the cookie's integer
    std::string stored;  // the BytesIO's bytes after the step
  };

  // Over a BytesIO: each step's outcome and what the BytesIO then holds (what reached the
  // buffer: line_buffering and write_through decide when). Stops after the first exception.
  std::vector<Step> run() const {
    auto bytes = std::make_shared<io::BytesIO>();
    io::TextIOWrapper f(bytes, io::TextIOWrapperOptions{encoding, errors, newline, line_buffering, write_through});
    std::vector<Step> steps;
    for (const auto& [op, text] : ops) {
      Step s{op, {}, {}};
      switch (op) {
        case kWrite: s.outcome = outcome_of([&](std::string& out) { out = std::to_string(f.write(text)); }); break;
        case kFlush: s.outcome = outcome_of([&](std::string&) { f.flush(); }); break;
        default: s.outcome = outcome_of([&](std::string& out) { out = f.tell().str(); }); break;
      }
      s.stored = bytes->getvalue();
      steps.push_back(std::move(s));
      if (steps.back().outcome.raised) break;
    }
    // The end: flush() and the bytes, as a last step.
    if (steps.empty() || !steps.back().outcome.raised) {
      Step end{kFlush, outcome_of([&](std::string&) { f.flush(); }), {}};
      end.stored = bytes->getvalue();
      steps.push_back(std::move(end));
    }
    return steps;
  }
};

}  // namespace pyos::fuzz
