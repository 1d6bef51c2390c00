// Handler.handleError's report against CPython 3.13 (tests/golden/logging/
// core_handleerror.json, written by tools/oracle/gen_logging_core.py).
//
// CPython prints "--- Logging error ---", the traceback (ending with the exception line),
// "Call stack:", the Python frames of the logging call, "Message: %r" and "Arguments: %s".
// pyos has no Python traceback: its report is "--- Logging error ---", the exception line,
// "Call stack:", the native frames of the call (or "Logged from file X, line N"), then the
// same Message and Arguments lines (documented in docs/logging.md). So the exception lines
// (CPython's without the traceback frames), the Message line and the Arguments line are
// compared exactly, the rest by structure.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "logging/core_support.hpp"
#include "pyos/io/bytesio.hpp"

namespace pyos::logging::coretest {
namespace {

TEST(LoggingCoreHandleError, ReportMatchesCPython) {
  const json doc = pyos::test::golden("logging/core_handleerror.json");
  for (const auto& c : pyos::test::golden_cases(doc)) {
    const std::string where = "msg=" + show(c.at("msg")) + " args=" + show(c.at("args")) + " fmt=" + show(c.at("fmt"));
    Values values;
    const Value msg = values.make(c.at("msg"));
    const std::span<const Value> args = values.args(c.at("args"));
    Logger lg("he");  // outside the hierarchy, as logging.Logger("he") in the oracle
    auto stream = std::make_shared<io::StringIO>();
    auto h = std::make_shared<StreamHandler>(stream);
    h->setFormatter(std::make_shared<Formatter>(c.at("fmt").get<std::string>(), std::nullopt, '%', false));
    lg.addHandler(h);
    std::string report;
    {
      CaptureFd2 capture;
      with_args(args, [&](const auto&... a) { lg.error(msg, a...); });
      capture.restore();
      report = capture.text();
    }
    EXPECT_EQ(stream->getvalue(), c.at("stream").get<std::string>()) << where;
    const std::vector<std::string> lines = lines_of(report);
    ASSERT_GE(lines.size(), 5u) << where << "\n" << report;
    EXPECT_EQ(lines.front(), "--- Logging error ---") << where;
    const auto call = std::find(lines.begin(), lines.end(), "Call stack:");
    ASSERT_NE(call, lines.end()) << where << "\n" << report;
    // The exception part: CPython's without its traceback frames (a chain keeps its joining
    // lines: the "Formatting field not found" ValueError has the KeyError as its context).
    EXPECT_EQ(std::vector<std::string>(lines.begin() + 1, call),
              c.at("exception_lines").get<std::vector<std::string>>())
        << where << "\n" << report;
    EXPECT_EQ(*(call - 1), c.at("exception").get<std::string>()) << where;
    EXPECT_GT(lines.end() - call, 3) << "no frame or 'Logged from file' line: " << where << "\n" << report;
    EXPECT_EQ(lines[lines.size() - 2], c.at("message_line").get<std::string>()) << where;
    EXPECT_EQ(lines.back(), c.at("arguments_line").get<std::string>()) << where;
    EXPECT_EQ(report.back(), '\n') << where;
    // The report names this file in its call stack (the native frame of the logging call)
    // or in the "Logged from file" fallback.
    EXPECT_NE(report.find("core_handleerror_test.cpp"), std::string::npos) << where << "\n" << report;
    lg.removeHandler(h);
  }
}

TEST(LoggingCoreHandleError, SilentWithoutRaiseExceptions) {
  raiseExceptions = false;
  Logger lg("quiet");
  auto stream = std::make_shared<io::StringIO>();
  lg.addHandler(std::make_shared<StreamHandler>(stream));
  std::string report;
  {
    CaptureFd2 capture;
    lg.error("%d", "x");
    lg.error("%s %s", "only one");
    capture.restore();
    report = capture.text();
  }
  EXPECT_EQ(report, "");
  EXPECT_EQ(stream->getvalue(), "");
  raiseExceptions = true;
}

// A failing emit does not stop the other handlers of the record.
TEST(LoggingCoreHandleError, OtherHandlersStillEmit) {
  Logger& lg = getLogger("he.others");
  lg.propagate = false;
  auto bad_stream = std::make_shared<io::StringIO>();
  auto bad = std::make_shared<StreamHandler>(bad_stream);
  bad->setFormatter(std::make_shared<Formatter>("%(missing)s", std::nullopt, '%', false));
  auto good_stream = std::make_shared<io::StringIO>();
  auto good = std::make_shared<StreamHandler>(good_stream);
  lg.addHandler(bad);
  lg.addHandler(good);
  std::string report;
  {
    CaptureFd2 capture;
    lg.warning("fine %d", 1);
    capture.restore();
    report = capture.text();
  }
  EXPECT_EQ(good_stream->getvalue(), "fine 1\n");
  EXPECT_EQ(bad_stream->getvalue(), "");
  EXPECT_NE(report.find("ValueError: Formatting field not found in record: 'missing'\n"), std::string::npos)
      << report;
}

// A StreamHandler over one of io's binary streams: the record is text, which the stream
// refuses as Python's does (CPython 3.13, StreamHandler(io.BytesIO()): "TypeError: a
// bytes-like object is required, not 'str'", Message 'to bytes', Arguments ()). setStream()
// gives back the old stream, or None when it is the same one; a text stream then works.
// The lines `call` writes to stderr.
template <class F>
std::vector<std::string> stderr_lines(F call) {
  CaptureFd2 capture;
  call();
  capture.restore();
  return lines_of(capture.text());
}

TEST(LoggingCoreHandleError, BinaryOrNoneStreamRefusesText) {
  Logger lg("bin");
  auto bytes = std::make_shared<io::BytesIO>();
  auto h = std::make_shared<StreamHandler>(bytes);
  lg.addHandler(h);
  const std::vector<std::string> lines = stderr_lines([&] { lg.error("to bytes"); });
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[1], "TypeError: a bytes-like object is required, not 'str'");
  EXPECT_EQ(lines[lines.size() - 2], "Message: 'to bytes'");
  EXPECT_EQ(lines.back(), "Arguments: ()");
  EXPECT_EQ(bytes->getvalue(), "");

  auto text = std::make_shared<io::StringIO>();
  EXPECT_EQ(h->setStream(text), bytes);
  EXPECT_EQ(h->setStream(text), nullptr);
  lg.error("now text");
  EXPECT_EQ(text->getvalue(), "now text\n");
  EXPECT_EQ(bytes->getvalue(), "");

  // setStream(None) (CPython 3.13: "AttributeError: 'NoneType' object has no attribute
  // 'write'" from emit, flush() does nothing, repr "<StreamHandler (NOTSET)>").
  EXPECT_EQ(h->setStream(nullptr), text);
  const std::vector<std::string> none_lines = stderr_lines([&] {
    lg.error("to none");
    h->flush();
  });
  ASSERT_GE(none_lines.size(), 5u);
  EXPECT_EQ(none_lines[1], "AttributeError: 'NoneType' object has no attribute 'write'");
  EXPECT_EQ(none_lines[none_lines.size() - 2], "Message: 'to none'");
  EXPECT_EQ(h->repr(), "<StreamHandler (NOTSET)>");
  EXPECT_EQ(text->getvalue(), "now text\n");
  lg.removeHandler(h);
}

}  // namespace
}  // namespace pyos::logging::coretest
