// os — module basics, Miscellaneous System Information, Random numbers: the name tables
// against CPython's (golden), every sysconf/confstr/pathconf value live against CPython's,
// CPU counts, constants, random bytes (with the /dev/urandom fallback driven by the
// fault-injection seam), and the error table.
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <set>
#include <type_traits>

#include "_sys/fault.hpp"
#include "os/error_table.hpp"
#include "os/process/child.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/sysinfo.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

const ConfNames& table(const std::string& t) {
  if (t == "sysconf") return sysconf_names;
  if (t == "confstr") return confstr_names;
  return pathconf_names;
}

TEST(ConfNames, EqualCPythonsTables) {
  const auto doc = test::golden("os_process/conf_names.json");
  std::map<std::string, std::vector<std::pair<std::string, int>>> want;
  for (const auto& c : test::golden_cases(doc)) {
    want[c.at("table")].emplace_back(c.at("name"), c.at("value"));
  }
  for (const auto& [t, entries] : want) {
    SCOPED_TRACE(t);
    const ConfNames& names = table(t);
    EXPECT_EQ(names.size(), doc.at("sizes").at(t).get<std::size_t>());
    std::vector<std::pair<std::string, int>> ours;
    for (const conf_name& c : names) ours.emplace_back(std::string(c.name), c.value);
    EXPECT_EQ(ours, entries);  // same names, same values, same (sorted) order
    for (const auto& [n, v] : entries) {
      EXPECT_EQ(names.at(n), v);
      EXPECT_EQ(names[n], v);
      EXPECT_TRUE(names.contains(n));
    }
  }
  EXPECT_EQ(sysconf_names.get("SC_NOPE"), std::nullopt);
  EXPECT_RAISES_MSG(sysconf_names.at("SC_NOPE"), KeyError, "'SC_NOPE'");
  EXPECT_EQ(sysconf_names.at("SC_ARG_MAX"), _SC_ARG_MAX);
  EXPECT_EQ(confstr_names.at("CS_PATH"), _CS_PATH);
  EXPECT_EQ(pathconf_names.at("PC_NAME_MAX"), _PC_NAME_MAX);
}

constexpr const char* kPythonConf = R"(
import json, os, sys
path, fd = sys.argv[1], os.open(sys.argv[1], os.O_RDONLY)
def attempt(f):
    try:
        return {"value": f()}
    except OSError as e:
        return {"errno": e.errno}
print(json.dumps({
    "sysconf": {n: attempt(lambda n=n: os.sysconf(n)) for n in os.sysconf_names},
    "confstr": {n: attempt(lambda n=n: os.confstr(n)) for n in os.confstr_names},
    "pathconf_root": {n: attempt(lambda n=n: os.pathconf("/", n)) for n in os.pathconf_names},
    "pathconf_file": {n: attempt(lambda n=n: os.pathconf(path, n)) for n in os.pathconf_names},
    "fpathconf": {n: attempt(lambda n=n: os.fpathconf(fd, n)) for n in os.pathconf_names},
    "pathconf_fd": {n: attempt(lambda n=n: os.pathconf(fd, n)) for n in os.pathconf_names},
}))
)";

template <class Fn>
nlohmann::json attempt(Fn fn) {
  try {
    return {{"value", fn()}};
  } catch (const OSError& e) {
    return {{"errno", *e.errno_()}};
  }
}

