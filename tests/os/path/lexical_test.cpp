// The C++ shape of os.path's string functions: overloads, argument kinds, result structs,
// constants. The values themselves are proven by the golden vectors (golden_test.cpp); the
// cases here are re-expressions of CPython's test_posixpath / test_genericpath scenarios.
#include <array>
#include <filesystem>
#include <list>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/os.hpp"  // os.path is part of the umbrella header
#include "support/pyos_test.hpp"

namespace pyos::os::path {
namespace {

struct MyPath {  // an os.PathLike
  std::string fspath() const { return "/my/path"; }
};

TEST(OsPathLexical, Constants) {
  EXPECT_EQ(curdir, ".");
  EXPECT_EQ(pardir, "..");
  EXPECT_EQ(extsep, ".");
  EXPECT_EQ(sep, "/");
  EXPECT_EQ(altsep, std::nullopt);
  EXPECT_EQ(pathsep, ":");
  EXPECT_EQ(defpath, "/bin:/usr/bin");
  EXPECT_EQ(devnull, "/dev/null");
  static_assert(!supports_unicode_filenames);
}

TEST(OsPathLexical, JoinAcceptsEveryPathKind) {
  const std::string s = "a";
  const std::string_view v = "b";
  const std::filesystem::path fp = "c";
  EXPECT_EQ(join(s, v, fp, "d", MyPath{}), "/my/path");
  EXPECT_EQ(join(MyPath{}, s, v, fp), "/my/path/a/b/c");
  EXPECT_EQ(join("/foo", "bar", "/bar", "baz"), "/bar/baz");
  EXPECT_EQ(join("/foo", "bar", "baz"), "/foo/bar/baz");
  EXPECT_EQ(join("/foo/", "bar/", "baz/"), "/foo/bar/baz/");
  EXPECT_EQ(join("a"), "a");
  EXPECT_EQ(join("", ""), "");
  EXPECT_EQ(join("a", ""), "a/");
  EXPECT_EQ(join("", "a"), "a");
}

TEST(OsPathLexical, JoinOverARange) {
  EXPECT_EQ(join(std::vector<std::string>{"/usr", "lib", "libc.so.6"}), "/usr/lib/libc.so.6");
  EXPECT_EQ(join(std::array<std::string_view, 2>{"x", "/y"}), "/y");
  EXPECT_EQ(join(std::list<const char*>{"a", "b/", "c"}), "a/b/c");
  EXPECT_EQ(join(std::vector<std::filesystem::path>{"a", "b"}), "a/b");
  EXPECT_EQ(join(std::vector<MyPath>(2)), "/my/path");
  // A range that makes its strings on the fly.
  const std::vector<int> numbers = {1, 2, 3};
  EXPECT_EQ(join(numbers | std::views::transform([](int i) { return std::to_string(i) + "-long-enough-to-allocate"; })),
            "1-long-enough-to-allocate/2-long-enough-to-allocate/3-long-enough-to-allocate");
  EXPECT_EQ(commonpath(numbers | std::views::transform([](int i) { return "/a/b/c" + std::to_string(i); })), "/a/b");
  EXPECT_RAISES_MSG(join(std::vector<std::string>{}), TypeError,
                    "join() missing 1 required positional argument: 'a'");
}

TEST(OsPathLexical, TuplesBindLikePython) {
  auto [head, tail] = split("/foo/bar");
  EXPECT_EQ(head, "/foo");
  EXPECT_EQ(tail, "bar");
  auto [root, ext] = splitext("foo.bar.exe");
  EXPECT_EQ(root, "foo.bar");
  EXPECT_EQ(ext, ".exe");
  auto [drive, path_tail] = splitdrive("/a/b");
  EXPECT_EQ(drive, "");
  EXPECT_EQ(path_tail, "/a/b");
  auto [d, r, t] = splitroot("//a/b");
  EXPECT_EQ(d, "");
  EXPECT_EQ(r, "//");
  EXPECT_EQ(t, "a/b");
  EXPECT_EQ(split("////foo"), (split_result{"////", "foo"}));
  EXPECT_EQ(split("//foo//bar"), (split_result{"//foo", "bar"}));
  EXPECT_EQ(splitext(".cshrc"), (splitext_result{".cshrc", ""}));
  EXPECT_EQ(splitext("...manydots.ext"), (splitext_result{"...manydots", ".ext"}));
  EXPECT_EQ(splitroot("///a"), (splitroot_result{"", "/", "//a"}));
}

TEST(OsPathLexical, BasenameDirnameIsabs) {
  EXPECT_EQ(basename("/foo/bar/"), "");
  EXPECT_EQ(basename("//foo//bar"), "bar");
  EXPECT_EQ(dirname("////foo"), "////");
  EXPECT_EQ(dirname("//foo//bar"), "//foo");
  EXPECT_EQ(dirname("foo"), "");
  EXPECT_TRUE(isabs("//foo"));
  EXPECT_FALSE(isabs("foo/bar"));
  EXPECT_FALSE(isabs(""));
  EXPECT_TRUE(isabs(std::filesystem::path("/x")));
}

TEST(OsPathLexical, Normpath) {
  EXPECT_EQ(normpath(""), ".");
  EXPECT_EQ(normpath("/"), "/");
  EXPECT_EQ(normpath("//"), "//");
  EXPECT_EQ(normpath("///"), "/");
  EXPECT_EQ(normpath("///foo/.//bar//"), "/foo/bar");
  EXPECT_EQ(normpath("///foo/.//bar//.//..//.//baz///"), "/foo/baz");
  EXPECT_EQ(normpath("///..//./foo/.//bar"), "/foo/bar");
  EXPECT_EQ(normpath("../../foo"), "../../foo");
  EXPECT_EQ(normpath("foo/../../bar"), "../bar");
  EXPECT_EQ(normpath("/foo/../../bar"), "/bar");
  // Issue 106242: a NUL is kept (no system call is made).
  for (std::string_view p : {std::string_view("\0", 1), std::string_view("foo\0bar", 7)}) {
    EXPECT_EQ(normpath(p), p);
  }
  // The result of a long path is exact too (no inline-buffer limit).
  std::string longp;
  for (int i = 0; i < 2000; ++i) longp += "/seg" + std::to_string(i) + "/./x/..";
  std::string want;
  for (int i = 0; i < 2000; ++i) want += "/seg" + std::to_string(i);
  EXPECT_EQ(normpath(longp), want);
}

TEST(OsPathLexical, NormcaseAndSplitdriveAreIdentity) {
  EXPECT_EQ(normcase("AbC/dEf"), "AbC/dEf");
  EXPECT_EQ(normcase(MyPath{}), "/my/path");
}

TEST(OsPathLexical, Commonpath) {
  EXPECT_EQ(commonpath({"/usr/lib", "/usr/local/lib"}), "/usr");
  EXPECT_EQ(commonpath({"/usr/lib", "/usr/lib/"}), "/usr/lib");
  EXPECT_EQ(commonpath({"a/b", "a/./b/c"}), "a/b");
  EXPECT_EQ(commonpath({"//a", "/a"}), "/a");
  EXPECT_EQ(commonpath(std::vector<std::string>{"/x/y", "/x/z"}), "/x");
  EXPECT_EQ(commonpath(std::list<std::string_view>{"spam", "spam/eggs"}), "spam");
  EXPECT_RAISES_MSG(commonpath(std::vector<std::string>{}), ValueError,
                    "commonpath() arg is an empty sequence");
  EXPECT_RAISES_MSG(commonpath({"/usr", "usr"}), ValueError, "Can't mix absolute and relative paths");
  EXPECT_RAISES_MSG(commonpath({"", "/usr"}), ValueError, "Can't mix absolute and relative paths");
}

TEST(OsPathLexical, CommonprefixComparesCharacters) {
  EXPECT_EQ(commonprefix(std::vector<std::string>{}), "");
  EXPECT_EQ(commonprefix({"/home/swenson/spam", "/home/swen/spam"}), "/home/swen");
  EXPECT_EQ(commonprefix({"home:swenson:spam", "home:swen:spam"}), "home:swen");
  // é (C3 A9) and è (C3 A8) share a byte but no character.
  EXPECT_EQ(commonprefix({"caf\xc3\xa9", "caf\xc3\xa8"}), "caf");
  // An undecodable byte is one character of its own (surrogateescape).
  EXPECT_EQ(commonprefix({"a\xe2\x82" "b", "a\xe2\x82\xac"}), "a");
  EXPECT_EQ(commonprefix({"a\xe2\x82" "b", "a\xe2\x82" "c"}), "a\xe2\x82");
  // The list-of-parts form.
  const std::vector<std::vector<std::string>> parts = {{"usr", "lib", "x"}, {"usr", "lib", "y"}};
  EXPECT_EQ(commonprefix(parts), (std::vector<std::string>{"usr", "lib"}));
}

TEST(OsPathLexical, RealpathStrictSpellings) {
  constexpr RealpathOptions plain{};
  static_assert(plain.strict == RealpathStrict(false));
  static_assert(!plain.strict);
  constexpr RealpathOptions strict{.strict = true};
  static_assert(strict.strict.mode() == RealpathStrict::Mode::strict);
  constexpr RealpathOptions missing{.strict = ALLOW_MISSING};
  static_assert(static_cast<bool>(missing.strict));  // a true value, as Python's sentinel
  static_assert(ALL_BUT_LAST != ALLOW_MISSING && ALL_BUT_LAST != RealpathStrict(true));
}

}  // namespace
}  // namespace pyos::os::path
