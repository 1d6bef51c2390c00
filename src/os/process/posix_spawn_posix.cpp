// os.posix_spawn / os.posix_spawnp.
#include <signal.h>

#include <optional>
#include <string>
#include <vector>

#include "_sys/process_linux.hpp"
#include "process_internal.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/spawn.hpp"

namespace pyos::os {
namespace {

using detail::CStringArray;

// The message of PyArg_ParseTuple's ";..." suffix for a tuple of the wrong length.
const char* size_message(int tag) {
  switch (tag) {
    case POSIX_SPAWN_OPEN: return "A open file_action tuple must have 5 elements";
    case POSIX_SPAWN_CLOSE: return "A close file_action tuple must have 2 elements";
    case POSIX_SPAWN_DUP2: return "A dup2 file_action tuple must have 3 elements";
    default: return "A closefrom file_action tuple must have 2 elements";
  }
}

std::size_t expected_size(int tag) {
  switch (tag) {
    case POSIX_SPAWN_OPEN: return 5;
    case POSIX_SPAWN_DUP2: return 3;
    default: return 2;
  }
}

_sys::SpawnFileAction::Kind kind_of(int tag) {
  switch (tag) {
    case POSIX_SPAWN_OPEN: return _sys::SpawnFileAction::Kind::open;
    case POSIX_SPAWN_CLOSE: return _sys::SpawnFileAction::Kind::close;
    case POSIX_SPAWN_DUP2: return _sys::SpawnFileAction::Kind::dup2;
    default: return _sys::SpawnFileAction::Kind::closefrom;
  }
}

// CPython parses the file actions one by one and hands each to libc at once, so an error
// libc reports for an earlier action (EBADF for a negative fd) wins over a Python-level
// error found later (a bad tuple, a bad signal number). `accepted` are the actions parsed
// so far: raise what libc says about them, if anything, before raising `error`.
template <class E>
[[noreturn]] void raise_after(const std::vector<_sys::SpawnFileAction>& accepted, E error) {
  if (auto r = _sys::check_spawn_file_actions(accepted); !r) raise_from_errno(r.error().code);
  throw error;
}

void check_signals(const std::optional<std::vector<int>>& signals,
                   const std::vector<_sys::SpawnFileAction>& accepted) {
  if (!signals) return;
  for (int s : *signals) {
    if (s <= 0 || s >= NSIG) {
      raise_after(accepted, ValueError("signal number " + std::to_string(s) + " out of range [1; " +
                                       std::to_string(NSIG - 1) + "]"));
    }
  }
}

pid_t spawn(bool search, const PathLike& path, const std::vector<std::string>& args, const Env* env,
            const PosixSpawnOptions& options) {
  const std::string func = search ? "posix_spawnp" : "posix_spawn";
  const char* p = path.c_str(func);
  CStringArray argv, envp;
  detail::build_argv(argv, args, func + ": argv must not be empty",
                     func + ": argv first element cannot be empty");
  if (env) detail::build_envp(envp, *env);

  std::vector<_sys::SpawnFileAction> actions;
  actions.reserve(options.file_actions.size());
  for (const SpawnFileAction& a : options.file_actions) {
    const int tag = a.tag();
    if (tag < POSIX_SPAWN_OPEN || tag > POSIX_SPAWN_CLOSEFROM) {
      raise_after(actions, TypeError("Unknown file_actions identifier"));
    }
    if (a.size() != expected_size(tag)) raise_after(actions, TypeError(size_message(tag)));
    if (tag == POSIX_SPAWN_OPEN && a.path().find('\0') != std::string::npos) {
      raise_after(actions, ValueError("embedded null byte"));
    }
    _sys::SpawnFileAction s;
    s.kind = kind_of(tag);
    s.fd = a.fd();
    s.new_fd = a.new_fd();
    s.path = a.path().c_str();
    s.flags = a.flags();
    s.mode = static_cast<mode_t>(a.mode());
    actions.push_back(s);
  }

  check_signals(options.setsigmask, actions);
  check_signals(options.setsigdef, actions);

  _sys::SpawnAttributes attributes;
  attributes.setpgroup = options.setpgroup;
  attributes.resetids = options.resetids;
  attributes.setsid = options.setsid;
  if (options.setsigmask) attributes.setsigmask = std::span<const int>(*options.setsigmask);
  if (options.setsigdef) attributes.setsigdef = std::span<const int>(*options.setsigdef);
  if (options.scheduler) {
    attributes.set_scheduler = true;
    attributes.sched_policy = options.scheduler->policy;
    attributes.sched_priority = options.scheduler->param.sched_priority;
  }

  std::optional<std::span<const _sys::SpawnFileAction>> file_actions;
  if (!actions.empty()) file_actions = std::span<const _sys::SpawnFileAction>(actions);
  auto pid = _sys::posix_spawn(p, file_actions, attributes, argv.data(),
                               env ? envp.data() : _sys::environ_block(), search);
  if (!pid) {
    // The spawn's own error names the program; one from preparing the file actions or the
    // attributes does not (CPython's posix_error()).
    const std::string_view call = pid.error().call;
    if (call == "posix_spawn" || call == "posix_spawnp") {
      raise_from_errno(pid.error().code, path.fspath());
    }
    raise_from_errno(pid.error().code);
  }
  return *pid;
}

}  // namespace

pid_t posix_spawn(const PathLike& path, const std::vector<std::string>& argv, const Env& env,
                  const PosixSpawnOptions& options) {
  return spawn(false, path, argv, &env, options);
}
pid_t posix_spawn(const PathLike& path, const std::vector<std::string>& argv, std::nullopt_t,
                  const PosixSpawnOptions& options) {
  return spawn(false, path, argv, nullptr, options);
}
pid_t posix_spawnp(const PathLike& path, const std::vector<std::string>& argv, const Env& env,
                   const PosixSpawnOptions& options) {
  return spawn(true, path, argv, &env, options);
}
pid_t posix_spawnp(const PathLike& path, const std::vector<std::string>& argv, std::nullopt_t,
                   const PosixSpawnOptions& options) {
  return spawn(true, path, argv, nullptr, options);
}

}  // namespace pyos::os
