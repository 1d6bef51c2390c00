// Files written through open() while write(2) fails, SQLite-style: for each scenario, the
// k-th write(2) of a clean run (k = 1, 2, ...) fails once or from then on, with EIO, ENOSPC,
// EINTR (once or three times: retried, PEP 475) or EAGAIN, or transfers fewer bytes (7 once,
// 1 from then on: the write loops go on), and the same happens to CPython (the preload module
// write_fault_preload.cpp interposes write(2) under it, as pyos's _sys fault seam does under
// pyos). Every operation's result or exception (type, errno, message, characters_written),
// the file's bytes after each operation (what reached the kernel, and when), the number of
// write(2) attempts and whether close() released the descriptor must be CPython's.
// Then the real kernel's failures: a file-size limit (EFBIG), a full filesystem (ENOSPC), a
// filesystem whose files fail as their names ask (close(2) errors, short writes, EIO on write
// and read) and a descriptor limit (EMFILE) against CPython under the same failures, and
// signals interrupting blocking pipe I/O.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <string>
#include <vector>

#include "pyos/io/open.hpp"
#include "support/pyos_test.hpp"
#include "support/write_fault.hpp"

namespace pyos::test {
namespace {

namespace io = pyos::io;
using json = nlohmann::json;
using pyos::_sys::Call;

// The scenarios (mode, buffering, the long piece's length) and the writes each makes, for
// both sides.
const char* const kScript = R"(
# Line buffered text, and small buffers (a BufferedWriter, and a BufferedRandom with "+"),
# each with one long piece. With a small buffer that piece passes the text layer's chunk
# (8 KiB) in one write. Line buffered text has the buffer open() picks (st_blksize in CPython
# 3.13, at least 128 KiB in pyos as in 3.14: docs/io.md), so there every piece fits in 3.13's
# buffer and ends in a newline: when bytes reach the file, and what a failed write loses, do
# not depend on that size.
SCENARIOS = [["w", 1, 3000], ["w", 64, 9000], ["wb", 64, 9000], ["w+", 64, 9000], ["ab", 64, 9000], ["a+b", 16, 9000]]

def pieces(big):
    return ["first line\n", "\u00e9" * 30 + "\n", "no newline yet ", "x" * 150 + "\n", "short\n",
            "y" * big + "\n", "\n", "tail " * 20 + "\n"]

AFTER = "after flush\n"
FAULTS = [[5, 1, -1], [5, 0, -1], [28, 1, -1], [4, 1, -1], [4, 3, -1], [11, 1, -1], [0, 1, 7], [0, 0, 1]]
)";

// One operation's outcome, as the Python side writes it.
template <class F>
json outcome(F&& op) {
  try {
    if constexpr (std::is_void_v<decltype(op())>) {
      op();
      return {"ok", nullptr};
    } else {
      return {"ok", op()};
    }
  } catch (const BlockingIOError& e) {
    return {"BlockingIOError", e.errno_().value_or(0), e.what(), e.characters_written().value_or(0)};
  } catch (const OSError& e) {
    json r = {std::string(e.type_name()), nullptr, e.what()};
    if (e.errno_()) r[1] = *e.errno_();
    return r;
  } catch (const BaseException& e) {
    return {std::string(e.type_name()), e.what()};
  }
}

// What the CPython scripts use: outcome() as the C++ outcome() above writes it, open_run()
// opening the file as the scenario says (text in UTF-8, as the C++ side), steps() recording
// each operation's outcome and the file after it (writes() making the operations that write
// the pieces), and end_run() closing the file and telling whether the descriptor was
// released.
const char* const kPythonRun = R"(
def outcome(fn):
    try:
        return ["ok", fn()]
    except BlockingIOError as e:
        return ["BlockingIOError", e.errno, str(e), e.characters_written]
    except OSError as e:
        return [type(e).__name__, e.errno, str(e)]
    except ValueError as e:
        return [type(e).__name__, str(e)]

def open_run(path, mode, buffering):
    if os.path.exists(path):
        os.unlink(path)
    kw = {} if "b" in mode else {"encoding": "utf-8"}
    f = open(path, mode, buffering=buffering, **kw)
    conv = (lambda s: s.encode("utf-8")) if "b" in mode else (lambda s: s)
    return f, f.fileno(), conv

def steps(ops, files, snapshot, *fns):
    for fn in fns:
        ops.append(outcome(fn))
        files.append(snapshot())

def writes(f, conv, pieces):
    return [lambda piece=piece: f.write(conv(piece)) for piece in pieces]

def fd_alive(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False

def end_run(f, fd):
    fd_open = fd_alive(fd)
    closed = f.closed
    if not closed:
        f.close()
    return {"closed": closed, "fd_open": fd_open}
)";

// One run's stream on the C++ side: open() as the scenario says, then each operation's
// outcome and the file's state after it, then whether close() released the descriptor.
class StreamRun {
 public:
  StreamRun(const std::string& path, const std::string& mode, std::int64_t buffering) {
    ::unlink(path.c_str());
    io::OpenOptions o{.buffering = buffering};
    if (mode.find('b') == std::string::npos) o.encoding = "utf-8";  // as the Python side
    f_ = io::open(path, mode, o);
    fd_ = f_->fileno();
  }

