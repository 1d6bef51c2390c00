// io.open() in text modes: the TextIOWrapper it builds, its mode and name, and files
// byte-identical to CPython's (live).
#include <fcntl.h>

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
