// Clocks, sleep and get_clock_info: live comparisons with CPython on this machine, clock
// properties (monotonic across threads), PEP 475 sleeps, the argument errors.
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "pyos/time.hpp"
#include "_sys/fault.hpp"
#include "time_test_util.hpp"

namespace pyos::time {
namespace {

TEST(TimeClocks, GetClockInfoMatchesCPythonLive) {
  const auto python = pyos::test::run_python(R"(
import json, time
out = {}
for name in ("time", "monotonic", "perf_counter", "process_time", "thread_time"):
    i = time.get_clock_info(name)
    out[name] = [i.implementation, i.monotonic, i.adjustable, i.resolution]
print(json.dumps(out))
)");
  for (const auto& [name, expected] : python.items()) {
    SCOPED_TRACE(name);
    const clock_info info = get_clock_info(name);
    EXPECT_EQ(info.implementation, expected.at(0).get<std::string>());
    EXPECT_EQ(info.monotonic, expected.at(1).get<bool>());
    EXPECT_EQ(info.adjustable, expected.at(2).get<bool>());
    EXPECT_EQ(info.resolution, expected.at(3).get<double>());
  }
  EXPECT_RAISES_MSG(get_clock_info("x"), ValueError, "unknown clock");
}

TEST(TimeClocks, ClockConstantsAreCPythonsAndClockGetresAgrees) {
  const auto python = pyos::test::run_python(R"(
import json, time
names = sorted(n for n in dir(time) if n.startswith("CLOCK_"))
print(json.dumps({n: [getattr(time, n), time.clock_getres(getattr(time, n))] for n in names}))
)");
  const std::pair<const char*, int> ours[] = {
      {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
      {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
      {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
      {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
      {"CLOCK_REALTIME", CLOCK_REALTIME},
      {"CLOCK_TAI", CLOCK_TAI},
      {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID},
  };
  EXPECT_EQ(python.size(), std::size(ours));
  for (const auto& [name, value] : ours) {
    SCOPED_TRACE(name);
    EXPECT_EQ(python.at(name).at(0).get<int>(), value);
    EXPECT_EQ(clock_getres(value), python.at(name).at(1).get<double>());
    EXPECT_GT(clock_gettime(value), 0.0);
    EXPECT_GT(clock_gettime_ns(value), 0);
  }
}

TEST(TimeClocks, ReadingsAgreeWithEachOther) {
  const double t = time();
  const std::int64_t ns = time_ns();
  EXPECT_NEAR(t, static_cast<double>(ns) * 1e-9, 1.0);
  EXPECT_NEAR(clock_gettime(CLOCK_REALTIME), t, 1.0);
  EXPECT_NEAR(monotonic(), static_cast<double>(monotonic_ns()) * 1e-9, 0.5);
  EXPECT_NEAR(perf_counter(), static_cast<double>(perf_counter_ns()) * 1e-9, 0.5);
  EXPECT_NEAR(perf_counter(), monotonic(), 0.5);
  // process_time and thread_time grow with CPU work and not with sleep.
  const auto p0 = process_time_ns(), th0 = thread_time_ns();
  volatile double sink = 0;
  for (int i = 0; i < 2000000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  EXPECT_GT(process_time_ns(), p0);
  EXPECT_GT(thread_time_ns(), th0);
  EXPECT_GE(process_time(), 0.0);
  EXPECT_GE(thread_time(), 0.0);
  // time.time() whole seconds are exact, as CPython makes them (integer division).
  EXPECT_EQ(clock_gettime(CLOCK_MONOTONIC) > 0, true);
}

TEST(TimeClocks, MonotonicNeverGoesBackwardsAcrossThreads) {
  // Each thread publishes its latest reading; every reading must be >= every reading that
  // was published before it was taken (a global order), within a bounded run.
  std::atomic<std::int64_t> latest{monotonic_ns()};
  std::atomic<bool> backwards{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200000; ++k) {
        const std::int64_t seen = latest.load(std::memory_order_acquire);
        const std::int64_t now = monotonic_ns();
        if (now < seen) backwards.store(true);
        std::int64_t cur = seen;
        while (cur < now && !latest.compare_exchange_weak(cur, now, std::memory_order_acq_rel)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(backwards.load());
  double last = monotonic();
  for (int k = 0; k < 100000; ++k) {
    const double now = monotonic();
    ASSERT_GE(now, last);
    last = now;
  }
}

TEST(TimeClocks, ClockErrorsAreCPythons) {
  EXPECT_RAISES_MSG(clock_gettime(12345), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_gettime_ns(12345), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_getres(12345), OSError, "[Errno 22] Invalid argument");
  // Setting clocks: never the real one here; the monotonic clock cannot be set.
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, 0.0), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, 0), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, -1.5), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_settime_ns(CLOCK_MONOTONIC, 0), OSError, "[Errno 22] Invalid argument");
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, std::nan("")), ValueError,
                    "Invalid value NaN (not a number)");
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, 1e30), OverflowError,
                    "timestamp out of range for platform time_t");
  EXPECT_RAISES_MSG(clock_settime(CLOCK_MONOTONIC, 100000000000LL), OverflowError,
                    "timestamp too large to convert to C PyTime_t");
}

TEST(TimeClocks, PthreadGetcpuclockidGivesAThreadCpuClock) {
  const int clock = pthread_getcpuclockid(static_cast<unsigned long>(::pthread_self()));
  volatile double sink = 0;
  const std::int64_t before = clock_gettime_ns(clock);
  for (int i = 0; i < 1000000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  EXPECT_GT(clock_gettime_ns(clock), before);
  std::atomic<int> other{-1};
  std::thread t([&] { other = pthread_getcpuclockid(static_cast<unsigned long>(::pthread_self())); });
  t.join();
  EXPECT_NE(other.load(), clock);
}

TEST(TimeSleep, ArgumentsAreCheckedAsCPythonDoes) {
  EXPECT_RAISES_MSG(sleep(-1), ValueError, "sleep length must be non-negative");
  EXPECT_RAISES_MSG(sleep(-1.0), ValueError, "sleep length must be non-negative");
  EXPECT_RAISES_MSG(sleep(-1e-10), ValueError, "sleep length must be non-negative");
  EXPECT_RAISES_MSG(sleep(std::nan("")), ValueError, "Invalid value NaN (not a number)");
  EXPECT_RAISES_MSG(sleep(std::numeric_limits<double>::infinity()), OverflowError,
                    "timestamp out of range for platform time_t");
  EXPECT_RAISES_MSG(sleep(1e10), OverflowError, "timestamp out of range for platform time_t");
  EXPECT_RAISES_MSG(sleep(10000000000LL), OverflowError, "timestamp too large to convert to C PyTime_t");
  EXPECT_RAISES_MSG(sleep(~0ULL), OverflowError, "timestamp too large to convert to C PyTime_t");
  EXPECT_NO_THROW(sleep(0));
  EXPECT_NO_THROW(sleep(0.0));
  EXPECT_NO_THROW(sleep(-0.0));
  EXPECT_NO_THROW(sleep(1e-12));  // rounded up to 1 ns
}

TEST(TimeSleep, SleepsAtLeastTheRequestedTime) {
  for (const double secs : {0.001, 0.02}) {
    const auto start = std::chrono::steady_clock::now();
    sleep(secs);
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    EXPECT_GE(spent.count(), secs);
    EXPECT_LT(spent.count(), secs + 0.5);
  }
}

std::atomic<int> g_signals{0};
void on_signal(int) { g_signals.fetch_add(1); }

// PEP 475: a signal whose handler returns does not end the sleep early, and the sleep resumes
// for the remaining time only (the deadline is absolute).
TEST(TimeSleep, ResumesAfterASignalForTheRemainingTimeOnly) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;  // no SA_RESTART: the kernel returns EINTR
  struct sigaction old {};
  ASSERT_EQ(::sigaction(SIGUSR1, &sa, &old), 0);
  g_signals = 0;
  const pthread_t sleeper = ::pthread_self();
  std::atomic<bool> stop{false};
  // Four signals, 50 ms apart, all within the 250 ms sleep. A sleep that started over at each
  // signal would end no earlier than the last one plus 250 ms, i.e. >= 0.45 s; one that resumes
  // for the remaining time ends at about 0.25 s. The bound between them, 0.40 s, leaves 150 ms
  // for a loaded machine's scheduling delay.
  std::thread killer([&] {
    for (int i = 0; i < 4 && !stop; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      ::pthread_kill(sleeper, SIGUSR1);
    }
  });
  const auto start = std::chrono::steady_clock::now();
  sleep(0.25);
  const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
  stop = true;
  killer.join();
  ::sigaction(SIGUSR1, &old, nullptr);
  EXPECT_GE(g_signals.load(), 3);
  EXPECT_GE(spent.count(), 0.25);
  EXPECT_LT(spent.count(), 0.40) << "the sleep restarted from the beginning";
}

}  // namespace
}  // namespace pyos::time