TEST(Conf, EveryValueMatchesCPythonLive) {
  test::TempDir dir;
  const std::string file = dir / "f";
  ::close(::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  const auto py = test::run_python(kPythonConf, {file});
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  for (const conf_name& c : sysconf_names) {
    SCOPED_TRACE(c.name);
    const auto ours = attempt([&] { return sysconf(c.name); });
    const auto by_number = attempt([&] { return sysconf(c.value); });
    const auto& want = py.at("sysconf").at(std::string(c.name));
    if (c.name == "SC_AVPHYS_PAGES") {  // free memory moves between any two readings
      const double pages = want.at("value").get<double>();
      EXPECT_NEAR(ours.at("value").get<double>(), pages, 0.1 * pages);
      EXPECT_NEAR(by_number.at("value").get<double>(), pages, 0.1 * pages);
    } else {
      EXPECT_EQ(ours, want);
      EXPECT_EQ(by_number, ours);
    }
  }
  for (const conf_name& c : confstr_names) {
    SCOPED_TRACE(c.name);
    const auto ours = attempt([&]() -> nlohmann::json {
      const auto v = confstr(c.name);
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    });
    EXPECT_EQ(ours, py.at("confstr").at(std::string(c.name)));
  }
  for (const conf_name& c : pathconf_names) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(attempt([&] { return pathconf("/", c.name); }), py.at("pathconf_root").at(std::string(c.name)));
    EXPECT_EQ(attempt([&] { return pathconf(file, c.name); }), py.at("pathconf_file").at(std::string(c.name)));
    EXPECT_EQ(attempt([&] { return fpathconf(fd, c.name); }), py.at("fpathconf").at(std::string(c.name)));
    EXPECT_EQ(attempt([&] { return pathconf(fd, c.name); }), py.at("pathconf_fd").at(std::string(c.name)));
    EXPECT_EQ(attempt([&] { return pathconf(fd, c.value); }), py.at("pathconf_fd").at(std::string(c.name)));
  }
  ::close(fd);
}

TEST(SysInfo, CpuCountsAndLoadMatchCPythonLive) {
  const auto py = test::run_python(R"(
import json, os
print(json.dumps({"cpu_count": os.cpu_count(), "process_cpu_count": os.process_cpu_count(),
                  "load": os.getloadavg()}))
)");
  EXPECT_EQ(py.at("cpu_count").get<int>(), cpu_count());
  EXPECT_EQ(py.at("process_cpu_count").get<int>(), process_cpu_count());
  const auto load = getloadavg();
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(load[static_cast<std::size_t>(i)], 0.0);
    EXPECT_NEAR(load[static_cast<std::size_t>(i)], py.at("load")[static_cast<std::size_t>(i)].get<double>(), 1.0);
  }
}

TEST(SysInfo, PythonCpuCountOverridesAsCPython313) {
  auto with = [](const char* value) {
    return test::run_in_child([value](int out) {
      environ.set("PYTHON_CPU_COUNT", value);
      test::write_all(out, std::to_string(cpu_count().value_or(-1)) + " " +
                               std::to_string(process_cpu_count().value_or(-1)));
      return 0;
    }).output;
  };
  EXPECT_EQ(with("7"), "7 7");
  const std::string real = std::to_string(*cpu_count()) + " " + std::to_string(*process_cpu_count());
  EXPECT_EQ(with("default"), real);
}

TEST(SysInfo, ConstantsMatchCPythonLive) {
  const auto py = test::run_python(R"(
import json, os
names = ["RTLD_LAZY", "RTLD_NOW", "RTLD_GLOBAL", "RTLD_LOCAL", "RTLD_NODELETE", "RTLD_NOLOAD",
         "RTLD_DEEPBIND", "GRND_NONBLOCK", "GRND_RANDOM"]
print(json.dumps({"ints": {n: getattr(os, n) for n in names},
                  "strs": [os.name, os.curdir, os.pardir, os.sep, os.extsep, os.pathsep, os.defpath,
                           os.linesep, os.devnull], "altsep": os.altsep,
                  "error_is_oserror": os.error is OSError}))
)");
  const std::map<std::string, int> ints = {
      {"RTLD_LAZY", RTLD_LAZY},         {"RTLD_NOW", RTLD_NOW},         {"RTLD_GLOBAL", RTLD_GLOBAL},
      {"RTLD_LOCAL", RTLD_LOCAL},       {"RTLD_NODELETE", RTLD_NODELETE}, {"RTLD_NOLOAD", RTLD_NOLOAD},
      {"RTLD_DEEPBIND", RTLD_DEEPBIND}, {"GRND_NONBLOCK", GRND_NONBLOCK}, {"GRND_RANDOM", GRND_RANDOM}};
  for (const auto& [n, v] : ints) EXPECT_EQ(py.at("ints").at(n).get<int>(), v) << n;
  EXPECT_EQ(py.at("strs"), nlohmann::json({name, curdir, pardir, sep, extsep, pathsep, defpath, linesep, devnull}));
  EXPECT_TRUE(py.at("altsep").is_null());
  EXPECT_FALSE(altsep.has_value());
  EXPECT_TRUE(py.at("error_is_oserror").get<bool>());
  static_assert(std::is_same_v<error, OSError>);
}

