// os.environ, getenv/putenv/unsetenv, reload_environ, get_exec_path. Expected values and
// messages are CPython 3.13's for the same operations (probed with python3.13 -c).
#include "pyos/os/environ.hpp"

#include <stdlib.h>

#include <cerrno>
#include <thread>

#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

TEST(Environ, MirrorsTheProcessEnvironment) {
  const std::string path = ::getenv("PATH") ? ::getenv("PATH") : "";
  EXPECT_EQ(environ.get("PATH").value_or(""), path);
  environ.set("PYOS_T1", "v1");
  EXPECT_STREQ(::getenv("PYOS_T1"), "v1");
  EXPECT_EQ(environ.at("PYOS_T1"), "v1");
  EXPECT_TRUE(environ.contains("PYOS_T1"));
  EXPECT_EQ(getenv("PYOS_T1"), "v1");
  environ.erase("PYOS_T1");
  EXPECT_EQ(::getenv("PYOS_T1"), nullptr);
  EXPECT_FALSE(environ.get("PYOS_T1").has_value());
  EXPECT_EQ(getenv("PYOS_T1", "dflt"), "dflt");
}

TEST(Environ, ErrorsAsPython) {
  EXPECT_RAISES_MSG(environ.at("PYOS_NOPE"), KeyError, "'PYOS_NOPE'");
  EXPECT_RAISES_MSG(environ.erase("PYOS_NOPE"), KeyError, "'PYOS_NOPE'");
  EXPECT_RAISES_MSG(environ.pop("PYOS_NOPE"), KeyError, "'PYOS_NOPE'");
  EXPECT_EQ(environ.pop("PYOS_NOPE", "d"), "d");
  EXPECT_RAISES_MSG(environ.set("A=B", "1"), ValueError, "illegal environment variable name");
  EXPECT_RAISES_MSG(environ.set("=A", "1"), ValueError, "illegal environment variable name");
  EXPECT_RAISES_MSG(environ.set("", "1"), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(environ.set("A", std::string("x\0", 2)), ValueError, "embedded null byte");
  EXPECT_RAISES_MSG(putenv("A=B", "1"), ValueError, "illegal environment variable name");
  EXPECT_RAISES_MSG(unsetenv("A=B"), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(unsetenv(""), OSError, "[Errno 22] Invalid argument");
  putenv("A", "1=2");  // '=' in the value is fine
  EXPECT_STREQ(::getenv("A"), "1=2");
  unsetenv("A");
}

TEST(Environ, PutenvDoesNotChangeTheMappingUntilReload) {
  (void)environ.size();  // captured
  putenv("PYOS_T2", "x");
  EXPECT_STREQ(::getenv("PYOS_T2"), "x");
  EXPECT_FALSE(environ.contains("PYOS_T2"));
  ::setenv("PYOS_T3", "y", 1);  // other C code
  EXPECT_FALSE(environ.contains("PYOS_T3"));
  reload_environ();
  EXPECT_EQ(environ.at("PYOS_T2"), "x");
  EXPECT_EQ(environ.at("PYOS_T3"), "y");
  unsetenv("PYOS_T2");
  EXPECT_TRUE(environ.contains("PYOS_T2"));  // as Python: os.unsetenv leaves os.environ alone
  environ.erase("PYOS_T2");
  environ.erase("PYOS_T3");
}

TEST(Environ, InsertionOrderAndCopy) {
  environ.set("PYOS_O1", "1");
  environ.set("PYOS_O2", "2");
  environ.set("PYOS_O1", "3");  // an update keeps its place, as in a dict
  const auto keys = environ.keys();
  const auto i1 = std::find(keys.begin(), keys.end(), "PYOS_O1");
  const auto i2 = std::find(keys.begin(), keys.end(), "PYOS_O2");
  ASSERT_NE(i1, keys.end());
  EXPECT_LT(i1, i2);
  EXPECT_EQ(environ.copy().at("PYOS_O1"), "3");
  EXPECT_EQ(environ.setdefault("PYOS_O2", "x"), "2");
  environ.erase("PYOS_O1");
  environ.erase("PYOS_O2");
}

TEST(Environ, ThreadsMaySetAndReadConcurrently) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      const std::string key = "PYOS_THREAD_" + std::to_string(t);
      for (int i = 0; i < 200; ++i) {
        environ.set(key, std::to_string(i));
        EXPECT_EQ(environ.at(key), std::to_string(i));
        (void)environ.get("PATH");
      }
      environ.erase(key);
    });
  }
  for (auto& th : threads) th.join();
}

TEST(GetExecPath, SplitsPathAsPython) {
  // Python: get_exec_path({}) == ['/bin', '/usr/bin'];
  //         get_exec_path({'PATH': ''}) == [''];
  //         get_exec_path({'PATH': 'a::b:'}) == ['a', '', 'b', '']
  using V = std::vector<std::string>;
  EXPECT_EQ(get_exec_path({}), (V{"/bin", "/usr/bin"}));
  EXPECT_EQ(get_exec_path({{"PATH", ""}}), (V{""}));
  EXPECT_EQ(get_exec_path({{"PATH", "a::b:"}}), (V{"a", "", "b", ""}));
}

}  // namespace
}  // namespace pyos::os
