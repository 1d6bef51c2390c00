// The text layer's fast paths against slow references and CPython: the UTF-8 validator
// against a per-code-point one (random and mutated input), IncrementalNewlineDecoder's
// memchr loop against Python's algorithm (random text, random chunking), TextIOWrapper.write's
// valid-UTF-8 path and the encoder it falls back to, reads whose character counts skip
// validation, and readlines(hint) counted per stream kind, all compared live with CPython.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "io/text_unicode.hpp"
#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/newline.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/stringio.hpp"
#include "pyos/io/textio.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;
using pyos::test::from_hex;

using pyos::test::hex;

// A str as Python sees it, for the oracle: its code points.
nlohmann::json cps(std::string_view s) {
  nlohmann::json out = nlohmann::json::array();
  for (char32_t c : codecs::to_code_points(s)) out.push_back(static_cast<std::uint32_t>(c));
  return out;
}

// ---- the validator --------------------------------------------------------------------------

// Unicode's Table 3-7 (well-formed UTF-8 byte sequences), one code point at a time.
std::size_t reference_valid_prefix(const char* p, std::size_t n) {
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(p[k])); };
  while (i < n) {
    const unsigned b = at(i);
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (b <= 0x7F) {
      len = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b == 0xE0) {
      len = 3, lo = 0xA0;
    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
      len = 3;
    } else if (b == 0xED) {
      len = 3, hi = 0x9F;
    } else if (b == 0xF0) {
      len = 4, lo = 0x90;
    } else if (b >= 0xF1 && b <= 0xF3) {
      len = 4;
    } else if (b == 0xF4) {
      len = 4, hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned c = at(i + k);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return i;
    }
    i += len;
  }
  return n;
}

// The validator as it was before the bulk ASCII scan (eight bytes at a time, one code point
// per step), kept as a second reference.
std::size_t previous_valid_prefix(const char* p, std::size_t n) {
  auto byte_at = [&](std::size_t k) { return static_cast<std::uint8_t>(p[k]); };
  std::size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const std::uint8_t b = byte_at(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t need;
    std::uint8_t lo = 0x80, hi = 0xBF;
    if (b < 0xC2) return i;
    if (b < 0xE0) {
      need = 2;
    } else if (b < 0xF0) {
      need = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b < 0xF5) {
      need = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + need > n) return i;
    const std::uint8_t c1 = byte_at(i + 1);
    if (c1 < lo || c1 > hi) return i;
    for (std::size_t k = 2; k < need; ++k)
      if ((byte_at(i + k) & 0xC0) != 0x80) return i;
    i += need;
  }
  return n;
}

// Pieces the random inputs are made of: ASCII runs (long ones cross 16-byte blocks), valid
// characters of every width, and the ill-formed cases (surrogates, overlongs, beyond U+10FFFF,
// stray continuation bytes, truncated sequences, bytes that never occur).
std::string random_piece(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "0123456789abcdef", "the quick brown fox jumps over the lazy dog", "\n", "\r\n",
      "\xc3\xa9", "\xc2\x80", "\xdf\xbf", "\xe2\x82\xac", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
      "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xf3\xbf\xbf\xbf",
      // ill-formed
      "\xed\xa0\x80", "\xed\xbf\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80",
      "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xff", "\xfe", "\x80",
      "\xbf", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xe2", "\xf0"};
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  return pieces[pick(rng)];
}

