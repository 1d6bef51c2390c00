// File: tests/support/write_fault.hpp
//
// What the write(2) fault tests share (tests/io/binary/fault_test.cpp,
// tests/logging/core_faults_test.cpp): pyos fails its write(2) calls through the _sys fault
// seam, CPython through the LD_PRELOAD module tests/io/binary/write_fault_preload.cpp, both
// by the same plan, and the file each leaves is compared by its length and hash. And the
// real kernel's failures both sides can be put under: a file-size limit (EFBIG), a
// descriptor limit (EMFILE), a full filesystem (ENOSPC) and a filesystem whose files fail as
// their names ask (a FUSE server: close(2) errors, short writes, EIO).
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "_sys/fault.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {

// A plan as both sides write it, [nth, times, errno, short count]: the nth write(2) and the
// `times` after it (0: every one from then on) fail with errno, or (errno 0) transfer at most
// the short count (-1: no limit).
inline _sys::fault::Fault write_fault(const nlohmann::json& plan) {
  return {.call = _sys::Call::write,
          .nth = plan[0].get<std::uint64_t>(),
          .times = plan[1].get<std::uint64_t>(),
          .error = plan[2].get<int>(),
          .short_count = plan[3].get<std::int64_t>() < 0 ? _sys::fault::kNoLimit : plan[3].get<std::size_t>()};
}

// The real kernel's file-size limit (RLIMIT_FSIZE) on this process, SIGXFSZ ignored: a
// write(2) that crosses the limit transfers what fits, one at or past it fails with EFBIG,
// as does an ftruncate past it. Only regular files are limited (pipes and terminals are
// not). lift() and the destructor give the soft limit and the signal back.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    if (::getrlimit(RLIMIT_FSIZE, &saved_) != 0) throw std::runtime_error("getrlimit failed");
    if (bytes > saved_.rlim_max) throw std::runtime_error("the hard RLIMIT_FSIZE is below the test's limit");
    const rlimit limited{bytes, saved_.rlim_max};
    if (::setrlimit(RLIMIT_FSIZE, &limited) != 0) throw std::runtime_error("setrlimit failed");
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGXFSZ, &ignore, &saved_action_);
  }
  ~FileSizeLimit() {
    lift();
    ::sigaction(SIGXFSZ, &saved_action_, nullptr);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  void lift() noexcept { ::setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
  struct sigaction saved_action_ {};
};

// The descriptor limit (RLIMIT_NOFILE) of this process lowered to `fds` while alive: a call
// that would make a descriptor numbered `fds` or above fails with EMFILE. lift() and the
// destructor give the limit back.
class DescriptorLimit {
 public:
  explicit DescriptorLimit(rlim_t fds) {
    if (::getrlimit(RLIMIT_NOFILE, &saved_) != 0) throw std::runtime_error("getrlimit failed");
    const rlimit limited{fds, saved_.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &limited) != 0) throw std::runtime_error("setrlimit failed");
  }
  ~DescriptorLimit() { lift(); }
  DescriptorLimit(const DescriptorLimit&) = delete;
  DescriptorLimit& operator=(const DescriptorLimit&) = delete;

  void lift() noexcept { ::setrlimit(RLIMIT_NOFILE, &saved_); }

 private:
  rlimit saved_{};
};

// The descriptor the next open would get.
inline int lowest_free_descriptor() {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::close(fd);
  return fd;
}

// A mount point of this process's own: a fresh directory in /tmp in a mount namespace of
// the process's own (unshare(CLONE_NEWNS), then "/" made private), which the children it
// starts afterwards (the CPython oracle) share and nothing else sees. What is mounted there
// goes with the process, so a crashed test leaves none of it behind (only the empty
// directory). The namespace stays for the rest of the process (ctest runs each test in a
// process of its own). Needs CAP_SYS_ADMIN: without it the path is empty and why() says
// which call failed.
class OwnMountPoint {
 public:
  explicit OwnMountPoint(const char* prefix) {
    std::string dir = std::string("/tmp/") + prefix + "-XXXXXX";
    if (::unshare(CLONE_NEWNS) != 0) {
      fail("unshare(CLONE_NEWNS)");
    } else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      fail("making / private");
    } else if (::mkdtemp(dir.data()) == nullptr) {
      fail("mkdtemp");
    } else {
      path_ = dir;
    }
  }
  ~OwnMountPoint() {
    unmount();
    if (!path_.empty()) ::rmdir(path_.c_str());
  }
  OwnMountPoint(const OwnMountPoint&) = delete;
  OwnMountPoint& operator=(const OwnMountPoint&) = delete;

  const std::string& path() const noexcept { return path_; }
  bool mounted() const noexcept { return mounted_; }
  const std::string& why() const noexcept { return why_; }
  // Records that a filesystem is mounted on path() (unmounted by the destructor), or why not.
  void set_mounted(bool mounted, const char* what) {
    mounted_ = mounted;
    if (!mounted) fail(what);
  }
  // Detaches what is mounted on path(), if anything (the destructor's first step).
  void unmount() noexcept {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    mounted_ = false;
  }
  // path() / name, as a string.
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  void fail(const char* what) {
    const int error = errno;
    why_ = std::string(what) + " failed";
    if (error != 0) why_ += std::string(": ") + std::strerror(error);
  }

  std::string path_, why_;
  bool mounted_ = false;
};

