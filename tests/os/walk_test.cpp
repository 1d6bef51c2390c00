// os.scandir / DirEntry / os.walk / os.fwalk against CPython, live, on fixture trees built
// by the test: the same tree, the same options, the same sequence of results (directory
// order included, since both read the same directories with getdents).
#include "pyos/os/walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <stdexcept>

#include "pyos/os/scandir.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

class Tree : public test::TempDirTest {
 protected:
  std::string root;
  void SetUp() override {
    root = tmp / "root";
    ASSERT_EQ(::chmod(tmp.path().c_str(), 0755), 0);
    for (const char* d : {"root", "root/a", "root/a/aa", "root/a/aa/aaa", "root/b", "root/c", "root/c/x"}) {
      ASSERT_EQ(::mkdir((tmp / d).c_str(), 0755), 0) << d;
    }
    for (const char* f : {"root/f1", "root/a/f2", "root/a/aa/f3", "root/b/f4", "root/c/x/f5"}) {
      const int fd = ::open((tmp / f).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      ASSERT_GE(fd, 0);
      ASSERT_EQ(::write(fd, f, 3), 3);
      ::close(fd);
    }
    ASSERT_EQ(::symlink("a", (tmp / "root/link_to_a").c_str()), 0);
    ASSERT_EQ(::symlink("f1", (tmp / "root/link_to_f1").c_str()), 0);
    ASSERT_EQ(::symlink("nowhere", (tmp / "root/dangling").c_str()), 0);
    ASSERT_EQ(::symlink("loop", (tmp / "root/b/loop").c_str()), 0);
    ASSERT_EQ(::symlink("../..", (tmp / "root/c/x/up").c_str()), 0);  // a cycle for followlinks
    ASSERT_EQ(::mkfifo((tmp / "root/fifo").c_str(), 0644), 0);
  }
};

nlohmann::json walk_json(const std::string& top, WalkOptions options, const std::vector<std::string>& prune = {},
                         int max_steps = 200) {
  nlohmann::json out = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  options.onerror = [&](const OSError& e) { errors.push_back({e.type_name(), e.what()}); };
  int steps = 0;
  for (auto& [dirpath, dirnames, filenames] : walk(top, options)) {
    out.push_back({dirpath, dirnames, filenames});
    for (const auto& p : prune) std::erase(dirnames, p);
    if (++steps == max_steps) break;
  }
  return {{"steps", out}, {"errors", errors}};
}

constexpr const char* kPythonWalk = R"(
import json, os, sys
top, mode = sys.argv[1], json.loads(sys.argv[2])
out, errors = [], []
def onerror(e): errors.append([type(e).__name__, str(e)])
steps = 0
if mode["f"]:
    it = os.fwalk(top, topdown=mode["topdown"], onerror=onerror, follow_symlinks=mode["follow"])
    for dirpath, dirnames, filenames, dirfd in it:
        out.append([dirpath, list(dirnames), filenames])
        for p in mode["prune"]:
            if p in dirnames: dirnames.remove(p)
        steps += 1
        if steps == mode["max"]: break
    it.close()
else:
    for dirpath, dirnames, filenames in os.walk(top, topdown=mode["topdown"], onerror=onerror,
                                                followlinks=mode["follow"]):
        out.append([dirpath, list(dirnames), filenames])
        for p in mode["prune"]:
            if p in dirnames: dirnames.remove(p)
        steps += 1
        if steps == mode["max"]: break
print(json.dumps({"steps": out, "errors": errors}))
)";

nlohmann::json python_walk(const std::string& top, bool f, bool topdown, bool follow,
                           const std::vector<std::string>& prune = {}, int max_steps = 200) {
  const nlohmann::json mode = {{"f", f}, {"topdown", topdown}, {"follow", follow}, {"prune", prune}, {"max", max_steps}};
  return test::run_python(kPythonWalk, {top, mode.dump()});
}

