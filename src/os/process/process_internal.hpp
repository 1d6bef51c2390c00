// File: src/os/process/process_internal.hpp — shared by the process sources; not installed.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pyos::os::detail {

// A NULL-terminated char* array over owned strings, as execve/posix_spawn take argv and
// envp. Built in the parent, so that a forked child only reads it.
class CStringArray {
 public:
  CStringArray() { pointers_.push_back(nullptr); }
  CStringArray(const CStringArray&) = delete;
  CStringArray& operator=(const CStringArray&) = delete;

  void push_back(std::string s);
  std::size_t size() const noexcept { return strings_.size(); }
  char* const* data() const noexcept { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

// Python's argv checks, in CPython's order: empty list, then each element ("embedded null
// byte"), then an empty first element. `empty` and `first_empty` are the two messages of
// the calling function ("execv() arg 2 must not be empty", ...).
void build_argv(CStringArray& out, const std::vector<std::string>& args, std::string_view empty,
                std::string_view first_empty);

// Python's env checks (parse_envlist): per entry, a NUL in key or value ("embedded null
// byte"), then an empty key or a '=' after the key's first byte ("illegal environment
// variable name"). Builds "key=value" entries.
void build_envp(CStringArray& out, const std::map<std::string, std::string>& env);

// Throws ValueError("embedded null byte") for a string with a NUL.
void check_no_nul(std::string_view s);

}  // namespace pyos::os::detail
