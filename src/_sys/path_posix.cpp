#include "_sys/path_posix.hpp"

#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <vector>

#include "_sys/retry.hpp"

namespace pyos::_sys {

Result<std::string> readlinkat(int dirfd, const char* path) {
  // A link's text is at most PATH_MAX - 1 bytes on Linux file systems, so the stack buffer
  // answers in one call; a full buffer may mean truncation, so it then grows and asks again.
  std::array<char, PATH_MAX> first;
  auto n = detail::value<std::size_t>(
      Call::readlinkat, [&] { return ::readlinkat(dirfd, path, first.data(), first.size()); });
  if (!n) return n.error();
  if (*n < first.size()) return std::string(first.data(), *n);
  std::vector<char> buffer(first.size() * 2);
  for (;;) {
    n = detail::value<std::size_t>(
        Call::readlinkat, [&] { return ::readlinkat(dirfd, path, buffer.data(), buffer.size()); });
    if (!n) return n.error();
    if (*n < buffer.size()) return std::string(buffer.data(), *n);
    buffer.resize(buffer.size() * 2);
  }
}

namespace {

// The common part of getpwnam_r/getpwuid_r: they return the error number instead of setting
// errno, answer "no such entry" with success and a null result, and ERANGE when the caller's
// buffer is too small for the entry.
template <class Lookup>
Result<std::optional<std::string>> passwd_home(Call call, Lookup lookup) {
  const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : 1024);
  // A broken NSS module that always answers ERANGE must not make us loop for ever.
  constexpr std::size_t kMaxBuffer = std::size_t{1} << 26;
  for (;;) {
    struct passwd entry {};
    struct passwd* found = nullptr;
    auto r = detail::status(call, [&] {
      const int err = lookup(&entry, buffer.data(), buffer.size(), &found);
      if (err == 0) return 0;
      errno = err;
      return -1;
    });
    if (r) {
      if (found == nullptr) return std::optional<std::string>();
      return std::optional<std::string>(found->pw_dir != nullptr ? found->pw_dir : "");
    }
    if (r.error().code != ERANGE || buffer.size() >= kMaxBuffer) return r.error();
    buffer.resize(buffer.size() * 2);
  }
}

}  // namespace

Result<std::optional<std::string>> getpwnam_home(const char* name) {
  return passwd_home(Call::getpwnam_r, [&](passwd* entry, char* buf, std::size_t size, passwd** found) {
    return ::getpwnam_r(name, entry, buf, size, found);
  });
}

Result<std::optional<std::string>> getpwuid_home(uid_t uid) {
  return passwd_home(Call::getpwuid_r, [&](passwd* entry, char* buf, std::size_t size, passwd** found) {
    return ::getpwuid_r(uid, entry, buf, size, found);
  });
}

Result<std::optional<std::string>> getpwuid_home() { return getpwuid_home(::getuid()); }

}  // namespace pyos::_sys