TEST(Random, GetrandomAndUrandom) {
  EXPECT_EQ(getrandom(0), "");
  EXPECT_EQ(urandom(0), "");
  const auto a = getrandom(32);
  EXPECT_EQ(a.size(), 32U);
  EXPECT_EQ(getrandom(16, GRND_NONBLOCK).size(), 16U);
  const auto b = urandom(32);
  const auto c = urandom(32);
  EXPECT_EQ(b.size(), 32U);
  EXPECT_NE(b, c);
  EXPECT_NE(a, b);
  // A large request is filled completely (getrandom returns at most 32 MiB per call).
  EXPECT_EQ(urandom(40 << 20).size(), std::size_t{40} << 20);
  // Probed: os.urandom(-1) ValueError; os.getrandom(-1) / getrandom(5, 99999) OSError(EINVAL).
  EXPECT_RAISES_MSG(urandom(-1), ValueError, "negative argument not allowed");
  EXPECT_RAISES_MSG(getrandom(-1), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(getrandom(5, 99999), OSError, "[Errno 22] Invalid argument");
}

TEST(Random, UrandomFallsBackToDevUrandom) {
  using _sys::Call;
  using _sys::fault::Injector;
  {
    // getrandom(2) missing (ENOSYS) or forbidden by seccomp (EPERM): /dev/urandom.
    for (int err : {ENOSYS, EPERM}) {
      Injector inject;
      inject.add({.call = Call::getrandom, .nth = 1, .times = 0, .error = err});
      EXPECT_EQ(urandom(100).size(), 100U);
      EXPECT_EQ(inject.calls(Call::open), 1U);
    }
  }
  {
    // A short getrandom: the rest is asked for again.
    Injector inject;
    inject.add({.call = Call::getrandom, .nth = 1, .times = 3, .short_count = 1});
    EXPECT_EQ(urandom(10).size(), 10U);
    EXPECT_EQ(inject.calls(Call::getrandom), 4U);
  }
  {
    Injector inject;
    inject.add({.call = Call::getrandom, .nth = 1, .times = 0, .error = ENOSYS});
    inject.add({.call = Call::open, .nth = 1, .times = 0, .error = ENOENT});
    EXPECT_RAISES_MSG(urandom(4), NotImplementedError, "/dev/urandom (or equivalent) not found");
  }
  {
    Injector inject;
    inject.add({.call = Call::getrandom, .nth = 1, .times = 0, .error = ENOSYS});
    inject.add({.call = Call::open, .nth = 1, .times = 0, .error = EMFILE});
    EXPECT_RAISES_MSG(urandom(4), OSError, "[Errno 24] Too many open files: '/dev/urandom'");
  }
  {
    Injector inject;
    inject.add({.call = Call::getrandom, .nth = 1, .times = 0, .error = ENOSYS});
    inject.add({.call = Call::read, .nth = 1, .times = 0, .short_count = 0});
    EXPECT_RAISES_MSG(urandom(4), RuntimeError, "Failed to read 4 bytes from /dev/urandom");
  }
  {
    Injector inject;
    inject.add({.call = Call::getrandom, .nth = 1, .times = 0, .error = EIO});
    EXPECT_RAISES_MSG(urandom(4), OSError, "[Errno 5] Input/output error");
  }
}

TEST(SysInfo, ErrorsMatchCPythonLive) {
  using test::Fixture;
  test::check_error_table({
      {"os.sysconf('SC_BOGUS')", [](const Fixture&) { sysconf("SC_BOGUS"); }},
      {"os.sysconf(99999)", [](const Fixture&) { sysconf(99999); }},
      {"os.sysconf(-1)", [](const Fixture&) { sysconf(-1); }},
      {"os.confstr('CS_BOGUS')", [](const Fixture&) { confstr("CS_BOGUS"); }},
      {"os.confstr(99999)", [](const Fixture&) { confstr(99999); }},
      {"os.pathconf('/', 'PC_BOGUS')", [](const Fixture&) { pathconf("/", "PC_BOGUS"); }},
      {"os.pathconf('missing', 'PC_NAME_MAX')", [](const Fixture&) { pathconf("missing", "PC_NAME_MAX"); }},
      {"os.pathconf('f/x', 'PC_NAME_MAX')", [](const Fixture&) { pathconf("f/x", "PC_NAME_MAX"); }},
      {"os.pathconf('dangling', 'PC_NAME_MAX')", [](const Fixture&) { pathconf("dangling", "PC_NAME_MAX"); }},
      {"os.pathconf('a\\0b', 'PC_BOGUS')", [](const Fixture&) { pathconf(std::string("a\0b", 3), "PC_BOGUS"); }},
      {"os.pathconf(fd_bad, 'PC_NAME_MAX')", [](const Fixture& f) { pathconf(f.fd_bad, "PC_NAME_MAX"); }},
      {"os.pathconf(fd_bad, 3)", [](const Fixture& f) { pathconf(f.fd_bad, 3); }},
      {"os.pathconf(-5, 3)", [](const Fixture&) { pathconf(-5, 3); }},
      {"os.pathconf(fd_file, 99999)", [](const Fixture& f) { pathconf(f.fd_file, 99999); }},
      {"os.pathconf(fd_bad, 'PC_BOGUS')", [](const Fixture& f) { pathconf(f.fd_bad, "PC_BOGUS"); }},
      {"os.fpathconf(fd_bad, 'PC_NAME_MAX')", [](const Fixture& f) { fpathconf(f.fd_bad, "PC_NAME_MAX"); }},
      {"os.fpathconf(-1, 'PC_NAME_MAX')", [](const Fixture&) { fpathconf(-1, "PC_NAME_MAX"); }},
      {"os.fpathconf(-1, 'PC_BOGUS')", [](const Fixture&) { fpathconf(-1, "PC_BOGUS"); }},
      {"os.fpathconf(fd_bad, 'PC_BOGUS')", [](const Fixture& f) { fpathconf(f.fd_bad, "PC_BOGUS"); }},
      {"os.fpathconf(fd_file, 'PC_NAME_MAX')", [](const Fixture& f) { fpathconf(f.fd_file, "PC_NAME_MAX"); }},
      {"os.getrandom(-1)", [](const Fixture&) { getrandom(-1); }},
      {"os.getrandom(5, 99999)", [](const Fixture&) { getrandom(5, 99999); }},
      {"os.getrandom(-1, 99)", [](const Fixture&) { getrandom(-1, 99); }},
      {"os.urandom(-1)", [](const Fixture&) { urandom(-1); }},
  });
  // os.pathconf(-1, name) crashes CPython 3.13 (pathconf(NULL)); pyos reports EFAULT.
  EXPECT_RAISES_MSG(pathconf(-1, "PC_NAME_MAX"), OSError, "[Errno 14] Bad address: -1");
}

}  // namespace
}  // namespace pyos::os
