// File: pyos/pathlike.hpp
//
// PathLike: the parameter type of every pyos function that takes a path, as Python's take
// `str | bytes | os.PathLike`. It accepts any string-like (held as UTF-8 text, or raw bytes
// that stand for themselves), std::filesystem::path, and any type with an `fspath()` member
// returning a string (the C++ spelling of Python's `__fspath__`).
//
//     void f(pyos::PathLike p);
//     f("a.txt"); f(std::string(...)); f(std::filesystem::path(...)); f(my_path_object);
//
// A PathLike refers to its argument's characters; like std::string_view it must not outlive
// them (a parameter never does).
#pragma once

#include <concepts>
#include <filesystem>
#include <string>
#include <string_view>

namespace pyos {

// os.PathLike: an object with fspath() returning something string-like.
template <class T>
concept HasFspath = requires(const T& t) {
  { t.fspath() } -> std::convertible_to<std::string_view>;
};

class PathLike {
 public:
  PathLike(const char* path) : text_(path), terminated_(true) {}                // NOLINT
  PathLike(const std::string& path) : text_(path), terminated_(true) {}         // NOLINT
  PathLike(std::string_view path) : text_(path) {}                               // NOLINT
  PathLike(const std::filesystem::path& path) : text_(path.native()), terminated_(true) {}  // NOLINT
  template <HasFspath T>
    requires(!std::convertible_to<const T&, std::string_view>)
  PathLike(const T& object) : owned_(std::string(object.fspath())), terminated_(true) {  // NOLINT
    text_ = owned_;
  }
  PathLike(std::nullptr_t) = delete;

  PathLike(const PathLike& other)
      : owned_(other.owned_), text_(other.text_), terminated_(other.terminated_) {
    if (other.text_.data() == other.owned_.data()) text_ = owned_;  // it held its own copy
  }
  PathLike& operator=(const PathLike&) = delete;

  // os.fspath(path)
  std::string_view fspath() const noexcept { return text_; }
  std::string str() const { return std::string(text_); }

  // The path as a NUL-terminated string for a system call made by Python function `func`,
  // where the path is the argument named `arg`. Raises
  // ValueError("<func>: embedded null character in <arg>") as Python does.
  const char* c_str(std::string_view func, std::string_view arg = "path") const;

  // True when the path has a NUL byte (such a path can name no file).
  bool has_nul() const noexcept { return text_.find('\0') != std::string_view::npos; }

 private:
  // c_str() may make a terminated copy of a string_view argument: that is not a visible
  // change, hence mutable.
  mutable std::string owned_;
  mutable std::string_view text_;
  mutable bool terminated_ = false;
};

}  // namespace pyos
