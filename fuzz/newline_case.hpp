// File: fuzz/newline_case.hpp
//
// One run of the newline_decoder target, shared by the target (newline_decoder.cpp) and the
// live comparison of its corpus with CPython (tests/io/text/fuzz_corpus_live_test.cpp,
// through tools/oracle/fuzz_cases.py): the input's parse, and pyos's results.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "io_choices.hpp"
#include "pyos/io/codecs.hpp"
#include "pyos/io/newline.hpp"

namespace pyos::fuzz {

struct NewlineCase {

  const char* encoding;
  const char* errors;
  bool translate;
  std::vector<std::size_t> cuts;  // sorted ends of the pieces; the last is bytes.size()
  std::size_t handover;           // after piece number handover % cuts.size(), a fresh decoder
  std::string bytes;

  // Input: encoding, handler and translate bytes, a count of split points (up to 15) and one
  // byte each, the handover byte, then the data.
  static NewlineCase parse(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    NewlineCase c{kEncodings[in.below(std::size(kEncodings))],
                  kErrorHandlers[in.below(std::size(kErrorHandlers))], in.flag(), {}, 0, {}};
    c.cuts.resize(in.below(16));
    for (std::size_t& cut : c.cuts) cut = in.byte();
    c.handover = in.byte();
    c.bytes = std::string(in.rest());
    for (std::size_t& cut : c.cuts) cut = c.bytes.empty() ? 0 : cut % (c.bytes.size() + 1);
    std::sort(c.cuts.begin(), c.cuts.end());
    c.cuts.push_back(c.bytes.size());
    return c;
  }

  std::unique_ptr<io::IncrementalNewlineDecoder> make() const {
    return std::make_unique<io::IncrementalNewlineDecoder>(codecs::getincrementaldecoder(encoding, errors), translate);
  }

  std::string describe() const {
    return std::string(encoding) + "/" + errors + (translate ? "/translate " : " ") + show(bytes);
  }

  struct Result {
    Outcome once;    // decode(bytes, final=True)
    Outcome pieces;  // the pieces, the last with final=True; stops at an error
    bool handed_over = false;
    std::unique_ptr<io::IncrementalNewlineDecoder> whole, chunked;  // for newlines()
  };

  Result run() const {
    Result r;
    r.whole = make();
    r.once = outcome_of([&](std::string& out) { out = r.whole->decode(bytes, true); });
    r.chunked = make();
    std::size_t at = 0;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
      const std::string_view piece = std::string_view(bytes).substr(at, cuts[i] - at);
      const bool final = i + 1 == cuts.size();
      const Outcome step = outcome_of([&](std::string& out) { out = r.chunked->decode(piece, final); });
      if (step.raised) {
        const std::string so_far = r.pieces.out;
        r.pieces = step;
        r.pieces.out = so_far;  // the text decoded before the error
        break;
      }
      r.pieces.out += step.out;
      at = cuts[i];
      if (i == handover % cuts.size() && !final) {
        const auto state = r.chunked->getstate();
        auto fresh = make();
        fresh->setstate(state);
        FUZZ_CHECK(fresh->getstate() == state, describe() + ": setstate(getstate()) changed the state");
        r.chunked = std::move(fresh);
        r.handed_over = true;
      }
    }
    return r;
  }
};

}  // namespace pyos::fuzz
