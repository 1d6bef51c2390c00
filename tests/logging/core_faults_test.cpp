// A FileHandler while write(2) fails, against CPython under the same faults (CPython's write(2)
// interposed by tests/io/binary/write_fault_preload.cpp, pyos's through its _sys fault seam):
// for each k, the k-th write(2) of a clean run (one per record, then none at close) fails once
// with EIO, ENOSPC or EAGAIN, is interrupted (EINTR once or three times: retried), or
// transfers 3 bytes (the write loop goes on). No logging call may throw; the file after each
// record, and the handleError reports on stderr (cut to what both print: the exception,
// Message and Arguments lines), must be CPython's. The faults are transient: a persistent one
// would also fail pyos's report on fd 2, which the seam does not tell from the file's writes.
// The persistent failures come from the real kernel instead: a file-size limit (RLIMIT_FSIZE)
// that the log file reaches and that is lifted later, which limits regular files only, a
// full filesystem on which space is freed later, and a filesystem whose close(2) and writes
// fail.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "logging/core_support.hpp"
#include "support/write_fault.hpp"

namespace pyos::logging::coretest {
namespace {

// The handleError reports in `err`.
std::size_t report_count(const std::string& err) {
  std::size_t n = 0;
  for (std::size_t at = err.find("--- Logging error ---"); at != std::string::npos;
       at = err.find("--- Logging error ---", at + 1)) {
    ++n;
  }
  return n;
}

// Checks the handleError reports on stderr (`err`) against CPython's (cut to what both
// print); returns how many pyos printed.
std::size_t check_reports(const std::string& err, const json& want, const std::string& label) {
  EXPECT_EQ(reports_compared(err), reports_compared(want.get<std::string>())) << label << "\n" << err;
  return report_count(err);
}

// `state()` of the file at `path`, or null while there is none.
template <class State>
json if_exists(const std::string& path, State state) {
  return ::access(path.c_str(), F_OK) != 0 ? json(nullptr) : json(state());
}

// What every CPython side here sets up (kPythonLoggedFile below): a logger outside the
// hierarchy (logging.Logger(name)) with a FileHandler whose format is
// "%(levelname)s %(message)s".
class LoggedFile {
 public:
  LoggedFile(const std::string& name, const std::string& path, const std::string& mode, bool delay = false)
      : log_(name), handler_(std::make_shared<FileHandler>(path, mode, "utf-8", delay)) {
    handler_->setFormatter(std::make_shared<Formatter>("%(levelname)s %(message)s"));
    log_.addHandler(handler_);
  }

  FileHandler& handler() { return *handler_; }

  // Record i, logged by log_one(logger, i); the call may not throw.
  template <class LogOne>
  void record(int i, LogOne log_one, const std::string& label) {
    try {
      log_one(log_, i);
    } catch (...) {
      ADD_FAILURE() << label << ": record " << i << " threw into the caller";
    }
  }

  // Records 1..n, record i logged by log_one(logger, i) after before_each(i) (where a test
  // lifts its failure), no call allowed to throw; then the handler closed. The file's
  // state() after each record and after close.
  template <class BeforeEach, class LogOne, class State>
  json log_then_close(int n, BeforeEach before_each, LogOne log_one, State state, const std::string& label) {
    json files = json::array();
    for (int i = 1; i <= n; ++i) {
      before_each(i);
      record(i, log_one, label);
      files.push_back(state());
    }
    handler_->close();
    files.push_back(state());
    return files;
  }