namespace pyos::time {
namespace {

// The time module turns a failing clock or sleep into Python's OSError and retries EINTR
// (through _sys's fault-injection seam).
TEST(TimeFaults, ClockAndSleepFailuresBecomeOSErrorAndEintrIsRetried) {
  using _sys::Call;
  (void)localtime(0);  // the first use runs tzset(), which converts times itself
  {
    _sys::fault::Injector inject;
    inject.add({.call = Call::clock_gettime, .nth = 1, .times = 2, .error = EINTR});
    EXPECT_GT(monotonic_ns(), 0);
    EXPECT_EQ(inject.calls(Call::clock_gettime), 3U);
  }
  {
    _sys::fault::Injector inject;
    inject.add({.call = Call::clock_gettime, .nth = 1, .times = 0, .error = EIO});
    EXPECT_RAISES_MSG(time(), OSError, "[Errno 5] Input/output error");
    EXPECT_RAISES_MSG(perf_counter_ns(), OSError, "[Errno 5] Input/output error");
    EXPECT_RAISES_MSG(clock_gettime(CLOCK_REALTIME), OSError, "[Errno 5] Input/output error");
  }
  {
    _sys::fault::Injector inject;
    inject.add({.call = Call::clock_nanosleep, .nth = 1, .times = 3, .error = EINTR});
    EXPECT_NO_THROW(sleep(0.001));
    EXPECT_EQ(inject.calls(Call::clock_nanosleep), 4U);
  }
  {
    _sys::fault::Injector inject;
    inject.add({.call = Call::clock_nanosleep, .nth = 1, .error = EINVAL});
    EXPECT_RAISES_MSG(sleep(0.001), OSError, "[Errno 22] Invalid argument");
  }
  {
    _sys::fault::Injector inject;
    inject.add({.call = Call::localtime_r, .nth = 1, .error = EOVERFLOW});
    EXPECT_RAISES_MSG(localtime(0), OSError, "[Errno 75] Value too large for defined data type");
  }
  {
    // mktime: any failure of a probe is "mktime argument out of range", as glibc's -1.
    _sys::fault::Injector inject;
    inject.add({.call = Call::localtime_r, .nth = 1, .times = 0, .error = EIO});
    EXPECT_RAISES_MSG(mktime(struct_time{2024, 1, 1, 0, 0, 0, 0, 1, -1}), OverflowError,
                      "mktime argument out of range");
  }
}

}  // namespace
}  // namespace pyos::time