TEST(TextFastPaths, ValidatorMatchesReference) {
  std::mt19937 rng(20261121);
  std::uniform_int_distribution<int> byte(0, 255), small(0, 7);
  std::size_t cases = 0;
  auto check = [&](const std::string& s) {
    ++cases;
    // Every suffix start (alignment) and a few prefix ends (truncation).
    for (std::size_t start = 0; start < std::min<std::size_t>(s.size(), 17); ++start) {
      const std::size_t n = s.size() - start;
      ASSERT_EQ(io::text::utf8_valid_prefix(s.data() + start, n), reference_valid_prefix(s.data() + start, n))
          << hex(s) << " from " << start;
      ASSERT_EQ(previous_valid_prefix(s.data() + start, n), reference_valid_prefix(s.data() + start, n))
          << hex(s) << " from " << start;
      std::size_t chars = 0;
      const std::size_t v = io::text::utf8_valid_prefix(s.data() + start, n, chars);
      ASSERT_EQ(v, reference_valid_prefix(s.data() + start, n)) << hex(s) << " from " << start;
      ASSERT_EQ(chars, io::text::count_valid(s.data() + start, v)) << hex(s) << " from " << start;
      const std::size_t cut = n / 2;
      ASSERT_EQ(io::text::utf8_valid_prefix(s.data() + start, cut), reference_valid_prefix(s.data() + start, cut))
          << hex(s) << " from " << start << " cut " << cut;
    }
  };
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int pieces = 1 + small(rng) * small(rng);
    const bool valid_only = round % 2 == 0;  // mostly valid input reaches far into the loops
    for (int k = 0; k < pieces; ++k) {
      std::string piece = random_piece(rng);
      if (valid_only && reference_valid_prefix(piece.data(), piece.size()) != piece.size()) piece = "xyz";
      s += piece;
    }
    check(s);
    // Mutations: a changed byte, an inserted byte, a removed byte.
    if (!s.empty()) {
      std::uniform_int_distribution<std::size_t> at(0, s.size() - 1);
      std::string m = s;
      m[at(rng)] = static_cast<char>(byte(rng));
      check(m);
      m = s;
      m.insert(m.begin() + static_cast<std::ptrdiff_t>(at(rng)), static_cast<char>(0x80 | byte(rng)));
      check(m);
      m = s;
      m.erase(at(rng), 1);
      check(m);
    }
  }
  // Purely random bytes, and every 1- and 2-byte string.
  for (int round = 0; round < 5000; ++round) {
    std::string s(static_cast<std::size_t>(small(rng) * 9), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    check(s);
  }
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const char s[2] = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(io::text::utf8_valid_prefix(s, 2), reference_valid_prefix(s, 2)) << a << " " << b;
    }
  }
  EXPECT_GT(cases, 80000u);
}

TEST(TextFastPaths, CountValidCountsNonContinuationBytes) {
  // count_valid is n minus the bytes 10xxxxxx, for any input (blocks of 16, groups of 255
  // blocks, words of 8, the tail).
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t n : {0u, 1u, 7u, 8u, 15u, 16u, 17u, 31u, 33u, 100u, 4079u, 4080u, 4081u, 4096u, 8191u, 9000u, 70000u}) {
    for (int round = 0; round < 4; ++round) {
      std::string s(n, '\0');
      for (char& c : s) c = static_cast<char>(round == 0 ? 0x80 | byte(rng) : byte(rng));  // round 0: no ASCII
      std::size_t expected = 0;
      for (char c : s) expected += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      for (std::size_t start = 0; start < std::min<std::size_t>(n, 3); ++start) {
        std::size_t sub = 0;
        for (std::size_t k = start; k < n; ++k) sub += (static_cast<unsigned char>(s[k]) & 0xC0) != 0x80;
        EXPECT_EQ(io::text::count_valid(s.data() + start, n - start), sub) << n << " from " << start;
      }
      EXPECT_EQ(io::text::count_valid(s.data(), n), expected) << n;
    }
  }
}

// ---- the newline decoder ------------------------------------------------------------------

// Lib/_pyio.py's IncrementalNewlineDecoder.decode with decoder=None.
struct ReferenceNewlineDecoder {
  bool translate, pendingcr = false;
  bool lf = false, cr = false, crlf = false;

  static std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + what.size())) ++n;
    return n;
  }
  static std::string replace(const std::string& s, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t pos = 0;
    for (std::size_t hit = s.find(from); hit != std::string::npos; hit = s.find(from, pos)) {
      out.append(s, pos, hit - pos);
      out.append(to);
      pos = hit + from.size();
    }
    out.append(s, pos);
    return out;
  }
  std::string decode(std::string output, bool final) {
    if (pendingcr && (!output.empty() || final)) {
      output.insert(output.begin(), '\r');
      pendingcr = false;
    }
    if (!output.empty() && output.back() == '\r' && !final) {
      output.pop_back();
      pendingcr = true;
    }
    const std::size_t ncrlf = count(output, "\r\n");
    const std::size_t ncr = count(output, "\r") - ncrlf;
    const std::size_t nlf = count(output, "\n") - ncrlf;
    lf |= nlf > 0, cr |= ncr > 0, crlf |= ncrlf > 0;
    if (translate) {
      if (ncrlf) output = replace(output, "\r\n", "\n");
      if (ncr) output = replace(output, "\r", "\n");
    }
    return output;
  }
  std::optional<std::vector<std::string>> newlines() const {
    std::vector<std::string> kinds;
    if (cr) kinds.emplace_back("\r");
    if (lf) kinds.emplace_back("\n");
    if (crlf) kinds.emplace_back("\r\n");
    if (kinds.empty()) return std::nullopt;
    return kinds;
  }
};

