// os file-descriptor operations: behaviour and the error table against CPython (live).
#include "pyos/os/fd.hpp"

#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>

#include <cerrno>

#include "os/error_table.hpp"
#include "pyos/os/stat.hpp"

namespace pyos::os {
namespace {

using test::ErrorCase;
using test::Fixture;

TEST(FdErrors, MatchCPython) {
  const std::vector<ErrorCase> cases = {
      {"os.read(fd_bad, 1)", [](const Fixture& f) { read(f.fd_bad, 1); }},
      {"os.read(fd_file, -1)", [](const Fixture& f) { read(f.fd_file, -1); }},
      {"os.read(fd_dir, 1)", [](const Fixture& f) { read(f.fd_dir, 1); }},
      {"os.write(fd_bad, b'x')", [](const Fixture& f) { write(f.fd_bad, "x"); }},
      {"os.write(fd_dir, b'x')", [](const Fixture& f) { write(f.fd_dir, "x"); }},
      {"os.open('nope', os.O_RDONLY)", [](const Fixture&) { open("nope", O_RDONLY); }},
      {"os.open('d', os.O_WRONLY)", [](const Fixture&) { open("d", O_WRONLY); }},
      {"os.open('f/x', os.O_RDONLY)", [](const Fixture&) { open("f/x", O_RDONLY); }},
      {"os.open('f', os.O_CREAT | os.O_EXCL)", [](const Fixture&) { open("f", O_CREAT | O_EXCL); }},
      {"os.open('f', os.O_RDONLY, dir_fd=fd_bad)", [](const Fixture& f) { open("f", O_RDONLY, 0777, {.dir_fd = f.fd_bad}); }},
      {"os.open('a\\0b', os.O_RDONLY)", [](const Fixture&) { open(std::string("a\0b", 3), O_RDONLY); }},
      {"os.open('dangling', os.O_RDONLY)", [](const Fixture&) { open("dangling", O_RDONLY); }},
      {"os.lseek(fd_bad, 0, 0)", [](const Fixture& f) { lseek(f.fd_bad, 0, 0); }},
      {"os.lseek(fd_file, -5, 0)", [](const Fixture& f) { lseek(f.fd_file, -5, 0); }},
      {"os.lseek(fd_file, 0, 99)", [](const Fixture& f) { lseek(f.fd_file, 0, 99); }},
      {"os.pread(fd_bad, 1, 0)", [](const Fixture& f) { pread(f.fd_bad, 1, 0); }},
      {"os.pread(fd_file, 1, -1)", [](const Fixture& f) { pread(f.fd_file, 1, -1); }},
      {"os.pread(fd_file, -1, 0)", [](const Fixture& f) { pread(f.fd_file, -1, 0); }},
      {"os.pwrite(fd_bad, b'x', 0)", [](const Fixture& f) { pwrite(f.fd_bad, "x", 0); }},
      {"os.truncate('nope', 0)", [](const Fixture&) { truncate("nope", 0); }},
      {"os.truncate('d', 0)", [](const Fixture&) { truncate("d", 0); }},
      {"os.truncate(fd_bad, 0)", [](const Fixture& f) { truncate(f.fd_bad, 0); }},
      {"os.ftruncate(fd_bad, 0)", [](const Fixture& f) { ftruncate(f.fd_bad, 0); }},
      {"os.ftruncate(fd_file, -1)", [](const Fixture& f) { ftruncate(f.fd_file, -1); }},
      {"os.dup(fd_bad)", [](const Fixture& f) { dup(f.fd_bad); }},
      {"os.dup2(fd_bad, 5)", [](const Fixture& f) { dup2(f.fd_bad, 5); }},
      {"os.dup2(fd_file, -1)", [](const Fixture& f) { dup2(f.fd_file, -1); }},
      {"os.dup2(fd_file, fd_file, inheritable=False)", [](const Fixture& f) { dup2(f.fd_file, f.fd_file, false); }},
      {"os.close(fd_bad)", [](const Fixture& f) { close(f.fd_bad); }},
      {"os.closerange(100, 90)", [](const Fixture&) { closerange(100, 90); }},
      {"os.fsync(fd_bad)", [](const Fixture& f) { fsync(f.fd_bad); }},
      {"os.fdatasync(fd_bad)", [](const Fixture& f) { fdatasync(f.fd_bad); }},
      {"os.ttyname(fd_bad)", [](const Fixture& f) { ttyname(f.fd_bad); }},
      {"os.ttyname(fd_file)", [](const Fixture& f) { ttyname(f.fd_file); }},
      {"os.get_inheritable(fd_bad)", [](const Fixture& f) { get_inheritable(f.fd_bad); }},
      {"os.set_inheritable(fd_bad, True)", [](const Fixture& f) { set_inheritable(f.fd_bad, true); }},
      {"os.get_blocking(fd_bad)", [](const Fixture& f) { get_blocking(f.fd_bad); }},
      {"os.set_blocking(fd_bad, True)", [](const Fixture& f) { set_blocking(f.fd_bad, true); }},
      {"os.get_terminal_size(fd_bad)", [](const Fixture& f) { get_terminal_size(f.fd_bad); }},
      {"os.get_terminal_size(fd_file)", [](const Fixture& f) { get_terminal_size(f.fd_file); }},
      {"os.memfd_create('x\\0')", [](const Fixture&) { memfd_create(std::string("x\0", 2)); }},
      {"os.memfd_create('x', 0xFFFF)", [](const Fixture&) { memfd_create("x", 0xFFFF); }},
      {"os.eventfd(2**32)", [](const Fixture&) { eventfd(1ULL << 32); }},
      {"os.eventfd_read(fd_bad)", [](const Fixture& f) { eventfd_read(f.fd_bad); }},
      {"os.eventfd_write(fd_bad, 1)", [](const Fixture& f) { eventfd_write(f.fd_bad, 1); }},
      {"os.posix_fallocate(fd_bad, 0, 1)", [](const Fixture& f) { posix_fallocate(f.fd_bad, 0, 1); }},
      {"os.posix_fallocate(fd_file, 0, 0)", [](const Fixture& f) { posix_fallocate(f.fd_file, 0, 0); }},
      {"os.posix_fadvise(fd_bad, 0, 1, 0)", [](const Fixture& f) { posix_fadvise(f.fd_bad, 0, 1, 0); }},
      {"os.posix_fadvise(fd_file, 0, 1, 99)", [](const Fixture& f) { posix_fadvise(f.fd_file, 0, 1, 99); }},
      {"os.sendfile(fd_bad, fd_file, 0, 1)", [](const Fixture& f) { sendfile(f.fd_bad, f.fd_file, 0, 1); }},
      {"os.copy_file_range(fd_bad, fd_file, 1)", [](const Fixture& f) { copy_file_range(f.fd_bad, f.fd_file, 1); }},
      {"os.splice(fd_bad, fd_file, 1)", [](const Fixture& f) { splice(f.fd_bad, f.fd_file, 1); }},
      {"os.splice(fd_file, fd_dir, 1)", [](const Fixture& f) { splice(f.fd_file, f.fd_dir, 1); }},
      {"os.lockf(fd_bad, os.F_LOCK, 0)", [](const Fixture& f) { lockf(f.fd_bad, F_LOCK, 0); }},
      {"os.readv(fd_bad, [bytearray(1)])",
       [](const Fixture& f) {
         std::byte b[1];
         std::span<std::byte> v[] = {b};
         readv(f.fd_bad, v);
       }},
      {"os.writev(fd_bad, [b'x'])",
       [](const Fixture& f) {
         std::string_view v[] = {"x"};
         writev(f.fd_bad, v);
       }},
      {"os.preadv(fd_bad, [bytearray(1)], 0)",
       [](const Fixture& f) {
         std::byte b[1];
         std::span<std::byte> v[] = {b};
         preadv(f.fd_bad, v, 0);
       }},
      {"os.pwritev(fd_file, [b'x'], -1)",
       [](const Fixture& f) {
         std::string_view v[] = {"x"};
         pwritev(f.fd_file, v, -1);
       }},
      {"os.timerfd_create(99)", [](const Fixture&) { timerfd_create(99); }},
      {"os.timerfd_gettime(fd_bad)", [](const Fixture& f) { timerfd_gettime(f.fd_bad); }},
      {"os.timerfd_settime(fd_file, initial=1)", [](const Fixture& f) { timerfd_settime(f.fd_file, {.initial = 1}); }},
      {"os.fstatvfs(fd_bad)", [](const Fixture& f) { fstatvfs(f.fd_bad); }},
      {"os.statvfs(fd_bad)", [](const Fixture& f) { statvfs(f.fd_bad); }},
      {"os.statvfs('nope')", [](const Fixture&) { statvfs("nope"); }},
      {"os.fpathconf(fd_bad, 3)", [](const Fixture& f) { fpathconf(f.fd_bad, 3); }},
      {"os.pathconf('nope', 3)", [](const Fixture&) { pathconf("nope", 3); }},
      {"os.fchmod(fd_bad, 0)", [](const Fixture& f) { fchmod(f.fd_bad, 0); }},
      {"os.fchown(fd_bad, 0, 0)", [](const Fixture& f) { fchown(f.fd_bad, 0, 0); }},
      {"os.fchdir(fd_bad)", [](const Fixture& f) { fchdir(f.fd_bad); }},
      {"os.fchdir(fd_file)", [](const Fixture& f) { fchdir(f.fd_file); }},
      {"os.pipe2(-1)", [](const Fixture&) { pipe2(-1); }},
      {"os.fsync(-1)", [](const Fixture&) { fsync(-1); }},
      {"os.fdatasync(-1)", [](const Fixture&) { fdatasync(-1); }},
      {"os.fchdir(-1)", [](const Fixture&) { fchdir(-1); }},
      {"os.fpathconf(-1, 3)", [](const Fixture&) { fpathconf(-1, 3); }},
      {"os.fpathconf(fd_file, 9999)", [](const Fixture& f) { fpathconf(f.fd_file, 9999); }},
      {"os.pathconf('.', 9999)", [](const Fixture&) { pathconf(".", 9999); }},
      {"os.eventfd_read(-1)", [](const Fixture&) { eventfd_read(-1); }},
      {"os.eventfd_write(-1, 1)", [](const Fixture&) { eventfd_write(-1, 1); }},
      {"os.timerfd_gettime(-1)", [](const Fixture&) { timerfd_gettime(-1); }},
      {"os.timerfd_settime_ns(-1)", [](const Fixture&) { timerfd_settime_ns(-1); }},
      {"os.fstatvfs(-1)", [](const Fixture&) { fstatvfs(-1); }},
      {"os.fstat(-1)", [](const Fixture&) { fstat(-1); }},
  };
  test::check_error_table(cases);
}

class Fd : public test::TempDirTest {};

TEST_F(Fd, ReadWriteSeekArePythonShaped) {
  const int fd = open(tmp / "f", O_RDWR | O_CREAT, 0600);
  EXPECT_FALSE(get_inheritable(fd));  // PEP 446
  EXPECT_EQ(write(fd, "hello world"), 11U);
  EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
  EXPECT_EQ(read(fd, 5), "hello");
  EXPECT_EQ(read(fd, 100), " world");
  EXPECT_EQ(read(fd, 100), "");
  EXPECT_EQ(pread(fd, 3, 6), "wor");
  EXPECT_EQ(pwrite(fd, "W", 6), 1U);
  EXPECT_EQ(pread(fd, 100, 0), "hello World");
  std::string_view parts[] = {"ab", "cd"};
  EXPECT_EQ(pwritev(fd, parts, 0), 4U);
  std::byte a[2], b[3];
  std::span<std::byte> bufs[] = {a, b};
  EXPECT_EQ(preadv(fd, bufs, 0), 5U);
  EXPECT_EQ(static_cast<char>(b[2]), 'o');  // "abcdo World": a = "ab", b = "cdo"
  ftruncate(fd, 3);
  EXPECT_EQ(fstat(fd).st_size, 3);
  truncate(tmp / "f", 1);
  EXPECT_EQ(stat(tmp / "f").st_size, 1);
  close(fd);
  EXPECT_RAISES(close(fd), OSError, EBADF);
}

TEST_F(Fd, InheritanceAndBlockingFlags) {
  auto [r, w] = pipe();
  EXPECT_FALSE(get_inheritable(r));
  EXPECT_FALSE(get_inheritable(w));
  set_inheritable(r, true);
  EXPECT_TRUE(get_inheritable(r));
  EXPECT_TRUE(get_blocking(w));
  set_blocking(w, false);
  EXPECT_FALSE(get_blocking(w));
  const int d = dup(r);
  EXPECT_FALSE(get_inheritable(d));  // os.dup is non-inheritable
  const int d2 = dup2(w, d);
  EXPECT_EQ(d2, d);
  EXPECT_TRUE(get_inheritable(d2));  // os.dup2 default inheritable=True
  dup2(w, d, false);
  EXPECT_FALSE(get_inheritable(d));
  auto [r2, w2] = pipe2(0);
  EXPECT_TRUE(get_inheritable(r2));  // CPython: os.pipe2(0) is inheritable
  for (int fd : {r, w, d, r2, w2}) close(fd);
  closerange(0, 0);  // empty range: nothing happens
}

TEST_F(Fd, SpecialDescriptors) {
  const int m = memfd_create("pyos");
  EXPECT_FALSE(get_inheritable(m));
  const int m2 = memfd_create("pyos2", 0);
  EXPECT_TRUE(get_inheritable(m2));  // CPython: flags=0 is inheritable
  close(m2);
  EXPECT_EQ(write(m, "abc"), 3U);
  EXPECT_EQ(fstat(m).st_size, 3);
  const int e = eventfd(5);
  eventfd_write(e, 2);
  EXPECT_EQ(eventfd_read(e), 7U);
  const int t = timerfd_create(CLOCK_MONOTONIC);
  EXPECT_FALSE(get_inheritable(t));  // CPython adds TFD_CLOEXEC always
  timerfd_settime(t, {.initial = 100, .interval = 1.9e-9});
  EXPECT_EQ(timerfd_gettime_ns(t).interval, 1);  // CPython floors: 1.9e-9 s -> 1 ns
  const auto old = timerfd_settime_ns(t, {.initial = 0});
  EXPECT_EQ(old.interval, 1);
  EXPECT_EQ(timerfd_gettime(t).next_expiration, 0.0);
  auto [master, slave] = openpty();
  EXPECT_TRUE(isatty(slave));
  EXPECT_FALSE(isatty(m));
  EXPECT_FALSE(isatty(999));
  EXPECT_EQ(ttyname(slave).rfind("/dev/pts/", 0), 0U);
  EXPECT_EQ(device_encoding(slave), "UTF-8");
  EXPECT_EQ(device_encoding(m), std::nullopt);
  (void)get_terminal_size(slave);
  for (int fd : {m, e, t, master, slave}) close(fd);
}

TEST_F(Fd, ZeroCopyTransfers) {
  const int src = open(tmp / "src", O_RDWR | O_CREAT, 0600);
  const int dst = open(tmp / "dst", O_RDWR | O_CREAT, 0600);
  write(src, "0123456789");
  EXPECT_EQ(sendfile(dst, src, 2, 3), 3U);
  EXPECT_EQ(pread(dst, 10, 0), "234");
  EXPECT_EQ(copy_file_range(src, dst, 2, 0, 3), 2U);
  EXPECT_EQ(pread(dst, 10, 0), "23401");
  auto [r, w] = pipe();
  EXPECT_EQ(splice(src, w, 4, 6), 4U);
  EXPECT_EQ(read(r, 10), "6789");
  for (int fd : {src, dst, r, w}) close(fd);
}

}  // namespace
}  // namespace pyos::os