// A real full disk: a tmpfs of `pages` pages on an OwnMountPoint. A write(2) that needs a
// page the filesystem no longer has transfers what fits and the next fails with ENOSPC.
// fill(pages) takes room with a filler file and free() gives it back. Without CAP_SYS_ADMIN
// available() is false and why() says which call failed.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(std::size_t pages)
      : page_(static_cast<std::size_t>(::sysconf(_SC_PAGESIZE))), dir_("pyos-small-fs") {
    if (dir_.path().empty()) return;
    const std::string options = "size=" + std::to_string(pages * page_) + ",mode=0700";
    dir_.set_mounted(::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0,
                     "mount -t tmpfs");
  }

  bool available() const noexcept { return dir_.mounted(); }
  const std::string& why() const noexcept { return dir_.why(); }
  std::size_t page_size() const noexcept { return page_; }
  std::string operator/(std::string_view name) const { return dir_ / name; }

  // Takes `pages` pages with the filler file (replacing the last one).
  void fill(std::size_t pages) {
    const std::string filler = *this / ".filler";
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + filler);
    const std::string block(page_, '\0');
    for (std::size_t i = 0; i < pages; ++i) {
      if (::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size())) {
        ::close(fd);
        throw std::runtime_error("the filler does not fit");
      }
    }
    ::close(fd);
  }
  void free() { ::unlink((*this / ".filler").c_str()); }

 private:
  std::size_t page_;
  OwnMountPoint dir_;
};

// A filesystem whose files fail as their names ask: pyos_test_faultfs (support/faultfs.cpp,
// a FUSE server; `server` is its path) serving an OwnMountPoint, e.g. fs / "flush=5" is a
// file each close(2) of a writer fails with EIO, fs / "short=7" one each write(2) transfers
// at most 7 bytes of. The destructor unmounts it and stops the server. Without
// CAP_SYS_ADMIN or /dev/fuse available() is false and why() says what failed.
class FaultyFilesystem {
 public:
  explicit FaultyFilesystem(const std::string& server) : dir_("pyos-faultfs") {
    if (!dir_.path().empty()) mount(server);
  }
  ~FaultyFilesystem() {
    dir_.unmount();  // first: the server sees its mount go
    if (server_ <= 0) return;
    ::kill(server_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 500 && ::waitpid(server_, &status, WNOHANG) == 0; ++i) ::usleep(10'000);
    if (::waitpid(server_, &status, WNOHANG) == 0) {
      ::kill(server_, SIGKILL);
      ::waitpid(server_, &status, 0);
    }
  }
  FaultyFilesystem(const FaultyFilesystem&) = delete;
  FaultyFilesystem& operator=(const FaultyFilesystem&) = delete;

  bool available() const noexcept { return dir_.mounted(); }
  const std::string& why() const noexcept { return dir_.why(); }
  std::string operator/(std::string_view name) const { return dir_ / name; }

 private:
  // Starts the server and waits for its mount.
  void mount(const std::string& server) {
    if (::access("/dev/fuse", R_OK | W_OK) != 0) return dir_.set_mounted(false, "access(/dev/fuse)");
    struct stat before {};
    ::stat(dir_.path().c_str(), &before);
    const char* argv[] = {server.c_str(), dir_.path().c_str(), nullptr};
    if (::posix_spawn(&server_, server.c_str(), nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) {
      server_ = -1;
      return dir_.set_mounted(false, "posix_spawn(pyos_test_faultfs)");
    }
    // Mounted once the directory is another device; given up when the server exits, or
    // after 10 s.
    for (int i = 0; i < 1000; ++i) {
      struct stat now {};
      if (::stat(dir_.path().c_str(), &now) == 0 && now.st_dev != before.st_dev) return dir_.set_mounted(true, "");
      int status = 0;
      if (::waitpid(server_, &status, WNOHANG) == server_) {
        server_ = -1;
        errno = 0;
        return dir_.set_mounted(false, "pyos_test_faultfs (it exited; its stderr says why)");
      }
      ::usleep(10'000);
    }
    errno = ETIMEDOUT;
    dir_.set_mounted(false, "waiting for the FUSE mount");
  }

  OwnMountPoint dir_;
  pid_t server_ = -1;
};

// Python's state(path): a file's length and FNV-1a hash (decimal), as file_state gives them.
inline constexpr std::string_view kPythonFileState = R"(
def state(path):
    data = open(path, "rb").read()
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return [len(data), str(h)]
)";

// A file's length and FNV-1a hash (decimal), as Python's state(path) above.
inline nlohmann::json file_state(const std::string& path) {
  const std::string data = read_bytes(path);
  return {data.size(), std::to_string(fnv1a64(data))};
}

// Runs `script` in CPython with the preload module at `preload` interposing write(2), argv
// after the script, and returns the JSON it prints. The script finds `lib`, whose
// pyos_fault_arm(nth, times, errno, short) arms a plan and pyos_fault_disarm() returns the
// write(2) calls counted since (descriptors above 2 only), and state(path), the file's
// length and hash as file_state gives them.
inline nlohmann::json run_python_with_write_faults(std::string_view preload, std::string_view script,
                                                   const std::vector<std::string>& argv) {
  static constexpr std::string_view kPrelude = R"(
import ctypes, json, os, sys
lib = ctypes.CDLL(None)
lib.pyos_fault_arm.argtypes = [ctypes.c_long] * 4
lib.pyos_fault_disarm.restype = ctypes.c_long
)";
  std::vector<std::string> args = {std::string(preload),
                                   std::string(kPrelude) + std::string(kPythonFileState) + std::string(script)};
  args.insert(args.end(), argv.begin(), argv.end());
  return run_python(R"(
import os, subprocess, sys
env = dict(os.environ, LD_PRELOAD=sys.argv[1])
print(subprocess.run([sys.executable, "-I", "-c"] + sys.argv[2:], env=env, capture_output=True, text=True,
                     check=True).stdout)
)",
                    args);
}

}  // namespace pyos::test
