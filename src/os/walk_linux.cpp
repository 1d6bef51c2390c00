// os.walk and os.fwalk, following the algorithm of CPython 3.13's Lib/os.py step by step
// (the order of the stack, what is caught and what propagates), on top of the raw
// getdents64 stream instead of DirEntry objects.
//
// Two documented differences, both visible only when the tree changes during the walk:
// * where Python stats an entry through its joined path (dirpath/name), pyos stats it
//   relative to the directory descriptor it is reading (fstatat(dirfd, name)): the same file
//   unless the directory is renamed meanwhile, and one path walk less;
// * top-down, Python checks os.path.islink() on every name left in dirnames before
//   descending (bpo-23605: the caller may have edited dirnames). pyos does that check for
//   every name it cannot vouch for — names the caller added, symlinks, entries of unknown
//   type — but not for names the scan saw as real directories (d_type DT_DIR): those could
//   only have become symlinks if something replaced them on disk since the scan, and
//   Python's own check is no guard against that either (it is itself a race with the scandir
//   that follows). On /usr this saves one lstat per directory.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "_sys/dir_linux.hpp"
#include "_sys/fd.hpp"
#include "pyos/os/walk.hpp"

namespace pyos::os {
namespace {

// Python's os.path.join(a, b) for one relative component.
std::string join(const std::string& a, std::string_view b) {
  std::string p = a;
  if (!p.empty() && p.back() != '/') p.push_back('/');
  p.append(b);
  return p;
}

// The OSError subclass for a failed call, as an exception object for onerror.
[[noreturn]] void raise_error(int code, std::string_view filename) { raise_from_errno(code, filename); }

template <class Fn>
void report(const std::function<void(const OSError&)>& onerror, Fn&& failing) {
  try {
    failing();
  } catch (const OSError& e) {
    if (onerror) onerror(e);
  }
}

// entry.is_dir() as walk uses it: any error counts as "not a directory".
bool entry_is_dir(int dirfd, const _sys::DirStream::Entry& e) {
  if (e.type == DT_DIR) return true;
  if (e.type != DT_UNKNOWN && e.type != DT_LNK) return false;
  const std::string name(e.name);
  auto st = _sys::fstatat(dirfd, name.c_str(), 0);
  return st && S_ISDIR(st->st_mode);
}

// entry.is_symlink() as walk uses it: any error counts as "not a symlink".
bool entry_is_symlink(int dirfd, const _sys::DirStream::Entry& e) {
  if (e.type != DT_UNKNOWN) return e.type == DT_LNK;
  const std::string name(e.name);
  auto st = _sys::fstatat(dirfd, name.c_str(), AT_SYMLINK_NOFOLLOW);
  return st && S_ISLNK(st->st_mode);
}

bool islink(const std::string& path) {
  auto st = _sys::fstatat(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW);
  return st && S_ISLNK(st->st_mode);
}

}  // namespace

// ---- walk --------------------------------------------------------------------------------

namespace {
constexpr std::size_t kPathMax = 4096;  // PATH_MAX, including the terminating NUL
}  // namespace

struct Walk::Frame {
  std::string path;                  // a directory to scan, or
  std::optional<walk_entry> result;  // a bottom-up result to yield
  // For a directory under an absolute top: its parent's descriptor and its name there, so
  // that it opens with openat(parent, name) instead of walking the whole path again.
  std::shared_ptr<_sys::UniqueFd> parent;
  std::string name;

