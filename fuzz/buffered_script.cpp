// File: fuzz/buffered_script.cpp
//
// Target buffered_script: BufferedWriter and BufferedReader over a raw stream that
// misbehaves as the input says (reliability.md §4.2, target 7). Each raw call takes the next
// behaviour from the input: all, a short count, none, None (would block), EINTR, or an
// error (ENOSPC/EIO); once they run out, raw takes everything. Input: a byte choosing writer
// or reader and the buffer size, up to 32 behaviours, up to 24 operations of two bytes each,
// then the bytes the script writes (or raw holds, for the reader). Properties:
// - writer: write() returns len(data) or raises BlockingIOError with characters_written,
//   exact: what raw received is always a prefix of the bytes accepted, nothing duplicated or
//   reordered; after a flush() or close() that succeeds, raw has every accepted byte;
//   close() always closes raw, even when its flush fails;
// - reader: read/read1/readinto/readline return raw's bytes in order, nothing lost or
//   repeated; peek() shows the bytes that come next;
// - EINTR is retried; only pyos exceptions come out. After an error other than
//   BlockingIOError the writer's accepted count is unknown (CPython's too), so the script
//   stops there but for close().
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "pyos/io/buffered.hpp"

namespace {

namespace io = pyos::io;
using pyos::fuzz::FuzzInput;
using pyos::fuzz::Outcome;
using pyos::fuzz::outcome_of;
using pyos::fuzz::show;

enum Behaviour : unsigned { kAll, kShort, kNone, kWouldBlock, kInterrupted, kError, kBehaviours };

class ScriptedRaw final : public io::RawIOBase {
 public:
  ScriptedRaw(std::vector<std::pair<Behaviour, unsigned>> script, std::string source)
      : script_(std::move(script)), source_(std::move(source)) {}
  bool readable() const override { return true; }
  bool writable() const override { return true; }

  std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
    const std::optional<std::size_t> n = next(b.size());
    if (n) received.append(reinterpret_cast<const char*>(b.data()), *n);
    return n;
  }
  std::optional<std::size_t> readinto(std::span<std::byte> b) override {
    const std::size_t left = source_.size() - read_pos_;
    const std::optional<std::size_t> n = next(std::min(b.size(), left));
    if (n && *n) {
      std::memcpy(b.data(), source_.data() + read_pos_, *n);
      read_pos_ += *n;
    }
    return n;
  }
  void close() override {
    closed_raw = true;
    io::RawIOBase::close();
  }

  std::string received;
  bool closed_raw = false;

 private:
  // How many of `want` bytes this call moves (std::nullopt: None), or a raise.
  std::optional<std::size_t> next(std::size_t want) {
    if (at_ >= script_.size()) return want;
    const auto [what, arg] = script_[at_++];
    switch (what) {
      case kAll: return want;
      case kShort: return want == 0 ? 0 : arg % want;  // fewer than asked (0 included)
      case kNone: return 0;
      case kWouldBlock: return std::nullopt;
      case kInterrupted: pyos::raise_from_errno(EINTR);
      default: pyos::raise_from_errno(arg & 1 ? ENOSPC : EIO);
    }
  }

  std::vector<std::pair<Behaviour, unsigned>> script_;
  std::size_t at_ = 0;
  std::string source_;
  std::size_t read_pos_ = 0;
};

