// os.path functions that ask the system, compared live with CPython on a fixture tree built
// here: the predicates (exists, lexists, isdir, isfile, islink, ismount, ...), the stat
// getters, samefile/sameopenfile, abspath/relpath/expanduser with a changed, a removed
// current directory and a changed environment, and the error table (class, errno,
// filename, str()) of every raising function, including permission denied as a non-root
// user (privileges are dropped in a child when the tests run as root).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "live.hpp"
#include "pyos/os/path.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os::path {
namespace {

constexpr uid_t kNobody = 65534;

class OsPathSystem : public test::TempDirTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(::chmod(tmp.path().c_str(), 0755), 0);  // traversable by the non-root child
    write_file("file", "hello");
    ASSERT_EQ(::mkdir(p("dir").c_str(), 0755), 0);
    write_file("dir/inner", "");
    ASSERT_EQ(::symlink("file", p("link").c_str()), 0);
    ASSERT_EQ(::symlink("dir", p("dirlink").c_str()), 0);
    ASSERT_EQ(::symlink("missing", p("dangling").c_str()), 0);
    ASSERT_EQ(::symlink("loop", p("loop").c_str()), 0);
    ASSERT_EQ(::symlink("/proc", p("proclink").c_str()), 0);
    ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
    ASSERT_EQ(::mkdir(p("locked").c_str(), 0755), 0);
    write_file("locked/secret", "s");
    ASSERT_EQ(::chmod(p("locked").c_str(), 0), 0);
  }

  std::string p(const std::string& name) const { return tmp / name; }

  void write_file(const std::string& name, const std::string& text) {
    const int fd = ::open(p(name).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(fd);
  }

  // Paths of every kind: fixture entries (plain and through links, with trailing slashes),
  // system mount points, relative names, missing and malformed paths.
  std::vector<std::string> probe_paths() const {
    std::vector<std::string> out;
    for (const char* name : {"file", "dir", "dir/inner", "link", "dirlink", "dangling", "loop",
                             "proclink", "fifo", "locked", "locked/secret", "missing", "file/x",
                             "file/", "dir/", "link/", "dirlink/", "dangling/", "dirlink/inner",
                             "dir/..", "dirlink/..", "loop/x"}) {
      out.push_back(p(name));
    }
    for (const char* path : {"/", "//", "///", "/proc", "/proc/", "/proc/self", "/proc/self/",
                             "/proc/1", "/sys", "/dev", "/dev/null", "/..", "/tmp", "/usr",
                             "", ".", "..", "file", "dir", "missing"}) {
      out.emplace_back(path);
    }
    out.push_back(tmp.path().string());
    out.push_back(std::string(5000, 'x'));            // ENAMETOOLONG
    out.push_back(std::string("a\0b", 3));            // NUL: ValueError inside
    out.push_back(p("file") + std::string("\0", 1));  // NUL after a real file
    out.push_back(p("\xff\xfe"));                     // undecodable, missing
    return out;
  }
};

TEST_F(OsPathSystem, PredicatesMatchCPython) {
  live::Calls calls;
  for (const auto& path : probe_paths()) {
    for (const char* f : {"exists", "lexists", "isdir", "isfile", "islink", "ismount",
                          "isjunction", "isdevdrive"}) {
      calls.add(f, {path});
    }
  }
  // Relative names are looked up in the fixture directory.
  EXPECT_GT(live::compare_with_cpython(calls, {.cwd = tmp.path().string()}), 300U);
}

