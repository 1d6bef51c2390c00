// os — Process Parameters: ids, groups, sessions, priorities, umask, uname, getlogin,
// ctermid, strerror, times, kill/pidfds. Values are compared live with CPython 3.13 asked
// about this test process (its pid is passed to the script); the error table runs the same
// calls in CPython and pyos (tests/os/error_table.hpp).
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cerrno>

#include "os/error_table.hpp"
#include "os/process/child.hpp"
#include "pyos/os/process.hpp"
#include "pyos/os/sched.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/sysinfo.hpp"
#include "pyos/os/wait.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

using test::run_in_child;

constexpr const char* kPythonParams = R"(
import json, os, sys
pid = int(sys.argv[1])
def attempt(f):
    try:
        return {"value": f()}
    except OSError as e:
        return {"errno": e.errno, "str": str(e)}
print(json.dumps({
    "uname": list(os.uname()),
    "ids": [os.getuid(), os.geteuid(), os.getgid(), os.getegid()],
    "resuid": list(os.getresuid()), "resgid": list(os.getresgid()),
    "groups": sorted(os.getgroups()),
    "grouplist_root": os.getgrouplist("root", 0),
    "grouplist_nobody": os.getgrouplist("nobody", 65534),
    "grouplist_missing": os.getgrouplist("no-such-user-pyos", 4321),
    "pgid": os.getpgid(pid), "sid": os.getsid(pid), "pgrp_of_parent": os.getpgid(0),
    "priority": os.getpriority(os.PRIO_PROCESS, pid),
    "priority_pgrp": os.getpriority(os.PRIO_PGRP, os.getpgid(pid)),
    "ctermid": os.ctermid(),
    "login": attempt(os.getlogin),
    "strerror": [os.strerror(n) for n in range(-3, 140)] + [os.strerror(99999)],
    "ppid_is_us": os.getppid() == pid,
}))
)";

TEST(ProcessParams, ValuesMatchCPythonLive) {
  const pid_t self = getpid();
  const auto py = test::run_python(kPythonParams, {std::to_string(self)});

  const auto u = uname();
  EXPECT_EQ(py.at("uname"), nlohmann::json({u.sysname, u.nodename, u.release, u.version, u.machine}));
  EXPECT_EQ(py.at("ids"), nlohmann::json({getuid(), geteuid(), getgid(), getegid()}));
  const auto ru = getresuid();
  const auto rg = getresgid();
  EXPECT_EQ(py.at("resuid"), nlohmann::json({ru.ruid, ru.euid, ru.suid}));
  EXPECT_EQ(py.at("resgid"), nlohmann::json({rg.rgid, rg.egid, rg.sgid}));
  auto groups = getgroups();
  std::sort(groups.begin(), groups.end());
  EXPECT_EQ(py.at("groups"), nlohmann::json(groups));
  EXPECT_EQ(py.at("grouplist_root"), nlohmann::json(getgrouplist("root", 0)));
  EXPECT_EQ(py.at("grouplist_nobody"), nlohmann::json(getgrouplist("nobody", 65534)));
  EXPECT_EQ(py.at("grouplist_missing"), nlohmann::json(getgrouplist("no-such-user-pyos", 4321)));
  EXPECT_EQ(py.at("grouplist_missing"), nlohmann::json({4321}));

  EXPECT_EQ(py.at("pgid").get<pid_t>(), getpgid(0));
  EXPECT_EQ(py.at("pgid").get<pid_t>(), getpgrp());
  EXPECT_EQ(py.at("pgrp_of_parent").get<pid_t>(), getpgrp());  // the interpreter inherits our group
  EXPECT_EQ(py.at("sid").get<pid_t>(), getsid(0));
  EXPECT_EQ(py.at("priority").get<int>(), getpriority(PRIO_PROCESS, 0));
  EXPECT_EQ(py.at("priority_pgrp").get<int>(), getpriority(PRIO_PGRP, getpgrp()));
  EXPECT_EQ(py.at("ctermid").get<std::string>(), ctermid());
  EXPECT_TRUE(py.at("ppid_is_us").get<bool>());

  const auto& login = py.at("login");
  if (login.contains("value")) {
    EXPECT_EQ(login.at("value").get<std::string>(), getlogin());
  } else {
    EXPECT_RAISES_MSG(getlogin(), OSError, login.at("str").get<std::string>());
    try {
      (void)getlogin();
    } catch (const OSError& e) {
      EXPECT_EQ(e.errno_(), login.at("errno").get<int>());
    }
  }

  std::vector<std::string> messages;
  for (int n = -3; n < 140; ++n) messages.push_back(pyos::os::strerror(n));
  messages.push_back(pyos::os::strerror(99999));
  EXPECT_EQ(py.at("strerror"), nlohmann::json(messages));
}

