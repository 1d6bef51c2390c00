// File: _core/result.hpp
//
// Result<T>: the value of a system call, or the errno it failed with and the call's name.
// This is what every `_sys` function returns; it never throws by itself. The member names
// follow std::expected (has_value, value, error, operator*) so a move to C++23 is mechanical.
//
// The module layer turns a failure into Python's exception at the one point where it knows
// the filenames:
//
//     int fd = _sys::open(path, flags, mode).or_raise(path);
//
// value() on a failed Result throws that exception without filenames (the analogue of
// std::expected's bad_expected_access, but already the Python exception).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "pyos/exceptions.hpp"

namespace pyos::_core {

// Why a system call failed: the exact errno (never folded into a category) and the call.
struct SysError {
  int code = 0;
  const char* call = "";

  friend bool operator==(const SysError& a, const SysError& b) noexcept { return a.code == b.code; }
};

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, SysError>);

 public:
  using value_type = T;

  Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit
      : state_(std::in_place_index<0>, std::move(value)) {}
  Result(SysError error) noexcept : state_(std::in_place_index<1>, error) {}  // NOLINT

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { check(); return *std::get_if<0>(&state_); }
  const T& value() const& { check(); return *std::get_if<0>(&state_); }
  T&& value() && { check(); return std::move(*std::get_if<0>(&state_)); }

  // Precondition: has_value().
  T& operator*() & noexcept { return *std::get_if<0>(&state_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&state_); }
  T* operator->() noexcept { return std::get_if<0>(&state_); }
  const T* operator->() const noexcept { return std::get_if<0>(&state_); }

  // Precondition: !has_value().
  const SysError& error() const noexcept { return *std::get_if<1>(&state_); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

  // The value, or Python's OSError subclass for the errno with these filenames.
  T or_raise(std::optional<Filename> filename = std::nullopt,
             std::optional<Filename> filename2 = std::nullopt) && {
    if (!has_value()) raise_from_errno(error().code, std::move(filename), std::move(filename2));
    return std::move(*std::get_if<0>(&state_));
  }

 private:
  void check() const {
    if (!has_value()) raise_from_errno(error().code);
  }

  std::variant<T, SysError> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;

  Result() noexcept = default;
  Result(SysError error) noexcept : error_(error) {}  // NOLINT: implicit

  bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_) raise_from_errno(error_->code);
  }
  const SysError& error() const noexcept { return *error_; }

  void or_raise(std::optional<Filename> filename = std::nullopt,
                std::optional<Filename> filename2 = std::nullopt) const {
    if (error_) raise_from_errno(error_->code, std::move(filename), std::move(filename2));
  }

 private:
  std::optional<SysError> error_;
};

}  // namespace pyos::_core
