// TextIOWrapper against CPython: scripts over a BytesIO (reads, writes, tell cookies as
// CPython's integers, seeks back to them, the buffer's bytes after each step), plus the
// error messages and the BOM rules.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;
using pyos::test::from_hex;
using pyos::io::UnsupportedOperation;

std::optional<std::vector<std::string>> newlines_of(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) return std::vector<std::string>{j.get<std::string>()};
  return j.get<std::vector<std::string>>();
}

std::optional<std::string> opt(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

// CPython's C TextIOWrapper packs its cookie struct {int64 start_pos; int dec_flags;
// int bytes_to_feed; int chars_to_skip; char need_eof;} little-endian into one integer:
// start_pos | dec_flags << 64 | bytes_to_feed << 96 | chars_to_skip << 128 | need_eof << 160.
// (Lib/_pyio.py packs at 64-bit strides instead; the C layout is what `io` shows.)
std::string cookie_fields(const std::string& decimal) {
  std::vector<std::uint32_t> limbs(8, 0);  // little-endian 32-bit limbs
  for (char d : decimal) {
    std::uint64_t carry = static_cast<std::uint64_t>(d - '0');
    for (auto& limb : limbs) {
      const std::uint64_t v = std::uint64_t{limb} * 10 + carry;
      limb = static_cast<std::uint32_t>(v);
      carry = v >> 32;
    }
  }
  const std::uint64_t start = limbs[0] | (std::uint64_t{limbs[1]} << 32);
  return std::to_string(static_cast<std::int64_t>(start)) + "/" + std::to_string(limbs[2]) + "/" +
         std::to_string(limbs[3]) + "/" + std::to_string(limbs[4]) + "/" + std::to_string(limbs[5] & 0xFF);
}

std::string cookie_fields(const io::Position& p) {
  return std::to_string(p.offset()) + "/" + std::to_string(p.dec_flags()) + "/" + std::to_string(p.bytes_to_feed()) +
         "/" + std::to_string(p.chars_to_skip()) + "/" + std::to_string(p.need_eof() ? 1 : 0);
}

// reconfigure()'s keywords as the script gave them (a key that is absent stays as it is; a
// JSON null newline is None).
io::ReconfigureOptions reconfigure_options(const nlohmann::json& kwargs) {
  io::ReconfigureOptions o;
  if (kwargs.contains("encoding")) o.encoding = kwargs["encoding"].get<std::string>();
  if (kwargs.contains("errors")) o.errors = kwargs["errors"].get<std::string>();
  if (kwargs.contains("newline")) o.newline = opt(kwargs["newline"]);
  if (kwargs.contains("line_buffering")) o.line_buffering = kwargs["line_buffering"].get<bool>();
  if (kwargs.contains("write_through")) o.write_through = kwargs["write_through"].get<bool>();
  return o;
}

// Where a script's bytes live: a BytesIO (as the scripts were recorded), or a file under a
// BufferedRandom over FileIO, which takes TextIOWrapper's paths for an exact buffered file.
// CPython gives the same results over both: read1() returns what it is asked for from a
// regular file as from a BytesIO, so chunks, cookies and bytes are the same.
class ScriptBuffer {
 public:
  ScriptBuffer(const std::string& initial, const pyos::test::TempDir* dir) {
    if (!dir) {
      bytes_ = std::make_shared<io::BytesIO>(initial);
      return;
    }
    path_ = *dir / "script";
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << initial;
    file_ = std::make_shared<io::BufferedRandom>(std::make_shared<io::FileIO>(path_, "r+b"));
  }
  std::shared_ptr<io::BufferedIOBase> buffer() const {
    if (bytes_) return bytes_;
    return file_;
  }
  // The bytes written so far (the file's after the BufferedRandom's own buffer is flushed).
  std::string value() const {
    if (bytes_) return bytes_->getvalue();
    file_->flush();
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::shared_ptr<io::BytesIO> bytes_;
  std::shared_ptr<io::BufferedRandom> file_;
  std::string path_;
};

// The steps of one golden script on f (what tools/oracle/gen_io_text.py's textio_steps did on
// CPython's): each step's result or error, newlines, and value() when the script recorded the
// bytes as changed. Counts the steps and tell() cookies compared; false when pyos raised an
// error CPython did not (the rest of that script is moot).
bool run_steps(io::TextIOWrapper& f, const nlohmann::json& script_steps, const std::function<std::string()>& value,
               const std::string& label, std::size_t& steps, std::size_t& cookies) {
  std::vector<io::Position> tells;
  std::size_t k = 0, readlines = 0;
  for (const auto& s : script_steps) {
    const std::string op = s["op"];
    const std::string where = label + " step " + std::to_string(k++) + " " + op;
    std::string text;
    std::vector<std::string> lines;
    nlohmann::json result;
    bool is_text = false;
    auto err = capture([&] {
      if (op == "read_n") {
        text = f.read(s["n"].get<std::int64_t>()), is_text = true;
      } else if (op == "read") {
        text = f.read(), is_text = true;
      } else if (op == "readline" || op == "readline_n") {
        // Every other line goes through readline_into (the C++ addition), into a string
        // that already holds something: both must give CPython's line.
        const std::int64_t n = op == "readline" ? -1 : s["n"].get<std::int64_t>();
        if (++readlines % 2 == 0) {
          text = f.readline(n);
        } else {
          text = "left over from an earlier line, longer than most";
          const std::size_t got = f.readline_into(text, n);
          EXPECT_EQ(got, text.size()) << where;
        }
        is_text = true;
      } else if (op == "readlines_k") {
        for (auto n = s["n"].get<int>(); n > 0; --n) text += f.readline();
        is_text = true;
      } else if (op == "tell") {
        const io::Position p = f.tell();
        tells.push_back(p);
        result = cookie_fields(p);
        if (s.contains("result")) {
          EXPECT_EQ(p.str(), s["result"].get<std::string>()) << where << ": the integer CPython shows";
        }
      } else if (op == "seek_tell") {
        result = cookie_fields(f.seek(tells.at(s["index"].get<std::size_t>())));
      } else if (op == "seek0") {
        result = cookie_fields(f.seek(0));
      } else if (op == "seek_end") {
        result = cookie_fields(f.seek(0, 2));
      } else if (op == "seek") {  // to a cookie given by its fields (all zero but the start: an int)
        const auto& v = s["fields"];
        const auto start = v[0].get<std::int64_t>();
        const bool plain = v[1] == 0 && v[2] == 0 && v[3] == 0 && v[4] == 0;
        result = cookie_fields(f.seek(plain ? io::Position(start)
                                            : io::Position::cookie(start, v[1].get<std::uint64_t>(),
                                                                   v[2].get<std::uint64_t>(), v[3].get<std::uint64_t>(),
                                                                   v[4] == 1)));
      } else if (op == "write") {
        result = f.write(T(s["text"]));
      } else if (op == "flush") {
        f.flush();
      } else if (op == "seek_cur") {
        result = cookie_fields(f.seek(s["n"].get<std::int64_t>(), 1));
      } else if (op == "truncate") {
        result = s["n"].is_null() ? f.truncate() : f.truncate(s["n"].get<std::int64_t>());
      } else if (op == "readlines_hint") {
        lines = f.readlines(s["n"].get<std::int64_t>());
      } else if (op == "reconfigure") {
        f.reconfigure(reconfigure_options(s["kwargs"]));
      }
    });
    if (s.contains("error")) {
      expect_error(s["error"], err, where);
    } else {
      EXPECT_FALSE(err.has_value()) << where << ": " << err->type << ": " << err->message;
      if (err.has_value()) return false;
      if (is_text) {
        expect_text(s["result"], text, where);
      } else if (op == "readlines_hint") {
        EXPECT_EQ(lines.size(), s["result"].size()) << where;
        for (std::size_t i = 0; i < std::min(lines.size(), s["result"].size()); ++i) {
          expect_text(s["result"][i], lines[i], where + " line " + std::to_string(i));
        }
      } else if (s.contains("result")) {
        if (op.starts_with("seek") || op == "tell") {
          EXPECT_EQ(result.get<std::string>(), cookie_fields(s["result"].get<std::string>())) << where;
        } else {
          EXPECT_EQ(result, s["result"]) << where;
        }
        if (op == "tell") ++cookies;
      }
    }
    if (s.contains("buffer_len")) {
      const std::string now = value();
      EXPECT_EQ(now.size(), s["buffer_len"].get<std::size_t>()) << where;
      if (!s["buffer_hex"].is_null()) {
        EXPECT_EQ(now, from_hex(s["buffer_hex"].get<std::string>())) << where;
      }
    }
    EXPECT_EQ(f.newlines(), newlines_of(s["newlines"])) << where;
    ++steps;
  }
  return true;
}

// A script's initial bytes: its segments, each [hex, repeat count].
std::string initial_bytes(const nlohmann::json& segments) {
  std::string initial;
  for (const auto& seg : segments) {
    const std::string unit = from_hex(seg[0].get<std::string>());
    for (int r = 0; r < seg[1].get<int>(); ++r) initial += unit;
  }
  return initial;
}

// Runs the TextIOWrapper scripts of a golden file (tools/oracle/gen_io_text.py) over BytesIO,
// or over a file in `dir`, and returns how many steps and tell() cookies it compared.
std::pair<std::size_t, std::size_t> run_golden_scripts(const std::string& file,
                                                       const pyos::test::TempDir* dir = nullptr) {
  const auto doc = pyos::test::golden(file);
  std::size_t steps = 0, cookies = 0, index = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    const std::size_t case_index = index++;
    const ScriptBuffer b(initial_bytes(c["initial"]), dir);
    io::TextIOWrapper f(b.buffer(), {.encoding = c["encoding"].get<std::string>(),
                            .errors = c["errors"].get<std::string>(),
                            .newline = opt(c["newline"]),
                            .line_buffering = c["line_buffering"].get<bool>()});
    const std::string label = "case " + std::to_string(case_index) + " (" + c["encoding"].get<std::string>() +
                              " newline=" + c["newline"].dump() + ")";
    if (!run_steps(f, c["steps"], [&] { return b.value(); }, label, steps, cookies)) continue;
    f.flush();
    EXPECT_EQ(b.value().size(), c["final_len"].get<std::size_t>());
    if (!c["final_hex"].is_null()) {
      EXPECT_EQ(b.value(), from_hex(c["final_hex"].get<std::string>()));
    }
  }
  return {steps, cookies};
}

// Runs a golden file's scripts over BytesIO and checks they compared at least so many steps
// and tell() cookies (so that a shrunken file cannot pass).
void expect_golden_scripts(const std::string& file, std::size_t min_steps, std::size_t min_cookies) {
  const auto [steps, cookies] = run_golden_scripts(file);
  EXPECT_GT(steps, min_steps) << file;
  EXPECT_GT(cookies, min_cookies) << file;
}

TEST(TextIOWrapper, GoldenScriptsOverBytesIO) { expect_golden_scripts("io/text_textio.json", 3000, 500); }

// Texts of 20k+ characters: reads, readlines and tell() across the 8 KiB chunk boundaries.
TEST(TextIOWrapper, GoldenScriptsAcrossChunks) { expect_golden_scripts("io/text_textio_chunks.json", 3000, 300); }

// Texts with undecodable bytes, read with each decoding handler: errors and replacements
// across chunks, tell() while the decoder holds part of a bad sequence.
TEST(TextIOWrapper, GoldenScriptsWithDecodingErrors) {
  expect_golden_scripts("io/text_textio_errors.json", 2000, 150);
}

// Scripts that also reconfigure() the wrapper mid-stream, truncate() it, seek(0, 1) and
// readlines(hint).
TEST(TextIOWrapper, GoldenScriptsWithReconfigure) { expect_golden_scripts("io/text_textio_ops.json", 2000, 150); }

// The same scripts over files: TextIOWrapper's paths for an exact BufferedRandom over FileIO.
TEST(TextIOWrapper, GoldenScriptsOverFiles) {
  const pyos::test::TempDir dir;
  for (const char* file : {"io/text_textio.json", "io/text_textio_chunks.json", "io/text_textio_errors.json"}) {
    const auto [steps, cookies] = run_golden_scripts(file, &dir);
    EXPECT_GT(steps, 2000u) << file;
    EXPECT_GT(cookies, 150u) << file;
  }
}

// Scripts over files that open() opens in every text mode, with buffer sizes from 2 bytes,
// over a file that is absent or holds text with or without its BOM: each step's result, the
// file's bytes as another reader sees them (what reached the OS) when CPython's changed, and
// the bytes after close() (tools/oracle/gen_io_text.py, text_files.json).
TEST(TextIOWrapper, GoldenScriptsThroughOpen) {
  const pyos::test::TempDir dir;
  const std::string path = dir / "script";
  const auto disk = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto doc = pyos::test::golden("io/text_files.json");
  std::size_t steps = 0, cookies = 0, opened = 0, index = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    const std::string label = "case " + std::to_string(index++) + " (" + c["mode"].get<std::string>() + " " +
                              c["encoding"].get<std::string>() + " buffering=" + c["buffering"].dump() +
                              " newline=" + c["newline"].dump() + ")";
    std::filesystem::remove(path);
    if (!c["initial"].is_null()) std::ofstream(path, std::ios::binary) << initial_bytes(c["initial"]);
    std::shared_ptr<io::TextIOWrapper> f;
    auto err = capture([&] {
      f = io::open_as<io::TextIOWrapper>(path, c["mode"].get<std::string>(),
                                         {.buffering = c["buffering"].get<std::int64_t>(),
                                          .encoding = c["encoding"].get<std::string>(),
                                          .errors = c["errors"].get<std::string>(),
                                          .newline = opt(c["newline"])});
    });
    if (c.contains("open_error")) {
      if (err) {
        const auto at = err->message.find(dir.path().string());
        if (at != std::string::npos) err->message.replace(at, dir.path().string().size(), "<dir>");
      }
      expect_error(c["open_error"], err, label);
      continue;
    }
    ASSERT_FALSE(err.has_value()) << label << ": " << err->type << ": " << err->message;
    ++opened;
    if (!run_steps(*f, c["steps"], disk, label, steps, cookies)) continue;
    err = capture([&] { f->close(); });
    if (c.contains("close_error")) {
      expect_error(c["close_error"], err, label + " close");
    } else {
      EXPECT_FALSE(err.has_value()) << label << " close: " << err->type << ": " << err->message;
    }
    EXPECT_EQ(disk().size(), c["final_len"].get<std::size_t>()) << label;
    if (!c["final_hex"].is_null()) {
      EXPECT_EQ(disk(), from_hex(c["final_hex"].get<std::string>())) << label;
    }
  }
  EXPECT_GT(opened, 150u);
  EXPECT_GT(steps, 3000u);
  EXPECT_GT(cookies, 150u);
}

