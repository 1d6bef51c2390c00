// File: tests/logging/core_support.hpp
//
// What the logging core tests share: a store that rebuilds the golden files' values
// (tools/oracle/gen_logging_core.py documents the encoding; Values are views, so the store
// owns what they view), records built from golden attribute lists, the `outcome` of a call
// as the oracle records it, a capture of file descriptor 2, a way to make a logging call
// with a run-time list of arguments through the public variadic API, and the small pieces
// the golden-case tests repeat (case ids and lookup, handleError reports cut to what pyos
// and CPython share, the "<dir>" placeholder, files' bytes).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "logging/direct.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/io/stringio.hpp"
#include "pyos/logging.hpp"
#include "pyos/time.hpp"
#include "support/pyos_test.hpp"

namespace pyos::logging::coretest {

// The records this thread has sent by the direct route (logging/direct.hpp) since this
// object was made: how a test knows which route its calls took.
class DirectRecords {
 public:
  std::uint64_t since() const noexcept { return detail::t_direct_records - start_; }

 private:
  std::uint64_t start_ = detail::t_direct_records;
};

using json = nlohmann::json;

inline std::string show(const json& j) { return j.dump(-1, ' ', true, json::error_handler_t::replace); }

// Rebuilds golden values. Everything a returned Value views lives as long as the store.
class Values {
 public:
  Values() = default;
  Values(const Values&) = delete;
  Values& operator=(const Values&) = delete;

  Value make(const json& j) {
    if (j.is_null()) return Value();
    if (j.is_boolean()) return Value(j.get<bool>());
    if (j.is_number_unsigned()) {
      const auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Value(static_cast<std::int64_t>(u));
      }
      return Value(u);
    }
    if (j.is_number_integer()) return Value(j.get<std::int64_t>());
    if (j.is_number_float()) return Value(j.get<double>());  // the scenarios' plain JSON floats
    if (j.is_string()) return Value(std::string_view(keep(j.get<std::string>())));
    const std::string tag = j.at(0).get<std::string>();
    if (tag == "float") return Value(std::strtod(j.at(1).get<std::string>().c_str(), nullptr));
    if (tag == "dict") {
      std::vector<Item> items;
      for (const auto& kv : j.at(1)) items.push_back({keep(kv.at(0).get<std::string>()), make(kv.at(1))});
      const auto& stored = maps_.emplace_back(std::move(items));
      return Value(Mapping(stored.data(), stored.size()));
    }
    throw std::runtime_error("unknown value encoding " + j.dump());
  }

  // A record's args: ["tuple", [values]] is the tuple; a dict is Python's single mapping.
  std::span<const Value> args(const json& j) {
    std::vector<Value>& out = tuples_.emplace_back();
    if (j.at(0) == "tuple") {
      for (const auto& v : j.at(1)) out.push_back(make(v));
    } else {
      out.push_back(make(j));
    }
    return {out.data(), out.size()};
  }

  std::string_view keep(std::string s) { return strings_.emplace_back(std::move(s)); }

 private:
  std::deque<std::string> strings_;
  std::deque<std::vector<Item>> maps_;
  std::deque<std::vector<Value>> tuples_;
};

// ["exc", "TypeName", "message"]: the pyos exception of that Python class.
inline std::exception_ptr make_exception(const json& j) {
  const std::string type = j.at(1).get<std::string>();
  const std::string message = j.at(2).get<std::string>();
  if (type == "ValueError") return std::make_exception_ptr(ValueError(message));
  if (type == "TypeError") return std::make_exception_ptr(TypeError(message));
  if (type == "RuntimeError") return std::make_exception_ptr(RuntimeError(message));
  throw std::runtime_error("no C++ twin for exception class " + type);
}

// A record from a golden attribute list ([[attr, value], ...]): logging::makeLogRecord with
// every attribute but args and exc_info, which are assigned (their storage is `values`').
inline LogRecord build_record(const json& attrs, Values& values) {
  std::vector<Item> items;
  const json* args = nullptr;
  const json* exc = nullptr;
  for (const auto& kv : attrs) {
    const std::string key = kv.at(0).get<std::string>();
    if (key == "args") {
      args = &kv.at(1);
    } else if (key == "exc_info" && !kv.at(1).is_null()) {
      exc = &kv.at(1);
    } else {
      items.push_back({values.keep(key), values.make(kv.at(1))});
    }
  }
  LogRecord record = makeLogRecord(Mapping(items.data(), items.size()));
  if (args) record.args = values.args(*args);
  if (exc) record.exc_info = make_exception(*exc);
  return record;
}

// ["ok", text] or [class name, str(exception)], as the oracle's outcome().
template <class F>
json outcome(F&& f) {
  try {
    return json::array({"ok", f()});
  } catch (const BaseException& e) {
    return json::array({std::string(e.type_name()), std::string(e.what())});
  }
}

