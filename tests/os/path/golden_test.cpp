// os.path against the golden vectors of tools/oracle/gen_os_path.py (CPython 3.13): every
// case must match exactly, value or exception (class and str()).
#include <pwd.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "pyos/os/environ.hpp"
#include "pyos/os/path.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os::path {
namespace {

using nlohmann::json;

// A golden path: a JSON string, or {"hex": ...} for bytes that are not UTF-8.
std::string bytes_of(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  return test::from_hex(j.at("hex").get<std::string>());
}

std::vector<std::string> list_of(const json& j) {
  std::vector<std::string> out;
  for (const auto& x : j) out.push_back(bytes_of(x));
  return out;
}

// Runs one case; returns {"out": ...} or {"raises": {"type", "msg"}}.
json run(const json& c) {
  const std::string f = c.at("f").get<std::string>();
  const json& args = c.at("args");
  auto arg = [&](std::size_t i) { return bytes_of(args.at(i)); };
  try {
    json out;
    if (f == "split") {
      auto [head, tail] = split(arg(0));
      out = json::array({head, tail});
    } else if (f == "splitext") {
      auto [root, ext] = splitext(arg(0));
      out = json::array({root, ext});
    } else if (f == "splitroot") {
      auto [drive, root, tail] = splitroot(arg(0));
      out = json::array({drive, root, tail});
    } else if (f == "splitdrive") {
      auto [drive, tail] = splitdrive(arg(0));
      out = json::array({drive, tail});
    } else if (f == "normpath") {
      out = normpath(arg(0));
    } else if (f == "normcase") {
      out = normcase(arg(0));
    } else if (f == "basename") {
      out = basename(arg(0));
    } else if (f == "dirname") {
      out = dirname(arg(0));
    } else if (f == "isabs") {
      out = isabs(arg(0));
    } else if (f == "join") {
      const auto parts = list_of(args);
      out = join(parts);
      // The variadic spelling agrees with the range one.
      if (parts.size() == 2) {
        EXPECT_EQ(join(parts[0], parts[1]), out.get<std::string>());
      } else if (parts.size() == 3) {
        EXPECT_EQ(join(parts[0], parts[1], parts[2]), out.get<std::string>());
      }
    } else if (f == "commonpath") {
      out = commonpath(list_of(args.at(0)));
    } else if (f == "commonprefix") {
      out = commonprefix(list_of(args.at(0)));
    } else if (f == "abspath") {
      out = abspath(arg(0));
    } else if (f == "relpath") {
      out = args.size() == 1 ? relpath(arg(0)) : relpath(arg(0), arg(1));
    } else if (f == "expanduser") {
      out = expanduser(arg(0));
    } else if (f == "expandvars") {
      out = expandvars(arg(0));
    } else {
      ADD_FAILURE() << "unknown function " << f;
    }
    return {{"out", out}};
  } catch (const BaseException& e) {
    return {{"raises", {{"type", std::string(e.type_name())}, {"msg", e.what()}}}};
  }
}

json expectation(const json& c) {
  if (c.contains("raises")) return {{"raises", c.at("raises")}};
  std::function<json(const json&)> conv = [&](const json& j) -> json {
    if (j.is_array()) {
      json out = json::array();
      for (const auto& x : j) out.push_back(conv(x));
      return out;
    }
    if (j.is_string() || j.is_object()) return bytes_of(j);
    return j;
  };
  return {{"out", conv(c.at("out"))}};
}

// Runs the cases for which `wanted` is true; every one must match. Returns how many ran, per
// function.
std::map<std::string, int> check_cases(const json& cases, std::size_t first, std::size_t count,
                                       const std::function<bool(const json&)>& wanted = nullptr) {
  std::map<std::string, int> ran;
  int failures = 0;
  for (std::size_t i = first; i < first + count; ++i) {
    const json& c = cases.at(i);
    if (wanted && !wanted(c)) continue;
    ++ran[c.at("f").get<std::string>()];
    const json got = run(c);
    const json want = expectation(c);
    if (got != want && ++failures <= 20) {
      ADD_FAILURE() << "case " << i << ": " << c.dump(-1, ' ', true) << "\n  got  "
                    << got.dump(-1, ' ', true, json::error_handler_t::replace) << "\n  want "
                    << want.dump(-1, ' ', true, json::error_handler_t::replace);
    }
  }
  EXPECT_EQ(failures, 0) << "cases that differ from CPython";
  return ran;
}

TEST(OsPathGolden, PureFunctions) {
  const json doc = test::golden("os_path/pure.json");
  const json& cases = test::golden_cases(doc);
  const auto ran = check_cases(cases, 0, cases.size());
  for (const char* f : {"split", "splitext", "splitroot", "splitdrive", "normpath", "normcase",
                        "basename", "dirname", "isabs", "join", "commonpath", "commonprefix"}) {
    EXPECT_GE(ran.count(f) ? ran.at(f) : 0, 500) << f;
  }
}

// Changes the current directory for the life of the object.
class ChangeCwd {
 public:
  explicit ChangeCwd(const std::string& dir) : saved_(std::filesystem::current_path()) {
    ok_ = ::chdir(dir.c_str()) == 0 && std::filesystem::current_path() == dir;
  }
  ~ChangeCwd() { std::filesystem::current_path(saved_); }
  bool ok() const { return ok_; }