  io::IOBase& stream() { return *f_; }

  template <class Op, class State>
  void step(Op&& op, State&& state) {
    ops_.push_back(outcome(std::forward<Op>(op)));
    files_.push_back(state());
  }

  // Checks the operations, files, closed and fd_open against the Python side's case;
  // returns how many operations raised.
  std::size_t check(const json& want, const std::string& label) {
    const bool fd_open = this->fd_open();
    const bool closed = f_->closed();
    if (!closed) f_->close();
    EXPECT_EQ(ops_, want["ops"]) << label;
    EXPECT_EQ(files_, want["files"]) << label;
    EXPECT_EQ(closed, want["closed"].get<bool>()) << label;
    EXPECT_EQ(fd_open, want["fd_open"].get<bool>()) << label;
    std::size_t raised = 0;
    for (const json& op : ops_) raised += op[0] != "ok" ? 1u : 0u;
    return raised;
  }

  // Each piece written, a step each (Python's writes()).
  template <class State>
  void writes(const std::vector<std::string>& pieces, State&& state) {
    for (const std::string& piece : pieces) step([&] { return f_->write(piece); }, state);
  }

  // The end every script has: flush(), write(after), close(), each a step.
  template <class State>
  void finish(const std::string& after, State&& state) {
    step([&] { f_->flush(); }, state);
    step([&] { return f_->write(after); }, state);
    step([&] { f_->close(); }, state);
  }

  // Drops the stream without close(), so that its destructor closes it, and returns what
  // that wrote to stderr (the reports of a close that failed).
  std::string destroy() {
    testing::internal::CaptureStderr();
    f_.reset();
    return testing::internal::GetCapturedStderr();
  }

  const json& ops() const { return ops_; }
  const json& files() const { return files_; }
  bool fd_open() const { return ::fcntl(fd_, F_GETFD) != -1; }

  // The operations that raised OSError with `errno_value`.
  std::size_t raised_with(int errno_value) const {
    std::size_t n = 0;
    for (const json& op : ops_) n += op[0] == "OSError" && op[1] == errno_value ? 1u : 0u;
    return n;
  }

 private:
  std::shared_ptr<io::IOBase> f_;
  int fd_ = -1;
  json ops_ = json::array(), files_ = json::array();
};

TEST(IoFaults, WritesFailingAsCPythonsFail) {
  TempDir dir;
  const std::string path = dir / "f";
  const json want = run_python_with_write_faults(PYOS_WRITE_FAULT_PRELOAD, std::string(kScript) + kPythonRun + R"(
path = sys.argv[1]

def run(mode, buffering, big, fault):
    f, fd, conv = open_run(path, mode, buffering)
    ops, files = [], []
    lib.pyos_fault_arm(*fault)
    steps(ops, files, lambda: state(path), *writes(f, conv, pieces(big)), f.flush, lambda: f.write(conv(AFTER)),
          f.close)
    calls = lib.pyos_fault_disarm()
    return {"ops": ops, "files": files, "calls": calls, **end_run(f, fd)}

cases = []
for mode, buffering, big in SCENARIOS:
    clean = run(mode, buffering, big, [10**9, 1, 5, -1])
    cases.append({"mode": mode, "buffering": buffering, "pieces": pieces(big), "fault": [10**9, 1, 5, -1], **clean})
    for k in range(1, clean["calls"] + 1):
        for err, times, short in FAULTS:
            fault = [k, times, err, short]
            cases.append({"mode": mode, "buffering": buffering, "pieces": pieces(big), "fault": fault,
                          **run(mode, buffering, big, fault)})
print(json.dumps({"after": AFTER, "cases": cases}))
)",
                                                {path});
  const json& cases = want["cases"];
  const std::string after = want["after"];
  ASSERT_GT(cases.size(), 100u);
  std::size_t faults_seen = 0, raised = 0;
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const std::int64_t buffering = c["buffering"];
    const json& fault = c["fault"];
    const auto pieces = c["pieces"].get<std::vector<std::string>>();
    const std::string label = c["mode"].dump() + " buffering " + std::to_string(buffering) + " fault " + fault.dump();
    StreamRun run(path, mode, buffering);
    const auto state = [&] { return file_state(path); };
    std::uint64_t calls = 0;
    {
      _sys::fault::Injector inject;
      const auto nth = fault[0].get<std::uint64_t>();
      inject.add(write_fault(fault));
      run.writes(pieces, state);
      run.finish(after, state);
      calls = inject.calls(Call::write);
      if (nth <= calls) ++faults_seen;
    }
    // The fault reports "Errno 4" etc. with the C library's text, which both sides share.
    raised += run.check(c, label);
    EXPECT_EQ(calls, c["calls"].get<std::uint64_t>()) << label;
  }
  // Most plans hit a call of their run (all but the clean runs).
  EXPECT_GT(faults_seen, cases.size() * 9 / 10);
  EXPECT_GT(raised, cases.size() / 2);
  std::printf("[ faults   ] %zu runs, %zu with a fault on one of their write(2) calls, %zu operations raised\n",
              cases.size(), faults_seen, raised);
}

