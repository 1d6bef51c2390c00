// Every _sys wrapper through the fault-injection seam: it works without faults, retries
// EINTR (close: EINTR means closed), reports other errnos with its call name unretried,
// and (read/write family) passes on a short count as a real, shorter transfer. Each case
// checks that no descriptor leaks. The cases come from the *_wrappers_test.cpp files; the
// table must name every _sys::Call.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <string>

#include "_sys/fd.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {

namespace {
std::vector<Case>& table() {
  static std::vector<Case> cases;
  return cases;
}
}  // namespace

bool register_cases(std::vector<Case> cases) {
  for (auto& c : cases) table().push_back(std::move(c));
  return true;
}

const std::vector<Case>& all_cases() { return table(); }

namespace {

using fault::Injector;

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
  EXPECT_EQ(o.ok, c.natural_errno == 0) << o.call << " errno " << o.error;
  if (!o.ok) {
    EXPECT_EQ(o.error, c.natural_errno);
  }
  EXPECT_EQ(inject.calls(c.call), 1U);
}

TEST_P(Wrapper, EintrIsRetriedOrMeansClosed) {
  const Case& c = GetParam();
  World w;
  const int fd = w.fd;
  Injector inject;
  inject.add({.call = c.call, .nth = 1, .times = 3, .error = EINTR});
  const Outcome o = c.run(w);
  EXPECT_NE(o.error, EINTR) << "EINTR reached the caller";
  EXPECT_EQ(o.ok, c.natural_errno == 0);
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
  for (const Case& c : all_cases()) {
    if (c.kind == Kind::transfer) out.push_back(c);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryCall, Wrapper, ::testing::ValuesIn(all_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(EveryTransfer, TransferWrapper, ::testing::ValuesIn(transfer_cases()),
                         case_name);

TEST(WrapperTable, CoversEveryCall) {
  std::set<Call> covered;
  for (const Case& c : all_cases()) covered.insert(c.call);
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
  auto p = pipe2(O_CLOEXEC).value();
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
}  // namespace pyos::_sys::testing
