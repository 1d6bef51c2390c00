// File: pyos/errno.hpp
//
// Python's `errno` module. The namespace is `pyos::errno_` because `errno` is a libc macro
// (the naming rule is in docs/conventions.md). The constants themselves are the libc macros
// — `EPERM`, `ENOENT`, ... — which hold exactly Python's values; pyos does not redefine them.
//
//     pyos::errno_::errorcode.at(ENOENT)   // "ENOENT"   (errno.errorcode[errno.ENOENT])
//     pyos::errno_::value("EPERM")         // 1          (getattr(errno, "EPERM"))
//
// The set of names is read off the platform's <errno.h> when pyos is built, so it is the
// platform's, not a list typed by hand. On Linux that is CPython 3.13's 133 names plus
// EHWPOISON, which CPython adds in a later release.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pyos::errno_ {

// One errno symbol: a module attribute of Python's errno, e.g. {"EPERM", 1}.
struct Symbol {
  std::string_view name;
  int value;
};

// Every errno name the platform defines (aliases such as EWOULDBLOCK included), ordered by
// value and then by name. Python: the E* attributes of the errno module.
std::span<const Symbol> symbols() noexcept;

// getattr(errno, name): the value, or empty where this platform has no such name.
std::optional<int> value(std::string_view name) noexcept;

// errno.errorcode: errno value → symbol name. Where several names share a value, the one
// CPython's errorcode keeps (EAGAIN, EDEADLOCK, ENOTSUP on Linux).
class ErrorCodeMap {
 public:
  // errorcode[code]; raises KeyError(code) for an unknown value.
  std::string_view at(int code) const;
  std::string_view operator[](int code) const { return at(code); }
  // errorcode.get(code)
  std::optional<std::string_view> get(int code) const noexcept;
  bool contains(int code) const noexcept { return get(code).has_value(); }
  // len(errorcode)
  std::size_t size() const noexcept;
  // The (value, name) pairs in ascending value order (Python's dict is in CPython's source
  // order; C++ callers get a sorted range instead).
  std::span<const Symbol> items() const noexcept;
};

inline constexpr ErrorCodeMap errorcode{};

// os.strerror(code): the message for an errno value ("Unknown error N" for other values).
std::string strerror(int code);

}  // namespace pyos::errno_