TEST(TextFastPaths, NewlineDecoderMatchesPythonAlgorithm) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> kind(0, 9), len(0, 40), calls(1, 6);
  for (int round = 0; round < 40000; ++round) {
    const bool translate = round % 2 == 0;
    io::IncrementalNewlineDecoder ours(nullptr, translate);
    ReferenceNewlineDecoder ref{translate};
    const int n = calls(rng);
    for (int k = 0; k < n; ++k) {
      std::string chunk;
      const int size = len(rng) * (round % 7 == 0 ? 30 : 1);  // some long runs
      for (int i = 0; i < size; ++i) {
        switch (kind(rng)) {
          case 0: case 1: chunk.push_back('\r'); break;
          case 2: case 3: chunk.push_back('\n'); break;
          case 4: chunk += "\xc3\xa9"; break;
          default: chunk.push_back(static_cast<char>('a' + i % 26));
        }
      }
      const bool final = k == n - 1 && round % 3 != 0;
      const std::string expected = ref.decode(chunk, final);
      ASSERT_EQ(ours.decode(chunk, final), expected) << "round " << round << " call " << k << " " << hex(chunk);
      ASSERT_EQ(ours.getstate().flag & 1, ref.pendingcr ? 1u : 0u) << "round " << round;
      ASSERT_EQ(ours.newlines(), ref.newlines()) << "round " << round << " call " << k;
    }
  }
}

// ---- TextIOWrapper.write against CPython ----------------------------------------------------

TEST(TextFastPaths, WriteMatchesCPython) {
  // Valid text (the fast path), text holding lone surrogates (U+DCFF as the raw byte, U+D800
  // in its 3-byte form), for the codecs and handlers the fast path must tell apart.
  const std::vector<std::string> writes = {"plain ascii\n", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n",
                                           "bad \xff byte\n", "", "sur \xed\xa0\x80 rogate",
                                           "\xc3\xa9\xff\xed\xbf\xbf\n", "tail \xe2\x9c\x93"};
  const std::vector<std::string> encodings = {"utf-8", "UTF8", "utf-8-sig", "latin-1", "utf-16-le"};
  const std::vector<std::string> handlers = {"strict", "surrogateescape", "surrogatepass", "replace",
                                             "backslashreplace"};
  const std::vector<std::optional<std::string>> newlines = {std::nullopt, "\r\n"};
  nlohmann::json jobs = nlohmann::json::array();
  std::vector<nlohmann::json> ours;
  for (const auto& enc : encodings) {
    for (const auto& errors : handlers) {
      for (const auto& nl : newlines) {
        auto b = std::make_shared<io::BytesIO>();
        io::TextIOWrapper t(b, {.encoding = enc, .errors = errors, .newline = nl});
        nlohmann::json results = nlohmann::json::array();
        for (const auto& w : writes) {
          try {
            results.push_back(t.write(w));
          } catch (const UnicodeEncodeError& e) {
            results.push_back({{"type", std::string(e.type_name())}, {"str", e.what()}});
          }
        }
        t.flush();
        ours.push_back({{"results", results}, {"bytes", hex(b->getvalue())}});
        jobs.push_back({{"encoding", enc}, {"errors", errors}, {"newline", nl ? nlohmann::json(*nl) : nlohmann::json()}});
      }
    }
  }
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& w : writes) texts.push_back(cps(w));
  const auto theirs = pyos::test::run_python(R"(
import io, json, sys
jobs = json.loads(sys.argv[1]); writes = ["".join(map(chr, w)) for w in json.loads(sys.argv[2])]; out = []
for j in jobs:
    b = io.BytesIO()
    t = io.TextIOWrapper(b, encoding=j["encoding"], errors=j["errors"], newline=j["newline"])
    results = []
    for w in writes:
        try:
            results.append(t.write(w))
        except UnicodeEncodeError as e:
            results.append({"type": type(e).__name__, "str": str(e)})
    t.flush()
    out.append({"results": results, "bytes": b.getvalue().hex()})
print(json.dumps(out))
)",
                                             {jobs.dump(), texts.dump()});
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << jobs[i].dump();
}

