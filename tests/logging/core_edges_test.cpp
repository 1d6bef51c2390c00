// Corners of the module found by a differential audit against CPython 3.13: disable() at
// the top of the int range, a disabled logger, reprs of loggers with an empty name, the
// manager of a Logger made directly, filters that change the list while it is walked, and
// asctime after time.tzset(). Each expectation was printed by CPython 3.13.0 running the
// same steps in Python; the script's output is quoted next to the assertions.
#include <gtest/gtest.h>

#include <climits>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "logging/core_support.hpp"
#include "pyos/time.hpp"

namespace pyos::logging::coretest {
namespace {

// CPython 3.13:
//   lg = getLogger('edges.disable'); disable(2**31 - 1)
//   lg.isEnabledFor(50), lg.isEnabledFor(2**31 - 1)   -> False False
//   disable(NOTSET); lg.disabled = True
//   lg.isEnabledFor(2**31 - 1)                         -> False
//   lg.disabled = False
//   lg.isEnabledFor(2**31 - 1), lg.isEnabledFor(-2**31) -> True False
TEST(LoggingCoreEdges, DisableAtTheTopOfTheIntRange) {
  Logger& lg = getLogger("edges.disable");
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  lg.addHandler(h);
  lg.propagate = false;
  disable(INT_MAX);
  EXPECT_FALSE(lg.isEnabledFor(CRITICAL));
  EXPECT_FALSE(lg.isEnabledFor(INT_MAX));
  lg.critical("not written");
  disable(NOTSET);
  lg.disabled = true;
  EXPECT_FALSE(lg.isEnabledFor(INT_MAX));
  lg.log(INT_MAX, "not written either");
  lg.disabled = false;
  EXPECT_TRUE(lg.isEnabledFor(INT_MAX));
  EXPECT_FALSE(lg.isEnabledFor(INT_MIN));
  lg.critical("written");
  EXPECT_EQ(out->getvalue(), "written\n");
  lg.removeHandler(h);
}

// CPython 3.13:
//   e = root.getChild('')          # a Logger named '' (not the root)
//   repr(e), e is getLogger()      -> <Logger  (WARNING)> False
//   free = Logger('')
//   repr(free), repr(LoggerAdapter(free, None)) -> <Logger  (NOTSET)> <LoggerAdapter  (NOTSET)>
//   Logger('free').manager is root.manager      -> True
TEST(LoggingCoreEdges, EmptyNamesAndLoggersMadeDirectly) {
  Logger& e = root().getChild("");
  EXPECT_EQ(e.repr(), "<Logger  (WARNING)>");
  EXPECT_NE(&e, &root());
  Logger free("");
  EXPECT_EQ(free.repr(), "<Logger  (NOTSET)>");
  LoggerAdapter adapter(free);
  EXPECT_EQ(adapter.repr(), "<LoggerAdapter  (NOTSET)>");
  Logger free2("free");
  EXPECT_EQ(free2.manager(), root().manager());
  EXPECT_EQ(adapter.manager(), root().manager());
  // A handler's repr has no such gap (Python's '<%s (%s)>').
  EXPECT_EQ(NullHandler().repr(), "<NullHandler (NOTSET)>");
}

// CPython 3.13 (Filterer.filter walks the live list: `for f in self.filters`):
//   h = StreamHandler(sys.stdout); h.setFormatter(Formatter('f %(message)s'))
//   a removes itself and passes; b passes; c drops the message 'one'
//   h.addFilter(a); h.addFilter(b); h.addFilter(c)
//   warning('one')  -> nothing; filters run: ['a', 'c']
//   warning('two')  -> "f two";  filters run: ['b', 'c']
//   h.filters.clear(); adder adds late and passes; late drops 'add'
//   warning('add')  -> nothing; filters run: ['adder', 'late']
TEST(LoggingCoreEdges, FiltersChangedWhileFiltering) {
  Logger& lg = getLogger("edges.filters");
  lg.propagate = false;
  auto out = std::make_shared<io::StringIO>();
  auto h = std::make_shared<StreamHandler>(out);
  h->setFormatter(std::make_shared<Formatter>("f %(message)s"));
  lg.addHandler(h);
  std::vector<std::string> seen;
  std::shared_ptr<Filter> a;
  a = h->addFilter([&](LogRecord&) {
    seen.push_back("a");
    h->removeFilter(a);
    return true;
  });
  auto b = h->addFilter([&](LogRecord&) {
    seen.push_back("b");
    return true;
  });
  auto c = h->addFilter([&](LogRecord& r) {
    seen.push_back("c");
    return str(r.msg) != "one";
  });
  lg.warning("one");
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "c"}));
  seen.clear();
  lg.warning("two");
  EXPECT_EQ(seen, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(out->getvalue(), "f two\n");

  h->removeFilter(b);
  h->removeFilter(c);
  seen.clear();
  std::shared_ptr<Filter> late;
  auto adder = h->addFilter([&](LogRecord&) {
    seen.push_back("adder");
    late = h->addFilter([&](LogRecord& r) {
      seen.push_back("late");
      return str(r.msg) != "add";
    });
    return true;
  });
  lg.warning("add");
  EXPECT_EQ(seen, (std::vector<std::string>{"adder", "late"}));
  EXPECT_EQ(out->getvalue(), "f two\n");
  lg.removeHandler(h);
}

// CPython 3.13:
//   r = makeLogRecord({'created': 1700000000.5, 'msecs': 500.0}); f = Formatter('%(asctime)s')
//   os.environ['TZ'] = 'UTC0'; time.tzset(); f.format(r)   -> 2023-11-14 22:13:20,500
//   os.environ['TZ'] = 'JST-9'; time.tzset(); f.format(r)  -> 2023-11-15 07:13:20,500
//   os.environ['TZ'] = 'EST+5'; time.tzset(); f.formatTime(r, '%H:%M:%S %Z') -> 17:13:20 EST
// The second format must not come from the asctime cache the first one filled.
TEST(LoggingCoreEdges, AsctimeFollowsTzset) {
  const char* saved = std::getenv("TZ");
  const std::optional<std::string> old_tz = saved ? std::optional<std::string>(saved) : std::nullopt;
  LogRecord r = makeLogRecord(Mapping{{"created", 1700000000.5}, {"msecs", 500.0}});
  Formatter f("%(asctime)s");
  ::setenv("TZ", "UTC0", 1);
  time::tzset();
  EXPECT_EQ(f.format(r), "2023-11-14 22:13:20,500");
  ::setenv("TZ", "JST-9", 1);
  time::tzset();
  EXPECT_EQ(f.format(r), "2023-11-15 07:13:20,500");
  ::setenv("TZ", "EST+5", 1);
  time::tzset();
  EXPECT_EQ(f.formatTime(r, "%H:%M:%S %Z"), "17:13:20 EST");
  if (old_tz) {
    ::setenv("TZ", old_tz->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  time::tzset();
}

}  // namespace
}  // namespace pyos::logging::coretest
