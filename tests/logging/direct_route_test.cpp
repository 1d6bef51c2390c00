// The direct route (src/logging/direct.hpp): a plain call whose one handler is exactly a
// StreamHandler or a FileHandler is formatted from the call's facts, without a LogRecord.
//
// The general route is the one the golden and live tests hold to CPython; here the direct
// route is held to it. Each line written by the direct route starts with the record's
// created, msecs and relativeCreated (str() of a float is its shortest repr, so they read
// back exactly); the test then makes the record the call would have made, with those
// times, and formats it with the same formatter through Formatter::format. The lines must
// be equal. Then: everything that needs the record (filters, factories, subclasses, extra
// keys and defaults, arguments whose str() is user code, failures) takes the general route.
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core_support.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/stringio.hpp"
#include "pyos/io/textio.hpp"
#include "pyos/logging.hpp"
#include "pyos/time.hpp"
#include "support/pyos_test.hpp"

namespace logging = pyos::logging;

namespace {

std::string prefix(char style) {
  switch (style) {
    case '{': return "{created}|{msecs}|{relativeCreated}|";
    case '$': return "${created}|${msecs}|${relativeCreated}|";
    default: return "%(created)s|%(msecs)s|%(relativeCreated)s|";
  }
}

struct Case {
  std::string fmt;
  char style = '%';
  std::optional<std::string> datefmt;
  bool gmtime = false;
  std::optional<std::string> msec_format;  // default_msec_format, when not the default
  std::optional<std::string> time_format;  // default_time_format, when not the default
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.push_back(text.substr(start, nl - start));
  }
  return out;
}

// The general route's line for the record of the call at `where`, made at the times that
// `line` starts with.
std::string general_line(logging::Logger& log, logging::Formatter& f, int level, const std::string& line,
                         const std::source_location& where, std::string_view msg,
                         std::span<const logging::Value> args) {
  // The record as _log() makes it for a call at `where`.
  const std::size_t a = line.find('|');
  const std::size_t b = line.find('|', a + 1);
  const std::size_t c = line.find('|', b + 1);
  if (c == std::string::npos) return "(no times in " + line + ")";
  const logging::Caller caller = log.findCaller(false, 1, where);
  logging::LogRecord record =
      log.makeRecord(log.name, level, caller.filename, caller.lineno, logging::Value(msg), args, nullptr, caller.funcName);
  record.created = std::strtod(line.substr(0, a).c_str(), nullptr);
  record.msecs = std::strtod(line.substr(a + 1, b - a - 1).c_str(), nullptr);
  record.relativeCreated = std::strtod(line.substr(b + 1, c - b - 1).c_str(), nullptr);
  return f.format(record);
}

}  // namespace

