// File: pyos/os/path.hpp
//
// Python's os.path on POSIX (posixpath + genericpath), CPython 3.13 semantics with the
// 3.14/3.15 additions (realpath's ALL_BUT_LAST / ALLOW_MISSING).
//
//     namespace path = pyos::os::path;
//     std::string p = path::join(base, "lib", name);        // os.path.join(base, "lib", name)
//     auto [root, ext] = path::splitext(p);                 // os.path.splitext(p)
//     std::string r = path::realpath(p, {.strict = true});  // os.path.realpath(p, strict=True)
//
// A path is a std::string of bytes: UTF-8 text, or any bytes, which stand for themselves as
// in Python's surrogateescape (os.fsdecode). The functions take any PathLike (string-likes,
// std::filesystem::path, objects with fspath()) and return std::string. Python's rule "all
// arguments str, or all bytes" has no C++ counterpart: there is one string type, so the
// TypeErrors for mixing them cannot happen. See docs/os.path.md for the mapping of every
// Python signature and the few deviations.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pyos/os/stat.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::os::path {

// ---- constants (posixpath's module attributes) ----------------------------------------
inline constexpr std::string_view curdir = ".";
inline constexpr std::string_view pardir = "..";
inline constexpr std::string_view extsep = ".";
inline constexpr std::string_view sep = "/";
inline constexpr std::optional<std::string_view> altsep = std::nullopt;  // None on POSIX
inline constexpr std::string_view pathsep = ":";
inline constexpr std::string_view defpath = "/bin:/usr/bin";
inline constexpr std::string_view devnull = "/dev/null";
// os.path.supports_unicode_filenames: False on Linux (True only on macOS).
inline constexpr bool supports_unicode_filenames = false;

// ---- results: Python's tuples, fields named as the docs name them ----------------------

// split(p) -> (head, tail)
struct split_result {
  std::string head;
  std::string tail;
  friend bool operator==(const split_result&, const split_result&) = default;
};
// splitext(p) -> (root, ext)
struct splitext_result {
  std::string root;
  std::string ext;
  friend bool operator==(const splitext_result&, const splitext_result&) = default;
};
// splitdrive(p) -> (drive, tail); drive is always "" on POSIX.
struct splitdrive_result {
  std::string drive;
  std::string tail;
  friend bool operator==(const splitdrive_result&, const splitdrive_result&) = default;
};
// splitroot(p) -> (drive, root, tail)
struct splitroot_result {
  std::string drive;
  std::string root;
  std::string tail;
  friend bool operator==(const splitroot_result&, const splitroot_result&) = default;
};

// ---- realpath's strict= argument -------------------------------------------------------

// The value of realpath(strict=...): False, True, os.path.ALL_BUT_LAST or
// os.path.ALLOW_MISSING. Converts implicitly from bool, so `{.strict = true}` reads as Python.
class RealpathStrict {
 public:
  enum class Mode : std::uint8_t { non_strict, strict, all_but_last, allow_missing };
  constexpr RealpathStrict(bool strict = false) noexcept  // NOLINT: implicit, as strict=True
      : mode_(strict ? Mode::strict : Mode::non_strict) {}
  constexpr explicit RealpathStrict(Mode mode) noexcept : mode_(mode) {}
  constexpr Mode mode() const noexcept { return mode_; }
  // Python's truth value of the argument.
  constexpr explicit operator bool() const noexcept { return mode_ != Mode::non_strict; }
  friend constexpr bool operator==(RealpathStrict, RealpathStrict) = default;

 private:
  Mode mode_;
};

// os.path.ALL_BUT_LAST (3.15): only the last component may be missing.
inline constexpr RealpathStrict ALL_BUT_LAST{RealpathStrict::Mode::all_but_last};
// os.path.ALLOW_MISSING (3.14/3.15, also in security releases of older branches): any
// component may be missing; every other error is raised.
inline constexpr RealpathStrict ALLOW_MISSING{RealpathStrict::Mode::allow_missing};

// Keyword arguments of os.path.realpath.
struct RealpathOptions {
  RealpathStrict strict = false;  // strict=False
};