// seek() to cookies made up from their fields (tools/oracle/gen_io_text.py,
// text_cookies.json): start positions before and past the stream, decoder flags tell() never
// makes, too few or too many bytes to feed, need_eof; what seek() returns or raises, and
// then what reads, tell() and a write give (a seek that fails part way leaves the wrapper as
// CPython's leaves it).
TEST(TextIOWrapper, GoldenSeeksToMadeUpCookies) {
  const auto doc = pyos::test::golden("io/text_cookies.json");
  std::size_t steps = 0, cookies = 0, seeks = 0, failed = 0, index = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    const std::string label = "case " + std::to_string(index++) + " (" + c["encoding"].get<std::string>() +
                              " newline=" + c["newline"].dump() + ")";
    for (const auto& s : c["steps"]) {
      if (s["op"] != "seek") continue;
      ++seeks;
      if (s.contains("error")) ++failed;
    }
    auto b = std::make_shared<io::BytesIO>(from_hex(c["data"].get<std::string>()));
    io::TextIOWrapper f(b, {.encoding = c["encoding"].get<std::string>(),
                            .errors = c["errors"].get<std::string>(),
                            .newline = opt(c["newline"])});
    if (!run_steps(f, c["steps"], [&] { return b->getvalue(); }, label, steps, cookies)) continue;
    capture([&] { f.flush(); });
    EXPECT_EQ(pyos::test::hex(b->getvalue()), c["final_hex"].get<std::string>()) << label;
  }
  EXPECT_GT(steps, 1500u);
  EXPECT_GT(seeks, 250u);
  EXPECT_GT(failed, 100u);
}

