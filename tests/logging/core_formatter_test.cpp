// logging.Formatter against CPython 3.13: format() of fixed records in the three styles
// (tests/golden/logging/core_formatter.json), the constructor's style and validate=True
// decisions (core_validate.json), and formatTime (core_formattime.json). All written by
// tools/oracle/gen_logging_core.py; the converter is time.gmtime on both sides.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

std::optional<std::string> opt_string(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

int max_reported() {
  const char* env = std::getenv("PYOS_CORE_MAX_REPORTED");
  return env ? std::atoi(env) : 30;
}

// Runs every case, reports the first mismatches in full and the count.
template <class Row>
void check_cases(const char* file, Row&& row) {
  const json doc = pyos::test::golden(std::string("logging/") + file);
  const json& cases = pyos::test::golden_cases(doc);
  int failures = 0;
  std::size_t index = 0;
  for (const auto& c : cases) {
    std::string detail;
    if (!row(doc, c, detail) && ++failures <= max_reported()) ADD_FAILURE() << file << " case " << index << ": " << detail;
    ++index;
  }
  EXPECT_EQ(failures, 0) << failures << " of " << cases.size() << " cases of " << file << " differ";
}

// Whether a case's format refers to record.args or record.exc_info, which Python holds as
// a tuple (or the args mapping) and pyos renders as the text of its repr.
bool refers_to_tuple_fields(const json& c) {
  if (c.at("fmt").is_null()) return false;
  const std::string fmt = c.at("fmt").get<std::string>();
  return fmt.find("args") != std::string::npos || fmt.find("exc_info") != std::string::npos;
}

bool format_case(const json& doc, const json& c, std::string& detail) {
  Values values;
  LogRecord record = build_record(doc.at("records").at(c.at("record").get<std::string>()), values);
  std::optional<Dict> defaults;
  if (!c.at("defaults").is_null()) defaults = Dict(values.make(c.at("defaults")).as_map());
  const json got = outcome([&] {
    Formatter f(opt_string(c.at("fmt")), opt_string(c.at("datefmt")), style_char(c.at("style")),
                /*validate=*/false, defaults);
    f.converter = &Formatter::gmtime;
    return f.format(record);
  });
  detail = show(c) + " got " + show(got);
  return got == c.at("result");
}

TEST(LoggingCoreFormatter, FormatMatchesCPython) {
  check_cases("core_formatter.json", [](const json& doc, const json& c, std::string& detail) {
    return refers_to_tuple_fields(c) || format_case(doc, c, detail);
  });
}

// %(args)r, {args!r}, {args[0]}, {args:>30} and the same for exc_info: Python formats the
// tuple (or dict) object itself; pyos gives the format the text of its repr as a str.
TEST(LoggingCoreFormatter, FormatArgsAndExcInfoMatchCPython) {
  check_cases("core_formatter.json", [](const json& doc, const json& c, std::string& detail) {
    return !refers_to_tuple_fields(c) || format_case(doc, c, detail);
  });
}

// A record formatted twice gives the same text (exc_text is cached, message/asctime reset).
TEST(LoggingCoreFormatter, FormatTwiceIsStable) {
  const json doc = pyos::test::golden("logging/core_formatter.json");
  for (const char* name : {"plain", "exc_info", "both", "mapping_args"}) {
    Values values;
    LogRecord record = build_record(doc.at("records").at(name), values);
    Formatter f("%(asctime)s %(levelname)s %(message)s");
    f.converter = &Formatter::gmtime;
    const std::string first = f.format(record);
    EXPECT_EQ(f.format(record), first) << name;
  }
}

// A bare `%(field)s` is appended straight from the record; `%(field)-s` (a '-' flag without
// a width, which Python accepts and which changes nothing) takes the general lookup and
// conversion. Both must give the same text for every attribute, None ones included.
TEST(LoggingCoreFormatter, BareStrFieldsMatchTheGeneralPath) {
  const json doc = pyos::test::golden("logging/core_formatter.json");
  const char* fields[] = {"name",      "msg",         "args",        "levelname", "levelno",    "pathname",
                          "filename",  "module",      "exc_info",    "exc_text",  "stack_info", "lineno",
                          "funcName",  "created",     "msecs",       "relativeCreated", "thread", "threadName",
                          "processName", "process",   "taskName",    "message",   "asctime"};
  std::string bare, general;
  for (const char* field : fields) {
    bare += std::string("%(") + field + ")s|";
    general += std::string("%(") + field + ")-s|";
  }
  for (const auto& [name, attributes] : doc.at("records").items()) {
    // A record each: format() caches exc_text in the record, after formatting the line.
    Values values_fast, values_slow;
    LogRecord record_fast = build_record(attributes, values_fast);
    LogRecord record_slow = build_record(attributes, values_slow);
    Formatter fast(bare), slow(general);
    fast.converter = slow.converter = &Formatter::gmtime;
    EXPECT_EQ(fast.format(record_fast), slow.format(record_slow)) << name;
  }
  // The optional attributes set to None. Every time attribute is set: the two records are
  // made at different instants, and a msecs left to the clock could differ between them.
  const Item none_items[] = {{"msg", "m"},          {"funcName", Value()},    {"thread", Value()},
                             {"threadName", Value()}, {"processName", Value()}, {"process", Value()},
                             {"created", 1.0},        {"msecs", 0.0},           {"relativeCreated", 1.0}};
  const Mapping nones(none_items, 9);
  LogRecord record_fast = makeLogRecord(nones);
  LogRecord record_slow = makeLogRecord(nones);
  Formatter fast(bare), slow(general);
  fast.converter = slow.converter = &Formatter::gmtime;
  const std::string text = fast.format(record_fast);
  EXPECT_EQ(text, slow.format(record_slow));
  EXPECT_NE(text.find("|None|None|None|None|"), std::string::npos) << text;  // thread..process
}

// After a `%(key)s` the key's value is the one argument, and it is taken: a spec without a
// key then has none (CPython: TypeError: not enough arguments for format string).
TEST(LoggingCoreFormatter, SpecWithoutKeyAfterBareStrField) {
  LogRecord record = makeLogRecord(Mapping{{"msg", "m"}});
  Formatter f("%(name)s %s");
  EXPECT_RAISES_MSG(f.format(record), TypeError, "not enough arguments for format string");
}

TEST(LoggingCoreFormatter, ValidateMatchesCPython) {
  check_cases("core_validate.json", [](const json&, const json& c, std::string& detail) {
    const json got = outcome([&] {
      Formatter f(opt_string(c.at(1)), std::nullopt, style_char(c.at(0)), c.at(2).get<bool>());
      return f.fmt();
    });
    detail = show(c) + " got " + show(got);
    return got == c.at(3);
  });
}

TEST(LoggingCoreFormatter, FormatTimeMatchesCPython) {
  check_cases("core_formattime.json", [](const json&, const json& c, std::string& detail) {
    Values values;
    const Item attrs[] = {{"created", values.make(c.at("created"))}, {"msecs", values.make(c.at("msecs"))}};
    LogRecord record = makeLogRecord(Mapping(attrs, 2));
    const std::optional<std::string> datefmt = opt_string(c.at("datefmt"));
    const json got = outcome([&] {
      Formatter f;
      f.converter = &Formatter::gmtime;
      f.default_msec_format = opt_string(c.at("default_msec_format"));
      f.default_time_format = c.at("default_time_format").get<std::string>();
      return f.formatTime(record, datefmt ? std::optional<std::string_view>(*datefmt) : std::nullopt);
    });
    detail = show(c) + " got " + show(got);
    return got == c.at("result");
  });
}

// Formatter.converter on the class (Formatter::default_converter) is used by every formatter
// whose own converter is None; Python: logging.Formatter.converter = time.gmtime.
TEST(LoggingCoreFormatter, ClassConverter) {
  LogRecord record = makeLogRecord({{"created", 86400.5}, {"msecs", 500.0}});
  const auto saved = Formatter::default_converter.exchange(&Formatter::gmtime);
  Formatter f;
  EXPECT_EQ(f.formatTime(record), "1970-01-02 00:00:00,500");
  EXPECT_EQ(f.formatTime(record, "%H:%M:%S %Y"), "00:00:00 1970");
  Formatter::default_converter.store(saved);  // the tests after this one see localtime again
}

// The per-second strftime cache must not confuse formatters that differ only in converter,
// format or second.
TEST(LoggingCoreFormatter, TimeCacheKeys) {
  auto epoch = [](double) { return time::gmtime(0); };
  Formatter g, e;
  g.converter = &Formatter::gmtime;
  e.converter = +epoch;
  LogRecord r1 = makeLogRecord({{"created", 1700000000.25}, {"msecs", 250.0}});
  LogRecord r2 = makeLogRecord({{"created", 1700000001.75}, {"msecs", 750.0}});
  EXPECT_EQ(g.formatTime(r1), "2023-11-14 22:13:20,250");
  EXPECT_EQ(e.formatTime(r1), "1970-01-01 00:00:00,250");
  EXPECT_EQ(g.formatTime(r1, "%S"), "20");
  EXPECT_EQ(g.formatTime(r2, "%S"), "21");
  EXPECT_EQ(g.formatTime(r2), "2023-11-14 22:13:21,750");
  EXPECT_EQ(e.formatTime(r2), "1970-01-01 00:00:00,750");
}

// BufferingFormatter: '' for no records, else header + lines + footer (Python's
// BufferingFormatter(linefmt=None) uses a default Formatter: '%(message)s' without newlines).
TEST(LoggingCoreFormatter, BufferingFormatter) {
  std::vector<LogRecord> records;
  records.push_back(makeLogRecord({{"msg", "a %s"}, {"args", 1}}));
  records.push_back(makeLogRecord({{"msg", "b"}}));
  BufferingFormatter plain;
  EXPECT_EQ(plain.format({}), "");
  EXPECT_EQ(plain.format(records), "a 1b");
  auto line = std::make_shared<Formatter>("[%(message)s]");
  BufferingFormatter bracketed(line);
  EXPECT_EQ(bracketed.format(records), "[a 1][b]");
}

// The style classes, each line printed by CPython 3.13.0 for
//   r = makeLogRecord({'msg': 'hi', 'name': 'n', 'levelname': 'INFO'})
//   cls(fmt, defaults={'x': 'D'}): cls._fmt, cls.format(r) (or the exception), usesTime()
// and, for the class attributes, default_format / asctime_format / asctime_search.
TEST(LoggingCoreFormatter, StyleClasses) {
  LogRecord r = makeLogRecord({{"msg", "hi"}, {"name", "n"}, {"levelname", "INFO"}});
  const Dict d{{"x", "D"}};
  EXPECT_EQ(PercentStyle("%(name)s %(levelname)s %(x)s", d).format(r), "n INFO D");
  EXPECT_EQ(StrFormatStyle("{name} {x}", d).format(r), "n D");
  EXPECT_EQ(StringTemplateStyle("$name $x", d).format(r), "n D");
  // No format: the class's default, which needs record.message, set only by Formatter.format.
  EXPECT_EQ(PercentStyle().fmt(), "%(message)s");
  EXPECT_EQ(StrFormatStyle("").fmt(), "{message}");
  EXPECT_EQ(StringTemplateStyle().fmt(), "${message}");
  for (const PercentStyle* style : {static_cast<const PercentStyle*>(new PercentStyle()),
                                    static_cast<const PercentStyle*>(new StrFormatStyle()),
                                    static_cast<const PercentStyle*>(new StringTemplateStyle())}) {
    const std::unique_ptr<const PercentStyle> owned(style);
    EXPECT_EQ(outcome([&] { return style->format(r); }),
              json::array({"ValueError", "Formatting field not found in record: 'message'"}));
    EXPECT_FALSE(style->usesTime());
  }
  EXPECT_EQ(outcome([&] { return PercentStyle("%(y)s").format(r); }),
            json::array({"ValueError", "Formatting field not found in record: 'y'"}));
  Formatter().format(r);  // sets record.message ('hi')
  EXPECT_EQ(PercentStyle().format(r), "hi");

  // validate() (not run by the constructor) and usesTime():
  //   PercentStyle('%(x)')      ValueError "Invalid format '%(x)' for '%' style"
  //   StrFormatStyle('{x')      ValueError "invalid format: expected '}' before end of string"
  //   StringTemplateStyle('${x') ValueError "invalid format: bare '$' not allowed"
  //   PercentStyle('plain')     ValueError "Invalid format 'plain' for '%' style"
  //   StrFormatStyle('{asctime}'), StringTemplateStyle('$asctime'): valid, usesTime() True
  auto check = [](const PercentStyle& s) {
    return outcome([&] {
      s.validate();
      return std::string();
    });
  };
  EXPECT_EQ(check(PercentStyle("%(x)")), json::array({"ValueError", "Invalid format '%(x)' for '%' style"}));
  EXPECT_EQ(check(StrFormatStyle("{x")),
            json::array({"ValueError", "invalid format: expected '}' before end of string"}));
  EXPECT_EQ(check(StringTemplateStyle("${x")), json::array({"ValueError", "invalid format: bare '$' not allowed"}));
  EXPECT_EQ(check(PercentStyle("plain")), json::array({"ValueError", "Invalid format 'plain' for '%' style"}));
  EXPECT_EQ(check(StrFormatStyle("{asctime}")).at(0), "ok");
  EXPECT_TRUE(StrFormatStyle("{asctime}").usesTime());
  EXPECT_EQ(check(StringTemplateStyle("$asctime")).at(0), "ok");
  EXPECT_TRUE(StringTemplateStyle("$asctime").usesTime());

  EXPECT_EQ(PercentStyle::asctime_format, "%(asctime)s");
  EXPECT_EQ(PercentStyle::asctime_search, "%(asctime)");
  EXPECT_EQ(StrFormatStyle::asctime_format, "{asctime}");
  EXPECT_EQ(StrFormatStyle::asctime_search, "{asctime");
  EXPECT_EQ(StringTemplateStyle::asctime_format, "${asctime}");
  EXPECT_EQ(StringTemplateStyle::asctime_search, "${asctime}");
  EXPECT_EQ(StrFormatStyle::default_format, "{message}");
}

}  // namespace
}  // namespace pyos::logging::coretest

