// logging.basicConfig against CPython 3.13 (tests/golden/logging/core_basicconfig.json,
// written by tools/oracle/gen_logging_core_scenarios.py): the errors, force, the handler it
// makes (FileHandler attributes, stream, formatter), the root level, and what the calls
// after it write to streams, files and stderr. One parameterised TEST per case, so each
// starts from an unconfigured root logger, as each case ran in a fresh CPython.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

constexpr std::string_view kGolden = "logging/core_basicconfig.json";

const json& doc() {
  static const json d = pyos::test::golden(kGolden);
  return d;
}

class LoggingCoreBasicConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(LoggingCoreBasicConfig, MatchesCPython) {
  const json* c = golden_case(doc(), GetParam());
  ASSERT_NE(c, nullptr) << "no case " << GetParam();
  SCOPED_TRACE("basicConfig case " + GetParam() + ": kwargs " + show(c->at("kwargs")));
  pyos::test::TempDir dir;
  const std::string base = dir.path().string() + "/";

  std::map<std::string, std::shared_ptr<io::StringIO>> streams;
  std::map<std::string, std::shared_ptr<Handler>> handlers;
  json got_result, described = json::array(), outputs = json::object(), files = json::object();
  int root_level = 0;
  std::string err;
  {
    CaptureFd2 capture;
    if (c->contains("setup")) {
      for (const auto& op : c->at("setup")) {
        if (op.at(0) == "handler") {
          auto s = std::make_shared<io::StringIO>();
          auto h = std::make_shared<StreamHandler>(s);
          if (op.at(3).get<bool>()) h->setFormatter(std::make_shared<Formatter>("pre:%(message)s"));
          streams[op.at(1).get<std::string>()] = s;
          handlers[op.at(1).get<std::string>()] = h;
          if (op.at(2).get<bool>()) root().addHandler(h);
        } else if (op.at(0) == "file") {
          std::ofstream(base + op.at(1).get<std::string>(), std::ios::binary) << op.at(2).get<std::string>();
        }
      }
    }
    BasicConfig config;
    for (const auto& [key, v] : c->at("kwargs").items()) {
      if (key == "stream") {
        if (v == "stringio") {
          streams["s1"] = std::make_shared<io::StringIO>();
          config.stream = streams["s1"];
        } else {
          config.stream = nullptr;
        }
      } else if (key == "handlers") {
        config.handlers.emplace();
        for (const auto& n : v) config.handlers->push_back(handlers.at(n.get<std::string>()));
      } else if (key == "filename") {
        const std::string f = v.get<std::string>();
        config.filename = f.empty() ? f : base + f;
      } else if (key == "filemode") {
        config.filemode = v.get<std::string>();
      } else if (key == "format") {
        config.format = v.get<std::string>();
      } else if (key == "datefmt") {
        config.datefmt = v.get<std::string>();
      } else if (key == "style") {
        config.style = style_char(v);
      } else if (key == "level") {
        if (v.is_string()) {
          config.level = v.get<std::string>();
        } else {
          config.level = v.get<int>();
        }
      } else if (key == "force") {
        config.force = v.get<bool>();
      } else if (key == "encoding") {
        config.encoding = opt(v);
      } else if (key == "errors") {
        config.errors = opt(v);
      } else {
        FAIL() << "unknown basicConfig keyword " << key;
      }
    }
    got_result = outcome([&] {
      basicConfig(config);
      return std::string();
    });
    if (got_result.at(0) == "ok") got_result = json::array({"ok"});
    if (got_result.size() == 2) {  // the private directory, named "<dir>" in the vectors
      got_result[1] = hide_dir(got_result.at(1).get<std::string>(), dir.path().string());
    }

    for (const auto& h : root().handlers()) {
      json d;
      std::string name;
      for (const auto& [n, mine] : handlers) {
        if (mine == h) name = n;
      }
      d["name"] = name.empty() ? json() : json(name);
      d["level"] = h->level();
      auto f = h->formatter();
      d["fmt"] = f ? json(f->fmt()) : json();
      d["datefmt"] = f ? opt(f->datefmt) : json();
      if (auto* fh = dynamic_cast<FileHandler*>(h.get())) {
        d["class"] = "FileHandler";
        d["file"] = fh->baseFilename.starts_with(base) ? fh->baseFilename.substr(base.size()) : fh->baseFilename;
        d["mode"] = fh->mode;
        d["encoding"] = opt(fh->encoding);
        d["errors"] = opt(fh->errors);
      } else if (auto* sh = dynamic_cast<StreamHandler*>(h.get())) {
        d["class"] = "StreamHandler";
        std::string s = "?";
        if (sh->stream() == stderr_stream()) s = "stderr";
        for (const auto& [n, mine] : streams) {
          if (sh->stream() == mine) s = n;
        }
        d["stream"] = s;
      } else {
        d["class"] = "?";
      }
      described.push_back(d);
    }
    root_level = root().level();
    if (c->contains("logs")) {
      for (const auto& l : c->at("logs")) logging::log(l.at(0).get<int>(), l.at(1).get<std::string>());
    }
    shutdown();
    for (const auto& [n, s] : streams) {
      if (!s->closed()) outputs[n] = s->getvalue();
    }
    capture.restore();
    err = capture.text();
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    files[entry.path().filename().string()] = hex(read_bytes(entry.path()));
  }
  EXPECT_EQ(got_result, c->at("result"));
  EXPECT_EQ(described, c->at("handlers"));
  EXPECT_EQ(root_level, c->at("root_level").get<int>());
  EXPECT_EQ(outputs, c->at("outputs"));
  EXPECT_EQ(files, c->at("files"));
  EXPECT_EQ(reports_compared(err), reports_compared(c->at("stderr").get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(CPython, LoggingCoreBasicConfig, ::testing::ValuesIn(pyos::test::golden_case_ids(kGolden)),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// The default format of each style, as CPython's _STYLES table.
TEST(LoggingCoreBasicConfigExtra, DefaultFormatPerStyle) {
  auto s = std::make_shared<io::StringIO>();
  basicConfig({.format = std::nullopt, .style = '$', .stream = s});
  ASSERT_EQ(root().handlers().size(), 1u);
  EXPECT_EQ(root().handlers()[0]->formatter()->fmt(), "${levelname}:${name}:${message}");
  basicConfig({.style = '{', .force = true});
  EXPECT_EQ(root().handlers()[0]->formatter()->fmt(), "{levelname}:{name}:{message}");
}

}  // namespace
}  // namespace pyos::logging::coretest
