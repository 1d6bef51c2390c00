// os extended attributes: behaviour and errors against CPython (live).
#include "pyos/os/xattr.hpp"

#include "os/error_table.hpp"

namespace pyos::os {
namespace {

TEST(XattrErrors, MatchCPython) {
  using test::Fixture;
  const std::vector<test::ErrorCase> cases = {
      {"os.getxattr(fd_bad, 'user.x')", [](const Fixture& f) { getxattr(f.fd_bad, "user.x"); }},
      {"os.listxattr(fd_bad)", [](const Fixture& f) { listxattr(f.fd_bad); }},
      {"os.getxattr('nope', 'user.x')", [](const Fixture&) { getxattr("nope", "user.x"); }},
      {"os.getxattr('f', 'user.nope')", [](const Fixture&) { getxattr("f", "user.nope"); }},
      {"os.getxattr('f', 'user.x\\0')", [](const Fixture&) { getxattr("f", std::string("user.x\0", 7)); }},
      {"os.setxattr('f', 'nope', b'x')", [](const Fixture&) { setxattr("f", "nope", "x"); }},
      {"os.setxattr('f', 'user.a', b'1', os.XATTR_REPLACE)", [](const Fixture&) { setxattr("f", "user.a", "1", XATTR_REPLACE); }},
      {"os.setxattr('f', 'user.b', b'1', os.XATTR_CREATE)", [](const Fixture&) { setxattr("f", "user.b", "1", XATTR_CREATE); }},
      {"os.setxattr('f', 'user.b', b'1', os.XATTR_CREATE)", [](const Fixture&) { setxattr("f", "user.b", "1", XATTR_CREATE); }},
      {"os.getxattr('link', 'user.b', follow_symlinks=False)",
       [](const Fixture&) { getxattr("link", "user.b", {.follow_symlinks = false}); }},
      {"os.removexattr('f', 'user.nope')", [](const Fixture&) { removexattr("f", "user.nope"); }},
      {"os.listxattr('nope')", [](const Fixture&) { listxattr("nope"); }},
      {"os.removexattr(fd_bad, 'user.x')", [](const Fixture& f) { removexattr(f.fd_bad, "user.x"); }},
      {"os.setxattr(fd_bad, 'user.x', b'')", [](const Fixture& f) { setxattr(f.fd_bad, "user.x", ""); }},
      {"os.getxattr(-1, 'user.x')", [](const Fixture&) { getxattr(-1, "user.x"); }},
      {"os.removexattr(-1, 'user.x')", [](const Fixture&) { removexattr(-1, "user.x"); }},
  };
  test::check_error_table(cases);
}

class Xattr : public test::TempDirTest {};

TEST_F(Xattr, SetGetListRemove) {
  const std::string f = tmp / "f";
  ::close(::open(f.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  setxattr(f, "user.one", std::string("a\0b", 3));
  setxattr(f, "user.two", "");
  EXPECT_EQ(getxattr(f, "user.one"), std::string("a\0b", 3));
  auto names = listxattr(f);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"user.one", "user.two"}));
  const std::string big(70000, 'x');  // larger than the first buffer: grows
  EXPECT_RAISES(setxattr(f, "user.big", big), OSError, E2BIG);
  const std::string medium(3000, 'y');
  setxattr(f, "user.medium", medium);
  EXPECT_EQ(getxattr(f, "user.medium"), medium);
  const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_EQ(getxattr(fd, "user.two"), "");
  removexattr(fd, "user.two");
  EXPECT_EQ(listxattr(fd).size(), 2U);
  ::close(fd);
  EXPECT_EQ(XATTR_SIZE_MAX, 65536);  // Python: os.XATTR_SIZE_MAX == 65536
}

}  // namespace
}  // namespace pyos::os
