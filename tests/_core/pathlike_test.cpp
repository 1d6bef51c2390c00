#include "pyos/pathlike.hpp"

#include <filesystem>
#include <string>

#include "support/pyos_test.hpp"

namespace pyos {
namespace {

struct MyPath {  // a user type with Python's __fspath__ protocol
  std::string p;
  std::string fspath() const { return "/my/" + p; }
};

std::string through(PathLike p) { return p.str(); }
std::string copied(PathLike p) {
  PathLike q = p;  // a copy keeps pointing at valid characters
  return std::string(q.c_str("f"));
}

TEST(PathLike, AcceptsEveryStringLikeAndFspathObjects) {
  EXPECT_EQ(through("a"), "a");
  EXPECT_EQ(through(std::string("b")), "b");
  EXPECT_EQ(through(std::string_view("c")), "c");
  EXPECT_EQ(through(std::filesystem::path("d/e")), "d/e");
  EXPECT_EQ(through(MyPath{"x"}), "/my/x");
  EXPECT_EQ(copied(MyPath{"y"}), "/my/y");
  EXPECT_EQ(copied(std::string_view("zz").substr(0, 1)), "z");
}

TEST(PathLike, CStrIsTerminatedEvenForAStringView) {
  const std::string whole = "abcdef";
  PathLike p(std::string_view(whole).substr(0, 3));
  EXPECT_STREQ(p.c_str("stat"), "abc");
}

TEST(PathLike, EmbeddedNulRaisesPythonsValueError) {
  // Python: os.stat('a\0b') -> ValueError: stat: embedded null character in path
  const std::string with_nul("a\0b", 3);
  EXPECT_RAISES_MSG(PathLike(with_nul).c_str("stat"), ValueError,
                    "stat: embedded null character in path");
  EXPECT_TRUE(PathLike(with_nul).has_nul());
}

}  // namespace
}  // namespace pyos
