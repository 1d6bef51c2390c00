// File: fuzz/fuzz_input.hpp
//
// What every fuzz target shares: FuzzInput, which turns the fuzzer's bytes into the choices
// of one run (a byte, a number below n, a length-prefixed piece, the rest); Outcome and
// outcome_of, a call's text or pyos exception; and FUZZ_CHECK, which reports a broken
// property and aborts (libFuzzer then saves the input as a crash; the replay driver names
// the file it was running).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"

// libFuzzer's entry point, which each target defines (and replay_main.cpp calls).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace pyos::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) noexcept
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}

  bool empty() const noexcept { return pos_ >= size_; }

  // The next byte (0 once the input is used up: every choice then takes its first option).
  unsigned byte() noexcept { return pos_ < size_ ? static_cast<unsigned char>(data_[pos_++]) : 0u; }
  // A number in [0, n), n ≥ 1, from one byte (n ≤ 256) or two.
  std::size_t below(std::size_t n) noexcept {
    if (n <= 256) return byte() % n;
    return ((byte() << 8) | byte()) % n;
  }
  bool flag() noexcept { return (byte() & 1u) != 0; }

  // A piece whose length is the next byte (at most what is left).
  std::string_view piece() noexcept { return take(byte()); }
  // Up to n bytes.
  std::string_view take(std::size_t n) noexcept {
    const std::size_t k = n < size_ - pos_ ? n : size_ - (pos_ < size_ ? pos_ : size_);
    const std::string_view out(data_ + pos_, k);
    pos_ += k;
    return out;
  }
  // Everything left.
  std::string_view rest() noexcept { return take(size_ > pos_ ? size_ - pos_ : 0); }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Python-like repr of bytes for failure messages: printable ASCII as is, the rest \xNN.
inline std::string show(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out.push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    }
  }
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz property broken: %s\n  %s\n", file, line, what, detail.c_str());
  std::abort();
}

// What one call gave: its output, or the pyos exception it raised (class and message; no
// output). Anything else thrown breaks the property every target checks: bad input gets
// Python's exception, never another C++ exception.
struct Outcome {
  bool raised = false;
  std::string type, message, out;
  friend bool operator==(const Outcome&, const Outcome&) = default;
  std::string describe() const {
    return raised ? std::string(type) + "(" + show(message) + ")" : "'" + show(out) + "'";
  }
};

template <class F>
Outcome outcome_of(F&& call) {
  Outcome o;
  try {
    call(o.out);
  } catch (const BaseException& e) {
    o.out.clear();  // what a call wrote before it raised is unspecified, as Python's nothing
    o.raised = true;
    o.type = std::string(e.type_name());
    o.message = e.str();
  } catch (const std::exception& e) {
    fail(__FILE__, __LINE__, "only pyos exceptions", std::string("a C++ exception escaped: ") + e.what());
  } catch (...) {
    fail(__FILE__, __LINE__, "only pyos exceptions", "a non-std exception escaped");
  }
  return o;
}

}  // namespace pyos::fuzz

// FUZZ_CHECK(condition, detail): `detail` (a std::string expression) is only built on failure.
#define FUZZ_CHECK(condition, detail)                                        \
  do {                                                                       \
    if (!(condition)) ::pyos::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
  } while (0)
