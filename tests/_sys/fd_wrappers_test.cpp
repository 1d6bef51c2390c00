// Fault-injection cases for the file-descriptor wrappers (_sys/fd.hpp).
#include <sys/stat.h>

#include "_sys/fd.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

std::string g_read;  // what the last read-family case read
std::array<char, 8> g_buf;

const bool registered = register_cases({
      {Call::open, Kind::other,
       [](World& w) { return closing(open((w.dir / "f").c_str(), O_RDONLY)); }},
      {Call::openat, Kind::other, [](World& w) { return closing(openat(w.dirfd, "f", O_RDONLY)); }},
      {Call::close, Kind::close, [](World& w) { return outcome(close(std::exchange(w.fd, -1))); }},
      {Call::read, Kind::transfer,
       [](World& w) {
         g_buf.fill(0);
         auto r = read(w.fd, std::as_writable_bytes(std::span(g_buf.data(), 4)));
         return outcome(r);
       },
       [](World& w) {
         EXPECT_EQ(g_buf[0], '0');
         EXPECT_EQ(g_buf[1], '\0');
         EXPECT_EQ(::lseek(w.fd, 0, SEEK_CUR), 1);
       }},
      {Call::write, Kind::transfer, [](World& w) { return outcome(write(w.fd, bytes("abcd"))); },
       [](World& w) { EXPECT_EQ(w.contents(), "a123456789"); }},
      {Call::pread, Kind::transfer,
       [](World& w) {
         g_buf.fill(0);
         return outcome(pread(w.fd, std::as_writable_bytes(std::span(g_buf.data(), 4)), 2));
       },
       [](World&) { EXPECT_EQ(std::string(g_buf.data()), "2"); }},
      {Call::pwrite, Kind::transfer, [](World& w) { return outcome(pwrite(w.fd, bytes("xy"), 3)); },
       [](World& w) { EXPECT_EQ(w.contents(), "012x456789"); }},
      {Call::readv, Kind::transfer,
       [](World& w) {
         g_buf.fill(0);
         const iovec v[] = {{g_buf.data(), 2}, {g_buf.data() + 4, 3}};
         return outcome(readv(w.fd, v));
       },
       [](World&) {
         EXPECT_EQ(g_buf[0], '0');
         EXPECT_EQ(g_buf[1], '\0');
         EXPECT_EQ(g_buf[4], '\0');
       }},
      {Call::writev, Kind::transfer,
       [](World& w) {
         static char a[] = "ab", b[] = "cde";
         const iovec v[] = {{a, 2}, {b, 3}};
         return outcome(writev(w.fd, v));
       },
       [](World& w) { EXPECT_EQ(w.contents(), "a123456789"); }},
      {Call::lseek, Kind::other, [](World& w) { return outcome(lseek(w.fd, 2, SEEK_SET)); }},
      {Call::fstat, Kind::other, [](World& w) { return outcome(fstat(w.fd)); }},
      {Call::fstatat, Kind::other, [](World& w) { return outcome(fstatat(w.dirfd, "f", 0)); }},
      {Call::fsync, Kind::other, [](World& w) { return outcome(fsync(w.fd)); }},
      {Call::fdatasync, Kind::other, [](World& w) { return outcome(fdatasync(w.fd)); }},
      {Call::ftruncate, Kind::other, [](World& w) { return outcome(ftruncate(w.fd, 5)); }},
      {Call::dup, Kind::other, [](World& w) { return closing(dup(w.fd)); }},
      {Call::dup2, Kind::other,
       [](World& w) {
         const int target = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
         auto r = dup2(w.fd, target);
         ::close(target);
         return outcome(r);
       }},
      {Call::dup3, Kind::other,
       [](World& w) {
         const int target = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
         auto r = dup3(w.fd, target, O_CLOEXEC);
         ::close(target);
         return outcome(r);
       }},
      {Call::pipe2, Kind::other, [](World&) { return closing(pipe2(0)); }},
      {Call::fcntl, Kind::other, [](World& w) { return outcome(fcntl(w.fd, F_GETFD)); }},
      {Call::unlinkat, Kind::other, [](World& w) { return outcome(unlinkat(w.dirfd, "f", 0)); }},
      {Call::mkdirat, Kind::other, [](World& w) { return outcome(mkdirat(w.dirfd, "d", 0700)); }},
      {Call::renameat, Kind::other,
       [](World& w) { return outcome(renameat(w.dirfd, "f", w.dirfd, "g")); }},
      {Call::getcwd, Kind::other, [](World&) { return outcome(getcwd()); }},
});

}  // namespace
}  // namespace pyos::_sys::testing
