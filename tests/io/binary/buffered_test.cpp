// The buffered classes against CPython: the scenarios of tools/oracle/gen_io_binary.py run on
// a FakeRaw (tests/io/binary/fake_raw.hpp), outcome by outcome; plus threads and reentrancy.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>
#include <vector>

#include "fake_raw.hpp"
#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {

std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

namespace {

using nlohmann::json;
namespace io = pyos::io;

// Runs `fn` and describes its outcome as the generator does.
template <class F>
json outcome(F&& fn) {
  try {
    return json{{"result", fn()}};
  } catch (const BlockingIOError& e) {
    json d{{"exc", std::string(e.type_name())}, {"msg", e.what()}};
    if (e.characters_written()) d["chars"] = *e.characters_written();
    return d;
  } catch (const BaseException& e) {
    return json{{"exc", std::string(e.type_name())}, {"msg", e.what()}};
  }
}

// Compares one outcome with CPython's. Deviations (docs/io.md): where Python returns None
// (read/readinto on a raw that would block), pyos raises BlockingIOError; BlockingIOError's
// errno (CPython copies C errno, 0 for a Python raw) is EAGAIN in pyos, so only class and
// characters_written are compared for it.
void check(const json& got, const json& want, const std::string& where) {
  if (want.contains("result") && want["result"].is_null() && !got.contains("result")) {
    EXPECT_EQ(got.value("exc", ""), "BlockingIOError") << where;
    return;
  }
  if (want.contains("exc")) {
    ASSERT_TRUE(got.contains("exc")) << where << ": got " << got.dump() << " want " << want.dump();
    EXPECT_EQ(got["exc"], want["exc"]) << where << " " << got.dump();
    if (want["exc"] == "BlockingIOError") {
      if (want.contains("chars") && !want["chars"].is_null()) {
        EXPECT_EQ(got.value("chars", json()), want["chars"]) << where;
      }
    } else {
      EXPECT_EQ(got["msg"], want["msg"]) << where;
    }
    return;
  }
  const json expected{{"result", want["result"]}};
  EXPECT_EQ(got, expected) << where;
}

json run_op(io::BufferedBase& f, const json& op) {
  const std::string name = op[0];
  if (name == "write") return outcome([&] { return f.write(from_hex(op[1].get<std::string>())); });
  if (name == "read") return outcome([&] { return to_hex(f.read(op[1].get<std::int64_t>())); });
  if (name == "read1") return outcome([&] { return to_hex(f.read1(op[1].get<std::int64_t>())); });
  if (name == "peek") {
    // BufferedWriter has no peek at all (Python: AttributeError; C++: does not compile).
    if (auto* r = dynamic_cast<io::BufferedReader*>(&f)) return outcome([&] { return to_hex(r->peek(op[1].get<std::int64_t>())); });
    if (auto* r = dynamic_cast<io::BufferedRandom*>(&f)) return outcome([&] { return to_hex(r->peek(op[1].get<std::int64_t>())); });
    return json{{"exc", "AttributeError"}, {"msg", "'_io.BufferedWriter' object has no attribute 'peek'"}};
  }
  if (name == "readline") {
    // Every other readline goes through readline_into (the C++ addition), into a string that
    // already holds something: both must give CPython's line.
    static bool into = false;
    into = !into;
    if (!into) return outcome([&] { return to_hex(f.readline(op[1].get<std::int64_t>())); });
    return outcome([&] {
      std::string line = "left over from an earlier line, longer than most";
      const std::size_t n = f.readline_into(line, op[1].get<std::int64_t>());
      EXPECT_EQ(n, line.size());
      return to_hex(line);
    });
  }
  if (name == "readinto" || name == "readinto1") {
    return outcome([&] {
      std::string buf(op[1].get<std::size_t>(), '\0');
      auto span = std::as_writable_bytes(std::span(buf));
      const std::size_t n = name == "readinto" ? f.readinto(span) : f.readinto1(span);
      return to_hex(buf.substr(0, n));
    });
  }
  if (name == "seek") return outcome([&] { return f.seek(op[1].get<std::int64_t>(), op[2].get<int>()).offset(); });
  if (name == "truncate") {
    return outcome([&] {
      return f.truncate(op[1].is_null() ? std::nullopt : std::optional<std::int64_t>(op[1].get<std::int64_t>()));
    });
  }
  if (name == "tell") return outcome([&] { return f.tell().offset(); });
  if (name == "flush") return outcome([&] { f.flush(); return json(); });
  if (name == "close") return outcome([&] { f.close(); return json(); });
  ADD_FAILURE() << "unknown op " << name;
  return {};
}

std::shared_ptr<io::BufferedBase> make(const std::string& cls, std::shared_ptr<FakeRaw> raw, std::int64_t size) {
  if (cls == "reader") return std::make_shared<io::BufferedReader>(raw, size);
  if (cls == "writer") return std::make_shared<io::BufferedWriter>(raw, size);
  return std::make_shared<io::BufferedRandom>(raw, size);
}

TEST(Buffered, GoldenScenarios) {
  const json doc = golden("io/binary_buffered.json");
  for (const json& c : golden_cases(doc)) {
    const std::string where = c["name"].get<std::string>();
    auto raw = std::make_shared<FakeRaw>(c["raw"]);
    const json made = outcome([&] { make(c["class"], raw, c["buffer_size"])->detach(); return json(); });
    if (c.contains("construct")) {
      check(made, c["construct"], where + " constructor");
      continue;
    }
    raw = std::make_shared<FakeRaw>(c["raw"]);
    auto f = make(c["class"], raw, c["buffer_size"]);
    std::size_t i = 0;
    for (const json& step : c["steps"]) {
      check(run_op(*f, step["op"]), step, where + " step " + std::to_string(i++) + " " + step["op"].dump());
    }
    try {
      f->close();
    } catch (const BaseException&) {
    }
    // What reached raw, in order (a BufferedRandom writes back from where its changed bytes
    // begin, which can include bytes read since, as CPython's single buffer does).
    EXPECT_EQ(to_hex(raw->written), c["raw_written"].get<std::string>()) << where;
    // Every call raw got, in order: sizes asked for, seeks (CPython's flush of a
    // BufferedRandom seeks raw back even by 0). RawIOBase.readall() reads in chunks of
    // DEFAULT_BUFFER_SIZE, 128 KiB in pyos and 8 KiB in CPython 3.13 (docs/io.md): the same
    // calls, each asking for its own default.
    std::vector<std::string> calls = raw->log;
    for (std::string& call : calls) {
      if (call == "readinto " + std::to_string(io::DEFAULT_BUFFER_SIZE)) call = "readinto 8192";
    }
    EXPECT_EQ(json(calls), c["raw_calls"]) << where;
    EXPECT_EQ(raw->closed(), c["raw_closed"].get<bool>()) << where;
    if (c.contains("raw_file")) {
      EXPECT_EQ(to_hex(*raw->file), c["raw_file"].get<std::string>()) << where;
    }
  }
}

// A cookie as CPython's JSON shows it: a number while it fits 64 bits (a plain offset, or a
// cookie with only a negative start: 2^64 + start), else its decimal text.
json position_json(const io::Position& p) {
  if (p.is_offset()) return p.offset();
  const std::string digits = p.str();
  if (digits.size() < 20 || (digits.size() == 20 && digits <= "18446744073709551615")) {
    return std::stoull(digits);
  }
  return digits;
}

// Scripts on /dev/full through open() (tools/oracle/gen_io_binary.py, binary_devfull.json):
// text and binary, unbuffered and with buffers of 2 bytes to 8 KiB; every write, flush,
// close, tell, seek, read and truncate against CPython's outcome, then the last close() and
// closed (close releases the descriptor even when its flush fails).
TEST(Buffered, FullDeviceScriptsMatchCPython) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  const json doc = golden("io/binary_devfull.json");
  std::size_t steps = 0, failures = 0, index = 0;
  for (const json& c : golden_cases(doc)) {
    const std::string mode = c["mode"];
    const std::string label = "case " + std::to_string(index++) + " (" + mode + " buffering=" + c["buffering"].dump() +
                              " encoding=" + c["encoding"].dump() + ")";
    io::OpenOptions options{.buffering = c["buffering"].get<std::int64_t>()};
    if (!c["encoding"].is_null()) options.encoding = c["encoding"].get<std::string>();
    const std::shared_ptr<io::IOBase> f = io::open("/dev/full", mode, options);
    std::size_t k = 0;
    for (const json& step : c["steps"]) {
      const json& op = step["op"];
      const std::string name = op[0];
      const std::string where = label + " step " + std::to_string(k++) + " " + op.dump();
      json got;
      if (name == "write") {
        const auto n = op[1].get<std::size_t>();
        const std::string data = std::string(n > 0 ? n - 1 : 0, 'a') + (op[2].get<bool>() && n > 0 ? "\n" : std::string(std::min<std::size_t>(n, 1), 'a'));
        got = outcome([&] { return f->write(data); });
      } else if (name == "closed") {
        got = json{{"result", f->closed()}};
      } else if (name == "seek") {
        got = outcome([&] { return position_json(f->seek(op[1].get<std::int64_t>(), op[2].get<int>())); });
      } else if (name == "tell") {
        got = outcome([&] { return position_json(f->tell()); });
      } else if (name == "read") {
        got = outcome([&] { return to_hex(f->read(op[1].get<std::int64_t>())); });
      } else if (name == "truncate") {
        got = outcome([&] { return f->truncate(); });
      } else if (name == "flush") {
        got = outcome([&] { f->flush(); return json(); });
      } else if (name == "close") {
        got = outcome([&] { f->close(); return json(); });
      }
      if (got.contains("exc")) ++failures;
      check(got, step, where);
      ++steps;
    }
    check(outcome([&] { f->close(); return json(); }), c["final_close"], label + " final close");
    EXPECT_EQ(f->closed(), c["closed"].get<bool>()) << label;
  }
  EXPECT_GT(steps, 2000u);
  EXPECT_GT(failures, 500u);
}