TEST(LoggingDirectRoute, FormatsAsTheGeneralRouteFormatsTheRecord) {
  const std::vector<Case> cases = {
      {"%(asctime)s %(levelname)s %(name)s: %(message)s"},
      {"%(name)s|%(msg)s|%(levelname)s|%(levelno)s|%(pathname)s|%(filename)s|%(module)s|%(exc_info)s|"
       "%(exc_text)s|%(stack_info)s|%(lineno)d|%(funcName)s|%(created)f|%(msecs)d|%(relativeCreated)d|"
       "%(thread)d|%(threadName)s|%(processName)s|%(process)d|%(taskName)s|%(message)s|%(asctime)s"},
      {"%(levelname)-8s %(name)10s %(lineno)05d %(message).12s %(msecs)03d %(created).3f %(thread)x %(levelno)r"},
      {"%(asctime)s %(message)s", '%', "%H:%M:%S"},
      {"%(asctime)s %(message)s", '%', std::nullopt, true},
      {"%(asctime)s %(message)s", '%', std::nullopt, false, "%s.%03d"},
      {"%(asctime)s %(message)s", '%', std::nullopt, false, std::nullopt, "%d/%m/%Y %H-%M-%S"},
      {"%(asctime)s %(message)s", '%', std::nullopt, false, "", std::nullopt},
      {"{asctime} {levelname:>8} {name!r} {lineno:#x} {message} {msecs:03.0f} {thread} {process} {funcName}", '{'},
      {"{name}|{msg}|{levelno}|{pathname}|{filename}|{module}|{exc_info}|{stack_info}|{created}|{taskName}", '{'},
      {"${asctime} ${levelname} ${name} ${message} ${lineno} ${threadName} ${processName} ${module}", '$'},
  };
  const std::vector<std::pair<std::string, std::vector<logging::Value>>> messages = {
      {"Logging int: %d, int: %d, double: %f", {41, 42, 3.14}},
      {"no arguments, 100% literal", {}},
      {"%s %r %a %5s|%-5s| %x %X %o %e %g %.2f %c %%", {"text", "it's", "é", "ab", "cd", 255, 255, 8, 1e100, 0.5, 2.675, 65}},
      {"%s %s %s %s", {true, nullptr, logging::Value(logging::Bytes{"b\x01"}), -1.5}},
      {"unicode: %s", {"h\xc3\xa9llo \xe2\x82\xac"}},
  };
  auto& log = logging::getLogger("direct.equal");
  log.propagate = false;
  log.setLevel(logging::DEBUG);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fmt);
    auto stream = std::make_shared<pyos::io::StringIO>();
    auto handler = std::make_shared<logging::StreamHandler>(stream);
    auto f = std::make_shared<logging::Formatter>(prefix(c.style) + c.fmt, c.datefmt, c.style);
    if (c.gmtime) f->converter = &logging::Formatter::gmtime;
    if (c.msec_format) f->default_msec_format = c.msec_format->empty() ? std::nullopt : c.msec_format;
    if (c.time_format) f->default_time_format = *c.time_format;
    handler->setFormatter(f);
    log.addHandler(handler);
    for (const auto& [msg, args] : messages) {
      SCOPED_TRACE(msg);
      const logging::coretest::DirectRecords direct;
      const std::source_location where = std::source_location::current();
      log._log(logging::WARNING, logging::Msg(std::string_view(msg), where), args, logging::Kwargs{});
      ASSERT_EQ(direct.since(), 1u) << "the call did not take the direct route";
      const std::vector<std::string> lines = split_lines(stream->getvalue());
      ASSERT_FALSE(lines.empty());
      EXPECT_EQ(lines.back(), general_line(log, *f, logging::WARNING, lines.back(), where, msg, args));
    }
    log.removeHandler(handler);
  }
}