 private:
  std::filesystem::path saved_;
  bool ok_ = false;
};

TEST(OsPathGolden, AbspathAndRelpathWithAPinnedCwd) {
  const json doc = test::golden("os_path/cwd.json");
  const json& cases = test::golden_cases(doc);
  std::size_t first = 0;
  int groups = 0;
  for (const json& group : doc.at("groups")) {
    const std::string cwd = bytes_of(group.at("cwd"));
    const auto count = group.at("count").get<std::size_t>();
    SCOPED_TRACE("cwd " + cwd);
    ChangeCwd in(cwd);
    if (!in.ok()) {
      ADD_FAILURE() << "cannot enter " << cwd << " with the same getcwd() as the oracle";
    } else {
      const auto ran = check_cases(cases, first, count);
      EXPECT_GE(ran.at("relpath"), 1000);
      EXPECT_GE(ran.at("abspath"), 300);
      ++groups;
    }
    first += count;
  }
  EXPECT_EQ(groups, 2);
}

// Sets os.environ (and so the process environment) for the life of the object, then puts
// back what was there.
class PinnedEnviron {
 public:
  void set(const std::string& key, const std::optional<std::string>& value) {
    if (!saved_.contains(key)) saved_[key] = os::environ.get(key);
    if (value) {
      os::environ.set(key, *value);
    } else if (os::environ.contains(key)) {
      os::environ.erase(key);
    }
  }
  ~PinnedEnviron() {
    for (const auto& [key, value] : saved_) {
      if (value) {
        os::environ.set(key, *value);
      } else if (os::environ.contains(key)) {
        os::environ.erase(key);
      }
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST(OsPathGolden, Expanduser) {
  const json doc = test::golden("os_path/expanduser.json");
  const json& cases = test::golden_cases(doc);
  // The oracle's password database must be ours for the ~user cases: the users are ones
  // every Debian system has, and their homes were recorded.
  std::set<std::string> verified;
  for (const auto& [user, home] : doc.at("passwd").items()) {
    const passwd* pw = ::getpwnam(user.c_str());
    if (pw != nullptr && bytes_of(home) == pw->pw_dir) {
      verified.insert(user);
    } else {
      ADD_FAILURE() << "this system's password entry for " << user << " differs from the oracle's";
    }
  }
  for (const auto& missing : doc.at("missing")) EXPECT_EQ(::getpwnam(bytes_of(missing).c_str()), nullptr);
  // HOME unset uses the entry of getuid(): comparable when we are the oracle's user.
  const passwd* self = ::getpwuid(::getuid());
  const bool same_user = doc.at("uid").get<uid_t>() == ::getuid() && self != nullptr &&
                         bytes_of(doc.at("uid_home")) == self->pw_dir;
  auto wanted = [&](const json& c) {
    if (c.at("home").is_null() && !same_user) return false;
    const std::string p = bytes_of(c.at("args").at(0));
    if (p.size() < 2 || p[0] != '~' || p[1] == '/') return true;
    const std::string name = p.substr(1, p.find('/') == std::string::npos ? std::string::npos : p.find('/') - 1);
    return !doc.at("passwd").contains(name) || verified.contains(name);
  };
  if (!same_user) std::cerr << "note: not the oracle's user; the HOME-unset cases are skipped\n";
  PinnedEnviron env;
  int ran = 0;
  // Cases come in runs of one HOME value.
  for (std::size_t i = 0; i < cases.size();) {
    const json home = cases.at(i).at("home");
    std::size_t j = i;
    while (j < cases.size() && cases.at(j).at("home") == home) ++j;
    env.set("HOME", home.is_null() ? std::nullopt : std::optional<std::string>(bytes_of(home)));
    const auto counts = check_cases(cases, i, j - i, wanted);
    ran += counts.count("expanduser") ? counts.at("expanduser") : 0;
    i = j;
  }
  EXPECT_GE(ran, same_user ? static_cast<int>(cases.size()) - 50 : 900);
}

TEST(OsPathGolden, Expandvars) {
  const json doc = test::golden("os_path/expandvars.json");
  const json& cases = test::golden_cases(doc);
  PinnedEnviron env;
  const json& pinned = doc.at("environ");
  for (const auto& n : doc.at("referenced")) {
    const std::string name = bytes_of(n);
    // Names the environment cannot hold are absent in both worlds.
    if (name.empty() || name.find('\0') != std::string::npos || name.find('=') != std::string::npos) continue;
    env.set(name, pinned.contains(name) ? std::optional<std::string>(bytes_of(pinned.at(name))) : std::nullopt);
  }
  const auto ran = check_cases(cases, 0, cases.size());
  EXPECT_EQ(ran.at("expandvars"), static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace pyos::os::path
