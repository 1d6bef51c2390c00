// The logger hierarchy against CPython 3.13: levels, handlers, filters, propagation,
// disable, lastResort, placeholders, the module-level functions
// (tests/golden/logging/core_scenarios.json, written by
// tools/oracle/gen_logging_core_scenarios.py, which documents the operations).
//
// Each scenario is one parameterised TEST, so under ctest it runs in a fresh process (the
// hierarchy is process state) as each scenario ran in a fresh CPython; run in one process,
// each starts from the module state the one before it found (state_guard.cpp). Everything
// written to file descriptor 2 (lastResort, basicConfig's stderr handler, "No handlers
// could be found") is captured and compared with what CPython wrote to sys.stderr.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

constexpr std::string_view kGolden = "logging/core_scenarios.json";

const json& doc() {
  static const json d = pyos::test::golden(kGolden);
  return d;
}

Logger& lg(const json& name) {
  const std::string n = name.get<std::string>();
  return n.empty() ? getLogger() : getLogger(n);
}

class Interpreter {
 public:
  explicit Interpreter(std::string format) : format_(std::move(format)) {}

  void run(const json& op) {
    const std::string code = op.at(0).get<std::string>();
    if (code == "getLogger") {
      lg(op.at(1));
    } else if (code == "getChild") {
      lg(op.at(1)).getChild(op.at(2).get<std::string>());
    } else if (code == "setLevel") {
      set_level(lg(op.at(1)), op.at(2));
    } else if (code == "handler") {
      auto stream = std::make_shared<io::StringIO>();
      auto h = std::make_shared<StreamHandler>(stream);
      h->setFormatter(std::make_shared<Formatter>(format_));
      set_level(*h, op.at(3));
      const std::string name = op.at(1).get<std::string>();
      handlers_[name] = h;
      streams_[name] = stream;
      order_.push_back(name);
      lg(op.at(2)).addHandler(h);
    } else if (code == "addHandler") {
      lg(op.at(1)).addHandler(handlers_.at(op.at(2).get<std::string>()));
    } else if (code == "removeHandler") {
      lg(op.at(1)).removeHandler(handlers_.at(op.at(2).get<std::string>()));
    } else if (code == "hsetLevel") {
      set_level(*handlers_.at(op.at(1).get<std::string>()), op.at(2));
    } else if (code == "filter") {
      target(op.at(1), op.at(2)).addFilter(std::make_shared<Filter>(op.at(3).get<std::string>()));
    } else if (code == "dropFilter") {
      const std::string text = op.at(3).get<std::string>();
      target(op.at(1), op.at(2)).addFilter([text](LogRecord& r) {
        return r.getMessage().find(text) == std::string::npos;
      });
    } else if (code == "prefixFilter") {
      target(op.at(1), op.at(2)).addFilter([](LogRecord& r) {
        r.set("msg", Value("F:" + str(r.msg)));
        return true;
      });
    } else if (code == "replaceFilter") {
      target(op.at(1), op.at(2)).addFilter([](LogRecord& r) {
        LogRecord copy = r;
        copy.set("msg", Value("R:" + str(r.msg)));
        return copy;
      });
    } else if (code == "removeFilters") {
      Filterer& t = target(op.at(1), op.at(2));
      for (const auto& f : t.filters()) t.removeFilter(f);
    } else if (code == "propagate") {
      lg(op.at(1)).propagate = op.at(2).get<bool>();
    } else if (code == "disabled") {
      lg(op.at(1)).disabled = op.at(2).get<bool>();
    } else if (code == "disable") {
      if (op.at(1).is_string()) {
        disable(std::string_view(op.at(1).get<std::string>()));
      } else {
        disable(op.at(1).get<int>());
      }
    } else if (code == "log") {
      Logger& l = lg(op.at(1));
      const int level = op.at(2).get<int>();
      const std::string msg = op.at(3).get<std::string>();
      with_args(args(op.at(4)), [&](const auto&... a) { l.log(level, msg, a...); });
    } else if (code == "module") {
      const std::string fn = op.at(1).get<std::string>();
      const std::string msg = op.at(2).get<std::string>();
      with_args(args(op.at(3)), [&](const auto&... a) {
        if (fn == "debug") logging::debug(msg, a...);
        else if (fn == "info") logging::info(msg, a...);
        else if (fn == "warning") logging::warning(msg, a...);
        else if (fn == "error") logging::error(msg, a...);
        else if (fn == "critical") logging::critical(msg, a...);
        else throw std::runtime_error("unknown module function " + fn);
      });
    } else if (code == "hname") {
      handlers_.at(op.at(1).get<std::string>())->set_name(op.at(2).get<std::string>());
    } else if (code == "hclose") {
      handlers_.at(op.at(1).get<std::string>())->close();
    } else if (code == "addLevelName") {
      addLevelName(op.at(1).get<int>(), op.at(2).get<std::string>());
    } else if (code == "lastResort") {
      lastResort.store(nullptr);
    } else if (code == "raiseExceptions") {
      raiseExceptions = op.at(1).get<bool>();
    } else if (code == "check") {
      results.push_back(check(op));
    } else {
      throw std::runtime_error("unknown operation " + code);
    }
  }

