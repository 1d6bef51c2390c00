// os.posix_spawn / os.posix_spawnp: every file action and option observed from inside the
// child (through /proc), and the error table compared live with CPython.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "os/error_table.hpp"
#include "os/process/child.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/wait.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

struct Spawned {
  int exitcode = -1000;
  std::string output;
};

// Runs `path` with posix_spawn, stdout on a pipe (a DUP2 file action put first, so that
// the test's own actions come after it), and waits for it with a deadline.
Spawned capture(const std::string& path, const std::vector<std::string>& argv, PosixSpawnOptions options = {},
                std::optional<Env> env = Env{{"PATH", "/bin:/usr/bin"}}) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  options.file_actions.insert(options.file_actions.begin(), {POSIX_SPAWN_DUP2, fds[1], 1});
  pid_t pid = -1;
  try {
    pid = env ? posix_spawn(path, argv, *env, options) : posix_spawn(path, argv, std::nullopt, options);
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
  }
  ::close(fds[1]);
  Spawned s;
  s.output = test::read_all(fds[0]);
  ::close(fds[0]);
  const auto status = test::wait_for(pid);
  if (status) s.exitcode = waitstatus_to_exitcode(*status);
  return s;
}

// /bin/sh -c `script`.
Spawned sh(const std::string& script, PosixSpawnOptions options = {},
           std::optional<Env> env = Env{{"PATH", "/bin:/usr/bin"}}) {
  return capture("/bin/sh", {"sh", "-c", script}, std::move(options), std::move(env));
}

// "pid pgrp session" of the shell itself, from /proc/$$/stat.
constexpr const char* kIds = "read -r pid comm state ppid pgrp sid rest < /proc/$$/stat; echo \"$pid $pgrp $sid\"";

std::vector<long> numbers(const std::string& text) {
  std::istringstream in(text);
  std::vector<long> out;
  long v;
  while (in >> v) out.push_back(v);
  return out;
}

TEST(PosixSpawn, ReturnsThePidAndPassesTheEnvironment) {
  auto s = sh("echo \"$A\"; exit 3", {}, Env{{"A", "1"}});
  EXPECT_EQ(s.exitcode, 3);
  EXPECT_EQ(s.output, "1\n");
  // env=None (3.13): the current environment.
  environ.set("PYOS_SPAWN_ENV", "inherited");
  s = sh("echo \"$PYOS_SPAWN_ENV\"", {}, std::nullopt);
  environ.erase("PYOS_SPAWN_ENV");
  EXPECT_EQ(s.output, "inherited\n");
}

TEST(PosixSpawn, FileActions) {
  test::TempDir dir;
  const std::string out = dir / "out";
  // OPEN: stdout to a new file (the DUP2 that sh() appends comes after, so use stderr).
  auto s = sh("echo hello >&2", {.file_actions = {{POSIX_SPAWN_OPEN, 2, out, O_WRONLY | O_CREAT | O_TRUNC, 0600}}});
  EXPECT_EQ(s.exitcode, 0);
  std::ifstream in(out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "hello");
  // CLOSE: fd 0 closed in the child.
  s = sh("test -e /proc/$$/fd/0 && echo open || echo closed", {.file_actions = {{POSIX_SPAWN_CLOSE, 0}}});
  EXPECT_EQ(s.output, "closed\n");
  // DUP2 onto an fd the child then sees; and CLOSEFROM closes an inheritable fd.
  const int keep = ::open("/dev/null", O_RDONLY);  // inheritable
  ASSERT_GE(keep, 0);
  const std::string probe = "test -e /proc/$$/fd/" + std::to_string(keep) + " && echo open || echo closed";
  s = sh(probe);
  EXPECT_EQ(s.output, "open\n");
  s = sh(probe, {.file_actions = {{POSIX_SPAWN_CLOSEFROM, 3}}});
  EXPECT_EQ(s.output, "closed\n");
  s = sh("test -e /proc/$$/fd/9 && echo open || echo closed", {.file_actions = {{POSIX_SPAWN_DUP2, keep, 9}}});
  EXPECT_EQ(s.output, "open\n");
  ::close(keep);
}

TEST(PosixSpawn, ProcessGroupAndSession) {
  const long self_pgrp = ::getpgrp();
  const long self_sid = ::getsid(0);
  auto ids = numbers(sh(kIds).output);
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_EQ(ids[1], self_pgrp);
  EXPECT_EQ(ids[2], self_sid);
  ids = numbers(sh(kIds, {.setpgroup = 0}).output);
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_EQ(ids[1], ids[0]);  // its own group
  EXPECT_EQ(ids[2], self_sid);
  ids = numbers(sh(kIds, {.setpgroup = ::getpgrp()}).output);
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_EQ(ids[1], self_pgrp);
  ids = numbers(sh(kIds, {.setsid = true}).output);
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_EQ(ids[2], ids[0]);  // its own session
  EXPECT_EQ(sh("exit 0", {.resetids = true}).exitcode, 0);
}

