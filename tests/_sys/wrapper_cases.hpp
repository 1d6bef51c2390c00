// File: tests/_sys/wrapper_cases.hpp
//
// The harness that drives every _sys wrapper through the fault-injection seam. Each area of
// _sys (fd, time, ...) registers its cases from its own test file:
//
//     const bool registered = register_cases({ {Call::read, Kind::transfer, ...}, ... });
//
// wrappers_test.cpp runs the common scenarios over all registered cases and fails if some
// _sys::Call has no case.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "_sys/fault.hpp"
#include "_core/result.hpp"
#include "support/pyos_test.hpp"

namespace pyos::_sys::testing {

using _core::Result;

using fault::Fault;
using fault::Injector;

// The world a wrapper call runs in: a private directory holding "f" = "0123456789", open
// read-write at offset 0 (set up with raw libc, so the seam counts only the call under test).
struct World {
  test::TempDir dir;
  int dirfd = -1;
  int fd = -1;

  World() {
    dirfd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    fd = ::openat(dirfd, "f", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (dirfd < 0 || fd < 0 || ::write(fd, "0123456789", 10) != 10 || ::lseek(fd, 0, SEEK_SET) != 0) {
      throw std::runtime_error("World setup failed");
    }
  }
  ~World() {
    if (fd >= 0) ::close(fd);
    ::close(dirfd);
  }
  std::string contents() const {
    char buf[64];
    const ssize_t n = ::pread(fd, buf, sizeof buf, 0);
    return n < 0 ? "<error>" : std::string(buf, static_cast<std::size_t>(n));
  }
};

struct Outcome {
  bool ok = false;
  int error = 0;
  std::string call;
  std::size_t count = 0;  // bytes transferred, for the read/write family
};

template <class T>
Outcome outcome(const Result<T>& r) {
  if (!r) return {false, r.error().code, r.error().call, 0};
  if constexpr (std::is_same_v<T, std::size_t>) return {true, 0, "", *r};
  return {true, 0, "", 0};
}

inline Outcome outcome(const Result<void>& r) {
  if (!r) return {false, r.error().code, r.error().call, 0};
  return {true, 0, "", 0};
}

// Closes a descriptor that a successful wrapper call returned.
template <class T>
Outcome closing(Result<T> r) {
  Outcome o = outcome(r);
  if (r) {
    if constexpr (std::is_same_v<T, std::array<int, 2>>) {
      ::close((*r)[0]);
      ::close((*r)[1]);
    } else {
      ::close(*r);
    }
  }
  return o;
}

enum class Kind { transfer, other, close };

struct Case {
  Call call;
  Kind kind;
  std::function<Outcome(World&)> run;
  // For transfer calls: what a 1-byte transfer leaves behind.
  std::function<void(World&)> check_short = nullptr;
  // The errno the real call fails with in the test environment, where success cannot be
  // arranged in-process (e.g. tcsetpgrp without a controlling terminal); 0 = succeeds.
  int natural_errno = 0;
};

// Test names and failure messages show the call, not the bytes of the Case.
inline void PrintTo(const Case& c, std::ostream* os) { *os << call_name(c.call); }

inline std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s)); }

// Adds cases to the table; returns true (for a namespace-scope `const bool registered`).
bool register_cases(std::vector<Case> cases);
const std::vector<Case>& all_cases();

}  // namespace pyos::_sys::testing
