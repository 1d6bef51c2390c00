// Bounded fuzzing of the formatter styles (fixed seed, well under 2 s): random and mutated
// formats go through validate + compile + render, random specs through format(value, spec).
// Only pyos exceptions may come out: never a crash (the sanitizer build checks memory), never
// another exception type. Hostile shapes (deep nesting, long runs) must stay fast.
#include <time.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "logging/styles.hpp"
#include "logging/styles_internal.hpp"
#include "logging/styles_support.hpp"

namespace pyos::logging::test {
namespace {

using detail::Style;
using detail::StyleTemplate;

class Fuzzer {
 public:
  explicit Fuzzer(std::uint32_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  // Characters that matter to some parser, plus multi-byte and undecodable bytes.
  std::string piece() {
    static const std::vector<std::string> alphabet = {
        "{", "}", "[", "]", "!", ":", ".", "r", "s", "a", "0", "5", "9", "<", ">", "^", "=", "+", "-",
        " ", "#", ",", "_", "x", "d", "f", "e", "g", "%", "c", "z", "n", "$", "(", ")", "*", "\n",
        "name", "levelno", "created", "extra", "message", "\xc3\xa9", "\xd9\xa3", "\xc5\xbf", "\xff",
        "\xe2\x82\xac", "\xf0\x9f\x98\x80", "99999999999999999999", "65536", "65537", "asctime"};
    return alphabet[below(alphabet.size())];
  }

  std::string random_format() {
    std::string s;
    const std::size_t n = below(24);
    for (std::size_t i = 0; i < n; ++i) s += piece();
    return s;
  }

  std::string mutate(std::string s) {
    const std::size_t edits = 1 + below(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t pos = s.empty() ? 0 : below(s.size() + 1);
      switch (below(3)) {
        case 0: s.insert(pos, piece()); break;
        case 1: if (!s.empty()) s.erase(std::min(pos, s.size() - 1), 1 + below(3)); break;
        default: if (!s.empty()) s[std::min(pos, s.size() - 1)] = piece()[0]; break;
      }
    }
    return s;
  }

 private:
  std::mt19937 rng_;
};

// Runs f; a pyos exception is a valid outcome, anything else fails the test.
template <class F>
void only_pyos_exceptions(const std::string& what, F&& f) {
  try {
    f();
  } catch (const pyos::BaseException&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": non-pyos exception " << e.what();
  }
}

TEST(LoggingStylesFuzz, RandomAndMutatedFormats) {
  const nlohmann::json doc = pyos::test::golden("logging/styles.json");
  StylesValues values;
  const DictMapping mapping(values.mapping(doc.at("mapping")));
  std::vector<std::string> seeds;
  for (const auto& c : doc.at("cases")) seeds.push_back(c.at(1).get<std::string>());
  std::vector<Value> spec_values;
  for (const auto& c : doc.at("spec")) {
    if (spec_values.size() < 200) spec_values.push_back(values.make(c.at(0)));
  }

  Fuzzer fuzz(0x5eed5u);
  const auto start = std::chrono::steady_clock::now();
  std::string out;
  int iterations = 0;
  for (; iterations < 30000; ++iterations) {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(1000)) break;
    const std::string fmt = fuzz.below(2) ? fuzz.random_format() : fuzz.mutate(seeds[fuzz.below(seeds.size())]);
    for (const Style s : {Style::Percent, Style::StrFormat, Style::StringTemplate}) {
      only_pyos_exceptions(fmt, [&] { detail::validate_format(s, fmt); });
      only_pyos_exceptions(fmt, [&] { (void)detail::uses_time(s, fmt); });
      only_pyos_exceptions(fmt, [&] {
        const StyleTemplate t(s, fmt);
        out.clear();
        t.render(out, mapping);
      });
    }
    // The text between braces as a spec, against values of every kind.
    const std::string spec = fuzz.random_format().substr(0, 12);
    only_pyos_exceptions(spec, [&] {
      out.clear();
      detail::format_value(out, spec_values[fuzz.below(spec_values.size())], spec);
    });
  }
  EXPECT_GT(iterations, 1000);
}

// Shapes an attacker would send: each parser must stay linear and shallow.
TEST(LoggingStylesFuzz, HostileShapesStayBounded) {
  const Item items[] = {{"a", Value(1)}, {"w", Value(5)}};
  const DictMapping mapping(Mapping(items, 2));
  auto repeat = [](const std::string& s, int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r += s;
    return r;
  };
  const std::vector<std::string> hostile = {
      repeat("{a:{w:{a:", 20000) + repeat("}}}", 20000),  // deep spec nesting
      repeat("{", 100000), repeat("}", 100001), repeat("{{", 50000), repeat("[", 100000),
      "{a" + repeat("[", 100000), "{a" + repeat("[0]", 30000) + "}", "{a" + repeat(".real", 30000) + "}",
      repeat("%(", 100000), repeat("%(a)", 50000) + "q", "%(" + repeat("a", 200000) + ")" + repeat("0", 100000),
      repeat("$", 100001), repeat("${", 50000), "${" + repeat("a", 200000),
      "{a:" + repeat("0", 100000) + "}", "{a:." + repeat("9", 100000) + "f}", "{" + repeat("9", 100000) + "}",
  };
  // The bound is on this thread's CPU time, which other processes on a loaded machine do not
  // stretch; sanitizer builds run the same work several times slower.
  const auto cpu_seconds = [] {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  constexpr double kBudget = 60.0;
#else
  constexpr double kBudget = 5.0;
#endif
  const double start = cpu_seconds();
  std::string out;
  for (const auto& fmt : hostile) {
    for (const Style s : {Style::Percent, Style::StrFormat, Style::StringTemplate}) {
      only_pyos_exceptions("hostile", [&] { detail::validate_format(s, fmt); });
      only_pyos_exceptions("hostile", [&] {
        const StyleTemplate t(s, fmt);
        out.clear();
        t.render(out, mapping);
      });
    }
  }
  EXPECT_LT(cpu_seconds() - start, kBudget);
}

}  // namespace
}  // namespace pyos::logging::test
