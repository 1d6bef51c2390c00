// File: _sys/retry.hpp
//
// How a `_sys` wrapper makes its system call. Only wrapper implementations include this.
//
// THE EINTR POLICY (decided here, once, for all of pyos):
//   * Every call that the kernel may interrupt with EINTR and that is safe to repeat is
//     retried until it completes or fails otherwise, as Python does since PEP 475. A caller
//     never sees EINTR from such a call. Before each retry the EINTR hook runs (see
//     set_eintr_hook): the `signal` module uses it to run Python-level handlers, and a hook
//     that returns true stops the retry, so that the caller gets EINTR and can raise what
//     the handler raised.
//   * close() is never retried. On Linux the descriptor is released before close() can be
//     interrupted, so EINTR from close means "closed"; retrying could close a descriptor
//     another thread has just been given. _sys::close reports EINTR as success.
//   * Calls whose timeout must shrink between attempts (sleep, poll, select, waits with a
//     deadline) recompute it in their own wrapper from a monotonic clock.
//
// Every attempt passes the fault-injection seam first (_sys/fault.hpp).
#pragma once

#include <cerrno>
#include <cstddef>
#include <sys/types.h>

#include "_core/result.hpp"
#include "_sys/fault.hpp"

namespace pyos::_sys {

using _core::Result;
using _core::SysError;

// Called on EINTR before a retry; returning true stops the retry (the caller gets EINTR).
// Null (the default) means: always retry.
using EintrHook = bool (*)() noexcept;
void set_eintr_hook(EintrHook hook) noexcept;
EintrHook eintr_hook() noexcept;

namespace detail {

inline bool should_retry(int err) noexcept {
  if (err != EINTR) return false;
  EintrHook hook = eintr_hook();
  return hook == nullptr || !hook();
}

// One attempt of a call returning -1 and errno on failure. `fn(count)` makes the call with
// at most `count` bytes (count is ignored by calls that transfer nothing).
template <class Fn>
inline auto attempt(Call call, std::size_t count, Fn& fn) -> decltype(fn(count)) {
  if (fault::armed()) [[unlikely]] {
    const fault::detail::Decision d = fault::detail::on_call(call);
    if (d.error != 0) {
      errno = d.error;
      return static_cast<decltype(fn(count))>(-1);
    }
    if (d.limit < count) count = d.limit;
  }
  return fn(count);
}

// A call that transfers up to `count` bytes and returns how many (read, write, ...).
// Retried on EINTR; the count is the kernel's, possibly short (one system call, as os.read).
template <class Fn>
Result<std::size_t> transfer(Call call, std::size_t count, Fn fn) {
  for (;;) {
    const ssize_t n = attempt(call, count, fn);
    if (n >= 0) return static_cast<std::size_t>(n);
    const int err = errno;
    if (!should_retry(err)) return SysError{err, call_name(call).data()};
  }
}

// A call returning a non-negative value (a descriptor, an offset) or -1. Retried on EINTR.
template <class T, class Fn>
Result<T> value(Call call, Fn fn) {
  auto no_count = [&fn](std::size_t) { return fn(); };
  for (;;) {
    const auto r = attempt(call, 0, no_count);
    if (r != -1) return static_cast<T>(r);
    const int err = errno;
    if (!should_retry(err)) return SysError{err, call_name(call).data()};
  }
}

// A call returning 0 or -1. Retried on EINTR.
template <class Fn>
Result<void> status(Call call, Fn fn) {
  auto r = value<int>(call, std::move(fn));
  if (!r) return r.error();
  return {};
}

}  // namespace detail
}  // namespace pyos::_sys