// Redirects file descriptor 2 while alive; text() is what was written. Into a temporary
// file, or (Into::pipe) into a pipe of up to 1 MiB, for a test that limits the size of
// regular files: the pipe's end is non-blocking, so text beyond its capacity is lost
// (and the comparison fails) rather than the writer hanging.
class CaptureFd2 {
 public:
  enum class Into { file, pipe };
  explicit CaptureFd2(Into into = Into::file) {
    std::fflush(stderr);
    int target = -1;
    if (into == Into::pipe) {
      int ends[2];
      if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
      ::fcntl(ends[1], F_SETPIPE_SZ, 1 << 20);  // the default 64 KiB where refused
      ::fcntl(ends[1], F_SETFL, O_NONBLOCK);
      ::fcntl(ends[0], F_SETFL, O_NONBLOCK);
      fd_ = ends[0];
      target = ends[1];
      pipe_ = true;
    } else {
      char path[] = "/tmp/pyos-core-stderr-XXXXXX";
      fd_ = target = ::mkstemp(path);
      if (fd_ < 0) throw std::runtime_error("mkstemp failed");
      ::unlink(path);
    }
    saved_ = ::dup(2);
    ::dup2(target, 2);
    if (pipe_) ::close(target);
  }
  ~CaptureFd2() {
    restore();
    if (fd_ >= 0) ::close(fd_);
  }
  CaptureFd2(const CaptureFd2&) = delete;
  CaptureFd2& operator=(const CaptureFd2&) = delete;

  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
    if (pipe_) {  // the write end is closed now: read to the end
      char buf[4096];
      for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) > 0;) piped_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // What was written (for a pipe, once restore() has run).
  std::string text() const {
    if (pipe_) return piped_;
    std::string out;
    char buf[4096];
    for (off_t pos = 0;;) {
      const ssize_t n = ::pread(fd_, buf, sizeof buf, pos);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      pos += n;
    }
    return out;
  }

 private:
  int fd_ = -1;
  int saved_ = -1;
  bool pipe_ = false;
  std::string piped_;
};

// Calls f(args...) with the elements of `args` as separate arguments (up to 8), so that the
// tests go through the same variadic templates as user code.
template <class F>
void with_args(std::span<const Value> a, F&& f) {
  switch (a.size()) {
    case 0: f(); return;
    case 1: f(a[0]); return;
    case 2: f(a[0], a[1]); return;
    case 3: f(a[0], a[1], a[2]); return;
    case 4: f(a[0], a[1], a[2], a[3]); return;
    case 5: f(a[0], a[1], a[2], a[3], a[4]); return;
    case 6: f(a[0], a[1], a[2], a[3], a[4], a[5]); return;
    case 7: f(a[0], a[1], a[2], a[3], a[4], a[5], a[6]); return;
    case 8: f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]); return;
    default: throw std::runtime_error("with_args: too many arguments");
  }
}

// The lines of a text ("a\nb\n" -> {"a", "b"}), as Python's s.split("\n")[:-1].
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// stderr with each handleError report cut to what pyos and CPython share (see
// core_handleerror_test.cpp): its first line, the exception line (the one before "Call
// stack:"), and the Message and Arguments lines. Python's traceback and call stack, and
// pyos's native frames, are left out; other text stays as it is.
inline std::string reports_compared(const std::string& text) {
  const std::vector<std::string> lines = lines_of(text);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != "--- Logging error ---") {
      out += lines[i] + "\n";
      continue;
    }
    out += lines[i] + "\n";
    std::size_t j = i + 1;
    while (j < lines.size() && lines[j] != "Call stack:") ++j;
    if (j < lines.size()) out += lines[j - 1] + "\n";
    while (j < lines.size() && !lines[j].starts_with("Message: ")) ++j;
    for (; j < lines.size(); ++j) {
      out += lines[j] + "\n";
      if (lines[j].starts_with("Arguments: ")) break;
    }
    i = j;
  }
  return out;
}

// The golden case with that id, or null.
inline const json* golden_case(const json& doc, const std::string& id) {
  for (const auto& c : pyos::test::golden_cases(doc)) {
    if (c.at("id") == id) return &c;
  }
  return nullptr;
}

// A null-or-string golden value as an optional, and back.
inline std::optional<std::string> opt(const json& v) {
  return v.is_null() ? std::nullopt : std::optional(v.get<std::string>());
}
inline json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(); }

// `text` with every occurrence of a test's private directory written "<dir>", as the
// oracles write it.
inline std::string hide_dir(std::string text, const std::string& dir) {
  for (std::size_t at; (at = text.find(dir)) != std::string::npos;) text.replace(at, dir.size(), "<dir>");
  return text;
}

// A file's whole content.
using pyos::test::read_bytes;

// bytes.hex()
using pyos::test::hex;

inline char style_char(const json& j) {
  const std::string s = j.get<std::string>();
  return s.empty() ? '\0' : s[0];
}

}  // namespace pyos::logging::coretest
