// os files and directories: behaviour, and the error table against CPython (live).
#include "pyos/os/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "os/error_table.hpp"
#include "pyos/os/stat.hpp"

namespace pyos::os {
namespace {

using test::ErrorCase;
using test::Fixture;

TEST(FilesErrors, MatchCPython) {
  const std::vector<ErrorCase> cases = {
      {"os.chmod('link', 0o644, follow_symlinks=False)",
       [](const Fixture&) { chmod("link", 0644, {.follow_symlinks = false}); }},
      {"os.chmod('f', 0o644, follow_symlinks=False)", [](const Fixture&) { chmod("f", 0644, {.follow_symlinks = false}); }},
      {"os.chmod(fd_bad, 0o644)", [](const Fixture& f) { chmod(f.fd_bad, 0644); }},
      {"os.chmod('nope', 0o644)", [](const Fixture&) { chmod("nope", 0644); }},
      {"os.link('f', 'link')", [](const Fixture&) { link("f", "link"); }},
      {"os.link('nope', 'x')", [](const Fixture&) { link("nope", "x"); }},
      {"os.link('d', 'x2')", [](const Fixture&) { link("d", "x2"); }},
      {"os.rename('nope', 'x')", [](const Fixture&) { rename("nope", "x"); }},
      {"os.rename('d', 'f')", [](const Fixture&) { rename("d", "f"); }},
      {"os.replace('f', 'd')", [](const Fixture&) { replace("f", "d"); }},
      {"os.rename('f', 'x', src_dir_fd=fd_bad)", [](const Fixture& f) { rename("f", "x", {.src_dir_fd = f.fd_bad}); }},
      {"os.renames('nope', 'a/b')", [](const Fixture&) { renames("nope", "a/b"); }},
      {"os.symlink('f', 'link')", [](const Fixture&) { symlink("f", "link"); }},
      {"os.mkdir('d')", [](const Fixture&) { mkdir("d"); }},
      {"os.mkdir('nope/x')", [](const Fixture&) { mkdir("nope/x"); }},
      {"os.mkdir('x', dir_fd=fd_bad)", [](const Fixture& f) { mkdir("x", 0777, {.dir_fd = f.fd_bad}); }},
      {"os.makedirs('d')", [](const Fixture&) { makedirs("d"); }},
      {"os.makedirs('d', exist_ok=True)", [](const Fixture&) { makedirs("d", {.exist_ok = true}); }},
      {"os.makedirs('f', exist_ok=True)", [](const Fixture&) { makedirs("f", {.exist_ok = true}); }},
      {"os.makedirs('f/x')", [](const Fixture&) { makedirs("f/x"); }},
      {"os.makedirs('f/x/y')", [](const Fixture&) { makedirs("f/x/y"); }},
      {"os.rmdir('f')", [](const Fixture&) { rmdir("f"); }},
      {"os.rmdir('nope')", [](const Fixture&) { rmdir("nope"); }},
      {"os.remove('d')", [](const Fixture&) { remove("d"); }},
      {"os.unlink('nope')", [](const Fixture&) { unlink("nope"); }},
      {"os.removedirs('nope')", [](const Fixture&) { removedirs("nope"); }},
      {"os.listdir('nope')", [](const Fixture&) { listdir("nope"); }},
      {"os.listdir('f')", [](const Fixture&) { listdir("f"); }},
      {"os.listdir(fd_bad)", [](const Fixture& f) { listdir(f.fd_bad); }},
      {"os.listdir(fd_file)", [](const Fixture& f) { listdir(f.fd_file); }},
      {"os.listdir('a\\0')", [](const Fixture&) { listdir(std::string("a\0", 2)); }},
      {"os.utime('f', (1, 2), ns=(1, 2))",
       [](const Fixture&) { utime("f", {.times = std::pair(1.0, 2.0), .ns = std::pair<std::int64_t, std::int64_t>(1, 2)}); }},
      {"os.utime('nope')", [](const Fixture&) { utime("nope"); }},
      {"os.utime(fd_bad)", [](const Fixture& f) { utime(f.fd_bad); }},
      {"os.utime('f', dir_fd=fd_bad)", [](const Fixture& f) { utime("f", {.dir_fd = f.fd_bad}); }},
      {"os.utime('f', times=(float('nan'), 1))", [](const Fixture&) { utime("f", {.times = std::pair(std::nan(""), 1.0)}); }},
      {"os.utime('dangling', follow_symlinks=False)", [](const Fixture&) { utime("dangling", {.follow_symlinks = false}); }},
      {"os.utime('dangling')", [](const Fixture&) { utime("dangling"); }},
      {"os.chdir('nope')", [](const Fixture&) { chdir("nope"); }},
      {"os.chdir('f')", [](const Fixture&) { chdir("f"); }},
      {"os.chdir(fd_bad)", [](const Fixture& f) { chdir(f.fd_bad); }},
      {"os.chown('nope', -1, -1)", [](const Fixture&) { chown("nope", -1, -1); }},
      {"os.chown(fd_bad, -1, -1)", [](const Fixture& f) { chown(f.fd_bad, -1, -1); }},
      {"os.lchown('nope', -1, -1)", [](const Fixture&) { lchown("nope", -1, -1); }},
      {"os.chroot('nope')", [](const Fixture&) { chroot("nope"); }},
      {"os.mkfifo('f')", [](const Fixture&) { mkfifo("f"); }},
      {"os.mknod('f')", [](const Fixture&) { mknod("f"); }},
      {"os.mkfifo('f', dir_fd=fd_bad)", [](const Fixture& f) { mkfifo("f", 0666, {.dir_fd = f.fd_bad}); }},
      {"os.readlink('f')", [](const Fixture&) { readlink("f"); }},
      {"os.readlink('nope')", [](const Fixture&) { readlink("nope"); }},
      {"os.readlink('link', dir_fd=fd_bad)", [](const Fixture& f) { readlink("link", {.dir_fd = f.fd_bad}); }},
      {"os.symlink('f', 'a\\0')", [](const Fixture&) { symlink("f", std::string("a\0", 2)); }},
      {"os.rename('a\\0', 'x')", [](const Fixture&) { rename(std::string("a\0", 2), "x"); }},
      {"os.link('f', 'nope/x')", [](const Fixture&) { link("f", "nope/x"); }},
  };
  test::check_error_table(cases);
}

class Files : public test::TempDirTest {};

TEST_F(Files, DirectoriesAndNames) {
  makedirs(tmp / "a/b/c");
  makedirs(tmp / "a/b/c", {.exist_ok = true});
  EXPECT_TRUE(S_ISDIR(stat(tmp / "a/b/c").st_mode));
  makedirs(tmp / "a/b/./d/");  // a trailing slash and a "." part, as Python allows
  auto names = listdir(tmp / "a/b");
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"c", "d"}));
  const int fd = ::open((tmp / "a/b").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  auto by_fd = listdir(fd);
  std::sort(by_fd.begin(), by_fd.end());
  EXPECT_EQ(by_fd, names);
  EXPECT_EQ(::lseek(fd, 0, SEEK_CUR), 0);  // left at the start, as CPython
  ::close(fd);
  removedirs(tmp / "a/b/c");  // removes c; b still holds d
  EXPECT_TRUE(access(tmp / "a/b", F_OK));
  EXPECT_FALSE(access(tmp / "a/b/c", F_OK));
  rmdir(tmp / "a/b/d");
  EXPECT_RAISES(listdir(-1), OSError, EBADF);  // CPython 3.15 behaviour, see files.hpp
}