TEST(TextIOWrapper, ConstructorErrors) {
  auto b = std::make_shared<io::BytesIO>();
  EXPECT_RAISES_MSG(io::TextIOWrapper(b, {.newline = "x"}), ValueError, "illegal newline value: x");
  EXPECT_RAISES_MSG(io::TextIOWrapper(b, {.encoding = "nope"}), LookupError, "unknown encoding: nope");
  io::TextIOWrapper t(b, {.encoding = "UTF8"});
  EXPECT_EQ(t.encoding(), std::optional<std::string>("UTF8"));
  EXPECT_EQ(t.errors(), std::optional<std::string>("strict"));
}

TEST(TextIOWrapper, SeekErrorsAndClosed) {
  auto b = std::make_shared<io::BytesIO>(std::string("abc"));
  io::TextIOWrapper t(b);
  EXPECT_RAISES_MSG(t.seek(1, 1), UnsupportedOperation, "can't do nonzero cur-relative seeks");
  EXPECT_RAISES_MSG(t.seek(1, 2), UnsupportedOperation, "can't do nonzero end-relative seeks");
  EXPECT_RAISES_MSG(t.seek(0, 5), ValueError, "invalid whence (5, should be 0, 1 or 2)");
  EXPECT_RAISES_MSG(t.seek(-1), ValueError, "negative seek position -1");
  t.close();
  EXPECT_TRUE(t.closed());
  EXPECT_TRUE(b->closed());
  EXPECT_RAISES_MSG(t.write("x"), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(t.read(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(t.tell(), ValueError, "I/O operation on closed file.");
  t.close();  // a second close does nothing
}

TEST(TextIOWrapper, BomOnlyAtTheStart) {
  auto b = std::make_shared<io::BytesIO>();
  {
    io::TextIOWrapper t(b, {.encoding = "utf-16"});
    t.write("a");
    t.flush();
    t.seek(0, 2);
    t.write("b");
    t.flush();
    t.seek(0);
    t.write("c");
    t.flush();
    t.detach();
  }
  EXPECT_EQ(b->getvalue(), std::string("\xff\xfe" "c\0b\0", 6));
  // A wrapper created over a non-empty stream positioned at its end writes no BOM.
  b->seek(0, 2);
  io::TextIOWrapper t2(b, {.encoding = "utf-16"});
  t2.write("d");
  t2.flush();
  EXPECT_EQ(b->getvalue(), std::string("\xff\xfe" "c\0b\0d\0", 8));
}

TEST(TextIOWrapper, WriteTranslationAndLineBuffering) {
  auto b = std::make_shared<io::BytesIO>();
  io::TextIOWrapper t(b, {.newline = "\r\n", .line_buffering = true});
  EXPECT_EQ(t.write("a\nb"), 3u);
  EXPECT_EQ(b->getvalue(), "a\r\nb");  // line buffering flushed
  EXPECT_EQ(t.write("c"), 1u);
  EXPECT_EQ(b->getvalue(), "a\r\nb");  // pending until flush
  t.reconfigure({.line_buffering = false, .write_through = true});
  EXPECT_EQ(b->getvalue(), "a\r\nbc");
  t.write("d");
  EXPECT_EQ(b->getvalue(), "a\r\nbcd");
  EXPECT_FALSE(t.line_buffering());
  EXPECT_TRUE(t.write_through());
}

TEST(TextIOWrapper, ReconfigureAfterReadIsRefused) {
  auto b = std::make_shared<io::BytesIO>(std::string("ab\ncd\n"));
  io::TextIOWrapper t(b);
  EXPECT_EQ(t.readline(), "ab\n");
  EXPECT_RAISES_MSG(t.reconfigure({.encoding = "latin-1"}), UnsupportedOperation,
                    "It is not possible to set the encoding or newline of stream after the first read");
  t.seek(0);
  t.reconfigure({.encoding = "latin-1", .newline = std::optional<std::string>("")});
  EXPECT_EQ(t.encoding(), std::optional<std::string>("latin-1"));
  EXPECT_EQ(t.read(), "ab\ncd\n");
}

TEST(TextIOWrapper, DetachAndNotReadable) {
  auto b = std::make_shared<io::BytesIO>();
  io::TextIOWrapper t(b);
  EXPECT_EQ(t.detach(), b);
  EXPECT_RAISES_MSG(t.closed(), ValueError, "underlying buffer has been detached");
  EXPECT_RAISES_MSG(t.detach(), ValueError, "underlying buffer has been detached");
}

// Iteration reads into the iterator's string (readline_into) for TextIOWrapper itself, and
// calls a subclass's readline(), as Python's __next__ does.
TEST(TextIOWrapper, IterationUsesASubclassReadline) {
  const std::string text = "one\r\ntwo\rthree\nlast";
  std::vector<std::string> lines;
  io::TextIOWrapper plain(std::make_shared<io::BytesIO>(text));
  for (const std::string& line : plain) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"one\n", "two\n", "three\n", "last"}));

  class Shouting : public io::TextIOWrapper {
   public:
    using io::TextIOWrapper::TextIOWrapper;
    std::string readline(std::int64_t size = -1) override {
      std::string line = io::TextIOWrapper::readline(size);
      for (char& c : line) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      return line;
    }
  };
  Shouting loud(std::make_shared<io::BytesIO>(text));
  lines.clear();
  for (const std::string& line : loud) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"ONE\n", "TWO\n", "THREE\n", "LAST"}));
}

}  // namespace