// The real kernel's file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) instead of a simulated
// fault: a write(2) crossing the limit transfers what fits, the next fails with EFBIG, and
// so does a truncate() past it; then the limit is lifted and the stream flushed, written
// and closed. For each mode and buffer size and each limit, every operation's result or
// exception, the file's bytes after each operation and whether close() released the
// descriptor must be CPython's: what a failed write kept buffered reaches the file exactly
// once when the limit goes, and what it dropped never does.
const char* const kLimitScript = R"(
# Raw, small-buffer and default-buffer binary modes, appending and updating ones, and text
# line buffered, with a small buffer and with the default one. Every piece together is 245
# bytes of UTF-8: under 3.13's default buffer (st_blksize, 4 KiB here) and pyos's (docs/io.md),
# so that the two sizes do not decide when bytes reach the file.
SCENARIOS = [["wb", 0], ["wb", 16], ["wb", -1], ["ab", 16], ["a+b", 64], ["w", 1], ["w", 16], ["w", -1],
             ["w+", 64], ["a", 16]]
LIMITS = [0, 1, 11, 40, 100, 230]
PIECES = ["first line\n", "\u00e9" * 30 + "\n", "no newline yet ", "x" * 150 + "\n", "short\n"]
AFTER = "after the limit\n"
TRUNCATE = 500
)";

TEST(IoFaults, FileSizeLimitAsCPython) {
  TempDir dir;
  const std::string path = dir / "f";
  const json want = run_python(std::string(kLimitScript) + R"(
import json, os, resource, signal, sys
)" + kPythonRun + R"(
path = sys.argv[1]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
saved = resource.getrlimit(resource.RLIMIT_FSIZE)

def state():
    with open(path, "rb") as f:
        return f.read().hex()

def run(mode, buffering, limit):
    f, fd, conv = open_run(path, mode, buffering)
    ops, files = [], []
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, saved[1]))
    steps(ops, files, state, *writes(f, conv, PIECES), f.flush, lambda: f.truncate(TRUNCATE))
    resource.setrlimit(resource.RLIMIT_FSIZE, saved)
    steps(ops, files, state, f.flush, lambda: f.write(conv(AFTER)), f.close)
    return {"ops": ops, "files": files, **end_run(f, fd)}

cases = [{"mode": m, "buffering": b, "limit": n, **run(m, b, n)} for m, b in SCENARIOS for n in LIMITS]
print(json.dumps({"pieces": PIECES, "after": AFTER, "truncate": TRUNCATE, "cases": cases}))
)",
                               {path});
  const auto pieces = want["pieces"].get<std::vector<std::string>>();
  const std::string after = want["after"];
  const std::int64_t truncate = want["truncate"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 60u);
  std::size_t raised = 0, efbig = 0;
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const std::int64_t buffering = c["buffering"];
    const auto limit = c["limit"].get<rlim_t>();
    const std::string label = c["mode"].dump() + " buffering " + std::to_string(buffering) + " limit " +
                              std::to_string(limit);
    StreamRun run(path, mode, buffering);
    io::IOBase& f = run.stream();
    const auto state = [&] { return hex(read_bytes(path)); };
    {
      FileSizeLimit limited(limit);
      run.writes(pieces, state);
      run.step([&] { f.flush(); }, state);
      run.step([&] { return f.truncate(truncate); }, state);
      limited.lift();
      run.finish(after, state);
    }
    raised += run.check(c, label);
    efbig += run.raised_with(EFBIG);
  }
  // Every run fails at least its truncate() past the limit.
  EXPECT_GE(efbig, cases.size());
  std::printf("[ limits   ] %zu runs, %zu operations raised, %zu of them EFBIG\n", cases.size(), raised, efbig);
}

// A full filesystem, the real kernel's (a 4-page tmpfs, tests/support/write_fault.hpp):
// a filler file leaves the stream 0, 1 or 2 pages; the pieces (8,535 bytes of UTF-8) need
// more. A write(2) that needs a page there is none of transfers what fits, the next fails
// with ENOSPC. Then the filler is deleted (space freed, as an operator would) and the
// stream flushed, written and closed. For each mode and buffer size and each room, every
// operation's result or exception, the file after each operation and whether close()
// released the descriptor must be CPython's (which runs in the same mount namespace).
// open()'s default buffer sizes differ (docs/io.md): CPython 3.13's is st_blksize, one page
// on tmpfs, pyos's 128 KiB there, and these pieces pass one page, so a failed write keeps in
// a buffer what 3.13's loses. So the binary modes have sizes of their own, and line buffered
// text (which has the default size) is built on the Python side as open() builds it with
// pyos's size, which is what CPython 3.14's open() does.
const char* const kDiskFullScript = R"(
SCENARIOS = [["wb", 0], ["wb", 16], ["wb", 5000], ["ab", 16], ["a+b", 64], ["w", 1], ["w", 16], ["w", 5000],
             ["w+", 64], ["a", 16]]
