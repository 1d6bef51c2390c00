// Every _sys wrapper through the fault-injection seam: it works without faults, retries
// EINTR (close: EINTR means closed), reports other errnos with its call name unretried,
// and (read/write family) passes on a short count as a real, shorter transfer. Each case
// checks that no descriptor leaks. The table must name every _sys::Call.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <set>
#include <string>

#include "_sys/fault.hpp"
#include "_sys/fd.hpp"
#include "support/pyos_test.hpp"

namespace pyos::_sys {
namespace {

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

Outcome outcome(const Result<void>& r) {
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
};

// Test names and failure messages show the call, not the bytes of the Case.
void PrintTo(const Case& c, std::ostream* os) { *os << call_name(c.call); }

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s)); }

std::string g_read;  // what the last read-family case read
std::array<char, 8> g_buf;

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
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
  };
  return table;
}

int open_fd_count() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d) != nullptr) ++n;
    ::closedir(d);
  }
  return n;
}

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

class Wrapper : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override { fds_before_ = open_fd_count(); }
  void TearDown() override { EXPECT_EQ(open_fd_count(), fds_before_) << "descriptor leak"; }

 private:
  int fds_before_ = 0;
};

TEST_P(Wrapper, SucceedsInOneCallWithoutFaults) {
  const Case& c = GetParam();
  World w;
  Injector inject;
  const Outcome o = c.run(w);
  EXPECT_TRUE(o.ok) << o.call << " errno " << o.error;
  EXPECT_EQ(inject.calls(c.call), 1U);
}

TEST_P(Wrapper, EintrIsRetriedOrMeansClosed) {
  const Case& c = GetParam();
  World w;
  const int fd = w.fd;
  Injector inject;
  inject.add({.call = c.call, .nth = 1, .times = 3, .error = EINTR});
  const Outcome o = c.run(w);
  EXPECT_TRUE(o.ok) << "EINTR reached the caller";
  if (c.kind == Kind::close) {
    EXPECT_EQ(inject.calls(c.call), 1U) << "close must never be retried";
    EXPECT_FALSE(is_open(fd)) << "close reported EINTR but left the descriptor open";
  } else {
    EXPECT_EQ(inject.calls(c.call), 4U) << "three EINTRs, then the real call";
  }
}

TEST_P(Wrapper, OtherErrorsAreReportedWithTheCallName) {
  const Case& c = GetParam();
  for (int err : {EIO, ENOSPC, EMFILE, EAGAIN, EACCES, ENOENT}) {
    SCOPED_TRACE(err);
    World w;
    const int fd = w.fd;
    Injector inject;
    inject.add({.call = c.call, .nth = 1, .times = 0, .error = err});
    const Outcome o = c.run(w);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error, err);
    EXPECT_EQ(o.call, call_name(c.call));
    EXPECT_EQ(inject.calls(c.call), 1U) << "only EINTR is retried";
    if (c.kind == Kind::close) {
      EXPECT_FALSE(is_open(fd)) << "close always releases";
    }
  }
}

// The read/write family only: a short count is theirs.
class TransferWrapper : public Wrapper {};

TEST_P(TransferWrapper, ShortCountIsARealShorterTransfer) {
  const Case& c = GetParam();
  World w;
  Injector inject;
  inject.add({.call = c.call, .nth = 1, .times = 1, .short_count = 1});
  const Outcome o = c.run(w);
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.count, 1U);
  c.check_short(w);
}

TEST_P(TransferWrapper, EintrThenShortCount) {
  const Case& c = GetParam();
  World w;
  Injector inject;
  inject.add({.call = c.call, .nth = 1, .times = 2, .error = EINTR});
  inject.add({.call = c.call, .nth = 3, .times = 1, .short_count = 1});
  const Outcome o = c.run(w);
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.count, 1U);
  EXPECT_EQ(inject.calls(c.call), 3U);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return std::string(call_name(info.param.call));
}

std::vector<Case> transfer_cases() {
  std::vector<Case> out;
  for (const Case& c : cases()) {
    if (c.kind == Kind::transfer) out.push_back(c);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryCall, Wrapper, ::testing::ValuesIn(cases()), case_name);
INSTANTIATE_TEST_SUITE_P(EveryTransfer, TransferWrapper, ::testing::ValuesIn(transfer_cases()),
                         case_name);

TEST(WrapperTable, CoversEveryCall) {
  std::set<Call> covered;
  for (const Case& c : cases()) covered.insert(c.call);
  for (std::size_t i = 0; i < kCallCount; ++i) {
    EXPECT_TRUE(covered.contains(static_cast<Call>(i)))
        << call_name(static_cast<Call>(i)) << " has no fault-injection case";
  }
}

bool cloexec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

TEST(CloseOnExec, IsTheDefaultForEveryDescriptorPyosCreates) {
  World w;
  auto a = open((w.dir / "f").c_str(), O_RDONLY).value();
  auto b = openat(w.dirfd, "f", O_RDONLY).value();
  auto c = dup(w.fd).value();
  auto p = pipe2(0).value();
  for (int fd : {a, b, c, p[0], p[1]}) {
    EXPECT_TRUE(cloexec(fd)) << fd;
    ::close(fd);
  }
}

TEST(CloseOnExec, Dup2IsInheritableAndDup3FollowsItsFlags) {
  World w;
  const int target = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_EQ(dup2(w.fd, target).value(), target);
  EXPECT_FALSE(cloexec(target));
  ASSERT_EQ(dup3(w.fd, target, O_CLOEXEC).value(), target);
  EXPECT_TRUE(cloexec(target));
  ::close(target);
}

TEST(Getcwd, GrowsItsBufferForLongPaths) {
  World w;
  // A directory path longer than the first 256-byte buffer.
  std::string path = w.dir.path().string();
  const std::string saved = getcwd().value();
  for (int i = 0; i < 6; ++i) {
    path += "/" + std::string(60, static_cast<char>('a' + i));
    ASSERT_EQ(::mkdir(path.c_str(), 0700), 0);
  }
  ASSERT_EQ(::chdir(path.c_str()), 0);
  const auto cwd = getcwd();
  ASSERT_EQ(::chdir(saved.c_str()), 0);
  ASSERT_TRUE(cwd);
  EXPECT_EQ(*cwd, path);
}

}  // namespace
}  // namespace pyos::_sys
