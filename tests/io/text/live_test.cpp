// Live comparison with CPython: files written through io.open(..., "w", encoding=E,
// newline=N) are byte-identical with CPython's for the same writes, and reading them back
// gives the same lines; iteration turns tell() off and the operations that turn it back on
// are CPython's.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

#include "pyos/io/buffered.hpp"
#include "pyos/io/fileio.hpp"
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

// Every script of three steps over twelve operations on a file opened "r+" holding two
// lines, the second with a 2-byte character (so that tell() cookies are not plain offsets).
// CPython's __next__ turns tell() off until the lines run out; flush() (and seek(),
// truncate() and reconfigure(), which call it) turns it back on; seek(0, 1) asks tell()
// first. Each step's value or exception, and the file's bytes after close, are compared.
constexpr const char* kPythonTelling = R"(
import json, sys
path = sys.argv[1]
OPS = {
    'next': lambda f: next(f, 'StopIteration'), 'readline': lambda f: f.readline(),
    'read1': lambda f: f.read(1), 'read': lambda f: f.read(), 'tell': lambda f: str(f.tell()),
    'seek0': lambda f: str(f.seek(0)), 'seekcur': lambda f: str(f.seek(0, 1)),
    'seekend': lambda f: str(f.seek(0, 2)), 'flush': lambda f: f.flush(),
    'write': lambda f: f.write('Z'), 'truncate': lambda f: f.truncate(),
    'reconfigure': lambda f: f.reconfigure(line_buffering=True),
}
names = list(OPS)
out = []
for a in names:
    for b in names:
        for c in names:
            with open(path, 'wb') as f: f.write('a\n\u00e9b\n'.encode())
            steps = []
            with open(path, 'r+', encoding='utf-8') as f:
                for op in (a, b, c):
                    try: steps.append({'result': OPS[op](f)})
                    except Exception as e: steps.append({'exc': type(e).__name__, 'msg': str(e)})
            out.append({'ops': [a, b, c], 'steps': steps, 'file': open(path, 'rb').read().hex()})
print(json.dumps(out))
)";

nlohmann::json telling_step(io::TextIOWrapper& f, const std::string& op) {
  const std::map<std::string, std::function<nlohmann::json()>> ops = {
      {"next",
       [&] {
         for (const std::string& line : f) return nlohmann::json(line);
         return nlohmann::json("StopIteration");
       }},
      {"readline", [&] { return nlohmann::json(f.readline()); }},
      {"read1", [&] { return nlohmann::json(f.read(1)); }},
      {"read", [&] { return nlohmann::json(f.read()); }},
      {"tell", [&] { return nlohmann::json(f.tell().str()); }},
      {"seek0", [&] { return nlohmann::json(f.seek(0).str()); }},
      {"seekcur", [&] { return nlohmann::json(f.seek(0, SEEK_CUR).str()); }},
      {"seekend", [&] { return nlohmann::json(f.seek(0, SEEK_END).str()); }},
      {"flush",
       [&] {
         f.flush();
         return nlohmann::json();
       }},
      {"write", [&] { return nlohmann::json(f.write("Z")); }},
      {"truncate", [&] { return nlohmann::json(f.truncate()); }},
      {"reconfigure",
       [&] {
         f.reconfigure({.line_buffering = true});
         return nlohmann::json();
       }},
  };
  try {
    return {{"result", ops.at(op)()}};
  } catch (const BaseException& e) {
    return {{"exc", std::string(e.type_name())}, {"msg", e.what()}};
  }
}

TEST_F(TextLive, IterationTurnsTellOffAsCPython) {
  const std::string path = tmp / "f";
  const nlohmann::json cases = pyos::test::run_python(kPythonTelling, {path});
  ASSERT_EQ(cases.size(), 12u * 12 * 12);
  std::size_t disabled = 0;  // steps where CPython refuses tell() after next()
  for (const nlohmann::json& c : cases) {
    io::open(path, "wb")->write("a\n\xc3\xa9" "b\n");
    nlohmann::json steps = nlohmann::json::array();
    {
      auto f = io::open_as<io::TextIOWrapper>(path, "r+", {.encoding = "utf-8"});
      for (const nlohmann::json& op : c["ops"]) steps.push_back(telling_step(*f, op.get<std::string>()));
      f->close();
    }
    EXPECT_EQ(steps, c["steps"]) << c["ops"].dump();
    EXPECT_EQ(io::open(path, "rb")->read(), pyos::test::from_hex(c["file"].get<std::string>())) << c["ops"].dump();
    for (const nlohmann::json& step : c["steps"])
      if (step.value("msg", "") == "telling position disabled by next() call") ++disabled;
  }
  EXPECT_GE(disabled, 40u);  // 54 of the 5184 steps: the scripts do reach the refusal
}

