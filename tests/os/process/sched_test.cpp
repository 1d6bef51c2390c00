// os — Interface to the scheduler, compared live with CPython asked about this process.
#include <unistd.h>

#include "os/error_table.hpp"
#include "os/process/child.hpp"
#include "pyos/os/process.hpp"
#include "pyos/os/sched.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

constexpr const char* kPythonSched = R"(
import json, os, sys
pid = int(sys.argv[1])
policies = {n: getattr(os, n) for n in ("SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_FIFO", "SCHED_RR", "SCHED_RESET_ON_FORK")}
print(json.dumps({
    "policies": policies,
    "min": {n: os.sched_get_priority_min(v) for n, v in policies.items() if n != "SCHED_RESET_ON_FORK"},
    "max": {n: os.sched_get_priority_max(v) for n, v in policies.items() if n != "SCHED_RESET_ON_FORK"},
    "scheduler": os.sched_getscheduler(pid),
    "param": os.sched_getparam(pid).sched_priority,
    "rr_interval": os.sched_rr_get_interval(pid),
    "affinity": sorted(os.sched_getaffinity(pid)),
}))
)";

TEST(Sched, ValuesMatchCPythonLive) {
  const pid_t self = getpid();
  const auto py = test::run_python(kPythonSched, {std::to_string(self)});
  const std::map<std::string, int> policies = {
      {"SCHED_OTHER", SCHED_OTHER}, {"SCHED_BATCH", SCHED_BATCH}, {"SCHED_IDLE", SCHED_IDLE},
      {"SCHED_FIFO", SCHED_FIFO},   {"SCHED_RR", SCHED_RR},       {"SCHED_RESET_ON_FORK", SCHED_RESET_ON_FORK}};
  for (const auto& [n, v] : policies) {
    SCOPED_TRACE(n);
    EXPECT_EQ(py.at("policies").at(n).get<int>(), v);
    if (n == "SCHED_RESET_ON_FORK") continue;
    EXPECT_EQ(py.at("min").at(n).get<int>(), sched_get_priority_min(v));
    EXPECT_EQ(py.at("max").at(n).get<int>(), sched_get_priority_max(v));
  }
  // 3.14's names: SCHED_NORMAL is SCHED_OTHER, SCHED_DEADLINE the kernel's 6.
  EXPECT_EQ(SCHED_NORMAL, SCHED_OTHER);
  EXPECT_EQ(SCHED_DEADLINE, 6);
  EXPECT_EQ(py.at("scheduler").get<int>(), sched_getscheduler(0));
  EXPECT_EQ(py.at("scheduler").get<int>(), sched_getscheduler(self));
  EXPECT_EQ(py.at("param").get<int>(), sched_getparam(0).sched_priority);
  EXPECT_EQ(py.at("rr_interval").get<double>(), sched_rr_get_interval(self));
  const auto mine = sched_getaffinity(0);
  EXPECT_EQ(py.at("affinity"), nlohmann::json(std::vector<int>(mine.begin(), mine.end())));
  EXPECT_EQ(sched_getaffinity(self), mine);
  sched_yield();
}

TEST(Sched, SettingsRoundTripInAChild) {
  const auto r = test::run_in_child([](int out) {
    const auto all = sched_getaffinity(0);
    sched_setaffinity(0, std::set<int>{*all.begin()});
    test::write_all(out, std::to_string(sched_getaffinity(0).size()) + " ");
    const std::vector<int> cpus(all.begin(), all.end());
    sched_setaffinity(0, std::span<const int>(cpus));
    test::write_all(out, std::to_string(sched_getaffinity(0) == all) + " ");
    // CPUs beyond the kernel's count are accepted (the mask grows), as CPython.
    sched_setaffinity(0, std::set<int>{*all.begin(), 1000});
    test::write_all(out, std::to_string(sched_getaffinity(0).size()) + " ");
    sched_setscheduler(0, SCHED_BATCH, {0});
    test::write_all(out, std::to_string(sched_getscheduler(0)) + " ");
    sched_setparam(0, {0});
    test::write_all(out, std::to_string(sched_getparam(0).sched_priority));
    if (::geteuid() == 0) {
      sched_setscheduler(0, SCHED_RR, {sched_get_priority_min(SCHED_RR)});
      test::write_all(out, " " + std::to_string(sched_getscheduler(0)) + " " +
                               std::to_string(sched_getparam(0).sched_priority) + " " +
                               std::to_string(sched_rr_get_interval(0) > 0));
      sched_setparam(0, {2});
      test::write_all(out, " " + std::to_string(sched_getparam(0).sched_priority));
    }
    return 0;
  });
  EXPECT_EQ(r.exitcode(), 0);
  const std::string common = "1 1 1 " + std::to_string(SCHED_BATCH) + " 0";
  if (::geteuid() == 0) {
    EXPECT_EQ(r.output, common + " " + std::to_string(SCHED_RR) + " 1 1 2");
  } else {
    EXPECT_EQ(r.output, common);
  }
}

TEST(Sched, ErrorsMatchCPythonLive) {
  using test::Fixture;
  // 4194304 is Linux's PID_MAX_LIMIT: every pid is below it, so no process has it.
  test::check_error_table({
      {"os.sched_get_priority_max(99)", [](const Fixture&) { sched_get_priority_max(99); }},
      {"os.sched_get_priority_min(99)", [](const Fixture&) { sched_get_priority_min(99); }},
      {"os.sched_getscheduler(4194304)", [](const Fixture&) { sched_getscheduler(4194304); }},
      {"os.sched_getscheduler(-1)", [](const Fixture&) { sched_getscheduler(-1); }},
      {"os.sched_getparam(4194304)", [](const Fixture&) { sched_getparam(4194304); }},
      {"os.sched_setscheduler(0, 99, os.sched_param(0))", [](const Fixture&) { sched_setscheduler(0, 99, {0}); }},
      {"os.sched_setscheduler(4194304, os.SCHED_OTHER, os.sched_param(0))",
       [](const Fixture&) { sched_setscheduler(4194304, SCHED_OTHER, {0}); }},
      {"os.sched_setparam(0, os.sched_param(5))", [](const Fixture&) { sched_setparam(0, {5}); }},
      {"os.sched_setparam(4194304, os.sched_param(0))", [](const Fixture&) { sched_setparam(4194304, {0}); }},
      {"os.sched_rr_get_interval(4194304)", [](const Fixture&) { sched_rr_get_interval(4194304); }},
      {"os.sched_getaffinity(4194304)", [](const Fixture&) { sched_getaffinity(4194304); }},
      {"os.sched_setaffinity(0, [])", [](const Fixture&) { sched_setaffinity(0, std::set<int>{}); }},
      {"os.sched_setaffinity(0, [-1])", [](const Fixture&) { sched_setaffinity(0, std::set<int>{-1}); }},
      {"os.sched_setaffinity(0, [0, -1])", [](const Fixture&) {
         const std::vector<int> v{0, -1};
         sched_setaffinity(0, std::span<const int>(v));
       }},
      {"os.sched_setaffinity(0, [100000])", [](const Fixture&) { sched_setaffinity(0, std::set<int>{100000}); }},
      {"os.sched_setaffinity(0, [2**31 - 1])", [](const Fixture&) { sched_setaffinity(0, std::set<int>{INT_MAX}); }},
      {"os.sched_setaffinity(4194304, [0])", [](const Fixture&) { sched_setaffinity(4194304, std::set<int>{0}); }},
  });
}

}  // namespace
}  // namespace pyos::os
