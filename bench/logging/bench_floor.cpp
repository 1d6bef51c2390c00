// File: logging/bench_floor.cpp
//
// Impl "floor": the physical limit of a flush-per-record file handler — one write(2) per
// record of exactly the bytes a pyos line has ("<asctime> INFO <name>: Logging int: ...").
// The timestamp is rendered once; each record only writes its two numbers into a line
// buffer (std::to_chars), so the floor is the system call plus a few nanoseconds.
//
// Impl "floor_io" (S4 only): the same lines through pyos::io as a FileHandler writes them,
// without logging: open(path, "w"), then the text layer's write() and flush() per line. It
// shows what the io layers cost above the floor, and so how much of the ratio pyos/floor is
// left to a record (docs/logging.md, "Why S4 stays above its floor").
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "logging/common.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"

namespace pyos::bench::logging {
namespace {

class FloorLine {
 public:
  explicit FloorLine(std::string_view name) {
    const ::time_t now = ::time(nullptr);
    struct tm tm {};
    ::localtime_r(&now, &tm);
    char stamp[64];
    const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S,000 INFO ", &tm);
    line_.assign(stamp, n);
    line_ += name;
    line_ += ": ";
    line_ += kMessageHead;
    head_ = line_.size();
    line_.reserve(head_ + 64);
  }

  // The line of message a (its capacity stays: no allocation per record).
  std::string_view make(int a) {
    static constexpr std::string_view kMid = ", int: ";
    char num[16];
    line_.resize(head_);
    line_.append(num, std::to_chars(num, num + sizeof num, a).ptr);
    line_ += kMid;
    line_.append(num, std::to_chars(num, num + sizeof num, a + 1).ptr);
    line_ += kMessageTail;
    line_ += '\n';
    return line_;
  }

 private:
  std::string line_;
  std::size_t head_ = 0;
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

LineFormat floor_format(const char* name) {
  LineFormat f;
  f.name = name;
  return f;
}

void floor_file(benchmark::State& state) {
  const std::string path = fresh_path(scenario::kFileFlush, "floor");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return state.SkipWithError("open failed");
  FloorLine line(kNameFlush);
  AllocMeter meter;
  meter.start();
  int i = 0;
  bool ok = true;
  for (auto _ : state) {
    ok &= write_all(fd, line.make(i));
    ++i;
  }
  meter.report(state);
  ::close(fd);
  if (!ok) return state.SkipWithError("write failed");
  verify_file(state, path, floor_format(kNameFlush), {state.iterations(), 1});
}

void floor_io(benchmark::State& state) {
  const std::string path = fresh_path(scenario::kFileFlush, "floor_io");
  {
    const std::shared_ptr<pyos::io::IOBase> file = pyos::io::open(path, "w");
    auto* text = dynamic_cast<pyos::io::TextIOWrapper*>(file.get());
    if (text == nullptr) return state.SkipWithError("open(path, \"w\") is not a TextIOWrapper");
    FloorLine line(kNameFlush);
    AllocMeter meter;
    meter.start();
    int i = 0;
    for (auto _ : state) {
      text->write(line.make(i));
      text->flush();
      ++i;
    }
    meter.report(state);
    text->close();
  }
  verify_file(state, path, floor_format(kNameFlush), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  int fd = -1;
};

void floor_threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    shared->path = fresh_path(scenario::kThreads, "floor");
    shared->fd = ::open(shared->path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  FloorLine line(kNameThreads);
  const int t = state.thread_index();
  const int threads = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    write_all(shared->fd, line.make(thread_value(k, t, threads)));
    ++k;
  }
  if (state.thread_index() == 0) {
    ::close(shared->fd);
    verify_file(state, shared->path, floor_format(kNameThreads), {state.iterations() * threads, threads});
  }
}

}  // namespace

void add_floor_cases(Cases& cases) {
  cases.push_back({scenario::kFileFlush, "floor", floor_file});
  cases.push_back({scenario::kFileFlush, "floor_io", floor_io});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "floor", [shared](benchmark::State& s) { floor_threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