PYOS_DEFAULT_BUFFER = 128 * 1024
PAGES = 4
ROOMS = [0, 1, 2]
PIECES = ["first line\n", "\u00e9" * 1500 + "\n", "no newline yet ", "x" * 2500 + "\n", "\u20ac" * 1000 + "\n",
          "short\n"]
AFTER = "after space was freed\n"
)";

TEST(IoFaults, DiskFullAsCPython) {
  SmallFilesystem fs(4);
  if (!fs.available()) GTEST_SKIP() << "no tmpfs of our own to fill: " << fs.why();
  const std::string path = fs / "f";
  const json want = run_python(std::string(kDiskFullScript) + R"(
import io, json, os, sys
)" + kPythonRun + std::string(kPythonFileState) + R"(
path, filler, page = sys.argv[1], sys.argv[2], int(sys.argv[3])

def open_disk_full(mode, buffering):
    if buffering != 1:
        return open_run(path, mode, buffering)
    if os.path.exists(path):
        os.unlink(path)
    raw = io.FileIO(path, mode)
    f = io.TextIOWrapper(io.BufferedWriter(raw, PYOS_DEFAULT_BUFFER), encoding="utf-8", line_buffering=True)
    return f, raw.fileno(), lambda s: s

def run(mode, buffering, room):
    f, fd, conv = open_disk_full(mode, buffering)
    with open(filler, "wb") as g:
        g.write(bytes(page * (PAGES - room)))
    ops, files = [], []
    snapshot = lambda: state(path)
    steps(ops, files, snapshot, *writes(f, conv, PIECES), f.flush)
    os.unlink(filler)
    steps(ops, files, snapshot, f.flush, lambda: f.write(conv(AFTER)), f.close)
    return {"ops": ops, "files": files, **end_run(f, fd)}

cases = [{"mode": m, "buffering": b, "room": n, **run(m, b, n)} for m, b in SCENARIOS for n in ROOMS]
print(json.dumps({"pages": PAGES, "pieces": PIECES, "after": AFTER, "cases": cases}))
)",
                               {path, fs / ".filler", std::to_string(fs.page_size())});
  const auto pieces = want["pieces"].get<std::vector<std::string>>();
  const std::string after = want["after"];
  const std::size_t pages = want["pages"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 30u);
  std::size_t raised = 0, enospc = 0;
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const std::int64_t buffering = c["buffering"];
    const std::size_t room = c["room"];
    const std::string label = c["mode"].dump() + " buffering " + std::to_string(buffering) + " room " +
                              std::to_string(room) + " pages";
    StreamRun run(path, mode, buffering);
    io::IOBase& f = run.stream();
    fs.fill(pages - room);
    const auto state = [&] { return file_state(path); };
    run.writes(pieces, state);
    run.step([&] { f.flush(); }, state);
    fs.free();
    run.finish(after, state);
    raised += run.check(c, label);
    enospc += run.raised_with(ENOSPC);
  }
  // The pieces need more than two pages: every run meets the full disk at least once.
  EXPECT_GE(enospc, cases.size());
  std::printf("[ disk full] %zu runs, %zu operations raised, %zu of them ENOSPC\n", cases.size(), raised, enospc);
}

// A filesystem that fails, the real kernel's: pyos_test_faultfs (tests/support/faultfs.cpp,
// a FUSE server) whose files fail as their names say. "flush=E": every close(2) of a writer
// fails with errno E after releasing the descriptor (what NFS does with a write-back error,
// EIO or EDQUOT); "short=N": each write(2) transfers at most N bytes of a regular file;
// "wlimit=N": the file holds N bytes, a write(2) crossing N transfers what fits and one at or
// past N fails (EIO, or werr=E). For each file and each mode and buffer size, the pieces are
// written, then flush(), write(after), close() and close() again: every operation's result
// or exception, the file after each one, and whether the descriptor was released must be
// CPython's, which runs on the same mount. The pieces (3,244 bytes) fit in any buffer here,
// 3.13's default (st_blksize, 4 KiB on this filesystem) as pyos's (docs/io.md).
const char* const kFailingFilesystemScript = R"(
FILES = ["flush=5", "flush=122", "short=7", "short=1000", "wlimit=100", "wlimit=5000,werr=28", "short=3,wlimit=50"]
SCENARIOS = [["wb", 0], ["wb", -1], ["wb", 64], ["w+b", 16], ["w", -1], ["w", 1], ["w+", 64], ["a", -1]]
PIECES = ["first line\n", "\u00e9" * 30 + "\n", "no newline yet ", "x" * 150 + "\n", "y" * 3000 + "\n", "tail\n"]
AFTER = "after flush\n"
)";

