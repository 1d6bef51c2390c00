// io.open() in text modes: the TextIOWrapper it builds, its mode and name, and files
// byte-identical to CPython's (live).
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pyos/io.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "support/pyos_test.hpp"

namespace pyos::io {
namespace {

class OpenText : public test::TempDirTest {};

TEST_F(OpenText, BuildsATextWrapperWithPythonsAttributes) {
  const std::string p = tmp / "t.txt";
  {
    auto f = open(p, "w", {.encoding = "utf-16", .newline = "\r\n"});
    auto text = std::dynamic_pointer_cast<TextIOWrapper>(f);
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->mode(), "w");
    EXPECT_EQ(text->encoding(), "utf-16");
    f->write("a\nb\n");
  }
  // Python: open(p, 'w', encoding='utf-16', newline='\r\n').write('a\nb\n') writes these bytes.
  const auto python = test::run_python(R"(
import json, sys
print(json.dumps(open(sys.argv[1], 'rb').read().hex()))
)",
                                       {p});
  EXPECT_EQ(python.get<std::string>(), "fffe61000d000a0062000d000a00");
  auto r = open(p, "rt", {.encoding = "utf-16"});
  EXPECT_EQ(std::dynamic_pointer_cast<TextIOWrapper>(r)->mode(), "rt");
  EXPECT_EQ(r->readline(), "a\n");
  EXPECT_EQ(r->read(), "b\n");
}

// Every mode string of up to three of the characters "rwaxbt+U" (584), with buffering
// -1/0/1/5 and one keyword each (none, encoding, errors, newline "" or "x"), against CPython
// live: the object open() returns (class, mode, and for text its encoding, errors,
// line_buffering and buffer class), or the exception and its message.
TEST_F(OpenText, EveryShortModeWithKeywordsMatchesCPython) {
  std::vector<std::string> modes;
  const std::string alphabet = "rwaxbt+U";
  for (char a : alphabet) {
    modes.emplace_back(1, a);
    for (char b : alphabet) {
      modes.push_back(std::string{a, b});
      for (char c : alphabet) modes.push_back(std::string{a, b, c});
    }
  }
  const std::string path = tmp / "exists";
  const auto want = test::run_python(R"(
import json, locale, os, sys
modes = json.loads(sys.argv[1]); path = sys.argv[2]
kws = [{}, {"encoding": "latin-1"}, {"errors": "replace"}, {"newline": ""}, {"newline": "x"}]
out = []
for mode in modes:
    for buffering in (-1, 0, 1, 5):
        for kw in kws:
            open(path, "wb").close()
            if os.path.exists(path + ".new"):
                os.unlink(path + ".new")
            try:
                f = open(path + ".new" if "x" in mode else path, mode, buffering=buffering, **kw)
                r = [type(f).__name__, f.mode]
                if hasattr(f, "encoding"):
                    r += [f.encoding, f.errors, f.line_buffering, type(f.buffer).__name__]
                    if "encoding" not in kw and r[2] == locale.getencoding():
                        r[2] = "utf-8"  # pyos's default, as Python's UTF-8 mode (docs/io.md)
                out.append(r)
                f.close()
            except Exception as e:
                out.append([type(e).__name__, str(e)])
print(json.dumps(out))
)",
                                     {nlohmann::json(modes).dump(), path});
  const std::vector<OpenOptions> kws = {{}, {.encoding = "latin-1"}, {.errors = "replace"}, {.newline = ""},
                                        {.newline = "x"}};
  std::size_t i = 0;
  for (const std::string& mode : modes) {
    for (std::int64_t buffering : {-1, 0, 1, 5}) {
      for (OpenOptions kw : kws) {
        kw.buffering = buffering;
        { std::ofstream(path).flush(); }
        ::unlink((path + ".new").c_str());
        nlohmann::json got;
        try {
          auto f = open(mode.find('x') != std::string::npos ? path + ".new" : path, mode, kw);
          got = {test::repr_class(f->repr()), *f->mode()};
          if (auto t = std::dynamic_pointer_cast<TextIOWrapper>(f)) {
            got.insert(got.end(), {*t->encoding(), *t->errors(), t->line_buffering(),
                                   test::repr_class(t->buffer()->repr())});
          }
          f->close();
        } catch (const BaseException& e) {
          got = {std::string(e.type_name()), e.what()};
        }
        ASSERT_LT(i, want.size());
        EXPECT_EQ(got, want[i]) << "mode " << nlohmann::json(mode).dump() << " buffering " << buffering << " kw "
                                << i % kws.size();
        ++i;
      }
    }
  }
  EXPECT_EQ(i, want.size());
}

