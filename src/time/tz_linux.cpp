// tzset() and the time-zone values it computes (timezone, altzone, daylight, tzname).
#include <time.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

#include "_sys/time_linux.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"

namespace pyos::time {
namespace detail {
namespace {

std::mutex g_mutex;
TzState g_state;
std::atomic<std::uint64_t> g_generation{0};
std::once_flag g_once;

// One probe of CPython's init_timezone: the zone name (cut to 9 bytes) and the offset west
// of UTC at `t`.
struct Probe {
  std::string name;
  long west = 0;
};

Probe probe(std::int64_t t) {
  Probe p;
  struct ::tm tm {};
  // CPython ignores a failure here (the struct keeps whatever it held); an all-zero struct
  // is the closest well-defined equivalent.
  const bool ok = _sys::localtime_r(t, tm).has_value();
  const char* zone = ok && tm.tm_zone != nullptr ? tm.tm_zone : "   ";
  p.name.assign(zone, ::strnlen(zone, 9));
  p.west = ok ? -tm.tm_gmtoff : 0;
  return p;
}

// Call with g_mutex held.
void recompute_locked() {
  _sys::tzset();
  // The zone table is checked against glibc, which changes glibc's tzname[]; the probes
  // below then leave it exactly as CPython's tzset() does.
  rebuild_zone_table();
  // CPython's init_timezone for platforms without a usable C `timezone` (Linux): probe
  // January and July of the current year; the larger offset west is the standard one.
  constexpr std::int64_t kYear = (365 * 24 + 6) * 3600;
  const std::int64_t t = (_sys::time() / kYear) * kYear;
  const Probe jan = probe(t);
  const Probe jul = probe(t + kYear / 2);
  constexpr long kMaxTimezone = 48 * 3600;
  if (jan.west < -kMaxTimezone || jan.west > kMaxTimezone || jul.west < -kMaxTimezone ||
      jul.west > kMaxTimezone) {
    throw RuntimeError("invalid GMT offset");
  }
  TzState s;
  const int janzone = static_cast<int>(jan.west);
  const int julyzone = static_cast<int>(jul.west);
  if (janzone < julyzone) {
    // DST is reversed in the southern hemisphere.
    s.timezone = julyzone;
    s.altzone = janzone;
    s.tzname = {jul.name, jan.name};
  } else {
    s.timezone = janzone;
    s.altzone = julyzone;
    s.tzname = {jan.name, jul.name};
  }
  s.daylight = janzone != julyzone;
  sync_tzname_model();
  s.generation = g_generation.load(std::memory_order_relaxed) + 1;
  g_state = std::move(s);
  g_generation.store(g_state.generation, std::memory_order_release);
}

}  // namespace

void ensure_tz() {
  std::call_once(g_once, [] {
    std::lock_guard lock(g_mutex);
    if (g_state.generation == 0) recompute_locked();
  });
}

TzState tz_snapshot() {
  ensure_tz();
  std::lock_guard lock(g_mutex);
  return g_state;
}

std::uint64_t tz_generation() noexcept { return g_generation.load(std::memory_order_acquire); }

}  // namespace detail

void tzset() {
  std::lock_guard lock(detail::g_mutex);
  detail::recompute_locked();
}

int timezone() { return detail::tz_snapshot().timezone; }
int altzone() { return detail::tz_snapshot().altzone; }
int daylight() { return detail::tz_snapshot().daylight; }
std::array<std::string, 2> tzname() { return detail::tz_snapshot().tzname; }

}  // namespace pyos::time
