// Fault-injection case and behaviour of DirStream (_sys/dir_linux.hpp).
#include <set>

#include "_sys/dir_linux.hpp"
#include "_sys/wrapper_cases.hpp"

namespace pyos::_sys::testing {
namespace {

const bool registered = register_cases({
    {Call::getdents64, Kind::other,
     [](World& w) {
       DirStream dir(UniqueFd(::openat(w.dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)));
       return outcome(dir.next());
     }},
});

TEST(DirStream, ListsEveryEntryAcrossManyBuffers) {
  test::TempDir tmp;
  // Enough long names that the 32 KiB buffer refills several times.
  std::set<std::string> made;
  for (int i = 0; i < 2000; ++i) {
    const std::string name = "entry-" + std::string(40, 'x') + std::to_string(i);
    const int fd = ::open((tmp / name).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    ::close(fd);
    made.insert(name);
  }
  DirStream dir(UniqueFd(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)));
  std::set<std::string> seen;
  for (;;) {
    auto e = dir.next();
    ASSERT_TRUE(e);
    if (*e == nullptr) break;
    if ((*e)->name == "." || (*e)->name == "..") continue;
    EXPECT_EQ((*e)->type, DT_REG);
    seen.insert(std::string((*e)->name));
  }
  EXPECT_EQ(seen, made);
}

}  // namespace
}  // namespace pyos::_sys::testing
