// logging.FileHandler's life cycle against CPython 3.13 (tests/golden/logging/
// core_filehandler.json, written by tools/oracle/gen_logging_filehandler.py, which documents
// the operations): modes, encodings and error handlers, delay, close and reopen, records
// dropped by a closed 'w' handler, BOMs on append, files changed from outside, reprs, the
// bytes of every file and the handleError reports. One parameterised TEST per script.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

constexpr std::string_view kGolden = "logging/core_filehandler.json";

const json& doc() {
  static const json d = pyos::test::golden(kGolden);
  return d;
}

// Every file under `dir` (relative name -> bytes as hex), as the oracle's snapshot().
json snapshot(const std::filesystem::path& dir) {
  json files = json::object();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    files[std::filesystem::relative(entry.path(), dir).string()] = hex(read_bytes(entry.path()));
  }
  return files;
}

class LoggingFileHandler : public ::testing::TestWithParam<std::string> {};

TEST_P(LoggingFileHandler, MatchesCPython) {
  const json* c = golden_case(doc(), GetParam());
  ASSERT_NE(c, nullptr) << "no case " << GetParam();
  SCOPED_TRACE("FileHandler script " + GetParam() + ": " + show(c->at("ops")));
  pyos::test::TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  std::filesystem::create_directory(dir / "sub");
  const std::string d = dir.string();

  Logger& logger = getLogger("fh");
  logger.setLevel(1);
  logger.propagate = false;
  std::map<std::string, std::shared_ptr<FileHandler>> handlers;
  json results = json::array();
  std::string err;
  {
    CaptureFd2 capture;
    for (const auto& op : c->at("ops")) {
      const std::string kind = op.at(0).get<std::string>();
      std::shared_ptr<FileHandler> h;
      if (kind != "new" && kind != "log" && kind != "append" && kind != "unlink" && op.at(0) != "check") {
        auto it = handlers.find(op.at(1).get<std::string>());
        if (it == handlers.end()) continue;
        h = it->second;
      }
      if (kind == "new") {
        const std::string name = op.at(1).get<std::string>();
        json r = outcome([&] {
          auto made = std::make_shared<FileHandler>(d + "/" + op.at(2).get<std::string>(), op.at(3).get<std::string>(),
                                                    opt(op.at(4)), op.at(6).get<bool>(), opt(op.at(5)));
          made->setFormatter(std::make_shared<Formatter>("%(levelname)s:%(message)s"));
          logger.addHandler(made);
          handlers[name] = made;
          return std::string();
        });
        results.push_back(r.at(0) == "ok" ? json("ok") : json::array({r.at(0), hide_dir(r.at(1).get<std::string>(), d)}));
      } else if (kind == "log") {
        logger.log(op.at(1).get<int>(), op.at(2).get<std::string>());
      } else if (kind == "close") {
        h->close();
      } else if (kind == "flush") {
        h->flush();
      } else if (kind == "detach") {
        logger.removeHandler(h);
      } else if (kind == "level") {
        h->setLevel(op.at(2).get<int>());
      } else if (kind == "term") {
        h->terminator = op.at(2).get<std::string>();
      } else if (kind == "append") {
        std::ofstream(dir / op.at(1).get<std::string>(), std::ios::binary | std::ios::app) << op.at(2).get<std::string>();
      } else if (kind == "unlink") {
        std::filesystem::remove(dir / op.at(1).get<std::string>());
      } else if (kind == "check") {
        const std::string what = op.at(1).get<std::string>();
        if (what == "files") {
          results.push_back(snapshot(dir));
          continue;
        }
        auto it = handlers.find(op.at(2).get<std::string>());
        if (it == handlers.end()) {
          results.push_back("none");
        } else if (what == "repr") {
          results.push_back(hide_dir(it->second->repr(), d));
        } else {
          const auto s = it->second->stream();
          results.push_back(s ? json(s->closed()) : json());
        }
      } else {
        FAIL() << "unknown operation " << show(op);
      }
    }
    shutdown();
    for (const auto& h : logger.handlers()) logger.removeHandler(h);  // also those a name was reused from
    capture.restore();
    err = capture.text();
  }
  results.push_back(snapshot(dir));
  EXPECT_EQ(results, c->at("results"));
  EXPECT_EQ(reports_compared(hide_dir(err, d)), reports_compared(c->at("stderr").get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(CPython, LoggingFileHandler, ::testing::ValuesIn(pyos::test::golden_case_ids(kGolden)),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace pyos::logging::coretest
