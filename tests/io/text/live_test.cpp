// Live comparison with CPython: files written through io.open(..., "w", encoding=E,
// newline=N) are byte-identical with CPython's for the same writes, and reading them back
// gives the same lines; iteration turns tell() off and the operations that turn it back on
// are CPython's.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <random>

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


// What the two scripts below start with: long texts as their length and CRC-32 (text_value).
constexpr std::string_view kPythonShort = R"(import zlib
def short(v):
    if not isinstance(v, str) or len(v) <= 200: return v
    return {'len': len(v), 'crc': zlib.crc32(v.encode('utf-8', 'surrogatepass'))}
)";

// zlib's CRC-32 (Python's zlib.crc32), a byte a step.
std::uint32_t crc32(std::string_view data) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : data) crc = (crc >> 8) ^ table[(crc ^ static_cast<unsigned char>(c)) & 0xFFu];
  return ~crc;
}

// A step's text: as it is up to 200 characters, else its length and CRC-32 (the scripts'
// short()), so that the reads of up to 200,000 characters do not swell the JSON.
nlohmann::json text_value(const std::string& text) {
  const std::size_t n = text.size() <= 200 ? text.size() : codecs::str_len(text);  // bytes >= characters
  if (n <= 200) return text;
  return {{"len", n}, {"crc", crc32(text)}};
}

// Files read through open() as CPython reads them across chunks and buffer fills. An exact
// BufferedReader over a FileIO lends TextIOWrapper its chunks from the buffer, filled whole
// by one read (docs/io.md "Performance design"), where CPython reads each chunk into bytes of
// its own: the values, tell() cookies and errors must not tell the two apart. The text puts a
// "\r\n" across the first chunk's end and the first buffer fill's end, a lone "\r" at the
// second chunk's end, 3- and 4-byte characters across chunk and fill ends; random scripts of
// readline, read(n), tell, seeks (back to a cookie too), next, write and the buffer's tell()
// (where the chunks ended) run with the default
// buffer, buffers that are and are not a multiple of the chunk (an odd one too: UTF-16
// chunks then end inside a code unit), one smaller than the chunk (read as CPython reads),
// modes "r" and "r+" (whose BufferedRandom reads as CPython's), three newline modes, and
// UTF-8, UTF-8-SIG, UTF-16 and Latin-1 files.
constexpr const char* kPythonScripts = R"(
import json, sys
configs, scripts = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out, files = [], {}
for config in configs:
    path = config['path']
    data = files.setdefault(path, open(path, 'rb').read())  # as written, before any script
    for script in scripts:
        with open(path, 'wb') as f: f.write(data)
        steps, cookie = [], 0
        with open(path, config['mode'], buffering=config['size'], encoding=config['encoding'],
                  newline=config['newline']) as f:
            for op in script:
                try:
                    if op == 'L': value = f.readline()
                    elif op[0] == 'R': value = f.read(int(op[1:]))
                    elif op == 'T': cookie = f.tell(); value = str(cookie)
                    elif op == 'B': value = str(f.seek(cookie))
                    elif op == 'S': value = str(f.seek(0))
                    elif op == 'E': value = str(f.seek(0, 2))
                    elif op == 'N': value = next(f, 'StopIteration')
                    elif op == 'W': value = f.write('Z\u00e9\n')
                    elif op == 'P': value = str(f.buffer.tell())
                    steps.append({'value': short(value)})
                except Exception as e:
                    steps.append({'exc': type(e).__name__, 'msg': str(e)})
        file = open(path, 'rb').read()
        out.append({'steps': steps, 'file': {'len': len(file), 'crc': zlib.crc32(file)}})
print(json.dumps(out))
)";

// The configurations run in three tests (each within the test time limit under TSan).
class ChunksAndFills : public pyos::test::TempDirTest {
 protected:
  void run_configs(std::size_t first, std::size_t last);
};