// The generator's fnv1a64 of the bytes, in the same 16 hex digits.
std::string fnv1a64_hex(std::string_view data) {
  const std::uint64_t h = test::fnv1a64(data);
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// n bytes cycling through `alphabet` with a stride, as the generator's pattern(): byte j is
// alphabet[(j * 5 + seed) % size].
std::string pattern(std::string_view alphabet, std::size_t n, std::size_t seed) {
  std::string out(n, '\0');
  for (std::size_t j = 0; j < n; ++j) out[j] = alphabet[(j * 5 + seed) % alphabet.size()];
  return out;
}

// Bytes as the generator's digest() keeps them: hex up to 256 bytes, else length and hash.
json digest(const std::string& data) {
  if (data.size() <= 256) return to_hex(data);
  return json{{"len", data.size()}, {"fnv", fnv1a64_hex(data)}};
}

// Scripts on files through open() in every binary mode (tools/oracle/gen_io_binary.py,
// binary_files.json): each step's outcome, then the file's length and hash as another reader
// sees them (what reached the OS, so when the writes happen is compared too), then close()
// and the file's bytes. In r+b, w+b and a+b a write lands in the bytes read ahead and a flush
// writes the changed region back from where it began, as CPython's single buffer does.
TEST(Buffered, FileScriptsThroughOpenMatchCPython) {
  const TempDir dir;
  const std::string path = dir / "script";
  const auto disk = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto disk_json = [](const std::string& data) { return json{{"len", data.size()}, {"fnv", fnv1a64_hex(data)}}; };
  const auto write_initial = [&](const json& initial) {
    if (initial.is_null()) return;
    std::ofstream(path, std::ios::binary) << pattern("abcXYZ\n\r", initial[0], initial[1]);
  };
  const json doc = golden("io/binary_files.json");
  std::size_t steps = 0, opened = 0, index = 0;
  for (const json& c : golden_cases(doc)) {
    const std::string mode = c["mode"];
    const std::string label = "case " + std::to_string(index++) + " (" + mode + " buffering=" + c["buffering"].dump() + ")";
    std::filesystem::remove(path);
    write_initial(c["initial"]);
    std::shared_ptr<io::IOBase> stream;
    json made = outcome([&] {
      stream = io::open(path, mode, {.buffering = c["buffering"].get<std::int64_t>()});
      return json();
    });
    if (c.contains("open_error")) {
      if (made.contains("msg")) {
        std::string msg = made["msg"];
        if (const auto at = msg.find(dir.path().string()); at != std::string::npos) {
          msg.replace(at, dir.path().string().size(), "<dir>");
        }
        made["msg"] = msg;
      }
      check(made, c["open_error"], label + " open");
      continue;
    }
    ASSERT_FALSE(made.contains("exc")) << label << ": " << made.dump();
    auto f = std::dynamic_pointer_cast<io::BufferedBase>(stream);
    ASSERT_TRUE(f) << label;
    ++opened;
    std::size_t k = 0;
    for (const json& step : c["steps"]) {
      const std::string where = label + " step " + std::to_string(k++) + " " + step["op"].dump();
      const json& op = step["op"];
      json got = op[0] == "write_n" ? outcome([&] { return f->write(pattern("ABCDEFG\n", op[1], op[2])); })
                                    : run_op(*f, op);
      if (got.contains("result") && got["result"].is_string()) got["result"] = digest(from_hex(got["result"].get<std::string>()));
      check(got, step, where);
      EXPECT_EQ(disk_json(disk()), step["disk"]) << where;
      ++steps;
    }
    check(outcome([&] { f->close(); return json(); }), c["close"], label + " close");
    EXPECT_EQ(digest(disk()), c["final"]) << label;
  }
  EXPECT_GT(opened, 300u);
  EXPECT_GT(steps, 3000u);
}

// TextIOWrapper over BufferedRandom and BufferedWriter over a raw file that logs its calls:
// the calls raw gets (sizes, and the seeks CPython's flush of a BufferedRandom makes, by 0
// too), the results and the file, live against CPython. TextIOWrapper.flush() with text
// pending takes pyos's write-and-flush path here.
constexpr const char* kPythonTextOverLoggingRaw = R"(
import io, json, sys
class Raw(io.RawIOBase):
    def __init__(self, data):
        self.file, self.pos, self.log = bytearray(data), 0, []
    def readable(self): return True
    def writable(self): return True
    def seekable(self): return True
    def tell(self): return self.pos
    def seek(self, pos, whence=0):
        self.log.append(f"seek {pos} {whence}")
        self.pos = pos + (self.pos if whence == 1 else len(self.file) if whence == 2 else 0)
        return self.pos
    def readinto(self, b):
        self.log.append(f"readinto {len(b)}")
        d = self.file[self.pos:self.pos + len(b)]
        b[:len(d)] = d
        self.pos += len(d)
        return len(d)
    def write(self, b):
        self.log.append(f"write {len(b)}")
        self.file[self.pos:self.pos + len(b)] = b
        self.pos += len(b)
        return len(b)
out = []
for s in json.loads(sys.argv[1]):
    raw = Raw(s["initial"].encode())
    buf = (io.BufferedRandom if s["cls"] == "random" else io.BufferedWriter)(raw, s["size"])
    t = io.TextIOWrapper(buf, encoding="utf-8", newline="", line_buffering=s["lb"], write_through=s["wt"])
    results = []
    for op in s["ops"]:
        if op[0] == "write": results.append(t.write(op[1]))
        elif op[0] == "flush": results.append(t.flush())
        elif op[0] == "readline": results.append(t.readline())
        elif op[0] == "seek": results.append(t.seek(op[1], op[2]))
        elif op[0] == "tell": results.append(t.tell())
    t.close()
    out.append({"log": raw.log, "file": raw.file.decode(), "results": results})
print(json.dumps(out))
)";