// One case of the failing-filesystem tests: its file, its label, and its stream opened as
// the case says.
struct FailingFileCase {
  FailingFileCase(const json& c, const FaultyFilesystem& fs)
      : path(fs / c["file"].get<std::string>()),
        label(c["file"].get<std::string>() + " " + c["mode"].dump() + " buffering " + c["buffering"].dump()),
        run(path, c["mode"].get<std::string>(), c["buffering"].get<std::int64_t>()) {}
  std::string path, label;
  StreamRun run;
};

TEST(IoFaults, FailingFilesystemAsCPython) {
  FaultyFilesystem fs(PYOS_FAULTFS_SERVER);
  if (!fs.available()) GTEST_SKIP() << "no FUSE filesystem of our own: " << fs.why();
  const json want = run_python(std::string(kFailingFilesystemScript) + R"(
import json, os, sys
)" + kPythonRun + std::string(kPythonFileState) + R"(
root = sys.argv[1]

def run(name, mode, buffering):
    path = os.path.join(root, name)
    f, fd, conv = open_run(path, mode, buffering)
    ops, files = [], []
    steps(ops, files, lambda: state(path), *writes(f, conv, PIECES), f.flush, lambda: f.write(conv(AFTER)), f.close,
          f.close)
    return {"ops": ops, "files": files, **end_run(f, fd)}

cases = [{"file": n, "mode": m, "buffering": b, **run(n, m, b)} for n in FILES for m, b in SCENARIOS]
print(json.dumps({"pieces": PIECES, "after": AFTER, "cases": cases}))
)",
                               {fs / ""});
  const auto pieces = want["pieces"].get<std::vector<std::string>>();
  const std::string after = want["after"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 56u);
  std::size_t raised = 0, eio = 0, edquot = 0;
  for (const json& c : cases) {
    auto [path, label, run] = FailingFileCase(c, fs);
    io::IOBase& f = run.stream();
    const auto state = [&] { return file_state(path); };
    run.writes(pieces, state);
    run.finish(after, state);
    run.step([&] { f.close(); }, state);
    raised += run.check(c, label);
    eio += run.raised_with(EIO);
    edquot += run.raised_with(EDQUOT);
  }
  // Every flush=5 run fails its first close() with EIO, every flush=122 one with EDQUOT.
  EXPECT_GE(eio, 8u);
  EXPECT_GE(edquot, 8u);
  std::printf("[ faultfs  ] %zu runs, %zu operations raised, %zu of them EIO, %zu EDQUOT\n", cases.size(), raised,
              eio, edquot);
}

// The same files and modes, the pieces written, then the stream dropped without close():
// CPython's finalizer (IOBase.__del__) and pyos's destructor close it. When that close fails,
// each reports "Exception ignored in: <repr>" and the error on stderr and raises nothing. The
// reports (CPython's through sys.unraisablehook: the object's repr and "Type: message"; pyos
// prints no traceback, docs/io.md), the file afterwards and whether the descriptor was
// released must be CPython's.
TEST(IoFaults, DestructorOnAFailingFilesystemAsCPython) {
  FaultyFilesystem fs(PYOS_FAULTFS_SERVER);
  if (!fs.available()) GTEST_SKIP() << "no FUSE filesystem of our own: " << fs.why();
  const json want = run_python(std::string(kFailingFilesystemScript) + R"(
import json, os, sys, weakref
)" + kPythonRun + std::string(kPythonFileState) + R"(
root = sys.argv[1]
reports = []
sys.unraisablehook = lambda u: reports.append("Exception ignored in: %r\n%s: %s\n" % (
    u.object, type(u.exc_value).__name__, u.exc_value))

def run(name, mode, buffering):
    path = os.path.join(root, name)
    f, fd, conv = open_run(path, mode, buffering)
    ops, files = [], []
    steps(ops, files, lambda: state(path), *writes(f, conv, PIECES))
    del reports[:]
    gone = weakref.ref(f)
    del f
    assert gone() is None, "the stream outlived its last reference"
    return {"ops": ops, "files": files, "stderr": "".join(reports), "after": state(path), "fd_open": fd_alive(fd)}

cases = [{"file": n, "mode": m, "buffering": b, **run(n, m, b)} for n in FILES for m, b in SCENARIOS]
print(json.dumps({"pieces": PIECES, "cases": cases}))
)",
                               {fs / ""});
  const auto pieces = want["pieces"].get<std::vector<std::string>>();
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 56u);
  std::size_t reported = 0;
  for (const json& c : cases) {
    auto [path, label, run] = FailingFileCase(c, fs);
    run.writes(pieces, [&] { return file_state(path); });
    const std::string err = run.destroy();
    EXPECT_EQ(run.ops(), c["ops"]) << label;
    EXPECT_EQ(run.files(), c["files"]) << label;
    EXPECT_EQ(err, c["stderr"].get<std::string>()) << label;
    EXPECT_EQ(file_state(path), c["after"]) << label;
    EXPECT_EQ(run.fd_open(), c["fd_open"].get<bool>()) << label;
    reported += err.empty() ? 0u : 1u;
  }
  // At least every flush= run's close fails: 2 files in 8 modes.
  EXPECT_GE(reported, 16u);
  std::printf("[ faultfs  ] %zu streams dropped unclosed, %zu closes reported\n", cases.size(), reported);
}