  json outputs() const {
    json out = json::object();
    for (const auto& name : order_) out[name] = lines_of(streams_.at(name)->getvalue());
    return out;
  }

  json results = json::array();

 private:
  template <class T>
  static void set_level(T& t, const json& level) {
    if (level.is_string()) {
      t.setLevel(std::string_view(level.get<std::string>()));
    } else {
      t.setLevel(level.get<int>());
    }
  }

  Filterer& target(const json& kind, const json& name) {
    if (kind == "logger") return lg(name);
    return *handlers_.at(name.get<std::string>());
  }

  std::span<const Value> args(const json& list) { return values_.args(json::array({"tuple", list})); }

  json check(const json& op) {
    const std::string what = op.at(1).get<std::string>();
    if (what == "effective") return lg(op.at(2)).getEffectiveLevel();
    if (what == "enabled") return lg(op.at(2)).isEnabledFor(op.at(3).get<int>());
    if (what == "level") return lg(op.at(2)).level();
    if (what == "parent") {
      Logger* p = lg(op.at(2)).parent();
      return p ? json(p->name) : json();
    }
    if (what == "children") {
      std::vector<std::string> names;
      for (Logger* c : lg(op.at(2)).getChildren()) names.push_back(c->name);
      std::sort(names.begin(), names.end());
      return names;
    }
    if (what == "hasHandlers") return lg(op.at(2)).hasHandlers();
    if (what == "handlers") {
      json names = json::array();
      for (const auto& h : lg(op.at(2)).handlers()) {
        std::string n = "?";
        for (const auto& [name, mine] : handlers_) {
          if (mine == h) n = name;
        }
        names.push_back(n);
      }
      return names;
    }
    if (what == "names") {
      std::vector<std::string> names = root().manager()->loggerNames();
      std::sort(names.begin(), names.end());
      return names;
    }
    if (what == "same") return &lg(op.at(2)) == &lg(op.at(3));
    if (what == "disable") return root().manager()->disable();
    if (what == "repr") return lg(op.at(2)).repr();
    if (what == "byName") {
      std::shared_ptr<Handler> h = getHandlerByName(op.at(2).get<std::string>());
      if (!h) return json();
      for (const auto& [name, mine] : handlers_) {
        if (mine == h) return name;
      }
      return "?";
    }
    if (what == "handlerNames") {
      std::vector<std::string> names = getHandlerNames();
      std::sort(names.begin(), names.end());
      return names;
    }
    if (what == "hrepr") return handlers_.at(op.at(2).get<std::string>())->repr();
    throw std::runtime_error("unknown check " + what);
  }

  std::string format_;
  Values values_;
  std::map<std::string, std::shared_ptr<StreamHandler>> handlers_;
  std::map<std::string, std::shared_ptr<io::StringIO>> streams_;
  std::vector<std::string> order_;
};

class LoggingCoreScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(LoggingCoreScenario, MatchesCPython) {
  const json* scenario = golden_case(doc(), GetParam());
  ASSERT_NE(scenario, nullptr) << "no scenario " << GetParam() << " in core_scenarios.json";
  SCOPED_TRACE("scenario " + GetParam() + ": " + scenario->at("doc").get<std::string>());

  Interpreter interp(doc().at("format").get<std::string>());
  std::string err;
  {
    CaptureFd2 capture;
    int index = 0;
    for (const auto& op : scenario->at("ops")) {
      try {
        interp.run(op);
      } catch (const std::exception& e) {
        capture.restore();
        FAIL() << "operation " << index << " " << show(op) << " threw " << e.what();
      }
      ++index;
    }
    capture.restore();
    err = capture.text();
  }
  EXPECT_EQ(interp.results, scenario->at("results")) << "checks of " << GetParam() << ", ops: "
                                                      << show(scenario->at("ops"));
  EXPECT_EQ(interp.outputs(), scenario->at("outputs")) << "handler output of " << GetParam();
  EXPECT_EQ(err, scenario->at("stderr").get<std::string>()) << "stderr of " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(CPython, LoggingCoreScenario, ::testing::ValuesIn(pyos::test::golden_case_ids(kGolden)),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace pyos::logging::coretest