void ChunksAndFills::run_configs(std::size_t first, std::size_t last) {
  std::mt19937 rng(20261122);
  const std::vector<std::string> pieces = {"a", "bc", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  const std::vector<std::string> endings = {"\n", "\r\n", "\r"};
  std::string text;  // UTF-8; the byte offsets below are those of the UTF-8 file
  const auto random_lines_to = [&](std::size_t until) {
    while (text.size() + 400 < until) {
      for (std::size_t k = rng() % 120; k > 0; --k) text += pieces[rng() % pieces.size()];
      text += endings[rng() % endings.size()];
    }
    while (text.size() < until) text += text.size() % 61 == 60 ? '\n' : 'x';  // ASCII to the byte
  };
  constexpr std::size_t kChunk = 8192, kFill = 128 * 1024;
  random_lines_to(kChunk - 1);
  text += "\r\n";  // across the first chunk's end
  random_lines_to(2 * kChunk - 1);
  text += "\rx";  // a lone '\r' ends the second chunk
  random_lines_to(3 * kChunk - 1);
  text += "\xe2\x82\xac";  // across the third chunk's end
  random_lines_to(kFill - 1);
  text += "\r\n";  // across the first fill's end
  random_lines_to(2 * kFill - 2);
  text += "\xf0\x9f\x98\x80\n";  // across the second fill's end
  random_lines_to(2 * kFill + 40000);

  struct Config {
    std::string mode;
    std::int64_t buffering;
    std::optional<std::string> newline;
    std::string encoding = "utf-8";
  };
  const std::vector<Config> all = {
      {"r", -1, std::nullopt},
      {"r", -1, ""},
      {"r", -1, "\r\n"},
      {"r", 16384, std::nullopt},
      {"r", 20000, "\r"},
      {"r", 4096, std::nullopt},
      {"r+", -1, std::nullopt},
      {"r+", 20000, ""},
      {"r", -1, std::nullopt, "utf-16"},
      {"r", 20001, std::nullopt, "utf-16"},
      {"r", 20000, "", "utf-8-sig"},
      {"r", 16385, std::nullopt, "latin-1"},
  };
  const std::vector<Config> configs(all.begin() + static_cast<std::ptrdiff_t>(first),
                                    all.begin() + static_cast<std::ptrdiff_t>(last));
  const std::vector<std::string> kinds = {"L", "L", "L", "L", "L", "L", "R1", "R100", "R5000", "R70000",
                                          "R200000", "T", "T", "B", "S", "E", "N", "N", "W", "P", "P"};
  std::vector<std::vector<std::string>> scripts;
  scripts.push_back(std::vector<std::string>(4000, "L"));  // every line, with tell() on
  for (std::size_t k = 0; k < 4000; k += 7) scripts.back()[k] = "P";  // and where the buffer is
  for (int s = 0; s < 4; ++s) {
    std::vector<std::string> script;
    for (int k = 0; k < 300; ++k) script.push_back(kinds[rng() % kinds.size()]);
    scripts.push_back(script);
  }
  // Each encoding's file, and CPython given the buffer size pyos's open() picks for
  // buffering=-1: 3.14's rule, where 3.13 takes st_blksize (docs/io.md); the buffer's size
  // decides the chunks after a seek to a cookie (its bytes are read through the buffer) and
  // so where a later write lands.
  std::map<std::string, std::string> files;
  nlohmann::json jconfigs = nlohmann::json::array();
  for (const Config& c : configs) {
    const std::string path = tmp / c.encoding;
    if (!files.contains(c.encoding)) {
      if (c.encoding == "latin-1") {
        io::open(path, "wb")->write(text);  // the UTF-8 bytes, each a Latin-1 character
      } else {
        io::open(path, "w", {.encoding = c.encoding, .newline = ""})->write(text);
      }
      files[c.encoding] = io::open(path, "rb")->read();
    }
    const std::int64_t default_size = std::max(std::min(io::FileIO(path, "r").blksize(), std::int64_t{8} << 20),
                                               static_cast<std::int64_t>(io::DEFAULT_BUFFER_SIZE));
    jconfigs.push_back({{"path", path},
                        {"mode", c.mode},
                        {"size", c.buffering > 0 ? c.buffering : default_size},
                        {"newline", c.newline ? nlohmann::json(*c.newline) : nlohmann::json(nullptr)},
                        {"encoding", c.encoding}});
  }
  const nlohmann::json expected = pyos::test::run_python(std::string(kPythonShort) + kPythonScripts, {jconfigs.dump(), nlohmann::json(scripts).dump()});
  ASSERT_EQ(expected.size(), configs.size() * scripts.size());
  std::size_t i = 0;
  for (const Config& c : configs) {
    const std::string path = tmp / c.encoding;
    for (const auto& script : scripts) {
      io::open(path, "wb")->write(files[c.encoding]);
      nlohmann::json steps = nlohmann::json::array();
      {
        auto f = io::open_as<io::TextIOWrapper>(
            path, c.mode, {.buffering = c.buffering, .encoding = c.encoding, .newline = c.newline});
        io::Position cookie = 0;
        for (const std::string& op : script) {
          try {
            nlohmann::json value;
            if (op == "L") {
              value = text_value(f->readline());
            } else if (op[0] == 'R') {
              value = text_value(f->read(std::stoll(op.substr(1))));
            } else if (op == "T") {
              cookie = f->tell();
              value = cookie.str();
            } else if (op == "B") {
              value = f->seek(cookie).str();
            } else if (op == "S") {
              value = f->seek(0).str();
            } else if (op == "E") {
              value = f->seek(0, SEEK_END).str();
            } else if (op == "N") {
              value = "StopIteration";
              for (const std::string& line : *f) {
                value = text_value(line);
                break;
              }
            } else if (op == "W") {
              value = f->write("Z\xc3\xa9\n");
            } else if (op == "P") {
              value = std::to_string(static_cast<std::int64_t>(f->buffer()->tell()));
            }
            steps.push_back({{"value", value}});
          } catch (const BaseException& e) {
            steps.push_back({{"exc", std::string(e.type_name())}, {"msg", e.str()}});
          }
        }
        f->close();
      }
      const std::string where = c.encoding + " " + c.mode + " buffering=" + std::to_string(c.buffering) +
                                " script " + std::to_string(i % scripts.size());
      const nlohmann::json& theirs = expected[i++];
      ASSERT_EQ(steps.size(), theirs["steps"].size()) << where;
      for (std::size_t k = 0; k < steps.size(); ++k) {
        ASSERT_EQ(steps[k], theirs["steps"][k]) << where << ", step " << k << " (" << script[k] << ")";
      }
      const std::string file = io::open(path, "rb")->read();
      EXPECT_EQ(nlohmann::json({{"len", file.size()}, {"crc", crc32(file)}}), theirs["file"]) << where;
    }
  }
}

TEST_F(ChunksAndFills, Utf8ReadMode) { run_configs(0, 6); }
TEST_F(ChunksAndFills, Utf8UpdateMode) { run_configs(6, 8); }
TEST_F(ChunksAndFills, OtherEncodings) { run_configs(8, 12); }

// Two TextIOWrappers over one BufferedReader (over a FileIO), then one detached: each lends
// its chunks from the same buffer, so a fill for one keeps the other's tell() snapshot bytes
// first (BufferedBase::lend_to), both see the other's chunks in the buffer's position, reads
// of the buffer itself find it as CPython's (unlend), and detach() ends the loan. Random
// steps on either wrapper and on the buffer, each value, cookie, position and error compared
// with CPython's.
constexpr const char* kPythonTwoWrappers = R"(
import io, json, sys
path, script = sys.argv[1], json.loads(sys.argv[2])
b = io.BufferedReader(io.FileIO(path, 'r'), 131072)
wrappers = [io.TextIOWrapper(b, encoding='utf-8'), io.TextIOWrapper(b, encoding='utf-8')]
cookies, out = [0, 0], []
for op in script:
    w = wrappers[int(op[1])] if op[0] in 'LRTB' else None
    try:
        if op[0] == 'L': value = w.readline()
        elif op[0] == 'R': value = w.read(int(op[2:]))
        elif op[0] == 'T': cookies[int(op[1])] = w.tell(); value = str(cookies[int(op[1])])
        elif op[0] == 'B': value = str(w.seek(cookies[int(op[1])]))
        elif op[0] == 'D': wrappers[0].detach(); value = None
        elif op[0] == 'b': value = b.read(int(op[1:])).hex()
        elif op[0] == 'P': value = str(b.tell())
        out.append({'value': short(value)})
    except Exception as e:
        out.append({'exc': type(e).__name__, 'msg': str(e)})
print(json.dumps(out))
)";

