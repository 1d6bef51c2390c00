// File: fuzz/formatter_case.hpp
//
// One run of the formatter target, shared by the target (formatter.cpp) and the live
// comparison of its corpus with CPython (tests/logging/fuzz_corpus_live_test.cpp, through
// tools/oracle/fuzz_cases.py): the input's parse, the record it formats, and pyos's result.
#pragma once

#include <exception>
#include <optional>
#include <string>

#include "fuzz_input.hpp"
#include "pyos/logging/formatter.hpp"
#include "pyos/logging/record.hpp"

namespace pyos::fuzz {

struct FormatterCase {
  static constexpr char kStyles[] = {'%', '{', '$', '%', '{', '$', 'x', '\0'};

  char style = '%';
  unsigned bits = 0;  // 1 validate, 2 defaults, 4 exception, 8 stack, 16 msg with args, 32 extra, 64 datefmt
  std::string datefmt, text, fmt;

  // Input: a style byte, the bits byte, datefmt (a length-prefixed piece), the text used for
  // the message, defaults and the extra attribute (a piece), then the format.
  static FormatterCase parse(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    FormatterCase c;
    c.style = kStyles[in.below(sizeof kStyles)];
    c.bits = in.byte();
    c.datefmt = std::string(in.piece());
    c.text = std::string(in.piece());
    c.fmt = std::string(in.rest());
    return c;
  }

  bool validate() const { return (bits & 1u) != 0; }
  std::optional<std::string> datefmt_arg() const { return bits & 64u ? std::optional(datefmt) : std::nullopt; }
  std::optional<logging::Dict> defaults() const {
    if (!(bits & 2u)) return std::nullopt;
    return logging::Dict{{"user", text}, {"n", 7}};
  }

  // A record with every attribute fixed (time, thread, process), so that CPython can build
  // the same one: LogRecord("app.db", WARNING, "/srv/app/db.py", 42, msg, args, exc_info,
  // "connect", sinfo).
  logging::LogRecord record(const logging::Value args[2]) const {
    using namespace logging;
    const bool with_args = (bits & 16u) != 0;
    LogRecord r("app.db", WARNING, "/srv/app/db.py", 42, with_args ? Value("user %s: %d") : Value(text),
                std::span<const Value>(args, with_args ? 2 : 0),
                (bits & 4u) ? std::make_exception_ptr(ValueError("bad \xc3\xa9 value")) : nullptr, "connect",
                (bits & 8u) ? std::optional<std::string_view>("Stack (most recent call last):\n  here") : std::nullopt);
    r.created = 1700000000.125;  // exact in binary
    r.created_ns = 1700000000125000000;
    r.msecs = 125.0;
    r.relativeCreated = 5.5;
    r.thread = 140000000000001;
    r.threadName = std::string_view("MainThread");
    r.process = 4242;
    r.processName = std::string_view("MainProcess");
    if (bits & 32u) r.set("user", text);
    return r;
  }

  // Formatter(fmt, datefmt, style, validate, defaults) with converter = gmtime, then
  // format(record): the first error, or the text.
  Outcome run() const {
    std::optional<logging::Formatter> f;
    const Outcome built = outcome_of([&](std::string&) {
      f.emplace(fmt, datefmt_arg(), style, validate(), defaults());
    });
    if (built.raised) return built;
    f->converter = &logging::Formatter::gmtime;
    const logging::Value args[2] = {logging::Value(text), logging::Value(-3)};
    logging::LogRecord r = record(args);
    return outcome_of([&](std::string& out) { f->format(r, out); });
  }

  std::string describe() const {
    return "style '" + show(std::string_view(&style, 1)) + "' bits " + std::to_string(bits) + " datefmt '" +
           show(datefmt) + "' text '" + show(text) + "' fmt '" + show(fmt) + "'";
  }
};

}  // namespace pyos::fuzz
