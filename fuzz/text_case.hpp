// File: fuzz/text_case.hpp
//
// One run of the text_read target, shared by the target (text_read.cpp) and the live
// comparison of its corpus with CPython (tests/io/text/fuzz_corpus_live_test.cpp, through
// tools/oracle/fuzz_cases.py, which runs the same script on CPython's io): the input's
// parse, the stream it opens, and the script's steps as pyos runs them.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "io_choices.hpp"
#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/textio.hpp"

namespace pyos::fuzz {

// A seekable raw stream over fixed bytes whose reads return at most `chunk` bytes.
class ShortReads final : public io::RawIOBase {
 public:
  ShortReads(std::string data, std::size_t chunk) : data_(std::move(data)), chunk_(chunk) {}
  bool readable() const override { return true; }
  bool seekable() const override { return true; }
  io::Position tell() override { return static_cast<std::int64_t>(pos_); }
  io::Position seek(io::Position offset, int whence) override {
    std::int64_t p = offset;
    if (whence == 1) p += static_cast<std::int64_t>(pos_);
    if (whence == 2) p += static_cast<std::int64_t>(data_.size());
    if (p < 0) raise_from_errno(EINVAL);
    pos_ = static_cast<std::size_t>(p);
    return p;
  }
  std::optional<std::size_t> readinto(std::span<std::byte> b) override {
    const std::size_t n = pos_ >= data_.size() ? 0 : std::min({b.size(), chunk_, data_.size() - pos_});
    if (n) std::memcpy(b.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

struct TextCase {
  // surrogateescape is left out: its escaped bytes can spell UTF-8 or a surrogate in pyos's
  // str (docs/io.md "Str representation"), so character counts of such text differ by design.
  static constexpr const char* kErrors[] = {"strict",        "ignore",           "replace",
                                            "backslashreplace", "surrogatepass", "xmlcharrefreplace"};

  enum Op : unsigned { kRead, kReadline, kTell, kSeekCookie, kNext, kReadlines, kSeekEnd, kOps };

  const char* encoding;
  const char* errors;
  std::optional<std::string> newline;  // None (universal, translated), "", "\n", "\r", "\r\n"
  std::size_t raw_chunk = 0;           // 0: a BytesIO; else a BufferedReader over ShortReads
  std::int64_t buffer_size = io::DEFAULT_BUFFER_SIZE;
  std::vector<std::pair<unsigned, unsigned>> ops;  // (op, argument byte)
  std::string bytes;

  // Input: encoding, handler, newline mode, a shape byte (odd: short reads of 1 + (shape >> 1)
  // % 24 bytes, then a buffer-size byte), a count of operations (up to 24) and two bytes each,
  // then the stream's bytes.
  static TextCase parse(const std::uint8_t* data, std::size_t size) {
    static const std::optional<std::string> kNewlines[] = {std::nullopt, "", "\n", "\r", "\r\n"};
    FuzzInput in(data, size);
    TextCase c{kEncodings[in.below(std::size(kEncodings))], kErrors[in.below(std::size(kErrors))],
               kNewlines[in.below(std::size(kNewlines))]};
    const unsigned shape = in.byte();
    if (shape & 1u) {
      c.raw_chunk = 1 + (shape >> 1) % 24;
      c.buffer_size = 1 + static_cast<std::int64_t>(in.below(40));
    }
    c.ops.resize(in.below(25));
    for (auto& [op, arg] : c.ops) op = in.byte() % kOps, arg = in.byte();
    c.bytes = std::string(in.rest());
    return c;
  }

  // The size argument of read/readline/readlines: -1 for 200..255, else arg % 40.
  static std::int64_t size_of(unsigned arg) { return arg >= 200 ? -1 : static_cast<std::int64_t>(arg % 40); }

  std::unique_ptr<io::TextIOWrapper> open() const {
    std::shared_ptr<io::BufferedIOBase> buffer;
    if (raw_chunk == 0) {
      buffer = std::make_shared<io::BytesIO>(bytes);
    } else {
      buffer = std::make_shared<io::BufferedReader>(std::make_shared<ShortReads>(bytes, raw_chunk), buffer_size);
    }
    return std::make_unique<io::TextIOWrapper>(buffer, io::TextIOWrapperOptions{encoding, errors, newline});
  }

  // Whether decoding may give a lone surrogate U+DC80..U+DCFF: only surrogatepass does, from
  // ED B2/B3 .. in utf-8 or a code unit DCxx in utf-16/utf-32 (any byte DC, conservatively).
  // pyos holds such a surrogate as a raw byte, which can spell UTF-8 with its neighbours, so
  // character counts of that text depend on where chunks ended (docs/io.md "Str
  // representation"): the target does not check them, and the live test skips the case.
  bool may_hold_escaped_surrogates() const {
    if (std::string_view(errors) != "surrogatepass") return false;
    const std::string_view enc(encoding);
    if (enc.starts_with("utf-8")) {
      return bytes.find("\xed\xb2") != std::string::npos || bytes.find("\xed\xb3") != std::string::npos;
    }
    return enc.starts_with("utf-") && bytes.find('\xdc') != std::string::npos;
  }

  std::string describe() const {
    return std::string(encoding) + "/" + errors + " newline=" + (newline ? "'" + show(*newline) + "'" : "None") +
           " raw_chunk=" + std::to_string(raw_chunk) + " buffer=" + std::to_string(buffer_size) + " " + show(bytes);
  }

  struct Step {
    unsigned op = 0, arg = 0;
    Outcome outcome;                 // the text read (readlines: the lines joined)
    std::vector<std::string> lines;  // readlines
    std::string cookie;              // tell(): Position::str(), CPython's integer
    std::size_t target = 0;          // seek(cookie): which of the kept cookies
  };

  // The script: at most 8 cookies are kept (tell() results, in order); seek(cookie) takes
  // number arg % kept. It stops after the first exception, but for tell()'s OSError while
  // lines are iterated. seek(cookie) with no cookie kept is skipped (not recorded).
  std::vector<Step> run() const {
    std::vector<Step> steps;
    std::vector<io::Position> cookies;
    auto f = open();
    for (const auto& [op, arg] : ops) {
      Step s{op, arg, {}, {}, {}, 0};
      const std::int64_t n = size_of(arg);
      switch (op) {
        case kRead: s.outcome = outcome_of([&](std::string& out) { out = f->read(n); }); break;
        case kReadline: s.outcome = outcome_of([&](std::string& out) { out = f->readline(n); }); break;
        case kTell:
          s.outcome = outcome_of([&](std::string&) {
            const io::Position p = f->tell();
            s.cookie = p.str();
            if (cookies.size() < 8) cookies.push_back(p);
          });
          break;
        case kSeekCookie:
          if (cookies.empty()) continue;
          s.target = arg % cookies.size();
          s.outcome = outcome_of([&](std::string&) { f->seek(cookies[s.target]); });
          break;
        case kNext:
          s.outcome = outcome_of([&](std::string& out) {
            auto it = f->begin();  // one step of `for line in f` ("" at the end)
            if (it != std::default_sentinel) out = *it;
          });
          break;
        case kReadlines:
          s.outcome = outcome_of([&](std::string& out) {
            s.lines = f->readlines(n < 0 ? -1 : n);
            for (const std::string& line : s.lines) out += line;
          });
          break;
        default: s.outcome = outcome_of([&](std::string&) { f->seek(0, 2); }); break;
      }
      steps.push_back(std::move(s));
      const Outcome& o = steps.back().outcome;
      if (o.raised && !(op == kTell && o.type == "OSError")) break;
    }
    return steps;
  }
};

}  // namespace pyos::fuzz