nlohmann::json fwalk_json(const std::string& top, FwalkOptions options, const std::vector<std::string>& prune = {},
                          int max_steps = 200) {
  nlohmann::json out = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  options.onerror = [&](const OSError& e) { errors.push_back({e.type_name(), e.what()}); };
  int steps = 0;
  for (auto& [dirpath, dirnames, filenames, dirfd] : fwalk(top, options)) {
    EXPECT_GE(::fcntl(dirfd, F_GETFD), 0);  // a live descriptor for the directory
    out.push_back({dirpath, dirnames, filenames});
    for (const auto& p : prune) std::erase(dirnames, p);
    if (++steps == max_steps) break;
  }
  return {{"steps", out}, {"errors", errors}};
}

TEST_F(Tree, WalkMatchesCPythonInEveryMode) {
  for (bool topdown : {true, false}) {
    for (bool follow : {false, true}) {
      SCOPED_TRACE(testing::Message() << "topdown=" << topdown << " followlinks=" << follow);
      EXPECT_EQ(walk_json(root, {.topdown = topdown, .followlinks = follow}, {}, 40),
                python_walk(root, false, topdown, follow, {}, 40));
    }
  }
  // Relative top, trailing slash, pruning, an early stop.
  EXPECT_EQ(walk_json(root + "/", {}, {"a"}), python_walk(root + "/", false, true, false, {"a"}));
  EXPECT_EQ(walk_json(root, {}, {}, 2), python_walk(root, false, true, false, {}, 2));
  // A missing top: onerror, nothing yielded.
  EXPECT_EQ(walk_json(root + "/missing", {}), python_walk(root + "/missing", false, true, false));
  EXPECT_EQ(walk_json(root + "/f1", {}), python_walk(root + "/f1", false, true, false));
}

TEST_F(Tree, FwalkMatchesCPythonInEveryMode) {
  for (bool topdown : {true, false}) {
    for (bool follow : {false, true}) {
      SCOPED_TRACE(testing::Message() << "topdown=" << topdown << " follow_symlinks=" << follow);
      EXPECT_EQ(fwalk_json(root, {.topdown = topdown, .follow_symlinks = follow}, {}, 40),
                python_walk(root, true, topdown, follow, {}, 40));
    }
  }
  EXPECT_EQ(fwalk_json(root, {}, {"a", "c"}), python_walk(root, true, true, false, {"a", "c"}));
  // A root that is a symlink to a directory: not walked without follow_symlinks.
  EXPECT_EQ(fwalk_json(root + "/link_to_a", {}), python_walk(root + "/link_to_a", true, true, false));
  EXPECT_EQ(fwalk_json(root + "/link_to_a", {.follow_symlinks = true}), python_walk(root + "/link_to_a", true, true, true));
  // A missing root raises (fwalk's root error is not given to onerror).
  EXPECT_RAISES_MSG(fwalk_json(root + "/missing", {}), FileNotFoundError,
                    "[Errno 2] No such file or directory: '" + root + "/missing'");
}

int lowest_free_fd() {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::close(fd);
  return fd;
}

TEST_F(Tree, AbandonedWalksLeakNoDescriptor) {
  const int before = lowest_free_fd();
  for (int i = 0; i < 500; ++i) {
    {
      auto w = fwalk(root, {.topdown = (i % 2) == 0});
      int n = 0;
      for (auto it = w.begin(); it != w.end() && n < i % 5; ++it) ++n;
    }
    {
      auto w = walk(root);
      auto it = w.begin();
      ++it;
    }
    {
      auto s = scandir(root);
      auto it = s.begin();
      (void)it->name();
    }
    try {
      for (auto& step : fwalk(root)) {
        (void)step;
        throw RuntimeError("leave the loop with an exception");
      }
    } catch (const RuntimeError&) {
    }
  }
  EXPECT_EQ(lowest_free_fd(), before);
}

constexpr const char* kPythonScandir = R"(
import json, os, sys
out = []
def attempt(f):
    try: return f()
    except OSError as e: return [type(e).__name__, str(e)]