TEST(Buffered, TextOverBufferedMakesCPythonsRawCalls) {
  const json scripts = json::parse(R"([
    {"cls": "random", "size": 16, "lb": false, "wt": false, "initial": "",
     "ops": [["write", "abc"], ["flush"], ["write", "de\n"], ["flush"], ["readline"], ["seek", 0, 0],
             ["readline"], ["write", "Z"], ["flush"]]},
    {"cls": "random", "size": 16, "lb": true, "wt": false, "initial": "",
     "ops": [["write", "x\n"], ["write", "yy"], ["write", "\n"], ["tell"], ["readline"], ["seek", 0, 2], ["write", "e\n"]]},
    {"cls": "random", "size": 16, "lb": false, "wt": true, "initial": "hello\nworld\nmore\n",
     "ops": [["readline"], ["write", "AB"], ["tell"], ["flush"], ["readline"], ["write", "C\n"], ["readline"]]},
    {"cls": "random", "size": 8192, "lb": false, "wt": false, "initial": "0123456789\n0123456789\n",
     "ops": [["write", "q"], ["flush"], ["seek", 0, 0], ["readline"], ["write", "r\n"], ["flush"], ["readline"]]},
    {"cls": "writer", "size": 16, "lb": true, "wt": false, "initial": "",
     "ops": [["write", "a\n"], ["write", "b"], ["flush"], ["write", "cccccccccccccccccccccccccccccccccccccccc"], ["flush"],
             ["tell"], ["write", "\u20ac\n"]]}
  ])");
  const json want = run_python(kPythonTextOverLoggingRaw, {scripts.dump()});
  ASSERT_EQ(want.size(), scripts.size());
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    const json& s = scripts[i];
    auto raw = std::make_shared<FakeRaw>(json{{"file", to_hex(s["initial"].get<std::string>())}});
    std::shared_ptr<io::BufferedIOBase> buffer;
    if (s["cls"] == "random") {
      buffer = std::make_shared<io::BufferedRandom>(raw, s["size"].get<std::int64_t>());
    } else {
      buffer = std::make_shared<io::BufferedWriter>(raw, s["size"].get<std::int64_t>());
    }
    io::TextIOWrapper t(buffer, {.encoding = "utf-8", .newline = "", .line_buffering = s["lb"], .write_through = s["wt"]});
    json results = json::array();
    for (const json& op : s["ops"]) {
      if (op[0] == "write") results.push_back(t.write(op[1].get<std::string>()));
      if (op[0] == "flush") t.flush(), results.push_back(nullptr);
      if (op[0] == "readline") results.push_back(t.readline());
      if (op[0] == "seek") results.push_back(t.seek(op[1].get<std::int64_t>(), op[2]).offset());
      if (op[0] == "tell") results.push_back(t.tell().offset());
    }
    t.close();
    EXPECT_EQ(results, want[i]["results"]) << "script " << i;
    EXPECT_EQ(json(raw->log), want[i]["log"]) << "script " << i;
    EXPECT_EQ(*raw->file, want[i]["file"].get<std::string>()) << "script " << i;
  }
}