// Opens that fail, and the few that do not, in every text mode and two binary ones, over a
// file that is absent or holds 3 bytes (or a directory), against CPython live: the exception
// or the class, then what is left on disk (CPython has created or truncated the file by the
// time the text layer refuses an encoding, a newline or buffering=0), and that no descriptor
// is left open (the count in /proc/self/fd and the lowest free descriptor are unchanged).
TEST_F(OpenText, FailedOpensLeaveWhatCPythonLeaves) {
  const std::vector<std::string> text_kinds = {"plain",  "encoding", "newline",    "unbuffered",
                                               "errors", "dir",      "opener_neg", "opener_dir"};
  const std::vector<std::string> binary_kinds = {"plain", "unbuffered", "dir", "opener_neg", "opener_dir"};
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string mode : {"r", "w", "a", "x", "r+", "w+", "a+", "rb", "wb"}) {
    for (const std::string& kind : mode.ends_with('b') ? binary_kinds : text_kinds) {
      for (const bool present : {false, true}) cases.push_back({mode, kind, present});
    }
  }
  const std::string dir = tmp.path().string();
  const auto want = test::run_python(R"(
import json, os, sys
cases = json.loads(sys.argv[1]); d = sys.argv[2]
def fds():
    low = os.dup(0)
    os.close(low)
    return [len(os.listdir("/proc/self/fd")), low]
out = []
for mode, kind, present in cases:
    path = os.path.join(d, "f")
    if os.path.exists(path):
        os.unlink(path)
    if present:
        with open(path, "wb") as g:
            g.write(b"old")
    if kind == "dir":
        path = d
    kw = {"encoding": {"encoding": "bogus"}, "newline": {"newline": "bad"}, "unbuffered": {"buffering": 0},
          "errors": {"errors": "bogus"}, "opener_neg": {"opener": lambda p, fl: -1},
          "opener_dir": {"opener": lambda p, fl: os.open(d, os.O_RDONLY)}}.get(kind, {})
    before = fds()
    try:
        f = open(path, mode, **kw)
        r = ["ok", type(f).__name__]
        f.close()
    except Exception as e:
        r = [type(e).__name__, str(e)]
    file = os.path.join(d, "f")
    r += [os.path.getsize(file) if os.path.exists(file) else -1, fds() == before]
    out.append(r)
print(json.dumps(out))
)",
                                     {cases.dump(), dir});
  auto fds = [] {
    const int low = ::dup(0);
    ::close(low);
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return std::pair{n, low};
  };
  ASSERT_EQ(want.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string mode = cases[i][0], kind = cases[i][1];
    const std::string file = tmp / "f";
    ::unlink(file.c_str());
    if (cases[i][2].get<bool>()) std::ofstream(file, std::ios::binary) << "old";
    const std::string path = kind == "dir" ? dir : file;
    OpenOptions o;
    if (kind == "encoding") o.encoding = "bogus";
    if (kind == "newline") o.newline = "bad";
    if (kind == "unbuffered") o.buffering = 0;
    if (kind == "errors") o.errors = "bogus";
    if (kind == "opener_neg") o.opener = [](std::string_view, int) { return -1; };
    if (kind == "opener_dir") o.opener = [&](std::string_view, int) { return ::open(dir.c_str(), O_RDONLY | O_CLOEXEC); };
    const auto before = fds();
    nlohmann::json got;
    try {
      auto f = open(path, mode, o);
      got = {"ok", test::repr_class(f->repr())};
      f->close();
    } catch (const BaseException& e) {
      got = {std::string(e.type_name()), e.what()};
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    got.push_back(ec ? -1 : static_cast<std::int64_t>(size));
    got.push_back(fds() == before);
    EXPECT_EQ(got, want[i]) << cases[i].dump();
  }
}

}  // namespace
}  // namespace pyos::io

#include "pyos/os/fd.hpp"
#include "pyos/os/fdopen.hpp"

namespace pyos::io {
namespace {

TEST(Fdopen, IsOpenOnADescriptor) {
  auto [r, w] = os::pipe();
  {
    auto out = os::fdopen(w, "w");
    out->write("line\n");
  }  // closes w (closefd=True)
  auto in = os::fdopen(r, "rb");
  EXPECT_EQ(in->read(), "line\n");
  EXPECT_RAISES_MSG(os::fdopen(r, "rz"), ValueError, "invalid mode: 'rz'");
}

}  // namespace
}  // namespace pyos::io