namespace detail {
template <class T>
concept PathLikeArg = std::constructible_from<PathLike, const T&>;

// A range whose elements are path-likes (and which is not itself one: a std::string is a
// range of char, never a list of paths).
template <class R>
concept PathRange = std::ranges::input_range<const R> && !PathLikeArg<R> &&
                    PathLikeArg<std::ranges::range_reference_t<const R>>;

// A range of ranges of path parts: commonprefix's "list of component lists" form.
template <class R>
concept PartsRange = std::ranges::input_range<const R> && !PathLikeArg<R> &&
                     !PathLikeArg<std::ranges::range_reference_t<const R>> &&
                     std::ranges::input_range<std::remove_cvref_t<std::ranges::range_reference_t<const R>>> &&
                     std::convertible_to<std::ranges::range_reference_t<
                                             std::remove_cvref_t<std::ranges::range_reference_t<const R>>>,
                                         std::string_view>;

std::string join(std::span<const PathLike> parts);
std::string commonpath(std::span<const PathLike> paths);
std::string commonprefix(std::span<const PathLike> paths);
std::vector<std::string> commonprefix_parts(std::span<const std::vector<std::string>> lists);

// The path-likes of a range, kept alive for one call. Elements the range yields by value
// (a views::transform making strings) are copied first, since a PathLike only refers to
// its argument's characters.
template <class R>
class Collected {
 public:
  explicit Collected(const R& range) {
    if constexpr (std::is_lvalue_reference_v<std::ranges::range_reference_t<const R>>) {
      if constexpr (std::ranges::sized_range<const R>) items_.reserve(std::ranges::size(range));
      for (auto&& item : range) items_.emplace_back(item);
    } else {
      for (auto&& item : range) owned_.push_back(PathLike(item).str());
      items_.reserve(owned_.size());
      for (const auto& s : owned_) items_.emplace_back(s);
    }
  }
  std::span<const PathLike> items() const noexcept { return items_; }

 private:
  std::vector<std::string> owned_;
  std::vector<PathLike> items_;
};
}  // namespace detail

// ---- pure string functions (no system call) --------------------------------------------

// os.path.normcase(path): the path unchanged on POSIX.
std::string normcase(const PathLike& path);

// os.path.isabs(path): starts with "/".
bool isabs(const PathLike& path);

// os.path.join(a, *p): one "/" between parts; an absolute part discards what came before;
// the result ends in "/" when the last part is empty.
template <class... Paths>
  requires(detail::PathLikeArg<Paths> && ...)
std::string join(const PathLike& a, const Paths&... p) {
  if constexpr (sizeof...(Paths) == 0) {
    return a.str();
  } else {
    const std::initializer_list<PathLike> parts{PathLike(a), PathLike(p)...};
    return detail::join(std::span<const PathLike>(parts.begin(), parts.size()));
  }
}
// os.path.join(*parts). Raises TypeError for an empty range, as Python's join() does with
// no argument ("join() missing 1 required positional argument: 'a'").
template <detail::PathRange R>
std::string join(const R& parts) {
  return detail::join(detail::Collected<R>(parts).items());
}

// os.path.split(path) -> (head, tail): tail is what follows the last "/"; head loses its
// trailing slashes unless it is only slashes.
split_result split(const PathLike& path);
// os.path.splitext(path) -> (root, ext): ext is "" or starts at the last "." of the last
// component, ignoring leading dots (".cshrc" has no extension).
splitext_result splitext(const PathLike& path);
// os.path.splitdrive(path) -> ("", path).
splitdrive_result splitdrive(const PathLike& path);
// os.path.splitroot(path) -> ("", root, tail): root is "", "/" or exactly "//" (two leading
// slashes are kept, as POSIX allows; three or more count as one).
splitroot_result splitroot(const PathLike& path);
// os.path.basename(path): split(path).tail ("/foo/bar/" -> "").
std::string basename(const PathLike& path);
// os.path.dirname(path): split(path).head.
std::string dirname(const PathLike& path);

// os.path.normpath(path): collapses "//", "." and "x/.." lexically; "" -> ".". Exactly two
// leading slashes are kept. Embedded NUL is kept too (no system call is made).
std::string normpath(const PathLike& path);

// os.path.commonprefix(list): the longest common leading *characters* ("" for an empty
// list). Characters are those of Python's str: a UTF-8 sequence is never cut, and a byte
// that is not UTF-8 is one character (surrogateescape). Deprecated in Python 3.15.
std::string commonprefix(std::initializer_list<PathLike> paths);
template <detail::PathRange R>
std::string commonprefix(const R& paths) {
  return detail::commonprefix(detail::Collected<R>(paths).items());
}
// commonprefix([list_of_parts, ...]): the longest common leading run of equal parts.
template <detail::PartsRange R>
std::vector<std::string> commonprefix(const R& lists) {
  std::vector<std::vector<std::string>> copies;
  for (auto&& list : lists) {
    auto& v = copies.emplace_back();
    for (auto&& part : list) v.emplace_back(std::string_view(part));
  }
  return detail::commonprefix_parts(copies);
}

