#include "_sys/process.hpp"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>

namespace pyos::_sys {

pid_t getpid() noexcept { return ::getpid(); }
pid_t getppid() noexcept { return ::getppid(); }

namespace {

// The registry is lock-free: a registration claims a slot with fetch_add, then publishes the
// mutex. The fork handlers may run while a registration is half done; they skip a slot
// whose pointer is not published yet (that mutex is simply not guarded by this one fork).
constexpr std::size_t kMaxForkMutexes = 64;
std::array<std::atomic<std::mutex*>, kMaxForkMutexes> g_slots{};
std::atomic<std::size_t> g_next{0};

// What this thread's prepare handler locked, for the parent/child handlers to release.
// Per thread, since two threads may fork at the same time (they serialise on the mutexes).
thread_local std::array<std::mutex*, kMaxForkMutexes> t_locked{};
thread_local std::size_t t_locked_count = 0;

void prepare() noexcept {
  t_locked_count = 0;
  const std::size_t n = std::min(g_next.load(std::memory_order_acquire), kMaxForkMutexes);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::mutex* m = g_slots[i].load(std::memory_order_acquire)) {
      m->lock();
      t_locked[t_locked_count++] = m;
    }
  }
}

void release() noexcept {
  while (t_locked_count > 0) t_locked[--t_locked_count]->unlock();
}

}  // namespace

bool register_fork_mutex(std::mutex& mutex) noexcept {
  static const bool installed = ::pthread_atfork(prepare, release, release) == 0;
  if (!installed) return false;
  const std::size_t used = std::min(g_next.load(std::memory_order_acquire), kMaxForkMutexes);
  for (std::size_t i = 0; i < used; ++i) {
    if (g_slots[i].load(std::memory_order_acquire) == &mutex) return true;  // already guarded
  }
  const std::size_t slot = g_next.fetch_add(1, std::memory_order_acq_rel);
  if (slot >= kMaxForkMutexes) return false;
  g_slots[slot].store(&mutex, std::memory_order_release);
  return true;
}

}  // namespace pyos::_sys
