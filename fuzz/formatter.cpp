// File: fuzz/formatter.cpp
//
// Target formatter: logging.Formatter(fmt, datefmt, style, validate, defaults) on hostile
// formats, then format() of a record (reliability.md §4.2, target 2). Input: a style byte
// ('%', '{', '$', or anything else), an options byte (validate, defaults, an exception, a
// stack, a message with arguments, an extra attribute), the datefmt (a length-prefixed
// piece, used when the options say so), a value for the defaults/extra key, then the
// format. Properties:
// - construction and formatting raise only pyos exceptions (no other C++ exception, no
//   memory error under the sanitizers);
// - a format that validate=True accepts is also accepted without validation;
// - formatting is repeatable: a copy of the record formats to the same text (or the same
//   error), and a second formatter built from the same arguments agrees with the first;
// - the output is bounded by the width cap: kMaxWidth plus the record's text per field.
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "logging/percent.hpp"
#include "pyos/logging/formatter.hpp"
#include "pyos/logging/record.hpp"

namespace {

using namespace pyos::logging;
using pyos::fuzz::FuzzInput;
using pyos::fuzz::Outcome;
using pyos::fuzz::outcome_of;

struct Options {
  char style = '%';
  bool validate = true;
  std::optional<std::string> datefmt;
  std::optional<Dict> defaults;
};

LogRecord make_record(unsigned bits, std::string_view text, const Value args[2]) {
  const bool with_args = (bits & 16u) != 0;
  LogRecord r("app.db", WARNING, "/srv/app/db.py", 42, with_args ? Value("user %s: %d") : Value(text),
              std::span<const Value>(args, with_args ? 2 : 0),
              (bits & 4u) ? std::make_exception_ptr(pyos::ValueError("bad \xc3\xa9 value")) : nullptr, "connect",
              (bits & 8u) ? std::optional<std::string_view>("Stack (most recent call last):\n  here") : std::nullopt);
  // A fixed time, so that two runs format the same text (1700000000.125 is exact in binary).
  r.created = 1700000000.125;
  r.created_ns = 1700000000125000000;
  r.msecs = 125.0;
  r.relativeCreated = 5.5;
  if (bits & 32u) r.set("user", text);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  static constexpr char kStyles[] = {'%', '{', '$', '%', '{', '$', 'x', '\0'};
  Options o;
  o.style = kStyles[in.below(sizeof kStyles)];
  const unsigned bits = in.byte();
  o.validate = (bits & 1u) != 0;
  const std::string_view datefmt = in.piece();
  if (bits & 64u) o.datefmt = std::string(datefmt);
  const std::string_view text = in.piece();
  if (bits & 2u) o.defaults = Dict{{"user", text}, {"n", 7}};
  const std::string fmt(in.rest());

  std::optional<Formatter> f;
  const Outcome built = outcome_of([&](std::string&) { f.emplace(fmt, o.datefmt, o.style, o.validate, o.defaults); });
  if (f && o.validate) {
    const Outcome unvalidated = outcome_of([&](std::string&) { Formatter(fmt, o.datefmt, o.style, false, o.defaults); });
    FUZZ_CHECK(!unvalidated.raised, "validate=True accepted it, validate=False raised " + unvalidated.describe());
  }
  if (!f) return 0;
  f->converter = &Formatter::gmtime;

  const Value args[2] = {Value(text), Value(-3)};
  const LogRecord original = make_record(bits, text, args);
  const auto format_with = [&](Formatter& formatter) {
    LogRecord r = original;
    return outcome_of([&](std::string& out) { formatter.format(r, out); });
  };
  const Outcome first = format_with(*f);
  const Outcome second = format_with(*f);
  FUZZ_CHECK(first == second, first.describe() + " then " + second.describe());
  Formatter twin(fmt, o.datefmt, o.style, o.validate, o.defaults);
  twin.converter = &Formatter::gmtime;
  const Outcome other = format_with(twin);
  FUZZ_CHECK(other == first, "first formatter " + first.describe() + ", second " + other.describe());

  // Fields are at most the record's texts (name, message, paths, the exception and stack
  // text, the time), under 600 bytes, plus the input's text and datefmt's expansion.
  const std::size_t per_field = static_cast<std::size_t>(pyos::logging::detail::kMaxWidth) + 600 +
                                2 * text.size() + 64 * datefmt.size();
  FUZZ_CHECK(first.out.size() <= (fmt.size() + 1) * per_field, std::to_string(first.out.size()) + " bytes");
  (void)built;
  return 0;
}
