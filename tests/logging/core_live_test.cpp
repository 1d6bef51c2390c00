// A live comparison with CPython 3.13: the same script of logging calls, written once in C++
// (below) and once in Python (kScript), each writing into its own directory, must produce
// byte-identical log files. Several loggers and handlers, FileHandler modes 'w' and 'a',
// delay=True, utf-8 and latin-1 with errors='backslashreplace' and 'replace', non-ASCII
// text, levels, propagation, %-arguments (a tuple and a single mapping), the three styles,
// and timestamps pinned by a fixed converter or by a filter that sets created/msecs. No
// path, line, thread or process fields (they differ between the two programs by nature).
// Without the pinned CPython the test is reported as skipped (tests/support).
//
// DirectRouteSameLogFilesAsCPython does the same for loggers that each have one plain
// handler, whose records take the direct route (logging/direct.hpp): it checks that they did.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "logging/core_support.hpp"
#include "pyos/io/open.hpp"

namespace pyos::logging::coretest {
namespace {

// The end of both scripts: each file of the directory, its bytes in hex, as JSON.
constexpr std::string_view kPrintFiles = R"PY(
out = {}
for name in sorted(os.listdir(d)):
    with open(p(name), "rb") as f:
        out[name] = f.read().hex()
print(json.dumps(out))
)PY";

constexpr std::string_view kScript = R"PY(
import json, logging, os, sys, time
d = sys.argv[1]
p = lambda name: os.path.join(d, name)
with open(p("pre.log"), "w", encoding="utf-8") as f:
    f.write("existing line\n")

root = logging.getLogger()
root.setLevel(logging.DEBUG)

f_all = logging.Formatter("%(asctime)s|%(name)s|%(levelname)-8s|%(message)s", datefmt="%Y-%m-%d %H:%M:%S")
f_all.converter = lambda secs: time.gmtime(0)
h_all = logging.FileHandler(p("all.log"), mode="w", encoding="utf-8")
h_all.setFormatter(f_all)
root.addHandler(h_all)

h_err = logging.FileHandler(p("errors.log"), mode="a", encoding="latin-1", errors="backslashreplace", delay=True)
h_err.setLevel(logging.ERROR)
h_err.setFormatter(logging.Formatter("{levelname}:{name}:{message}", style="{"))
root.addHandler(h_err)

app = logging.getLogger("app")
app.setLevel(logging.INFO)
h_app = logging.FileHandler(p("app.log"), "w", encoding="latin-1", errors="replace")
h_app.setFormatter(logging.Formatter("${name} ${levelno} $message", style="$"))
app.addHandler(h_app)

def pin(record):
    record.created = 1234567890.5
    record.msecs = 500.0
    return True
f_pin = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
f_pin.converter = time.gmtime
h_pin = logging.FileHandler(p("pinned.log"), "w", encoding="utf-8")
h_pin.addFilter(pin)
h_pin.setFormatter(f_pin)
db = logging.getLogger("app.db")
db.addHandler(h_pin)

h_never = logging.FileHandler(p("never.log"), delay=True)
h_never.setLevel(logging.CRITICAL)  # never reached: the file is never created
logging.getLogger("silent").addHandler(h_never)

h_pre = logging.FileHandler(p("pre.log"), encoding="utf-8")
h_pre.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
quiet = logging.getLogger("app.quiet")
quiet.propagate = False
quiet.addHandler(h_pre)

h_w = logging.FileHandler(p("wclosed.log"), "w", encoding="utf-8")
wl = logging.getLogger("wclosed")
wl.propagate = False
wl.addHandler(h_w)
wl.warning("before close")
h_w.close()
wl.warning("after close: mode 'w' is not reopened")

bl = logging.getLogger("bytes")
bl.propagate = False
h_b1 = logging.FileHandler(p("bytes-bsr.log"), "w", encoding="latin-1", errors="backslashreplace")
h_b2 = logging.FileHandler(p("bytes-replace.log"), "w", encoding="utf-8", errors="replace")
bl.addHandler(h_b1)
bl.addHandler(h_b2)
bl.warning("undecodable \udcff byte %s", "and \udc80 arg \u00e9")

app.debug("hidden %s", "x")
app.info("start %s %d", "x", 5)
app.warning("caf\u00e9 \u20ac %s", "\U0001f600")
db.error("%(user)s failed %(n)03d times", {"user": "ann", "n": 7})
db.critical("100%% bad %r", "q'uote")
db.info("%-6s|%6.2f|%x|%c", "ab", 3.14159, 255, 65)
logging.getLogger("other").warning("other %.2f", 3.14159)
root.error("root error \u00e9")
quiet.warning("quiet \u00e9")
quiet.error("quiet error")
logging.getLogger("app.db.deep").info("deep %s %s", None, True)
logging.getLogger("silent").info("only to root handlers")
app.setLevel(logging.ERROR)
db.warning("dropped by app's level")
db.setLevel(logging.DEBUG)
db.debug("db debug \u65e5\u672c")
h_err.close()
db.error("reopened after close")
logging.shutdown()

)PY";

