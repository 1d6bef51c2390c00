// The exec family. Successful execs run in a forked child (they replace the process);
// failing ones raise in the test process, and are compared live with CPython's errors.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "os/error_table.hpp"
#include "os/process/child.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/spawn.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

using test::run_in_child;

// A shell script `name` in `dir` that prints its arguments and $PYOS_X, then exits 5.
void make_script(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << "#!/bin/sh\necho \"$0|$*|${PYOS_X-unset}\"\nexit 5\n";
  ::chmod(path.c_str(), 0755);
}

TEST(Exec, ExecvRunsTheProgramWithTheCurrentEnvironment) {
  const auto r = run_in_child([](int out) -> int {
    ::dup2(out, 1);
    environ.set("PYOS_X", "from-environ");
    execv("/bin/sh", {"sh", "-c", "echo \"$PYOS_X\"; exit 3"});
  });
  EXPECT_EQ(r.exitcode(), 3);
  EXPECT_EQ(r.output, "from-environ\n");
}

TEST(Exec, ExecveGivesExactlyTheEnvironment) {
  const auto r = run_in_child([](int out) -> int {
    ::dup2(out, 1);
    execve("/bin/sh", {"sh", "-c", "echo \"$A/$B/${HOME-nohome}\""}, {{"A", "1"}, {"B", "x=y"}});
  });
  EXPECT_EQ(r.exitcode(), 0);
  EXPECT_EQ(r.output, "1/x=y/nohome\n");
}

TEST(Exec, ExecveOnADescriptor) {
  const auto r = run_in_child([](int out) -> int {
    ::dup2(out, 1);
    const int fd = ::open("/bin/sh", O_RDONLY | O_CLOEXEC);
    execve(fd, {"sh", "-c", "echo fd; exit 4"}, {});
  });
  EXPECT_EQ(r.exitcode(), 4);
  EXPECT_EQ(r.output, "fd\n");
}

TEST(Exec, ListFormsPassTheirArguments) {
  test::TempDir dir;
  make_script(dir.path(), "prog");
  const std::string prog = dir / "prog";
  auto run = [&](const std::function<void()>& exec) {
    return run_in_child([&](int out) -> int {
      ::dup2(out, 1);
      exec();
      return 99;
    });
  };
  auto r = run([&] { execl(prog, "p0", "a", "b"); });
  EXPECT_EQ(r.exitcode(), 5);
  EXPECT_EQ(r.output, prog + "|a b|unset\n");
  r = run([&] { execle(prog, "p0", "a", Env{{"PYOS_X", "le"}}); });
  EXPECT_EQ(r.output, prog + "|a|le\n");
  r = run([&] {
    environ.set("PATH", dir.path().string());
    execlp("prog", "p0", std::string("s"));
  });
  EXPECT_EQ(r.output, dir.path().string() + "/prog|s|unset\n");
  r = run([&] { execlpe("prog", "p0", "t", Env{{"PATH", "/nonexistent:" + dir.path().string()}, {"PYOS_X", "lpe"}}); });
  EXPECT_EQ(r.output, dir.path().string() + "/prog|t|lpe\n");
}

TEST(Exec, SearchSkipsMissingDirectoriesAndUsesDefpath) {
  test::TempDir dir;
  make_script(dir.path(), "prog");
  // An empty PATH entry is the current directory, as posixpath.join('', file).
  auto r = run_in_child([&](int out) -> int {
    ::dup2(out, 1);
    ::chdir(dir.path().c_str());
    execvpe("prog", {"p0"}, {{"PATH", "/nonexistent::/also/missing"}});
  });
  EXPECT_EQ(r.exitcode(), 5);
  EXPECT_EQ(r.output, "prog||unset\n");
  // Without PATH, os.defpath (/bin:/usr/bin).
  r = run_in_child([&](int out) -> int {
    ::dup2(out, 1);
    execvpe("sh", {"sh", "-c", "echo defpath"}, {});
  });
  EXPECT_EQ(r.output, "defpath\n");
  // A name with a slash is not searched.
  r = run_in_child([&](int out) -> int {
    ::dup2(out, 1);
    execvp(dir / "prog", {"p0", "x"});
  });
  EXPECT_EQ(r.output, dir / "prog" + "|x|unset\n");
}