  _core::Result<int> open() const;
};

Walk::Walk(std::string top, WalkOptions options) : options_(std::move(options)) {
  stack_.push_back({std::move(top), std::nullopt, nullptr, {}});
}
Walk::Walk(Walk&&) noexcept = default;
Walk& Walk::operator=(Walk&&) noexcept = default;
Walk::~Walk() = default;

// Opens a directory to scan. Python opens dirpath by name; under an absolute top, pyos
// opens the same directory relative to its parent's descriptor (one path component to
// resolve instead of all of them). A path Python could not open because it is too long is
// refused the same way, so deep trees end where Python's walk ends.
_core::Result<int> Walk::Frame::open() const {
  if (parent && parent->valid()) {
    if (path.size() + 1 > kPathMax) return _core::SysError{ENAMETOOLONG, "open"};
    return _sys::openat(parent->get(), name.c_str(), O_RDONLY | O_DIRECTORY);
  }
  return _sys::open(path.c_str(), O_RDONLY | O_DIRECTORY);
}

Walk walk(const PathLike& top, WalkOptions options) { return Walk(std::string(top.fspath()), std::move(options)); }

Walk::iterator Walk::begin() {
  if (!started_) {
    started_ = true;
    advance();
  }
  return iterator(this);
}

void Walk::advance() {
  if (current_ && current_is_topdown_) {
    // Resuming after a top-down yield: descend into what is left of dirnames.
    const walk_entry& done = *current_;
    for (auto it = done.dirnames.rbegin(); it != done.dirnames.rend(); ++it) {
      std::string new_path = join(done.dirpath, *it);
      const bool vouched = std::binary_search(real_dirs_.begin(), real_dirs_.end(), *it);
      if (options_.followlinks || vouched || !islink(new_path)) {
        stack_.push_back({std::move(new_path), std::nullopt, std::static_pointer_cast<_sys::UniqueFd>(current_fd_), *it});
      }
    }
  }
  real_dirs_.clear();
  current_fd_.reset();
  current_.reset();
  current_is_topdown_ = false;

  while (!stack_.empty()) {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.result) {
      current_ = std::move(frame.result);
      return;
    }
    const std::string& top = frame.path;

    // scandir(top): a NUL is a ValueError (not an OSError, so onerror never sees it).
    if (top.find('\0') != std::string::npos) throw ValueError("scandir: embedded null character in path");
    auto fd = frame.open();
    if (!fd) {
      report(options_.onerror, [&] { raise_error(fd.error().code, top); });
      continue;
    }
    std::optional<_sys::DirStream> dir(std::in_place, _sys::UniqueFd(*fd));

    real_dirs_.clear();
    walk_entry result{top, {}, {}};
    std::vector<std::string> walk_dirs;
    bool failed = false;
    for (;;) {
      auto next = dir->next();
      if (!next) {
        report(options_.onerror, [&] { raise_error(next.error().code, top); });
        failed = true;
        break;
      }
      const auto* e = *next;
      if (e == nullptr) break;
      if (e->name == "." || e->name == "..") continue;
      const bool is_dir = entry_is_dir(dir->fd(), *e);
      (is_dir ? result.dirnames : result.filenames).emplace_back(e->name);
      if (options_.topdown && e->type == DT_DIR) real_dirs_.emplace_back(e->name);
      if (!options_.topdown && is_dir && (options_.followlinks || !entry_is_symlink(dir->fd(), *e))) {
        walk_dirs.push_back(join(top, e->name));
      }
    }
    // Kept open for the children's openat() when the top is absolute (see open_dir).
    std::shared_ptr<_sys::UniqueFd> self;
    if (!failed && !top.empty() && top.front() == '/') self = std::make_shared<_sys::UniqueFd>(dir->release());
    dir.reset();
    if (failed) continue;

    if (options_.topdown) {
      std::sort(real_dirs_.begin(), real_dirs_.end());
      current_fd_ = std::move(self);
      current_ = std::move(result);
      current_is_topdown_ = true;
      return;
    }
    stack_.push_back({std::string(), std::move(result), nullptr, {}});
    for (auto it = walk_dirs.rbegin(); it != walk_dirs.rend(); ++it) {
      std::string name = it->substr(it->rfind('/') + 1);
      stack_.push_back({std::move(*it), std::nullopt, self, std::move(name)});
    }
  }
}

// ---- fwalk -------------------------------------------------------------------------------

struct Fwalk::Action {
  enum class Kind { walk, yield, close } kind;
  // walk: (isroot, dirfd, toppath, topname)
  bool isroot = false;
  int dirfd = AT_FDCWD;
  std::string toppath, topname;
  // yield
  std::optional<fwalk_entry> result;
  // close
  int fd = -1;
};

Fwalk::Fwalk(std::string top, FwalkOptions options) : options_(std::move(options)) {
  Action root{Action::Kind::walk};
  root.isroot = true;
  root.dirfd = options_.dir_fd.value_or(AT_FDCWD);
  root.toppath = top;
  root.topname = std::move(top);
  stack_.push_back(std::move(root));
}
Fwalk::Fwalk(Fwalk&&) noexcept = default;
Fwalk& Fwalk::operator=(Fwalk&&) noexcept = default;