TEST(ProcessParams, PidsAndSessions) {
  EXPECT_EQ(getpid(), ::getpid());
  EXPECT_EQ(getppid(), ::getppid());
  EXPECT_EQ(getpgid(getpid()), ::getpgrp());
  // In a child: a new process group, then a new session.
  const auto r = run_in_child([](int out) {
    setpgid(0, 0);
    test::write_all(out, std::to_string(getpgrp() == getpid()) + " ");
    // A group leader cannot make a session: EPERM, as Python's os.setsid().
    try {
      setsid();
      test::write_all(out, "no-error ");
    } catch (const PermissionError& e) {
      test::write_all(out, std::string(e.what()) + " ");
    }
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  EXPECT_EQ(r.output, "1 [Errno 1] Operation not permitted ");
  const auto r2 = run_in_child([](int out) {
    setsid();
    test::write_all(out, std::to_string(getsid(0) == getpid()) + std::to_string(getpgrp() == getpid()));
    // A session leader cannot change its group.
    try {
      setpgrp();
    } catch (const PermissionError& e) {
      test::write_all(out, std::string(" ") + e.what());
    }
    return 0;
  });
  EXPECT_EQ(r2.exitcode(), 0);
  EXPECT_EQ(r2.output, "11 [Errno 1] Operation not permitted");
  const auto r3 = run_in_child([](int out) {
    setpgrp();
    test::write_all(out, std::to_string(getpgrp() == getpid()) + std::to_string(getpgid(0) == getpid()));
    return 0;
  });
  EXPECT_EQ(r3.output, "11");
}

TEST(ProcessParams, Umask) {
  const int old = umask(022);
  EXPECT_EQ(umask(077), 022);
  EXPECT_EQ(umask(-1), 077);  // as Python: the int is converted to mode_t (0777 after masking)
  EXPECT_EQ(umask(old), 0777);
  EXPECT_EQ(::umask(static_cast<mode_t>(old)), static_cast<mode_t>(old));
}

TEST(ProcessParams, PriorityAndNice) {
  // In a child, so the test process keeps its niceness.
  const auto r = run_in_child([](int out) {
    const int before = getpriority(PRIO_PROCESS, 0);
    const int after = nice(3);
    setpriority(PRIO_PROCESS, 0, before + 5);
    test::write_all(out, std::to_string(after - before) + " " +
                             std::to_string(getpriority(PRIO_PROCESS, 0) - before) + " " +
                             std::to_string(nice(0) - before));
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  EXPECT_EQ(r.output, "3 5 5");
}

TEST(ProcessParams, IdsAsNobody) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch ids";
  const auto r = run_in_child([](int out) {
    setgroups({65534});
    test::write_all(out, std::to_string(getgroups().size()) + " ");
    setresgid(65534, 65534, 65534);
    setregid(static_cast<gid_t>(-1), static_cast<gid_t>(-1));
    setegid(65534);
    setgid(65534);
    setreuid(static_cast<uid_t>(-1), 65534);  // effective nobody, real and saved still root
    test::write_all(out, std::to_string(geteuid()) + " " + std::to_string(getuid()) + " ");
    seteuid(0);  // allowed: the saved id is root
    setresuid(65534, 65534, 65534);
    const auto ids = getresuid();
    test::write_all(out, std::to_string(ids.ruid) + std::to_string(ids.euid) + std::to_string(ids.suid) + " ");
    // Now nobody: every change is refused, as CPython reports it.
    try {
      setuid(0);
    } catch (const PermissionError& e) {
      test::write_all(out, e.what());
    }
    try {
      setgroups({0});
    } catch (const PermissionError& e) {
      test::write_all(out, std::string(" ") + e.what());
    }
    try {
      initgroups("root", 0);
    } catch (const PermissionError& e) {
      test::write_all(out, std::string(" ") + e.what());
    }
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  EXPECT_EQ(r.output,
            "1 65534 0 655346553465534 [Errno 1] Operation not permitted [Errno 1] Operation not "
            "permitted [Errno 1] Operation not permitted");
}

TEST(ProcessParams, InitgroupsAsRoot) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const auto r = run_in_child([](int out) {
    initgroups("root", 4321);
    auto groups = getgroups();
    std::sort(groups.begin(), groups.end());
    auto expected = getgrouplist("root", 4321);
    std::sort(expected.begin(), expected.end());
    test::write_all(out, groups == expected ? "same" : "different");
    return 0;
  });
  EXPECT_EQ(r.output, "same");
}

TEST(ProcessParams, KillAndPidfd) {
  // A child that waits to be killed.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    for (;;) ::pause();
  }
  kill(pid, 0);  // exists
  const int pidfd = pidfd_open(pid);
  EXPECT_TRUE((::fcntl(pidfd, F_GETFD) & FD_CLOEXEC) != 0);
  kill(pid, SIGTERM);
  const auto status = test::wait_for(pid);
  ASSERT_TRUE(status);
  EXPECT_EQ(waitstatus_to_exitcode(*status), -SIGTERM);
  EXPECT_RAISES(kill(pid, 0), ProcessLookupError, ESRCH);
  ::close(pidfd);

  // killpg: a child in its own group.
  const pid_t leader = ::fork();
  ASSERT_GE(leader, 0);
  if (leader == 0) {
    ::setpgid(0, 0);
    for (;;) ::pause();
  }
  // Wait until the child has its own group (setpgid from the parent too avoids the race).
  (void)::setpgid(leader, leader);
  killpg(leader, SIGKILL);
  const auto st2 = test::wait_for(leader);
  ASSERT_TRUE(st2);
  EXPECT_EQ(waitstatus_to_exitcode(*st2), -SIGKILL);
}

TEST(ProcessParams, PidfdGetfdCopiesADescriptorOfAnotherProcess) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    for (;;) ::pause();
  }
  const int pidfd = pidfd_open(pid);
  int copy = -1;
  try {
    copy = pidfd_getfd(pidfd, fds[1]);
  } catch (const PermissionError&) {
    // ptrace access may be denied (Yama); nothing else to check then.
  }
  if (copy >= 0) {
    EXPECT_TRUE((::fcntl(copy, F_GETFD) & FD_CLOEXEC) != 0);
    ASSERT_EQ(::write(copy, "x", 1), 1);
    char c = 0;
    ASSERT_EQ(::read(fds[0], &c, 1), 1);
    EXPECT_EQ(c, 'x');
    ::close(copy);
  }
  EXPECT_RAISES(pidfd_getfd(pidfd, fds[1], 1), OSError, EINVAL);
  ::kill(pid, SIGKILL);
  EXPECT_TRUE(test::wait_for(pid));
  ::close(pidfd);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(ProcessParams, NamespacesInAChild) {
  // unshare(0) is a no-op; setns on our own UTS namespace needs CAP_SYS_ADMIN.
  unshare(0);
  if (::geteuid() != 0) GTEST_SKIP() << "setns needs root";
  const auto r = run_in_child([](int out) {
    const int ns = ::open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    try {
      setns(ns, CLONE_NEWUTS);
      test::write_all(out, "ok");
    } catch (const OSError& e) {
      test::write_all(out, e.what());  // a container may forbid it
    }
    return 0;
  });
  EXPECT_TRUE(r.output == "ok" || r.output.rfind("[Errno 1]", 0) == 0) << r.output;
}

TEST(ProcessParams, TimesMatchCPythonLive) {
  const auto t = times();
  const auto py = test::run_python(R"(
import json, os
t = os.times()
print(json.dumps({f: getattr(t, f) for f in ("user", "system", "children_user", "children_system", "elapsed")}))
)");
  // Different processes: the elapsed clock is the same (since boot), within the run time.
  EXPECT_NEAR(py.at("elapsed").get<double>(), t.elapsed, 5.0);
  EXPECT_GE(t.user, 0.0);
  EXPECT_GE(t.system, 0.0);
  // Ticks of 1/100 s, as CPython's.
  for (double v : {t.user, t.system, t.children_user, t.children_system, t.elapsed}) {
    EXPECT_NEAR(v * 100, std::round(v * 100), 1e-6);
  }
  // A child's CPU time shows in children_* once it is reaped.
  const auto before = times();
  const auto r = run_in_child([](int) {
    volatile double x = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(150);
    while (std::chrono::steady_clock::now() < end) x = x + 1;
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  const auto after = times();
  EXPECT_GT(after.children_user + after.children_system, before.children_user + before.children_system);
}

TEST(ProcessParams, AbortAndExitInChildren) {
  const auto a = run_in_child([](int) -> int {
    struct rlimit none {};  // no core file
    ::setrlimit(RLIMIT_CORE, &none);
    abort();
  });
  EXPECT_EQ(a.exitcode(), -SIGABRT);
  const auto e = run_in_child([](int) -> int { _exit(42); });
  EXPECT_EQ(e.exitcode(), 42);
}

TEST(ProcessParams, ConstantsAreLibcsAndPythons) {
  const auto py = test::run_python(R"(
import json, os
names = ["PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER", "NGROUPS_MAX", "EX_OK", "EX_USAGE", "EX_DATAERR",
         "EX_NOINPUT", "EX_NOUSER", "EX_NOHOST", "EX_UNAVAILABLE", "EX_SOFTWARE", "EX_OSERR",
         "EX_OSFILE", "EX_CANTCREAT", "EX_IOERR", "EX_TEMPFAIL", "EX_PROTOCOL", "EX_NOPERM",
         "EX_CONFIG", "CLONE_FILES", "CLONE_FS", "CLONE_NEWCGROUP", "CLONE_NEWIPC", "CLONE_NEWNET",
         "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWTIME", "CLONE_NEWUSER", "CLONE_NEWUTS",
         "CLONE_SIGHAND", "CLONE_SYSVSEM", "CLONE_THREAD", "CLONE_VM"]
print(json.dumps({n: getattr(os, n) for n in names} | {"supports_bytes_environ": os.supports_bytes_environ}))
)");
  const std::map<std::string, long long> ours = {
      {"PRIO_PROCESS", PRIO_PROCESS}, {"PRIO_PGRP", PRIO_PGRP},       {"PRIO_USER", PRIO_USER},
      {"NGROUPS_MAX", NGROUPS_MAX},   {"EX_OK", EX_OK},               {"EX_USAGE", EX_USAGE},
      {"EX_DATAERR", EX_DATAERR},     {"EX_NOINPUT", EX_NOINPUT},     {"EX_NOUSER", EX_NOUSER},
      {"EX_NOHOST", EX_NOHOST},       {"EX_UNAVAILABLE", EX_UNAVAILABLE}, {"EX_SOFTWARE", EX_SOFTWARE},
      {"EX_OSERR", EX_OSERR},         {"EX_OSFILE", EX_OSFILE},       {"EX_CANTCREAT", EX_CANTCREAT},
      {"EX_IOERR", EX_IOERR},         {"EX_TEMPFAIL", EX_TEMPFAIL},   {"EX_PROTOCOL", EX_PROTOCOL},
      {"EX_NOPERM", EX_NOPERM},       {"EX_CONFIG", EX_CONFIG},       {"CLONE_FILES", CLONE_FILES},
      {"CLONE_FS", CLONE_FS},         {"CLONE_NEWCGROUP", CLONE_NEWCGROUP}, {"CLONE_NEWIPC", CLONE_NEWIPC},
      {"CLONE_NEWNET", CLONE_NEWNET}, {"CLONE_NEWNS", CLONE_NEWNS},   {"CLONE_NEWPID", CLONE_NEWPID},
      {"CLONE_NEWTIME", CLONE_NEWTIME}, {"CLONE_NEWUSER", CLONE_NEWUSER}, {"CLONE_NEWUTS", CLONE_NEWUTS},
      {"CLONE_SIGHAND", CLONE_SIGHAND}, {"CLONE_SYSVSEM", CLONE_SYSVSEM}, {"CLONE_THREAD", CLONE_THREAD},
      {"CLONE_VM", CLONE_VM},
  };
  for (const auto& [n, v] : ours) EXPECT_EQ(py.at(n).get<long long>(), v) << n;
  EXPECT_EQ(py.at("supports_bytes_environ").get<bool>(), supports_bytes_environ);
}

// Permission errors need a non-root process: CPython and pyos both become nobody (65534)
// first (CPython in its own process, pyos in a forked child), then make the same calls.
constexpr const char* kPythonAsNobody = R"(
import json, os, sys
os.setgroups([]); os.setgid(65534); os.setuid(65534)
out = []
for e in json.loads(sys.argv[1]):
    try:
        eval(e)
        out.append({"type": None})
    except BaseException as x:
        out.append({"type": type(x).__name__, "str": str(x), "errno": getattr(x, "errno", None)})
print(json.dumps(out))
)";

TEST(ProcessParams, PermissionErrorsAsNobodyMatchCPythonLive) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to become nobody";
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"os.kill(1, 0)", [] { kill(1, 0); }},
      {"os.setpriority(os.PRIO_PROCESS, 0, -5)", [] { setpriority(PRIO_PROCESS, 0, -5); }},
      {"os.nice(-1)", [] { nice(-1); }},
      {"os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))", [] { sched_setscheduler(0, SCHED_FIFO, {1}); }},
      {"os.sched_setaffinity(1, {0})", [] { sched_setaffinity(1, std::set<int>{0}); }},
      {"os.setuid(0)", [] { setuid(0); }},
      {"os.setgid(0)", [] { setgid(0); }},
      {"os.setresuid(0, 0, 0)", [] { setresuid(0, 0, 0); }},
      {"os.setgroups([0])", [] { setgroups({0}); }},
      {"os.initgroups('root', 0)", [] { initgroups("root", 0); }},
      {"os.unshare(os.CLONE_NEWNS)", [] { unshare(CLONE_NEWNS); }},
      {"os.setpgid(1, 1)", [] { setpgid(1, 1); }},
      {"os.getpriority(os.PRIO_PROCESS, 1)", [] { getpriority(PRIO_PROCESS, 1); }},
      {"os.execve('/root/nonexistent', ['a'], {})", [] { execve("/root/nonexistent", {"a"}, {}); }},
      {"os.execv('/root/nonexistent', ['a'])", [] { execv("/root/nonexistent", {"a"}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, scheduler=(os.SCHED_FIFO, os.sched_param(1)))",
       [] { posix_spawn("/bin/true", {"a"}, Env{}, {.scheduler = PosixSpawnScheduler{SCHED_FIFO, {1}}}); }},
      {"os.posix_spawn('/bin/true', ['a'], {}, setpgroup=1)",
       [] { posix_spawn("/bin/true", {"a"}, Env{}, {.setpgroup = 1}); }},
      {"os.pathconf('/root/x', 'PC_NAME_MAX')", [] { pathconf("/root/x", "PC_NAME_MAX"); }},
  };
  nlohmann::json exprs = nlohmann::json::array();
  for (const auto& c : cases) exprs.push_back(c.first);
  const auto want = test::run_python(kPythonAsNobody, {exprs.dump()});
  const auto r = run_in_child([&](int out) {
    if (!test::drop_privileges()) return 2;
    nlohmann::json got = nlohmann::json::array();
    for (const auto& c : cases) {
      try {
        c.second();
        got.push_back({{"type", nullptr}});
      } catch (const OSError& e) {
        got.push_back({{"type", e.type_name()}, {"str", e.what()}, {"errno", e.errno_() ? nlohmann::json(*e.errno_()) : nlohmann::json(nullptr)}});
      } catch (const BaseException& e) {
        got.push_back({{"type", e.type_name()}, {"str", e.what()}, {"errno", nullptr}});
      }
    }
    test::write_all(out, got.dump());
    return 0;
  });
  ASSERT_EQ(r.exitcode(), 0);
  const auto got = nlohmann::json::parse(r.output);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].first);
    EXPECT_EQ(got[i], want[i]);
  }
}