 private:
  Logger log_;
  std::shared_ptr<FileHandler> handler_;
};

// LoggedFile's CPython side: logged_file(name, path, mode) returns the logger and its
// handler (of class cls).
const char* const kPythonLoggedFile = R"(
import logging

def logged_file(name, path, mode, delay=False, cls=logging.FileHandler):
    log = logging.Logger(name)
    h = cls(path, mode, encoding="utf-8", delay=delay)
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(h)
    return log, h
)";

void no_change(int) {}

TEST(LoggingCoreFaults, FileHandlerUnderWriteFaultsAsCPython) {
  pyos::test::TempDir dir;
  const std::string path = dir / "faults.log";
  const json want = pyos::test::run_python_with_write_faults(PYOS_WRITE_FAULT_PRELOAD, std::string(kPythonLoggedFile) + R"(
import io
path = sys.argv[1]
RECORDS = 8
FAULTS = [[5, 1, -1], [28, 1, -1], [11, 1, -1], [4, 1, -1], [4, 3, -1], [0, 1, 3]]

def run(fault):
    if os.path.exists(path):
        os.unlink(path)
    log, h = logged_file("faults", path, "w")
    err = io.StringIO()
    sys.stderr = err
    files = []
    lib.pyos_fault_arm(*fault)
    for i in range(1, RECORDS + 1):
        log.warning("record %d of %s", i, "the run")
        files.append(state(path))
    h.close()
    files.append(state(path))
    calls = lib.pyos_fault_disarm()
    sys.stderr = sys.__stderr__
    return {"files": files, "stderr": err.getvalue(), "calls": calls}

cases = []
clean = run([10**9, 1, 5, -1])
cases.append({"fault": [10**9, 1, 5, -1], **clean})
for k in range(1, clean["calls"] + 1):
    for err, times, short in FAULTS:
        fault = [k, times, err, short]
        cases.append({"fault": fault, **run(fault)})
print(json.dumps({"records": RECORDS, "cases": cases}))
)",
                                                             {path});
  const int records = want["records"];
  const json& cases = want["cases"];
  ASSERT_GT(cases.size(), 40u);
  std::size_t reports = 0;
  for (const json& c : cases) {
    const json& fault = c["fault"];
    const std::string label = "fault " + fault.dump();
    ::unlink(path.c_str());
    LoggedFile logged("faults", path, "w");
    json files;
    std::string err;
    {
      CaptureFd2 capture;
      _sys::fault::Injector inject;
      inject.add(pyos::test::write_fault(fault));
      files = logged.log_then_close(
          records, no_change, [](Logger& log, int i) { log.warning("record %d of %s", i, "the run"); },
          [&] { return pyos::test::file_state(path); }, label);
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(files, c["files"]) << label;
    reports += check_reports(err, c["stderr"], label);
  }
  // Most faults make a report (not the interrupted or short writes, which are retried).
  EXPECT_GT(reports, cases.size() / 3);
  std::printf("[ faults   ] %zu runs of %d records, %zu handleError reports\n", cases.size(), records, reports);
}

// A FileHandler whose file reaches the process's file-size limit (RLIMIT_FSIZE, SIGXFSZ
// ignored): the record that crosses it is written in part, every later one fails with EFBIG,
// until the limit is lifted and records are logged again. As CPython: no call throws, one
// handleError report per failed record, and the file after each record; what the failed
// flushes kept reaches the file once, in order, with the first record after the limit goes.
TEST(LoggingCoreFaults, FileHandlerAtFileSizeLimitAsCPython) {
  pyos::test::TempDir dir;
  const std::string path = dir / "limit.log";
  const json want = pyos::test::run_python(std::string(kPythonLoggedFile) + R"(
import io, json, logging, os, resource, signal, sys
path = sys.argv[1]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
saved = resource.getrlimit(resource.RLIMIT_FSIZE)
# Each record is 28 bytes ("WARNING record 1 of the run\n"): limits inside the first
# record, at its end, inside the third and the fourth, and past the eighth.
LIMITS = [0, 1, 28, 60, 100, 300]
# (mode, delay): opened before the limit, or by the first record under it.
HANDLERS = [["w", False], ["a", True]]
BEFORE, AFTER = 8, 3

def state():
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")

def run(mode, delay, limit):
    if os.path.exists(path):
        os.unlink(path)
    log, h = logged_file("limits", path, mode, delay)
    err = io.StringIO()
    sys.stderr = err
    files = []
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, saved[1]))
    for i in range(1, BEFORE + AFTER + 1):
        if i == BEFORE + 1:
            resource.setrlimit(resource.RLIMIT_FSIZE, saved)
        log.warning("record %d of %s", i, "the run")
        files.append(state() if os.path.exists(path) else None)
    h.close()
    files.append(state())
    sys.stderr = sys.__stderr__
    return {"files": files, "stderr": err.getvalue()}

cases = [{"mode": m, "delay": d, "limit": n, **run(m, d, n)} for m, d in HANDLERS for n in LIMITS]
print(json.dumps({"before": BEFORE, "after": AFTER, "cases": cases}))
)",
                                                           {path});
  const int before = want["before"], after = want["after"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 12u);
  std::size_t reports = 0;
  const auto state = [&] { return if_exists(path, [&] { return pyos::test::read_bytes(path); }); };  // ASCII
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const bool delay = c["delay"];
    const auto limit = c["limit"].get<rlim_t>();
    const std::string label = mode + (delay ? " delayed" : "") + " limit " + std::to_string(limit);
    ::unlink(path.c_str());
    LoggedFile logged("limits", path, mode, delay);
    json files;
    std::string err;
    {
      CaptureFd2 capture(CaptureFd2::Into::pipe);  // fd 2 must not be a limited file
      pyos::test::FileSizeLimit limited(limit);
      files = logged.log_then_close(
          before + after, [&](int i) { if (i == before + 1) limited.lift(); },
          [](Logger& log, int i) { log.warning("record %d of %s", i, "the run"); }, state, label);
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(files, c["files"]) << label;
    const std::size_t n = check_reports(err, c["stderr"], label);
    reports += n;
    // Every record the limit stops gets its report: all 8 below 28 bytes, 7 at 28, ...
    const auto fit = static_cast<int>(std::min<rlim_t>(limit / 28, static_cast<rlim_t>(before)));
    EXPECT_EQ(n, static_cast<std::size_t>(before - fit)) << label;
  }
  std::printf("[ limits   ] %zu runs of %d + %d records, %zu handleError reports\n", cases.size(), before, after,
              reports);
}

