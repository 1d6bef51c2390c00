// os.fork, os.forkpty and the register_at_fork hooks.
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "_sys/process.hpp"
#include "_sys/process_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/spawn.hpp"

namespace pyos::os {
namespace {

using Hook = std::function<void()>;

struct Registry {
  // Guarded across fork by the _sys fork-mutex registry: a thread registering a hook while
  // another forks cannot leave it locked in the child.
  std::mutex mutex;
  std::vector<Hook> before, after_in_parent, after_in_child;

  Registry() { (void)_sys::register_fork_mutex(mutex); }

  std::vector<Hook> snapshot(const std::vector<Hook>& list) {
    std::lock_guard lock(mutex);
    return list;
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

// CPython reports a failing hook with PyErr_WriteUnraisable ("Exception ignored in:
// <function f at 0x...>", the traceback, "RuntimeError: boom") and goes on with the next.
void report_ignored(const char* phase) noexcept {
  try {
    throw;
  } catch (const BaseException& e) {
    std::fprintf(stderr, "Exception ignored in: <os.register_at_fork %s hook>\n%.*s: %s\n", phase,
                 static_cast<int>(e.type_name().size()), e.type_name().data(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "Exception ignored in: <os.register_at_fork %s hook>\nC++ exception: %s\n",
                 phase, e.what());
  } catch (...) {
    std::fprintf(stderr, "Exception ignored in: <os.register_at_fork %s hook>\nunknown C++ exception\n",
                 phase);
  }
  std::fflush(stderr);
}

void run_hooks(const std::vector<Hook>& hooks, const char* phase, bool newest_first) noexcept {
  const std::size_t n = hooks.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Hook& hook = hooks[newest_first ? n - 1 - i : i];
    try {
      hook();
    } catch (...) {
      report_ignored(phase);
    }
  }
}

void before_fork() noexcept {
  Registry& r = registry();
  run_hooks(r.snapshot(r.before), "before", true);
}

void after_fork(bool child) noexcept {
  Registry& r = registry();
  if (child) {
    run_hooks(r.snapshot(r.after_in_child), "after_in_child", false);
  } else {
    run_hooks(r.snapshot(r.after_in_parent), "after_in_parent", false);
  }
}

}  // namespace

void register_at_fork(const RegisterAtForkOptions& hooks) {
  if (!hooks.before && !hooks.after_in_parent && !hooks.after_in_child) {
    throw TypeError("At least one argument is required.");
  }
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (hooks.before) r.before.push_back(hooks.before);
  if (hooks.after_in_parent) r.after_in_parent.push_back(hooks.after_in_parent);
  if (hooks.after_in_child) r.after_in_child.push_back(hooks.after_in_child);
}

pid_t fork() {
  before_fork();
  auto pid = _sys::fork();
  // As CPython: the parent hooks run after a failed fork too.
  after_fork(pid && *pid == 0);
  return std::move(pid).or_raise();
}

forkpty_result forkpty() {
  before_fork();
  auto r = _sys::forkpty();
  after_fork(r && r->pid == 0);
  const auto got = std::move(r).or_raise();
  return {got.pid, got.fd};
}

}  // namespace pyos::os
