// logging.LogRecord against CPython 3.13 (tests/golden/logging/core_record.json, written by
// tools/oracle/gen_logging_core.py): getMessage() for msg/args combinations, the KeyError
// of an `extra` key that names a record attribute (a record factory's too), makeLogRecord,
// created/msecs/asctime from given time_ns values, vars(record) after a sequence of changes;
// and the time attributes' arithmetic of live records, checked against the formulas of
// CPython's LogRecord.__init__.
#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "logging/core_support.hpp"
#include "logging/runtime.hpp"

namespace pyos::logging::coretest {
namespace {

const json& doc() {
  static const json d = pyos::test::golden("logging/core_record.json");
  return d;
}

TEST(LoggingCoreRecord, GetMessageMatchesCPython) {
  int failures = 0;
  for (const auto& c : pyos::test::golden_cases(doc())) {
    Values values;
    const Value msg = values.make(c.at("msg"));
    const std::span<const Value> args = values.args(c.at("args"));
    // LogRecord(name, level, pathname, lineno, msg, args, exc_info): Python's constructor
    // unwraps a single non-empty mapping argument; pyos keeps it as a one-element span.
    LogRecord record("n", INFO, "p", 1, msg, args);
    const json got = outcome([&] { return record.getMessage(); });
    if (got != c.at("result") && ++failures <= 30) {
      ADD_FAILURE() << "getMessage " << show(c) << " got " << show(got);
    }
    // The same through a copy (an owning record) and through the fast path of a logging call.
    LogRecord copy = record;
    const json got_copy = outcome([&] { return copy.getMessage(); });
    EXPECT_EQ(got_copy, c.at("result")) << "copied record " << show(c);
  }
  EXPECT_EQ(failures, 0);
}

// A handler that keeps copies of the records it sees.
class Keep final : public Handler {
 public:
  void emit(LogRecord& record) override { records.push_back(record); }
  std::vector<LogRecord> records;
};

TEST(LoggingCoreRecord, GetMessageThroughLoggingCalls) {
  Logger& lg = getLogger("record.calls");
  lg.propagate = false;
  auto keep = std::make_shared<Keep>();
  lg.addHandler(keep);
  for (const auto& c : pyos::test::golden_cases(doc())) {
    Values values;
    const Value msg = values.make(c.at("msg"));
    const std::span<const Value> args = values.args(c.at("args"));
    keep->records.clear();
    with_args(args, [&](const auto&... a) { lg.warning(msg, a...); });
    ASSERT_EQ(keep->records.size(), 1u) << show(c);
    const json got = outcome([&] { return keep->records[0].getMessage(); });
    EXPECT_EQ(got, c.at("result")) << "logger.warning(" << show(c.at("msg")) << ", *" << show(c.at("args")) << ")";
  }
}

TEST(LoggingCoreRecord, ExtraClashMatchesCPython) {
  Logger& lg = getLogger("extra.probe");
  lg.propagate = false;
  lg.addHandler(std::make_shared<NullHandler>());
  for (const auto& row : doc().at("extra")) {
    const std::string key = row.at(0).get<std::string>();
    json got;
    if (key.starts_with("factory:")) {
      // CPython: a record factory that sets record.user = 'factory'; warning('x', extra={key: 1}).
      const LogRecordFactory old = getLogRecordFactory();
      setLogRecordFactory([old](std::string_view name, int level, std::string_view pathname, int lineno,
                                const Value& msg, std::span<const Value> args, std::exception_ptr exc_info,
                                std::optional<std::string_view> func, std::optional<std::string> sinfo) {
        LogRecord r = old(name, level, pathname, lineno, msg, args, std::move(exc_info), func, std::move(sinfo));
        r.set("user", "factory");
        return r;
      });
      const std::string extra_key = key.substr(8);
      got = outcome([&] {
        lg.warning("x", logging::extra({{extra_key, 1}}));
        return std::string();
      });
      setLogRecordFactory({});
    } else if (key == "ok+msg") {
      const Item items[] = {{"ok", 1}, {"msg", 2}};
      got = outcome([&] {
        lg.makeRecord("n", 20, "f", 1, Value("m"), {}, nullptr, std::nullopt, Mapping(items, 2));
        return std::string();
      });
    } else {
      got = outcome([&] {
        lg.warning("x", logging::extra({{key, 1}}));
        return std::string();
      });
    }
    EXPECT_EQ(got, row.at(1)) << "extra={" << show(row.at(0)) << ": 1}";
  }
}

// Keys of `extra` become record attributes that formats can use.
TEST(LoggingCoreRecord, ExtraAttributesReachTheFormatter) {
  Logger& lg = getLogger("extra.fmt");
  lg.propagate = false;
  auto stream = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(stream);
  h->setFormatter(std::make_shared<Formatter>("%(user)s|%(count)03d|%(message)s"));
  lg.addHandler(h);
  lg.warning("hi %s", "there", logging::extra({{"user", "ann"}, {"count", 7}}));
  EXPECT_EQ(stream->getvalue(), "ann|007|hi there\n");
}

TEST(LoggingCoreRecord, MakeLogRecordMatchesCPython) {
  for (const auto& c : doc().at("makeLogRecord")) {
    Values values;
    std::vector<Item> items;
    const json* args = nullptr;
    for (const auto& kv : c.at("attrs")) {
      if (kv.at(0) == "args") {
        args = &kv.at(1);
      } else {
        items.push_back({values.keep(kv.at(0).get<std::string>()), values.make(kv.at(1))});
      }
    }
    LogRecord r = makeLogRecord(Mapping(items.data(), items.size()));
    if (args) r.args = values.args(*args);
    const std::string where = show(c.at("attrs"));
    // Python's default name is None; pyos's is the text "None" (what every format prints).
    const json name = c.at("name").is_null() ? json("None") : c.at("name");
    EXPECT_EQ(json(std::string(r.name)), name) << where;
    EXPECT_EQ(json(str(r.msg)), c.at("msg").is_string() ? c.at("msg") : json(str(values.make(c.at("msg")))))
        << where;
    EXPECT_EQ(json(std::string(r.levelname)), c.at("levelname")) << where;
    EXPECT_EQ(json(std::string(r.pathname)), c.at("pathname")) << where;
    EXPECT_EQ(json(std::string(r.filename)), c.at("filename")) << where;
    EXPECT_EQ(json(std::string(r.module)), c.at("module")) << where;
    EXPECT_EQ(json(r.lineno), c.at("lineno")) << where;
    EXPECT_EQ(r.funcName ? json(std::string(*r.funcName)) : json(), c.at("funcName")) << where;
    EXPECT_EQ(r.exc_text ? json(*r.exc_text) : json(), c.at("exc_text")) << where;
    EXPECT_EQ(r.stack_info ? json(*r.stack_info) : json(), c.at("stack_info")) << where;
    EXPECT_EQ(outcome([&] { return r.getMessage(); }), c.at("message")) << where;
    const std::optional<Value> custom = r.get("custom");
    EXPECT_EQ(custom ? json(str(*custom)) : json(), c.at("custom")) << where;
    Formatter f(
        "%(name)s|%(levelname)s|%(pathname)s|%(filename)s|%(module)s|%(lineno)d|"
        "%(funcName)s|%(message)s");
    EXPECT_EQ(outcome([&] { return f.format(r); }), c.at("formatted")) << where;
  }
}

// created, msecs and asctime (time.gmtime) of a record made at a given time.time_ns(), as
// CPython's LogRecord computed them (the golden "times": around the rounding of created to
// the next second, and before 1970).
TEST(LoggingCoreRecord, TimesFromTimeNsMatchCPython) {
  for (const auto& c : doc().at("times")) {
    const auto ns = c.at("ns").get<std::int64_t>();
    const detail::RecordTimes times = detail::record_times(ns);
    EXPECT_EQ(times.created, c.at("created").get<double>()) << "ns " << ns;
    EXPECT_EQ(times.msecs, c.at("msecs").get<double>()) << "ns " << ns;
    LogRecord r = makeLogRecord(Mapping{{"created", times.created}, {"msecs", times.msecs}});
    Formatter f("%(asctime)s");
    f.converter = &Formatter::gmtime;
    EXPECT_EQ(outcome([&] { return f.format(r); }), c.at("asctime")) << "ns " << ns;
  }
}

// CPython's LogRecord.__init__ (3.13):
//   ct = time.time_ns()
//   created = ct / 1e9
//   msecs = (ct % 1_000_000_000) // 1_000_000 + 0.0
//   if msecs == 999.0 and int(created) != ct // 1_000_000_000: msecs = 0.0
//   relativeCreated = (ct - _startTime) / 1e6
// so msecs is a whole number in [0, 999] derived from the same nanosecond reading as
// created, and the difference of two records' relativeCreated is their created_ns
// difference in milliseconds.
TEST(LoggingCoreRecord, TimeAttributesFollowCPythonArithmetic) {
  Logger& lg = getLogger("record.time");
  lg.propagate = false;
  auto keep = std::make_shared<Keep>();
  lg.addHandler(keep);
  for (int i = 0; i < 200; ++i) lg.warning("tick %d", i);
  ASSERT_EQ(keep->records.size(), 200u);
  const LogRecord& first = keep->records.front();
  for (const LogRecord& r : keep->records) {
    EXPECT_EQ(r.created, static_cast<double>(r.created_ns) / 1e9);
    const std::int64_t sub = ((r.created_ns % 1'000'000'000) + 1'000'000'000) % 1'000'000'000;
    const std::int64_t second = (r.created_ns - sub) / 1'000'000'000;
    const bool rounded_up = sub >= 999'000'000 && static_cast<std::int64_t>(r.created) != second;
    EXPECT_EQ(r.msecs, rounded_up ? 0.0 : static_cast<double>(sub / 1'000'000));
    EXPECT_EQ(r.msecs, std::floor(r.msecs));
    EXPECT_GE(r.msecs, 0.0);
    EXPECT_LE(r.msecs, 999.0);
    EXPECT_GE(r.relativeCreated, 0.0);
    const double expected_delta = static_cast<double>(r.created_ns - first.created_ns) / 1e6;
    EXPECT_NEAR(r.relativeCreated - first.relativeCreated, expected_delta, 1e-6);
    EXPECT_GE(r.created_ns, first.created_ns);
    // The record's text attributes are those of a logging call from this file.
    EXPECT_EQ(r.filename, "core_record_test.cpp");
    EXPECT_EQ(r.module, "core_record_test");
    EXPECT_EQ(r.levelname, "WARNING");
    EXPECT_EQ(r.name, "record.time");
  }
  // Python's time.time() / time_ns() agree with the record to the second.
  const double now = static_cast<double>(time::time_ns()) / 1e9;
  EXPECT_LE(std::fabs(now - keep->records.back().created), 60.0);
}

// makeLogRecord with an "args" that is not a tuple: Python's args object itself (golden
// "args_objects": getMessage formats only when it is true; %(args)s prints it), and
// handleError's "Arguments:" line is its str().
TEST(LoggingCoreRecord, ArgsObjectAsCPython) {
  Formatter f("%(args)s|%(message)s");
  for (const auto& c : doc().at("args_objects")) {
    Values values;
    const Value args = values.make(c.at("args"));
    LogRecord r = makeLogRecord(Mapping{{"msg", values.keep(c.at("msg").get<std::string>())}, {"args", args}});
    EXPECT_EQ(outcome([&] { return f.format(r); }), c.at("formatted")) << show(c);
  }
  CaptureFd2 capture;
  LogRecord failing = makeLogRecord(Mapping{{"msg", "%d"}, {"args", "xy"}});
  StreamHandler(std::make_shared<io::StringIO>()).handle(failing);
  capture.restore();
  const std::vector<std::string> lines = lines_of(capture.text());
  ASSERT_FALSE(lines.empty()) << capture.text();
  EXPECT_EQ(lines.back(), doc().at("args_object_arguments_line").get<std::string>()) << capture.text();
}

// record.set() keeps integers exact (a thread id is an unsigned 64-bit number).
TEST(LoggingCoreRecord, SetKeepsLargeIntegers) {
  LogRecord r = makeLogRecord({{"thread", std::uint64_t{18446744073709551615u}}, {"process", 2147483647}});
  ASSERT_TRUE(r.thread.has_value());
  EXPECT_EQ(*r.thread, 18446744073709551615ul);
  EXPECT_EQ(r.process, 2147483647);
  EXPECT_EQ(Formatter("%(thread)d %(process)d").format(r), "18446744073709551615 2147483647");
}

// vars(record) (Python's record.__dict__) after a sequence of makeLogRecord, setattr,
// Formatter.format and copy.copy steps, as CPython 3.13 lists it (the golden "vars"): the
// keys in order, and repr() of each value but the few that differ from run to run. This is
// what a handler that pickles a record (SocketHandler's wire format) or queues a copy of it
// (QueueHandler.prepare, the "queue_prepare" case) takes apart.
TEST(LoggingCoreRecord, VarsMatchCPython) {
  for (const auto& c : doc().at("vars")) {
    const std::string id = c.at("id").get<std::string>();
    Values values;
    std::optional<LogRecord> record;
    for (const auto& step : c.at("steps")) {
      const std::string op = step.at(0).get<std::string>();
      if (op == "make") {
        record.emplace(build_record(step.at(1), values));
      } else if (op == "set") {
        record->set(step.at(1).get<std::string>(), values.make(step.at(2)));
      } else if (op == "format") {
        Formatter f(step.at(1).get<std::string>());
        f.converter = &Formatter::gmtime;
        (void)f.format(*record);
      } else if (op == "copy") {
        const LogRecord copy = *record;
        record.emplace(copy);
      } else {
        FAIL() << id << ": unknown step " << op;
      }
    }
    // The oracle's VOLATILE: values that differ from run to run, compared by place only.
    const std::set<std::string_view> volatile_keys{"relativeCreated", "thread", "threadName", "process"};
    json got = json::array();
    for (const Item& item : record->vars()) {
      const std::string key(item.key);
      if (volatile_keys.contains(item.key)) {
        got.push_back({key, nullptr});
        continue;
      }
      std::string repr;
      append_repr(repr, item.value);
      got.push_back({key, repr});
    }
    EXPECT_EQ(got, c.at("vars")) << id << "\n got " << show(got) << "\n want " << show(c.at("vars"));
  }
}

// QueueHandler and QueueListener as CPython 3.13 has them, built from Handler, a record copy
// and a thread, against CPython's output for the same calls (the golden "queue"). The copy
// must own everything: the calls' arguments are temporaries, gone when the listener's thread
// formats the copy (AddressSanitizer's build would report a view that outlived them).
class QueueHandlerTwin final : public Handler {
 public:
  // QueueHandler.prepare(): the handler's own format, then a copy with msg = message = that
  // text and no args, exc_info, exc_text or stack_info; enqueue() puts it on the queue.
  void emit(LogRecord& record) override {
    const std::string text = format(record);
    LogRecord copy = record;
    copy.set("message", Value(std::string_view(text)));
    copy.set("msg", Value(std::string_view(text)));
    copy.set("args", Value());
    copy.exc_info = nullptr;
    copy.set("exc_text", Value());
    copy.set("stack_info", Value());
    const std::lock_guard guard(mutex_);
    queue_.push_back(std::move(copy));
    ready_.notify_one();
  }
  // QueueListener's thread: dequeue() until the sentinel (nullopt), handle() by the target.
  void listen(Handler& target) {
    for (;;) {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return !queue_.empty(); });
      std::optional<LogRecord> record = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      if (!record) return;
      target.handle(*record);
    }
  }
  void stop() {
    const std::lock_guard guard(mutex_);
    queue_.emplace_back(std::nullopt);
    ready_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::optional<LogRecord>> queue_;
};

TEST(LoggingCoreRecord, QueuedCopiesFormatAsCPythonsQueueListener) {
  auto out = std::make_shared<io::StringIO>();
  auto target = std::make_shared<StreamHandler>(out);
  target->setFormatter(std::make_shared<Formatter>(
      "%(name)s|%(levelname)s|%(message)s|%(user)s|%(args)s|%(exc_text)s|%(stack_info)s"));
  auto queue = std::make_shared<QueueHandlerTwin>();
  queue->setFormatter(std::make_shared<Formatter>("[%(levelname)s] %(message)s"));
  Logger& lg = getLogger("queue.probe");
  lg.propagate = false;
  lg.setLevel(DEBUG);
  lg.addHandler(queue);
  std::thread listener([&] { queue->listen(*target); });
  lg.info("a %s %d", std::string("text"), 7, logging::extra({{"user", std::string("u1")}}));
  lg.warning("%(k)s and %(n)05.1f", Mapping{{"k", std::string("mapped")}, {"n", 2.25}},
             logging::extra({{"user", "u2"}}));
  lg.error("caf\u00e9 %r", std::string("\u20ac"), logging::extra({{"user", "u3"}}),
           exc_info(std::make_exception_ptr(ValueError("bad"))));
  lg.debug("%s", std::string(300, 'x'), logging::extra({{"user", "u4"}}));
  queue->stop();
  listener.join();
  lg.removeHandler(queue);
  EXPECT_EQ(out->getvalue(), doc().at("queue").get<std::string>());
}

}  // namespace
}  // namespace pyos::logging::coretest