for top in sys.argv[1:]:
    for e in os.scandir(top):
        st = attempt(lambda: [e.stat().st_ino, e.stat().st_mode])
        lst = attempt(lambda: [e.stat(follow_symlinks=False).st_ino, e.stat(follow_symlinks=False).st_mode])
        out.append([e.name, e.path, e.inode(), attempt(lambda: e.is_dir()),
                    attempt(lambda: e.is_dir(follow_symlinks=False)), attempt(lambda: e.is_file()),
                    attempt(lambda: e.is_file(follow_symlinks=False)), attempt(lambda: e.is_symlink()),
                    e.is_junction(), st, lst])
print(json.dumps(out))
)";

TEST_F(Tree, ScandirEntriesMatchCPython) {
  nlohmann::json ours = nlohmann::json::array();
  auto attempt = [](auto f) -> nlohmann::json {
    try {
      return f();
    } catch (const OSError& e) {
      return nlohmann::json::array({e.type_name(), e.what()});
    }
  };
  const std::vector<std::string> tops = {root, root + "/", root + "/b", root + "/c/x"};
  for (const auto& top : tops) {
    for (const DirEntry& e : scandir(top)) {
      ours.push_back({e.name(), e.path(), e.inode(), attempt([&] { return nlohmann::json(e.is_dir()); }),
                      attempt([&] { return nlohmann::json(e.is_dir(false)); }),
                      attempt([&] { return nlohmann::json(e.is_file()); }),
                      attempt([&] { return nlohmann::json(e.is_file(false)); }),
                      attempt([&] { return nlohmann::json(e.is_symlink()); }), e.is_junction(),
                      attempt([&]() -> nlohmann::json { return {e.stat().st_ino, e.stat().st_mode}; }),
                      attempt([&]() -> nlohmann::json { return {e.stat(false).st_ino, e.stat(false).st_mode}; })});
    }
  }
  EXPECT_EQ(ours, test::run_python(kPythonScandir, tops));
}

TEST_F(Tree, ScandirByDescriptor) {
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  std::vector<std::string> names;
  for (const auto& e : scandir(fd)) {
    EXPECT_EQ(e.path(), e.name());  // Python: entries of scandir(fd) have path == name
    if (e.name() == "f1") {
      EXPECT_EQ(e.stat().st_size, 3);
    }
    names.push_back(e.name());
  }
  EXPECT_EQ(names.size(), 8U);  // a b c f1 link_to_a link_to_f1 dangling fifo
  EXPECT_EQ(::lseek(fd, 0, SEEK_CUR), 0);
  ::close(fd);
  EXPECT_RAISES_MSG(scandir(""), FileNotFoundError, "[Errno 2] No such file or directory: ''");
  EXPECT_RAISES_MSG(scandir(999), OSError, "[Errno 9] Bad file descriptor");
}

