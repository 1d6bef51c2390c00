// File: logging/levels.cpp
//
// The level registry. Lookups by number happen for every record, so they read an immutable
// snapshot through one atomic pointer; addLevelName (rare) publishes a new snapshot. Old
// snapshots and every name string are kept for the life of the process, which is what lets
// a record hold its level name as a view.
#include "pyos/logging/levels.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "pyos/exceptions.hpp"
#include "_core/text.hpp"
#include "logging/snapshot.hpp"

namespace pyos::logging {

// One published state of the registry (named in logging/snapshot.hpp, which saves and puts
// back the current one).
struct detail::LevelTable {
  // Levels 0..kDirect-1 by index (most programs use only these), others in the map.
  static constexpr int kDirect = 64;
  std::string_view direct[kDirect] = {};
  std::unordered_map<int, std::string_view> to_name;
  std::vector<std::pair<std::string_view, int>> to_level;  // Python's dict order
};

namespace {

using Snapshot = detail::LevelTable;

struct Registry {
  std::mutex mutex;
  std::deque<std::string> names;          // every name ever interned
  std::deque<Snapshot> snapshots;         // every snapshot ever published
  std::atomic<const Snapshot*> current{nullptr};

  std::string_view intern(std::string_view s) {
    for (const auto& n : names) {
      if (n == s) return n;
    }
    return names.emplace_back(s);
  }

  Registry() {
    Snapshot s;
    const std::pair<int, const char*> to_name[] = {
        {CRITICAL, "CRITICAL"}, {ERROR, "ERROR"}, {WARNING, "WARNING"},
        {INFO, "INFO"},         {DEBUG, "DEBUG"}, {NOTSET, "NOTSET"}};
    for (const auto& [level, name] : to_name) set_name(s, level, intern(name));
    const std::pair<const char*, int> to_level[] = {{"CRITICAL", CRITICAL}, {"FATAL", FATAL}, {"ERROR", ERROR},
                                                    {"WARN", WARNING},      {"WARNING", WARNING}, {"INFO", INFO},
                                                    {"DEBUG", DEBUG},       {"NOTSET", NOTSET}};
    for (const auto& [name, level] : to_level) s.to_level.emplace_back(intern(name), level);
    current.store(&snapshots.emplace_back(std::move(s)), std::memory_order_release);
  }

  static void set_name(Snapshot& s, int level, std::string_view name) {
    if (level >= 0 && level < Snapshot::kDirect) s.direct[level] = name;
    s.to_name[level] = name;
  }
};

Registry& registry() {
  static auto* r = new Registry;  // never destroyed: records made during exit still name levels
  return *r;
}

const Snapshot& snapshot() { return *registry().current.load(std::memory_order_acquire); }

std::string_view find_name(const Snapshot& s, int level) {
  if (level >= 0 && level < Snapshot::kDirect) return s.direct[level];
  auto it = s.to_name.find(level);
  return it == s.to_name.end() ? std::string_view() : it->second;
}

}  // namespace

void addLevelName(int level, std::string_view levelName) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  Snapshot next = *r.current.load(std::memory_order_relaxed);
  std::string_view name = r.intern(levelName);
  Registry::set_name(next, level, name);
  bool found = false;
  for (auto& entry : next.to_level) {
    if (entry.first == name) {
      entry.second = level;
      found = true;
    }
  }
  if (!found) next.to_level.emplace_back(name, level);
  r.current.store(&r.snapshots.emplace_back(std::move(next)), std::memory_order_release);
}

std::string getLevelName(int level) { return std::string(detail::level_name_view(level)); }

std::variant<int, std::string> getLevelName(std::string_view name) {
  for (const auto& [n, level] : snapshot().to_level) {
    if (n == name) return level;
  }
  return "Level " + std::string(name);
}

std::vector<std::pair<std::string, int>> getLevelNamesMapping() {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& [n, level] : snapshot().to_level) out.emplace_back(std::string(n), level);
  return out;
}

namespace detail {

std::string_view level_name_view(int level) {
  std::string_view name = find_name(snapshot(), level);
  // A missing name is a null view; an empty name is a name (addLevelName(100, '')).
  if (name.data() != nullptr) return name;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.intern("Level " + std::to_string(level));
}

int check_level(std::string_view name) {
  for (const auto& [n, level] : snapshot().to_level) {
    if (n == name) return level;
  }
  throw ValueError("Unknown level: " + _core::repr_str(name));
}

const LevelTable* level_table() noexcept { return &snapshot(); }

void restore_level_table(const LevelTable* table) noexcept {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.current.store(table, std::memory_order_release);
}

}  // namespace detail
}  // namespace pyos::logging
