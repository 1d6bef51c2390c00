// File: pyos/_sys/owner_lock.hpp
//
// Internal (not a Python name): the lock of the buffered io objects and of logging's
// handlers. The lock is its owner's thread id (empty = free), so that the owning thread can
// tell its own re-entry (a signal handler, a callback) from another thread's wait: io raises
// RuntimeError there, logging counts a level. A waiter sleeps on the atomic (C++20
// wait/notify).
//
// While the process has a single thread (glibc's __libc_single_threaded, the test its stdio
// and libstdc++'s shared_ptr make), nobody can contend for the lock: it is taken and given
// back with plain stores instead of two atomic read-modify-writes, and the owner mark still
// tells a re-entering signal handler. A thread started while the lock is held finds the
// owner mark and waits like any other; the release then sees the process is threaded and
// wakes it.
#pragma once

#include <atomic>
#include <thread>

#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define PYOS_HAVE_SINGLE_THREADED 1
#else
#define PYOS_HAVE_SINGLE_THREADED 0
#endif

namespace pyos::_sys {

// Whether the process has only one thread. Once a second thread has been started it stays
// false. Where the C library does not say, false (the threaded path).
inline bool single_threaded() noexcept {
#if PYOS_HAVE_SINGLE_THREADED
  return __libc_single_threaded != 0;
#else
  return false;
#endif
}

class OwnerLock {
 public:
  // The thread holding the lock (empty when free). Only the holder's own test is exact.
  std::thread::id owner() const noexcept { return owner_.load(std::memory_order_relaxed); }

  // Takes the lock for `self` if that needs no wait; false (nothing changed) otherwise,
  // including when `self` already holds it. Then lock_contended() waits for it.
  bool try_lock(std::thread::id self) noexcept {
    if (single_threaded()) {
      if (owner_.load(std::memory_order_relaxed) != std::thread::id()) return false;
      owner_.store(self, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      plain_ = true;
      return true;
    }
    std::thread::id free;
    if (!owner_.compare_exchange_strong(free, self, std::memory_order_acquire, std::memory_order_relaxed)) return false;
    plain_ = false;
    return true;
  }

  // Waits until the lock is free and takes it for `self` (which must not hold it).
  void lock_contended(std::thread::id self) noexcept {
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    for (;;) {
      std::thread::id free;
      if (owner_.compare_exchange_strong(free, self, std::memory_order_acquire, std::memory_order_relaxed)) break;
      owner_.wait(free, std::memory_order_relaxed);  // sleeps while the holder (now in `free`) keeps it
    }
    waiters_.fetch_sub(1, std::memory_order_relaxed);
    plain_ = false;
  }

  // Gives the lock back (the caller holds it).
  void unlock() noexcept {
    if (plain_) {
      std::atomic_signal_fence(std::memory_order_seq_cst);
      owner_.store(std::thread::id(), std::memory_order_release);
      if (single_threaded()) return;
      // A thread started meanwhile may be waiting. The read-modify-write orders the store
      // above before the count is read (a fence would do, but ThreadSanitizer models none).
      if (waiters_.fetch_add(0, std::memory_order_seq_cst) > 0) owner_.notify_all();
      return;
    }
    // seq_cst: the store and the waiters_ load must not be reordered (a waiter that
    // registered must be seen, or it would sleep on a free lock).
    owner_.store(std::thread::id(), std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_seq_cst) > 0) owner_.notify_all();
  }

  // In a forked child, where only the forking thread exists: free, nobody waiting.
  void reset_after_fork() noexcept {
    owner_.store(std::thread::id(), std::memory_order_relaxed);
    waiters_.store(0, std::memory_order_relaxed);
    plain_ = false;
  }

 private:
  std::atomic<std::thread::id> owner_{};
  std::atomic<int> waiters_{0};
  bool plain_ = false;  // taken with plain stores (written and read by the holder only)
};

}  // namespace pyos::_sys
