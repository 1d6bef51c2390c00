// File: pyos/os/walk.hpp
//
// os.walk and os.fwalk: lazy ranges over a directory tree, iterative (any depth), with
// Python's semantics: top-down order lets the loop body prune by editing dirnames, bottom-up
// yields a directory after its subdirectories, onerror sees the OSError of an unreadable
// directory, symlinks to directories are listed in dirnames but entered only with
// followlinks/follow_symlinks.
//
//     for (auto& [dirpath, dirnames, filenames] : pyos::os::walk("src")) {
//       std::erase(dirnames, ".git");   // prune, as `dirnames.remove('.git')`
//     }
#pragma once

#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/exceptions.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::os {

// One step of os.walk: (dirpath, dirnames, filenames).
struct walk_entry {
  std::string dirpath;
  std::vector<std::string> dirnames;
  std::vector<std::string> filenames;
};

// os.walk(top, topdown=True, onerror=None, followlinks=False)
struct WalkOptions {
  bool topdown = true;
  std::function<void(const OSError&)> onerror;  // may throw to stop the walk
  bool followlinks = false;
};

// The input iterator of Walk and Fwalk: the range object owns the state and the current
// step; ++ computes the next step (and may throw, as Python's next() may raise).
template <class Owner, class Entry>
class WalkIterator {
 public:
  using value_type = Entry;
  using difference_type = std::ptrdiff_t;
  // A mutable reference: in top-down mode, changes to dirnames prune the walk.
  Entry& operator*() const { return owner_->current(); }
  Entry* operator->() const { return &owner_->current(); }
  WalkIterator& operator++() {
    owner_->advance();
    return *this;
  }
  void operator++(int) { ++*this; }
  friend bool operator==(const WalkIterator& it, std::default_sentinel_t) { return it.owner_->done(); }

 private:
  friend Owner;
  explicit WalkIterator(Owner* owner) : owner_(owner) {}
  Owner* owner_;
};

class Walk {
 public:
  using iterator = WalkIterator<Walk, walk_entry>;

  Walk(std::string top, WalkOptions options);
  Walk(Walk&&) noexcept;
  Walk& operator=(Walk&&) noexcept;
  ~Walk();

  iterator begin();
  std::default_sentinel_t end() const noexcept { return {}; }
  // True once the walk has nothing more to yield.
  bool done() const noexcept { return !current_; }

 private:
  friend iterator;
  walk_entry& current() { return *current_; }
  void advance();
  void put_name(std::vector<std::string>& list, std::size_t n, std::string_view name);
  void trim_names(std::vector<std::string>& list, std::size_t n);
  void recycle(walk_entry& step);
  bool vouched(std::string_view name, std::size_t& next_real);
  struct Frame;
  WalkOptions options_;
  std::vector<Frame> stack_;
  std::optional<walk_entry> current_;
  // The current step's DT_DIR names back to back, in scan order, and where each one ends;
  // sorted views of them are built only when the caller has reordered dirnames.
  std::string real_names_;
  std::vector<std::size_t> real_ends_;
  std::vector<std::string_view> real_sorted_;
  // What consumed steps leave behind, refilled by the next ones: their lists of names (each
  // string's buffer takes a new name) and strings left over from shorter refills.
  std::vector<std::string> spare_names_;
  std::vector<std::string> spare_dirnames_, spare_filenames_;
  std::shared_ptr<void> current_fd_;  // the current step's directory, for its children
  bool current_is_topdown_ = false;
  bool started_ = false;
};

Walk walk(const PathLike& top, WalkOptions options = {});

// One step of os.fwalk: (dirpath, dirnames, filenames, dirfd). dirfd is valid until the
// next step (dup() it to keep it).
struct fwalk_entry {
  std::string dirpath;
  std::vector<std::string> dirnames;
  std::vector<std::string> filenames;
  int dirfd;
};

// os.fwalk(top='.', topdown=True, onerror=None, *, follow_symlinks=False, dir_fd=None)
struct FwalkOptions {
  bool topdown = true;
  std::function<void(const OSError&)> onerror;
  bool follow_symlinks = false;
  std::optional<int> dir_fd;
};

// Every descriptor fwalk opens is closed by the time the range is destroyed, also when the
// iteration is abandoned part-way or an exception leaves the loop.
class Fwalk {
 public:
  using iterator = WalkIterator<Fwalk, fwalk_entry>;

  Fwalk(std::string top, FwalkOptions options);
  Fwalk(Fwalk&&) noexcept;
  Fwalk& operator=(Fwalk&&) noexcept;
  ~Fwalk();

  iterator begin();
  std::default_sentinel_t end() const noexcept { return {}; }
  // True once the walk has nothing more to yield.
  bool done() const noexcept { return !current_; }

 private:
  friend iterator;
  fwalk_entry& current() { return *current_; }
  void advance();
  struct Action;
  FwalkOptions options_;
  std::vector<Action> stack_;
  std::optional<fwalk_entry> current_;
  bool current_is_topdown_ = false;
  bool started_ = false;
};

Fwalk fwalk(const PathLike& top = ".", FwalkOptions options = {});

}  // namespace pyos::os