// ---- reads: character counts and tell() cookies against CPython ------------------------------

class TextFastPathsLive : public pyos::test::TempDirTest {};

TEST_F(TextFastPathsLive, ReadsWithEveryHandlerMatchCPython) {
  // Valid and invalid UTF-8 over several chunks; read(n) steps then tell(), per handler (the
  // count of decoded characters sets the bytes-per-character estimate tell() starts from).
  // The ill-formed bytes are ones the str representation holds unambiguously: surrogatepass
  // gets encoded surrogates, the others bytes that decode to U+DC80..U+DCFF one by one (not
  // ED A0 80, which surrogateescape makes three characters of and pyos holds as U+D800).
  auto data_for = [](const std::string& errors) {
    std::string data;
    for (int i = 0; i < 1500; ++i) {
      data += "line ";
      data += std::to_string(i);
      data += i % 3 == 0 ? " caf\xc3\xa9 \xe2\x82\xac\r\n" : " \xf0\x9f\x98\x80 ok\n";
      if (i % 97 == 0) data += errors == "surrogatepass" ? "sur\xed\xa0\x80\xed\xbf\xbf\n" : "bad\xff\xfe here\xed\xa0X\n";
    }
    return data;
  };
  const std::vector<std::string> handlers = {"strict", "replace", "ignore", "backslashreplace", "surrogateescape",
                                             "surrogatepass"};
  const std::vector<std::int64_t> steps = {1, 7, 300, 5000, 9000};
  nlohmann::json ours = nlohmann::json::array();
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& errors : handlers) {
    const std::string data = data_for(errors);
    const std::string path = tmp / errors;
    io::open(path, "wb")->write(data);
    inputs.push_back(path);
    auto b = std::make_shared<io::BytesIO>(data);
    io::TextIOWrapper t(b, {.encoding = "utf-8", .errors = errors});
    nlohmann::json seen = nlohmann::json::array();
    try {
      for (std::size_t k = 0;; ++k) {
        const std::string s = t.read(steps[k % steps.size()]);
        if (s.empty()) break;
        seen.push_back({codecs::str_len(s), t.tell().str()});
      }
    } catch (const UnicodeDecodeError& e) {
      seen.push_back(std::string(e.type_name()));
    }
    ours.push_back(seen);
  }
  const auto theirs = pyos::test::run_python(R"(
import io, json, sys
inputs = json.loads(sys.argv[1]); handlers = json.loads(sys.argv[2]); steps = json.loads(sys.argv[3]); out = []
for data, errors in zip(inputs, handlers):
    t = io.TextIOWrapper(io.BytesIO(open(data, "rb").read()), encoding="utf-8", errors=errors)
    seen = []
    try:
        k = 0
        while True:
            s = t.read(steps[k % len(steps)]); k += 1
            if not s: break
            seen.append([len(s), str(t.tell())])
    except UnicodeDecodeError as e:
        seen.append(type(e).__name__)
    out.append(seen)
print(json.dumps(out))
)",
                                             {inputs.dump(), nlohmann::json(handlers).dump(), nlohmann::json(steps).dump()});
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << handlers[i];
}

// ---- readlines(hint) against CPython ---------------------------------------------------------

class ReadlinesLive : public pyos::test::TempDirTest {};

