// File: os/bench_walk.cpp
//
// Suite "os", directory scenarios: walk/fwalk over a generated tree, scandir over a large
// flat directory, stat of one path. Peers in the same run: std::filesystem, fts(3), a raw
// openat+getdents64 walker (the floor: what any walk must at least do), libc stat(2), and
// CPython's os.walk / os.fwalk / os.scandir / os.stat.
//
// Every implementation does the same work: visit every entry and tell directories from the
// rest (d_type, no stat unless needed), and descend into the directories.
//
// The fixtures live in /tmp/pyos-bench-os-v1 (built once, reused by later runs):
//   tree/  10 x 10 x 10 directories with 100 files in each of the 1000 leaves
//          (101,110 entries)
//   flat/  100,000 files in one directory
#include <benchmark/benchmark.h>

#include <dirent.h>
#include <fcntl.h>
#include <fts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "common/cpython_peer.hpp"
#include "pyos/os/scandir.hpp"
#include "pyos/os/stat.hpp"
#include "pyos/os/walk.hpp"

namespace {

namespace fs = std::filesystem;
namespace os = pyos::os;

const std::string kBase = "/tmp/pyos-bench-os-v1";
const std::string kTree = kBase + "/tree";
const std::string kFlat = kBase + "/flat";
const std::string kStatPath = kBase + "/tree/d3/d4/d5/f50";

void touch(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) ::close(fd);
}

// Builds the fixtures unless a previous run finished them (the marker is written last).
bool fixtures() {
  static const bool ready = [] {
    const std::string marker = kBase + "/.complete";
    if (::access(marker.c_str(), F_OK) == 0) return true;
    std::error_code ec;
    fs::remove_all(kBase, ec);
    fs::create_directories(kTree, ec);
    fs::create_directories(kFlat, ec);
    for (int a = 0; a < 10; ++a) {
      for (int b = 0; b < 10; ++b) {
        for (int c = 0; c < 10; ++c) {
          const std::string dir = kTree + "/d" + std::to_string(a) + "/d" + std::to_string(b) + "/d" + std::to_string(c);
          fs::create_directories(dir, ec);
          for (int f = 0; f < 100; ++f) touch(dir + "/f" + std::to_string(f));
        }
      }
    }
    for (int f = 0; f < 100000; ++f) touch(kFlat + "/entry-" + std::to_string(f));
    touch(marker);
    return !ec;
  }();
  return ready;
}

template <class T>
void keep(T&& value) {
  benchmark::DoNotOptimize(value);
}

// ---- walk -------------------------------------------------------------------------------

void walk_pyos(benchmark::State& state, const std::string* root) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t n = 0;
    for (auto& [dirpath, dirnames, filenames] : os::walk(*root)) n += dirnames.size() + filenames.size();
    keep(n);
  }
}

void fwalk_pyos(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t n = 0;
    for (auto& [dirpath, dirnames, filenames, dirfd] : os::fwalk(kTree)) n += dirnames.size() + filenames.size();
    keep(n);
  }
}

void walk_std(benchmark::State& state, const std::string* root) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t dirs = 0, files = 0;
    for (const auto& e : fs::recursive_directory_iterator(*root, fs::directory_options::skip_permission_denied)) (e.is_directory() ? dirs : files)++;
    keep(dirs + files);
  }
}

void walk_fts(benchmark::State& state, const std::string* root) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t n = 0;
    char* roots[] = {const_cast<char*>(root->c_str()), nullptr};
    FTS* fts = ::fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR | FTS_NOSTAT, nullptr);
    while (FTSENT* e = ::fts_read(fts)) {
      if (e->fts_info != FTS_DP) ++n;
    }
    ::fts_close(fts);
    keep(n);
  }
}