// A raw stream that calls back into its buffer, as a signal handler could.
class ReentrantRaw : public io::RawIOBase {
 public:
  bool writable() const override { return true; }
  bool readable() const override { return true; }
  std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
    if (outer) outer->write("yyyyyyyyyy");
    return b.size();
  }
  std::optional<std::size_t> readinto(std::span<std::byte>) override {
    if (outer) outer->read(1);
    return 0;
  }
  std::optional<Filename> name() const override { return Filename("nm"); }
  io::BufferedBase* outer = nullptr;
};

TEST(Buffered, ReentrantCallRaisesRuntimeError) {
  auto raw = std::make_shared<ReentrantRaw>();
  auto w = std::make_shared<io::BufferedWriter>(raw, 4);
  raw->outer = w.get();
  EXPECT_RAISES_MSG(w->write("0123456789"), RuntimeError, "reentrant call inside <_io.BufferedWriter name='nm'>");
  auto raw2 = std::make_shared<ReentrantRaw>();
  auto r = std::make_shared<io::BufferedReader>(raw2);
  raw2->outer = r.get();
  EXPECT_RAISES_MSG(r->read(1), RuntimeError, "reentrant call inside <_io.BufferedReader name='nm'>");
  raw->outer = nullptr;
  raw2->outer = nullptr;
}