TEST_F(ReadlinesLive, HintAsCPython) {
  // Lines of 1-, 2-, 3- and 4-byte characters (so bytes and characters differ), one ill-formed.
  const std::string data =
      "ab\n\xc3\xa9\xc3\xa9\n\xe2\x82\xac\r\n\xf0\x9f\x98\x80x\rcd\n\n\xff\xfe\nlast \xc3\xa9";
  const std::string path = tmp / "lines";
  {
    auto f = io::open(path, "wb");
    f->write(data);
  }
  struct Job {
    std::string kind;  // text, stringio, buffered, fileio, bytesio
    std::optional<std::string> newline;
    std::string errors;
  };
  const std::vector<Job> kinds = {{"text", std::nullopt, "surrogateescape"}, {"text", "", "surrogateescape"},
                                  {"text", "\r\n", "replace"},             {"stringio", "\n", ""},
                                  {"stringio", std::nullopt, ""},          {"buffered", std::nullopt, ""},
                                  {"fileio", std::nullopt, ""},            {"bytesio", std::nullopt, ""}};
  const std::string valid = "ab\n\xc3\xa9\xc3\xa9\n\xe2\x82\xac\r\n\xf0\x9f\x98\x80x\rcd\n\nlast \xc3\xa9";
  nlohmann::json jobs = nlohmann::json::array();
  nlohmann::json ours = nlohmann::json::array();
  for (const auto& job : kinds) {
    for (std::int64_t hint = -1; hint <= 40; ++hint) {
      std::vector<std::string> lines;
      if (job.kind == "text") {
        auto f = io::open(path, "r", {.encoding = "utf-8", .errors = job.errors, .newline = job.newline});
        lines = f->readlines(hint);
      } else if (job.kind == "stringio") {
        io::StringIO f(valid, {.newline = job.newline});
        lines = f.readlines(hint);
      } else if (job.kind == "buffered") {
        lines = io::open(path, "rb")->readlines(hint);
      } else if (job.kind == "fileio") {
        lines = io::open(path, "rb", {.buffering = 0})->readlines(hint);
      } else {
        io::BytesIO f(data);
        lines = f.readlines(hint);
      }
      nlohmann::json got = nlohmann::json::array();
      for (const auto& l : lines) got.push_back(hex(job.kind == "text" || job.kind == "stringio"
                                                        ? codecs::encode(l, "utf-8", "surrogatepass")
                                                        : l));
      ours.push_back(got);
      jobs.push_back({{"kind", job.kind},
                      {"newline", job.newline ? nlohmann::json(*job.newline) : nlohmann::json()},
                      {"errors", job.errors},
                      {"hint", hint}});
    }
  }
  const auto theirs = pyos::test::run_python(R"(
import io, json, sys
jobs = json.loads(sys.argv[1]); path = sys.argv[2]; valid = bytes.fromhex(sys.argv[3]).decode(); out = []
for j in jobs:
    k = j["kind"]
    if k == "text":
        f = open(path, "r", encoding="utf-8", errors=j["errors"], newline=j["newline"])
    elif k == "stringio":
        f = io.StringIO(valid, newline=j["newline"])
    elif k == "buffered":
        f = open(path, "rb")
    elif k == "fileio":
        f = open(path, "rb", buffering=0)
    else:
        f = io.BytesIO(open(path, "rb").read())
    with f:
        lines = f.readlines(j["hint"])
    out.append([(l.encode("utf-8", "surrogatepass") if isinstance(l, str) else l).hex() for l in lines])
print(json.dumps(out))
)",
                                             {jobs.dump(), path, hex(valid)});
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << jobs[i].dump();
}

// ---- closed checks without virtual calls --------------------------------------------------

// The wrappers read a FileIO's (and a buffered object's) closed flag directly when they know
// its exact type; a raw stream closed behind their back must still show, and a subclass's
// closed() must still be asked. Messages as CPython 3.13's (python3 -c with the same steps).
class ClosedChecks : public pyos::test::TempDirTest {
 protected:
  std::string path() {
    const std::string p = tmp / "abc";
    io::open(p, "wb")->write("ab\ncd\nef");
    return p;
  }
};

