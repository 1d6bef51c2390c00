// File: pyos/os/spawn.hpp
//
// os — Process Management: creating processes and replacing the process image.
//   fork, register_at_fork, forkpty;
//   the exec family: execl, execle, execlp, execlpe, execv, execve, execvp, execvpe;
//   the spawn family: spawnl, spawnle, spawnlp, spawnlpe, spawnv, spawnve, spawnvp, spawnvpe;
//   posix_spawn, posix_spawnp with file actions and every option Python has;
//   system.
// Waiting for children is in <pyos/os/wait.hpp>.
//
// Arguments (argv) are a list of strings; environments (env) a str -> str mapping, given as
// std::map (the child's environment is in the map's sorted order, Python's in the dict's
// insertion order — the set of variables is the same). Argument checks and their messages
// are CPython's: ValueError for an empty argv, an empty argv[0], a NUL byte, an env key that
// is empty or holds '='; an exec or spawn that fails raises the OSError subclass for the
// errno (with the program as filename where CPython gives it).
//
// Deviation: os.popen is not here; it returns an io text stream and lands with the io module.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pyos/os/sched.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::os {

// --- fork -----------------------------------------------------------------------------------

// Keyword arguments of os.register_at_fork; an empty std::function is "not given".
struct RegisterAtForkOptions {
  std::function<void()> before;           // called before fork, newest registration first
  std::function<void()> after_in_parent;  // called in the parent after fork, oldest first
  std::function<void()> after_in_child;   // called in the child after fork, oldest first
};
// os.register_at_fork(*, before=None, after_in_parent=None, after_in_child=None).
// TypeError "At least one argument is required." when all three are empty. The hooks run
// for os::fork and os::forkpty (and so for the spawn family), not for posix_spawn, system,
// or a fork(2) made by other code. Hooks cannot be unregistered. A hook that throws is
// reported on stderr ("Exception ignored in: ...", as CPython reports it) and the others
// still run.
void register_at_fork(const RegisterAtForkOptions& hooks);

// os.fork(): 0 in the child, the child's pid in the parent. Runs the register_at_fork hooks.
// pyos's internal locks are never inherited locked (see _sys::register_fork_mutex).
// Deviation: CPython 3.12+ warns (DeprecationWarning) when other threads exist; pyos has no
// warnings machinery and does not.
pid_t fork();

// The (pid, fd) tuple of os.forkpty(): fd is the master side of the pseudo-terminal, in the
// parent (the child's stdin/stdout/stderr are the slave side).
struct forkpty_result {
  pid_t pid;
  int fd;
};
// os.forkpty(). Runs the register_at_fork hooks. The master descriptor is non-inheritable,
// as from CPython 3.15 (3.13 leaves it inheritable).
forkpty_result forkpty();

// --- exec -----------------------------------------------------------------------------------

using Env = std::map<std::string, std::string>;

// os.execv(path, args): replaces the process, with the current environment. Never returns;
// raises on failure. ValueError "execv() arg 2 must not be empty" / "execv() arg 2 first
// element cannot be empty" / "embedded null byte"; an OSError has no filename (as 3.13).
[[noreturn]] void execv(const PathLike& path, const std::vector<std::string>& args);
// os.execve(path, args, env); the OSError names the path. ValueError "execve: argv must not
// be empty", "execve: argv first element cannot be empty", "illegal environment variable name".
[[noreturn]] void execve(const PathLike& path, const std::vector<std::string>& args, const Env& env);
// os.execve(fd, args, env): fexecve. fd -1 raises OSError(EFAULT) with filename -1, as Python.
[[noreturn]] void execve(int fd, const std::vector<std::string>& args, const Env& env);
// os.execvp(file, args) / os.execvpe(file, args, env): a file without '/' is looked for in
// the PATH of os.environ (execvp) or of env (execvpe), os.defpath when PATH is unset. The
// error raised is the first one that is not "not found"/"not a directory", else the last;
// for execvpe it names the full path tried, as bytes (b'/usr/bin/x'), as CPython.
[[noreturn]] void execvp(const PathLike& file, const std::vector<std::string>& args);
[[noreturn]] void execvpe(const PathLike& file, const std::vector<std::string>& args, const Env& env);