// A raw whose first write starts a thread that writes to the same buffered object: the thread
// must wait for the lock the first write holds, and get it once that write is done.
struct ThreadStartingRaw : io::RawIOBase {
  std::shared_ptr<io::BytesIO> sink = std::make_shared<io::BytesIO>();
  io::BufferedWriter* outer = nullptr;
  std::thread started;
  bool writable() const override { return true; }
  std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
    if (outer != nullptr && !started.joinable()) {
      started = std::thread([w = outer] {
        w->write("from the thread\n");
        w->flush();
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it reach the lock
    }
    return sink->write(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  }
};

// What the lock must do on both of its paths: the one for a process with a single thread
// (plain stores) and the atomic one. Run in a forked child, where the process has one thread.
int lock_paths_hold() {
  auto raw = std::make_shared<ReentrantRaw>();
  auto w = std::make_shared<io::BufferedWriter>(raw, 4);
  raw->outer = w.get();
  try {
    w->write("0123456789");
    return 2;  // the reentrant call was not caught
  } catch (const RuntimeError&) {
  }
  raw->outer = nullptr;
  auto traw = std::make_shared<ThreadStartingRaw>();
  auto tw = std::make_shared<io::BufferedWriter>(traw, 4);
  traw->outer = tw.get();
  tw->write("from the first writer\n");  // > 4 bytes: written through at once
  traw->started.join();
  traw->outer = nullptr;
  tw->flush();
  if (traw->sink->getvalue() != "from the first writer\nfrom the thread\n") return 3;
  return 0;
}

TEST(Buffered, LockHoldsInASingleThreadedProcessAndWhenThreadsStart) {
  const bool child = pyos::test::single_threaded_child_possible();
  if (child) {
    EXPECT_EQ(pyos::test::exit_code_in_single_threaded_child(lock_paths_hold), 0);
  }
  // And here, where gtest's process may have had threads (the atomic path).
  EXPECT_EQ(lock_paths_hold(), 0);
  if (!child) GTEST_SKIP() << "the single-threaded half needs a process that never started a thread (run the test alone)";
}

// N writer threads on one BufferedWriter: every record arrives once and whole.
TEST(Buffered, ThreadsLoseAndDuplicateNothing) {
  auto sink = std::make_shared<io::BytesIO>();
  struct Raw : io::RawIOBase {
    std::shared_ptr<io::BytesIO> sink;
    bool writable() const override { return true; }
    std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
      // Short writes, to exercise the partial-write loop under contention.
      const std::size_t n = std::min<std::size_t>(b.size(), 1000);
      return sink->write(std::string_view(reinterpret_cast<const char*>(b.data()), n));
    }
  };
  auto raw = std::make_shared<Raw>();
  raw->sink = sink;
  auto w = std::make_shared<io::BufferedWriter>(raw, 4096);
  constexpr int kThreads = 4, kRecords = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRecords; ++i) {
        char rec[32];
        const int n = std::snprintf(rec, sizeof rec, "%d:%06d\n", t, i);
        w->write(std::string_view(rec, static_cast<std::size_t>(n)));
      }
    });
  }
  for (auto& th : threads) th.join();
  w->flush();
  std::vector<std::vector<int>> seen(kThreads, std::vector<int>(kRecords, 0));
  sink->seek(0);
  std::size_t lines = 0;
  for (const std::string& line : *sink) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "%d:%d\n", &t, &i), 2) << line;
    ASSERT_TRUE(t >= 0 && t < kThreads && i >= 0 && i < kRecords) << line;
    ++seen[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
    ++lines;
  }
  EXPECT_EQ(lines, std::size_t{kThreads} * kRecords);
  for (const auto& v : seen) {
    for (int count : v) ASSERT_EQ(count, 1);
  }
}

