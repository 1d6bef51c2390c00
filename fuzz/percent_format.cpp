// File: fuzz/percent_format.cpp
//
// Target percent_format: Python's `msg % args` (logging's getMessage and '%' style) on
// hostile formats (reliability.md §4.2, target 1). Input: a mode byte (tuple args, one
// argument, or a mapping rendered through a PercentTemplate), an argument count and one
// byte per argument choosing from a pool of typed values (two of them strings cut from the
// input), then the format. Properties:
// - only pyos exceptions come out (outcome_of), and no memory error (the sanitizers);
// - the output is bounded by the width cap: at most kMaxWidth plus the argument's text per
//   directive;
// - formats are compiled once per thread and found again by address: the same text at
//   another address, and other text at the same address, give what a first use gives.
// The exact results (texts, exception classes and messages) are compared with CPython over
// the corpus (tests/logging/fuzz_corpus_live_test.cpp).
#include <string>

#include "percent_case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pyos::fuzz::Outcome;
  const pyos::fuzz::PercentCase c = pyos::fuzz::PercentCase::parse(data, size);
  std::string format = c.format;

  const Outcome first = c.render(format);
  // Each directive writes at most kMaxWidth characters of padding plus its value's text
  // (the strings of the input, or a repr under 400 bytes).
  const std::size_t arg_text = c.s1.size() + c.s2.size() + 400;
  const std::size_t bound = (format.size() + 1) * (static_cast<std::size_t>(pyos::logging::detail::kMaxWidth) + arg_text);
  FUZZ_CHECK(first.out.size() <= bound, "output of " + std::to_string(first.out.size()) + " bytes");

  // The same text at another address.
  const std::string copy = format;
  const Outcome again = c.render(copy);
  FUZZ_CHECK(again == first, first.describe() + " then, from a copy, " + again.describe());
  // Other text at the first address (the cache must see the change), then the first again.
  if (!format.empty()) {
    const char saved = format.back();
    format.back() = saved == 'd' ? 's' : 'd';
    const Outcome other = c.render(format);
    const Outcome fresh = c.render(std::string(format));
    FUZZ_CHECK(other == fresh, "changed text in place " + other.describe() + ", in a new string " + fresh.describe());
    format.back() = saved;
    const Outcome back = c.render(format);
    FUZZ_CHECK(back == first, first.describe() + " then, restored in place, " + back.describe());
  }
  return 0;
}
