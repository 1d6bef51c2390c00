// os.path.realpath on POSIX: posixpath's algorithm (CPython 3.13 with the strict-mode
// NotADirectoryError fix of gh-118289, and 3.14/3.15's ALLOW_MISSING / ALL_BUT_LAST).
//
// Components are resolved one at a time from the left with lstat on the path so far, as
// Python does, so that errors (and the filename they carry) are Python's: a symbolic link's
// target is pushed back onto the stack of parts still to resolve, and `seen` maps each link
// to its resolved value (nullopt while it is being resolved: meeting it again is a loop).
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "_sys/fd.hpp"
#include "_sys/path_posix.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/path.hpp"

namespace pyos::os::path {

namespace {

using Mode = RealpathStrict::Mode;

// One entry of the stack of parts still to resolve: a path component, or the mark that the
// link `text` has been fully resolved (the value of `path` when it is popped).
struct Pending {
  std::string text;
  bool resolved_link = false;
};

// Pushes the parts of text.split("/") so that the first part is popped first; returns how
// many.
std::size_t push_parts(std::vector<Pending>& rest, std::string_view text) {
  const std::size_t before = rest.size();
  std::size_t end = text.size();
  for (;;) {
    const std::size_t slash = end == 0 ? std::string_view::npos : text.rfind('/', end - 1);
    if (slash == std::string_view::npos) {
      rest.push_back({std::string(text.substr(0, end)), false});
      return rest.size() - before;
    }
    rest.push_back({std::string(text.substr(slash + 1, end - slash - 1)), false});
    end = slash;
  }
}

// Whether this mode lets resolution go on after `err` (Python's `except ignored_error`).
bool ignored(Mode mode, int err) noexcept {
  switch (mode) {
    case Mode::non_strict: return true;
    case Mode::strict: return false;
    case Mode::all_but_last:
    case Mode::allow_missing: return err == ENOENT;  // FileNotFoundError
  }
  return false;
}

}  // namespace

std::string realpath(const PathLike& filename, const RealpathOptions& options) {
  const std::string_view name_in = filename.fspath();
  const Mode mode = options.strict.mode();
  const bool strict = static_cast<bool>(options.strict);

  std::string_view trimmed = name_in;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
  const bool trailing_sep = trimmed.size() != name_in.size();

  std::vector<Pending> rest;
  std::size_t part_count = push_parts(rest, trimmed);

  // The resolved path, absolute throughout (getcwd() is normalised and free of links).
  std::string path = !name_in.empty() && name_in.front() == '/' ? std::string("/")
                                                                 : _sys::getcwd().or_raise();
  std::unordered_map<std::string, std::optional<std::string>> seen;

  while (part_count != 0) {
    Pending item = std::move(rest.back());
    rest.pop_back();
    if (item.resolved_link) {
      seen[item.text] = path;
      continue;
    }
    --part_count;
    const std::string& name = item.text;
    if (name.empty() || name == ".") continue;
    if (name == "..") {
      const std::size_t slash = path.rfind('/');
      path.resize(slash == 0 ? 1 : slash);
      continue;
    }
    if (name.find('\0') != std::string::npos) {
      throw ValueError("lstat: embedded null character in path");
    }
    std::string newpath = path;
    if (newpath.size() != 1) newpath.push_back('/');
    newpath.append(name);

    int err = 0;
    std::string target;
    auto st = _sys::fstatat(AT_FDCWD, newpath.c_str(), AT_SYMLINK_NOFOLLOW);
    if (!st) {
      err = st.error().code;
    } else if (!S_ISLNK(st->st_mode)) {
      if (strict && (part_count != 0 || trailing_sep) && !S_ISDIR(st->st_mode)) {
        err = ENOTDIR;
      } else {
        path = std::move(newpath);
        continue;
      }
    } else if (auto it = seen.find(newpath); it != seen.end()) {
      if (it->second) {  // already resolved: use it
        path = *it->second;
        continue;
      }
      // Still being resolved: a symlink loop.
      if (strict) raise_from_errno(ELOOP, newpath);
      path = std::move(newpath);
      continue;
    } else if (auto link = _sys::readlinkat(AT_FDCWD, newpath.c_str())) {
      target = *std::move(link);
    } else {
      err = link.error().code;
    }

    if (err != 0) {
      if (!ignored(mode, err) || (mode == Mode::all_but_last && part_count != 0)) {
        raise_from_errno(err, newpath);
      }
      path = std::move(newpath);
      continue;
    }

    // Resolve the link: its target's parts come next, then the mark that records the result.
    if (!target.empty() && target.front() == '/') path.resize(1);  // "/": path is absolute
    seen[newpath] = std::nullopt;
    rest.push_back({std::move(newpath), true});
    part_count += push_parts(rest, target);
  }
  return path;
}

}  // namespace pyos::os::path