// Runs fn in a child that has dropped root (uid/gid 65534) when the test runs as root, and
// returns what it printed. Permission errors need a non-root process.
std::string as_nobody(const std::function<std::string()>& fn) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    std::string out;
    try {
      out = fn();
    } catch (...) {
      ::_exit(4);
    }
    const char* data = out.data();
    std::size_t left = out.size();
    while (left > 0) {
      const ssize_t n = ::write(p[1], data, left);
      if (n <= 0) ::_exit(5);
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(p[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(p[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  return out;
}

constexpr const char* kPythonWalkAsNobody = R"(
import json, os, sys
if os.geteuid() == 0:
    os.setgid(65534); os.setuid(65534)
out, errors = [], []
for step in os.walk(sys.argv[1], onerror=lambda e: errors.append([type(e).__name__, str(e)])):
    out.append(list(step))
fout, ferrors = [], []
for d, dn, fn, fd in os.fwalk(sys.argv[1], onerror=lambda e: ferrors.append([type(e).__name__, str(e)])):
    fout.append([d, dn, fn])
print(json.dumps([{"steps": out, "errors": errors}, {"steps": fout, "errors": ferrors}]))
)";

TEST_F(Tree, UnreadableDirectoriesGoToOnerror) {
  ASSERT_EQ(::chmod((root + "/a/aa").c_str(), 0), 0);  // cannot be listed or entered
  ASSERT_EQ(::chmod((root + "/b").c_str(), 0311), 0);  // can be entered, not listed
  const std::string ours = as_nobody([&] {
    return nlohmann::json::array({walk_json(root, {}), fwalk_json(root, {})}).dump();
  });
  EXPECT_EQ(nlohmann::json::parse(ours), test::run_python(kPythonWalkAsNobody, {root}));
  ::chmod((root + "/a/aa").c_str(), 0755);
  ::chmod((root + "/b").c_str(), 0755);
}

TEST_F(Tree, WalkSurvivesDeepTrees) {
  // Deeper than any recursion limit: the walk is iterative.
  std::string p = tmp / "deep";
  ASSERT_EQ(::mkdir(p.c_str(), 0755), 0);
  const int dirfd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd = dirfd;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(::mkdirat(fd, "d", 0755), 0);
    const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd != dirfd) ::close(fd);
    fd = next;
  }
  ::close(fd);
  ::close(dirfd);
  int count = 0;
  for (auto& step : fwalk(p)) {
    (void)step;
    ++count;
  }
  EXPECT_EQ(count, 2001);
  count = 0;
  for (auto& step : walk(p, {.topdown = false})) {
    (void)step;
    ++count;
  }
  // walk opens by path: PATH_MAX (4096) stops it below ~2000 levels of "/d", through onerror.
  EXPECT_GT(count, 1000);
}

// Every name length getdents can return (1..255 bytes, so every padding of the 8-byte record
// tail), with bytes that are not UTF-8, read back by scandir and walk exactly as glibc's
// readdir(3) reads them.
TEST_F(Tree, NamesOfEveryLengthReadAsReaddirReadsThem) {
  const std::string dir = tmp / "lengths";
  ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
  for (std::size_t len = 1; len <= 255; ++len) {
    std::string name(len, static_cast<char>('a' + len % 26));
    name[0] = static_cast<char>(0x80 + len % 100);  // a non-UTF-8 byte first
    if (len % 3 == 0) name.back() = '\xff';
    const std::string path = dir + "/" + name;
    if (len % 2 == 0) {
      ASSERT_EQ(::mkdir(path.c_str(), 0755), 0) << len;
    } else {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      ASSERT_GE(fd, 0) << len;
      ::close(fd);
    }
  }
  std::vector<std::string> libc_names;
  DIR* d = ::opendir(dir.c_str());
  ASSERT_NE(d, nullptr);
  while (const struct dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") libc_names.push_back(name);
  }
  ::closedir(d);
  ASSERT_EQ(libc_names.size(), 255U);

  std::vector<std::string> scanned;
  for (const auto& e : scandir(dir)) scanned.push_back(e.name());
  EXPECT_EQ(scanned, libc_names);  // the same order: both read the same getdents stream

  std::vector<std::string> walked;
  for (auto& [dirpath, dirnames, filenames] : walk(dir)) {
    if (dirpath != dir) continue;
    walked.insert(walked.end(), dirnames.begin(), dirnames.end());
    walked.insert(walked.end(), filenames.begin(), filenames.end());
  }
  std::sort(walked.begin(), walked.end());
  std::sort(libc_names.begin(), libc_names.end());
  EXPECT_EQ(walked, libc_names);
}

// The range-for loop reuses one DirEntry for the successive entries: entries copied out keep
// their own name, path and cached stat results, and no cached result passes to the next entry.
TEST_F(Tree, ScandirEntriesCopiedOutKeepTheirOwnValues) {
  std::vector<DirEntry> kept;
  for (const auto& e : scandir(root)) {
    (void)e.stat(false);  // fill the cache before the entry is reused
    EXPECT_EQ(e.stat(false).st_ino, e.inode()) << e.name();
    kept.push_back(e);
  }
  std::vector<std::string> names;
  for (auto it = scandir(root); auto e = it.next();) names.push_back(e->name());
  ASSERT_EQ(kept.size(), names.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].name(), names[i]);
    EXPECT_EQ(kept[i].path(), root + "/" + names[i]);
    struct stat st {};
    ASSERT_EQ(::lstat(kept[i].path().c_str(), &st), 0);
    EXPECT_EQ(kept[i].stat(false).st_ino, st.st_ino) << names[i];
    EXPECT_EQ(kept[i].inode(), st.st_ino) << names[i];
  }
}

