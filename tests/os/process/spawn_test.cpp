// The spawn family and os.system: exit codes of real children compared live with CPython
// running the same calls.
#include <signal.h>
#include <unistd.h>

#include "os/process/child.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/wait.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

constexpr const char* kPythonSpawn = R"(
import json, os
W = os.P_WAIT
calls = [
    lambda: os.spawnv(W, '/bin/sh', ['sh', '-c', 'exit 3']),
    lambda: os.spawnv(W, '/bin/sh', ['sh', '-c', 'kill -9 $$']),
    lambda: os.spawnv(W, '/bin/sh', ['sh', '-c', 'kill -TERM $$']),
    lambda: os.spawnv(W, '/nonexistent', ['x']),
    lambda: os.spawnv(W, '/bin/true', ['a\0']),
    lambda: os.spawnv(W, '/bin/t\0rue', ['a']),
    lambda: os.spawnv(5, '/bin/sh', ['sh', '-c', 'exit 2']),
    lambda: os.spawnve(W, '/bin/sh', ['sh', '-c', 'exit $X'], {'X': '7'}),
    lambda: os.spawnve(W, '/bin/sh', ['sh', '-c', 'exit 1'], {'A=B': '1'}),
    lambda: os.spawnve(W, '/bin/sh', ['sh', '-c', 'exit 1'], {'A': 'x\0'}),
    lambda: os.spawnvp(W, 'sh', ['sh', '-c', 'exit 4']),
    lambda: os.spawnvp(W, 'no-such-program-pyos', ['x']),
    lambda: os.spawnvpe(W, 'sh', ['sh', '-c', 'exit 4'], {'PATH': '/nonexistent'}),
    lambda: os.spawnvpe(W, 'sh', ['sh', '-c', 'exit $X'], {'PATH': '/nonexistent:/bin', 'X': '8'}),
    lambda: os.spawnl(W, '/bin/sh', 'sh', '-c', 'exit 9'),
    lambda: os.spawnle(W, '/bin/sh', 'sh', '-c', 'exit $Y', {'Y': '11'}),
    lambda: os.spawnlp(W, 'sh', 'sh', '-c', 'exit 12'),
    lambda: os.spawnlpe(W, 'sh', 'sh', '-c', 'exit $Y', {'PATH': '/bin:/usr/bin', 'Y': '13'}),
    lambda: os.spawnv(W, '/bin/true', []),
    lambda: os.spawnv(W, '/bin/true', ['']),
    lambda: os.spawnvpe(W, 'sh', [''], {}),
    lambda: os.system('exit 3'),
    lambda: os.system('kill -9 $$'),
    lambda: os.system(''),
    lambda: os.system('a\0b'),
]
out = []
for c in calls:
    try:
        out.append({"value": c()})
    except Exception as e:
        out.append({"type": type(e).__name__, "str": str(e)})
print(json.dumps(out))
)";

TEST(Spawn, ExitCodesMatchCPythonLive) {
  test::Watchdog dog;
  const int W = P_WAIT;
  const std::vector<std::function<int()>> calls = {
      [&] { return spawnv(W, "/bin/sh", {"sh", "-c", "exit 3"}); },
      [&] { return spawnv(W, "/bin/sh", {"sh", "-c", "kill -9 $$"}); },
      [&] { return spawnv(W, "/bin/sh", {"sh", "-c", "kill -TERM $$"}); },
      [&] { return spawnv(W, "/nonexistent", {"x"}); },
      [&] { return spawnv(W, "/bin/true", {std::string("a\0", 2)}); },
      [&] { return spawnv(W, std::string("/bin/t\0rue", 10), {"a"}); },
      [&] { return spawnv(5, "/bin/sh", {"sh", "-c", "exit 2"}); },
      [&] { return spawnve(W, "/bin/sh", {"sh", "-c", "exit $X"}, {{"X", "7"}}); },
      [&] { return spawnve(W, "/bin/sh", {"sh", "-c", "exit 1"}, {{"A=B", "1"}}); },
      [&] { return spawnve(W, "/bin/sh", {"sh", "-c", "exit 1"}, {{"A", std::string("x\0", 2)}}); },
      [&] { return spawnvp(W, "sh", {"sh", "-c", "exit 4"}); },
      [&] { return spawnvp(W, "no-such-program-pyos", {"x"}); },
      [&] { return spawnvpe(W, "sh", {"sh", "-c", "exit 4"}, {{"PATH", "/nonexistent"}}); },
      [&] { return spawnvpe(W, "sh", {"sh", "-c", "exit $X"}, {{"PATH", "/nonexistent:/bin"}, {"X", "8"}}); },
      [&] { return spawnl(W, "/bin/sh", "sh", "-c", "exit 9"); },
      [&] { return spawnle(W, "/bin/sh", "sh", "-c", "exit $Y", Env{{"Y", "11"}}); },
      [&] { return spawnlp(W, "sh", "sh", "-c", "exit 12"); },
      [&] { return spawnlpe(W, "sh", "sh", "-c", "exit $Y", Env{{"PATH", "/bin:/usr/bin"}, {"Y", "13"}}); },
      [&] { return spawnv(W, "/bin/true", {}); },
      [&] { return spawnv(W, "/bin/true", {""}); },
      [&] { return spawnvpe(W, "sh", {""}, {}); },
      [&] { return system("exit 3"); },
      [&] { return system("kill -9 $$"); },
      [&] { return system(""); },
      [&] { return system(std::string("a\0b", 3)); },
  };
  const auto py = test::run_python(kPythonSpawn);
  ASSERT_EQ(py.size(), calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& want = py[i];
    try {
      const int got = calls[i]();
      ASSERT_TRUE(want.contains("value")) << "CPython raised " << want.dump();
      EXPECT_EQ(got, want.at("value").get<int>());
    } catch (const BaseException& e) {
      ASSERT_TRUE(want.contains("type")) << "pyos raised " << e.what() << ", CPython returned " << want.dump();
      EXPECT_EQ(e.type_name(), want.at("type").get<std::string>());
      EXPECT_EQ(std::string(e.what()), want.at("str").get<std::string>());
    }
  }
}

TEST(Spawn, NoWaitReturnsThePid) {
  const int pid = spawnv(P_NOWAIT, "/bin/sh", {"sh", "-c", "exit 6"});
  ASSERT_GT(pid, 0);
  const auto status = test::wait_for(pid);
  ASSERT_TRUE(status);
  EXPECT_EQ(waitstatus_to_exitcode(*status), 6);
  // A child whose exec fails exits 127.
  const int bad = spawnvp(P_NOWAITO, std::string("/bin/t\0rue", 10), {"a"});
  const auto st2 = test::wait_for(bad);
  ASSERT_TRUE(st2);
  EXPECT_EQ(waitstatus_to_exitcode(*st2), 127);
}

TEST(Spawn, RunsTheForkHooksAsPythonsDoes) {
  // os.spawn* is os.fork + exec in Python, so the register_at_fork hooks run.
  const auto r = test::run_in_child([](int out) {
    static int before = 0;
    register_at_fork({.before = [] { ++before; }});
    const int code = spawnv(P_WAIT, "/bin/true", {"true"});
    test::write_all(out, std::to_string(code) + " " + std::to_string(before));
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  EXPECT_EQ(r.output, "0 1");
}

}  // namespace
}  // namespace pyos::os
