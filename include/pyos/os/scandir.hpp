// File: pyos/os/scandir.hpp
//
// os.scandir and os.DirEntry.
//
//     for (const auto& entry : pyos::os::scandir("src")) {
//       if (entry.is_file()) total += entry.stat().st_size;
//     }
//
// The entries come straight from getdents64 in directory order, '.' and '..' left out.
// DirEntry caches what Python's caches: the d_type of the entry (so is_dir/is_file/
// is_symlink usually cost no system call) and each stat result once fetched.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pyos/os/stat.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::os {

// os.DirEntry
class DirEntry {
 public:
  // entry.name / entry.path (path = os.path.join(scandir_path, name); for scandir(fd), name)
  const std::string& name() const noexcept { return name_; }
  const std::string& path() const;
  // os.fspath(entry)
  std::string_view fspath() const { return path(); }
  // entry.inode()
  std::uint64_t inode() const noexcept { return ino_; }

  // entry.is_dir(*, follow_symlinks=True) / is_file(...): false when the entry has vanished
  // (FileNotFoundError); other errors raise, as Python.
  bool is_dir(bool follow_symlinks = true) const;
  bool is_file(bool follow_symlinks = true) const;
  // entry.is_symlink()
  bool is_symlink() const;
  // entry.is_junction(): always false on Linux.
  bool is_junction() const noexcept { return false; }
  // entry.stat(*, follow_symlinks=True), cached per follow_symlinks value.
  const stat_result& stat(bool follow_symlinks = true) const;

  // Built by scandir.
  // `prefix` is the scandir path with its separator ("dir/"), shared by every entry of one
  // scandir; null for scandir(fd), whose entries' path is their name.
  DirEntry(std::string name, std::shared_ptr<const std::string> prefix, std::uint64_t ino, unsigned char d_type,
           int dir_fd);

 private:
  friend class ScandirIterator;
  // Makes this entry the next one of the same scandir, keeping its buffers.
  void reuse_for(std::string_view name, std::uint64_t ino, unsigned char d_type);
  bool test_mode(bool follow_symlinks, unsigned mode_bits) const;
  const stat_result& fetch(bool follow_symlinks) const;

  std::string name_;
  std::shared_ptr<const std::string> prefix_;
  mutable std::string path_;  // prefix + name, built on first use (most loops never ask)
  std::uint64_t ino_;
  unsigned char d_type_;
  int dir_fd_;  // the fd given to scandir(fd), or -1 (AT_FDCWD semantics via path_)
  mutable std::optional<stat_result> stat_, lstat_;
};

// The iterator object os.scandir returns: an input range of DirEntry and, as in Python, a
// resource that close() (or the end of the iteration, or destruction) releases.
class ScandirIterator {
 public:
  class iterator {
   public:
    using value_type = DirEntry;
    using difference_type = std::ptrdiff_t;
    const DirEntry& operator*() const { return *current_; }
    const DirEntry* operator->() const { return &*current_; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return !it.current_; }

   private:
    friend class ScandirIterator;
    explicit iterator(ScandirIterator* owner) : owner_(owner) {}
    ScandirIterator* owner_;
    std::optional<DirEntry> current_;
  };

  ScandirIterator(ScandirIterator&&) noexcept;
  ScandirIterator& operator=(ScandirIterator&&) noexcept;
  ~ScandirIterator();

  // Starts the iteration (raises OSError if reading fails). Call once.
  iterator begin();
  std::default_sentinel_t end() const noexcept { return {}; }
  // The next entry, or empty at the end (Python's next(it)); raises OSError on a read error.
  std::optional<DirEntry> next();
  // it.close(): releases the directory descriptor; further iteration yields nothing.
  void close() noexcept;

 private:
  // next() into `slot`, reusing the entry it holds: what the range-for loop uses.
  void advance(std::optional<DirEntry>& slot);
  // The next entry as (name, inode, d_type), or false at the end.
  bool read_next(std::string_view& name, std::uint64_t& ino, unsigned char& type);
  friend ScandirIterator scandir(const PathLike& path);
  friend ScandirIterator scandir(int fd);
  struct State;
  explicit ScandirIterator(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// os.scandir(path='.') / os.scandir(fd)
ScandirIterator scandir(const PathLike& path = ".");
ScandirIterator scandir(int fd);

}  // namespace pyos::os
