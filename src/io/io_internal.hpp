// File: io/io_internal.hpp
//
// What the binary io sources share and do not export.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"
#include "pyos/io/iobase.hpp"

namespace pyos::io::detail {

// CPython's PyErr_WriteUnraisable for a stream finalizer: "Exception ignored in: <repr>"
// then "Type: message" on stderr (CPython also prints a traceback, which C++ has not).
void report_unraisable(const IOBase& stream, std::string_view type, std::string_view message) noexcept;

std::string repr_filename(const Filename& name);

inline std::span<const std::byte> bytes_of(std::string_view s) noexcept { return std::as_bytes(std::span(s)); }

// open()'s text step: TextIOWrapper(buffer, encoding, errors, newline, line_buffering).
// Lives in open_text.cpp (or open_notext.cpp without the text layer).
std::shared_ptr<IOBase> wrap_text(std::shared_ptr<BufferedIOBase> buffer, const std::string& mode,
                                  const std::optional<std::string>& encoding, const std::optional<std::string>& errors,
                                  const std::optional<std::string>& newline, bool line_buffering);

// Makes `s` the first fill(p, n) bytes that `fill` writes at p (up to n; it returns how many).
// With C++23's resize_and_overwrite the n bytes are not zero-filled first; elsewhere (GCC
// 12's libstdc++ has it only in C++23 mode) they are. An exception from `fill` propagates,
// `s` then holding an unspecified prefix of what was written.
template <class Fill>
void fill_string(std::string& s, std::size_t n, Fill&& fill) {
#ifdef __cpp_lib_string_resize_and_overwrite
  // resize_and_overwrite's operation must not throw: the exception waits outside.
  std::exception_ptr error;
  s.resize_and_overwrite(n, [&](char* p, std::size_t m) noexcept -> std::size_t {
    try {
      return fill(p, m);
    } catch (...) {
      error = std::current_exception();
      return 0;
    }
  });
  if (error) std::rethrow_exception(error);
#else
  s.resize(n);
  s.resize(fill(s.data(), n));
#endif
}

}  // namespace pyos::io::detail