TEST_F(TextLive, TwoWrappersOverOneReaderAndDetachAsCPython) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "bc", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  std::string text;
  while (text.size() < 300000) {
    for (std::size_t k = rng() % 120; k > 0; --k) text += pieces[rng() % pieces.size()];
    text += rng() % 4 == 0 ? "\r\n" : "\n";
  }
  const std::string path = tmp / "shared";
  io::open(path, "wb")->write(text);
  const std::vector<std::string> kinds = {"L0", "L0", "L0", "L1", "L1", "L1", "R0 3000", "R1 9000",
                                          "T0", "T1", "B0", "B1", "b7", "P"};
  std::vector<std::string> script;
  for (int k = 0; k < 400; ++k) {
    std::string op = kinds[rng() % kinds.size()];
    if (op[0] == 'R') op = op.substr(0, 2) + op.substr(3);  // "R0" + count
    script.push_back(op);
  }
  script.insert(script.begin() + 300, {"D", "b100", "b70000"});  // detach wrapper 0 mid-way
  // A read of the buffer after a chunk (lent), then lines past where CPython's buffer,
  // filled by that read, ends.
  std::vector<std::string> run = {"R19000", "b7"};
  for (int k = 0; k < 1500; ++k) run.push_back(k % 50 == 49 ? "P" : "L1");
  script.insert(script.begin() + 100, run.begin(), run.end());
  const nlohmann::json expected = pyos::test::run_python(std::string(kPythonShort) + kPythonTwoWrappers, {path, nlohmann::json(script).dump()});
  ASSERT_EQ(expected.size(), script.size());

  auto b = std::make_shared<io::BufferedReader>(std::make_shared<io::FileIO>(path, "r"), 131072);
  std::vector<std::unique_ptr<io::TextIOWrapper>> wrappers;
  wrappers.push_back(std::make_unique<io::TextIOWrapper>(b, io::TextIOWrapperOptions{.encoding = "utf-8"}));
  wrappers.push_back(std::make_unique<io::TextIOWrapper>(b, io::TextIOWrapperOptions{.encoding = "utf-8"}));
  io::Position cookies[2] = {0, 0};
  for (std::size_t k = 0; k < script.size(); ++k) {
    const std::string& op = script[k];
    nlohmann::json step;
    try {
      nlohmann::json value;
      const std::size_t which = std::string_view("LRTB").find(op[0]) == std::string_view::npos
                                    ? 0
                                    : static_cast<std::size_t>(op[1] - '0');
      io::TextIOWrapper& w = *wrappers[which];
      if (op[0] == 'L') {
        value = text_value(w.readline());
      } else if (op[0] == 'R') {
        value = text_value(w.read(std::stoll(op.substr(2))));
      } else if (op[0] == 'T') {
        cookies[which] = w.tell();
        value = cookies[which].str();
      } else if (op[0] == 'B') {
        value = w.seek(cookies[which]).str();
      } else if (op[0] == 'D') {
        wrappers[0]->detach();
      } else if (op[0] == 'P') {
        value = std::to_string(static_cast<std::int64_t>(b->tell()));
      } else if (op[0] == 'b') {
        std::string hex;
        for (const char c : b->read(std::stoll(op.substr(1)))) {
          static constexpr char kDigits[] = "0123456789abcdef";
          const auto u = static_cast<unsigned char>(c);
          hex += kDigits[u >> 4];
          hex += kDigits[u & 15];
        }
        value = text_value(hex);
      }
      step = {{"value", value}};
    } catch (const BaseException& e) {
      step = {{"exc", std::string(e.type_name())}, {"msg", e.str()}};
    }
    ASSERT_EQ(step, expected[k]) << "step " << k << " (" << op << ")";
  }
}

}  // namespace