namespace detail {
template <class Tuple, std::size_t... I>
std::vector<std::string> strings_of(const Tuple& t, std::index_sequence<I...>) {
  return {std::string(std::get<I>(t))...};
}
// The leading arguments of a pack as strings, and its last one as the environment.
template <class... Args>
std::vector<std::string> leading_strings(const Args&... args) {
  return strings_of(std::forward_as_tuple(args...), std::make_index_sequence<sizeof...(Args) - 1>());
}
template <class... Args>
std::map<std::string, std::string> trailing_env(const Args&... args) {
  return std::map<std::string, std::string>(std::get<sizeof...(Args) - 1>(std::forward_as_tuple(args...)));
}
}  // namespace detail

// os.execl(path, arg0, arg1, ...) / os.execlp(file, arg0, ...)
template <class... Args>
[[noreturn]] void execl(const PathLike& path, const Args&... args) {
  execv(path, std::vector<std::string>{std::string(args)...});
}
template <class... Args>
[[noreturn]] void execlp(const PathLike& file, const Args&... args) {
  execvp(file, std::vector<std::string>{std::string(args)...});
}
// os.execle(path, arg0, arg1, ..., env) / os.execlpe(file, arg0, ..., env): env last.
template <class... Args>
[[noreturn]] void execle(const PathLike& path, const Args&... args) {
  static_assert(sizeof...(Args) >= 1, "execle(path, args..., env)");
  execve(path, detail::leading_strings(args...), detail::trailing_env(args...));
}
template <class... Args>
[[noreturn]] void execlpe(const PathLike& file, const Args&... args) {
  static_assert(sizeof...(Args) >= 1, "execlpe(file, args..., env)");
  execvpe(file, detail::leading_strings(args...), detail::trailing_env(args...));
}

// --- spawn (os.py's spawn*, on fork + exec) -------------------------------------------------

// os.P_WAIT / os.P_NOWAIT / os.P_NOWAITO
inline constexpr int P_WAIT = 0;
inline constexpr int P_NOWAIT = 1;
inline constexpr int P_NOWAITO = 1;

// os.spawnv(mode, path, args) and friends: fork (running the register_at_fork hooks), then
// exec in the child; a child whose exec fails (or whose args/env Python would reject in the
// child) exits with 127. P_NOWAIT returns the pid; any other mode waits and returns the
// exit code, or -signal for a child killed by a signal. ValueError "argv first element
// cannot be empty" for an empty args or args[0].
int spawnv(int mode, const PathLike& path, const std::vector<std::string>& args);
int spawnve(int mode, const PathLike& path, const std::vector<std::string>& args, const Env& env);
int spawnvp(int mode, const PathLike& file, const std::vector<std::string>& args);
int spawnvpe(int mode, const PathLike& file, const std::vector<std::string>& args, const Env& env);

// os.spawnl(mode, path, arg0, ...) / spawnlp / spawnle(..., env) / spawnlpe(..., env)
template <class... Args>
int spawnl(int mode, const PathLike& path, const Args&... args) {
  return spawnv(mode, path, std::vector<std::string>{std::string(args)...});
}
template <class... Args>
int spawnlp(int mode, const PathLike& file, const Args&... args) {
  return spawnvp(mode, file, std::vector<std::string>{std::string(args)...});
}
template <class... Args>
int spawnle(int mode, const PathLike& path, const Args&... args) {
  static_assert(sizeof...(Args) >= 1, "spawnle(mode, path, args..., env)");
  return spawnve(mode, path, detail::leading_strings(args...), detail::trailing_env(args...));
}
template <class... Args>
int spawnlpe(int mode, const PathLike& file, const Args&... args) {
  static_assert(sizeof...(Args) >= 1, "spawnlpe(mode, file, args..., env)");
  return spawnvpe(mode, file, detail::leading_strings(args...), detail::trailing_env(args...));
}

// --- posix_spawn ----------------------------------------------------------------------------