TEST_F(Files, LinksRenamesAndTimes) {
  const std::string f = tmp / "f";
  ::close(::open(f.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  symlink("f", tmp / "s");
  EXPECT_EQ(readlink(tmp / "s"), "f");
  link(f, tmp / "h");
  EXPECT_EQ(stat(f).st_nlink, 2U);
  renames(tmp / "h", tmp / "x/y/h2");
  EXPECT_TRUE(access(tmp / "x/y/h2", R_OK));
  utime(f, {.ns = std::pair<std::int64_t, std::int64_t>(1'500'000'000, 2'000'000'001)});
  EXPECT_EQ(stat(f).st_atime_ns, 1'500'000'000);
  EXPECT_EQ(stat(f).st_mtime_ns, 2'000'000'001);
  utime(f, {.times = std::pair(1.25, -0.5)});
  EXPECT_EQ(stat(f).st_atime_ns, 1'250'000'000);
  EXPECT_EQ(stat(f).st_mtime_ns, -500'000'000);
  chmod(f, 0640);
  EXPECT_EQ(stat(f).st_mode & 0777, 0640U);
  EXPECT_THROW(chmod(tmp / "s", 0600, {.follow_symlinks = false}), NotImplementedError);
  replace(f, tmp / "g");
  EXPECT_FALSE(access(f, F_OK));
  unlink(tmp / "s");
  EXPECT_FALSE(access(tmp / "s", F_OK, {.follow_symlinks = false}));
}

TEST(FilesPure, DeviceNumbersAsPython) {
  // Python: os.makedev(4097, 300) == 17592187093292; major/minor invert makedev.
  EXPECT_EQ(os::makedev(4097, 300), 17592187093292ULL);
  EXPECT_EQ((os::major)(os::makedev(300, 70000)), 300U);
  EXPECT_EQ((os::minor)(os::makedev(300, 70000)), 70000U);
}

TEST(FilesPure, SupportsSetsAsCPythonOnLinux) {
  EXPECT_TRUE(supports_dir_fd().contains("open"));
  EXPECT_FALSE(supports_follow_symlinks().contains("chmod"));
  EXPECT_EQ(supports_fd().size(), 12U);  // CPython 3.13's 11, plus statx (3.15)
  EXPECT_TRUE(supports_fd().contains("statx"));
  EXPECT_TRUE(supports_dir_fd().contains("statx"));
  EXPECT_TRUE(supports_follow_symlinks().contains("statx"));
  EXPECT_EQ(supports_effective_ids(), (std::set<std::string_view>{"access"}));
}

}  // namespace
}  // namespace pyos::os