// The direct route makes the line in one pass when every key of a '%' format gives its text
// at once (the message an all-direct `%` format, the time a cached second); anything else
// is made the way the first test checks. Here the one-pass line itself is held to the
// general route's: the call's record is made with the call's time and formatted first
// (which also caches its second), then the one pass must give the same line, or decline
// having written nothing.
TEST(LoggingDirectRoute, TheOnePassLineIsTheGeneralRoutesLine) {
  auto& log = logging::getLogger("direct.line");
  const std::int64_t ns = pyos::time::time_ns();
  const std::source_location where = std::source_location::current();
  // `msg % args` and the line of `fmt`, by the one pass (nullopt: declined) and by the
  // general route.
  struct Made {
    std::optional<std::string> one_pass;
    std::string general;
  };
  const auto make = [&](logging::Formatter& f, std::string_view msg, std::span<const logging::Value> args) {
    const logging::Caller caller = log.findCaller(false, 1, where);
    logging::LogRecord record = log.makeRecord(log.name, logging::ERROR, caller.filename, caller.lineno,
                                               logging::Value(msg), args, nullptr, caller.funcName);
    record.created = static_cast<double>(ns) / 1e9;  // as CPython's LogRecord from time_ns()
    record.msecs = static_cast<double>(ns % 1'000'000'000 / 1'000'000);
    Made made;
    try {
      made.general = f.format(record);
    } catch (const pyos::TypeError& e) {
      made.general = std::string("TypeError: ") + e.what();  // the record's message fails
    }
    const logging::Value text{msg};
    const logging::detail::DirectCall call{log.name, logging::ERROR, &where, &text, args, ns};
    std::string out = "before|";
    if (logging::detail::DirectFormat::line(f, call, out)) {
      made.one_pass = out.substr(7);
    } else {
      EXPECT_EQ(out, "before|") << "declined after writing";
    }
    return made;
  };
  using V = std::vector<logging::Value>;
  std::string many_specs;
  V many_args;
  for (int i = 0; i < 70; ++i) {
    many_specs += "%d,";
    many_args.emplace_back(i);
  }
  const std::vector<std::pair<std::string, V>> direct_messages = {
      {"Logging int: %d, int: %d, double: %f", {41, 42, 3.14}},
      {"no arguments, 100% literal", {}},
      {"%s and %i and %u and %.3f and %F and %s", {"text", -7, std::uint64_t{18446744073709551615u}, 2.0005, 1e15, 12}},
      {"unicode: %s", {"h\xc3\xa9llo \xe2\x82\xac"}},
  };
  const std::vector<std::pair<std::string, V>> other_messages = {
      {"%r and %5d", {"it's", 7}},          // specs that are not direct
      {"%f", {std::numeric_limits<double>::infinity()}},  // a value the direct '%f' does not take
      {"%s", {true}},                        // nor the direct '%s'
      {"%d items", {"many"}},                // a message that fails
  };
  const std::vector<std::string> line_formats = {
      "%(asctime)s %(levelname)s %(name)s: %(message)s",
      "%(message)s|%(message)s|%(levelno)s|%(lineno)s|%(funcName)s|%(filename)s|%(module)s|%(pathname)s|"
      "%(process)s|%(thread)s|%(threadName)s|%(asctime)s|",
      "%(name)s only, and a tail",
      "%(message)s",
  };
  for (const std::string& fmt : line_formats) {
    SCOPED_TRACE(fmt);
    for (const bool gmtime : {false, true}) {
      logging::Formatter f(fmt);
      if (gmtime) f.converter = &logging::Formatter::gmtime;
      for (const auto& [msg, args] : direct_messages) {
        SCOPED_TRACE(msg);
        const Made made = make(f, msg, args);
        ASSERT_TRUE(made.one_pass.has_value());
        EXPECT_EQ(*made.one_pass, made.general);
      }
      for (const auto& [msg, args] : other_messages) {
        SCOPED_TRACE(msg);
        // Declined also by a format without the message: format() computes the message all
        // the same (and reports it when it fails).
        EXPECT_FALSE(make(f, msg, args).one_pass.has_value());
      }
      // A message of many conversions.
      const Made made = make(f, many_specs, many_args);
      ASSERT_TRUE(made.one_pass.has_value());
      EXPECT_EQ(*made.one_pass, made.general);
    }
  }
  // Formats, formatters and settings the one pass leaves to the general way.
  const auto declined = [&](logging::Formatter& f) { return !make(f, "m %d", V{1}).one_pass; };
  logging::Formatter width("%(levelname)-8s %(message)s");
  EXPECT_TRUE(declined(width));
  logging::Formatter created("%(created)s %(message)s");
  EXPECT_TRUE(declined(created));
  logging::Formatter brace("{message}", std::nullopt, '{');
  EXPECT_TRUE(declined(brace));
  logging::Formatter datefmt("%(asctime)s %(message)s", "%H:%M:%S");
  EXPECT_TRUE(declined(datefmt));
  logging::Formatter msecs("%(asctime)s %(message)s");
  msecs.default_msec_format = "%s.%03d";
  EXPECT_TRUE(declined(msecs));
  logging::Formatter no_threads("%(thread)s %(message)s");
  logging::logThreads = false;
  EXPECT_TRUE(declined(no_threads));
  logging::logThreads = true;
  EXPECT_FALSE(declined(no_threads));
}

TEST(LoggingDirectRoute, FileHandlerWritesThroughTheTextLayerAsTheGeneralRoute) {
  pyos::test::TempDir dir;
  auto& log = logging::getLogger("direct.file");
  log.propagate = false;
  log.setLevel(logging::INFO);
  auto handler = std::make_shared<logging::FileHandler>(dir / "log.txt", "w");
  handler->setFormatter(std::make_shared<logging::Formatter>("%(levelname)s %(name)s: %(message)s"));
  log.addHandler(handler);
  const logging::coretest::DirectRecords direct;
  log.info("first %d", 1);
  log.warning("second h\xc3\xa9llo");
  EXPECT_EQ(direct.since(), 2u);
  // Text that is not valid UTF-8 takes the text layer's errors handler (strict here):
  // handleError reports it, nothing reaches the file, and the next record goes on.
  {
    logging::coretest::CaptureFd2 err;
    log.info("bad \xff byte");
    EXPECT_NE(err.text().find("UnicodeEncodeError"), std::string::npos) << err.text();
  }
  log.info("third");
  handler->close();
  log.removeHandler(handler);
  EXPECT_EQ(pyos::test::read_bytes(dir / "log.txt"), "INFO direct.file: first 1\nWARNING direct.file: second h\xc3\xa9llo\nINFO direct.file: third\n");
}

namespace {

// The handler, formatter and logger of a scenario that must take the general route; the
// line is checked by the caller.
struct Scene {
  explicit Scene(const std::string& name, std::shared_ptr<logging::Formatter> f = nullptr)
      : log(logging::getLogger(name)), stream(std::make_shared<pyos::io::StringIO>()),
        handler(std::make_shared<logging::StreamHandler>(stream)) {
    log.propagate = false;
    log.setLevel(logging::DEBUG);
    handler->setFormatter(f ? std::move(f) : std::make_shared<logging::Formatter>("%(name)s %(message)s"));
    log.addHandler(handler);
  }
  ~Scene() { log.removeHandler(handler); }
  std::string text() const { return stream->getvalue(); }
  logging::Logger& log;
  std::shared_ptr<pyos::io::StringIO> stream;
  std::shared_ptr<logging::StreamHandler> handler;
};

struct Loud {
  int* count;
  friend std::ostream& operator<<(std::ostream& os, const Loud& l) { return os << "loud" << ++*l.count; }
};

class StampingFormatter : public logging::Formatter {
 public:
  using Formatter::Formatter;
  using Formatter::formatTime;
  void formatTime(const logging::LogRecord&, std::optional<std::string_view>, std::string& out) override {
    out += "STAMP";
  }
};

}  // namespace

TEST(LoggingDirectRoute, WhatNeedsTheRecordTakesTheGeneralRoute) {
  {  // a handler filter that changes the record
    Scene s("direct.general.filter");
    s.handler->addFilter([](logging::LogRecord& r) {
      r.msg = logging::Value("filtered");
      return true;
    });
    const logging::coretest::DirectRecords direct;
    s.log.info("original");
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text(), "direct.general.filter filtered\n");
  }
  {  // a logger filter
    Scene s("direct.general.loggerfilter");
    s.log.addFilter([](logging::LogRecord& r) { return r.levelno >= logging::WARNING; });
    const logging::coretest::DirectRecords direct;
    s.log.info("dropped");
    s.log.warning("kept");
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text(), "direct.general.loggerfilter kept\n");
  }
  {  // an extra attribute, and a default for a key the record lacks
    auto f = std::make_shared<logging::Formatter>("%(user)s %(message)s", std::nullopt, '%', true,
                                                  logging::Dict{{"user", "nobody"}});
    Scene s("direct.general.extra", f);
    const logging::coretest::DirectRecords direct;
    s.log.info("one");
    s.log.info("two", logging::extra(logging::Dict{{"user", "alice"}}));
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text(), "nobody one\nalice two\n");
  }
  {  // an argument whose str() is user code: formatted once
    Scene s("direct.general.object");
    int count = 0;
    const logging::coretest::DirectRecords direct;
    s.log.info("value %s", Loud{&count});
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(count, 1);
    EXPECT_EQ(s.text(), "direct.general.object value loud1\n");
  }
  {  // a Formatter subclass: its formatTime is used
    Scene s("direct.general.subclass", std::make_shared<StampingFormatter>("%(asctime)s %(message)s"));
    const logging::coretest::DirectRecords direct;
    s.log.info("stamped");
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text(), "STAMP stamped\n");
  }
  {  // a record factory
    Scene s("direct.general.factory");
    const logging::LogRecordFactory old = logging::getLogRecordFactory();
    logging::setLogRecordFactory([old](auto&&... a) {
      logging::LogRecord r = old(a...);
      r.msg = logging::Value("from the factory");
      return r;
    });
    const logging::coretest::DirectRecords direct;
    s.log.info("plain");
    logging::setLogRecordFactory(old);  // the default factory again: the direct route again
    EXPECT_EQ(direct.since(), 0u);
    s.log.info("plain");
    EXPECT_EQ(direct.since(), 1u);
    EXPECT_EQ(s.text(), "direct.general.factory from the factory\ndirect.general.factory plain\n");
  }
  {  // exc_info: the exception text follows the line
    Scene s("direct.general.exc");
    const logging::coretest::DirectRecords direct;
    try {
      throw pyos::ValueError("boom");
    } catch (...) {
      s.log.exception("failed");
    }
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text().rfind("direct.general.exc failed\nValueError: boom", 0), 0u) << s.text();
  }
  {  // a whole-record %s in a format that was not validated: declined once, then general
    auto f = std::make_shared<logging::Formatter>("%s", std::nullopt, '%', false);
    Scene s("direct.general.self", f);
    const logging::coretest::DirectRecords direct;
    s.log.info("first");
    s.log.info("second");
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(split_lines(s.text()).size(), 2u);
    EXPECT_NE(s.text().find("'msg': 'second'"), std::string::npos) << s.text();
  }
  {  // two handlers reached: the general route
    Scene s("direct.general.two");
    auto other = std::make_shared<pyos::io::StringIO>();
    auto second = std::make_shared<logging::StreamHandler>(other);
    s.log.addHandler(second);
    const logging::coretest::DirectRecords direct;
    s.log.info("both");
    s.log.removeHandler(second);
    EXPECT_EQ(direct.since(), 0u);
    EXPECT_EQ(s.text(), "direct.general.two both\n");
    EXPECT_EQ(other->getvalue(), "both\n");  // the default formatter
  }
}

