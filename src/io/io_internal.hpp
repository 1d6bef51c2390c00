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

#include "_core/append.hpp"
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

// CPython's _PyIO_trap_eintr loop around a call to a raw stream: a call that raises
// InterruptedError is made again (a raw stream's EINTR is not the caller's error).
template <class Call>
auto retry_interrupted(Call&& call) {
  for (;;) {
    try {
      return call();
    } catch (const InterruptedError&) {
    }
  }
}

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
  // resize_and_overwrite's operation must not throw: the exception waits outside. It is
  // given n, not its second argument: GCC 12's libstdc++ passes there the capacity it
  // allocated when the string grows (2 x 15 for n = 16..29 from an empty string), and
  // read(20) read 30 bytes.
  std::exception_ptr error;
  s.resize_and_overwrite(n, [&](char* p, std::size_t) noexcept -> std::size_t {
    try {
      return fill(p, n);
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

// line = text, where text lies in a buffer of the stream's own (never in `line`): line's
// capacity is reused, no overlap check is made, and a line of up to 64 bytes is moved in
// line (_core::put).
inline void assign_from_buffer(std::string& line, std::string_view text) {
#if __cpp_lib_string_resize_and_overwrite
  // The size is the text's, not the operation's second argument: GCC 12's libstdc++ passes
  // the capacity it allocated there when the string grows.
  line.resize_and_overwrite(text.size(), [text](char* p, std::size_t) noexcept {
    _core::put(p, text.data(), text.size());
    return text.size();
  });
#else
  line.clear();
  line.append(text);
#endif
}

// The offset of the first '\n' in [p, p+n), or n when there is none. Lines are mostly short:
// their first 256 bytes are searched in line, 32 at a time with SSE2 (two compares, one
// branch; a call to memchr costs more than that search); a longer line goes on with memchr.
inline std::size_t find_newline(const char* p, std::size_t n) noexcept {
  std::size_t i = 0;
#ifdef __SSE2__
  const __m128i newline = _mm_set1_epi8('\n');
  const auto hits16 = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
  };
  for (; i + 32 <= n && i < 256; i += 32) {
    if (const unsigned hits = hits16(i) | (hits16(i + 16) << 16); hits != 0) {
      return i + static_cast<std::size_t>(std::countr_zero(hits));
    }
  }
  if (i + 16 <= n && i < 256) {
    if (const unsigned hits = hits16(i); hits != 0) return i + static_cast<std::size_t>(std::countr_zero(hits));
    i += 16;
  }
#endif
  const void* hit = std::memchr(p + i, '\n', n - i);
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p) : n;
}

}  // namespace pyos::io::detail
