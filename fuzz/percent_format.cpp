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
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "logging/mapping_support.hpp"
#include "logging/percent.hpp"

namespace {

using namespace pyos::logging;
using pyos::fuzz::FuzzInput;
using pyos::fuzz::outcome_of;

struct Opaque {
  int id = 7;
};
std::ostream& operator<<(std::ostream& os, const Opaque& o) { return os << "<Opaque " << o.id << '>'; }

std::vector<Value> pool(std::string_view s1, std::string_view s2) {
  static const Opaque object;
  static const Item items[] = {{"a", 1}, {"k", 2.5}, {"a(b)c", "p"}, {"s", "\xc3\xa9t\xc3\xa9"}, {"", Value()}};
  static const Mapping map(items, 5);
  return {Value(), Value(true), Value(false), Value(0), Value(-7), Value(42), Value(65536),
          Value(std::numeric_limits<std::int64_t>::max()), Value(std::numeric_limits<std::int64_t>::min()),
          Value(std::numeric_limits<std::uint64_t>::max()), Value(0.0), Value(-0.0), Value(-1.5), Value(1e300),
          Value(5e-324), Value(std::numeric_limits<double>::infinity()), Value(std::nan("")), Value("abc"),
          Value("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), Value("\xff"), Value(""), Value(Bytes{"b\xff\x00"}),
          Value(map), Value(Mapping()), Value(object), Value('x'), Value(s1), Value(s2)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned mode = in.byte() % 3;
  const std::size_t nargs = in.below(5);
  const std::string_view s1 = in.piece(), s2 = in.piece();
  const std::vector<Value> values = pool(s1, s2);
  std::vector<Value> args;
  std::size_t arg_text = 0;
  for (std::size_t i = 0; i < nargs; ++i) args.push_back(values[in.below(values.size())]);
  const Value single = values[in.below(values.size())];
  for (const Value& v : values) arg_text += v.kind() == Value::Kind::Str ? v.as_str().size() : 0;
  std::string format(in.rest());

  const auto render = [&](std::string_view fmt) {
    return outcome_of([&](std::string& out) {
      switch (mode) {
        case 0: detail::percent_format(out, fmt, args); break;
        case 1: detail::percent_format(out, fmt, single); break;
        default: {
          static const Item items[] = {{"a", 1}, {"k", -2.5}, {"name", "app.db"}, {"msg", "\xc3\xa9"}};
          detail::PercentTemplate(fmt).render(out, test::DictMapping(Mapping(items, 4)));
        }
      }
    });
  };

  const pyos::fuzz::Outcome first = render(format);
  // Each directive writes at most kMaxWidth characters of padding plus its value's text
  // (the longest value is a string of the input or a repr, under 400 bytes here).
  const std::size_t bound = (format.size() + 1) * (static_cast<std::size_t>(detail::kMaxWidth) + 400 + arg_text);
  FUZZ_CHECK(first.out.size() <= bound, "output of " + std::to_string(first.out.size()) + " bytes");

  // The same text at another address.
  const std::string copy = format;
  const pyos::fuzz::Outcome again = render(copy);
  FUZZ_CHECK(again == first, first.describe() + " then, from a copy, " + again.describe());
  // Other text at the first address (the cache must see the change), then the first again.
  if (!format.empty()) {
    const char saved = format.back();
    format.back() = saved == 'd' ? 's' : 'd';
    const pyos::fuzz::Outcome other = render(format);
    const pyos::fuzz::Outcome fresh = render(std::string(format));
    FUZZ_CHECK(other == fresh, "changed text in place " + other.describe() + ", in a new string " + fresh.describe());
    format.back() = saved;
    const pyos::fuzz::Outcome back = render(format);
    FUZZ_CHECK(back == first, first.describe() + " then, restored in place, " + back.describe());
  }
  return 0;
}
