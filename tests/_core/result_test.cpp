#include "_core/result.hpp"

#include <cerrno>
#include <string>

#include "support/pyos_test.hpp"

namespace pyos::_core {
namespace {

Result<int> ok() { return 7; }
Result<int> fails() { return SysError{ENOENT, "open"}; }

TEST(Result, HoldsValueOrError) {
  auto a = ok();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, 7);
  EXPECT_EQ(a.value(), 7);
  auto b = fails();
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ENOENT);
  EXPECT_STREQ(b.error().call, "open");
  EXPECT_EQ(b.value_or(-1), -1);
}

TEST(Result, ValueOfAFailureRaisesThePythonException) {
  EXPECT_RAISES_MSG(fails().value(), FileNotFoundError, "[Errno 2] No such file or directory");
  EXPECT_RAISES_MSG(fails().or_raise("x"), FileNotFoundError,
                    "[Errno 2] No such file or directory: 'x'");
  EXPECT_RAISES_MSG(Result<void>(SysError{EXDEV, "rename"}).or_raise("a", "b"), OSError,
                    "[Errno 18] Invalid cross-device link: 'a' -> 'b'");
  EXPECT_EQ(ok().or_raise("x"), 7);
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(3));
  std::unique_ptr<int> p = std::move(r).or_raise();
  EXPECT_EQ(*p, 3);
}

}  // namespace
}  // namespace pyos::_core
