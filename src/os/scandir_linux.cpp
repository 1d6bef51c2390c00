#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "_sys/dir_linux.hpp"
#include "_sys/fd.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/scandir.hpp"
#include "src_os_internal.hpp"

namespace pyos::os {

DirEntry::DirEntry(std::string name, std::shared_ptr<const std::string> prefix, std::uint64_t ino,
                   unsigned char d_type, int dir_fd)
    : name_(std::move(name)), prefix_(std::move(prefix)), ino_(ino), d_type_(d_type), dir_fd_(dir_fd) {}

void DirEntry::reuse_for(std::string_view name, std::uint64_t ino, unsigned char d_type) {
  name_.assign(name);
  path_.clear();
  ino_ = ino;
  d_type_ = d_type;
  stat_.reset();
  lstat_.reset();
}

const std::string& DirEntry::path() const {
  if (!prefix_) return name_;
  if (path_.empty()) path_ = *prefix_ + name_;
  return path_;
}

const stat_result& DirEntry::fetch(bool follow_symlinks) const {
  auto& slot = follow_symlinks ? stat_ : lstat_;
  if (!slot) {
    const int flags = follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
    // scandir(fd) entries are looked up relative to that fd; others by their path.
    auto st = dir_fd_ >= 0 ? _sys::fstatat(dir_fd_, name_.c_str(), flags)
                           : _sys::fstatat(AT_FDCWD, path().c_str(), flags);
    slot = detail::from_stat(std::move(st).or_raise(path()));
  }
  return *slot;
}

const stat_result& DirEntry::stat(bool follow_symlinks) const {
  if (!follow_symlinks) return fetch(false);
  if (!stat_) {
    // Not a symlink: the lstat result is the stat result too (and is cached as both).
    if (is_symlink()) return fetch(true);
    stat_ = fetch(false);
  }
  return *stat_;
}

bool DirEntry::test_mode(bool follow_symlinks, unsigned mode_bits) const {
  const bool link = d_type_ == DT_LNK;
  if (d_type_ != DT_UNKNOWN && !(follow_symlinks && link)) {
    return mode_bits == S_IFDIR ? d_type_ == DT_DIR : mode_bits == S_IFREG ? d_type_ == DT_REG : link;
  }
  try {
    return (stat(follow_symlinks).st_mode & S_IFMT) == mode_bits;
  } catch (const FileNotFoundError&) {
    return false;  // the entry vanished since it was listed
  }
}

bool DirEntry::is_dir(bool follow_symlinks) const { return test_mode(follow_symlinks, S_IFDIR); }
bool DirEntry::is_file(bool follow_symlinks) const { return test_mode(follow_symlinks, S_IFREG); }
bool DirEntry::is_symlink() const {
  if (d_type_ != DT_UNKNOWN) return d_type_ == DT_LNK;
  return test_mode(false, S_IFLNK);
}

struct ScandirIterator::State {
  std::optional<_sys::DirStream> dir;
  std::shared_ptr<const std::string> prefix;  // os.path.join(path, "") — null for scandir(fd)
  int user_fd = -1;                           // scandir(fd): entries stat relative to this fd
  Filename error_name;                        // the filename of read errors

  State(_sys::DirStream stream, const std::string& path, int fd, Filename name)
      : dir(std::move(stream)), user_fd(fd), error_name(std::move(name)) {
    if (fd < 0) {
      std::string p = path;
      if (!p.empty() && p.back() != '/') p.push_back('/');
      prefix = std::make_shared<const std::string>(std::move(p));
    }
  }
};

ScandirIterator::ScandirIterator(std::unique_ptr<State> state) : state_(std::move(state)) {}
ScandirIterator::ScandirIterator(ScandirIterator&&) noexcept = default;
ScandirIterator& ScandirIterator::operator=(ScandirIterator&&) noexcept = default;
ScandirIterator::~ScandirIterator() = default;

void ScandirIterator::close() noexcept {
  if (!state_ || !state_->dir) return;
  // scandir(fd) shares the offset with the caller's fd: rewind it, as CPython does.
  if (state_->user_fd >= 0) (void)_sys::lseek(state_->dir->fd(), 0, SEEK_SET);
  state_->dir.reset();
}

bool ScandirIterator::read_next(std::string_view& name, std::uint64_t& ino, unsigned char& type) {
  if (!state_ || !state_->dir) return false;
  for (;;) {
    auto got = state_->dir->next();
    if (!got) {
      const int err = got.error().code;
      close();
      raise_from_errno(err, state_->error_name);
    }
    const auto* e = *got;
    if (e == nullptr) {
      close();  // exhausted: release the descriptor, as CPython does
      return false;
    }
    if (e->name == "." || e->name == "..") continue;
    name = e->name;
    ino = e->ino;
    type = e->type;
    return true;
  }
}

std::optional<DirEntry> ScandirIterator::next() {
  std::optional<DirEntry> entry;
  advance(entry);
  return entry;
}

void ScandirIterator::advance(std::optional<DirEntry>& slot) {
  std::string_view name;
  std::uint64_t ino = 0;
  unsigned char type = DT_UNKNOWN;
  if (!read_next(name, ino, type)) {
    slot.reset();
  } else if (slot) {
    slot->reuse_for(name, ino, type);  // the same scandir: same prefix and fd
  } else {
    slot.emplace(std::string(name), state_->prefix, ino, type, state_->user_fd);
  }
}

ScandirIterator::iterator ScandirIterator::begin() {
  iterator it(this);
  advance(it.current_);
  return it;
}

ScandirIterator::iterator& ScandirIterator::iterator::operator++() {
  owner_->advance(current_);
  return *this;
}

ScandirIterator scandir(const PathLike& path) {
  const char* p = path.c_str("scandir");
  _sys::UniqueFd fd(_sys::open(p, O_RDONLY | O_DIRECTORY).or_raise(path.fspath()));
  return ScandirIterator(std::make_unique<ScandirIterator::State>(
      _sys::DirStream(std::move(fd)), std::string(path.fspath()), -1, Filename(path.fspath())));
}

ScandirIterator scandir(int fd) {
  // As CPython: read through a duplicate from the start; the entries stat relative to `fd`.
  _sys::UniqueFd dup(_sys::dup(fd).or_raise());
  (void)_sys::lseek(dup.get(), 0, SEEK_SET);
  return ScandirIterator(std::make_unique<ScandirIterator::State>(
      _sys::DirStream(std::move(dup)), std::string(), fd, Filename::fd(fd)));
}

}  // namespace pyos::os
