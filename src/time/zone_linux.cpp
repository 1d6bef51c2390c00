// Local time without glibc's per-call work: the transition table of the TZif file glibc uses
// for TZ, read once per tzset() and checked against glibc before it is trusted.
//
// glibc's localtime_r takes a lock and, for every call, searches the file's transitions and
// recomputes tzname[] (string compares and copies), which makes it ~40 ns. Between two
// transitions the answer is the same offset, DST flag and name, so pyos looks the interval up
// in the same table and does the arithmetic itself (~10 ns). The table is only used where
// glibc uses it the same way: between the first and the last transition of the file, before
// the first one, and always for a file without transitions; never for files with leap
// seconds, nor beyond the last transition (where glibc applies the file's POSIX rule), nor for
// TZ values that are POSIX rules rather than files. There glibc's localtime_r is called.
//
// Before a table is published, every interval is converted by glibc at both ends and compared
// field by field, including the tzname[] glibc leaves behind; any difference and the table is
// not used. glibc's tzname[] is observable (strftime's %Z of a tuple without a zone prints it,
// and CPython shows that), so the names glibc would have set are tracked here for every
// conversion, fast or not.
//
// Tables are never freed (readers on other threads hold plain pointers); one table per
// distinct file content is kept and reused, so memory is bounded by the zones a process uses.
#include <fcntl.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "_sys/fd.hpp"
#include "_sys/time_linux.hpp"
#include "time/time_internal.hpp"

