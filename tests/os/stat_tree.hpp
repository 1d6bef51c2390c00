// File: os/stat_tree.hpp
//
// The small tree the stat and statx tests examine: a 5-byte file (0640), a directory (0750),
// a symlink to the file, a dangling symlink and a FIFO (0600), in a fresh temporary directory.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/pyos_test.hpp"

namespace pyos::os::testing {

class StatTree : public test::TempDirTest {
 protected:
  void SetUp() override {
    const auto f = tmp / "file";
    int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "hello", 5), 5);
    ::close(fd);
    ASSERT_EQ(::mkdir((tmp / "dir").c_str(), 0750), 0);
    ASSERT_EQ(::symlink("file", (tmp / "link").c_str()), 0);
    ASSERT_EQ(::symlink("missing", (tmp / "dangling").c_str()), 0);
    ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  }
};

}  // namespace pyos::os::testing
