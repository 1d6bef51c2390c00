// Fault-injection cases for the environment wrappers (_sys/env_posix.hpp).
#include <stdlib.h>

#include "_sys/env_posix.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

const bool registered = register_cases({
    {Call::setenv, Kind::other,
     [](World&) {
       auto r = setenv("PYOS_WRAPPER_TEST", "1", true);
       ::unsetenv("PYOS_WRAPPER_TEST");
       return outcome(r);
     }},
    {Call::unsetenv, Kind::other, [](World&) { return outcome(unsetenv("PYOS_WRAPPER_TEST")); }},
});

TEST(EnvWrappers, SetAndUnset) {
  ASSERT_TRUE(setenv("PYOS_ENV_TEST", "v", true));
  EXPECT_STREQ(::getenv("PYOS_ENV_TEST"), "v");
  ASSERT_TRUE(setenv("PYOS_ENV_TEST", "w", false));
  EXPECT_STREQ(::getenv("PYOS_ENV_TEST"), "v");
  bool seen = false;
  for (const auto& e : environ_entries()) seen |= (e == "PYOS_ENV_TEST=v");
  EXPECT_TRUE(seen);
  ASSERT_TRUE(unsetenv("PYOS_ENV_TEST"));
  EXPECT_EQ(::getenv("PYOS_ENV_TEST"), nullptr);
  EXPECT_EQ(setenv("", "x", true).error().code, EINVAL);
}

}  // namespace
}  // namespace pyos::_sys::testing
