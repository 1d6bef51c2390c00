// File: io/io_internal.hpp
//
// What the binary io sources share and do not export.
#pragma once

#include <bit>
#include <cstddef>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"
#include "pyos/io/iobase.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace pyos::io::detail {

// CPython's PyErr_WriteUnraisable for a stream finalizer: "Exception ignored in: <repr>"
// then "Type: message" on stderr (CPython also prints a traceback, which C++ has not).
void report_unraisable(const IOBase& stream, std::string_view type, std::string_view message) noexcept;

std::string repr_filename(const Filename& name);

// The end of a close() whose first step (flush, or closing the writer) may have failed with
// `earlier`, as CPython's _PyErr_ChainExceptions1: runs `close`; its error propagates with
// `earlier` as its context(); without one, `earlier` (if any) is raised.
template <class Close>
void close_then_raise(const std::exception_ptr& earlier, Close&& close) {
  try {
    close();
  } catch (BaseException& e) {
    if (earlier) e.set_context(earlier);
    throw;
  }
  if (earlier) std::rethrow_exception(earlier);
}

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

// The offset of the first '\n' in [p, p+n), or n when there is none. Lines are mostly short:
// their first 64 bytes are searched in line, 16 at a time with SSE2 (a call to memchr costs
// more than that search); a longer line goes on with memchr.
inline std::size_t find_newline(const char* p, std::size_t n) noexcept {
  std::size_t i = 0;
#ifdef __SSE2__
  const __m128i newline = _mm_set1_epi8('\n');
  for (; i + 16 <= n && i < 64; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
    if (hits != 0) return i + static_cast<std::size_t>(std::countr_zero(hits));
  }
#endif
  const void* hit = std::memchr(p + i, '\n', n - i);
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p) : n;
}

}  // namespace pyos::io::detail
