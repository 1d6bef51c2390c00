// io.open() in text modes: the TextIOWrapper it builds, its mode and name, and files
// byte-identical to CPython's (live).
#include <fcntl.h>
#include <unistd.h>

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