Fwalk::~Fwalk() {
  // Python's `finally`: close every descriptor still on the stack.
  for (const Action& a : stack_) {
    if (a.kind == Action::Kind::close) (void)_sys::close(a.fd);
  }
}

Fwalk fwalk(const PathLike& top, FwalkOptions options) { return Fwalk(std::string(top.fspath()), std::move(options)); }

Fwalk::iterator Fwalk::begin() {
  if (!started_) {
    started_ = true;
    advance();
  }
  return iterator(this);
}

namespace {
bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }
}  // namespace

void Fwalk::advance() {
  if (current_ && current_is_topdown_) {
    // Resuming after a top-down yield: descend into what is left of dirnames.
    const fwalk_entry& done = *current_;
    const std::string prefix = join(done.dirpath, "");
    for (auto it = done.dirnames.rbegin(); it != done.dirnames.rend(); ++it) {
      Action child{Action::Kind::walk};
      child.dirfd = done.dirfd;
      child.toppath = prefix + *it;
      child.topname = *it;
      stack_.push_back(std::move(child));
    }
  }
  current_.reset();
  current_is_topdown_ = false;

  while (!stack_.empty()) {
    Action action = std::move(stack_.back());
    stack_.pop_back();
    if (action.kind == Action::Kind::close) {
      (void)_sys::close(action.fd);
      continue;
    }
    if (action.kind == Action::Kind::yield) {
      current_ = std::move(action.result);
      return;
    }

    // walk
    struct stat orig_st {};
    int topfd = -1;
    try {
      const PathLike name(action.topname);
      if (!options_.follow_symlinks) {
        orig_st = _sys::fstatat(action.dirfd, name.c_str("stat"), AT_SYMLINK_NOFOLLOW).or_raise(action.topname);
      }
      topfd = _sys::openat(action.dirfd, name.c_str("open"), O_RDONLY | O_NONBLOCK).or_raise(action.topname);
    } catch (const OSError& err) {
      if (action.isroot) throw;
      if (options_.onerror) options_.onerror(err);
      continue;
    }
    stack_.push_back({Action::Kind::close, false, AT_FDCWD, {}, {}, std::nullopt, topfd});
    if (!options_.follow_symlinks) {
      if (action.isroot && !S_ISDIR(orig_st.st_mode)) continue;
      const struct stat now = _sys::fstat(topfd).or_raise(Filename::fd(topfd));
      if (!same_file(orig_st, now)) continue;
    }

    // scandir(topfd): read through a duplicate, as CPython does.
    _sys::DirStream dir(_sys::UniqueFd(_sys::dup(topfd).or_raise()));
    (void)_sys::lseek(dir.fd(), 0, SEEK_SET);
    fwalk_entry result{action.toppath, {}, {}, topfd};
    for (;;) {
      const auto* e = dir.next().or_raise(Filename::fd(topfd));
      if (e == nullptr) break;
      if (e->name == "." || e->name == "..") continue;
      // Python: is_dir() raising (other than ENOENT) puts a symlink among the files and
      // drops anything else.
      const std::string name(e->name);
      bool is_dir = false, keep = true;
      if (e->type == DT_DIR) {
        is_dir = true;
      } else if (e->type == DT_UNKNOWN || e->type == DT_LNK) {
        auto st = _sys::fstatat(topfd, name.c_str(), 0);
        if (st) {
          is_dir = S_ISDIR(st->st_mode);
        } else if (st.error().code != ENOENT) {
          keep = entry_is_symlink(topfd, *e);
        }
      }
      if (!keep) continue;
      (is_dir ? result.dirnames : result.filenames).push_back(name);
    }

    if (options_.topdown) {
      current_ = std::move(result);
      current_is_topdown_ = true;
      return;
    }
    const std::string prefix = join(result.dirpath, "");
    std::vector<std::string> dirs = result.dirnames;
    stack_.push_back({Action::Kind::yield, false, AT_FDCWD, {}, {}, std::move(result), -1});
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
      Action child{Action::Kind::walk};
      child.dirfd = topfd;
      child.toppath = prefix + *it;
      child.topname = *it;
      stack_.push_back(std::move(child));
    }
  }
}

}  // namespace pyos::os
