// File: pyos/os/environ.hpp
//
// os.environ and the functions around it: getenv, putenv, unsetenv, reload_environ,
// get_exec_path. As in Python, `environ` is a mapping captured from the process environment
// the first time it is used; changing it (set/erase/...) changes the process environment too
// (putenv/unsetenv), while a direct libc setenv() by other code is seen only after
// reload_environ(). Every pyos access is serialised, so threads may use it freely.
//
// Python's environb (the same mapping as bytes) is this same object: pyos strings are bytes
// already (docs/conventions.md).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyos::os {

class Environ {
 public:
  // environ[key]; raises KeyError(key).
  std::string at(std::string_view key) const;
  // environ.get(key) / environ.get(key, default)
  std::optional<std::string> get(std::string_view key) const;
  std::string get(std::string_view key, std::string_view default_value) const;
  // key in environ
  bool contains(std::string_view key) const;
  // environ[key] = value: also putenv(key, value). ValueError for a NUL byte ("embedded null
  // byte") or '=' in the key ("illegal environment variable name"); OSError if libc refuses.
  void set(std::string_view key, std::string_view value);
  // environ.setdefault(key, value)
  std::string setdefault(std::string_view key, std::string_view value);
  // del environ[key]: also unsetenv(key); raises KeyError(key) if absent.
  void erase(std::string_view key);
  // environ.pop(key) (KeyError if absent) / environ.pop(key, default)
  std::string pop(std::string_view key);
  std::string pop(std::string_view key, std::string_view default_value);
  // environ.clear(): unsets every variable.
  void clear();
  // environ.update(mapping)
  void update(const std::map<std::string, std::string>& items);
  // len(environ)
  std::size_t size() const;
  // list(environ) — the keys, in insertion order as Python's dict keeps them.
  std::vector<std::string> keys() const;
  // dict(environ) / environ.copy()
  std::map<std::string, std::string> copy() const;
  // list(environ.items()), in insertion order.
  std::vector<std::pair<std::string, std::string>> items() const;
};

// os.environ (and os.environb).
extern Environ environ;

// os.getenv(key, default=None)
std::optional<std::string> getenv(std::string_view key);
std::string getenv(std::string_view key, std::string_view default_value);
// os.putenv(key, value): changes the process environment only, not os.environ (as Python).
void putenv(std::string_view key, std::string_view value);
// os.unsetenv(key): likewise.
void unsetenv(std::string_view key);
// os.reload_environ() (3.14): captures the process environment again.
void reload_environ();
// os.get_exec_path(env=None): the PATH directories (os.defpath when PATH is unset).
std::vector<std::string> get_exec_path();
std::vector<std::string> get_exec_path(const std::map<std::string, std::string>& env);

}  // namespace pyos::os
