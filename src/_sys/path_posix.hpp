// File: _sys/path_posix.hpp
//
// The system calls os.path needs beyond stat: the text of a symbolic link (realpath) and the
// home directory from the password database (expanduser). Same rules as fd.hpp: POSIX names,
// Result<T> out, never throws, EINTR retried (retry.hpp), each attempt through the
// fault-injection seam.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "_core/result.hpp"

namespace pyos::_sys {

using _core::Result;

// readlinkat(2): the whole target text of the link, whatever its length (the buffer starts
// at PATH_MAX and grows while the text fills it, so a normal link costs one call).
Result<std::string> readlinkat(int dirfd, const char* path);

// getpwnam_r(3) / getpwuid_r(3): the pw_dir of the entry, or std::nullopt when the database
// has no such entry. ERANGE is answered with a bigger buffer (one more call); every other
// error is reported (Python's pwd module turns all of them into KeyError, which is the
// caller's decision, not this layer's).
Result<std::optional<std::string>> getpwnam_home(const char* name);
Result<std::optional<std::string>> getpwuid_home(uid_t uid);
// getpwuid_home(getuid()): the home of the real user, as pwd.getpwuid(os.getuid()).
Result<std::optional<std::string>> getpwuid_home();

}  // namespace pyos::_sys
