// File: tests/os/path/live.hpp
//
// Live comparisons of os.path with CPython: a list of calls ("specs") is run by pyos here
// and by CPython in a child (support's run_python), each giving per call either its value or
// the exception (class, str(), errno, filename, filename2). Paths travel as hex of their
// bytes, so any byte (NUL, undecodable) gets through both ways.
//
//     Calls calls;
//     calls.add("realpath", {path}, {{"strict", true}});
//     compare_with_cpython(calls, {.cwd = dir});
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "pyos/os/environ.hpp"
#include "pyos/os/path.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os::path::live {

using nlohmann::json;

using pyos::test::hex;

inline json path_json(std::string_view s) { return {{"hex", hex(s)}}; }

// One argument: a path (string) or an fd (int).
using Arg = std::variant<std::string, int>;

class Calls {
 public:
  // kw: Python keyword arguments, e.g. {{"strict", true}} or {{"strict", "ALLOW_MISSING"}}
  // (the name of a module attribute).
  void add(std::string f, std::vector<Arg> args, json kw = json::object()) {
    json a = json::array();
    for (const auto& x : args) {
      if (const auto* s = std::get_if<std::string>(&x)) {
        a.push_back(path_json(*s));
      } else {
        a.push_back(std::get<int>(x));
      }
    }
    specs_.push_back({{"f", std::move(f)}, {"args", std::move(a)}, {"kw", std::move(kw)}});
  }
  const json& specs() const { return specs_; }

 private:
  json specs_ = json::array();
};

inline std::string arg_path(const json& a) { return test::from_hex(a.at("hex").get<std::string>()); }

inline json filename_json(const std::optional<Filename>& f) {
  if (!f) return nullptr;
  if (f->kind() == Filename::Kind::fd) return f->number();
  return path_json(f->text());
}

inline RealpathStrict strict_of(const json& kw) {
  if (!kw.contains("strict")) return false;
  const json& s = kw.at("strict");
  if (s.is_boolean()) return s.get<bool>();
  return s.get<std::string>() == "ALLOW_MISSING" ? ALLOW_MISSING : ALL_BUT_LAST;
}

// One call through pyos.
inline json run_pyos(const json& spec) {
  const std::string f = spec.at("f").get<std::string>();
  const json& args = spec.at("args");
  auto is_fd = [&](std::size_t i) { return args.at(i).is_number_integer(); };
  auto fd = [&](std::size_t i) { return args.at(i).get<int>(); };
  auto p = [&](std::size_t i) { return arg_path(args.at(i)); };
  try {
    json v;
    if (f == "exists") v = is_fd(0) ? exists(fd(0)) : exists(p(0));
    else if (f == "lexists") v = lexists(p(0));
    else if (f == "isdir") v = is_fd(0) ? isdir(fd(0)) : isdir(p(0));
    else if (f == "isfile") v = is_fd(0) ? isfile(fd(0)) : isfile(p(0));
    else if (f == "islink") v = islink(p(0));
    else if (f == "ismount") v = ismount(p(0));
    else if (f == "isjunction") v = isjunction(p(0));
    else if (f == "isdevdrive") v = isdevdrive(p(0));
    else if (f == "getsize") v = is_fd(0) ? getsize(fd(0)) : getsize(p(0));
    else if (f == "getatime") v = is_fd(0) ? getatime(fd(0)) : getatime(p(0));
    else if (f == "getmtime") v = is_fd(0) ? getmtime(fd(0)) : getmtime(p(0));
    else if (f == "getctime") v = is_fd(0) ? getctime(fd(0)) : getctime(p(0));
    else if (f == "samefile") v = samefile(p(0), p(1));
    else if (f == "sameopenfile") v = sameopenfile(fd(0), fd(1));
    else if (f == "abspath") v = path_json(abspath(p(0)));
    else if (f == "relpath") v = path_json(args.size() == 1 ? relpath(p(0)) : relpath(p(0), p(1)));
    else if (f == "realpath") v = path_json(realpath(p(0), {.strict = strict_of(spec.at("kw"))}));
    else if (f == "expanduser") v = path_json(expanduser(p(0)));
    else throw std::logic_error("live: no such function " + f);
    return {{"value", v}};
  } catch (const BaseException& e) {
    json r = {{"type", std::string(e.type_name())}, {"str", e.what()}};
    if (const auto* os_error = dynamic_cast<const OSError*>(&e)) {
      r["errno"] = os_error->errno_() ? json(*os_error->errno_()) : json(nullptr);
      r["filename"] = filename_json(os_error->filename());
      r["filename2"] = filename_json(os_error->filename2());
    }
    return {{"raises", r}};
  }
}

