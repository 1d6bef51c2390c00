// Fault-injection cases for the wrappers of _sys/fs_linux.hpp.
#include <pty.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include "_sys/fs_linux.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

std::array<char, 8> g_buf;

// A descriptor made with raw libc for a case, closed when the case ends.
struct Raw {
  int fd;
  explicit Raw(int f) : fd(f) {}
  ~Raw() {
    if (fd >= 0) ::close(fd);
  }
};

Outcome with_cwd_restored(const std::function<Outcome()>& fn) {
  char saved[4096];
  if (::getcwd(saved, sizeof saved) == nullptr) return {false, errno, "getcwd", 0};
  Outcome o = fn();
  if (::chdir(saved) != 0) return {false, errno, "chdir(restore)", 0};
  return o;
}

const bool registered = register_cases({
    {Call::preadv, Kind::other,
     [](World& w) {
       const iovec v[] = {{g_buf.data(), 2}};
       return outcome(_sys::preadv(w.fd, v, 0, 0));
     }},
    {Call::pwritev, Kind::other,
     [](World& w) {
       static char a[] = "ab";
       const iovec v[] = {{a, 2}};
       return outcome(_sys::pwritev(w.fd, v, 0, 0));
     }},
    {Call::truncate, Kind::other, [](World& w) { return outcome(_sys::truncate((w.dir / "f").c_str(), 3)); }},
    {Call::posix_fallocate, Kind::other, [](World& w) { return outcome(_sys::posix_fallocate(w.fd, 0, 100)); }},
    {Call::posix_fadvise, Kind::other,
     [](World& w) { return outcome(_sys::posix_fadvise(w.fd, 0, 0, POSIX_FADV_NORMAL)); }},
    {Call::sendfile, Kind::other,
     [](World& w) {
       Raw out(::openat(w.dirfd, "out", O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
       off_t off = 0;
       return outcome(_sys::sendfile(out.fd, w.fd, &off, 4));
     }},
    {Call::copy_file_range, Kind::other,
     [](World& w) {
       Raw out(::openat(w.dirfd, "out", O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
       off_t off = 0;
       return outcome(_sys::copy_file_range(w.fd, &off, out.fd, nullptr, 4, 0));
     }},
    {Call::splice, Kind::other,
     [](World& w) {
       int p[2];
       if (::pipe2(p, O_CLOEXEC) != 0) return Outcome{false, errno, "pipe2", 0};
       Raw r(p[0]), wr(p[1]);
       off_t off = 0;
       return outcome(_sys::splice(w.fd, &off, wr.fd, nullptr, 4, 0));
     }},
    {Call::lockf, Kind::other,
     [](World& w) {
       auto r = lockf(w.fd, F_TLOCK, 0);
       (void)::lockf(w.fd, F_ULOCK, 0);
       return outcome(r);
     }},
    {Call::ttyname, Kind::other,
     [](World&) {
       int m = -1, s = -1;
       if (::openpty(&m, &s, nullptr, nullptr, nullptr) != 0) return Outcome{false, errno, "openpty", 0};
       Raw a(m), b(s);
       return outcome(_sys::ttyname(s));
     }},
    {Call::memfd_create, Kind::other, [](World&) { return closing(_sys::memfd_create("pyos", 0)); }},
    {Call::eventfd, Kind::other, [](World&) { return closing(_sys::eventfd(0, EFD_CLOEXEC)); }},
    {Call::timerfd_create, Kind::other,
     [](World&) { return closing(_sys::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)); }},
    {Call::timerfd_settime, Kind::other,
     [](World&) {
       Raw t(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
       return outcome(_sys::timerfd_settime(t.fd, 0, itimerspec{}));
     }},
    {Call::timerfd_gettime, Kind::other,
     [](World&) {
       Raw t(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
       return outcome(_sys::timerfd_gettime(t.fd));
     }},
    {Call::openpty, Kind::other, [](World&) { return closing(_sys::openpty()); }},
    {Call::ioctl, Kind::other,
     [](World&) {
       int m = -1, s = -1;
       if (::openpty(&m, &s, nullptr, nullptr, nullptr) != 0) return Outcome{false, errno, "openpty", 0};
       Raw a(m), b(s);
       return outcome(_sys::get_winsize(s));
     }},
    {Call::posix_openpt, Kind::other, [](World&) { return closing(_sys::posix_openpt(O_RDWR | O_NOCTTY)); }},
    {Call::grantpt, Kind::other,
     [](World&) {
       Raw m(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
       return outcome(_sys::grantpt(m.fd));
     }},
    {Call::unlockpt, Kind::other,
     [](World&) {
       Raw m(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
       return outcome(_sys::unlockpt(m.fd));
     }},
    {Call::ptsname, Kind::other,
     [](World&) {
       Raw m(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
       return outcome(_sys::ptsname(m.fd));
     }},
    {Call::tcgetpgrp, Kind::other,
     [](World&) {
       int m = -1, s = -1;
       if (::openpty(&m, &s, nullptr, nullptr, nullptr) != 0) return Outcome{false, errno, "openpty", 0};
       Raw a(m), b(s);
       // Not this process's controlling terminal: the kernel answers with a pgrp of 0.
       return outcome(_sys::tcgetpgrp(m));
     }},
    {Call::tcsetpgrp, Kind::other,
     [](World&) {
       // A terminal that is not this process's controlling terminal refuses with ENOTTY;
       // making one controlling would need setsid(), which a test process must not do.
       int m = -1, s = -1;
       if (::openpty(&m, &s, nullptr, nullptr, nullptr) != 0) return Outcome{false, errno, "openpty", 0};
       Raw a(m), b(s);
       return outcome(_sys::tcsetpgrp(s, ::getpgrp()));
     },
     nullptr, ENOTTY},
    {Call::ioctl_int, Kind::other,
     [](World&) {
       int m = -1, s = -1;
       if (::openpty(&m, &s, nullptr, nullptr, nullptr) != 0) return Outcome{false, errno, "openpty", 0};
       Raw a(m), b(s);
       return outcome(_sys::ioctl_int(s, TCFLSH, TCIFLUSH));  // takes its argument by value
     }},
    {Call::fstatvfs, Kind::other, [](World& w) { return outcome(_sys::fstatvfs(w.fd)); }},
    {Call::statvfs, Kind::other, [](World& w) { return outcome(_sys::statvfs(w.dir.path().c_str())); }},
    {Call::fpathconf, Kind::other, [](World& w) { return outcome(_sys::fpathconf(w.fd, _PC_NAME_MAX)); }},
    {Call::pathconf, Kind::other,
     [](World& w) { return outcome(_sys::pathconf(w.dir.path().c_str(), _PC_NAME_MAX)); }},
    {Call::fchmod, Kind::other, [](World& w) { return outcome(_sys::fchmod(w.fd, 0600)); }},
    {Call::fchmodat, Kind::other, [](World& w) { return outcome(_sys::fchmodat(w.dirfd, "f", 0600, 0)); }},
    {Call::fchown, Kind::other,
     [](World& w) { return outcome(_sys::fchown(w.fd, ::geteuid(), ::getegid())); }},
    {Call::fchownat, Kind::other,
     [](World& w) { return outcome(_sys::fchownat(w.dirfd, "f", ::geteuid(), ::getegid(), 0)); }},
    {Call::fchdir, Kind::other,
     [](World& w) { return with_cwd_restored([&] { return outcome(_sys::fchdir(w.dirfd)); }); }},
    {Call::chdir, Kind::other,
     [](World& w) { return with_cwd_restored([&] { return outcome(_sys::chdir(w.dir.path().c_str())); }); }},
    {Call::chroot, Kind::other,
     [](World&) {
       // chroot("/") changes nothing for the test process but needs root; CI runs as root.
       if (::geteuid() != 0) return Outcome{true, 0, "", 0};
       return outcome(_sys::chroot("/"));
     }},
    {Call::faccessat, Kind::other, [](World& w) { return outcome(_sys::faccessat(w.dirfd, "f", R_OK, 0)); }},
    {Call::linkat, Kind::other, [](World& w) { return outcome(_sys::linkat(w.dirfd, "f", w.dirfd, "h", 0)); }},
    {Call::symlinkat, Kind::other, [](World& w) { return outcome(_sys::symlinkat("f", w.dirfd, "s")); }},
    {Call::mkfifoat, Kind::other, [](World& w) { return outcome(_sys::mkfifoat(w.dirfd, "p", 0600)); }},
    {Call::mknodat, Kind::other,
     [](World& w) { return outcome(_sys::mknodat(w.dirfd, "n", S_IFIFO | 0600, 0)); }},
    {Call::utimensat, Kind::other, [](World& w) { return outcome(_sys::utimensat(w.dirfd, "f", nullptr, 0)); }},
    {Call::futimens, Kind::other, [](World& w) { return outcome(_sys::futimens(w.fd, nullptr)); }},
    {Call::setxattr, Kind::other,
     [](World& w) { return outcome(_sys::setxattr({.fd = w.fd}, "user.pyos", "v", 0)); }},
    {Call::getxattr, Kind::other,
     [](World& w) {
       (void)::fsetxattr(w.fd, "user.pyos", "v", 1, 0);
       return outcome(_sys::getxattr({.fd = w.fd}, "user.pyos"));
     }},
    {Call::listxattr, Kind::other,
     [](World& w) { return outcome(_sys::listxattr({.path = (w.dir / "f").c_str()})); }},
    {Call::removexattr, Kind::other,
     [](World& w) {
       (void)::fsetxattr(w.fd, "user.pyos", "v", 1, 0);
       return outcome(_sys::removexattr({.fd = w.fd}, "user.pyos"));
     }},
    {Call::statx, Kind::other,
     [](World& w) { return outcome(_sys::statx(w.dirfd, "f", 0, STATX_BASIC_STATS)); }},
});

}  // namespace
}  // namespace pyos::_sys::testing