// How many bytes a chunk asks of raw follows CPython's _b2cratio: read(n) asks for n times the
// bytes per character of the last chunk decoded, and tell() starts its search from that ratio.
// pyos counts a chunk's characters only when read(n) or tell() asks, after lines were read
// across chunks, after seek(), after a seek to a cookie that decodes bytes of its own. Each
// script's values and the sizes raw was asked for are compared with CPython's.
constexpr const char* kPythonRatio = R"(
import io, json, sys
path, scripts = sys.argv[1], json.loads(sys.argv[2])  # argv[3]: the cookie of step C
class Recording(io.FileIO):
    def readinto(self, b):
        sizes.append(len(b))
        return super().readinto(b)
out = []
for script in scripts:
    sizes = []
    f = io.TextIOWrapper(io.BufferedReader(Recording(path), 8192), encoding='utf-8')
    steps, cookie = [], 0
    for op in script:
        if op[0] == 'L': value = [f.readline() for _ in range(int(op[1:]))][-1]
        elif op[0] == 'R': value = len(f.read(int(op[1:])))
        elif op == 'S0': value = f.seek(0)
        elif op == 'T': cookie = f.tell(); value = str(cookie)
        elif op == 'B': value = str(f.seek(cookie))
        elif op == 'C': value = str(f.seek(int(sys.argv[3])))
        elif op == 'E': value = f.seek(0, 2)
        steps.append({'value': value, 'sizes': sizes})
        sizes = []
    f.close()
    out.append(steps)
print(json.dumps(out))
)";

TEST_F(TextLive, ChunkSizesFollowTheBytesPerCharacterAsCPython) {
  const std::string path = tmp / "ratio";
  std::string text;  // 2- and 3-byte characters, "\n" and "\r\n" lines: about 1.9 bytes a character
  for (int i = 0; i < 600; ++i) {
    for (int k = 0; k < 20; ++k) text += "\xc3\xa9";
    for (int k = 0; k < 5; ++k) text += "\xe2\x82\xac";
    text += std::to_string(i) + (i % 3 == 0 ? "\r\n" : "\n");
  }
  io::open(path, "wb")->write(text);
  const std::vector<std::vector<std::string>> scripts = {
      {"L150", "R6000", "T"},              // the ratio of the chunk being read
      {"L150", "S0", "R6000", "T"},        // of a chunk dropped by seek()
      {"L150", "T", "S0", "B", "T"},       // tell() after a seek to a cookie
      {"R100", "T", "L300", "B", "R9000", "T", "R9000"},
      {"R6000", "R6000", "S0", "R20000", "T"},
      {"L3", "T", "L200", "B", "R5000", "S0", "R7000", "T"},
      // A dropped chunk, then the cookie's own bytes; the seek to the end empties the
      // buffer, so that read(n) asks raw for its chunk.
      {"L200", "S0", "C", "E", "S0", "R6000", "T"},
  };
  class Recording : public io::FileIO {
   public:
    using io::FileIO::FileIO;
    std::optional<std::size_t> readinto(std::span<std::byte> b) override {
      sizes.push_back(b.size());
      return io::FileIO::readinto(b);
    }
    std::vector<std::size_t> sizes;
  };
  // Step C: 20 characters into 300 bytes from the start (a cookie tell() does not make here).
  const io::Position built = io::Position::cookie(0, 0, 300, 20, false);
  const nlohmann::json expected =
      pyos::test::run_python(kPythonRatio, {path, nlohmann::json(scripts).dump(), built.str()});
  ASSERT_EQ(expected.size(), scripts.size());
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    auto raw = std::make_shared<Recording>(path, "r");
    io::TextIOWrapper f(std::make_shared<io::BufferedReader>(raw, 8192), {.encoding = "utf-8"});
    nlohmann::json steps = nlohmann::json::array();
    io::Position cookie = 0;
    for (const std::string& op : scripts[i]) {
      nlohmann::json value;
      if (op[0] == 'L') {
        for (int k = std::stoi(op.substr(1)); k > 0; --k) value = f.readline();
      } else if (op[0] == 'R') {
        const std::string got = f.read(std::stoi(op.substr(1)));
        value = std::count_if(got.begin(), got.end(), [](char c) { return (c & 0xC0) != 0x80; });  // characters
      } else if (op == "S0") {
        value = static_cast<std::int64_t>(f.seek(0));
      } else if (op == "T") {
        cookie = f.tell();
        value = cookie.str();
      } else if (op == "B") {
        value = f.seek(cookie).str();
      } else if (op == "E") {
        value = static_cast<std::int64_t>(f.seek(0, SEEK_END));
      } else if (op == "C") {
        value = f.seek(built).str();
      }
      steps.push_back({{"value", value}, {"sizes", raw->sizes}});
      raw->sizes.clear();
    }
    EXPECT_EQ(steps, expected[i]) << nlohmann::json(scripts[i]).dump();
  }
}

}  // namespace
