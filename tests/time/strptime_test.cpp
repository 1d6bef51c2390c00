// time.strptime against CPython 3.13's _strptime (golden vectors from
// tools/oracle/gen_time_strptime.py, 15k (string, format) pairs, failures included), the
// cache rebuild after tzset(), thread-safe first use, and linear behaviour on hostile input.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "pyos/time.hpp"
#include "time/strptime.hpp"
#include "time_test_util.hpp"

namespace pyos::time {
namespace {

using test::outcome;
using test::ScopedTz;

std::string text(const nlohmann::json& j) {
  if (j.is_object()) return pyos::test::from_hex(j.at("hex").get<std::string>());
  return j.get<std::string>();
}

nlohmann::json as_json(const detail::StrptimeResult& r) {
  nlohmann::json fields = test::to_json(r.tm);
  fields.push_back(r.tm.tm_zone ? nlohmann::json(*r.tm.tm_zone) : nlohmann::json());
  fields.push_back(r.tm.tm_gmtoff ? nlohmann::json(*r.tm.tm_gmtoff) : nlohmann::json());
  return nlohmann::json::array({fields, r.fraction, r.gmtoff_fraction});
}

// The oracle's record with a hex-encoded zone or message decoded.
nlohmann::json expected(nlohmann::json e) {
  if (e.at(0).is_string()) {
    e[1] = text(e.at(1));
  } else if (!e[0][9].is_null()) {
    e[0][9] = text(e[0][9]);
  }
  return e;
}

TEST(Strptime, MatchesCPythonOnTheGoldenTable) {
  const auto doc = pyos::test::golden("time/strptime.json");
  std::size_t checked = 0;
  for (const auto& zone : pyos::test::golden_cases(doc)) {
    const std::string tz = zone.at("tz");
    SCOPED_TRACE("TZ=" + tz);
    ScopedTz pin(tz);
    ASSERT_EQ(nlohmann::json(tzname()), zone.at("tzname"));
    for (const auto& row : zone.at("rows")) {
      const std::string input = text(row.at(0));
      const bool default_format = row.at(1).is_null();
      const std::string format = default_format ? "" : text(row.at(1));
      const auto got = outcome([&] {
        return as_json(default_format ? detail::strptime_full(input, "%a %b %d %H:%M:%S %Y")
                                      : detail::strptime_full(input, format));
      });
      EXPECT_EQ(got, expected(row.at(2)))
          << "strptime(" << ::testing::PrintToString(input) << ", "
          << (default_format ? std::string("<default>") : ::testing::PrintToString(format)) << ")";
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000U);
}

TEST(Strptime, PublicFunctionReturnsTheStructTime) {
  ScopedTz pin(std::string("UTC"));
  const struct_time t = strptime("Tue Mar  5 14:07:09 2024");
  EXPECT_EQ(t, (struct_time{2024, 3, 5, 14, 7, 9, 1, 65, -1}));
  const struct_time z = strptime("2024-03-05 UTC +0130", "%Y-%m-%d %Z %z");
  EXPECT_EQ(z.tm_zone, std::optional<std::string>("UTC"));
  EXPECT_EQ(z.tm_gmtoff, std::optional<long>(5400));
  EXPECT_EQ(z.tm_isdst, 0);
  EXPECT_RAISES_MSG(strptime("2024", "%Y %Q"), ValueError, "'Q' is a bad directive in format '%Y %Q'");
  EXPECT_RAISES_MSG(strptime("1 1", "%d %d"), PatternError,
                    "redefinition of group name 'd' as group 2; was group 1 at position 48");
  EXPECT_RAISES(strptime("1 1", "%d %d"), pyos::Exception, 0);
}

// CPython's CacheTests.test_TimeRE_recreation_timezone: after tzset(), %Z accepts the new
// zone's names and no longer the old ones.
TEST(Strptime, CacheIsRebuiltWhenTheZoneChanges) {
  ScopedTz pin(std::string("STD-1DST,M4.1.0,M10.1.0"));
  EXPECT_EQ(strptime("STD", "%Z").tm_isdst, 0);
  EXPECT_EQ(strptime("DST", "%Z").tm_isdst, 1);
  ScopedTz::set(std::string("EST+05EDT,M3.2.0,M11.1.0"));
  EXPECT_EQ(strptime("EST", "%Z").tm_isdst, 0);
  EXPECT_EQ(strptime("EDT", "%Z").tm_isdst, 1);
  EXPECT_RAISES_MSG(strptime("STD", "%Z"), ValueError, "time data 'STD' does not match format '%Z'");
  EXPECT_RAISES_MSG(strptime("DST", "%Z"), ValueError, "time data 'DST' does not match format '%Z'");
}

TEST(Strptime, ManyFormatsCycleThroughTheCache) {
  ScopedTz pin(std::string("UTC"));
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20; ++i) {
      const std::string format = "%Y-%m-%d" + std::string(static_cast<std::size_t>(i), '.');
      const std::string input = "2024-03-05" + std::string(static_cast<std::size_t>(i), '.');
      EXPECT_EQ(strptime(input, format).tm_yday, 65);
    }
  }
}

// bpo-7980: the first strptime calls of several threads at once. Run under TSan too.
TEST(Strptime, FirstUseFromManyThreadsIsSafe) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&ok, i] {
      for (int k = 0; k < 200; ++k) {
        const auto t = strptime("2024-03-05 12:00:0" + std::to_string(k % 10) + " UTC",
                                i % 2 == 0 ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M:%S UTC");
        if (t.tm_yday == 65) ok.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8 * 200);
}

// Directives that compete for digits make a backtracking matcher exponential unless failed
// (node, position) pairs are remembered; this input would need ~2^20 steps without that.
TEST(Strptime, HostileInputTakesPolynomialTime) {
  std::string format, input;
  for (const char* d : {"%m", "%d", "%H", "%M", "%S", "%I", "%y", "%j", "%U", "%W", "%w", "%u", "%V"}) {
    format += d;
    input += "1";
  }
  format += "x";
  input += std::string(20, '1');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_RAISES(strptime(input, format), ValueError, 0);
  const auto spent = std::chrono::steady_clock::now() - start;
  EXPECT_LT(spent, std::chrono::seconds(2));

  std::string spaces = "2024" + std::string(200000, ' ') + "x";
  EXPECT_RAISES_MSG(strptime(spaces, "%Y %m"), ValueError,
                    "time data " + pyos::test::run_python(
                                       "import json; print(json.dumps(repr('2024' + ' ' * 200000 + 'x')))")
                                       .get<std::string>() +
                        " does not match format '%Y %m'");
}

}  // namespace
}  // namespace pyos::time