TEST(Buffered, DetachAndRepr) {
  auto raw = std::make_shared<io::BytesIO>("abc");
  struct Wrap : io::RawIOBase {
    bool readable() const override { return true; }
    std::optional<std::size_t> readinto(std::span<std::byte> b) override { return 0 * b.size(); }
  };
  auto r = std::make_shared<io::BufferedReader>(std::make_shared<Wrap>());
  EXPECT_EQ(r->repr(), "<_io.BufferedReader>");
  auto detached = r->detach();
  EXPECT_NE(detached, nullptr);
  EXPECT_RAISES_MSG(r->read(), ValueError, "raw stream has been detached");
  EXPECT_RAISES_MSG((void)r->closed(), ValueError, "raw stream has been detached");
}

TEST(Buffered, RWPair) {
  auto reader = std::make_shared<FakeRaw>(json{{"reads", {to_hex("ab\ncd")}}});
  auto writer = std::make_shared<FakeRaw>(json::object());
  io::BufferedRWPair pair(reader, writer, 8);
  EXPECT_EQ(pair.readline(), "ab\n");
  EXPECT_EQ(pair.peek(), "cd");
  EXPECT_EQ(pair.write("xyz"), 3u);
  EXPECT_EQ(writer->written, "");
  pair.flush();
  EXPECT_EQ(writer->written, "xyz");
  EXPECT_RAISES_MSG(pair.seek(0), UnsupportedOperation, "seek");
  EXPECT_RAISES_MSG(pair.tell(), UnsupportedOperation, "seek");
  EXPECT_RAISES_MSG(pair.detach(), UnsupportedOperation, "detach");
  EXPECT_RAISES_MSG((void)pair.fileno(), UnsupportedOperation, "fileno");
  EXPECT_FALSE(pair.isatty());
  pair.close();
  EXPECT_TRUE(reader->closed());
  EXPECT_TRUE(writer->closed());
}

// ---- a raw stream closed behind the buffered object ---------------------------------------

// CPython's buffered objects keep serving their read-ahead after raw was closed behind them,
// and raise "<op> of closed file" only once it is used up; an operation that needs raw gets
// raw's own error. Every operation, for a reader, a random and a writer, after no read, a
// peek (4 bytes buffered), a read(1) (3 left) and a read(4) (none left), compared live.
constexpr const char* kPythonClosedRaw = R"(
import io, json, sys
path = sys.argv[1]
OPS = {
    'read2': lambda b: b.read(2), 'read4': lambda b: b.read(4), 'read5': lambda b: b.read(5),
    'read_all': lambda b: b.read(), 'read0': lambda b: b.read(0),
    'read1_10': lambda b: b.read1(10), 'read1_all': lambda b: b.read1(), 'read1_0': lambda b: b.read1(0),
    'peek': lambda b: b.peek(1), 'readline': lambda b: b.readline(), 'readline_1': lambda b: b.readline(1),
    'readline_x3': lambda b: [b.readline(), b.readline(), b.readline()],
    'readinto3': lambda b: b.readinto(bytearray(3)), 'readinto5': lambda b: b.readinto(bytearray(5)),
    'readinto1_3': lambda b: b.readinto1(bytearray(3)), 'readinto1_9': lambda b: b.readinto1(bytearray(9)),
    'tell': lambda b: b.tell(), 'seek0': lambda b: b.seek(0), 'seek_cur1': lambda b: b.seek(1, 1),
    'seek_end': lambda b: b.seek(0, 2), 'truncate': lambda b: b.truncate(), 'flush': lambda b: b.flush(),
    'close': lambda b: b.close(), 'write': lambda b: b.write(b'x'), 'readlines': lambda b: b.readlines(),
    'next': lambda b: next(iter(b)), 'closed': lambda b: b.closed,
}
PREFIX = {'none': lambda b: None, 'peek': lambda b: b.peek(1), 'read1': lambda b: b.read(1), 'read4': lambda b: b.read(4)}
def enc(v):
    if isinstance(v, (bytes, bytearray)): return v.hex()
    if isinstance(v, list): return [enc(x) for x in v]
    return v
