// os.path's functions that ask the system: the stat-based predicates and getters, abspath
// and relpath (os.getcwd), expanduser (os.environ, the password database), expandvars
// (os.environ).
//
// The predicates (exists, isdir, ...) call _sys directly instead of os::stat: Python's
// "return False instead of raising" means no exception may be built on the common "missing"
// path, and the answer is the same (os.stat is exactly that fstatat/fstat call). Functions
// that raise (getsize, samefile, ...) go through os::stat so the error is os.stat's.
#include <fcntl.h>
#include <sys/stat.h>

#include <cstring>
#include <string>
#include <string_view>

#include "_sys/fd.hpp"
#include "_sys/path_posix.hpp"
#include "path_internal.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/path.hpp"

namespace pyos::os::path {

namespace {

// os.stat(path) / os.lstat(path) for a predicate: the mode, or nothing on any failure
// (OSError or ValueError in Python).
bool mode_of(const PathLike& path, int flags, mode_t& mode) {
  if (path.has_nul()) return false;
  auto st = _sys::fstatat(AT_FDCWD, path.c_str("stat"), flags);
  if (!st) return false;
  mode = st->st_mode;
  return true;
}

// os.stat(fd) for a predicate. CPython's os.stat(-1) ends in stat(NULL) (EFAULT): False.
bool mode_of(int fd, mode_t& mode) noexcept {
  if (fd == -1) return false;
  auto st = _sys::fstat(fd);
  if (!st) return false;
  mode = st->st_mode;
  return true;
}

}  // namespace

bool exists(const PathLike& path) {
  mode_t mode;
  return mode_of(path, 0, mode);
}
bool exists(int fd) {
  mode_t mode;
  return mode_of(fd, mode);
}
bool lexists(const PathLike& path) {
  mode_t mode;
  return mode_of(path, AT_SYMLINK_NOFOLLOW, mode);
}
bool isfile(const PathLike& path) {
  mode_t mode;
  return mode_of(path, 0, mode) && S_ISREG(mode);
}
bool isfile(int fd) {
  mode_t mode;
  return mode_of(fd, mode) && S_ISREG(mode);
}
bool isdir(const PathLike& path) {
  mode_t mode;
  return mode_of(path, 0, mode) && S_ISDIR(mode);
}
bool isdir(int fd) {
  mode_t mode;
  return mode_of(fd, mode) && S_ISDIR(mode);
}
bool islink(const PathLike& path) {
  mode_t mode;
  return mode_of(path, AT_SYMLINK_NOFOLLOW, mode) && S_ISLNK(mode);
}

bool isjunction(const PathLike&) { return false; }
bool isdevdrive(const PathLike&) { return false; }

bool ismount(const PathLike& path) {
  if (path.has_nul()) return false;
  auto s1 = _sys::fstatat(AT_FDCWD, path.c_str("lstat"), AT_SYMLINK_NOFOLLOW);
  if (!s1 || S_ISLNK(s1->st_mode)) return false;  // a symlink is never a mount point
  std::string parent = join(path, "..");
  auto s2 = _sys::fstatat(AT_FDCWD, parent.c_str(), AT_SYMLINK_NOFOLLOW);
  if (!s2) {
    parent = realpath(parent);
    s2 = _sys::fstatat(AT_FDCWD, parent.c_str(), AT_SYMLINK_NOFOLLOW);
    if (!s2) return false;
  }
  return s1->st_dev != s2->st_dev || s1->st_ino == s2->st_ino;
}

std::int64_t getsize(const PathLike& path) { return os::stat(path).st_size; }
std::int64_t getsize(int fd) { return os::stat(fd).st_size; }
double getatime(const PathLike& path) { return os::stat(path).st_atime_; }
double getatime(int fd) { return os::stat(fd).st_atime_; }
double getmtime(const PathLike& path) { return os::stat(path).st_mtime_; }
double getmtime(int fd) { return os::stat(fd).st_mtime_; }
double getctime(const PathLike& path) { return os::stat(path).st_ctime_; }
double getctime(int fd) { return os::stat(fd).st_ctime_; }

bool samestat(const stat_result& stat1, const stat_result& stat2) noexcept {
  return stat1.st_ino == stat2.st_ino && stat1.st_dev == stat2.st_dev;
}
bool samefile(const PathLike& path1, const PathLike& path2) {
  const stat_result s1 = os::stat(path1);
  return samestat(s1, os::stat(path2));
}
bool sameopenfile(int fd1, int fd2) {
  const stat_result s1 = os::fstat(fd1);
  return samestat(s1, os::fstat(fd2));
}

// ---- abspath / relpath -----------------------------------------------------------------

namespace {

// abspath() of p into `out` (which is resized): p itself when absolute, else getcwd() + "/" +
// p, then normalised in place.
template <class Buffer>
void absolute_into(std::string_view p, Buffer& out) {
  std::size_t n = 0;
  if (!p.empty() && p.front() == '/') {
    out.resize(p.size());
  } else {
    const std::string cwd = _sys::getcwd().or_raise();
    const bool slash = cwd.empty() || cwd.back() != '/';
    out.resize(cwd.size() + (slash ? 1 : 0) + p.size());
    std::memcpy(out.data(), cwd.data(), cwd.size());
    n = cwd.size();
    if (slash) out.data()[n++] = '/';
  }
  if (!p.empty()) std::memcpy(out.data() + n, p.data(), p.size());
  out.resize(detail::normalize_in_place(out.data(), out.size()));
}

// Scratch space for a path: inline for the usual lengths, the heap beyond (relpath needs two
// absolute paths only to compare them).
class Scratch {
 public:
  char* data() noexcept { return heap_.empty() ? inline_ : heap_.data(); }
  std::size_t size() const noexcept { return size_; }
  void resize(std::size_t n) {
    if (n > sizeof inline_ && heap_.size() < n) heap_.resize(n);
    size_ = n;
  }
  std::string_view view() noexcept { return {data(), size_}; }