// Reads of a file whose bytes past N cannot be read ("rlimit=N": a read(2) reaching past N
// returns the bytes before it, one at or past N fails with EIO), N at the start, inside
// the first buffer, at its end and beyond it: each read's result or exception must be
// CPython's, and so what a failed read keeps or loses of what it had read.
TEST(IoFaults, ReadErrorsAsCPython) {
  FaultyFilesystem fs(PYOS_FAULTFS_SERVER);
  if (!fs.available()) GTEST_SKIP() << "no FUSE filesystem of our own: " << fs.why();
  const json want = run_python(R"(
import json, os, sys
)" + std::string(kPythonRun) + R"(
root = sys.argv[1]
LIMITS = [0, 100, 4096, 5000, 8200]
SCENARIOS = [["rb", 0], ["rb", -1], ["rb", 64], ["r+b", 16], ["r", -1], ["r+", 64]]
OPS = [["read", 10], ["readline", -1], ["read", 200], ["read", 5000], ["readline", -1], ["read", -1],
       ["read", -1], ["read", 3]]
CONTENT = "".join("line %d %s\n" % (i, "z" * (i % 70)) for i in range(300))

def do(f, op):
    r = getattr(f, op[0])(op[1])
    return r.decode() if isinstance(r, bytes) else r

def run(limit, mode, buffering):
    path = os.path.join(root, "rlimit=%d" % limit)
    with open(path, "w") as g:
        g.write(CONTENT)
    kw = {} if "b" in mode else {"encoding": "utf-8"}
    f = open(path, mode, buffering=buffering, **kw)
    fd = f.fileno()
    ops = [outcome(lambda op=op: do(f, op)) for op in OPS]
    return {"ops": ops, **end_run(f, fd)}

cases = [{"limit": n, "mode": m, "buffering": b, **run(n, m, b)} for n in LIMITS for m, b in SCENARIOS]
print(json.dumps({"content": CONTENT, "ops": OPS, "cases": cases}))
)",
                               {fs / ""});
  const std::string content = want["content"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 30u);
  std::size_t eio = 0;
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const std::int64_t buffering = c["buffering"];
    const std::string label = "limit " + c["limit"].dump() + " " + c["mode"].dump() + " buffering " +
                              std::to_string(buffering);
    const std::string path = fs / ("rlimit=" + c["limit"].dump());
    std::ofstream(path, std::ios::binary) << content;
    io::OpenOptions o{.buffering = buffering};
    if (mode.find('b') == std::string::npos) o.encoding = "utf-8";
    auto f = io::open(path, mode, o);
    const int fd = f->fileno();
    json ops = json::array();
    for (const json& op : want["ops"]) {
      const std::int64_t n = op[1];
      ops.push_back(outcome([&] { return op[0] == "read" ? f->read(n) : f->readline(n); }));
      eio += ops.back()[0] == "OSError" && ops.back()[1] == EIO ? 1u : 0u;
    }
    const bool fd_open = ::fcntl(fd, F_GETFD) != -1;
    const bool closed = f->closed();
    if (!closed) f->close();
    EXPECT_EQ(ops, c["ops"]) << label;
    EXPECT_EQ(closed, c["closed"].get<bool>()) << label;
    EXPECT_EQ(fd_open, c["fd_open"].get<bool>()) << label;
  }
  // Every run reads the whole file: each meets the limit.
  EXPECT_GE(eio, cases.size());
  std::printf("[ faultfs  ] %zu read runs, %zu reads raised EIO\n", cases.size(), eio);
}