TEST(ProcessParams, ErrorsMatchCPythonLive) {
  using test::ErrorCase;
  using test::Fixture;
  // 4194304 is Linux's PID_MAX_LIMIT: pid_max is at most that and every id is below pid_max, so
  // no process, group or session has this id on any machine.
  test::check_error_table({
      {"os.getpgid(4194304)", [](const Fixture&) { getpgid(4194304); }},
      {"os.getsid(4194304)", [](const Fixture&) { getsid(4194304); }},
      {"os.setpgid(4194304, 0)", [](const Fixture&) { setpgid(4194304, 0); }},
      {"os.setpgid(0, 4194304)", [](const Fixture&) { setpgid(0, 4194304); }},
      {"os.kill(4194304, 0)", [](const Fixture&) { kill(4194304, 0); }},
      {"os.kill(os.getpid(), 99)", [](const Fixture&) { kill(getpid(), 99); }},
      {"os.kill(0, -1)", [](const Fixture&) { kill(0, -1); }},
      {"os.killpg(4194304, 0)", [](const Fixture&) { killpg(4194304, 0); }},
      {"os.getpriority(99, 0)", [](const Fixture&) { getpriority(99, 0); }},
      {"os.getpriority(os.PRIO_PROCESS, 4194304)", [](const Fixture&) { getpriority(PRIO_PROCESS, 4194304); }},
      {"os.setpriority(os.PRIO_PROCESS, 4194304, 0)",
       [](const Fixture&) { setpriority(PRIO_PROCESS, 4194304, 0); }},
      {"os.pidfd_open(4194304)", [](const Fixture&) { pidfd_open(4194304); }},
      {"os.pidfd_open(os.getpid(), 12345)", [](const Fixture&) { pidfd_open(getpid(), 12345); }},
      {"os.pidfd_open(-1)", [](const Fixture&) { pidfd_open(-1); }},
      {"os.setgroups([1] * 100000)",
       [](const Fixture&) { setgroups(std::vector<gid_t>(100000, 1)); }},
      {"os.initgroups('a\\0b', 0)", [](const Fixture&) { initgroups(std::string("a\0b", 3), 0); }},
      {"os.getgrouplist('a\\0b', 0)", [](const Fixture&) { getgrouplist(std::string("a\0b", 3), 0); }},
      {"os.setns(fd_bad)", [](const Fixture& f) { setns(f.fd_bad); }},
      {"os.setns(fd_file)", [](const Fixture& f) { setns(f.fd_file); }},
      {"os.unshare(-1)", [](const Fixture&) { unshare(-1); }},
      {"os.setuid(-1)", [](const Fixture&) { setuid(static_cast<uid_t>(-1)); }},
      {"os.seteuid(-1)", [](const Fixture&) { seteuid(static_cast<uid_t>(-1)); }},
      {"os.setgid(-1)", [](const Fixture&) { setgid(static_cast<gid_t>(-1)); }},
      {"os.setegid(-1)", [](const Fixture&) { setegid(static_cast<gid_t>(-1)); }},
      {"os.setreuid(-1, -1)", [](const Fixture&) { setreuid(static_cast<uid_t>(-1), static_cast<uid_t>(-1)); }},
      {"os.setresgid(-1, -1, -1)",
       [](const Fixture&) { setresgid(static_cast<gid_t>(-1), static_cast<gid_t>(-1), static_cast<gid_t>(-1)); }},
      {"os.nice(0)", [](const Fixture&) { nice(0); }},
  });
}

}  // namespace
}  // namespace pyos::os