 private:
  char inline_[512];
  std::string heap_;
  std::size_t size_ = 0;
};

}  // namespace

std::string detail::absolute(std::string_view p) {
  std::string out;
  absolute_into(p, out);
  return out;
}

std::string abspath(const PathLike& path) { return detail::absolute(path.fspath()); }

namespace {

// Walks the components of an absolute, normalised path ("/a/b", "//a", "/").
class Components {
 public:
  explicit Components(std::string_view p) : rest_(p) {
    while (!rest_.empty() && rest_.front() == '/') rest_.remove_prefix(1);
  }
  bool done() const noexcept { return rest_.empty(); }
  std::string_view peek() const noexcept { return rest_.substr(0, rest_.find('/')); }
  void next() noexcept {
    const std::size_t slash = rest_.find('/');
    rest_.remove_prefix(slash == std::string_view::npos ? rest_.size() : slash + 1);
  }
  std::string_view rest() const noexcept { return rest_; }

 private:
  std::string_view rest_;
};

std::string relative(std::string_view path, std::string_view start) {
  if (path.empty()) throw ValueError("no path specified");
  Scratch abs_start, abs_path;
  absolute_into(start, abs_start);
  absolute_into(path, abs_path);
  Components s(abs_start.view()), p(abs_path.view());
  while (!s.done() && !p.done() && s.peek() == p.peek()) {
    s.next();
    p.next();
  }
  std::string out;
  for (; !s.done(); s.next()) out.append(out.empty() ? ".." : "/..");
  if (!p.done()) {
    if (!out.empty()) out.push_back('/');
    out.append(p.rest());
  }
  if (out.empty()) out.push_back('.');
  return out;
}

}  // namespace

std::string relpath(const PathLike& path) { return relative(path.fspath(), curdir); }
std::string relpath(const PathLike& path, const PathLike& start) {
  return relative(path.fspath(), start.fspath());
}

// ---- expanduser / expandvars ------------------------------------------------------------

std::string expanduser(const PathLike& path) {
  const std::string_view p = path.fspath();
  if (p.empty() || p.front() != '~') return std::string(p);
  std::size_t i = p.find('/', 1);
  if (i == std::string_view::npos) i = p.size();
  std::string home;
  if (i == 1) {
    if (auto value = os::environ.get("HOME")) {
      home = *std::move(value);
    } else {
      // pwd.getpwuid(os.getuid()).pw_dir; any failure is Python's KeyError: unchanged.
      auto entry = _sys::getpwuid_home();
      if (!entry || !*entry) return std::string(p);
      home = **std::move(entry);
    }
  } else {
    const std::string name(p.substr(1, i - 1));
    if (name.find('\0') != std::string::npos) throw ValueError("embedded null byte");
    auto entry = _sys::getpwnam_home(name.c_str());
    if (!entry || !*entry) return std::string(p);
    home = **std::move(entry);
  }
  const std::size_t last = home.find_last_not_of('/');
  home.resize(last == std::string::npos ? 0 : last + 1);
  home.append(p.substr(i));
  if (home.empty()) home.push_back('/');
  return home;
}

namespace {

// Python's re `\w` with re.ASCII.
bool is_word(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string expandvars(const PathLike& path) {
  const std::string_view p = path.fspath();
  std::size_t dollar = p.find('$');
  if (dollar == std::string_view::npos) return std::string(p);
  // The match of \$(\w+|\{[^}]*\}) at each '$' in turn; the text between matches is copied,
  // a known name is replaced by its value, an unknown one is left as written. A value is
  // never scanned again.
  std::string out;
  out.reserve(p.size());
  std::size_t copied = 0;
  while (dollar != std::string_view::npos) {
    std::size_t end = dollar + 1;
    std::string_view name;
    if (end < p.size() && is_word(p[end])) {
      while (end < p.size() && is_word(p[end])) ++end;
      name = p.substr(dollar + 1, end - dollar - 1);
    } else if (end < p.size() && p[end] == '{') {
      const std::size_t close = p.find('}', end + 1);
      if (close == std::string_view::npos) {  // no match at this '$': try the next one
        dollar = p.find('$', dollar + 1);
        continue;
      }
      name = p.substr(end + 1, close - end - 1);
      end = close + 1;
    } else {
      dollar = p.find('$', dollar + 1);
      continue;
    }
    if (auto value = os::environ.get(name)) {
      out.append(p.substr(copied, dollar - copied));
      out.append(*value);
      copied = end;
    }
    dollar = p.find('$', end);
  }
  out.append(p.substr(copied));
  return out;
}

}  // namespace pyos::os::path
