// os.stat / os.lstat / os.fstat: fields compared live with CPython on the same files, and
// the error table (class, errno, filename, str) against CPython's.
#include "pyos/os/stat.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "os/stat_tree.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

// The tree of stat_tree.hpp.
class Stat : public testing::StatTree {};

nlohmann::json as_json(const stat_result& s) {
  return {{"st_mode", s.st_mode},         {"st_ino", s.st_ino},           {"st_dev", s.st_dev},
          {"st_nlink", s.st_nlink},       {"st_uid", s.st_uid},           {"st_gid", s.st_gid},
          {"st_size", s.st_size},         {"st_atime", s.st_atime_},      {"st_mtime", s.st_mtime_},
          {"st_ctime", s.st_ctime_},      {"st_atime_ns", s.st_atime_ns}, {"st_mtime_ns", s.st_mtime_ns},
          {"st_ctime_ns", s.st_ctime_ns}, {"st_blocks", s.st_blocks},     {"st_blksize", s.st_blksize},
          {"st_rdev", s.st_rdev}};
}

constexpr const char* kPythonStat = R"(
import json, os, sys
fields = ["st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
          "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blocks",
          "st_blksize", "st_rdev"]
out = {}
for p in sys.argv[1:]:
    for name, fn in (("stat", os.stat), ("lstat", os.lstat)):
        s = fn(p)
        out[name + ":" + p] = {f: getattr(s, f) for f in fields}
print(json.dumps(out))
)";

TEST_F(Stat, FieldsMatchCPythonLive) {
  std::vector<std::string> paths;
  for (const char* name : {"file", "dir", "link", "fifo"}) paths.push_back(tmp / name);
  paths.push_back("/dev/null");
  paths.push_back("/");
  const auto python = test::run_python(kPythonStat, paths);
  for (const auto& p : paths) {
    SCOPED_TRACE(p);
    EXPECT_EQ(as_json(stat(p)), python.at("stat:" + p));
    EXPECT_EQ(as_json(lstat(p)), python.at("lstat:" + p));
  }
}

TEST_F(Stat, FollowSymlinksAndDirFd) {
  EXPECT_TRUE(S_ISREG(stat(tmp / "link").st_mode));
  EXPECT_TRUE(S_ISLNK(stat(tmp / "link", {.follow_symlinks = false}).st_mode));
  EXPECT_TRUE(S_ISLNK(lstat(tmp / "link").st_mode));
  const int dirfd = ::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_EQ(stat("file", {.dir_fd = dirfd}).st_size, 5);
  EXPECT_TRUE(S_ISLNK(lstat("link", dirfd).st_mode));
  const int fd = ::open((tmp / "file").c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_EQ(fstat(fd), stat(tmp / "file"));
  EXPECT_EQ(stat(fd), fstat(fd));
  ::close(fd);
  ::close(dirfd);
}

TEST_F(Stat, ErrorsMatchCPython) {
  // Each str() below is what CPython 3.13 prints for the same call (checked by hand:
  // python3.13 -c "import os; os.stat(...)").
  EXPECT_RAISES_MSG(stat(tmp / "dangling"), FileNotFoundError,
                    "[Errno 2] No such file or directory: '" + (tmp / "dangling") + "'");
  EXPECT_RAISES_MSG(stat("/nonexist/x"), FileNotFoundError,
                    "[Errno 2] No such file or directory: '/nonexist/x'");
  EXPECT_RAISES_MSG(stat((tmp / "file") + "/x"), NotADirectoryError,
                    "[Errno 20] Not a directory: '" + (tmp / "file") + "/x'");
  EXPECT_RAISES_MSG(stat(999), OSError, "[Errno 9] Bad file descriptor: 999");
  EXPECT_RAISES_MSG(stat(-1), OSError, "[Errno 14] Bad address: -1");
  EXPECT_RAISES_MSG(fstat(999), OSError, "[Errno 9] Bad file descriptor");
  EXPECT_RAISES_MSG(stat("x", {.dir_fd = 999}), OSError, "[Errno 9] Bad file descriptor: 'x'");
  EXPECT_RAISES_MSG(stat(3, {.follow_symlinks = false}), ValueError,
                    "stat: cannot use fd and follow_symlinks together");
  EXPECT_RAISES_MSG(stat(3, {.dir_fd = 4}), ValueError,
                    "stat: can't specify dir_fd without matching path");
  EXPECT_RAISES_MSG(stat(std::string("a\0b", 3)), ValueError,
                    "stat: embedded null character in path");
  EXPECT_RAISES_MSG(lstat(std::string("a\0b", 3)), ValueError,
                    "lstat: embedded null character in path");
}

}  // namespace
}  // namespace pyos::os