TEST_F(OsPathSystem, PredicatesOnFileDescriptors) {
  // Inheritable, so that the CPython child sees the same descriptors.
  const int file_fd = ::open(p("file").c_str(), O_RDONLY);
  const int dir_fd = ::open(p("dir").c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(file_fd, 0);
  ASSERT_GE(dir_fd, 0);
  live::Calls calls;
  for (int fd : {file_fd, dir_fd, -1, -2, 999, 0x7fffffff}) {
    for (const char* f : {"exists", "isdir", "isfile"}) calls.add(f, {fd});
  }
  live::compare_with_cpython(calls);
  ::close(file_fd);
  ::close(dir_fd);
}

TEST_F(OsPathSystem, GettersMatchCPython) {
  // Fixed times, so that CPython and pyos read the same values whenever they run.
  const struct timespec times[2] = {{1'600'000'000, 123'456'789}, {1'700'000'000, 987'654'321}};
  ASSERT_EQ(::utimensat(AT_FDCWD, p("file").c_str(), times, 0), 0);
  const int file_fd = ::open(p("file").c_str(), O_RDONLY);  // inheritable: CPython sees it too
  live::Calls calls;
  for (const auto& path : probe_paths()) {
    if (path == "/proc/self" || path == "/proc/self/" || path.rfind("/proc/", 0) == 0 ||
        path.rfind("/dev", 0) == 0 || path == "/proc" || path == p("proclink") ||
        path == "/tmp" || path == "..") {
      continue;  // their times and sizes move between the two runs (other tests use /tmp)
    }
    for (const char* f : {"getsize", "getatime", "getmtime"}) calls.add(f, {path});
  }
  // ctime cannot be pinned: compare it on a file nothing touches during the test.
  calls.add("getctime", {p("file")});
  calls.add("getctime", {p("missing")});
  calls.add("getctime", {std::string("x\0", 2)});
  for (int fd : {file_fd, -1, -2, 999, 0x7fffffff}) {
    for (const char* f : {"getsize", "getmtime", "getatime"}) calls.add(f, {fd});
  }
  live::compare_with_cpython(calls, {.cwd = tmp.path().string()});
  ::close(file_fd);
}

TEST_F(OsPathSystem, SamefileAndSameopenfileMatchCPython) {
  ASSERT_EQ(::link(p("file").c_str(), p("hardlink").c_str()), 0);
  live::Calls calls;
  const std::vector<std::string> paths = {p("file"), p("link"), p("hardlink"), p("dir"), p("dirlink"),
                                          p("dir/.."), tmp.path().string(), p("missing"),
                                          p("dangling"), std::string("f\0", 2)};
  for (const auto& a : paths) {
    for (const auto& b : paths) calls.add("samefile", {a, b});
  }
  // Inheritable, so that the CPython child sees the same descriptors.
  const int fd1 = ::open(p("file").c_str(), O_RDONLY);
  const int fd2 = ::open(p("hardlink").c_str(), O_RDONLY);
  const int fd3 = ::open(p("dir").c_str(), O_RDONLY);
  for (int a : {fd1, fd2, fd3, 999, -1, 0x7fffffff}) {
    for (int b : {fd1, fd2, fd3, 999}) calls.add("sameopenfile", {a, b});
  }
  live::compare_with_cpython(calls);
  ::close(fd1);
  ::close(fd2);
  ::close(fd3);
}

TEST_F(OsPathSystem, Samestat) {
  const stat_result a = os::stat(p("file"));
  EXPECT_TRUE(samestat(a, os::stat(p("link"))));
  EXPECT_FALSE(samestat(a, os::stat(p("dir"))));
  stat_result b = a;
  b.st_size = 99;  // only st_ino and st_dev count
  EXPECT_TRUE(samestat(a, b));
  b.st_dev += 1;
  EXPECT_FALSE(samestat(a, b));
}

TEST_F(OsPathSystem, AbspathRelpathRealpathInAChangedCwd) {
  live::Calls calls;
  for (const char* path : {"", ".", "..", "x", "../y", "dir/../x", "/abs", "//abs", "a//b/",
                           "dirlink/inner", "dirlink/..", "link", "../../../../../.."}) {
    calls.add("abspath", {path});
    calls.add("relpath", {path});
    calls.add("relpath", {path, "/"});
    calls.add("relpath", {path, "dir"});
    calls.add("realpath", {path});
  }
  calls.add("relpath", {""});
  live::compare_with_cpython(calls, {.cwd = p("dir")});
  live::compare_with_cpython(calls, {.cwd = tmp.path().string()});
}

TEST_F(OsPathSystem, TheCurrentDirectoryRemoved) {
  ASSERT_EQ(::mkdir(p("gone").c_str(), 0755), 0);
  live::Calls calls;
  for (const char* path : {"x", "", ".", "/abs", "/"}) {
    calls.add("abspath", {path});
    calls.add("relpath", {path});
    calls.add("relpath", {"/abs/x", path});
    calls.add("realpath", {path});
    calls.add("realpath", {path}, {{"strict", true}});
  }
  // The two sides each need a directory to remove.
  live::Options opt{.cwd = p("gone"), .remove_cwd = true};
  const auto want = live::run_cpython(calls, opt);
  ASSERT_EQ(::mkdir(p("gone").c_str(), 0755), 0);
  const auto got = live::run_pyos_all(calls, opt);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << calls.specs()[i].dump();
  // And the error is os.getcwd()'s: FileNotFoundError without a filename.
  EXPECT_EQ(got[0].at("raises").at("type"), "FileNotFoundError");
  EXPECT_EQ(got[0].at("raises").at("filename"), nullptr);
}

TEST_F(OsPathSystem, PermissionDeniedAsANonRootUser) {
  live::Calls calls;
  const std::string secret = p("locked/secret");
  for (const char* f : {"exists", "lexists", "isdir", "isfile", "islink", "ismount", "getsize",
                        "getmtime", "realpath", "abspath"}) {
    calls.add(f, {secret});
    calls.add(f, {p("locked/missing/x")});
  }
  calls.add("ismount", {p("locked")});
  calls.add("samefile", {secret, p("file")});
  calls.add("samefile", {p("file"), secret});
  calls.add("realpath", {secret}, {{"strict", true}});
  calls.add("realpath", {p("locked/../file")}, {{"strict", true}});
  calls.add("realpath", {p("locked/../file")});
  live::compare_with_cpython(calls, {.drop_to = kNobody});
  // The strict realpath raised PermissionError with the path so far as the filename.
  const auto got = live::run_pyos_all(calls, {.drop_to = kNobody});
  const auto& strict = got[got.size() - 3].at("raises");
  EXPECT_EQ(strict.at("type"), "PermissionError");
  EXPECT_EQ(strict.at("filename"), live::path_json(secret));
}

TEST_F(OsPathSystem, ExpanduserWithTheEnvironmentChanged) {
  live::Calls calls;
  for (const char* path : {"~", "~/x", "~root", "~root/x", "~pyos_no_such_user_q7x/x", "x~"}) {
    calls.add("expanduser", {path});
  }
  live::compare_with_cpython(calls, {.env = {{"HOME", std::nullopt}}});
  live::compare_with_cpython(calls, {.env = {{"HOME", "/custom//"}}});
  live::compare_with_cpython(calls, {.env = {{"HOME", "\xff/h"}}});
  live::compare_with_cpython(calls, {.drop_to = kNobody, .env = {{"HOME", std::nullopt}}});
}

TEST(OsPathErrors, RaisedWithoutASystem) {
  // The messages are CPython 3.13's (the golden vectors cover them too).
  EXPECT_RAISES_MSG(relpath(""), ValueError, "no path specified");
  EXPECT_RAISES_MSG(relpath("", "/x"), ValueError, "no path specified");
  EXPECT_RAISES_MSG(expanduser(std::string("~a\0b", 4)), ValueError, "embedded null byte");
  EXPECT_RAISES_MSG(getsize(std::string("a\0b", 3)), ValueError, "stat: embedded null character in path");
  EXPECT_RAISES_MSG(realpath(std::string("/a\0b", 4)), ValueError, "lstat: embedded null character in path");
  EXPECT_RAISES_MSG(getsize("/nonexistent/x"), FileNotFoundError,
                    "[Errno 2] No such file or directory: '/nonexistent/x'");
  EXPECT_RAISES(sameopenfile(999, 0), OSError, EBADF);
  EXPECT_FALSE(exists(std::string("\0", 1)));
  EXPECT_FALSE(ismount(std::string("/\0", 2)));
}

}  // namespace
}  // namespace pyos::os::path
