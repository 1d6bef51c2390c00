// A FileHandler while write(2) fails, against CPython under the same faults (CPython's write(2)
// interposed by tests/io/binary/write_fault_preload.cpp, pyos's through its _sys fault seam):
// for each k, the k-th write(2) of a clean run (one per record, then none at close) fails once
// with EIO, ENOSPC or EAGAIN, is interrupted (EINTR once or three times: retried), or
// transfers 3 bytes (the write loop goes on). No logging call may throw; the file after each
// record, and the handleError reports on stderr (cut to what both print: the exception,
// Message and Arguments lines), must be CPython's. The faults are transient: a persistent one
// would also fail pyos's report on fd 2, which the seam does not tell from the file's writes.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "logging/core_support.hpp"
#include "support/write_fault.hpp"

namespace pyos::logging::coretest {
namespace {

TEST(LoggingCoreFaults, FileHandlerUnderWriteFaultsAsCPython) {
  pyos::test::TempDir dir;
  const std::string path = dir / "faults.log";
  const json want = pyos::test::run_python_with_write_faults(PYOS_WRITE_FAULT_PRELOAD, R"(
import io, logging
path = sys.argv[1]
RECORDS = 8
FAULTS = [[5, 1, -1], [28, 1, -1], [11, 1, -1], [4, 1, -1], [4, 3, -1], [0, 1, 3]]

def run(fault):
    if os.path.exists(path):
        os.unlink(path)
    log = logging.Logger("faults")
    h = logging.FileHandler(path, "w", encoding="utf-8")
    h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(h)
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
    Logger log("faults");  // outside the hierarchy, as logging.Logger("faults") in CPython
    auto h = std::make_shared<FileHandler>(path, "w", "utf-8");
    h->setFormatter(std::make_shared<Formatter>("%(levelname)s %(message)s"));
    log.addHandler(h);
    json files = json::array();
    std::string err;
    {
      CaptureFd2 capture;
      _sys::fault::Injector inject;
      inject.add(pyos::test::write_fault(fault));
      for (int i = 1; i <= records; ++i) {
        try {
          log.warning("record %d of %s", i, "the run");
        } catch (...) {
          ADD_FAILURE() << label << ": record " << i << " threw into the caller";
        }
        files.push_back(pyos::test::file_state(path));
      }
      h->close();
      files.push_back(pyos::test::file_state(path));
      capture.restore();
      err = capture.text();
    }
    EXPECT_EQ(files, c["files"]) << label;
    EXPECT_EQ(reports_compared(err), reports_compared(c["stderr"].get<std::string>())) << label << "\n" << err;
    for (std::size_t at = err.find("--- Logging error ---"); at != std::string::npos;
         at = err.find("--- Logging error ---", at + 1)) {
      ++reports;
    }
  }
  // Most faults make a report (not the interrupted or short writes, which are retried).
  EXPECT_GT(reports, cases.size() / 3);
  std::printf("[ faults   ] %zu runs of %d records, %zu handleError reports\n", cases.size(), records, reports);
}

}  // namespace
}  // namespace pyos::logging::coretest