namespace pyos::time {
namespace {

// The fast paths (first path of the search on ASCII input, one-pass simple formats) against
// the general matcher, on every short string over an alphabet that makes the numeric
// directives compete for digits.
TEST(Strptime, FastPathsAgreeWithTheGeneralMatcher) {
  ScopedTz pin(std::string("UTC"));
  const std::string alphabet = "0123569 x:";
  const char* formats[] = {"%m%d", "%H%M", "%d%m%y", "%Y", "%S", "%j", "%I%M", "%d %m", "%H:%M",
                           "%M%S", "%y%m", "%d", "%m", "%j%d", "%Y%m%d", "%H%M%S"};
  std::vector<std::string> inputs{""};
  for (int len = 1; len <= 4; ++len) {
    std::vector<std::string> next;
    for (const auto& s : inputs) {
      if (static_cast<int>(s.size()) != len - 1) continue;
      for (char c : alphabet) next.push_back(s + c);
    }
    inputs.insert(inputs.end(), next.begin(), next.end());
  }
  std::size_t compared = 0;
  for (const char* format : formats) {
    for (const auto& input : inputs) {
      auto run = [&] {
        return outcome([&] {
          const auto r = detail::strptime_full(input, format);
          return as_json(r);
        });
      };
      detail::set_strptime_fast_paths(true);
      const auto fast = run();
      detail::set_strptime_fast_paths(false);
      const auto slow = run();
      detail::set_strptime_fast_paths(true);
      ASSERT_EQ(fast, slow) << "strptime(" << ::testing::PrintToString(input) << ", " << format << ")";
      ++compared;
    }
  }
  EXPECT_GT(compared, 100000U / 10);
}

}  // namespace
}  // namespace pyos::time
