// os.fspath / os.fsencode / os.fsdecode against CPython's (golden): pyos's strings are the
// file-system bytes, so decoding then encoding gives the bytes back, and the str's repr
// (shown in error messages) is the one Python shows for the decoded name.
#include <filesystem>

#include "_core/text.hpp"
#include "pyos/os/fspath.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

struct MyPath {
  std::string p;
  std::string fspath() const { return p; }
};

TEST(FsEncoding, RoundTripsAsCPythonsSurrogateescape) {
  const auto doc = test::golden("os_process/fsencoding.json");
  EXPECT_EQ(doc.at("encoding").get<std::string>(), "utf-8");
  EXPECT_EQ(doc.at("errors").get<std::string>(), "surrogateescape");
  for (const auto& c : test::golden_cases(doc)) {
    const std::string bytes = test::from_hex(c.at("bytes").get<std::string>());
    SCOPED_TRACE(c.at("repr_str").get<std::string>());
    const std::string decoded = fsdecode(bytes);
    EXPECT_EQ(fsencode(decoded), test::from_hex(c.at("fsencode_of_fsdecode").get<std::string>()));
    EXPECT_EQ(_core::repr_str(decoded), c.at("repr_str").get<std::string>());
    EXPECT_EQ(_core::repr_bytes(fsencode(bytes)), c.at("repr_bytes").get<std::string>());
  }
}

TEST(FsPath, AcceptsEveryPathLike) {
  EXPECT_EQ(fspath("a/b"), "a/b");
  EXPECT_EQ(fspath(std::string("x")), "x");
  EXPECT_EQ(fspath(std::string_view("sv")), "sv");
  EXPECT_EQ(fspath(std::filesystem::path("/p/q")), "/p/q");
  EXPECT_EQ(fspath(MyPath{"custom"}), "custom");
  EXPECT_EQ(fsencode(MyPath{"caf\xc3\xa9"}), "caf\xc3\xa9");
  EXPECT_EQ(fsdecode(std::filesystem::path("\xff")), "\xff");
}

}  // namespace
}  // namespace pyos::os
