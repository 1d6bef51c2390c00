// pyos::errno_ against CPython's errno module.
#include "pyos/errno.hpp"

#include <cerrno>
#include <map>
#include <set>
#include <string>

#include "support/pyos_test.hpp"

namespace pyos::errno_ {
namespace {

// Names pyos has on Linux that CPython 3.13 does not: CPython's docs add EHWPOISON in a
// later release ("versionadded:: next"); pyos reads it from <errno.h> already.
const std::set<std::string> kLaterAdditions = {"EHWPOISON"};

TEST(ErrnoGolden, EverySymbolOfCPythonWithItsValue) {
  const auto doc = test::golden("errno/errno.json");
  std::map<std::string, int> python;
  for (const auto& s : test::golden_cases(doc)) python[s.at("name")] = s.at("value");
  EXPECT_EQ(python.size(), doc.at("names_count").get<std::size_t>());

  std::map<std::string, int> ours;
  for (const Symbol& s : symbols()) ours[std::string(s.name)] = s.value;

  for (const auto& [name, v] : python) {
    ASSERT_TRUE(ours.contains(name)) << name;
    EXPECT_EQ(ours[name], v) << name;
    EXPECT_EQ(value(name), v) << name;
  }
  for (const auto& [name, v] : ours) {
    if (!python.contains(name)) {
      EXPECT_TRUE(kLaterAdditions.contains(name)) << "pyos has " << name << " but CPython has not";
    }
  }
  EXPECT_EQ(ours.size(), python.size() + kLaterAdditions.size());
}

TEST(ErrnoGolden, ErrorcodeChoosesCPythonsNames) {
  const auto doc = test::golden("errno/errno.json");
  std::size_t python_values = 0;
  for (const auto& e : doc.at("errorcode")) {
    const int v = e.at("value");
    EXPECT_EQ(errorcode.at(v), e.at("name").get<std::string>()) << v;
    EXPECT_EQ(errorcode[v], errorcode.at(v));
    ++python_values;
  }
  EXPECT_EQ(python_values, doc.at("values_count").get<std::size_t>());
  std::size_t extra = 0;
  for (const Symbol& s : errorcode.items()) {
    if (kLaterAdditions.contains(std::string(s.name))) ++extra;
  }
  EXPECT_EQ(errorcode.size(), python_values + extra);
}

TEST(ErrnoGolden, StrerrorMatchesOsStrerror) {
  const auto doc = test::golden("errno/errno.json");
  ASSERT_FALSE(doc.at("strerror").empty());
  for (const auto& e : doc.at("strerror")) {
    EXPECT_EQ(strerror(e.at("value").get<int>()), e.at("text").get<std::string>());
  }
}

TEST(Errno, ConstantsAreTheLibcMacros) {
  EXPECT_EQ(value("ENOENT"), ENOENT);
  EXPECT_EQ(value("EWOULDBLOCK"), EWOULDBLOCK);
  EXPECT_EQ(errorcode.at(EWOULDBLOCK), "EAGAIN");
  EXPECT_FALSE(value("ENOTCAPABLE").has_value());  // N/A on Linux, as in Python
  EXPECT_FALSE(value("EPERMX").has_value());
  EXPECT_FALSE(value("").has_value());
}

TEST(Errno, UnknownCodeRaisesKeyError) {
  // Python: errno.errorcode[9999] -> KeyError: 9999
  EXPECT_RAISES_MSG(errorcode.at(9999), KeyError, "9999");
  EXPECT_FALSE(errorcode.get(0).has_value());
  EXPECT_FALSE(errorcode.contains(-1));
  EXPECT_TRUE(errorcode.contains(EPERM));
}

TEST(Errno, SymbolsAreOrderedByValueThenName) {
  auto all = symbols();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 1; i < all.size(); ++i) {
    const bool ordered = all[i - 1].value < all[i].value ||
                         (all[i - 1].value == all[i].value && all[i - 1].name < all[i].name);
    EXPECT_TRUE(ordered) << all[i - 1].name << " " << all[i].name;
  }
}

}  // namespace
}  // namespace pyos::errno_
