#include "_sys/fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "_sys/retry.hpp"

namespace pyos::_sys {

using detail::transfer;
using detail::value;

Result<void> close(int fd) noexcept {
  // See retry.hpp: never retried, EINTR means closed. An injected fault is applied after the
  // real close, because the kernel releases the descriptor whatever close() reports.
  int err = ::close(fd) == 0 ? 0 : errno;
  if (fault::armed()) {
    if (const int injected = fault::detail::on_call(Call::close).error) err = injected;
  }
  if (err == 0 || err == EINTR) return {};
  return SysError{err, "close"};
}

namespace {

std::size_t total_size(std::span<const struct iovec> buffers) noexcept {
  std::size_t total = 0;
  for (const auto& b : buffers) total += b.iov_len;
  return total;
}

// Calls fn(iov, iovcnt) with the buffers cut down to `limit` bytes in all. Only a fault
// injection asks for less than the total, so the copy stays off the normal path.
template <class Fn>
ssize_t with_limit(std::span<const struct iovec> buffers, std::size_t limit, std::size_t total,
                   Fn fn) {
  const int count = static_cast<int>(std::min<std::size_t>(buffers.size(), IOV_MAX));
  if (limit >= total) return fn(buffers.data(), count);
  std::vector<struct iovec> cut;
  for (const auto& b : buffers) {
    if (limit == 0) break;
    const std::size_t len = std::min(b.iov_len, limit);
    cut.push_back({b.iov_base, len});
    limit -= len;
  }
  return fn(cut.data(), static_cast<int>(cut.size()));
}

}  // namespace

Result<std::size_t> readv(int fd, std::span<const struct iovec> buffers) noexcept {
  const std::size_t total = total_size(buffers);
  return transfer(Call::readv, total, [&](std::size_t n) {
    return with_limit(buffers, n, total, [&](const iovec* v, int c) { return ::readv(fd, v, c); });
  });
}

Result<std::size_t> writev(int fd, std::span<const struct iovec> buffers) noexcept {
  const std::size_t total = total_size(buffers);
  return transfer(Call::writev, total, [&](std::size_t n) {
    return with_limit(buffers, n, total, [&](const iovec* v, int c) { return ::writev(fd, v, c); });
  });
}

Result<std::string> getcwd() {
  // Grow the buffer until the path fits (ERANGE), as CPython's posix_getcwd does.
  std::string buffer(256, '\0');
  for (;;) {
    auto r = value<long>(Call::getcwd, [&] {
      return ::getcwd(buffer.data(), buffer.size()) == nullptr ? -1L : 0L;
    });
    if (r) break;
    if (r.error().code != ERANGE) return r.error();
    buffer.resize(buffer.size() * 2);
  }
  buffer.resize(buffer.find('\0'));
  return buffer;
}

}  // namespace pyos::_sys