// A FileHandler on a full filesystem, the real kernel's (a 4-page tmpfs whose filler file
// leaves the log 0, 1 or 2 pages; tests/support/write_fault.hpp): the record that needs a page
// there is none of is written in part, later ones fail with ENOSPC, until the filler is
// deleted (space freed, as an operator would) and records are logged again: what the failed
// flushes kept reaches the file once, in order. As CPython (which runs in the same mount
// namespace, its handler's stream given pyos's buffer size): no call throws, one
// handleError report per failed record, and the file after each record.
TEST(LoggingCoreFaults, FileHandlerOnFullDiskAsCPython) {
  pyos::test::SmallFilesystem fs(4);
  if (!fs.available()) GTEST_SKIP() << "no tmpfs of our own to fill: " << fs.why();
  const std::string path = fs / "full.log";
  const json want = pyos::test::run_python(std::string(pyos::test::kPythonFileState) + kPythonLoggedFile + R"(
import io, json, logging, os, sys
path, filler, page = sys.argv[1], sys.argv[2], int(sys.argv[3])
PAGES = 4
ROOMS = [0, 1, 2]
# Each record is 1,237 bytes of UTF-8 ("WARNING record 1: " and 406 three-byte characters
# and a newline; one more for records 10 and 11): 3 fit in a page, 6 in two, all 11 in four.
HANDLERS = [["w", False], ["a", True]]
BEFORE, AFTER = 8, 3
TEXT = "\u20ac" * 406
# The stream's buffer holds what the failed flushes kept: pyos's open() gives it 128 KiB here
# (tmpfs's st_blksize, one page, clamped up: docs/io.md), as CPython 3.14's open() does, where
# 3.13's takes one page and drops what passes it. So the handler opens its stream as 3.14's.
PYOS_DEFAULT_BUFFER = 128 * 1024

class Handler(logging.FileHandler):
    def _open(self):
        return open(self.baseFilename, self.mode, buffering=PYOS_DEFAULT_BUFFER, encoding=self.encoding,
                    errors=self.errors)

def run(mode, delay, room):
    if os.path.exists(path):
        os.unlink(path)
    with open(filler, "wb") as g:
        g.write(bytes(page * (PAGES - room)))
    log, h = logged_file("full", path, mode, delay, Handler)
    err = io.StringIO()
    sys.stderr = err
    files = []
    for i in range(1, BEFORE + AFTER + 1):
        if i == BEFORE + 1:
            os.unlink(filler)
        log.warning("record %d: %s", i, TEXT)
        files.append(state(path) if os.path.exists(path) else None)
    h.close()
    files.append(state(path))
    sys.stderr = sys.__stderr__
    return {"files": files, "stderr": err.getvalue()}

cases = [{"mode": m, "delay": d, "room": n, **run(m, d, n)} for m, d in HANDLERS for n in ROOMS]
print(json.dumps({"pages": PAGES, "before": BEFORE, "after": AFTER, "text": TEXT, "cases": cases}))
)",
                                                           {path, fs / ".filler", std::to_string(fs.page_size())});
  const std::size_t pages = want["pages"];
  const int before = want["before"], after = want["after"];
  const std::string text = want["text"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 6u);
  std::size_t reports = 0;
  const auto state = [&] { return if_exists(path, [&] { return pyos::test::file_state(path); }); };
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    const bool delay = c["delay"];
    const std::size_t room = c["room"];
    const std::string label = mode + (delay ? " delayed" : "") + " room " + std::to_string(room) + " pages";
    ::unlink(path.c_str());
    fs.fill(pages - room);
    LoggedFile logged("full", path, mode, delay);
    json files;
    std::string err;
    {
      CaptureFd2 capture(CaptureFd2::Into::pipe);  // not a file on the full disk either way
      files = logged.log_then_close(
          before + after, [&](int i) { if (i == before + 1) fs.free(); },
          [&](Logger& log, int i) { log.warning("record %d: %s", i, text); }, state, label);
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(files, c["files"]) << label;
    const std::size_t n = check_reports(err, c["stderr"], label);
    reports += n;
    // Every record the room does not hold gets its report: 3 records fit in a page.
    EXPECT_EQ(n, static_cast<std::size_t>(before) - std::min<std::size_t>(3 * room, static_cast<std::size_t>(before)))
        << label;
    // And in the end each record is in the file once, in order: the buffer kept them all.
    std::string all;
    for (int i = 1; i <= before + after; ++i) all += "WARNING record " + std::to_string(i) + ": " + text + "\n";
    EXPECT_TRUE(pyos::test::read_bytes(path) == all) << label;
  }
  std::printf("[ disk full] %zu runs of %d + %d records, %zu handleError reports\n", cases.size(), before, after,
              reports);
}

