// The exec family, the spawn family (os.py's, on fork + exec) and os.system.
#include <sys/wait.h>

#include <optional>
#include <string>
#include <vector>

#include "_sys/process_linux.hpp"
#include "process_internal.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/wait.hpp"

namespace pyos::os {

// --- shared argument handling ----------------------------------------------------------------

void detail::CStringArray::push_back(std::string s) {
  strings_.push_back(std::move(s));
  // Rebuild the pointers: push_back may have moved the strings (short strings live inline).
  pointers_.clear();
  for (std::string& str : strings_) pointers_.push_back(str.data());
  pointers_.push_back(nullptr);
}

void detail::check_no_nul(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) throw ValueError("embedded null byte");
}

void detail::build_argv(CStringArray& out, const std::vector<std::string>& args,
                        std::string_view empty, std::string_view first_empty) {
  if (args.empty()) throw ValueError(std::string(empty));
  for (const std::string& a : args) check_no_nul(a);
  if (args[0].empty()) throw ValueError(std::string(first_empty));
  for (const std::string& a : args) out.push_back(a);
}

void detail::build_envp(CStringArray& out, const std::map<std::string, std::string>& env) {
  for (const auto& [key, value] : env) {
    check_no_nul(key);
    check_no_nul(value);
    // As CPython's parse_envlist: '=' is looked for from the second byte on.
    if (key.empty() || key.find('=', 1) != std::string::npos) {
      throw ValueError("illegal environment variable name");
    }
    out.push_back(key + "=" + value);
  }
}

namespace {

using detail::CStringArray;

// A Result of an exec wrapper is always a failure (a successful exec does not return).
[[noreturn]] void raise_exec_error(const _core::Result<void>& r, std::optional<Filename> filename) {
  raise_from_errno(r ? EINVAL : r.error().code, std::move(filename));
}

bool has_slash(std::string_view s) { return s.find('/') != std::string_view::npos; }

// posixpath.join(dir, file) for a file without '/'.
std::string join(std::string_view dir, std::string_view file) {
  std::string out(dir);
  if (!out.empty() && out.back() != '/') out += '/';
  out += file;
  return out;
}

// The paths _execvpe tries, in order: `file` itself when it has a '/', else each directory
// of the exec path joined with it.
std::vector<std::string> exec_candidates(std::string_view file, const Env* env) {
  if (has_slash(file)) return {std::string(file)};
  std::vector<std::string> out;
  for (const std::string& dir : env ? get_exec_path(*env) : get_exec_path()) {
    out.push_back(join(dir, file));
  }
  return out;
}

// os._execvpe: tries each candidate with execv (env == nullptr) or execve. Python's checks
// happen inside each exec call: the path's NUL first, then (at the first call) argv and env.
[[noreturn]] void exec_search(const PathLike& file, const std::vector<std::string>& args, const Env* env) {
  const bool searching = !has_slash(file.fspath());
  const char* func = env ? "execve" : "execv";
  CStringArray argv, envp;
  bool first = true;
  std::optional<std::exception_ptr> saved, last;
  for (const std::string& candidate : exec_candidates(file.fspath(), env)) {
    const char* path = PathLike(candidate).c_str(func);
    if (first) {
      if (env) {
        detail::build_argv(argv, args, "execve: argv must not be empty",
                           "execve: argv first element cannot be empty");
        detail::build_envp(envp, *env);
      } else {
        detail::build_argv(argv, args, "execv() arg 2 must not be empty",
                           "execv() arg 2 first element cannot be empty");
      }
      first = false;
    }
    const auto r = env ? _sys::execve(path, argv.data(), envp.data()) : _sys::execv(path, argv.data());
    const int err = r ? EINVAL : r.error().code;
    // execv gives no filename (3.13); execve names the path, as bytes when it was joined
    // from the search path (os._execvpe fsencodes), as given otherwise.
    std::optional<Filename> filename;
    if (env) filename = searching ? Filename::bytes(candidate) : Filename(file.fspath());
    last = make_oserror(err, filename);
    if (err != ENOENT && err != ENOTDIR && !saved) saved = last;
  }
  std::rethrow_exception(saved ? *saved : *last);
}

}  // namespace