TEST(PosixSpawn, SignalMaskAndDefaults) {
  // grep reports its own mask (a shell would change it: dash clears its mask at start).
  auto blocked_mask = [](PosixSpawnOptions o = {}) {
    return capture("/bin/grep", {"grep", "SigBlk", "/proc/self/status"}, std::move(o)).output;
  };
  // Not given: the parent's mask. An empty list: an empty mask.
  sigset_t usr2, old;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &usr2, &old), 0);
  const auto inherited = blocked_mask();
  const auto emptied = blocked_mask({.setsigmask = std::vector<int>{}});
  const auto usr1 = blocked_mask({.setsigmask = std::vector<int>{SIGUSR1}});
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, &old, nullptr), 0);
  EXPECT_EQ(inherited, "SigBlk:\t0000000000000800\n");  // SIGUSR2 = 12
  EXPECT_EQ(emptied, "SigBlk:\t0000000000000000\n");
  EXPECT_EQ(usr1, "SigBlk:\t0000000000000200\n");  // SIGUSR1 = 10

  // An ignored signal stays ignored in the child unless setsigdef resets it.
  struct sigaction ignore {}, saved {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGUSR1, &ignore, &saved), 0);
  const auto survives = sh("kill -USR1 $$; exit 0");
  const auto killed = sh("kill -USR1 $$; exit 0", {.setsigdef = std::vector<int>{SIGUSR1}});
  ASSERT_EQ(::sigaction(SIGUSR1, &saved, nullptr), 0);
  EXPECT_EQ(survives.exitcode, 0);
  EXPECT_EQ(killed.exitcode, -SIGUSR1);
}

TEST(PosixSpawn, Scheduler) {
  const std::string policy = "grep -o 'policy.*' /proc/$$/sched | tr -d ' '";
  auto s = sh(policy, {.scheduler = PosixSpawnScheduler{std::nullopt, {0}}});
  EXPECT_EQ(s.exitcode, 0);
  EXPECT_EQ(s.output, "policy:0\n");
  s = sh(policy, {.scheduler = PosixSpawnScheduler{SCHED_OTHER, {0}}});
  EXPECT_EQ(s.output, "policy:0\n");
  if (::geteuid() == 0) {
    s = sh(policy, {.scheduler = PosixSpawnScheduler{SCHED_FIFO, {1}}});
    EXPECT_EQ(s.output, "policy:1\n");
  }
}

TEST(PosixSpawn, SpawnpSearchesThePathOfTheCaller) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  // As glibc's posix_spawnp: the PATH searched is the caller's, not the one in env.
  const pid_t pid = posix_spawnp("sh", {"sh", "-c", "echo found"}, Env{{"PATH", "/nonexistent"}},
                                 {.file_actions = {{POSIX_SPAWN_DUP2, fds[1], 1}}});
  ::close(fds[1]);
  EXPECT_EQ(test::read_all(fds[0]), "found\n");
  ::close(fds[0]);
  const auto status = test::wait_for(pid);
  ASSERT_TRUE(status);
  EXPECT_EQ(waitstatus_to_exitcode(*status), 0);
  const pid_t pid2 = posix_spawnp("true", {"true"}, std::nullopt);
  const auto st2 = test::wait_for(pid2);
  ASSERT_TRUE(st2);
  EXPECT_EQ(waitstatus_to_exitcode(*st2), 0);
}

