// File: logging/clock.hpp
//
// The clock of LogRecord.created: CLOCK_REALTIME, as Python's time.time_ns(), read without a
// clock_gettime per record where the CPU makes that safe.
//
// Reading CLOCK_REALTIME through the vDSO costs ~23 ns here, ~9% of a buffered record; most
// of it is the ordered TSC read (rdtscp) the vDSO does. On x86-64 with an invariant TSC that
// the kernel itself uses as its clocksource, a thread reads the system clock once and then,
// for at most kClockWindowNs (100 µs), extrapolates it with a plain TSC read (~10 ns) and the
// TSC's rate, learned from the system clock over at least 10 ms. A reading older than the
// window, a TSC that went backwards, a rate not yet learned or not usable: the system clock
// is read again, exactly as before.
//
// The cost of this, written down in docs/logging.md: a record's time may differ from what
// clock_gettime would have said at that instant by the rate's error over the window (the
// learned rate stays within 1000 ppm of the kernel's, which NTP slews by at most 500 ppm:
// at most 100 ns over 100 µs) plus half the bracket of the base reading (~15 ns; a base
// bracketed by more than 1 µs is not used); a step of the system clock (settimeofday, an NTP
// step) shows in a thread's records at most 100 µs late. A thread's records never go back in
// time by an extrapolation's error (the base is raised to the last time given when the new
// reading is less than 2 µs behind it); a step back of the clock still shows.
#pragma once

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace pyos::logging::detail {

inline constexpr std::int64_t kClockWindowNs = 100'000;

// A reading of the system clock between two TSC readings: usable when the TSC did not go
// back and the bracket is at most `max_ticks` wide; the reading is taken to be at its middle.
inline bool bracket_usable(std::uint64_t before, std::uint64_t after, std::uint64_t max_ticks) noexcept {
  return after >= before && after - before <= max_ticks;
}
inline std::uint64_t bracket_middle(std::uint64_t before, std::uint64_t after) noexcept {
  return before + (after - before) / 2;
}

// The TSC's rate as 32.32 fixed-point nanoseconds per tick, learned from readings of the
// system clock each bracketed by two TSC readings. Pure (the readings are given), so the tests
// drive it with made-up clocks.
//
// The first reading anchors; a later one at least kMinBaselineNs after the anchor gives an
// estimate. An estimate within 1000 ppm of the rate, or of the estimate before it, becomes
// the rate (with a growing baseline the estimate only gets better). One that agrees with
// neither puts the rate in doubt: the clock was stepped, or the TSC's rate changed (a
// virtual machine moved to another host). It is kept as the candidate and the reading
// becomes the anchor; the next estimate, from there, settles it: it confirms the old rate
// (a step) or the candidate (a new rate), or becomes the candidate in turn. While in doubt
// learn() gives 0, so records read the clock, until the rate is confirmed again.
class TscRateLearner {
 public:
  static constexpr std::int64_t kMinBaselineNs = 10'000'000;
  // A bracket wider than this (in ticks) means the reading was interrupted: not used.
  static constexpr std::uint64_t kMaxBracketTicks = 20'000;
  // Plausible rates: a TSC between 100 MHz and 10 GHz.
  static constexpr std::uint64_t kMinRate = (std::uint64_t{1} << 32) / 10;
  static constexpr std::uint64_t kMaxRate = std::uint64_t{10} << 32;

  // One reading: the TSC just before and just after the clock read `ns`. Returns the rate to
  // extrapolate with: 0 while unknown or in doubt.
  std::uint64_t learn(std::uint64_t tsc_before, std::uint64_t tsc_after, std::int64_t ns) noexcept;
  std::uint64_t rate() const noexcept { return rate_; }  // the last confirmed rate

 private:
  // The rate learn() gives: none while a candidate is in doubt.
  std::uint64_t rate_to_use() const noexcept { return candidate_ != 0 ? 0 : rate_; }
  void anchor(std::uint64_t tsc, std::int64_t ns) noexcept {
    anchor_tsc_ = tsc;
    anchor_ns_ = ns;
    anchored_ = true;
  }
  std::uint64_t anchor_tsc_ = 0;
  std::int64_t anchor_ns_ = 0;
  bool anchored_ = false;
  std::uint64_t candidate_ = 0;
  std::uint64_t rate_ = 0;
};

// A thread's base reading. The extrapolation is good while tsc - base_tsc < span (unsigned:
// a TSC behind the base fails it too); span is 0 when the TSC is not used.
struct ClockWindow {
  std::uint64_t base_tsc = 0;
  std::int64_t base_ns = 0;
  std::uint64_t span = 0;
  std::uint64_t rate = 0;
  std::int64_t last = 0;  // the last time given to this thread
};

// Pure too: the window a fresh reading opens, given the rate (0 = none) and the thread's last
// time. The base is the bracket's middle, so it is off by at most half the bracket, which
// must be under kMaxBaseBracketNs (else no window: the next record reads the clock again);
// see the file comment for the raise to `last`.
inline constexpr std::int64_t kMaxBaseBracketNs = 1'000;
ClockWindow open_window(std::uint64_t tsc_before, std::uint64_t tsc_after, std::int64_t ns, std::uint64_t rate,
                        std::int64_t last) noexcept;

// The extrapolated time, or false when the window does not cover `tsc`.
inline bool window_time(const ClockWindow& w, std::uint64_t tsc, std::int64_t& ns) noexcept {
  const std::uint64_t ticks = tsc - w.base_tsc;
  if (ticks >= w.span) return false;
  ns = w.base_ns + static_cast<std::int64_t>((ticks * w.rate) >> 32);  // span * rate < 2^63
  return true;
}

extern constinit thread_local ClockWindow t_clock_window;
std::int64_t record_time_ns_slow();
// Whether record_time_ns() extrapolates with the TSC on this machine (x86-64, an invariant
// TSC, the kernel's clocksource "tsc").
bool tsc_clock_usable() noexcept;

// time.time_ns() for a record being made.
inline std::int64_t record_time_ns() {
#if defined(__x86_64__)
  ClockWindow& w = t_clock_window;
  std::int64_t ns;
  if (window_time(w, __rdtsc(), ns)) [[likely]] {
    w.last = ns;
    return ns;
  }
#endif
  return record_time_ns_slow();
}

}  // namespace pyos::logging::detail