out = []
for mode, cls in (('rb', io.BufferedReader), ('rb+', io.BufferedRandom), ('wb', io.BufferedWriter)):
    for prefix in PREFIX:
        if mode == 'wb' and prefix != 'none': continue
        for op in OPS:
            if mode == 'wb' and op == 'peek': continue  # no such method
            with open(path, 'wb') as f: f.write(b'a\nb\nc\n')
            raw = io.FileIO(path, mode.replace('b', ''))
            b = cls(raw, 4)
            PREFIX[prefix](b)
            raw.close()
            try: r = {'result': enc(OPS[op](b))}
            except Exception as e: r = {'exc': type(e).__name__, 'msg': str(e)}
            out.append({'mode': mode, 'prefix': prefix, 'op': op, **r})
print(json.dumps(out))
)";

json run_closed_raw_case(const std::string& path, const std::string& mode, const std::string& prefix,
                         const std::string& op) {
  io::open(path, "wb")->write("a\nb\nc\n");
  auto raw = std::make_shared<io::FileIO>(path, mode == "rb" ? "r" : mode == "rb+" ? "r+" : "w");
  std::shared_ptr<io::BufferedReader> reader;
  std::shared_ptr<io::BufferedRandom> random;
  std::shared_ptr<io::BufferedBase> b;
  if (mode == "rb") b = reader = std::make_shared<io::BufferedReader>(raw, 4);
  if (mode == "rb+") b = random = std::make_shared<io::BufferedRandom>(raw, 4);
  if (mode == "wb") b = std::make_shared<io::BufferedWriter>(raw, 4);
  auto peek = [&] { return reader ? reader->peek(1) : random->peek(1); };  // not a writer's
  if (prefix == "peek") peek();
  if (prefix == "read1") b->read(1);
  if (prefix == "read4") b->read(4);
  raw->close();
  auto into = [&](std::size_t n, bool one) {
    std::vector<std::byte> buf(n);
    return json(one ? b->readinto1(buf) : b->readinto(buf));
  };
  const std::map<std::string, std::function<json()>> ops = {
      {"read2", [&] { return json(to_hex(b->read(2))); }},
      {"read4", [&] { return json(to_hex(b->read(4))); }},
      {"read5", [&] { return json(to_hex(b->read(5))); }},
      {"read_all", [&] { return json(to_hex(b->read())); }},
      {"read0", [&] { return json(to_hex(b->read(0))); }},
      {"read1_10", [&] { return json(to_hex(b->read1(10))); }},
      {"read1_all", [&] { return json(to_hex(b->read1())); }},
      {"read1_0", [&] { return json(to_hex(b->read1(0))); }},
      {"peek", [&] { return json(to_hex(peek())); }},
      {"readline", [&] { return json(to_hex(b->readline())); }},
      {"readline_1", [&] { return json(to_hex(b->readline(1))); }},
      {"readline_x3",
       [&] {
         json lines = json::array();
         for (int i = 0; i < 3; ++i) lines.push_back(to_hex(b->readline()));
         return lines;
       }},
      {"readinto3", [&] { return into(3, false); }},
      {"readinto5", [&] { return into(5, false); }},
      {"readinto1_3", [&] { return into(3, true); }},
      {"readinto1_9", [&] { return into(9, true); }},
      {"tell", [&] { return json(b->tell().offset()); }},
      {"seek0", [&] { return json(b->seek(0).offset()); }},
      {"seek_cur1", [&] { return json(b->seek(1, SEEK_CUR).offset()); }},
      {"seek_end", [&] { return json(b->seek(0, SEEK_END).offset()); }},
      {"truncate", [&] { return json(b->truncate()); }},
      {"flush",
       [&] {
         b->flush();
         return json();
       }},
      {"close",
       [&] {
         b->close();
         return json();
       }},
      {"write", [&] { return json(b->write("x")); }},
      {"readlines",
       [&] {
         json lines = json::array();
         for (const std::string& line : b->readlines()) lines.push_back(to_hex(line));
         return lines;
       }},
      {"next",
       [&] {
         for (const std::string& line : *b) return json(to_hex(line));
         return json("StopIteration");
       }},
      {"closed", [&] { return json(b->closed()); }},
  };
  return outcome(ops.at(op));
}