TEST(Exec, ArgumentErrorsAsCPython) {
  // Probed with python3.13: os.execv(...) / os.execve(...) / os.execvpe(...).
  EXPECT_RAISES_MSG(execv("/bin/true", {}), ValueError, "execv() arg 2 must not be empty");
  EXPECT_RAISES_MSG(execv("/bin/true", {""}), ValueError, "execv() arg 2 first element cannot be empty");
  EXPECT_RAISES_MSG(execv("/bin/true", {std::string("a\0b", 3)}), ValueError, "embedded null byte");
  EXPECT_RAISES_MSG(execv(std::string("/bin/t\0rue", 10), {"a"}), ValueError,
                    "execv: embedded null character in path");
  EXPECT_RAISES_MSG(execve("/bin/true", {}, {}), ValueError, "execve: argv must not be empty");
  EXPECT_RAISES_MSG(execve("/bin/true", {""}, {}), ValueError, "execve: argv first element cannot be empty");
  EXPECT_RAISES_MSG(execve("/bin/true", {"a"}, {{"A=B", "1"}}), ValueError, "illegal environment variable name");
  EXPECT_RAISES_MSG(execve("/bin/true", {"a"}, {{"", "1"}}), ValueError, "illegal environment variable name");
  EXPECT_RAISES_MSG(execve("/bin/true", {"a"}, {{std::string("A\0", 2), "1"}}), ValueError, "embedded null byte");
  EXPECT_RAISES_MSG(execve("/bin/true", {"a"}, {{"A", std::string("1\0", 2)}}), ValueError, "embedded null byte");
  EXPECT_RAISES_MSG(execve(std::string("a\0", 2), {}, {}), ValueError, "execve: embedded null character in path");
  EXPECT_RAISES_MSG(execvpe("nonexist", {}, {{"PATH", "/bin/:bin"}}), ValueError, "execve: argv must not be empty");
  EXPECT_RAISES_MSG(execvp("nonexist", {""}), ValueError, "execv() arg 2 first element cannot be empty");
  EXPECT_RAISES_MSG(execvp(std::string("a\0b", 3), {"x"}), ValueError, "execv: embedded null character in path");
  EXPECT_RAISES_MSG(execvpe(std::string("a\0b", 3), {"x"}, {}), ValueError,
                    "execve: embedded null character in path");
  EXPECT_RAISES_MSG(execle("/bin/true", Env{}), ValueError, "execve: argv must not be empty");
}

// Only calls that fail: a successful exec would replace the CPython runner or this test.
TEST(Exec, ErrorsMatchCPythonLive) {
  using test::Fixture;
  test::check_error_table({
      {"os.execv('/nonexistent', ['a'])", [](const Fixture&) { execv("/nonexistent", {"a"}); }},
      {"os.execv('', ['a'])", [](const Fixture&) { execv("", {"a"}); }},
      {"os.execv('f', ['a'])", [](const Fixture&) { execv("f", {"a"}); }},
      {"os.execv('d', ['a'])", [](const Fixture&) { execv("d", {"a"}); }},
      {"os.execve('/nonexistent', ['a'], {})", [](const Fixture&) { execve("/nonexistent", {"a"}, {}); }},
      {"os.execve('', ['a'], {})", [](const Fixture&) { execve("", {"a"}, {}); }},
      {"os.execve('f', ['a'], {'K': 'V'})", [](const Fixture&) { execve("f", {"a"}, {{"K", "V"}}); }},
      {"os.execve('d', ['a'], {})", [](const Fixture&) { execve("d", {"a"}, {}); }},
      {"os.execve('f/x', ['a'], {})", [](const Fixture&) { execve("f/x", {"a"}, {}); }},
      {"os.execve(fd_bad, ['a'], {})", [](const Fixture& f) { execve(f.fd_bad, {"a"}, {}); }},
      {"os.execve(fd_file, ['a'], {})", [](const Fixture& f) { execve(f.fd_file, {"a"}, {}); }},
      {"os.execve(-1, ['a'], {})", [](const Fixture&) { execve(-1, {"a"}, {}); }},
      {"os.execve(fd_bad, [], {})", [](const Fixture& f) { execve(f.fd_bad, {}, {}); }},
      {"os.execvp('nonexistent-pyos-prog', ['a'])", [](const Fixture&) { execvp("nonexistent-pyos-prog", {"a"}); }},
      {"os.execvp('/nonexistent', ['a'])", [](const Fixture&) { execvp("/nonexistent", {"a"}); }},
      {"os.execvpe('nonexistent-pyos', ['a'], {'PATH': 'd:nowrite'})",
       [](const Fixture&) { execvpe("nonexistent-pyos", {"a"}, {{"PATH", "d:nowrite"}}); }},
      {"os.execvpe('nonexistent-pyos', ['a'], {'PATH': ''})",
       [](const Fixture&) { execvpe("nonexistent-pyos", {"a"}, {{"PATH", ""}}); }},
      {"os.execvpe('f', ['a'], {'PATH': '.:d'})", [](const Fixture&) { execvpe("f", {"a"}, {{"PATH", ".:d"}}); }},
      {"os.execvpe('f', ['a'], {'PATH': 'd:.:nowrite'})",
       [](const Fixture&) { execvpe("f", {"a"}, {{"PATH", "d:.:nowrite"}}); }},
      {"os.execvpe('x', ['a'], {'PATH': 'f:d'})", [](const Fixture&) { execvpe("x", {"a"}, {{"PATH", "f:d"}}); }},
      {"os.execvpe('/nonexist', ['x'], {})", [](const Fixture&) { execvpe("/nonexist", {"x"}, {}); }},
      {"os.execvpe('d', ['x'], {'PATH': '/'})", [](const Fixture&) { execvpe("d", {"x"}, {{"PATH", "/"}}); }},
      {"os.execve('/bin/true', ['a'], {'A=B': '1'})",
       [](const Fixture&) { execve("/bin/true", {"a"}, {{"A=B", "1"}}); }},
      {"os.execv('/bin/true', ['', 'x\\0'])", [](const Fixture&) { execv("/bin/true", {"", std::string("x\0", 2)}); }},
  });
}

}  // namespace
}  // namespace pyos::os