namespace pyos::os {
namespace {

TEST(Pty, OpenGrantUnlockAndName) {
  const int m = posix_openpt(O_RDWR | O_NOCTTY);
  EXPECT_FALSE(get_inheritable(m));  // CPython: os.posix_openpt gives a non-inheritable fd
  grantpt(m);
  unlockpt(m);
  const std::string slave = ptsname(m);
  EXPECT_EQ(slave.rfind("/dev/pts/", 0), 0U);
  const int s = open(slave, O_RDWR | O_NOCTTY);
  EXPECT_TRUE(isatty(s));
  close(s);
  close(m);
}

TEST(Pty, LoginTtyInAChildMakesTheTerminalControlling) {
  auto [m, s] = openpty();
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      login_tty(s);
      // stdin is now the terminal and this process leads its foreground group.
      ::_exit(isatty(0) && tcgetpgrp(0) == ::getpgrp() ? 0 : 1);
    } catch (...) {
      ::_exit(2);
    }
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  close(m);
  close(s);
}

TEST(PtyErrors, MatchCPython) {
  const std::vector<test::ErrorCase> cases = {
      {"os.ptsname(fd_bad)", [](const test::Fixture& f) { ptsname(f.fd_bad); }},
      {"os.grantpt(fd_bad)", [](const test::Fixture& f) { grantpt(f.fd_bad); }},
      {"os.unlockpt(fd_bad)", [](const test::Fixture& f) { unlockpt(f.fd_bad); }},
      {"os.tcgetpgrp(fd_bad)", [](const test::Fixture& f) { tcgetpgrp(f.fd_bad); }},
      {"os.tcsetpgrp(fd_bad, 1)", [](const test::Fixture& f) { tcsetpgrp(f.fd_bad, 1); }},
      {"os.posix_openpt(-1)", [](const test::Fixture&) { posix_openpt(-1); }},
      {"os.login_tty(fd_bad)", [](const test::Fixture& f) { login_tty(f.fd_bad); }},
      {"os.login_tty(-1)", [](const test::Fixture&) { login_tty(-1); }},
      {"os.ptsname(-1)", [](const test::Fixture&) { ptsname(-1); }},
      {"os.grantpt(-1)", [](const test::Fixture&) { grantpt(-1); }},
      {"os.unlockpt(-1)", [](const test::Fixture&) { unlockpt(-1); }},
      {"os.tcgetpgrp(fd_file)", [](const test::Fixture& f) { tcgetpgrp(f.fd_file); }},
  };
  test::check_error_table(cases);
}

}  // namespace
}  // namespace pyos::os