// The file_actions tags (Python constants; libc has no macros for them).
inline constexpr int POSIX_SPAWN_OPEN = 0;
inline constexpr int POSIX_SPAWN_CLOSE = 1;
inline constexpr int POSIX_SPAWN_DUP2 = 2;
inline constexpr int POSIX_SPAWN_CLOSEFROM = 3;  // 3.13, glibc >= 2.34

// One file_actions tuple, written as in Python:
//   {POSIX_SPAWN_OPEN, fd, path, flags, mode}   {POSIX_SPAWN_CLOSE, fd}
//   {POSIX_SPAWN_DUP2, fd, new_fd}              {POSIX_SPAWN_CLOSEFROM, fd}
// A tag that does not match the tuple's length raises Python's TypeError when spawning
// ("A dup2 file_action tuple must have 3 elements", "Unknown file_actions identifier").
class SpawnFileAction {
 public:
  SpawnFileAction(int tag, int fd) : tag_(tag), size_(2), fd_(fd) {}
  SpawnFileAction(int tag, int fd, int new_fd) : tag_(tag), size_(3), fd_(fd), new_fd_(new_fd) {}
  SpawnFileAction(int tag, int fd, const PathLike& path, int flags, int mode)
      : tag_(tag), size_(5), fd_(fd), path_(path.str()), flags_(flags), mode_(mode) {}

  int tag() const noexcept { return tag_; }
  std::size_t size() const noexcept { return size_; }  // the Python tuple's length
  int fd() const noexcept { return fd_; }
  int new_fd() const noexcept { return new_fd_; }
  const std::string& path() const noexcept { return path_; }
  int flags() const noexcept { return flags_; }
  int mode() const noexcept { return mode_; }

 private:
  int tag_;
  std::size_t size_;
  int fd_;
  int new_fd_ = -1;
  std::string path_;
  int flags_ = 0;
  int mode_ = 0;
};

// The scheduler=(policy, param) tuple; policy nullopt is Python's None (keep the policy,
// set the priority).
struct PosixSpawnScheduler {
  std::optional<int> policy;
  sched_param param;
};

// Keyword arguments of os.posix_spawn / os.posix_spawnp. An unset optional is Python's
// default (argument not given). Note setsigmask: not given leaves the child the parent's
// mask; an empty list gives it an empty mask.
struct PosixSpawnOptions {
  std::vector<SpawnFileAction> file_actions;       // file_actions=()
  std::optional<pid_t> setpgroup;                  // setpgroup=None
  bool resetids = false;                           // resetids=False
  bool setsid = false;                             // setsid=False
  std::optional<std::vector<int>> setsigmask;      // setsigmask=()
  std::optional<std::vector<int>> setsigdef;       // setsigdef=()
  std::optional<PosixSpawnScheduler> scheduler;    // scheduler=None
};

// os.posix_spawn(path, argv, env, *, ...) -> pid. env std::nullopt (Python's None, 3.13)
// passes the current environment. Errors as CPython: ValueError "posix_spawn: argv must
// not be empty" / "posix_spawn: argv first element cannot be empty" / "signal number N out
// of range [1; 64]"; an error while preparing the file actions or attributes raises OSError
// without filename; the spawn's own error names the path.
pid_t posix_spawn(const PathLike& path, const std::vector<std::string>& argv, const Env& env,
                  const PosixSpawnOptions& options = {});
pid_t posix_spawn(const PathLike& path, const std::vector<std::string>& argv, std::nullopt_t env,
                  const PosixSpawnOptions& options = {});
// os.posix_spawnp: the same, looking `path` up in the PATH of the calling process.
pid_t posix_spawnp(const PathLike& path, const std::vector<std::string>& argv, const Env& env,
                   const PosixSpawnOptions& options = {});
pid_t posix_spawnp(const PathLike& path, const std::vector<std::string>& argv, std::nullopt_t env,
                   const PosixSpawnOptions& options = {});

// os.system(command): the wait status of `/bin/sh -c command` (decode it with
// waitstatus_to_exitcode), or -1 if no shell could be run. ValueError "embedded null byte".
int system(std::string_view command);

}  // namespace pyos::os
