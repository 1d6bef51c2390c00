// Live comparison with CPython: files written through io.open(..., "w", encoding=E,
// newline=N) are byte-identical with CPython's for the same writes, and reading them back
// gives the same lines.
#include <gtest/gtest.h>

#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;

class TextLive : public pyos::test::TempDirTest {};

TEST_F(TextLive, WrittenFilesMatchCPython) {
  const std::vector<std::string> writes = {"alpha\n", "b\xc3\xa9ta\r\n", "\xe2\x82\xac gamma\r", "",
                                           "\xf0\x9f\x98\x80 delta\n", "tail"};
  const std::vector<std::string> encodings = {"utf-8", "utf-8-sig", "utf-16", "utf-32-be", "latin-1", "cp1252"};
  const std::vector<std::optional<std::string>> newlines = {std::nullopt, "", "\n", "\r", "\r\n"};
  nlohmann::json jobs = nlohmann::json::array();
  std::size_t k = 0;
  for (const auto& enc : encodings) {
    for (const auto& nl : newlines) {
      const std::string ours = tmp / ("pyos" + std::to_string(k));
      const std::string theirs = tmp / ("cpython" + std::to_string(k));
      ++k;
      {
        auto f = io::open(ours, "w", {.encoding = enc, .errors = "replace", .newline = nl});
        for (const auto& w : writes) f->write(w);
        f->close();
      }
      jobs.push_back({{"ours", ours}, {"theirs", theirs}, {"encoding", enc},
                      {"newline", nl ? nlohmann::json(*nl) : nlohmann::json(nullptr)}});
    }
  }
  const auto result = pyos::test::run_python(R"(
import json, sys
jobs = json.loads(sys.argv[1]); writes = json.loads(sys.argv[2]); out = []
for j in jobs:
    with open(j["theirs"], "w", encoding=j["encoding"], errors="replace", newline=j["newline"]) as f:
        for w in writes: f.write(w)
    same = open(j["theirs"], "rb").read() == open(j["ours"], "rb").read()
    with open(j["ours"], encoding=j["encoding"], newline=j["newline"]) as f:
        lines = list(f)
    out.append({"same": same, "lines": lines})
print(json.dumps(out))
)",
                                             {jobs.dump(), nlohmann::json(writes).dump()});
  ASSERT_EQ(result.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& job = jobs[i];
    EXPECT_TRUE(result[i]["same"].get<bool>()) << job.dump();
    auto f = io::open(job["ours"].get<std::string>(), "r",
                      {.encoding = job["encoding"].get<std::string>(),
                       .newline = job["newline"].is_null() ? std::nullopt
                                                           : std::optional<std::string>(job["newline"].get<std::string>())});
    std::vector<std::string> lines;
    for (const auto& line : *f) lines.push_back(line);
    EXPECT_EQ(lines, result[i]["lines"].get<std::vector<std::string>>()) << job.dump();
  }
}

}  // namespace