TEST(Buffered, RawClosedBehindServesTheReadAheadAsCPython) {
  TempDir tmp;
  const std::string path = tmp / "f";
  const json cases = run_python(kPythonClosedRaw, {path});
  ASSERT_EQ(cases.size(), 4u * 27 + 4u * 27 + 26);
  std::size_t served = 0;  // cases where CPython returns buffered bytes from a closed raw
  for (const json& c : cases) {
    const std::string where = c["mode"].get<std::string>() + " after " + c["prefix"].get<std::string>() + ": " +
                              c["op"].get<std::string>();
    const json got = run_closed_raw_case(path, c["mode"], c["prefix"], c["op"]);
    json want = c;
    for (const char* key : {"mode", "prefix", "op"}) want.erase(key);
    EXPECT_EQ(got, want) << where;
    if (want.contains("result") && want["result"].is_string() && !want["result"].get<std::string>().empty()) ++served;
  }
  EXPECT_GE(served, 20u);
}

// ---- close(): the flush error becomes the close error's context ---------------------------

// CPython's close() (buffered, BufferedRWPair, TextIOWrapper) closes what is below even when
// its flush failed, and then raises the close error with the flush error as __context__
// (_PyErr_ChainExceptions1), or the flush error alone. Every combination of a failing
// write, a failing raw close and (for the pair) a failing reader close, on three stacks;
// each outcome is the exception chain through __context__ and whether raw ended closed.
constexpr const char* kPythonCloseChain = R"(
import io, json, os
class Raw(io.RawIOBase):
    def __init__(self, write_error, close_error):
        self.write_error, self.close_error = write_error, close_error
    def readable(self): return True
    def writable(self): return True
    def readinto(self, b): return 0
    def write(self, b):
        if self.write_error: raise OSError(self.write_error, os.strerror(self.write_error))
        return len(b)
    def close(self):
        if self.closed: return
        super().close()
        if self.close_error: raise OSError(self.close_error, os.strerror(self.close_error))
def chain(e):
    out = []
    while e is not None and len(out) < 5:
        out.append([type(e).__name__, str(e)])
        e = e.__context__
    return out
out = []
for stack in ('writer', 'text', 'pair'):
    for write_error in (0, 5):
        for close_error in (0, 9):
            for reader_error in ((0, 1) if stack == 'pair' else (0,)):
                raw = Raw(write_error, close_error)
                if stack == 'writer':
                    f = io.BufferedWriter(raw); f.write(b'abc')
                elif stack == 'text':
                    f = io.TextIOWrapper(io.BufferedWriter(raw), encoding='ascii'); f.write('abc')
                else:
                    f = io.BufferedRWPair(Raw(0, reader_error), raw); f.write(b'abc')
                try:
                    f.close(); got = []
                except Exception as e:
                    got = chain(e)
                out.append({'stack': stack, 'write_error': write_error, 'close_error': close_error,
                            'reader_error': reader_error, 'chain': got, 'raw_closed': raw.closed})
print(json.dumps(out))
)";

TEST(Buffered, CloseChainsTheFlushErrorAsContextAsCPython) {
  const json cases = run_python(kPythonCloseChain);
  ASSERT_EQ(cases.size(), 4u + 4 + 8);
  std::size_t chained = 0;  // cases where CPython's error carries a context
  for (const json& c : cases) {
    const std::string stack = c["stack"];
    auto fake = [](int write_error, int close_error) {
      json spec = {{"close_error", close_error ? json(close_error) : json()}};
      if (write_error) spec["writes"] = json::array({{{"error", write_error}}, {{"error", write_error}}, {{"error", write_error}}});
      return std::make_shared<FakeRaw>(spec);
    };
    auto raw = fake(c["write_error"], c["close_error"]);
    std::shared_ptr<io::IOBase> f;
    if (stack == "writer") {
      auto w = std::make_shared<io::BufferedWriter>(raw);
      w->write("abc");
      f = w;
    } else if (stack == "text") {
      auto t = std::make_shared<io::TextIOWrapper>(std::make_shared<io::BufferedWriter>(raw), io::TextIOWrapperOptions{.encoding = "ascii"});
      t->write("abc");
      f = t;
    } else {
      auto p = std::make_shared<io::BufferedRWPair>(fake(0, c["reader_error"]), raw);
      p->write("abc");
      f = p;
    }
    json got = json::array();
    try {
      f->close();
    } catch (const BaseException&) {
      std::exception_ptr e = std::current_exception();
      while (e && got.size() < 5) {
        try {
          std::rethrow_exception(e);
        } catch (const BaseException& x) {
          got.push_back({std::string(x.type_name()), x.what()});
          e = x.context();
        }
      }
    }
    EXPECT_EQ(got, c["chain"]) << c.dump();
    EXPECT_EQ(raw->closed(), c["raw_closed"].get<bool>()) << c.dump();
    if (c["chain"].size() > 1) ++chained;
  }
  EXPECT_GE(chained, 4u);
}

}  // namespace
}  // namespace pyos::test
