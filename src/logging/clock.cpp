// File: logging/clock.cpp — see clock.hpp.
#include "logging/clock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>

#include "pyos/time.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace pyos::logging::detail {

__extension__ using Wide = unsigned __int128;

std::uint64_t TscRateLearner::learn(std::uint64_t tsc_before, std::uint64_t tsc_after, std::int64_t ns) noexcept {
  if (!bracket_usable(tsc_before, tsc_after, kMaxBracketTicks)) return rate_to_use();
  const std::uint64_t tsc = bracket_middle(tsc_before, tsc_after);
  // Nothing to measure against yet, or a TSC or clock that went back: start from here.
  const auto start_over = [&] {
    anchor(tsc, ns);
    return rate_to_use();
  };
  if (!anchored_ || tsc <= anchor_tsc_ || ns < anchor_ns_) return start_over();
  const std::int64_t elapsed = ns - anchor_ns_;
  if (elapsed < kMinBaselineNs) return rate_to_use();
  const Wide wide = (static_cast<Wide>(elapsed) << 32) / (tsc - anchor_tsc_);
  if (wide < kMinRate || wide > kMaxRate) return start_over();
  const auto estimate = static_cast<std::uint64_t>(wide);
  const auto close_to = [estimate](std::uint64_t reference) {
    const std::uint64_t off = estimate > reference ? estimate - reference : reference - estimate;
    return reference != 0 && off <= reference / 1000;
  };
  if (close_to(rate_) || close_to(candidate_)) {
    // Confirmed: the rate again (after a step of the clock), a first rate, or a new one
    // (the TSC's rate changed, as on a virtual machine moved to another host).
    rate_ = estimate;
    candidate_ = 0;
  } else {
    // In doubt (a step of the clock, or a new rate): measure again from here.
    candidate_ = estimate;
    anchor(tsc, ns);
  }
  return rate_to_use();
}

ClockWindow open_window(std::uint64_t tsc_before, std::uint64_t tsc_after, std::int64_t ns, std::uint64_t rate,
                        std::int64_t last) noexcept {
  // An extrapolation may have run up to ~100 ns ahead of the clock: not back in time for that.
  constexpr std::int64_t kRaiseBelow = 2'000;
  if (last > ns && last - ns < kRaiseBelow) ns = last;
  ClockWindow w;
  w.base_ns = ns;
  w.last = ns;
  if (rate < TscRateLearner::kMinRate || rate > TscRateLearner::kMaxRate ||
      !bracket_usable(tsc_before, tsc_after, TscRateLearner::kMaxBracketTicks) ||
      static_cast<std::int64_t>(((tsc_after - tsc_before) * rate) >> 32) > kMaxBaseBracketNs)
    return w;  // span 0: the next record reads the clock again
  w.base_tsc = bracket_middle(tsc_before, tsc_after);
  w.rate = rate;
  w.span = (static_cast<std::uint64_t>(kClockWindowNs) << 32) / rate;  // span * rate <= 2^49
  return w;
}

constinit thread_local ClockWindow t_clock_window{};

namespace {

#if defined(__x86_64__)
// An invariant TSC (CPUID 0x80000007 EDX bit 8) that the kernel trusts as its clocksource.
bool tsc_trusted() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0x80000007, &a, &b, &c, &d) == 0 || (d & (1u << 8)) == 0) return false;
  const int fd = ::open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[16] = {};
  const ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  return n >= 3 && std::strncmp(text, "tsc", 3) == 0 && (n == 3 || text[3] == '\n');
}

std::mutex g_learner_mutex;
TscRateLearner g_learner;  // guarded by g_learner_mutex
std::atomic<std::uint64_t> g_rate{0};
#endif

}  // namespace

bool tsc_clock_usable() noexcept {
#if defined(__x86_64__)
  static const bool usable = tsc_trusted();
  return usable;
#else
  return false;
#endif
}

std::int64_t record_time_ns_slow() {
#if defined(__x86_64__)
  if (tsc_clock_usable()) {
    ClockWindow& w = t_clock_window;
    const std::uint64_t before = __rdtsc();
    const std::int64_t ns = time::time_ns();
    const std::uint64_t after = __rdtsc();
    std::uint64_t rate = g_rate.load(std::memory_order_relaxed);
    // One thread learns at a time; the others (and a forked child whose parent held the
    // lock) use the rate as it is.
    if (g_learner_mutex.try_lock()) {
      rate = g_learner.learn(before, after, ns);
      g_learner_mutex.unlock();
      g_rate.store(rate, std::memory_order_relaxed);
    }
    w = open_window(before, after, ns, rate, w.last);
    return w.base_ns;
  }
#endif
  return time::time_ns();
}

}  // namespace pyos::logging::detail
