// File: logging/crash.cpp
//
// enableCrashFlush(): on a fatal signal, the buffered StreamHandlers' streams are written out
// (IOBase::emergency_flush) before the process dies (reliability plan, row 10: records lost
// on abort or crash when output is buffered).
//
// What a signal handler may touch decides the layout:
// - The buffered handlers are found through a list of slots that is only ever pushed onto
//   and never freed, so that the handler walks it without a lock while another thread adds a
//   slot; a handler leaves its slot by clearing it.
// - Each handler mirrors its stream's object in an atomic pointer (crash_stream_), set
//   wherever the stream changes (set_stream_locked), before the old stream can go.
// - The previous dispositions sit in a fixed table, written by enable/disable (under a
//   mutex, with the signals blocked in the calling thread) and only read by the handler.
// The handler flushes once per enable (a second fatal signal while flushing goes straight to
// the previous disposition), puts the previous disposition back and raises the signal again:
// it is blocked while the handler runs, so it is delivered when the handler returns, to the
// previous handler or to the default action. A fault re-executes the faulting instruction,
// which faults again under the restored disposition.
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <cerrno>
#include <mutex>
#include <new>

#include "logging/crash.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/logging.hpp"

namespace pyos::logging {
namespace detail {
namespace {

struct Slot {
  std::atomic<StreamHandler*> handler{nullptr};
  Slot* next = nullptr;  // set before the slot is published, never changed
};

std::atomic<Slot*> g_slots{nullptr};
std::mutex g_slots_mutex;  // taken by the handlers' threads only, never in the signal handler

// The dispositions enableCrashFlush() replaced: `installed` says which entries hold one.
struct Saved {
  std::atomic<bool> installed{false};
  struct sigaction previous {};
};
constexpr int kMaxSignal = NSIG;  // signal numbers are 1..NSIG-1
Saved g_saved[kMaxSignal];
std::atomic<bool> g_enabled{false};
std::atomic<bool> g_flushed{false};
std::mutex g_install_mutex;

// The alternate stack given to a thread that had none (sigaltstack is per thread).
constexpr std::size_t kAltStackSize = 64 * 1024;

}  // namespace

void CrashFlush::track(StreamHandler& h) noexcept {
  std::lock_guard lock(g_slots_mutex);
  if (h.crash_slot_) return;
  for (Slot* s = g_slots.load(std::memory_order_acquire); s; s = s->next) {
    StreamHandler* expected = nullptr;
    if (s->handler.compare_exchange_strong(expected, &h, std::memory_order_release)) {
      h.crash_slot_ = s;
      return;
    }
  }
  // A new slot (never freed: a signal handler may be walking the list). An allocation
  // failure leaves the handler out of the crash flush, nothing else.
  Slot* s = new (std::nothrow) Slot;
  if (!s) return;
  s->handler.store(&h, std::memory_order_relaxed);
  s->next = g_slots.load(std::memory_order_relaxed);
  g_slots.store(s, std::memory_order_release);  // pushed under g_slots_mutex only
  h.crash_slot_ = s;
}

void CrashFlush::untrack(StreamHandler& h) noexcept {
  std::lock_guard lock(g_slots_mutex);
  if (auto* s = static_cast<Slot*>(h.crash_slot_)) s->handler.store(nullptr, std::memory_order_release);
  h.crash_slot_ = nullptr;
}

// Async-signal-safe: atomic loads and emergency_flush() only.
void CrashFlush::flush_all() noexcept {
  for (Slot* s = g_slots.load(std::memory_order_acquire); s; s = s->next) {
    StreamHandler* h = s->handler.load(std::memory_order_acquire);
    if (!h || !h->buffered()) continue;
    if (io::IOBase* stream = h->crash_stream_.load(std::memory_order_acquire)) stream->emergency_flush();
  }
}

namespace {

void on_fatal_signal(int sig, siginfo_t*, void*) {
  const int saved_errno = errno;
  if (!g_flushed.exchange(true, std::memory_order_acq_rel)) CrashFlush::flush_all();
  if (sig > 0 && sig < kMaxSignal && g_saved[sig].installed.load(std::memory_order_acquire)) {
    ::sigaction(sig, &g_saved[sig].previous, nullptr);
  } else {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(sig, &dfl, nullptr);
  }
  ::raise(sig);
  errno = saved_errno;
}

// Every signal blocked in the calling thread while the table changes, so that none runs the
// handler half-way through.
class BlockSignals {
 public:
  BlockSignals() {
    sigset_t all;
    sigfillset(&all);
    ::pthread_sigmask(SIG_BLOCK, &all, &old_);
  }
  ~BlockSignals() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  BlockSignals(const BlockSignals&) = delete;
  BlockSignals& operator=(const BlockSignals&) = delete;

 private:
  sigset_t old_;
};

void restore_all_locked() noexcept {
  for (int sig = 1; sig < kMaxSignal; ++sig) {
    if (!g_saved[sig].installed.load(std::memory_order_relaxed)) continue;
    ::sigaction(sig, &g_saved[sig].previous, nullptr);
    g_saved[sig].installed.store(false, std::memory_order_release);
  }
  g_enabled.store(false, std::memory_order_release);
}

// Mapped, never unmapped: a signal may come at any time until the thread ends, even during
// the process's exit. Once per thread (a thread that has one keeps it).
void ensure_alt_stack() {
  stack_t current{};
  if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
  void* stack = ::mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) raise_from_errno(errno);
  stack_t ours{};
  ours.ss_sp = stack;
  ours.ss_size = kAltStackSize;
  if (::sigaltstack(&ours, nullptr) != 0) {
    const int err = errno;
    ::munmap(stack, kAltStackSize);
    raise_from_errno(err);
  }
}

}  // namespace
}  // namespace detail

void enableCrashFlush() {
  static constexpr int kFatal[] = {SIGSEGV, SIGFPE, SIGABRT, SIGBUS, SIGILL};
  enableCrashFlush(kFatal);
}

void enableCrashFlush(std::span<const int> signals) {
  using namespace detail;
  for (int sig : signals) {
    if (sig < 1 || sig >= kMaxSignal) throw ValueError("signal number out of range");
  }
  std::lock_guard lock(g_install_mutex);
  ensure_alt_stack();
  const BlockSignals blocked;
  restore_all_locked();
  struct sigaction action {};
  action.sa_sigaction = &on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int sig : signals) {
    if (g_saved[sig].installed.load(std::memory_order_relaxed)) continue;
    if (::sigaction(sig, &action, &g_saved[sig].previous) != 0) {
      const int err = errno;
      restore_all_locked();
      raise_from_errno(err);
    }
    g_saved[sig].installed.store(true, std::memory_order_release);
  }
  g_flushed.store(false, std::memory_order_release);
  g_enabled.store(true, std::memory_order_release);
}

void disableCrashFlush() {
  using namespace detail;
  std::lock_guard lock(g_install_mutex);
  const BlockSignals blocked;
  restore_all_locked();
}

bool isCrashFlushEnabled() noexcept { return detail::g_enabled.load(std::memory_order_acquire); }

}  // namespace pyos::logging
