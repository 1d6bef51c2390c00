#include "os/error_table.hpp"

#include <sys/stat.h>

#include <stdexcept>

namespace pyos::test {

void build_fixture(const std::string& dir) {
  auto path = [&](const char* name) { return dir + "/" + name; };
  const int fd = ::open(path("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, "0123456789", 10) != 10) throw std::runtime_error("fixture f");
  ::close(fd);
  const int ro = ::open(path("ro").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
  if (ro < 0) throw std::runtime_error("fixture ro");
  ::close(ro);
  if (::mkdir(path("d").c_str(), 0755) != 0 || ::mkdir(path("nowrite").c_str(), 0555) != 0 ||
      ::symlink("f", path("link").c_str()) != 0 || ::symlink("missing", path("dangling").c_str()) != 0) {
    throw std::runtime_error("fixture dirs/links");
  }
}

namespace {

constexpr const char* kRunner = R"(
import json, os, sys
exprs = json.loads(sys.argv[1])
os.chdir(sys.argv[2])
fd_file = os.dup2(os.open('f', os.O_RDWR), 100)
fd_dir = os.dup2(os.open('.', os.O_RDONLY), 101)
fd_bad = 999
out = []
for e in exprs:
    try:
        eval(e)
        out.append({"type": None})
    except BaseException as x:
        out.append({"type": type(x).__name__, "str": str(x), "errno": getattr(x, "errno", None)})
print(json.dumps(out))
)";

struct CwdGuard {
  std::string saved;
  explicit CwdGuard(const std::string& dir) {
    char buf[4096];
    if (::getcwd(buf, sizeof buf) == nullptr) throw std::runtime_error("getcwd");
    saved = buf;
    if (::chdir(dir.c_str()) != 0) throw std::runtime_error("chdir");
  }
  ~CwdGuard() { (void)::chdir(saved.c_str()); }
};

}  // namespace

void check_error_table(const std::vector<ErrorCase>& cases) {
  TempDir py_dir, cpp_dir;
  build_fixture(py_dir.path());
  build_fixture(cpp_dir.path());
  nlohmann::json exprs = nlohmann::json::array();
  for (const auto& c : cases) exprs.push_back(c.python);
  const auto expected = run_python(kRunner, {exprs.dump(), py_dir.path().string()});
  ASSERT_EQ(expected.size(), cases.size());

  CwdGuard cwd(cpp_dir.path());
  Fixture fx;
  // The same descriptor numbers as the Python side, since messages can show them.
  auto pinned = [](int fd, int number) {
    const int pinned_fd = ::dup3(fd, number, O_CLOEXEC);
    ::close(fd);
    return pinned_fd;
  };
  fx.fd_file = pinned(::open("f", O_RDWR | O_CLOEXEC), 100);
  fx.fd_dir = pinned(::open(".", O_RDONLY | O_CLOEXEC), 101);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& want = expected[i];
    SCOPED_TRACE(cases[i].python);
    try {
      cases[i].cpp(fx);
      EXPECT_TRUE(want.at("type").is_null()) << "pyos succeeded, CPython raised " << want.dump();
    } catch (const BaseException& e) {
      if (want.at("type").is_null()) {
        ADD_FAILURE() << "pyos raised " << e.type_name() << ": " << e.what() << ", CPython succeeded";
        continue;
      }
      EXPECT_EQ(e.type_name(), want.at("type").get<std::string>());
      EXPECT_EQ(std::string(e.what()), want.at("str").get<std::string>());
      if (const auto* os_error = dynamic_cast<const OSError*>(&e); os_error && !want.at("errno").is_null()) {
        EXPECT_EQ(os_error->errno_(), want.at("errno").get<int>());
      }
    }
  }
  ::close(fx.fd_file);
  ::close(fx.fd_dir);
}

}  // namespace pyos::test