constexpr const char* kPythonWalkEdits = R"(
import json, os, sys
top = sys.argv[1]
out = []
for step, (dirpath, dirnames, filenames) in enumerate(os.walk(top)):
    out.append([dirpath, list(dirnames), list(filenames)])
    if step % 3 == 0:
        dirnames.reverse()
    elif step % 3 == 1:
        dirnames.append("link_to_a")  # a symlink the caller adds: checked, not descended
        dirnames.append("f1")         # a file the caller adds: scandir fails, onerror
        dirnames.append("a")          # a real directory the caller adds again
    else:
        dirnames[:] = [d for d in dirnames if d != "aa"]
    if len(out) == 60: break
print(json.dumps(out))
)";

// Top-down, the caller's edits to dirnames (reordered, names added, names removed) decide the
// descent exactly as in Python, although pyos refills the lists of consumed steps.
TEST_F(Tree, WalkFollowsEditsToDirnamesAsPython) {
  // More and longer names than the fixture has, so that lists and names are refilled.
  for (int i = 0; i < 40; ++i) {
    const std::string name = root + "/a/a_long_directory_name_number_" + std::to_string(i);
    ASSERT_EQ(::mkdir(name.c_str(), 0755), 0);
    if (i % 4 == 0) {
      ASSERT_EQ(::symlink("..", (name + "/up_link").c_str()), 0);
    }
    if (i % 5 == 0) {
      ASSERT_EQ(::mkdir((name + "/aa").c_str(), 0755), 0);
    }
  }
  nlohmann::json ours = nlohmann::json::array();
  int step = 0;
  for (auto& [dirpath, dirnames, filenames] : walk(root, {.onerror = [](const OSError&) {}})) {
    ours.push_back({dirpath, dirnames, filenames});
    if (step % 3 == 0) {
      std::reverse(dirnames.begin(), dirnames.end());
    } else if (step % 3 == 1) {
      dirnames.push_back("link_to_a");
      dirnames.push_back("f1");
      dirnames.push_back("a");
    } else {
      std::erase(dirnames, "aa");
    }
    ++step;
    if (ours.size() == 60) break;
  }
  EXPECT_EQ(ours, test::run_python(kPythonWalkEdits, {root}));
}

// Lists moved out of a step stay the caller's: the walk goes on with lists of its own.
TEST_F(Tree, ListsMovedOutOfAStepStayIntact) {
  std::vector<std::vector<std::string>> taken;
  nlohmann::json seen = nlohmann::json::array();
  for (auto& [dirpath, dirnames, filenames] : walk(root, {.topdown = false})) {
    seen.push_back({dirpath, dirnames, filenames});
    taken.push_back(std::move(filenames));
    taken.push_back(dirnames);
  }
  ASSERT_EQ(taken.size(), 2 * seen.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(nlohmann::json(taken[2 * i]), seen[i][2]) << seen[i][0];
    EXPECT_EQ(nlohmann::json(taken[2 * i + 1]), seen[i][1]) << seen[i][0];
  }
  EXPECT_EQ(nlohmann::json({{"steps", seen}, {"errors", nlohmann::json::array()}}),
            python_walk(root, false, false, false));
}

}  // namespace
}  // namespace pyos::os
