// What a FileHandler's file holds after the process is killed with SIGKILL while logging
// (docs/spec reliability §4.3, crash tests): a child logs numbered records, telling the parent
// through a pipe each time a logging call has returned, and is killed at a random moment.
// The file must then be the records 1..n in order, nothing duplicated or skipped, with at most
// one torn line at the end. How many records the kill may take with it depends on the policy:
// - flush after every record (Python's FileHandler, the default): none whose call returned,
//   since each record is in the kernel (one write(2)) before the call returns;
// - the buffered policy (pyos's documented opt-in): at most what the buffers hold, the
//   BufferedWriter's (the size open() picks) and the TextIOWrapper's pending text (one chunk).
// The kill moments come from a fixed seed; PYOS_CRASH_N sets the kills per policy.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pyos/io/buffered.hpp"
#include "pyos/logging.hpp"
#include "support/pyos_test.hpp"

namespace logging = pyos::logging;
using pyos::test::TempDir;

namespace {

// Kills per policy: 1,000 (the reliability plan's count) in the plain build; fewer under the
// sanitizers, whose fork and process start are several times slower.
int kills_per_policy() {
  if (const char* env = std::getenv("PYOS_CRASH_N")) return std::max(1, std::atoi(env));
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return 150;
#else
  return 1000;
#endif
}

// The records' text: a number then filler, so that a record crosses page and buffer edges
// at every position over a run.
constexpr std::string_view kFiller = "the quick brown fox jumps over the lazy dog";
constexpr std::uint32_t kMaxRecords = 2'000'000;  // the child's bound if no kill comes
constexpr std::size_t kLineSize = 8 + 1 + kFiller.size() + 1;

// The child: a FileHandler on `path` ("%(message)s"), records 1, 2, ... each confirmed on
// `confirm` once logging.warning() has returned. Never returns.
[[noreturn]] void child(const std::string& path, bool buffered, int confirm) {
  auto& log = logging::getLogger(buffered ? "crash.buffered" : "crash.flushed");
  log.propagate = false;
  auto handler = std::make_shared<logging::FileHandler>(path, "w");
  handler->setFormatter(std::make_shared<logging::Formatter>("%(message)s"));
  handler->setBuffered(buffered);
  log.addHandler(handler);
  for (std::uint32_t seq = 1; seq <= kMaxRecords; ++seq) {
    log.warning("%08u %s", seq, kFiller);
    if (::write(confirm, &seq, sizeof seq) != static_cast<ssize_t>(sizeof seq)) ::_exit(3);
  }
  ::_exit(2);
}

struct Outcome {
  std::uint32_t confirmed = 0;  // the last record whose logging call returned
  std::uint32_t complete = 0;   // whole lines in the file
  bool torn = false;            // a partial line at the end
};

// One run: fork, wait `delay` after the first confirmation, SIGKILL, read the file.
::testing::AssertionResult run_once(const std::string& path, bool buffered, std::chrono::microseconds delay,
                                    Outcome& out) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return ::testing::AssertionFailure() << "pipe2: " << std::strerror(errno);
  const pid_t pid = ::fork();
  if (pid < 0) return ::testing::AssertionFailure() << "fork: " << std::strerror(errno);
  if (pid == 0) {
    ::close(fds[0]);
    child(path, buffered, fds[1]);
  }
  ::close(fds[1]);
  // Every confirmation is read as it comes (the pipe never fills, so the child is killed
  // while logging, not while blocked on the pipe).
  auto drain = [&](int timeout_ms) {
    std::uint32_t seqs[1024];
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    const ssize_t n = ::read(fds[0], seqs, sizeof seqs);
    if (n <= 0) return false;
    out.confirmed = seqs[static_cast<std::size_t>(n) / sizeof seqs[0] - 1];
    return true;
  };
  const auto first_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.confirmed == 0 && std::chrono::steady_clock::now() < first_deadline) drain(100);
  const auto kill_at = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < kill_at) drain(0);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  while (drain(0)) {
  }
  ::close(fds[0]);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
    return ::testing::AssertionFailure() << "the child was not killed (status " << status << ")";
  }
  if (out.confirmed == 0) return ::testing::AssertionFailure() << "no record confirmed in 30 s";

  const std::string text = pyos::test::read_bytes(path);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::string_view line = std::string_view(text).substr(at, (nl == std::string::npos ? text.size() : nl) - at);
    char expected[16];
    std::snprintf(expected, sizeof expected, "%08u ", out.complete + 1);
    const std::string whole = std::string(expected) + std::string(kFiller);
    if (nl == std::string::npos) {  // the last, unterminated piece: a prefix of the next record
      if (!whole.starts_with(line)) {
        return ::testing::AssertionFailure() << "torn tail is not record " << out.complete + 1 << ": " << line;
      }
      out.torn = true;
      break;
    }
    if (line != whole) {
      return ::testing::AssertionFailure() << "line " << out.complete + 1 << " is \"" << line << "\"";
    }
    ++out.complete;
    at = nl + 1;
  }
  return ::testing::AssertionSuccess();
}

// Kills one policy `kills` times; the most records any kill took that had been confirmed.
void kill_repeatedly(bool buffered, std::uint32_t allowed_loss) {
  TempDir dir;
  const std::string path = dir / "crash.log";
  std::mt19937 rng(buffered ? 20261121 : 20261122);
  std::uniform_int_distribution<int> delay_us(0, 3000);
  const int kills = kills_per_policy();
  std::uint32_t worst = 0, torn = 0, total_confirmed = 0;
  for (int k = 0; k < kills; ++k) {
    Outcome out;
    ASSERT_TRUE(run_once(path, buffered, std::chrono::microseconds(delay_us(rng)), out)) << "kill " << k;
    // Records past the last confirmed one: at most the one being logged at the kill.
    ASSERT_LE(out.complete, out.confirmed + 1) << "kill " << k;
    const std::uint32_t lost = out.complete < out.confirmed ? out.confirmed - out.complete : 0;
    ASSERT_LE(lost, allowed_loss) << "kill " << k << ": " << out.confirmed << " confirmed, " << out.complete
                                  << " in the file";
    worst = std::max(worst, lost);
    torn += out.torn ? 1 : 0;
    total_confirmed += out.confirmed;
  }
  std::printf("[ crash    ] %s: %d kills, %u records confirmed, most lost by one kill %u (allowed %u), %u torn tails\n",
              buffered ? "buffered" : "flush per record", kills, total_confirmed, worst, allowed_loss, torn);
}

TEST(LoggingCrash, FlushPerRecordLosesNothingWhoseCallReturned) { kill_repeatedly(false, 0); }

TEST(LoggingCrash, BufferedLosesAtMostTheBuffers) {
  // What the buffers can hold: the BufferedWriter's (open()'s size for this file: st_blksize
  // capped at 8 MiB, at least DEFAULT_BUFFER_SIZE) and the text wrapper's pending chunk
  // (8 KiB), in whole records, plus the record the first full one cut.
  TempDir dir;
  struct stat st {};
  ASSERT_EQ(::stat(dir.path().c_str(), &st), 0);
  const auto buffer = std::max<std::int64_t>(std::min<std::int64_t>(st.st_blksize, 8 << 20),
                                             static_cast<std::int64_t>(pyos::io::DEFAULT_BUFFER_SIZE));
  kill_repeatedly(true, static_cast<std::uint32_t>((static_cast<std::size_t>(buffer) + 8192) / kLineSize + 1));
}

}  // namespace