// Each file of directory `d`: its name and its bytes in hex, as the scripts print them.
json files_in(const std::string& d) {
  json out = json::object();
  for (const auto& entry : std::filesystem::directory_iterator(d)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    out[entry.path().filename().string()] = hex(s.str());
  }
  return out;
}

// CPython's files (`expected`, named `names` in order) and pyos's (`got`) must be the same
// files with the same bytes.
void expect_same_files(const json& expected, const json& got, const std::vector<std::string>& names) {
  std::vector<std::string> have_names;
  for (const auto& [name, bytes] : expected.items()) have_names.push_back(name);
  EXPECT_EQ(have_names, names);
  for (const auto& [name, bytes] : expected.items()) {
    ASSERT_TRUE(got.contains(name)) << "pyos did not write " << name;
    const std::string want = pyos::test::from_hex(bytes.get<std::string>());
    const std::string have = pyos::test::from_hex(got.at(name).get<std::string>());
    EXPECT_EQ(have, want) << "file " << name << " differs";
  }
  for (const auto& [name, bytes] : got.items()) {
    EXPECT_TRUE(expected.contains(name)) << "pyos wrote " << name << ", CPython did not";
  }
}

time::struct_time epoch_converter(double) { return time::gmtime(0); }

json run_cpp(const std::string& d) {
  auto p = [&](const char* name) { return d + "/" + name; };
  std::ofstream(p("pre.log"), std::ios::binary) << "existing line\n";

  Logger& rt = getLogger();
  rt.setLevel(DEBUG);

  auto f_all = std::make_shared<Formatter>("%(asctime)s|%(name)s|%(levelname)-8s|%(message)s", "%Y-%m-%d %H:%M:%S");
  f_all->converter = &epoch_converter;
  auto h_all = std::make_shared<FileHandler>(p("all.log"), "w", "utf-8");
  h_all->setFormatter(f_all);
  rt.addHandler(h_all);

  auto h_err = std::make_shared<FileHandler>(p("errors.log"), "a", "latin-1", true, "backslashreplace");
  h_err->setLevel(ERROR);
  h_err->setFormatter(std::make_shared<Formatter>("{levelname}:{name}:{message}", std::nullopt, '{'));
  rt.addHandler(h_err);

  Logger& app = getLogger("app");
  app.setLevel(INFO);
  auto h_app = std::make_shared<FileHandler>(p("app.log"), "w", "latin-1", false, "replace");
  h_app->setFormatter(std::make_shared<Formatter>("${name} ${levelno} $message", std::nullopt, '$'));
  app.addHandler(h_app);

  auto f_pin = std::make_shared<Formatter>("%(asctime)s %(levelname)s %(message)s");
  f_pin->converter = &Formatter::gmtime;
  auto h_pin = std::make_shared<FileHandler>(p("pinned.log"), "w", "utf-8");
  h_pin->addFilter([](LogRecord& r) {
    r.created = 1234567890.5;
    r.msecs = 500.0;
    return true;
  });
  h_pin->setFormatter(f_pin);
  Logger& db = getLogger("app.db");
  db.addHandler(h_pin);

  auto h_never = std::make_shared<FileHandler>(p("never.log"), "a", std::nullopt, true);
  h_never->setLevel(CRITICAL);
  getLogger("silent").addHandler(h_never);

  auto h_pre = std::make_shared<FileHandler>(p("pre.log"), "a", "utf-8");
  h_pre->setFormatter(std::make_shared<Formatter>("%(levelname)s %(message)s"));
  Logger& quiet = getLogger("app.quiet");
  quiet.propagate = false;
  quiet.addHandler(h_pre);

  // A 'w' FileHandler is not reopened after close().
  auto h_w = std::make_shared<FileHandler>(p("wclosed.log"), "w", "utf-8");
  Logger& wl = getLogger("wclosed");
  wl.propagate = false;
  wl.addHandler(h_w);
  wl.warning("before close");
  h_w->close();
  wl.warning("after close: mode 'w' is not reopened");

  // Undecodable bytes in a std::string are Python's lone surrogates (surrogateescape):
  // "\xff" in C++ is "\udcff" in Python.
  Logger& bl = getLogger("bytes");
  bl.propagate = false;
  bl.addHandler(std::make_shared<FileHandler>(p("bytes-bsr.log"), "w", "latin-1", false, "backslashreplace"));
  bl.addHandler(std::make_shared<FileHandler>(p("bytes-replace.log"), "w", "utf-8", false, "replace"));
  bl.warning("undecodable \xff byte %s", "and \x80 arg \u00e9");

  app.debug("hidden %s", "x");
  app.info("start %s %d", "x", 5);
  app.warning("caf\u00e9 \u20ac %s", "\U0001f600");
  db.error("%(user)s failed %(n)03d times", Mapping{{"user", "ann"}, {"n", 7}});
  db.critical("100%% bad %r", "q'uote");
  db.info("%-6s|%6.2f|%x|%c", "ab", 3.14159, 255, 65);
  getLogger("other").warning("other %.2f", 3.14159);
  rt.error("root error \u00e9");
  quiet.warning("quiet \u00e9");
  quiet.error("quiet error");
  getLogger("app.db.deep").info("deep %s %s", nullptr, true);
  getLogger("silent").info("only to root handlers");
  app.setLevel(ERROR);
  db.warning("dropped by app's level");
  db.setLevel(DEBUG);
  db.debug("db debug \u65e5\u672c");
  h_err->close();
  db.error("reopened after close");
  shutdown();

  return files_in(d);
}

