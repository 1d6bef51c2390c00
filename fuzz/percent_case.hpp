// File: fuzz/percent_case.hpp
//
// One run of the percent_format target, shared by the target (percent_format.cpp) and the
// live comparison of its corpus with CPython (tests/logging/fuzz_corpus_live_test.cpp,
// through tools/oracle/fuzz_cases.py, which builds the same values in Python): the input's
// parse, the pool of typed arguments, and pyos's result.
#pragma once

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "logging/mapping_support.hpp"
#include "logging/percent.hpp"

// An object argument: str() and repr() "<Opaque 7>". In the global namespace, so that its
// demangled type name is the Python class name in error messages ("... not Opaque").
struct Opaque {
  int id = 7;
};
inline std::ostream& operator<<(std::ostream& os, const Opaque& o) { return os << "<Opaque " << o.id << '>'; }

namespace pyos::fuzz {

struct PercentCase {
  enum Mode : unsigned { kTuple, kSingle, kTemplate };
  unsigned mode = kTuple;
  std::string s1, s2;               // the two string arguments the input gives
  std::vector<std::size_t> args;    // indices into pool() (kTuple)
  std::size_t single = 0;           // index into pool() (kSingle)
  std::string format;

  // Input: a mode byte, an argument count (up to 4), the two strings (length-prefixed
  // pieces), one byte per argument, one for the single argument, then the format.
  static PercentCase parse(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    PercentCase c;
    c.mode = in.byte() % 3;
    c.args.resize(in.below(5));
    c.s1 = std::string(in.piece());
    c.s2 = std::string(in.piece());
    for (std::size_t& a : c.args) a = in.below(kPoolSize);
    c.single = in.below(kPoolSize);
    c.format = std::string(in.rest());
    return c;
  }

  // The arguments fuzz_cases.py rebuilds in the same order: None, True, False, 0, -7, 42,
  // 65536, 2**63-1, -2**63, 2**64-1, 0.0, -0.0, -1.5, 1e300, 5e-324, inf, nan, 'abc',
  // 'é€😀', '\udcff', '', b'b\xff\x00', a dict, {}, Opaque(), 'x', s1, s2.
  static constexpr std::size_t kPoolSize = 28;
  std::vector<logging::Value> pool() const {
    using logging::Value;
    static const Opaque object;
    static const logging::Item items[] = {
        {"a", 1}, {"k", 2.5}, {"a(b)c", "p"}, {"s", "\xc3\xa9t\xc3\xa9"}, {"", Value()}};
    static const logging::Mapping map(items, 5);
    return {Value(), Value(true), Value(false), Value(0), Value(-7), Value(42), Value(65536),
            Value(std::numeric_limits<std::int64_t>::max()), Value(std::numeric_limits<std::int64_t>::min()),
            Value(std::numeric_limits<std::uint64_t>::max()), Value(0.0), Value(-0.0), Value(-1.5), Value(1e300),
            Value(5e-324), Value(std::numeric_limits<double>::infinity()), Value(std::nan("")), Value("abc"),
            Value("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), Value("\xff"), Value(""),
            Value(logging::Bytes{std::string_view("b\xff\x00", 3)}), Value(map), Value(logging::Mapping()),
            Value(object), Value('x'), Value(std::string_view(s1)), Value(std::string_view(s2))};
  }

  // The mapping of kTemplate: `format % {'a': 1, 'k': -2.5, 'name': 'app.db', 'msg': 'é'}`.
  static logging::Mapping template_mapping() {
    static const logging::Item items[] = {{"a", 1}, {"k", -2.5}, {"name", "app.db"}, {"msg", "\xc3\xa9"}};
    return {items, 4};
  }

  // `fmt % args` by the mode: fmt is the format, or other text in its place.
  Outcome render(std::string_view fmt) const {
    const std::vector<logging::Value> values = pool();
    std::vector<logging::Value> tuple;
    for (const std::size_t a : args) tuple.push_back(values[a]);
    return outcome_of([&](std::string& out) {
      switch (mode) {
        case kTuple: logging::detail::percent_format(out, fmt, tuple); break;
        case kSingle: logging::detail::percent_format(out, fmt, values[single]); break;
        default: logging::detail::PercentTemplate(fmt).render(out, logging::test::DictMapping(template_mapping()));
      }
    });
  }

  std::string describe() const {
    std::string a;
    for (const std::size_t i : args) a += std::to_string(i) + ",";
    return "mode " + std::to_string(mode) + " args [" + a + "] single " + std::to_string(single) + " s1 '" +
           show(s1) + "' s2 '" + show(s2) + "' format '" + show(format) + "'";
  }
};

}  // namespace pyos::fuzz
