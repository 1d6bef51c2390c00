// io.open() in binary modes (text modes: open_text_test.cpp, with the text layer): the
// mode-string table against CPython, the class each mode returns, buffering rules.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "pyos/io/bytesio.hpp"
#include "pyos/io/open.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {
namespace {

using nlohmann::json;
namespace io = pyos::io;

class OpenTest : public TempDirTest {};

// Every mode string shape, in binary (and the ValueErrors raised before any text step),
// against CPython: the class returned and its mode, or the error.
TEST_F(OpenTest, ModeTableMatchesCPython) {
  std::vector<std::string> modes = {"rb", "wb", "ab", "xb", "rb+", "r+b", "wb+", "ab+", "xb+", "br", "bw+",
                                    "rw", "rbt", "tb", "U", "rU", "Ur", "rz", "r++", "rbx", "wa", "", "+", "b",
                                    "t", "bb", "rr", "r\n", "x+b"};
  const std::string existing = tmp / "exists";
  json cases = json::array();
  for (const auto& m : modes) {
    for (int buffering : {-1, 0}) cases.push_back({m, buffering});
  }
  const json want = run_python(R"(
import json, os, sys
cases = json.loads(sys.argv[1]); path = sys.argv[2]
out = []
for mode, buffering in cases:
    open(path, "wb").close()
    for p in (path + ".new",):
        if os.path.exists(p): os.unlink(p)
    target = path + ".new" if "x" in mode else path
    try:
        f = open(target, mode, buffering=buffering)
        out.append({"ok": [type(f).__name__, f.mode]}); f.close()
    except Exception as e:
        out.append({"exc": type(e).__name__, "msg": str(e)})
print(json.dumps(out))
)", {cases.dump(), existing});
  ASSERT_EQ(want.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string mode = cases[i][0];
    const std::int64_t buffering = cases[i][1];
    { std::ofstream(existing).flush(); }
    ::unlink((existing + ".new").c_str());
    const std::string target = mode.find('x') != std::string::npos ? existing + ".new" : existing;
    json got;
    try {
      auto f = io::open(target, mode, {.buffering = buffering});
      got = json{{"ok", {repr_class(f->repr()), *f->mode()}}};
      f->close();
    } catch (const NotImplementedError&) {
      continue;  // a text mode without the text layer: open_text_test.cpp covers it
    } catch (const BaseException& e) {
      got = json{{"exc", std::string(e.type_name())}, {"msg", e.what()}};
    }
    if (want[i].contains("ok") && want[i]["ok"][0] == "TextIOWrapper") continue;
    EXPECT_EQ(got, want[i]) << "mode " << json(mode).dump() << " buffering " << buffering;
  }
}

TEST_F(OpenTest, KeywordErrors) {
  const std::string p = tmp / "f";
  EXPECT_RAISES_MSG(io::open(p, "wb", {.encoding = "utf-8"}), ValueError, "binary mode doesn't take an encoding argument");
  EXPECT_RAISES_MSG(io::open(p, "wb", {.errors = "strict"}), ValueError, "binary mode doesn't take an errors argument");
  EXPECT_RAISES_MSG(io::open(p, "wb", {.newline = ""}), ValueError, "binary mode doesn't take a newline argument");
  EXPECT_RAISES_MSG(io::open(-3, "rb"), ValueError, "negative file descriptor");
  EXPECT_RAISES_MSG(io::open(p, "rb", {.closefd = false}), ValueError, "Cannot use closefd=False with file name");
}

TEST_F(OpenTest, ClassesAndBuffering) {
  const std::string p = tmp / "f";
  auto w = io::open_as<io::BufferedWriter>(p, "wb");
  EXPECT_EQ(w->write("hello\nworld\n"), 12u);
  w->close();
  auto raw = io::open_as<io::FileIO>(p, "rb", {.buffering = 0});
  EXPECT_EQ(raw->read(5), "hello");
  auto r = io::open_as<io::BufferedReader>(p, "rb", {.buffering = 1});
  EXPECT_EQ(r->readline(), "hello\n");
  EXPECT_EQ(r->tell(), 6);
  auto rnd = io::open_as<io::BufferedRandom>(p, "rb+");
  EXPECT_EQ(rnd->read(5), "hello");
  rnd->write("_");
  rnd->seek(0);
  EXPECT_EQ(rnd->read(), "hello_world\n");
  rnd->close();
  EXPECT_RAISES(io::open_as<io::BufferedReader>(tmp / "other", "wb"), TypeError, 0);
  auto code = io::open_code(p);
  EXPECT_EQ(code->read(), "hello_world\n");
  EXPECT_EQ(io::text_encoding(std::nullopt), "utf-8");
  EXPECT_EQ(io::text_encoding("latin-1"), "latin-1");
}

TEST_F(OpenTest, OpenerAndFd) {
  const std::string p = tmp / "f";
  std::string seen;
  auto f = io::open(p, "wb", {.opener = [&](std::string_view name, int flags) {
                                seen = std::string(name);
                                return ::open(std::string(name).c_str(), flags, 0600);
                              }});
  f->write("x");
  f->close();
  EXPECT_EQ(seen, p);
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  {
    auto g = io::open(fd, "rb", {.closefd = false});
    EXPECT_EQ(g->name(), Filename::fd(fd));
    EXPECT_EQ(g->read(), "x");
  }
  EXPECT_EQ(::close(fd), 0);  // closefd=False left it open
}

// Files written by pyos through open() are byte-identical to CPython's for the same writes.
TEST_F(OpenTest, WrittenFilesMatchCPython) {
  const std::string mine = tmp / "mine", theirs = tmp / "theirs";
  {
    auto f = io::open(mine, "wb", {.buffering = 16});
    for (int i = 0; i < 100; ++i) f->write(std::string(static_cast<std::size_t>(i % 37), static_cast<char>('a' + i % 26)) + "\n");
    f->seek(10);
    f->write("SEEK");
    f->seek(0, SEEK_END);
    f->writelines({"end1\n", "end2\n"});
  }
  run_python(R"(
import sys
with open(sys.argv[1], "wb", buffering=16) as f:
    for i in range(100): f.write(bytes([97 + i % 26]) * (i % 37) + b"\n")
    f.seek(10); f.write(b"SEEK"); f.seek(0, 2); f.writelines([b"end1\n", b"end2\n"])
print("null")
)", {theirs});
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  EXPECT_EQ(slurp(mine), slurp(theirs));
}

TEST_F(OpenTest, DestructorReportsFlushFailure) {
  // A full device: the implicit close on destruction cannot flush; it reports, never throws.
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  testing::internal::CaptureStderr();
  { auto f = io::open("/dev/full", "wb"); f->write("data"); }
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "Exception ignored in: <_io.BufferedWriter name='/dev/full'>\nOSError: [Errno 28] No space left on device\n");
}

}  // namespace
}  // namespace pyos::test