TEST(LoggingCoreLive, SameLogFilesAsCPython) {
  pyos::test::TempDir py_dir, cpp_dir;
  const json expected = pyos::test::run_python(std::string(kScript).append(kPrintFiles), {py_dir.path().string()});
  const json got = run_cpp(cpp_dir.path().string());
  // never.log: delay=True and no record reached it, so neither side creates it.
  expect_same_files(expected, got,
                    {"all.log", "app.log", "bytes-bsr.log", "bytes-replace.log", "errors.log", "pinned.log", "pre.log",
                     "wclosed.log"});
}

// Loggers with one plain handler each (a FileHandler or a StreamHandler, an exact Formatter,
// no filters): the records of these calls take the direct route in pyos.
constexpr std::string_view kDirectScript = R"PY(
import json, logging, os, sys, time
d = sys.argv[1]
p = lambda name: os.path.join(d, name)

def plain(name, handler, fmt=None, datefmt=None, converter=None):
    lg = logging.getLogger(name)
    lg.propagate = False
    lg.setLevel(logging.DEBUG)
    if fmt is not None:
        f = logging.Formatter(fmt, datefmt)
        if converter:
            f.converter = converter
        handler.setFormatter(f)
    lg.addHandler(handler)
    return lg

year_one = lambda secs: time.gmtime(86400 * 365)
loggers = [
    plain("direct.utf8", logging.FileHandler(p("utf8.log"), "w", encoding="utf-8"),
          "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S", year_one),
    plain("direct.latin1", logging.FileHandler(p("latin1.log"), "w", encoding="latin-1", errors="backslashreplace"),
          "%(levelname)-8s|%(levelno)d|%(name)s|%(message)s"),
    plain("direct.default", logging.FileHandler(p("default.log"), "a", encoding="utf-8")),
]
stream = open(p("stream.log"), "w", encoding="utf-8", newline="")
sh = logging.StreamHandler(stream)
sh.terminator = "\r\n"
sh.setFormatter(logging.Formatter("{name} {levelname} {message}", style="{"))
loggers.append(plain("direct.stream", sh))

