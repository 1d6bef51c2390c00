// Helpers shared by the time tests: pinning TZ as the oracle did, building struct_time from
// golden JSON, and comparing a call with the oracle's result or exception.
#pragma once

#include <stdlib.h>

#include <functional>
#include <optional>
#include <string>

#include "pyos/time.hpp"
#include "support/pyos_test.hpp"

namespace pyos::time::test {

// Sets TZ (or unsets it with nullopt) and runs tzset(), as the oracle scripts do with
// os.environ['TZ'] = ...; time.tzset(). Restores the previous TZ when destroyed.
class ScopedTz {
 public:
  explicit ScopedTz(const std::optional<std::string>& tz) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    set(tz);
  }
  ~ScopedTz() { set(saved_); }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

  static void set(const std::optional<std::string>& tz) {
    if (tz) {
      ::setenv("TZ", tz->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    pyos::time::tzset();
  }

 private:
  std::optional<std::string> saved_;
};

inline struct_time from_json(const nlohmann::json& fields, const nlohmann::json& zone = nullptr,
                             const nlohmann::json& gmtoff = nullptr) {
  struct_time t;
  t.tm_year = fields.at(0).get<int>();
  t.tm_mon = fields.at(1).get<int>();
  t.tm_mday = fields.at(2).get<int>();
  t.tm_hour = fields.at(3).get<int>();
  t.tm_min = fields.at(4).get<int>();
  t.tm_sec = fields.at(5).get<int>();
  t.tm_wday = fields.at(6).get<int>();
  t.tm_yday = fields.at(7).get<int>();
  t.tm_isdst = fields.at(8).get<int>();
  if (!zone.is_null()) t.tm_zone = zone.get<std::string>();
  if (!gmtoff.is_null()) t.tm_gmtoff = gmtoff.get<long>();
  return t;
}

inline nlohmann::json to_json(const struct_time& t) {
  return nlohmann::json::array({t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                                t.tm_wday, t.tm_yday, t.tm_isdst});
}

// Runs `fn` and returns what the oracle would have recorded: its value as JSON, or
// [exception class, message].
template <class Fn>
nlohmann::json outcome(Fn fn) {
  try {
    return fn();
  } catch (const BaseException& e) {
    return nlohmann::json::array({std::string(e.type_name()), std::string(e.what())});
  }
}

}  // namespace pyos::time::test
