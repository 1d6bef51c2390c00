// Fault-injection cases for the os.path wrappers (_sys/path_posix.hpp), and their own
// behaviour: readlinkat of any length, the password database lookups.
#include <pwd.h>
#include <unistd.h>

#include "_sys/path_posix.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

const bool registered = register_cases({
    {Call::readlinkat, Kind::other,
     [](World& w) {
       if (::symlinkat("f", w.dirfd, "link") != 0) return Outcome{false, errno, "setup", 0};
       auto r = readlinkat(w.dirfd, "link");
       ::unlinkat(w.dirfd, "link", 0);
       if (r) {
         EXPECT_EQ(*r, "f");
       }
       return outcome(r);
     }},
    {Call::getpwnam_r, Kind::other,
     [](World&) {
       auto r = getpwnam_home("root");
       if (r) {
         EXPECT_TRUE(r->has_value());
       }
       return outcome(r);
     }},
    {Call::getpwuid_r, Kind::other,
     [](World&) {
       auto r = getpwuid_home(0);
       if (r) {
         EXPECT_TRUE(r->has_value());
       }
       return outcome(r);
     }},
});

TEST(PathWrappers, ReadlinkatReturnsTheWholeTarget) {
  World w;
  for (std::size_t len : {1UL, 100UL, 4000UL, 4095UL}) {
    SCOPED_TRACE(len);
    const std::string target(len, 'x');
    ASSERT_EQ(::symlinkat(target.c_str(), w.dirfd, "link"), 0);
    auto r = readlinkat(w.dirfd, "link");
    ::unlinkat(w.dirfd, "link", 0);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, target);
  }
}

TEST(PathWrappers, ReadlinkatErrors) {
  World w;
  EXPECT_EQ(readlinkat(w.dirfd, "f").error().code, EINVAL);  // not a link
  EXPECT_EQ(readlinkat(w.dirfd, "missing").error().code, ENOENT);
  EXPECT_EQ(readlinkat(-1, "x").error().code, EBADF);
  EXPECT_STREQ(readlinkat(w.dirfd, "f").error().call, "readlinkat");
}

TEST(PathWrappers, PasswordDatabase) {
  // root exists on every Debian system, with the home of getpwnam(3).
  const passwd* root = ::getpwnam("root");
  ASSERT_NE(root, nullptr);
  const std::string root_home = root->pw_dir;
  EXPECT_EQ(getpwnam_home("root").value(), std::optional<std::string>(root_home));
  EXPECT_EQ(getpwuid_home(0).value(), std::optional<std::string>(root_home));
  EXPECT_EQ(getpwnam_home("pyos-no-such-user-q7x").value(), std::nullopt);
  EXPECT_EQ(getpwuid_home(static_cast<uid_t>(4000000000U)).value(), std::nullopt);
  const passwd* self = ::getpwuid(::getuid());
  if (self != nullptr) {
    EXPECT_EQ(getpwuid_home().value(), std::optional<std::string>(self->pw_dir));
  }
}

TEST(PathWrappers, PasswordDatabaseRetriesERangeWithABiggerBuffer) {
  fault::Injector inject;
  inject.add({.call = Call::getpwnam_r, .nth = 1, .times = 2, .error = ERANGE});
  const passwd* root = ::getpwnam("root");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(getpwnam_home("root").value(), std::optional<std::string>(root->pw_dir));
  EXPECT_EQ(inject.calls(Call::getpwnam_r), 3U);
}

}  // namespace
}  // namespace pyos::_sys::testing