// open() at the process's descriptor limit (RLIMIT_NOFILE set to the lowest free
// descriptor, so that no descriptor can be had), and with one descriptor to spare, over an
// absent and an existing file in each mode: CPython's exception (EMFILE, with the file's
// name), or the class it returns; what is on disk afterwards (the kernel takes the
// descriptor before it creates or truncates anything); no descriptor left open.
TEST(IoFaults, OpenAtDescriptorLimitAsCPython) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizer runtimes need descriptors of their own at any call (UBSan's vptr check
  // probes memory through a pipe, and reports a false error when it cannot make one).
  GTEST_SKIP() << "needs a process without sanitizer runtimes";
#endif
  TempDir dir;
  const std::string path = dir / "f";
  const json want = run_python(R"(
import json, os, resource, sys
path = sys.argv[1]
MODES = ["r", "rb", "w", "wb", "a", "ab", "x", "xb", "r+", "w+b", "a+"]
saved = resource.getrlimit(resource.RLIMIT_NOFILE)

def lowest_free():
    fd = os.open("/dev/null", os.O_RDONLY)
    os.close(fd)
    return fd

def run(mode, exists, spare):
    if exists:
        with open(path, "wb") as f:
            f.write(b"data")
    elif os.path.exists(path):
        os.unlink(path)
    kw = {} if "b" in mode else {"encoding": "utf-8"}
    low = lowest_free()
    resource.setrlimit(resource.RLIMIT_NOFILE, (low + spare, saved[1]))
    try:
        f = open(path, mode, **kw)
        result = ["ok", type(f).__name__]
        f.close()
    except OSError as e:
        result = [type(e).__name__, e.errno, str(e)]
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, saved)
    disk = open(path, "rb").read().hex() if os.path.exists(path) else None
    return {"result": result, "disk": disk, "leaked": lowest_free() != low}

cases = [{"mode": m, "exists": e, "spare": s, **run(m, e, s)} for m in MODES for e in (False, True) for s in (0, 1)]
print(json.dumps(cases))
)",
                                {path});
  ASSERT_EQ(want.size(), 44u);
  std::size_t emfile = 0;
  for (const json& c : want) {
    const std::string mode = c["mode"];
    const bool exists = c["exists"];
    const int spare = c["spare"];
    const std::string label = mode + (exists ? " existing" : " absent") + " spare " + std::to_string(spare);
    if (exists) {
      auto f = io::open(path, "wb");
      f->write(std::string_view("data"));
    } else {
      ::unlink(path.c_str());
    }
    io::OpenOptions o;
    if (mode.find('b') == std::string::npos) o.encoding = "utf-8";  // as the Python side
    const int low = lowest_free_descriptor();
    json result;
    {
      DescriptorLimit limited(static_cast<rlim_t>(low + spare));
      result = outcome([&] {
        auto f = io::open(path, mode, o);
        std::string cls = repr_class(f->repr());
        f->close();
        return cls;
      });
    }
    const json disk = ::access(path.c_str(), F_OK) == 0 ? json(hex(read_bytes(path))) : json(nullptr);
    emfile += result[0] == "OSError" && result[1] == EMFILE ? 1u : 0u;
    EXPECT_EQ(result, c["result"]) << label;
    EXPECT_EQ(disk, c["disk"]) << label;
    EXPECT_EQ(lowest_free_descriptor() != low, c["leaked"].get<bool>()) << label;
  }
  EXPECT_EQ(emfile, want.size() / 2);  // every open without a spare descriptor
}

// ---- Real signals ----------------------------------------------------------------------
// A pipe whose other end is slow, and SIGUSR1 (handled without SA_RESTART) sent to the
// thread blocked on it every 200 µs: the kernel ends a blocked write(2) with the count it
// moved so far, or with EINTR when it moved nothing, and a blocked read(2) with EINTR.
// Buffered and text streams over the pipe must retry (PEP 475) and loop on short writes:
// every byte arrives once and in order, and no call raises.

std::atomic<unsigned> g_interrupts{0};
void count_interrupt(int) { g_interrupts.fetch_add(1, std::memory_order_relaxed); }

// Numbered lines with two- and three-byte characters (pipe-sized pieces split them), about
// `bytes` long.
std::string interrupted_payload(std::size_t bytes) {
  std::string s;
  for (int i = 0; s.size() < bytes; ++i) {
    s += "line " + std::to_string(i) + " \u00e9\u20ac " + std::string(static_cast<std::size_t>(i % 97), 'x') + "\n";
  }
  return s;
}

