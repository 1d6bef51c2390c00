// File: tests/os/error_table.hpp
//
// The error table of the os module, checked live against CPython: each case is a Python
// expression and the same call in pyos; both run in a copy of the same fixture directory
// (cwd), with the same names bound (fd_file = 100: "f" opened read-write, fd_dir = 101: the
// directory, fd_bad: 999), and must raise the same class with the same str() (and errno), or both
// succeed.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

#include "support/pyos_test.hpp"

namespace pyos::test {

struct Fixture {
  int fd_file = -1;
  int fd_dir = -1;
  int fd_bad = 999;
};

struct ErrorCase {
  std::string python;                       // evaluated with os, fd_file, fd_dir, fd_bad bound
  std::function<void(const Fixture&)> cpp;  // the same call through pyos
};

// Builds the fixture in `dir`: file "f" (10 bytes), directory "d", symlink "link" -> "f",
// dangling symlink "dangling", a file "ro" with mode 0444 and a directory "nowrite" (0555).
void build_fixture(const std::string& dir);

// Runs every case in CPython and in pyos and reports each difference as a test failure.
void check_error_table(const std::vector<ErrorCase>& cases);

}  // namespace pyos::test
