#include "_sys/unique_fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "_sys/fault.hpp"
#include "support/pyos_test.hpp"

namespace pyos::_sys {
namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFd, ClosesOnDestructionAndMove) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  {
    UniqueFd a(raw);
    UniqueFd b(std::move(a));
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(b.get(), raw);
    EXPECT_TRUE(is_open(raw));
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, ReleaseGivesUpOwnership) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  {
    UniqueFd a(raw);
    EXPECT_EQ(a.release(), raw);
  }
  EXPECT_TRUE(is_open(raw));
  ::close(raw);
}

TEST(UniqueFd, AFailingCloseIsReportedNotThrown) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::testing::internal::CaptureStderr();
  {
    fault::Injector inject;
    inject.add({.call = Call::close, .error = EIO});
    UniqueFd a(raw);
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "Exception ignored while closing file descriptor " + std::to_string(raw) +
                     ": [Errno 5] Input/output error\n");
  EXPECT_FALSE(is_open(raw));
}

}  // namespace
}  // namespace pyos::_sys
