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
// - the output is bounded by the width cap: kMaxWidth plus the record's text per field;
// - the direct route (src/logging/direct.hpp), where it formats a plain call, gives the
//   general route's line for the record of that call, and so does its one-pass line
//   (Formatter::format_line) where it takes the call.
// The exact results (texts, exception classes and messages) are compared with CPython over
// the corpus (tests/logging/fuzz_corpus_live_test.cpp).
#include <optional>
#include <string>

#include "formatter_case.hpp"
#include "logging/direct.hpp"
#include "logging/percent.hpp"
#include "logging/runtime.hpp"

namespace {

using namespace pyos::logging;
using pyos::fuzz::FormatterCase;
using pyos::fuzz::Outcome;
using pyos::fuzz::outcome_of;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const FormatterCase c = FormatterCase::parse(data, size);
  std::optional<Formatter> f;
  outcome_of([&](std::string&) { f.emplace(c.fmt, c.datefmt_arg(), c.style, c.validate(), c.defaults()); });
  if (f && c.validate()) {
    const Outcome unvalidated =
        outcome_of([&](std::string&) { Formatter(c.fmt, c.datefmt_arg(), c.style, false, c.defaults()); });
    FUZZ_CHECK(!unvalidated.raised, "validate=True accepted it, validate=False raised " + unvalidated.describe());
  }
  if (!f) return 0;
  f->converter = &Formatter::gmtime;

  const Value args[2] = {Value(c.text), Value(-3)};
  const LogRecord original = c.record(args);
  const auto format_with = [&](Formatter& formatter) {
    LogRecord r = original;
    return outcome_of([&](std::string& out) { formatter.format(r, out); });
  };
  const Outcome first = format_with(*f);
  const Outcome second = format_with(*f);
  FUZZ_CHECK(first == second, first.describe() + " then " + second.describe());
  const Outcome other = c.run();  // a second formatter, a fresh record
  FUZZ_CHECK(other == first, "first formatter " + first.describe() + ", second " + other.describe());

  // The direct route, on a formatter of its own (a declined format is not tried again on the
  // one that declined it): a plain call at a fixed time, then the record of that call.
  Formatter direct_formatter(c.fmt, c.datefmt_arg(), c.style, false, c.defaults());
  direct_formatter.converter = &Formatter::gmtime;
  const bool with_args = (c.bits & 16u) != 0;
  const Value msg = with_args ? Value("user %s: %d") : Value(c.text);
  const std::span<const Value> call_args(args, with_args ? 2 : 0);
  const std::source_location where = std::source_location::current();
  const detail::DirectCall call{"app.db", WARNING, &where, &msg, call_args, 1700000000125000000};
  std::string direct_line, message, asctime;
  if (detail::DirectFormat::format(direct_formatter, call, direct_line, message, asctime)) {
    const detail::CallSite& site = call.site();
    LogRecord r(LogRecord::FastInit{}, call.name, call.level, site.pathname, site.filename, site.module,
                call.lineno(), site.funcName, msg, call_args, nullptr, std::nullopt, nullptr);
    const detail::RecordTimes times = detail::record_times(call.created_ns);
    r.created_ns = call.created_ns;
    r.created = times.created;
    r.msecs = times.msecs;
    r.relativeCreated = times.relativeCreated;
    const Outcome general = outcome_of([&](std::string& out) { direct_formatter.format(r, out); });
    FUZZ_CHECK(!general.raised && general.out == direct_line,
               "direct route '" + direct_line + "', general route " + general.describe());
    // The one-pass line, now that the call's second is cached: the same line, or declined.
    std::string one_pass;
    if (detail::DirectFormat::line(direct_formatter, call, one_pass)) {
      FUZZ_CHECK(one_pass == direct_line, "one pass '" + one_pass + "', direct route '" + direct_line + "'");
    }
  }

  // Fields are at most the record's texts (name, message, paths, the exception and stack
  // text, the time), under 600 bytes, plus the input's text and datefmt's expansion.
  const std::size_t per_field = static_cast<std::size_t>(pyos::logging::detail::kMaxWidth) + 600 +
                                2 * c.text.size() + 64 * c.datefmt.size();
  FUZZ_CHECK(first.out.size() <= (c.fmt.size() + 1) * per_field, std::to_string(first.out.size()) + " bytes");
  return 0;
}