for lg in loggers:
    lg.info("Logging int: %d, int: %d, double: %f", 7, 8, 3.14)
    lg.warning("extremes %d %i %u", -9223372036854775808, 9223372036854775807, 18446744073709551615)
    lg.error("floats %f %.3f %.0f %.1f %f", -0.5, 2.0005, 2.5, 0.25, 1e15)
    lg.debug("text %s and %s, caf\u00e9", "na\u00efve", "\U0001f600")
    lg.critical("no arguments, so 100%% stays")
    lg.info("%s|%s|%5d|%-4s|", 12345, -1, 42, "ab")
    lg.warning("%x %r", 255, "q'uote")
stream.close()
logging.shutdown()

)PY";

time::struct_time year_one(double) { return time::gmtime(86400.0 * 365); }

Logger& plain_logger(const char* name, const std::shared_ptr<Handler>& handler,
                     std::shared_ptr<Formatter> formatter = nullptr) {
  Logger& lg = getLogger(name);
  lg.propagate = false;
  lg.setLevel(DEBUG);
  if (formatter) handler->setFormatter(std::move(formatter));
  lg.addHandler(handler);
  return lg;
}

json run_cpp_direct(const std::string& d, std::uint64_t& direct_records) {
  auto p = [&](const char* name) { return d + "/" + name; };
  auto f_utf8 = std::make_shared<Formatter>("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S");
  f_utf8->converter = &year_one;
  std::vector<Logger*> loggers = {
      &plain_logger("direct.utf8", std::make_shared<FileHandler>(p("utf8.log"), "w", "utf-8"), f_utf8),
      &plain_logger("direct.latin1", std::make_shared<FileHandler>(p("latin1.log"), "w", "latin-1", false, "backslashreplace"),
                    std::make_shared<Formatter>("%(levelname)-8s|%(levelno)d|%(name)s|%(message)s")),
      &plain_logger("direct.default", std::make_shared<FileHandler>(p("default.log"), "a", "utf-8")),
  };
  auto stream = io::open(p("stream.log"), "w", {.encoding = "utf-8", .newline = ""});
  auto sh = std::make_shared<StreamHandler>(stream);
  sh->terminator = "\r\n";
  loggers.push_back(
      &plain_logger("direct.stream", sh, std::make_shared<Formatter>("{name} {levelname} {message}", std::nullopt, '{')));

  const DirectRecords direct;
  for (Logger* lg : loggers) {
    lg->info("Logging int: %d, int: %d, double: %f", 7, 8, 3.14);
    lg->warning("extremes %d %i %u", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                std::numeric_limits<std::uint64_t>::max());
    lg->error("floats %f %.3f %.0f %.1f %f", -0.5, 2.0005, 2.5, 0.25, 1e15);
    lg->debug("text %s and %s, caf\u00e9", "na\u00efve", "\U0001f600");
    lg->critical("no arguments, so 100%% stays");
    lg->info("%s|%s|%5d|%-4s|", 12345, -1, 42, "ab");
    lg->warning("%x %r", 255, "q'uote");
  }
  direct_records = direct.since();
  stream->close();
  shutdown();

  return files_in(d);
}

TEST(LoggingCoreLive, DirectRouteSameLogFilesAsCPython) {
  pyos::test::TempDir py_dir, cpp_dir;
  const json expected = pyos::test::run_python(std::string(kDirectScript).append(kPrintFiles), {py_dir.path().string()});
  std::uint64_t direct_records = 0;
  const json got = run_cpp_direct(cpp_dir.path().string(), direct_records);
  // Every one of the 4 x 7 calls went the direct route (none fell back to the general one).
  EXPECT_EQ(direct_records, 28u);
  expect_same_files(expected, got, {"default.log", "latin1.log", "stream.log", "utf8.log"});
}

}  // namespace
}  // namespace pyos::logging::coretest