// The floor: openat + getdents64 with d_type, an explicit stack of directory descriptors.
void walk_getdents(benchmark::State& state, const std::string* root) {
  if (!fixtures()) return state.SkipWithError("fixture");
  alignas(8) static char buf[32 * 1024];
  for (auto _ : state) {
    std::size_t n = 0;
    std::vector<int> stack{::open(root->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    while (!stack.empty()) {
      const int fd = stack.back();
      stack.pop_back();
      for (;;) {
        const ssize_t got = ::getdents64(fd, buf, sizeof buf);
        if (got <= 0) break;
        for (ssize_t pos = 0; pos < got;) {
          auto* d = reinterpret_cast<struct dirent64*>(buf + pos);
          pos += d->d_reclen;
          if (d->d_name[0] == '.' && (d->d_name[1] == 0 || (d->d_name[1] == '.' && d->d_name[2] == 0))) continue;
          ++n;
          if (d->d_type == DT_DIR) {
            const int sub = ::openat(fd, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub >= 0) stack.push_back(sub);
          }
        }
      }
      ::close(fd);
    }
    keep(n);
  }
}

// ---- scandir over one large directory ----------------------------------------------------

void scandir_pyos(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t dirs = 0;
    for (const auto& e : os::scandir(kFlat)) dirs += e.is_dir();
    keep(dirs);
  }
}

void scandir_std(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    std::size_t dirs = 0;
    for (const auto& e : fs::directory_iterator(kFlat)) dirs += e.is_directory();
    keep(dirs);
  }
}

void scandir_getdents(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  alignas(8) static char buf[32 * 1024];
  for (auto _ : state) {
    std::size_t dirs = 0;
    const int fd = ::open(kFlat.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (;;) {
      const ssize_t got = ::getdents64(fd, buf, sizeof buf);
      if (got <= 0) break;
      for (ssize_t pos = 0; pos < got;) {
        auto* d = reinterpret_cast<struct dirent64*>(buf + pos);
        pos += d->d_reclen;
        dirs += d->d_type == DT_DIR;
      }
    }
    ::close(fd);
    keep(dirs);
  }
}

// ---- stat -------------------------------------------------------------------------------

void stat_pyos(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) keep(os::stat(kStatPath));
}

void stat_libc(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) {
    struct stat st;
    keep(::stat(kStatPath.c_str(), &st));
    keep(st);
  }
}

void stat_std(benchmark::State& state) {
  if (!fixtures()) return state.SkipWithError("fixture");
  for (auto _ : state) keep(fs::status(kStatPath));
}

[[maybe_unused]] const bool registered = [] {
  static const std::string usr = "/usr";
  for (const auto& [scenario, root] : {std::pair<std::string, const std::string*>{"walk", &kTree}, {"walk_usr", &usr}}) {
    if (root == &usr && ::access("/usr", R_OK) != 0) continue;
    benchmark::RegisterBenchmark(("BM_os/" + scenario + "/pyos").c_str(), walk_pyos, root);
    benchmark::RegisterBenchmark(("BM_os/" + scenario + "/std_filesystem").c_str(), walk_std, root);
    benchmark::RegisterBenchmark(("BM_os/" + scenario + "/fts").c_str(), walk_fts, root);
    benchmark::RegisterBenchmark(("BM_os/" + scenario + "/getdents").c_str(), walk_getdents, root);
  }
  benchmark::RegisterBenchmark("BM_os/fwalk/pyos", fwalk_pyos);
  benchmark::RegisterBenchmark("BM_os/fwalk/getdents", walk_getdents, &kTree);
  benchmark::RegisterBenchmark("BM_os/scandir_is_dir/pyos", scandir_pyos);
  benchmark::RegisterBenchmark("BM_os/scandir_is_dir/std_filesystem", scandir_std);
  benchmark::RegisterBenchmark("BM_os/scandir_is_dir/getdents", scandir_getdents);
  benchmark::RegisterBenchmark("BM_os/stat/pyos", stat_pyos);
  benchmark::RegisterBenchmark("BM_os/stat/libc", stat_libc);
  benchmark::RegisterBenchmark("BM_os/stat/std_filesystem", stat_std);

  // The CPython peer reads the same fixtures, and may run first.
  (void)fixtures();
  using pyos::bench::py_repr;
  const std::string imp = "import os; ";
  pyos::bench::register_cpython(
      "os", {
                {"walk", "for _ in os.walk(t): pass", imp + "t = " + py_repr(kTree)},
                {"walk_usr", "for _ in os.walk('/usr'): pass", imp},
                {"fwalk", "for _ in os.fwalk(t): pass", imp + "t = " + py_repr(kTree)},
                {"scandir_is_dir", "for e in os.scandir(d): e.is_dir()", imp + "d = " + py_repr(kFlat)},
                {"stat", "os.stat(p)", imp + "p = " + py_repr(kStatPath)},
            });
  return true;
}();

}  // namespace
