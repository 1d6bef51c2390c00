#include <algorithm>
#include <mutex>
#include <string>

#include "_sys/env_posix.hpp"
#include "_sys/process.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/environ.hpp"

namespace pyos::os {

Environ environ;

namespace {

// Python's os.environ is a dict: insertion-ordered, first occurrence wins when the C
// environment holds a name twice. A vector keeps that order; environments are small.
struct State {
  std::mutex mutex;
  bool loaded = false;

  // Held across fork() so that a child never inherits it locked by another thread.
  State() { (void)_sys::register_fork_mutex(mutex); }

  std::vector<std::pair<std::string, std::string>> items;

  using Iterator = std::vector<std::pair<std::string, std::string>>::iterator;
  Iterator find(std::string_view key) {
    return std::find_if(items.begin(), items.end(), [&](const auto& kv) { return kv.first == key; });
  }

  void load() {
    items.clear();
    for (const std::string& entry : _sys::environ_entries()) {
      const auto eq = entry.find('=');
      if (eq == std::string::npos) continue;
      std::string key = entry.substr(0, eq);
      if (find(key) == items.end()) items.emplace_back(std::move(key), entry.substr(eq + 1));
    }
    loaded = true;
  }
  void ensure() {
    if (!loaded) load();
  }
};

State& state() {
  static State s;
  return s;
}

void check_no_nul(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) throw ValueError("embedded null byte");
}

// os.putenv's checks and call (the caller holds the mutex).
void putenv_locked(std::string_view key, std::string_view value) {
  check_no_nul(key);
  check_no_nul(value);
  if (key.find('=') != std::string_view::npos) throw ValueError("illegal environment variable name");
  const std::string k(key), v(value);
  _sys::setenv(k.c_str(), v.c_str(), true).or_raise();
}

void unsetenv_locked(std::string_view key) {
  check_no_nul(key);
  const std::string k(key);
  _sys::unsetenv(k.c_str()).or_raise();
}

}  // namespace

std::string Environ::at(std::string_view key) const {
  if (auto v = get(key)) return *std::move(v);
  throw KeyError(key);
}

std::optional<std::string> Environ::get(std::string_view key) const {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  const auto it = s.find(key);
  if (it == s.items.end()) return std::nullopt;
  return it->second;
}

std::string Environ::get(std::string_view key, std::string_view default_value) const {
  auto v = get(key);
  return v ? *std::move(v) : std::string(default_value);
}

bool Environ::contains(std::string_view key) const { return get(key).has_value(); }

void Environ::set(std::string_view key, std::string_view value) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  putenv_locked(key, value);
  if (auto it = s.find(key); it != s.items.end()) {
    it->second = value;
  } else {
    s.items.emplace_back(key, value);
  }
}

std::string Environ::setdefault(std::string_view key, std::string_view value) {
  if (auto v = get(key)) return *std::move(v);
  set(key, value);
  return std::string(value);
}

void Environ::erase(std::string_view key) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  // Python unsets first, then raises KeyError from the dict deletion.
  unsetenv_locked(key);
  const auto it = s.find(key);
  if (it == s.items.end()) throw KeyError(key);
  s.items.erase(it);
}

std::string Environ::pop(std::string_view key) {
  std::string value = at(key);
  erase(key);
  return value;
}

std::string Environ::pop(std::string_view key, std::string_view default_value) {
  if (!contains(key)) return std::string(default_value);
  return pop(key);
}

void Environ::clear() {
  for (const std::string& key : keys()) erase(key);
}

void Environ::update(const std::map<std::string, std::string>& items) {
  for (const auto& [k, v] : items) set(k, v);
}

std::size_t Environ::size() const {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  return s.items.size();
}

std::vector<std::string> Environ::keys() const {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  std::vector<std::string> out;
  for (const auto& kv : s.items) out.push_back(kv.first);
  return out;
}

std::map<std::string, std::string> Environ::copy() const {
  const auto all = items();
  return {all.begin(), all.end()};
}

std::vector<std::pair<std::string, std::string>> Environ::items() const {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  return s.items;
}

std::optional<std::string> getenv(std::string_view key) { return environ.get(key); }

std::string getenv(std::string_view key, std::string_view default_value) {
  return environ.get(key, default_value);
}

void putenv(std::string_view key, std::string_view value) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();  // capture os.environ before the change, as Python's was captured at start-up
  putenv_locked(key, value);
}

void unsetenv(std::string_view key) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.ensure();
  unsetenv_locked(key);
}

void reload_environ() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.load();
}

namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto colon = path.find(':', start);
    out.emplace_back(path.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) return out;
    start = colon + 1;
  }
}
// os.defpath on POSIX.
constexpr std::string_view kDefpath = "/bin:/usr/bin";
}  // namespace

std::vector<std::string> get_exec_path() {
  const auto path = environ.get("PATH");
  return split_path(path ? std::string_view(*path) : kDefpath);
}

std::vector<std::string> get_exec_path(const std::map<std::string, std::string>& env) {
  const auto it = env.find("PATH");
  return split_path(it == env.end() ? kDefpath : std::string_view(it->second));
}

}  // namespace pyos::os
