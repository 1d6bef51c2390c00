// The fault-injection seam itself, and the EINTR hook.
#include "_sys/fault.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>
#include <vector>

#include "_sys/fd.hpp"
#include "_sys/retry.hpp"
#include "support/pyos_test.hpp"

namespace pyos::_sys {
namespace {

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s)); }

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
  }
  ~Pipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int r() const { return fds_[0]; }
  int w() const { return fds_[1]; }

 private:
  int fds_[2];
};

TEST(Injector, DisarmedCostsNothingAndCountsNothing) {
  EXPECT_FALSE(fault::armed());
  Pipe p;
  ASSERT_TRUE(write(p.w(), bytes("x")));
  fault::Injector inject;
  EXPECT_TRUE(fault::armed());
  EXPECT_EQ(inject.calls(Call::write), 0U);
}

TEST(Injector, OneAtATime) {
  fault::Injector inject;
  EXPECT_THROW(fault::Injector second, std::logic_error);
}

TEST(Injector, NthAndTimesSelectTheCalls) {
  Pipe p;
  fault::Injector inject;
  inject.add({.call = Call::write, .nth = 2, .times = 2, .error = EIO});
  EXPECT_TRUE(write(p.w(), bytes("a")));
  EXPECT_EQ(write(p.w(), bytes("b")).error().code, EIO);
  EXPECT_EQ(write(p.w(), bytes("c")).error().code, EIO);
  EXPECT_TRUE(write(p.w(), bytes("d")));
  EXPECT_EQ(inject.calls(Call::write), 4U);
  // Only the first and fourth writes reached the kernel.
  char buf[8];
  EXPECT_EQ(::read(p.r(), buf, sizeof buf), 2);
  EXPECT_EQ(std::string_view(buf, 2), "ad");
}

TEST(Injector, PersistentFaultLastsUntilDisarmed) {
  Pipe p;
  {
    fault::Injector inject;
    inject.add({.call = Call::write, .nth = 1, .times = 0, .error = ENOSPC});
    for (int i = 0; i < 5; ++i) EXPECT_EQ(write(p.w(), bytes("x")).error().code, ENOSPC);
  }
  EXPECT_TRUE(write(p.w(), bytes("x")));
}

TEST(Injector, FaultsOnOtherCallsDoNotInterfere) {
  Pipe p;
  fault::Injector inject;
  inject.add({.call = Call::read, .nth = 1, .times = 0, .error = EIO});
  EXPECT_TRUE(write(p.w(), bytes("x")));
  EXPECT_EQ(inject.calls(Call::read), 0U);
}

bool g_stop_retry = false;
int g_hook_calls = 0;
bool hook() noexcept {
  ++g_hook_calls;
  return g_stop_retry;
}

TEST(EintrHook, RunsBeforeEachRetryAndCanStopIt) {
  Pipe p;
  set_eintr_hook(&hook);
  {
    g_hook_calls = 0;
    g_stop_retry = false;
    fault::Injector inject;
    inject.add({.call = Call::write, .nth = 1, .times = 3, .error = EINTR});
    EXPECT_TRUE(write(p.w(), bytes("x")));
    EXPECT_EQ(g_hook_calls, 3);
  }
  {
    g_hook_calls = 0;
    g_stop_retry = true;  // as a signal handler that raised would
    fault::Injector inject;
    inject.add({.call = Call::write, .nth = 1, .times = 3, .error = EINTR});
    auto r = write(p.w(), bytes("x"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, EINTR);
    EXPECT_EQ(g_hook_calls, 1);
    EXPECT_EQ(inject.calls(Call::write), 1U);
  }
  set_eintr_hook(nullptr);
}

TEST(Injector, CountsEveryAttemptFromManyThreads) {
  // 4 threads x 100 writes while the first 100 attempts (whichever thread makes them) get
  // EINTR: every write still succeeds, and exactly 400 + 100 attempts are counted.
  constexpr int kThreads = 4, kWrites = 100;
  std::vector<std::unique_ptr<Pipe>> pipes;
  for (int i = 0; i < kThreads; ++i) pipes.push_back(std::make_unique<Pipe>());
  fault::Injector inject;
  inject.add({.call = Call::write, .nth = 1, .times = 100, .error = EINTR});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        if (!write(pipes[static_cast<std::size_t>(t)]->w(), bytes("x"))) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(inject.calls(Call::write), std::uint64_t{kThreads * kWrites + 100});
}

TEST(CallNames, ArePosixNames) {
  EXPECT_EQ(call_name(Call::open), "open");
  EXPECT_EQ(call_name(Call::getcwd), "getcwd");
  EXPECT_EQ(call_name(Call::count_), "?");
}

}  // namespace
}  // namespace pyos::_sys