// The same calls in CPython. The script is the mirror image of run_pyos.
inline constexpr const char* kPythonCalls = R"(
import json, os, os.path, sys
opts = json.loads(sys.argv[1])
specs = json.loads(sys.argv[2])
def arg(a):
    return os.fsdecode(bytes.fromhex(a["hex"])) if isinstance(a, dict) else a
def out(v):
    if isinstance(v, str):
        return {"hex": os.fsencode(v).hex()}
    if isinstance(v, bytes):
        return {"hex": v.hex()}
    return v
def kwargs(kw):
    return {k: (getattr(os.path, v) if isinstance(v, str) else v) for k, v in kw.items()}
if opts.get("drop_to") is not None and os.getuid() == 0:
    os.setgroups([])
    os.setgid(opts["drop_to"])
    os.setuid(opts["drop_to"])
if opts.get("cwd") is not None:
    os.chdir(bytes.fromhex(opts["cwd"]))
    if opts.get("remove_cwd"):
        os.rmdir(bytes.fromhex(opts["cwd"]))
for k, v in opts.get("env", {}).items():
    if v is None:
        os.environ.pop(k, None)
    else:
        os.environ[k] = os.fsdecode(bytes.fromhex(v))
res = []
for s in specs:
    try:
        v = getattr(os.path, s["f"])(*[arg(a) for a in s["args"]], **kwargs(s["kw"]))
        res.append({"value": out(v)})
    except Exception as e:
        r = {"type": type(e).__name__, "str": str(e)}
        if isinstance(e, OSError):
            r["errno"] = e.errno
            r["filename"] = None if e.filename is None else out(e.filename)
            r["filename2"] = None if e.filename2 is None else out(e.filename2)
        res.append({"raises": r})
print(json.dumps(res))
)";

struct Options {
  std::optional<std::string> cwd;   // chdir here first (both sides)
  bool remove_cwd = false;          // then remove it: the current directory is gone
  std::optional<uid_t> drop_to;     // when root, run as this uid/gid (both sides)
  // Environment changes: a value, or nullopt to unset.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
};

// Runs fn in the situation `opt` describes, in a forked child when that situation is not
// reversible (dropped privileges) or not ours to keep (cwd, environment). Returns fn's JSON.
inline json in_situation(const Options& opt, const std::function<json()>& fn) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(out[0]);
    std::string text;
    try {
      if (opt.drop_to && ::getuid() == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(*opt.drop_to) != 0 || ::setuid(*opt.drop_to) != 0) _exit(3);
      }
      if (opt.cwd) {
        if (::chdir(opt.cwd->c_str()) != 0) _exit(4);
        if (opt.remove_cwd && ::rmdir(opt.cwd->c_str()) != 0) _exit(5);
      }
      for (const auto& [k, v] : opt.env) {
        if (v) {
          os::environ.set(k, *v);
        } else if (os::environ.contains(k)) {
          os::environ.erase(k);
        }
      }
      text = fn().dump();
    } catch (const std::exception& e) {
      text = json({{"child_error", e.what()}}).dump();
    }
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(out[1], text.data() + done, text.size() - done);
      if (n <= 0) _exit(6);
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  ::close(out[1]);
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("live: child failed with status " + std::to_string(status));
  }
  return json::parse(text);
}

inline json run_cpython(const Calls& calls, const Options& opt) {
  json o = json::object();
  if (opt.cwd) o["cwd"] = hex(*opt.cwd);
  o["remove_cwd"] = opt.remove_cwd;
  if (opt.drop_to) o["drop_to"] = *opt.drop_to;
  json env = json::object();
  for (const auto& [k, v] : opt.env) env[k] = v ? json(hex(*v)) : json(nullptr);
  o["env"] = env;
  return test::run_python(kPythonCalls, {o.dump(), calls.specs().dump()});
}

inline json run_pyos_all(const Calls& calls, const Options& opt) {
  return in_situation(opt, [&] {
    json res = json::array();
    for (const auto& spec : calls.specs()) res.push_back(run_pyos(spec));
    return res;
  });
}

// Every call must give what CPython gives. Returns the number of calls compared.
inline std::size_t compare_with_cpython(const Calls& calls, const Options& opt = {}) {
  const json want = run_cpython(calls, opt);
  const json got = run_pyos_all(calls, opt);
  EXPECT_EQ(got.size(), calls.specs().size()) << got.dump();
  EXPECT_EQ(want.size(), calls.specs().size()) << want.dump();
  for (std::size_t i = 0; i < calls.specs().size() && i < got.size() && i < want.size(); ++i) {
    EXPECT_EQ(got[i], want[i]) << "call " << calls.specs()[i].dump();
  }
  return calls.specs().size();
}

}  // namespace pyos::os::path::live