TEST(LoggingDirectRoute, AFailingMessageIsReportedByTheGeneralRoute) {
  Scene s("direct.fail");
  logging::coretest::CaptureFd2 err;
  const logging::coretest::DirectRecords direct;
  s.log.info("%d items", "many");
  s.log.info("then %s", "fine");
  err.restore();
  EXPECT_EQ(direct.since(), 1u);
  EXPECT_EQ(s.text(), "direct.fail then fine\n");
  const std::string report = err.text();
  EXPECT_EQ(report.rfind("--- Logging error ---\n", 0), 0u) << report;
  EXPECT_NE(report.find("TypeError: %d format: a real number is required, not str"), std::string::npos) << report;
  EXPECT_NE(report.find("Message: '%d items'\nArguments: ('many',)\n"), std::string::npos) << report;
}

TEST(LoggingDirectRoute, AFailingWriteIsReportedWithTheRecord) {
  Scene s("direct.write");
  s.stream->close();
  logging::coretest::CaptureFd2 err;
  const logging::coretest::DirectRecords direct;
  s.log.info("lost %d", 7);
  err.restore();
  EXPECT_EQ(direct.since(), 1u);
  const std::string report = err.text();
  EXPECT_EQ(report.rfind("--- Logging error ---\n", 0), 0u) << report;
  // CPython's StringIO.write says it without a period (tests/io/text/stringio_test.cpp).
  EXPECT_NE(report.find("ValueError: I/O operation on closed file\n"), std::string::npos) << report;
  EXPECT_NE(report.find("Message: 'lost %d'\nArguments: (7,)\n"), std::string::npos) << report;
}

namespace {
// A text stream that logs from its own write(): the record re-enters the handler.
class Echo : public pyos::io::StringIO {
 public:
  using StringIO::write;
  std::size_t write(std::string_view text) override {
    if (log) log->info("echo of %s", std::string(text));
    return StringIO::write(text);
  }
  logging::Logger* log = nullptr;
};
}  // namespace

TEST(LoggingDirectRoute, ReentryFromTheStreamIsDroppedAndCounted) {
  auto& log = logging::getLogger("direct.reentry");
  log.propagate = false;
  log.setLevel(logging::INFO);
  auto stream = std::make_shared<Echo>();
  stream->log = &log;
  auto handler = std::make_shared<logging::StreamHandler>(stream);
  log.addHandler(handler);
  const logging::coretest::DirectRecords direct;
  log.info("outer");
  EXPECT_EQ(direct.since(), 2u);  // the outer record, and the inner one, dropped
  EXPECT_EQ(stream->getvalue(), "outer\n");
  EXPECT_EQ(handler->droppedRecords(), 1u);
  log.removeHandler(handler);
}