TEST(PosixSpawn, ErrorsMatchCPythonLive) {
  using test::Fixture;
  const std::string T = "/bin/true";
  using FA = SpawnFileAction;
  auto spawn = [T](std::vector<FA> actions, PosixSpawnOptions o = {}) {
    o.file_actions = std::move(actions);
    const pid_t pid = posix_spawn(T, {"a"}, Env{}, o);
    (void)test::wait_for(pid);  // should not get here: every case fails
  };
  test::check_error_table({
      {"os.posix_spawn('/bin/true', [], {})", [T](const Fixture&) { posix_spawn(T, {}, Env{}); }},
      {"os.posix_spawn('/bin/true', [''], {})", [T](const Fixture&) { posix_spawn(T, {""}, Env{}); }},
      {"os.posix_spawn('/bin/true', ['a\\0'], {})", [T](const Fixture&) { posix_spawn(T, {std::string("a\0", 2)}, Env{}); }},
      {"os.posix_spawn('a\\0', ['a'], {})", [](const Fixture&) { posix_spawn(std::string("a\0", 2), {"a"}, Env{}); }},
      {"os.posix_spawnp('a\\0', ['a'], {})", [](const Fixture&) { posix_spawnp(std::string("a\0", 2), {"a"}, Env{}); }},
      {"os.posix_spawn('/nonexistent', ['a'], {})", [](const Fixture&) { posix_spawn("/nonexistent", {"a"}, Env{}); }},
      {"os.posix_spawn('', ['a'], {})", [](const Fixture&) { posix_spawn("", {"a"}, Env{}); }},
      {"os.posix_spawn('f', ['a'], {})", [](const Fixture&) { posix_spawn("f", {"a"}, Env{}); }},
      {"os.posix_spawn('d', ['a'], None)", [](const Fixture&) { posix_spawn("d", {"a"}, std::nullopt); }},
      {"os.posix_spawnp('nonexistent-pyos', ['a'], {})",
       [](const Fixture&) { posix_spawnp("nonexistent-pyos", {"a"}, Env{}); }},
      {"os.posix_spawnp('/nonexistent', ['a'], {})", [](const Fixture&) { posix_spawnp("/nonexistent", {"a"}, Env{}); }},
      {"os.posix_spawnp('', ['a'], {})", [](const Fixture&) { posix_spawnp("", {"a"}, Env{}); }},
      {"os.posix_spawn('/bin/true', ['a'], {'A=B': '1'})", [T](const Fixture&) { posix_spawn(T, {"a"}, Env{{"A=B", "1"}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {'': '1'})", [T](const Fixture&) { posix_spawn(T, {"a"}, Env{{"", "1"}}); }},
      {"os.posix_spawn('/bin/true', [], {'A=B': '1'})", [T](const Fixture&) { posix_spawn(T, {}, Env{{"A=B", "1"}}); }},
      {"os.posix_spawn('/bin/true', [''], {'A=B': '1'})", [T](const Fixture&) { posix_spawn(T, {""}, Env{{"A=B", "1"}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {'A=B': '1'}, file_actions=[(99,)])",
       [T](const Fixture&) { posix_spawn(T, {"a"}, Env{{"A=B", "1"}}, {.file_actions = {{99, 1}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(99, 1)])", [&](const Fixture&) { spawn({{99, 1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_DUP2, 1)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_DUP2, 1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSE, 1, 2)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSE, 1, 2}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSEFROM, 1, 2)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSEFROM, 1, 2}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_OPEN, 1, 'x')])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_OPEN, 1, 2}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSE, -1)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSE, -1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSEFROM, -1)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSEFROM, -1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_DUP2, -1, 1)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_DUP2, -1, 1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_DUP2, 1, 1 << 20)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_DUP2, 1, 1 << 20}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_OPEN, -1, 'x', os.O_RDONLY, 0)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_OPEN, -1, "x", O_RDONLY, 0}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_OPEN, 1, 'a\\0', os.O_RDONLY, 0)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_OPEN, 1, std::string("a\0", 2), O_RDONLY, 0}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSE, -1), (99,)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSE, -1}, {99, 1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(99, 1), (os.POSIX_SPAWN_CLOSE, -1)])",
       [&](const Fixture&) { spawn({{99, 1}, {POSIX_SPAWN_CLOSE, -1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_CLOSE, -1)], setsigmask=[0])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_CLOSE, -1}}, {.setsigmask = std::vector<int>{0}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_OPEN, 1, '/nonexistent/x', os.O_RDONLY, 0)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_OPEN, 1, "/nonexistent/x", O_RDONLY, 0}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, file_actions=[(os.POSIX_SPAWN_DUP2, 999, 1)])",
       [&](const Fixture&) { spawn({{POSIX_SPAWN_DUP2, 999, 1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setpgroup=-1)", [&](const Fixture&) { spawn({}, {.setpgroup = -1}); }},
      // 4194304 is Linux's PID_MAX_LIMIT: every process group id is below it.
      {"os.posix_spawn('/bin/true', ['a'], {}, setpgroup=4194304)", [&](const Fixture&) { spawn({}, {.setpgroup = 4194304}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigmask=[0])",
       [&](const Fixture&) { spawn({}, {.setsigmask = std::vector<int>{0}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigmask=[1, 65])",
       [&](const Fixture&) { spawn({}, {.setsigmask = std::vector<int>{1, 65}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigmask=[-1])",
       [&](const Fixture&) { spawn({}, {.setsigmask = std::vector<int>{-1}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigdef=[999])",
       [&](const Fixture&) { spawn({}, {.setsigdef = std::vector<int>{999}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigmask=[0], setsigdef=[99])",
       [&](const Fixture&) { spawn({}, {.setsigmask = std::vector<int>{0}, .setsigdef = std::vector<int>{99}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setsigdef=[99], scheduler=(99, os.sched_param(0)))",
       [&](const Fixture&) {
         spawn({}, {.setsigdef = std::vector<int>{99}, .scheduler = PosixSpawnScheduler{99, {0}}});
       }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(99, os.sched_param(0)))",
       [&](const Fixture&) { spawn({}, {.scheduler = PosixSpawnScheduler{99, {0}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(-1, os.sched_param(0)))",
       [&](const Fixture&) { spawn({}, {.scheduler = PosixSpawnScheduler{-1, {0}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(os.SCHED_BATCH, os.sched_param(0)))",
       [&](const Fixture&) { spawn({}, {.scheduler = PosixSpawnScheduler{SCHED_BATCH, {0}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(None, os.sched_param(99)))",
       [&](const Fixture&) { spawn({}, {.scheduler = PosixSpawnScheduler{std::nullopt, {99}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(os.SCHED_FIFO, os.sched_param(999)))",
       [&](const Fixture&) { spawn({}, {.scheduler = PosixSpawnScheduler{SCHED_FIFO, {999}}}); }},
  });
}

}  // namespace
}  // namespace pyos::os