// A FileHandler on a filesystem that fails, the real kernel's (pyos_test_faultfs,
// tests/support/write_fault.hpp): "flush=5", every close(2) of the log fails with EIO (what
// NFS does with a write-back error); "short=3", each write(2) transfers 3 bytes; "wlimit=70",
// the file holds 70 bytes (the record crossing it is cut, later ones fail with EIO, or
// ENOSPC with werr=28). For each, in modes "a" and "w": four records, close(), one more
// record (a FileHandler in mode "a" opens its file again, one in "w" drops it), close()
// again. As CPython on the same mount: no logging call throws; close() raises the close(2)
// error (Python's FileHandler.close lets it through, logging.shutdown catches it); the file
// after each step and the handleError reports. Then logging.shutdown() with a handler on
// "flush=5" still open: it raises nothing, and the records are in the file.
TEST(LoggingCoreFaults, FileHandlerOnAFailingFilesystemAsCPython) {
  pyos::test::FaultyFilesystem fs(PYOS_FAULTFS_SERVER);
  if (!fs.available()) GTEST_SKIP() << "no FUSE filesystem of our own: " << fs.why();
  const json want = pyos::test::run_python(std::string(pyos::test::kPythonFileState) + kPythonLoggedFile + R"(
import io, json, logging, os, sys
root = sys.argv[1]
FILES = ["flush=5", "short=3", "wlimit=70", "wlimit=70,werr=28"]
MODES = ["a", "w"]
RECORDS = 4

def outcome(fn):
    try:
        fn()
        return ["ok"]
    except OSError as e:
        return [type(e).__name__, e.errno, str(e)]

def run(name, mode):
    path = os.path.join(root, name)
    if os.path.exists(path):
        os.unlink(path)
    log, h = logged_file("faultfs", path, mode)
    err = io.StringIO()
    sys.stderr = err
    files, closes = [], []
    for i in range(1, RECORDS + 2):
        log.warning("record %d of %s", i, "the run")
        files.append(state(path))
        if i == RECORDS:
            closes.append(outcome(h.close))
            files.append(state(path))
    closes.append(outcome(h.close))
    files.append(state(path))
    sys.stderr = sys.__stderr__
    return {"files": files, "closes": closes, "stderr": err.getvalue()}

cases = [{"file": n, "mode": m, **run(n, m)} for n in FILES for m in MODES]
path = os.path.join(root, "flush=5")
os.unlink(path)
log, h = logged_file("faultfs", path, "a")
for i in range(1, RECORDS + 1):
    log.warning("record %d of %s", i, "the run")
err = io.StringIO()
sys.stderr = err
shutdown = outcome(logging.shutdown)
sys.stderr = sys.__stderr__
print(json.dumps({"records": RECORDS, "cases": cases,
                  "shutdown": {"outcome": shutdown, "file": state(path), "stderr": err.getvalue()}}))
)",
                                                           {fs / ""});
  const int records = want["records"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 8u);
  const auto close_outcome = [](FileHandler& h) -> json {
    try {
      h.close();
      return {"ok"};
    } catch (const OSError& e) {
      return {std::string(e.type_name()), e.errno_().value_or(0), e.what()};
    }
  };
  const auto log_one = [](Logger& log, int i) { log.warning("record %d of %s", i, "the run"); };
  std::size_t reports = 0, closes_failed = 0;
  for (const json& c : cases) {
    const std::string name = c["file"], mode = c["mode"];
    const std::string label = name + " mode " + mode, path = fs / name;
    ::unlink(path.c_str());
    LoggedFile logged("faultfs", path, mode);
    json files = json::array(), closes = json::array();
    const auto state = [&] { files.push_back(pyos::test::file_state(path)); };
    std::string err;
    {
      CaptureFd2 capture(CaptureFd2::Into::pipe);
      for (int i = 1; i <= records + 1; ++i) {
        logged.record(i, log_one, label);
        state();
        if (i == records) {
          closes.push_back(close_outcome(logged.handler()));
          state();
        }
      }
      closes.push_back(close_outcome(logged.handler()));
      state();
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(files, c["files"]) << label;
    EXPECT_EQ(closes, c["closes"]) << label;
    reports += check_reports(err, c["stderr"], label);
    for (const json& o : closes) closes_failed += o[0] != "ok" ? 1u : 0u;
  }
  // A close fails when it has a file to close on flush=5, and when the stream still holds
  // bytes the file had no room for on wlimit (its flush fails again): twice in mode "a"
  // (the record after the first close opened the file again, and on wlimit failed too),
  // once in "w". short=3 never fails: 2 * 3 + 3.
  EXPECT_EQ(closes_failed, 9u);
  // Each wlimit run fails its records past byte 70: some are reported.
  EXPECT_GT(reports, 0u);

  const std::string path = fs / "flush=5";
  ::unlink(path.c_str());
  LoggedFile logged("faultfs", path, "a");
  for (int i = 1; i <= records; ++i) logged.record(i, log_one, "shutdown");
  CaptureFd2 capture(CaptureFd2::Into::pipe);
  json outcome = {"ok"};
  try {
    shutdown();
  } catch (const OSError& e) {
    outcome = {std::string(e.type_name()), e.errno_().value_or(0), e.what()};
  }
  capture.restore();
  const json& w = want["shutdown"];
  EXPECT_EQ(outcome, w["outcome"]);
  EXPECT_EQ(pyos::test::file_state(path), w["file"]);
  EXPECT_EQ(capture.text(), w["stderr"].get<std::string>());
  std::printf("[ faultfs  ] %zu runs of %d + 1 records, %zu failed closes, %zu handleError reports\n", cases.size(),
              records, closes_failed, reports);
}