void writer(std::shared_ptr<ScriptedRaw> raw, std::int64_t buffer_size,
            const std::vector<std::pair<unsigned, unsigned>>& ops, std::string_view data) {
  std::optional<io::BufferedWriter> w;
  w.emplace(raw, buffer_size);
  std::string accepted;
  std::size_t at = 0;
  bool stopped = false;  // after an error with an unknown accepted count
  const auto check_prefix = [&](const char* when) {
    FUZZ_CHECK(accepted.starts_with(raw->received),
               std::string(when) + ": raw received '" + show(raw->received) + "', accepted '" + show(accepted) + "'");
  };
  for (const auto& [op, arg] : ops) {
    if (stopped) break;
    if (op % 3 != 2) {
      const std::string_view piece = data.substr(at, std::min<std::size_t>(arg % 64 + (op % 3 == 1 ? 64 : 0), data.size() - at));
      at += piece.size();
      try {
        const std::size_t n = w->write(piece);
        FUZZ_CHECK(n == piece.size(), "write returned " + std::to_string(n) + " of " + std::to_string(piece.size()));
        accepted += piece;
      } catch (const pyos::BlockingIOError& e) {
        const auto k = e.characters_written();
        FUZZ_CHECK(k && *k <= piece.size(), "characters_written missing or above the data's size");
        accepted += piece.substr(0, *k);
      } catch (const pyos::BaseException&) {
        stopped = true;
      }
    } else {
      try {
        w->flush();
        check_prefix("flush");
        FUZZ_CHECK(raw->received == accepted, "flush succeeded with '" + show(accepted.substr(raw->received.size())) + "' unwritten");
      } catch (const pyos::BlockingIOError&) {
      } catch (const pyos::BaseException&) {
        stopped = true;
      }
    }
    if (!stopped) check_prefix("write");
  }
  const Outcome closed = outcome_of([&](std::string&) { w->close(); });
  FUZZ_CHECK(raw->closed_raw, "close() left raw open: " + closed.describe());
  if (!closed.raised && !stopped) {
    FUZZ_CHECK(raw->received == accepted, "close succeeded with '" + show(accepted.substr(raw->received.size())) + "' unwritten");
  }
}

void reader(std::shared_ptr<ScriptedRaw> raw, std::int64_t buffer_size,
            const std::vector<std::pair<unsigned, unsigned>>& ops, std::string_view source) {
  io::BufferedReader r(raw, buffer_size);
  std::size_t p = 0;  // how much of the source the caller has had
  for (const auto& [op, arg] : ops) {
    const std::int64_t n = arg >= 240 ? -1 : static_cast<std::int64_t>(arg % 48);
    Outcome o;
    bool advances = true;
    switch (op % 5) {
      case 0: o = outcome_of([&](std::string& out) { out = r.read(n); }); break;
      case 1: o = outcome_of([&](std::string& out) { out = r.read1(n); }); break;
      case 2:
        o = outcome_of([&](std::string& out) {
          out.resize(static_cast<std::size_t>(n < 0 ? 48 : n));
          out.resize(r.readinto(std::as_writable_bytes(std::span(out.data(), out.size()))));
        });
        break;
      case 3: o = outcome_of([&](std::string& out) { out = r.readline(n); }); break;
      default:
        o = outcome_of([&](std::string& out) { out = r.peek(n < 0 ? 0 : n); });
        advances = false;
        break;
    }
    if (o.raised) {
      if (o.type == "BlockingIOError") continue;
      break;
    }
    FUZZ_CHECK(source.substr(p).starts_with(o.out),
               "got '" + show(o.out) + "' at " + std::to_string(p) + " of '" + show(source) + "'");
    if (advances) p += o.out.size();
  }
  r.close();
  FUZZ_CHECK(raw->closed_raw, "close() left raw open");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned mode = in.byte();
  const std::int64_t buffer_size = 1 + static_cast<std::int64_t>((mode >> 1) % 64);
  std::vector<std::pair<Behaviour, unsigned>> script(in.below(33));
  for (auto& [what, arg] : script) what = static_cast<Behaviour>(in.byte() % kBehaviours), arg = in.byte();
  std::vector<std::pair<unsigned, unsigned>> ops(in.below(25));
  for (auto& [op, arg] : ops) op = in.byte(), arg = in.byte();
  const std::string bytes(in.rest());
  auto raw = std::make_shared<ScriptedRaw>(std::move(script), (mode & 1) ? bytes : std::string());
  if (mode & 1) {
    reader(raw, buffer_size, ops, bytes);
  } else {
    writer(raw, buffer_size, ops, bytes);
  }
  return 0;
}