namespace pyos::time::detail {
namespace {

struct Type {
  long utoff = 0;
  int isdst = 0;
  const char* name = "";  // into ZoneTable::names
};

struct ZoneTable {
  std::string path;
  std::string bytes;  // the file, to recognise it again
  std::unique_ptr<char[]> names;
  std::vector<std::int64_t> transitions;
  std::vector<std::uint8_t> type_of;  // per transition
  std::vector<Type> types;
  // The type glibc uses before the first transition (or always, without transitions), and
  // the tzname[] it leaves then.
  std::size_t before_type = 0;
  std::array<const char*, 2> before_tzname{};
  // tzname[] after converting a time in [transitions[i-1], transitions[i]), index i.
  std::vector<std::array<const char*, 2>> tzname_in;
};

std::atomic<const ZoneTable*> g_table{nullptr};
std::atomic<const char*> g_tzname0{nullptr};
std::atomic<const char*> g_tzname1{nullptr};
std::mutex g_tables_mutex;
std::vector<std::unique_ptr<ZoneTable>> g_tables;  // every table ever built, never freed

std::int64_t be(const unsigned char* p, int n) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

std::optional<std::string> read_file(const std::string& path) {
  auto fd = _sys::open(path.c_str(), O_RDONLY);
  if (!fd) return std::nullopt;
  std::string out;
  char buf[4096];
  for (;;) {
    auto n = _sys::read(*fd, std::as_writable_bytes(std::span(buf)));
    if (!n) {
      (void)_sys::close(*fd);
      return std::nullopt;
    }
    if (*n == 0) break;
    out.append(buf, *n);
    if (out.size() > (1U << 20)) {  // no real zone file is this large
      (void)_sys::close(*fd);
      return std::nullopt;
    }
  }
  (void)_sys::close(*fd);
  return out;
}

// The file glibc's tzset() reads for this environment (tzset_internal / __tzfile_read).
std::string zone_path(const _sys::TzEnvironment& env) {
  if (!env.tz) return "/etc/localtime";
  std::string tz = env.tz->empty() ? std::string("Universal") : *env.tz;
  if (!tz.empty() && tz[0] == ':') tz.erase(0, 1);
  if (tz.empty()) return {};  // glibc: UTC without a file
  if (tz[0] == '/') return tz;
  const std::string dir = env.tzdir && !env.tzdir->empty() ? *env.tzdir : "/usr/share/zoneinfo";
  return dir + "/" + tz;
}

// TZif version 2+ (RFC 8536), its 64-bit block. nullptr when not usable here.
std::unique_ptr<ZoneTable> parse(std::string path, std::string bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  auto header = [&](std::size_t at, std::int64_t counts[6]) {
    if (at + 44 > size || std::memcmp(p + at, "TZif", 4) != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = be(p + at + 20 + 4 * i, 4);
    for (int i = 0; i < 6; ++i) {
      if (counts[i] < 0 || counts[i] > 100000) return false;
    }
    return true;
  };
  std::int64_t c1[6];
  if (!header(0, c1) || p[4] < '2') return nullptr;
  // Skip the 32-bit block: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  const std::size_t v1 = static_cast<std::size_t>(c1[3] * 5 + c1[4] * 6 + c1[5] + c1[2] * 8 + c1[1] + c1[0]);
  const std::size_t at = 44 + v1;
  std::int64_t c[6];
  if (!header(at, c)) return nullptr;
  const auto isutcnt = static_cast<std::size_t>(c[0]), isstdcnt = static_cast<std::size_t>(c[1]),
             leapcnt = static_cast<std::size_t>(c[2]), timecnt = static_cast<std::size_t>(c[3]),
             typecnt = static_cast<std::size_t>(c[4]), charcnt = static_cast<std::size_t>(c[5]);
  if (leapcnt != 0 || typecnt == 0 || typecnt > 255 || charcnt == 0) return nullptr;
  const std::size_t need = timecnt * 9 + typecnt * 6 + charcnt + leapcnt * 12 + isstdcnt + isutcnt;
  if (at + 44 + need > size) return nullptr;
  auto z = std::make_unique<ZoneTable>();
  const unsigned char* q = p + at + 44;
  for (std::size_t i = 0; i < timecnt; ++i) z->transitions.push_back(be(q + 8 * i, 8));
  q += 8 * timecnt;
  for (std::size_t i = 0; i < timecnt; ++i) {
    if (q[i] >= typecnt) return nullptr;
    z->type_of.push_back(q[i]);
  }
  q += timecnt;
  const unsigned char* types = q;
  q += 6 * typecnt;
  z->names = std::make_unique<char[]>(charcnt + 1);
  std::memcpy(z->names.get(), q, charcnt);
  z->names[charcnt] = '\0';
  for (std::size_t i = 0; i < typecnt; ++i) {
    const unsigned char* t = types + 6 * i;
    if (t[5] >= charcnt || t[4] > 1) return nullptr;
    z->types.push_back({static_cast<long>(be(t, 4)), t[4], z->names.get() + t[5]});
  }
  if (!std::is_sorted(z->transitions.begin(), z->transitions.end())) return nullptr;

  // glibc's __tzfile_compute, its tzname[] side effect, per interval.
  auto finish = [](std::array<const char*, 2>& n) {
    if (n[1] == nullptr) n[1] = n[0];
  };
  {
    std::array<const char*, 2> n{};
    std::size_t i = 0;
    while (i < typecnt && z->types[i].isdst) {
      if (n[1] == nullptr) n[1] = z->types[i].name;
      ++i;
    }
    if (i == typecnt) i = 0;
    n[0] = z->types[i].name;
    if (n[1] == nullptr) {
      for (std::size_t j = i; j < typecnt; ++j) {
        if (z->types[j].isdst) {
          n[1] = z->types[j].name;
          break;
        }
      }
    }
    finish(n);
    z->before_type = i;
    z->before_tzname = n;
  }
  z->tzname_in.resize(timecnt);
  for (std::size_t i = 1; i < timecnt; ++i) {
    std::array<const char*, 2> n{};
    const Type& cur = z->types[z->type_of[i - 1]];
    n[static_cast<std::size_t>(cur.isdst)] = cur.name;
    for (std::size_t j = i; j < timecnt; ++j) {
      const Type& t = z->types[z->type_of[j]];
      const auto dst = static_cast<std::size_t>(t.isdst);
      if (n[dst] == nullptr) {
        n[dst] = t.name;
        if (n[1 - dst] != nullptr) break;
      }
    }
    if (n[0] == nullptr) n[0] = n[1];
    finish(n);
    z->tzname_in[i] = n;
  }
  z->path = std::move(path);
  z->bytes = std::move(bytes);
  return z;
}

// glibc's __offtime(t, offset): false (EOVERFLOW) when the year does not fit struct tm.
bool offtime(std::int64_t t, long offset, struct ::tm& tp) noexcept {
  std::int64_t days = t / 86400;
  std::int64_t rem = t % 86400 + offset;
  while (rem < 0) {
    rem += 86400;
    --days;
  }
  while (rem >= 86400) {
    rem -= 86400;
    ++days;
  }
  const Civil c = civil_from_days(days);
  const std::int64_t year = c.year - 1900;
  if (year < INT_MIN || year > INT_MAX) return false;
  tp.tm_year = static_cast<int>(year);
  tp.tm_mon = c.month - 1;
  tp.tm_mday = c.day;
  tp.tm_hour = static_cast<int>(rem / 3600);
  tp.tm_min = static_cast<int>(rem % 3600 / 60);
  tp.tm_sec = static_cast<int>(rem % 60);
  tp.tm_wday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  tp.tm_yday = day_of_year(c.year, c.month, c.day);
  return true;
}

// The table's answer for t: false when the table does not cover t (glibc decides).
bool table_convert(const ZoneTable& z, std::int64_t t, struct ::tm& out,
                   const std::array<const char*, 2>*& names) noexcept {
  const std::size_t n = z.transitions.size();
  const Type* type;
  if (n == 0 || t < z.transitions[0]) {
    type = &z.types[z.before_type];
    names = &z.before_tzname;
  } else if (t >= z.transitions[n - 1]) {
    names = nullptr;  // glibc's POSIX rule decides
    return false;
  } else {
    const auto i = static_cast<std::size_t>(std::upper_bound(z.transitions.begin(), z.transitions.end(), t) -
                                            z.transitions.begin());
    type = &z.types[z.type_of[i - 1]];
    names = &z.tzname_in[i];
  }
  if (!offtime(t, type->utoff, out)) return false;
  out.tm_isdst = type->isdst;
  out.tm_gmtoff = type->utoff;
  out.tm_zone = (*names)[static_cast<std::size_t>(type->isdst)];
  return true;
}

bool same(const struct ::tm& a, const struct ::tm& b) noexcept {
  return a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday &&
         a.tm_hour == b.tm_hour && a.tm_min == b.tm_min && a.tm_sec == b.tm_sec &&
         a.tm_wday == b.tm_wday && a.tm_yday == b.tm_yday && a.tm_isdst == b.tm_isdst &&
         a.tm_gmtoff == b.tm_gmtoff && a.tm_zone != nullptr && b.tm_zone != nullptr &&
         std::strcmp(a.tm_zone, b.tm_zone) == 0;
}

// Every interval converted by glibc at both ends must give the table's answer.
bool agrees_with_glibc(const ZoneTable& z) noexcept {
  std::vector<std::int64_t> probes;
  const std::size_t n = z.transitions.size();
  if (n == 0) {
    probes = {0, 1700000000, -2208988800, 4102444800};
  } else {
    probes.push_back(z.transitions[0] - 1);
    probes.push_back(z.transitions[0] - 86400 * 365);
    for (std::size_t i = 1; i < n; ++i) {
      probes.push_back(z.transitions[i - 1]);
      if (z.transitions[i] - 1 > z.transitions[i - 1]) probes.push_back(z.transitions[i] - 1);
    }
  }
  for (const std::int64_t t : probes) {
    struct ::tm mine {};
    const std::array<const char*, 2>* names = nullptr;
    const bool covered = table_convert(z, t, mine, names);
    struct ::tm libc {};
    const bool converted = _sys::localtime_r(t, libc).has_value();
    if (!covered) {
      // Outside the table, or a year struct tm cannot hold: then glibc must fail too, unless
      // the time is simply not the table's to answer (beyond the last transition).
      if (names != nullptr && converted) return false;
      continue;
    }
    if (!converted) return false;
    if (!same(mine, libc)) return false;
    const auto now = _sys::tzname();
    if (now[0] == nullptr || now[1] == nullptr || std::strcmp(now[0], (*names)[0]) != 0 ||
        std::strcmp(now[1], (*names)[1]) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

void rebuild_zone_table() {
  const std::string path = zone_path(_sys::tz_environment());
  const ZoneTable* chosen = nullptr;
  if (!path.empty()) {
    if (auto bytes = read_file(path)) {
      std::lock_guard lock(g_tables_mutex);
      for (const auto& t : g_tables) {
        if (t->path == path && t->bytes == *bytes) chosen = t.get();
      }
      if (chosen == nullptr) {
        if (auto table = parse(path, std::move(*bytes)); table != nullptr && agrees_with_glibc(*table)) {
          g_tables.push_back(std::move(table));
          chosen = g_tables.back().get();
        }
      }
    }
  }
  g_table.store(chosen, std::memory_order_release);
}

bool zone_table_in_use() noexcept { return g_table.load(std::memory_order_acquire) != nullptr; }

void sync_tzname_model() noexcept {
  const auto names = _sys::tzname();
  g_tzname0.store(names[0], std::memory_order_relaxed);
  g_tzname1.store(names[1], std::memory_order_relaxed);
}

std::array<const char*, 2> tzname_model() noexcept {
  return {g_tzname0.load(std::memory_order_relaxed), g_tzname1.load(std::memory_order_relaxed)};
}

bool local_convert(std::int64_t t, struct ::tm& out, int& err) noexcept {
  // With a fault-injection test running, every conversion goes to localtime_r so that the
  // test can make it fail.
  const ZoneTable* z = _sys::fault::armed() ? nullptr : g_table.load(std::memory_order_acquire);
  const std::array<const char*, 2>* names = nullptr;
  if (z != nullptr && table_convert(*z, t, out, names)) {
    g_tzname0.store((*names)[0], std::memory_order_relaxed);
    g_tzname1.store((*names)[1], std::memory_order_relaxed);
    return true;
  }
  auto r = _sys::localtime_r(t, out);
  sync_tzname_model();
  if (!r) {
    err = r.error().code;
    return false;
  }
  return true;
}

}  // namespace pyos::time::detail