TEST_F(ClosedChecks, RawClosedBehindTheWrappers) {
  auto raw = std::make_shared<io::FileIO>(path(), "r");
  auto b = std::make_shared<io::BufferedReader>(raw);
  io::TextIOWrapper t(b, {.encoding = "utf-8"});
  EXPECT_EQ(t.readline(), "ab\n");
  raw->close();
  EXPECT_TRUE(b->closed());
  EXPECT_TRUE(t.closed());
  EXPECT_RAISES_MSG(b->readline(), ValueError, "readline of closed file");
  EXPECT_RAISES_MSG(b->read(1), ValueError, "read of closed file");
  EXPECT_RAISES_MSG(t.readline(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(t.write("x"), ValueError, "I/O operation on closed file.");
  t.close();  // already closed: nothing to do

  auto wraw = std::make_shared<io::FileIO>(tmp / "w", "w");
  auto bw = std::make_shared<io::BufferedWriter>(wraw);
  io::TextIOWrapper tw(bw, {.encoding = "utf-8"});
  tw.write("x");
  wraw->close();
  EXPECT_TRUE(tw.closed());
  EXPECT_RAISES_MSG(tw.write("x"), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(bw->write("x"), ValueError, "write to closed file");
}

TEST_F(ClosedChecks, SubclassClosedIsStillAsked) {
  struct ForcedFileIO : io::FileIO {
    using io::FileIO::FileIO;
    bool forced = false;
    bool closed() const override { return forced || io::FileIO::closed(); }
  };
  auto raw = std::make_shared<ForcedFileIO>(path(), "r");
  auto b = std::make_shared<io::BufferedReader>(raw);
  io::TextIOWrapper t(b, {.encoding = "utf-8"});
  raw->forced = true;
  EXPECT_TRUE(b->closed());
  EXPECT_TRUE(t.closed());
  EXPECT_RAISES_MSG(b->readline(), ValueError, "readline of closed file");
  EXPECT_RAISES_MSG(t.readline(), ValueError, "I/O operation on closed file.");
  raw->forced = false;
  EXPECT_EQ(b->readline(), "ab\n");
  EXPECT_EQ(t.readline(), "cd\n");
}

// ---- TextIOWrapper.flush(): the buffer's write-and-flush against its two calls ---------------

// A raw stream whose write() follows a script, one step per call: take at most `limit` bytes
// (a short write), return None (would block), or fail with `error`; after the script, take
// everything. It keeps what each call was given.
class ScriptedRaw : public io::RawIOBase {
 public:
  struct Step {
    std::size_t limit = SIZE_MAX;
    bool block = false;
    int error = 0;
  };
  explicit ScriptedRaw(std::vector<Step> script) : script_(std::move(script)) {}
  bool writable() const override { return true; }
  std::optional<std::size_t> raw_write(std::span<const std::byte> data) override {
    calls.emplace_back(reinterpret_cast<const char*>(data.data()), data.size());
    const Step step = next_ < script_.size() ? script_[next_++] : Step{};
    if (step.error != 0) raise_from_errno(step.error);
    if (step.block) return std::nullopt;
    return std::min(step.limit, data.size());
  }
  std::vector<std::string> calls;

 private:
  std::vector<Step> script_;
  std::size_t next_ = 0;
};

// What a call raised, as text ("" when nothing).
template <class Fn>
std::string outcome(Fn&& fn) {
  try {
    fn();
  } catch (const BlockingIOError& e) {
    return std::string("BlockingIOError ") + e.what() + " " + std::to_string(e.characters_written().value_or(999));
  } catch (const Exception& e) {  // OSError, UnicodeEncodeError, ...
    return std::string(e.type_name()) + " " + e.what();
  }
  return "";
}

// TextIOWrapper.flush() with text pending hands it to BufferedWriter's write-and-flush, which
// gives it to raw without the copy into the buffer when nothing is buffered. Every outcome —
// the calls raw sees, what is raised (characters_written too), what stays buffered for the
// next flush, the position — must be those of BufferedWriter.write(bytes) then flush().
TEST(TextFastPaths, FlushThroughTheBufferAsItsTwoCalls) {
  using Step = ScriptedRaw::Step;
  const std::vector<std::vector<Step>> scripts = {
      {},
      {{.limit = 5}},
      {{.limit = 1}, {.limit = 2}, {.limit = 3}},
      {{.block = true}},
      {{.limit = 4}, {.block = true}},
      {{.error = ENOSPC}},
      {{.limit = 7}, {.error = EIO}},
      {{.limit = 0}, {.limit = 0}, {.block = true}},
  };
  const std::vector<std::string> lines = {"x", "one line of text\n", std::string(64, 'a'), std::string(100, 'b')};
  for (const std::string& line : lines) {
    for (std::size_t k = 0; k < scripts.size(); ++k) {
      const std::string where = "script " + std::to_string(k) + ", " + std::to_string(line.size()) + " bytes";
      auto fast_raw = std::make_shared<ScriptedRaw>(scripts[k]);
      auto fast_buffer = std::make_shared<io::BufferedWriter>(fast_raw, 64);
      io::TextIOWrapper text(fast_buffer, {.encoding = "utf-8", .newline = ""});
      text.write(line);
      const std::string fast_first = outcome([&] { text.flush(); });
      const std::string fast_second = outcome([&] { text.flush(); });

      auto ref_raw = std::make_shared<ScriptedRaw>(scripts[k]);
      io::BufferedWriter ref_buffer(ref_raw, 64);
      std::string ref_first = outcome([&] { ref_buffer.write(line); });
      if (ref_first.empty()) ref_first = outcome([&] { ref_buffer.flush(); });
      const std::string ref_second = outcome([&] { ref_buffer.flush(); });

      EXPECT_EQ(fast_first, ref_first) << where;
      EXPECT_EQ(fast_second, ref_second) << where;
      EXPECT_EQ(fast_raw->calls, ref_raw->calls) << where;  // what stayed buffered shows in the second flush
    }
  }
}

// TextIOWrapper.write_and_flush(s), pyos's write(s) then flush() in one call: the same raw
// calls, errors and state as the two calls, for every kind of stream and text — the fast case
// (nothing pending, valid UTF-8 for the utf-8 codec, no newline translation) included, with
// the raw scripts of the test above.
TEST(TextFastPaths, WriteAndFlushIsWriteThenFlush) {
  using Step = ScriptedRaw::Step;
  const std::vector<std::vector<Step>> scripts = {{}, {{.limit = 3}}, {{.block = true}}, {{.error = ENOSPC}}};
  const std::vector<io::TextIOWrapperOptions> options = {
      {.encoding = "utf-8", .newline = ""},
      {.encoding = "utf-8"},  // newline None: os.linesep, nothing to translate on Linux
      {.encoding = "utf-8", .newline = "\r\n"},
      {.encoding = "utf-8", .errors = "surrogateescape", .newline = ""},
      {.encoding = "utf-8", .newline = "", .line_buffering = true},
      {.encoding = "utf-8", .newline = "", .write_through = true},
      {.encoding = "latin-1", .newline = ""},
      {.encoding = "utf-16", .newline = ""},
  };
  const std::vector<std::string> texts = {"x", "one line\n", "h\xc3\xa9llo \xe2\x82\xac\n", "bad \xff byte\n",
                                          std::string(100, 'b') + "\n", ""};
  for (std::size_t o = 0; o < options.size(); ++o) {
    for (std::size_t k = 0; k < scripts.size(); ++k) {
      for (const std::string& text : texts) {
        for (const bool pending : {false, true}) {
          const std::string where = "options " + std::to_string(o) + ", script " + std::to_string(k) + ", text " +
                                    hex(text) + (pending ? ", after a pending write" : "");
          auto fast_raw = std::make_shared<ScriptedRaw>(scripts[k]);
          io::TextIOWrapper fast(std::make_shared<io::BufferedWriter>(fast_raw, 64), options[o]);
          auto ref_raw = std::make_shared<ScriptedRaw>(scripts[k]);
          io::TextIOWrapper ref(std::make_shared<io::BufferedWriter>(ref_raw, 64), options[o]);
          if (pending) {
            fast.write("pending ");
            ref.write("pending ");
          }
          const std::string fast_outcome = outcome([&] { fast.write_and_flush(text); });
          const std::string ref_outcome = outcome([&] {
            ref.write(text);
            ref.flush();
          });
          EXPECT_EQ(fast_outcome, ref_outcome) << where;
          EXPECT_EQ(fast_raw->calls, ref_raw->calls) << where;
          // What stayed pending or buffered shows in the next flush.
          EXPECT_EQ(outcome([&] { fast.flush(); }), outcome([&] { ref.flush(); })) << where;
          EXPECT_EQ(fast_raw->calls, ref_raw->calls) << where;
          EXPECT_EQ(outcome([&] { (void)fast.tell(); }), outcome([&] { (void)ref.tell(); })) << where;
        }
      }
    }
  }
}

}  // namespace