// A FileHandler at the process's descriptor limit (RLIMIT_NOFILE at the lowest free
// descriptor): constructed without delay it raises CPython's EMFILE (with the file's name);
// delayed, each record's open fails and goes to handleError (the documented deviation:
// CPython lets that exception reach the call, so the CPython side wraps FileHandler.emit as
// tools/oracle/gen_logging_filehandler.py does), until the limit is lifted and the next
// record opens the file. No call throws, nothing is created while no descriptor can be had,
// and the reports and the file after each record are CPython's.
TEST(LoggingCoreFaults, FileHandlerAtDescriptorLimitAsCPython) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // As IoFaults.OpenAtDescriptorLimitAsCPython: the sanitizer runtimes need descriptors.
  GTEST_SKIP() << "needs a process without sanitizer runtimes";
#endif
  pyos::test::TempDir dir;
  const std::string path = dir / "nofile.log";
  const json want = pyos::test::run_python(std::string(kPythonLoggedFile) + R"(
import io, json, logging, os, resource, sys
# A traceback's first source line makes linecache import tokenize, and its first carets
# make traceback import ast. At the limit those imports cannot open their files, and
# handleError's report stops after its first line: imported here first.
import ast, tokenize
path = sys.argv[1]
saved = resource.getrlimit(resource.RLIMIT_NOFILE)
MODES = ["w", "a", "x"]
BEFORE, AFTER = 3, 2
cpython_emit = logging.FileHandler.emit

def emit(self, record):
    try:
        cpython_emit(self, record)
    except Exception:
        self.handleError(record)

logging.FileHandler.emit = emit

def lowest_free():
    fd = os.open("/dev/null", os.O_RDONLY)
    os.close(fd)
    return fd

def state():
    return open(path, "rb").read().decode() if os.path.exists(path) else None

def run(mode):
    if os.path.exists(path):
        os.unlink(path)
    low = lowest_free()
    resource.setrlimit(resource.RLIMIT_NOFILE, (low, saved[1]))
    try:
        logging.FileHandler(path, mode, encoding="utf-8").close()
        constructed = ["ok"]
    except OSError as e:
        constructed = [type(e).__name__, e.errno, str(e)]
    log, h = logged_file("nofile", path, mode, True)
    err = io.StringIO()
    sys.stderr = err
    files = []
    for i in range(1, BEFORE + AFTER + 1):
        if i == BEFORE + 1:
            resource.setrlimit(resource.RLIMIT_NOFILE, saved)
        log.warning("record %d of %s", i, mode)
        files.append(state())
    h.close()
    files.append(state())
    sys.stderr = sys.__stderr__
    return {"constructed": constructed, "files": files, "stderr": err.getvalue(), "leaked": lowest_free() != low}

cases = [{"mode": m, **run(m)} for m in MODES]
print(json.dumps({"before": BEFORE, "after": AFTER, "cases": cases}))
)",
                                                           {path});
  const int before = want["before"], after = want["after"];
  const json& cases = want["cases"];
  ASSERT_EQ(cases.size(), 3u);
  const auto state = [&] { return if_exists(path, [&] { return pyos::test::read_bytes(path); }); };  // ASCII
  std::size_t reports = 0;
  for (const json& c : cases) {
    const std::string mode = c["mode"];
    ::unlink(path.c_str());
    json constructed, files;
    std::string err;
    bool leaked = false;
    {
      CaptureFd2 capture(CaptureFd2::Into::pipe);  // its descriptors made before the limit
      const int low = pyos::test::lowest_free_descriptor();
      LoggedFile logged("nofile", path, mode, true);
      {
        pyos::test::DescriptorLimit limited(static_cast<rlim_t>(low));
        try {
          FileHandler(path, mode, "utf-8").close();
          constructed = {"ok"};
        } catch (const OSError& e) {
          constructed = {std::string(e.type_name()), e.errno_().value_or(0), e.what()};
        }
        files = logged.log_then_close(
            before + after, [&](int i) { if (i == before + 1) limited.lift(); },
            [&](Logger& log, int i) { log.warning("record %d of %s", i, mode); }, state, mode);
      }
      leaked = pyos::test::lowest_free_descriptor() != low;
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(constructed, c["constructed"]) << mode;
    EXPECT_EQ(constructed[1], EMFILE) << mode;
    EXPECT_EQ(files, c["files"]) << mode;
    const std::size_t n = check_reports(err, c["stderr"], mode);
    EXPECT_EQ(n, static_cast<std::size_t>(before)) << mode;  // one per record at the limit
    reports += n;
    EXPECT_EQ(leaked, c["leaked"].get<bool>()) << mode;
  }
  std::printf("[ nofile   ] %zu runs of %d + %d records, %zu handleError reports\n", cases.size(), before, after,
              reports);
}

}  // namespace
}  // namespace pyos::logging::coretest