namespace pyos::logging::coretest {
namespace {

// Found by the formatter fuzz target's comparison with CPython (fuzz/README.md). Expected
// texts printed by CPython 3.13 for the same calls:
//   Formatter('a\0b')  -> ValueError "Invalid format 'a\x00b' for '%' style" (a raw NUL)
//   Formatter('%s', defaults={'user': 'd', 'n': 7}, validate=False).format(r), r.user = 'r'
//     -> "{'user': 'r', 'n': 7, 'name': 'app', 'msg': 'hi', 'args': ()..." ('user' once)
TEST(LoggingCoreFormatter, MessagesKeepANulAndTheWholeRecordIsDefaultsUnionDict) {
  try {
    Formatter(std::string("a\0b", 3));
    ADD_FAILURE() << "no ValueError";
  } catch (const ValueError& e) {
    static constexpr char kExpected[] = "Invalid format 'a\0b' for '%' style";
    EXPECT_EQ(e.str(), std::string(kExpected, sizeof kExpected - 1));
  }
  Formatter f("%s", std::nullopt, '%', false, Dict{{"user", "d"}, {"n", 7}});
  LogRecord r("app", INFO, "/p/m.py", 3, Value("hi"), {});
  r.set("user", "r");
  const std::string out = f.format(r);
  EXPECT_TRUE(out.starts_with("{'user': 'r', 'n': 7, 'name': 'app', 'msg': 'hi', 'args': ()")) << out;
  std::size_t users = 0;
  for (std::size_t at = out.find("'user'"); at != std::string::npos; at = out.find("'user'", at + 1)) ++users;
  EXPECT_EQ(users, 1u) << out;
}

}  // namespace
}  // namespace pyos::logging::coretest
