// logging.LoggerAdapter against CPython 3.13 (tests/golden/logging/core_adapter.json,
// written by tools/oracle/gen_logging_adapter.py, which documents the operations): process()
// with and without merge_extra, nesting, a subclass that rewrites the message, every logging
// method, delegation of levels, repr, name, manager and hasHandlers, and the exceptions a
// call raises (an extra key that clashes with the record, merging into no extra). One
// parameterised TEST per case.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

constexpr std::string_view kGolden = "logging/core_adapter.json";

const json& doc() {
  static const json d = pyos::test::golden(kGolden);
  return d;
}

// The documentation's example of overriding process(): the message gets a "[tag] " prefix
// after LoggerAdapter.process has set the extra.
class Tagged : public LoggerAdapter {
 public:
  template <class Inner>
  Tagged(Inner& inner, std::optional<Dict> extra_items, bool merge, std::string tag)
      : LoggerAdapter(inner, std::move(extra_items), merge), tag_(std::move(tag)) {}

  Value process(const Value& msg, Kwargs& kwargs, std::string& storage) override {
    const Value m = LoggerAdapter::process(msg, kwargs, storage);
    storage = "[" + tag_ + "] " + std::string(m.as_str());
    return Value(std::string_view(storage));
  }

 protected:
  std::string_view class_name() const noexcept override { return "Tagged"; }

 private:
  std::string tag_;
};

// A golden dict (str -> str or int) as items viewing `values`' storage.
std::vector<Item> items_of(const json& d, Values& values) {
  std::vector<Item> items;
  for (const auto& [k, v] : d.items()) items.push_back({values.keep(k), values.make(v)});
  return items;
}

void call(LoggerAdapter& a, const std::string& method, int level, const std::string& msg,
          std::span<const Value> args, const json& extra, Values& values) {
  std::vector<Item> items = extra.is_null() ? std::vector<Item>() : items_of(extra, values);
  auto run = [&](const auto&... kw) {
    with_args(args, [&](const auto&... a_) {
      if (method == "debug") {
        a.debug(msg, a_..., kw...);
      } else if (method == "info") {
        a.info(msg, a_..., kw...);
      } else if (method == "warning") {
        a.warning(msg, a_..., kw...);
      } else if (method == "error") {
        a.error(msg, a_..., kw...);
      } else if (method == "critical") {
        a.critical(msg, a_..., kw...);
      } else if (method == "exception") {
        a.exception(msg, a_..., kw...);
      } else if (method == "log") {
        a.log(level, msg, a_..., kw...);
      } else {
        throw std::runtime_error("unknown method " + method);
      }
    });
  };
  if (extra.is_null()) {
    run();
  } else {
    run(logging::extra(Mapping(items.data(), items.size())));  // `items` keeps what it views
  }
}

class LoggingAdapter : public ::testing::TestWithParam<std::string> {};

TEST_P(LoggingAdapter, MatchesCPython) {
  const json* c = golden_case(doc(), GetParam());
  ASSERT_NE(c, nullptr) << "no case " << GetParam();
  SCOPED_TRACE("adapter case " + GetParam() + ": chain " + show(c->at("chain")) + " ops " + show(c->at("ops")));
  Values values;
  auto out = std::make_shared<io::StringIO>();
  auto handler = std::make_shared<StreamHandler>(out);
  handler->setFormatter(std::make_shared<Formatter>(c->value("fmt", doc().at("format").get<std::string>()), std::nullopt, '%', true,
                                                    Dict{{"a", "-"}, {"b", "-"}, {"c", "-"}}));
  Logger& logger = getLogger("ad");
  logger.propagate = false;
  logger.addHandler(handler);

  std::vector<std::unique_ptr<LoggerAdapter>> chain;
  for (const auto& spec : c->at("chain")) {
    std::optional<Dict> extra;
    if (!spec.at(0).is_null()) {
      const std::vector<Item> items = items_of(spec.at(0), values);
      extra.emplace(Mapping(items.data(), items.size()));
    }
    const bool merge = spec.at(1).get<bool>();
    auto make = [&](auto& inner) -> std::unique_ptr<LoggerAdapter> {
      if (spec.at(2).is_null()) return std::make_unique<LoggerAdapter>(inner, std::move(extra), merge);
      return std::make_unique<Tagged>(inner, std::move(extra), merge, spec.at(2).get<std::string>());
    };
    chain.push_back(chain.empty() ? make(logger) : make(*chain.back()));
  }

  json results = json::array();
  std::string err;
  {
    CaptureFd2 capture;
    for (const auto& op : c->at("ops")) {
      const std::string kind = op.at(0).get<std::string>();
      if (kind == "call") {
        LoggerAdapter& a = *chain.at(op.at(1).get<std::size_t>());
        std::vector<Value> args;
        for (const auto& v : op.at(5)) args.push_back(values.make(v));
        const json r = outcome([&] {
          call(a, op.at(2).get<std::string>(), op.at(3).is_null() ? 0 : op.at(3).get<int>(),
               op.at(4).get<std::string>(), args, op.at(6), values);
          return std::string();
        });
        results.push_back(r.at(0) == "ok" ? json("ok") : r);
      } else if (kind == "setLevel") {
        chain.at(op.at(1).get<std::size_t>())->setLevel(op.at(2).get<int>());
      } else if (kind == "disable") {
        disable(op.at(1).get<int>());
      } else if (kind == "removeHandler") {
        logger.removeHandler(handler);
      } else if (kind == "check") {
        const LoggerAdapter& a = *chain.at(op.at(1).get<std::size_t>());
        const json& what = op.at(2);
        if (what == "repr") {
          results.push_back(a.repr());
        } else if (what == "name") {
          results.push_back(a.name());
        } else if (what == "effective") {
          results.push_back(a.getEffectiveLevel());
        } else if (what == "hasHandlers") {
          results.push_back(a.hasHandlers());
        } else if (what == "manager") {
          results.push_back(a.manager() == root().manager());
        } else {
          results.push_back(a.isEnabledFor(what.get<int>()));
        }
      } else {
        FAIL() << "unknown operation " << show(op);
      }
    }
    capture.restore();
    err = capture.text();
  }
  logger.removeHandler(handler);
  disable(NOTSET);
  logger.setLevel(NOTSET);
  EXPECT_EQ(results, c->at("results"));
  EXPECT_EQ(out->getvalue(), c->at("output").get<std::string>());
  EXPECT_EQ(reports_compared(err), reports_compared(c->at("stderr").get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(CPython, LoggingAdapter, ::testing::ValuesIn(pyos::test::golden_case_ids(kGolden)),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace pyos::logging::coretest