// While alive: SIGUSR1 handled (counted) without SA_RESTART, and sent to `target` every
// 200 µs by a thread of its own.
class Interrupter {
 public:
  explicit Interrupter(pthread_t target) : target_(target) {
    struct sigaction action {};
    action.sa_handler = count_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGUSR1, &action, &saved_);
    thread_ = std::thread([this] {
      while (!stop_.load()) {
        ::pthread_kill(target_, SIGUSR1);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
  }
  // Runs in `target`: a signal sent before the join is delivered at the latest when the
  // join's system call returns, before the handler goes.
  ~Interrupter() {
    stop_ = true;
    thread_.join();
    ::sigaction(SIGUSR1, &saved_, nullptr);
  }
  Interrupter(const Interrupter&) = delete;
  Interrupter& operator=(const Interrupter&) = delete;

 private:
  pthread_t target_;
  struct sigaction saved_ {};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Writes `payload` through open(fd, mode) in pieces of 1 byte, 100 bytes, 300 KiB and the
// rest, while a thread reads the pipe 4 KiB at a time (pausing `pause` after each read);
// returns what it read, the write(2) attempts made, and what a call raised.
struct PipeRun {
  std::string data;
  std::uint64_t attempts = 0;
  std::string error;
};

PipeRun write_through_pipe(const char* mode, const std::string& payload,
                                                         std::chrono::microseconds pause, bool interrupted) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  std::string received;
  std::thread reader([&] {
    char buf[4096];
    for (ssize_t n; (n = ::read(ends[0], buf, sizeof buf)) != 0;) {
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      received.append(buf, static_cast<std::size_t>(n));
      std::this_thread::sleep_for(pause);
    }
  });
  PipeRun run;
  try {
    std::optional<Interrupter> interrupt;
    if (interrupted) interrupt.emplace(::pthread_self());
    _sys::fault::Injector count;  // nothing armed: it only counts
    io::OpenOptions o{.closefd = false};
    if (std::string_view(mode) == "w") o.encoding = "utf-8";
    auto f = io::open(ends[1], mode, o);
    const std::string_view all(payload);
    f->write(all.substr(0, 1));
    f->write(all.substr(1, 100));
    f->write(all.substr(101, 300 << 10));
    f->write(all.substr(101 + (300 << 10)));
    f->close();
    run.attempts = count.calls(Call::write);
  } catch (const BaseException& e) {
    run.error = std::string(e.type_name()) + ": " + e.what();
  }
  ::close(ends[1]);
  reader.join();
  ::close(ends[0]);
  run.data = std::move(received);
  return run;
}

TEST(IoFaults, PipeWritesInterruptedBySignalsLoseNothing) {
  const std::string payload = interrupted_payload(1 << 20);
  for (const char* mode : {"wb", "w"}) {
    // The same writes with a reader that keeps up and no signals: the attempts they need.
    const PipeRun clean = write_through_pipe(mode, payload, std::chrono::microseconds(0), false);
    ASSERT_EQ(clean.error, "") << mode;
    ASSERT_TRUE(clean.data == payload) << mode;
    const unsigned before = g_interrupts.load();
    const PipeRun run = write_through_pipe(mode, payload, std::chrono::microseconds(100), true);
    const unsigned interrupts = g_interrupts.load() - before;
    EXPECT_EQ(run.error, "") << mode;
    EXPECT_EQ(run.data.size(), payload.size()) << mode;
    EXPECT_TRUE(run.data == payload) << mode << ": the bytes differ";
    EXPECT_GT(interrupts, 10u) << mode;
    // Interrupted writes came back short or with EINTR, and were written again.
    EXPECT_GT(run.attempts, clean.attempts) << mode;
    std::printf("[ signals  ] %s: %u signals, %llu write(2) attempts (%llu uninterrupted)\n", mode, interrupts,
                static_cast<unsigned long long>(run.attempts), static_cast<unsigned long long>(clean.attempts));
  }
}

TEST(IoFaults, PipeReadsInterruptedBySignalsLoseNothing) {
  const std::string payload = interrupted_payload(1 << 20);
  for (const char* mode : {"rb", "r"}) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    std::thread writer([&] {
      // A reader that failed closes its end early: this thread's write then fails with
      // EPIPE (its SIGPIPE blocked, so pending on this thread only) and it stops.
      sigset_t pipe_signal;
      sigemptyset(&pipe_signal);
      sigaddset(&pipe_signal, SIGPIPE);
      ::pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
      const auto write_all = [&](const char* data, std::size_t n) {
        while (n > 0) {
          const ssize_t w = ::write(ends[1], data, n);
          if (w < 0 && errno != EINTR) return false;
          if (w > 0) {
            data += w;
            n -= static_cast<std::size_t>(w);
          }
        }
        return true;
      };
      for (std::size_t at = 0; at < payload.size(); at += 1000) {
        if (!write_all(payload.data() + at, std::min<std::size_t>(1000, payload.size() - at))) break;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
      ::close(ends[1]);
    });
    std::string got, error;
    const unsigned before = g_interrupts.load();
    try {
      Interrupter interrupt(::pthread_self());
      io::OpenOptions o{.closefd = false};
      if (std::string_view(mode) == "r") o.encoding = "utf-8";
      auto f = io::open(ends[0], mode, o);
      // Lines, then pieces of a size that is not the pipe's, to the end.
      for (int i = 0; i < 2000; ++i) got += f->readline();
      for (std::string piece; !(piece = f->read(4093)).empty();) got += piece;
      f->close();
    } catch (const BaseException& e) {
      error = std::string(e.type_name()) + ": " + e.what();
    }
    const unsigned interrupts = g_interrupts.load() - before;
    ::close(ends[0]);  // a writer still writing stops (EPIPE)
    writer.join();
    EXPECT_EQ(error, "") << mode;
    EXPECT_EQ(got.size(), payload.size()) << mode;
    EXPECT_TRUE(got == payload) << mode << ": the text differs";
    EXPECT_GT(interrupts, 10u) << mode;
    std::printf("[ signals  ] %s: %u signals while reading\n", mode, interrupts);
  }
}

}  // namespace
}  // namespace pyos::test
