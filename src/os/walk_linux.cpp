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
  std::string p;
  p.reserve(a.size() + 1 + b.size());
  p.append(a);
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

// Puts `name` at index `n` of a list being refilled: in the string already there when there
// is one (its buffer is reused), else in a recycled string. A name too long for a string's
// buffer gets one of at least kNameRoom bytes, so that the buffer can take most later names.
void Walk::put_name(std::vector<std::string>& list, std::size_t n, std::string_view name) {
  constexpr std::size_t kNameRoom = 48;
  std::string* s;
  if (n < list.size()) {
    s = &list[n];
  } else if (spare_names_.empty()) {
    s = &list.emplace_back();
  } else {
    s = &list.emplace_back(std::move(spare_names_.back()));
    spare_names_.pop_back();
  }
  if (name.size() > s->capacity()) s->reserve(std::max(name.size(), kNameRoom));
  s->assign(name);
}

// Ends the refill of a list at `n` names; the strings past them keep their buffers for the
// next lists, up to a bound.
void Walk::trim_names(std::vector<std::string>& list, std::size_t n) {
  constexpr std::size_t kMaxSpare = 16384;
  for (std::size_t i = n; i < list.size() && spare_names_.size() < kMaxSpare; ++i) {
    if (list[i].capacity() > std::string().capacity()) spare_names_.push_back(std::move(list[i]));
  }
  list.resize(n);
}

// Keeps the lists of a consumed step, names included, to be refilled by the next step.
void Walk::recycle(walk_entry& step) {
  if (step.dirnames.size() >= spare_dirnames_.size()) spare_dirnames_.swap(step.dirnames);
  if (step.filenames.size() >= spare_filenames_.size()) spare_filenames_.swap(step.filenames);
}

// Whether `name` was a real directory (DT_DIR) in the scan. Names are asked in the reverse of
// dirnames' order, which unedited is the scan's: `next_real` follows them from the end, and
// only a name out of that order costs a search (of views sorted on first need).
bool Walk::vouched(std::string_view name, std::size_t& next_real) {
  const auto real = [&](std::size_t i) {
    const std::size_t begin = i == 0 ? 0 : real_ends_[i - 1];
    return std::string_view(real_names_).substr(begin, real_ends_[i] - begin);
  };
  if (next_real > 0 && real(next_real - 1) == name) {
    --next_real;
    return true;
  }
  if (real_sorted_.empty() && !real_ends_.empty()) {
    for (std::size_t i = 0; i < real_ends_.size(); ++i) real_sorted_.push_back(real(i));
    std::sort(real_sorted_.begin(), real_sorted_.end());
  }
  return std::binary_search(real_sorted_.begin(), real_sorted_.end(), name);
}

void Walk::advance() {
  if (current_ && current_is_topdown_) {
    // Resuming after a top-down yield: descend into what is left of dirnames.
    walk_entry& done = *current_;
    std::size_t next_real = real_ends_.size();
    for (auto it = done.dirnames.rbegin(); it != done.dirnames.rend(); ++it) {
      std::string new_path = join(done.dirpath, *it);
      const bool real = vouched(*it, next_real);
      if (options_.followlinks || real || !islink(new_path)) {
        stack_.push_back({std::move(new_path), std::nullopt, std::static_pointer_cast<_sys::UniqueFd>(current_fd_),
                          std::move(*it)});
      }
    }
  }
  if (current_) recycle(*current_);
  real_names_.clear();
  real_ends_.clear();
  real_sorted_.clear();
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
    // scandir(top): a NUL is a ValueError (not an OSError, so onerror never sees it).
    if (frame.path.find('\0') != std::string::npos) throw ValueError("scandir: embedded null character in path");
    auto fd = frame.open();
    if (!fd) {
      report(options_.onerror, [&] { raise_error(fd.error().code, frame.path); });
      continue;
    }
    std::optional<_sys::DirStream> dir(std::in_place, _sys::UniqueFd(*fd));

    real_names_.clear();
    real_ends_.clear();
    walk_entry result{std::move(frame.path), std::move(spare_dirnames_), std::move(spare_filenames_)};
    const std::string& top = result.dirpath;
    std::size_t ndirs = 0, nfiles = 0;  // how much of the recycled lists is refilled
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
      if (is_dir) {
        put_name(result.dirnames, ndirs++, e->name);
      } else {
        put_name(result.filenames, nfiles++, e->name);
      }
      if (options_.topdown && e->type == DT_DIR) {
        real_names_.append(e->name);
        real_ends_.push_back(real_names_.size());
      }
      if (!options_.topdown && is_dir && (options_.followlinks || !entry_is_symlink(dir->fd(), *e))) {
        walk_dirs.push_back(join(top, e->name));
      }
    }
    trim_names(result.dirnames, ndirs);
    trim_names(result.filenames, nfiles);
    // Kept open for the children's openat() when the top is absolute (see open_dir).
    std::shared_ptr<_sys::UniqueFd> self;
    if (!failed && !top.empty() && top.front() == '/') self = std::make_shared<_sys::UniqueFd>(dir->release());
    dir.reset();
    if (failed) continue;

    if (options_.topdown) {
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
