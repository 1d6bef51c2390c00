// time.strftime and time.asctime against CPython 3.13 (golden vectors, tools/oracle/
// gen_time_strftime.py), and the _core engine against the C library's own strftime on random
// input (the engine is glibc's strftime re-expressed, so glibc is a second oracle).
#include <time.h>

#include <random>
#include <string>

#include "_core/strftime.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"
#include "time_test_util.hpp"

namespace pyos::time {
namespace {

using test::from_json;
using test::outcome;
using test::ScopedTz;

TEST(Strftime, MatchesCPythonForEveryDirectiveFlagAndZone) {
  const auto doc = pyos::test::golden("time/strftime.json");
  const auto& formats = doc.at("formats");
  std::size_t checked = 0, failed = 0;
  // Replay the oracle's history: glibc's mktime guess (for %s) starts at 0 in a fresh
  // process, and glibc's tzname[] (for %Z of a tuple without a zone) follows the localtime()
  // calls the generator made before formatting.
  detail::reset_mktime_offset();
  for (const auto& table : pyos::test::golden_cases(doc)) {
    const std::string tz = table.at("tz");
    ScopedTz pin(tz);
    for (const auto& t : table.at("localtime_calls")) (void)outcome([&] { return test::to_json(localtime(t.get<std::int64_t>())); });
    for (const auto& row : table.at("rows")) {
      const struct_time t = from_json(row.at("t"), row.at("zone"), row.at("gmtoff"));
      EXPECT_EQ(outcome([&] { return nlohmann::json(asctime(t)); }), row.at("asctime")) << t;
      for (const auto& out : row.at("out")) {
        const std::string format = formats.at(out.at(0).get<std::size_t>());
        const auto got = outcome([&] { return nlohmann::json(strftime(format, t)); });
        ++checked;
        if (got == out.at(1)) continue;
        // Report the first few mismatches in full, then only count them.
        if (++failed <= 25) {
          ADD_FAILURE() << "TZ=" << tz << " " << t << "\n  strftime(" << ::testing::PrintToString(format)
                        << ")\n  got      " << got.dump() << "\n  expected " << out.at(1).dump();
        }
      }
    }
  }
  EXPECT_EQ(failed, 0U) << "of " << checked;
  EXPECT_GT(checked, 30000U);
}

TEST(Strftime, ZoneValuesMatchTheOracle) {
  const auto doc = pyos::test::golden("time/strftime.json");
  for (const auto& table : pyos::test::golden_cases(doc)) {
    const std::string tz = table.at("tz");
    SCOPED_TRACE("TZ=" + tz);
    ScopedTz pin(tz);
    EXPECT_EQ(timezone(), table.at("timezone").get<int>());
    EXPECT_EQ(altzone(), table.at("altzone").get<int>());
    EXPECT_EQ(daylight(), table.at("daylight").get<int>());
    EXPECT_EQ(nlohmann::json(tzname()), table.at("tzname"));
  }
}

TEST(Strftime, ArgumentChecksMatchCPython) {
  const auto doc = pyos::test::golden("time/strftime.json");
  ScopedTz pin(std::string("UTC"));
  for (const auto& c : doc.at("errors")) {
    const struct_time t = from_json(c.at("t"));
    SCOPED_TRACE(::testing::PrintToString(t));
    const std::string format = c.at("format");
    EXPECT_EQ(outcome([&] { return nlohmann::json(strftime(format, t)); }), c.at("strftime"));
    EXPECT_EQ(outcome([&] { return nlohmann::json(asctime(t)); }), c.at("asctime"));
  }
  for (const auto& c : doc.at("nul")) {
    struct_time t{2024, 1, 1, 0, 0, 0, 0, 1, 0};
    if (!c.at("zone").is_null()) {
      t.tm_zone = c.at("zone").get<std::string>();
      t.tm_gmtoff = 0;
    }
    const std::string format = c.at("format");
    EXPECT_EQ(outcome([&] { return nlohmann::json(strftime(format, t)); }), c.at("strftime"));
  }
}

TEST(Strftime, WithoutATupleUsesLocaltimeNow) {
  ScopedTz pin(std::string("Europe/Berlin"));
  // The two calls may straddle a second; retry until they agree.
  for (int i = 0; i < 5; ++i) {
    const std::string a = strftime("%Y-%m-%d %H:%M:%S %Z %z");
    const std::string b = strftime("%Y-%m-%d %H:%M:%S %Z %z", localtime());
    if (a == b) return;
  }
  ADD_FAILURE() << "strftime(format) never agreed with strftime(format, localtime())";
}

// The engine against glibc's strftime for random struct tm values and formats built from
// every conversion, flag, width and modifier. glibc's narrow strftime and the wide one CPython
// uses share their code; the golden table covers the wide one.
TEST(StrftimeEngine, AgreesWithGlibcOnRandomInput) {
  ScopedTz pin(std::string("America/New_York"));
  std::mt19937 rng(20240305);
  const std::string conversions = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+qQ:";
  const std::string flags[] = {"", "", "", "-", "_", "0", "^", "#", "^#", "0_"};
  const std::string widths[] = {"", "", "", "1", "2", "5", "12", "30"};
  const std::string modifiers[] = {"", "", "", "", "E", "O"};
  auto pick = [&](auto& v) -> const auto& { return v[rng() % std::size(v)]; };
  std::uniform_int_distribution<int> year(-3000, 12000), mon(0, 11), mday(1, 31), hour(0, 23),
      minute(0, 59), sec(0, 61), wday(0, 6), yday(0, 365), isdst(-1, 1), gmtoff(-50000, 50000);
  const char* zones[] = {"EST", "EDT", "", "ABCD"};
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string format;
    const int parts = 1 + static_cast<int>(rng() % 4);
    for (int p = 0; p < parts; ++p) {
      if (rng() % 3 == 0) format += "x-";
      format += "%" + pick(flags) + pick(widths) + pick(modifiers) + conversions[rng() % conversions.size()];
    }
    if (rng() % 20 == 0) format += "%";
    struct ::tm tm {};
    tm.tm_year = year(rng) - 1900;
    tm.tm_mon = mon(rng);
    tm.tm_mday = mday(rng);
    tm.tm_hour = hour(rng);
    tm.tm_min = minute(rng);
    tm.tm_sec = sec(rng);
    tm.tm_wday = wday(rng);
    tm.tm_yday = yday(rng);
    tm.tm_isdst = isdst(rng);
    tm.tm_gmtoff = gmtoff(rng);
    const char* zone = zones[rng() % std::size(zones)];
    tm.tm_zone = zone;
    // %s runs mktime, whose answer for an ambiguous time depends on earlier calls; skip it.
    if (format.find('s') != std::string::npos) continue;

    char expected[4096];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    const std::size_t n = ::strftime(expected, sizeof expected, format.c_str(), &tm);
#pragma GCC diagnostic pop

    _core::StrftimeTm mine;
    mine.tm_sec = tm.tm_sec;
    mine.tm_min = tm.tm_min;
    mine.tm_hour = tm.tm_hour;
    mine.tm_mday = tm.tm_mday;
    mine.tm_mon = tm.tm_mon;
    mine.tm_year = tm.tm_year;
    mine.tm_wday = tm.tm_wday;
    mine.tm_yday = tm.tm_yday;
    mine.tm_isdst = tm.tm_isdst;
    mine.tm_gmtoff = tm.tm_gmtoff;
    mine.has_zone = true;
    mine.tm_zone = zone;
    _core::StrftimeEnv env;
    env.tzname[0] = ::tzname[0];
    env.tzname[1] = ::tzname[1];
    std::string got;
    const bool ok = _core::strftime(got, format, mine, env, sizeof expected);
    if (n == 0) {
      // glibc reports an empty expansion and one that does not fit alike.
      EXPECT_TRUE(!ok || got.empty()) << format;
    } else {
      ASSERT_TRUE(ok) << format;
      ASSERT_EQ(got, std::string(expected, n)) << "format " << format << " year " << tm.tm_year + 1900;
    }
  }
}

TEST(StrftimeEngine, BufferOverloadReportsWhatDoesNotFit) {
  _core::StrftimeTm tm;
  tm.tm_year = 124;
  tm.tm_mon = 2;
  tm.tm_mday = 5;
  char buf[10];
  EXPECT_EQ(_core::strftime(buf, sizeof buf, "%Y-%m-%d", tm), 10U);
  EXPECT_EQ(std::string(buf, 10), "2024-03-05");
  EXPECT_EQ(_core::strftime(buf, 9, "%Y-%m-%d", tm), std::string_view::npos);
  std::string big;
  EXPECT_TRUE(_core::strftime(big, "%5000Y", tm, {}, 6000));
  EXPECT_EQ(big.size(), 5000U);
  EXPECT_EQ(big.substr(4996), "2024");
  std::string none = "keep";
  EXPECT_FALSE(_core::strftime(none, "%5000Y", tm, {}, 5000));
  EXPECT_EQ(none, "keep");
}

}  // namespace
}  // namespace pyos::time