// os.path.commonpath(paths): the longest common sub-path. Raises ValueError
// "commonpath() arg is an empty sequence" or "Can't mix absolute and relative paths".
std::string commonpath(std::initializer_list<PathLike> paths);
template <detail::PathRange R>
std::string commonpath(const R& paths) {
  return detail::commonpath(detail::Collected<R>(paths).items());
}

// os.path.expandvars(path): replaces $name and ${name} by their value in os.environ;
// unknown names and malformed references stay as they are.
std::string expandvars(const PathLike& path);

// ---- functions that ask the system ----------------------------------------------------

// os.path.expanduser(path): a leading "~" becomes $HOME (or, when HOME is not in
// os.environ, the password-database home of the real user); "~user" the home of that
// user. Unknown users and failed lookups leave the path unchanged. Raises ValueError
// "embedded null byte" for a NUL in the user name, as pwd.getpwnam does.
std::string expanduser(const PathLike& path);

// os.path.abspath(path): normpath(join(os.getcwd(), path)); os.getcwd() is called only for
// a relative path (and raises FileNotFoundError if the current directory was removed).
std::string abspath(const PathLike& path);

// os.path.relpath(path, start=os.curdir): a relative path from start to path, computed
// lexically on abspath() of both. ValueError "no path specified" for an empty path.
std::string relpath(const PathLike& path);
std::string relpath(const PathLike& path, const PathLike& start);

// os.path.realpath(path, *, strict=False): the canonical path, symbolic links resolved.
// Non-strict: a component that is missing, loops or fails is kept as it is and resolution
// goes on. strict=true raises the first error (FileNotFoundError, NotADirectoryError for a
// non-directory followed by more parts or a trailing "/", OSError ELOOP for a loop);
// ALLOW_MISSING ignores only FileNotFoundError; ALL_BUT_LAST ignores it for the last
// component only. ValueError "lstat: embedded null character in path" for a NUL.
std::string realpath(const PathLike& path, const RealpathOptions& options = {});

// os.path.exists(path): os.stat succeeds. False (never raises) for a missing path, a
// dangling symlink, a permission problem or a NUL in the path. exists(fd): an open fd.
bool exists(const PathLike& path);
bool exists(int fd);
// os.path.lexists(path): os.lstat succeeds (True for a dangling symlink).
bool lexists(const PathLike& path);
// os.path.isfile / isdir (follow symlinks; also accept an fd, as os.stat does), islink.
// False instead of raising, as exists().
bool isfile(const PathLike& path);
bool isfile(int fd);
bool isdir(const PathLike& path);
bool isdir(int fd);
bool islink(const PathLike& path);
// os.path.ismount(path): path/.. is on another device, or is the same inode (the root).
// A symlink is never a mount point. False instead of raising.
bool ismount(const PathLike& path);
// os.path.isjunction(path): always False on POSIX.
bool isjunction(const PathLike& path);
// os.path.isdevdrive(path): always False outside Windows (3.13).
bool isdevdrive(const PathLike& path);

// os.path.getsize / getatime / getmtime / getctime: fields of os.stat(path); raise its
// OSError (FileNotFoundError, ...) with filename=path, ValueError for a NUL. The times are
// Python's float seconds.
std::int64_t getsize(const PathLike& path);
std::int64_t getsize(int fd);
double getatime(const PathLike& path);
double getatime(int fd);
double getmtime(const PathLike& path);
double getmtime(int fd);
double getctime(const PathLike& path);
double getctime(int fd);

// os.path.samefile(path1, path2): same st_dev and st_ino; raises what os.stat raises.
bool samefile(const PathLike& path1, const PathLike& path2);
// os.path.sameopenfile(fp1, fp2): the same test on two open fds (os.fstat's errors).
bool sameopenfile(int fd1, int fd2);
// os.path.samestat(stat1, stat2)
bool samestat(const stat_result& stat1, const stat_result& stat2) noexcept;

}  // namespace pyos::os::path