namespace pyos::os {
namespace {

// The struct sequences have Python's fields in Python's order. Designated initializers must
// follow the declaration order, so these lines compile only if the C++ order is Python's;
// the names are checked against CPython's __match_args__ (golden; the three waitid_result
// fields that are glibc macros carry the trailing underscore).
TEST(StructSequences, FieldsInPythonsOrder) {
  [[maybe_unused]] const uname_result u{.sysname = "", .nodename = "", .release = "", .version = "", .machine = ""};
  [[maybe_unused]] const times_result t{
      .user = 0, .system = 0, .children_user = 0, .children_system = 0, .elapsed = 0};
  [[maybe_unused]] const waitid_result w{.si_pid_ = 0, .si_uid_ = 0, .si_signo = 0, .si_status_ = 0, .si_code = 0};
  [[maybe_unused]] const sched_param s{.sched_priority = 0};
  [[maybe_unused]] const struct_rusage r{.ru_utime = 0, .ru_stime = 0, .ru_maxrss = 0, .ru_ixrss = 0,
                                         .ru_idrss = 0, .ru_isrss = 0, .ru_minflt = 0, .ru_majflt = 0,
                                         .ru_nswap = 0, .ru_inblock = 0, .ru_oublock = 0, .ru_msgsnd = 0,
                                         .ru_msgrcv = 0, .ru_nsignals = 0, .ru_nvcsw = 0, .ru_nivcsw = 0};
  const std::map<std::string, std::vector<std::string>> ours = {
      {"uname_result", {"sysname", "nodename", "release", "version", "machine"}},
      {"times_result", {"user", "system", "children_user", "children_system", "elapsed"}},
      {"waitid_result", {"si_pid", "si_uid", "si_signo", "si_status", "si_code"}},
      {"sched_param", {"sched_priority"}},
      {"struct_rusage",
       {"ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt",
        "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"}},
  };
  const auto doc = test::golden("os_process/struct_fields.json");
  for (const auto& c : test::golden_cases(doc)) {
    EXPECT_EQ(c.at("fields").get<std::vector<std::string>>(), ours.at(c.at("type").get<std::string>()))
        << c.at("type");
  }
}

}  // namespace
}  // namespace pyos::os