// --- exec ------------------------------------------------------------------------------------

void execv(const PathLike& path, const std::vector<std::string>& args) {
  const char* p = path.c_str("execv");
  CStringArray argv;
  detail::build_argv(argv, args, "execv() arg 2 must not be empty",
                     "execv() arg 2 first element cannot be empty");
  // CPython 3.13 raises execv's error without a filename.
  raise_exec_error(_sys::execv(p, argv.data()), std::nullopt);
}

void execve(const PathLike& path, const std::vector<std::string>& args, const Env& env) {
  const char* p = path.c_str("execve");
  CStringArray argv, envp;
  detail::build_argv(argv, args, "execve: argv must not be empty",
                     "execve: argv first element cannot be empty");
  detail::build_envp(envp, env);
  raise_exec_error(_sys::execve(p, argv.data(), envp.data()), Filename(path.fspath()));
}

void execve(int fd, const std::vector<std::string>& args, const Env& env) {
  CStringArray argv, envp;
  detail::build_argv(argv, args, "execve: argv must not be empty",
                     "execve: argv first element cannot be empty");
  detail::build_envp(envp, env);
  // CPython's "no fd" mark is -1: os.execve(-1, ...) ends in execve(NULL, ...), EFAULT.
  if (fd == -1) raise_from_errno(EFAULT, Filename::fd(fd));
  raise_exec_error(_sys::fexecve(fd, argv.data(), envp.data()), Filename::fd(fd));
}

void execvp(const PathLike& file, const std::vector<std::string>& args) {
  exec_search(file, args, nullptr);
}

void execvpe(const PathLike& file, const std::vector<std::string>& args, const Env& env) {
  exec_search(file, args, &env);
}

// --- spawn -----------------------------------------------------------------------------------

namespace {

// os._spawnvef: fork; in the child exec (execv/execve/execvp/execvpe) and exit 127 on any
// failure; in the parent return the pid (P_NOWAIT) or wait.
int spawn(int mode, const PathLike& file, const std::vector<std::string>& args, const Env* env,
          bool search) {
  if (args.empty() || args[0].empty()) throw ValueError("argv first element cannot be empty");

  // Everything the child needs is built here: after fork it only reads memory and makes
  // system calls. Whatever Python's exec would reject in the child (a NUL, a bad env key)
  // makes the child exit 127 instead, as in Python.
  std::vector<std::string> candidates =
      search ? exec_candidates(file.fspath(), env) : std::vector<std::string>{file.str()};
  CStringArray argv, envp;
  bool valid = true;
  try {
    detail::build_argv(argv, args, "", "");
    if (env) detail::build_envp(envp, *env);
  } catch (const ValueError&) {
    valid = false;
  }

  const pid_t pid = fork();
  if (pid == 0) {
    for (const std::string& c : candidates) {
      if (!valid || c.find('\0') != std::string::npos) break;
      (void)(env ? _sys::execve(c.c_str(), argv.data(), envp.data()) : _sys::execv(c.c_str(), argv.data()));
    }
    _sys::_exit(127);
  }
  if (mode == P_NOWAIT) return pid;
  for (;;) {
    const auto [wpid, status] = waitpid(pid, 0);
    (void)wpid;
    if (WIFSTOPPED_(status)) continue;
    return waitstatus_to_exitcode(status);
  }
}

}  // namespace

int spawnv(int mode, const PathLike& path, const std::vector<std::string>& args) {
  return spawn(mode, path, args, nullptr, false);
}
int spawnve(int mode, const PathLike& path, const std::vector<std::string>& args, const Env& env) {
  return spawn(mode, path, args, &env, false);
}
int spawnvp(int mode, const PathLike& file, const std::vector<std::string>& args) {
  return spawn(mode, file, args, nullptr, true);
}
int spawnvpe(int mode, const PathLike& file, const std::vector<std::string>& args, const Env& env) {
  return spawn(mode, file, args, &env, true);
}

// --- system ----------------------------------------------------------------------------------

int system(std::string_view command) {
  detail::check_no_nul(command);
  const std::string c(command);
  return _sys::system(c.c_str());
}

}  // namespace pyos::os
