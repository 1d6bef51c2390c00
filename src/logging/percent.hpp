// File: logging/percent.hpp
//
// Python's `str % args` (printf-style string formatting) over logging Values: the engine of
// LogRecord.getMessage() (`msg % args`) and of the '%' formatter style (`fmt % record`).
// Same output, same exception classes and messages as CPython 3.13, with one documented
// bound: padding a field wider than kMaxWidth raises ValueError("width too big"), and a
// number's precision above kMaxWidth ValueError("precision too big") — the messages CPython
// gives when they overflow — so a hostile format cannot make a record allocate gigabytes.
// Both are raised where CPython would write the field, after its own checks.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/logging/value.hpp"

namespace pyos::logging::detail {

inline constexpr int kMaxWidth = 1 << 16;

// format % tuple(args). Throws TypeError, ValueError, KeyError, OverflowError as CPython; on
// a throw, `out` holds partial output that callers discard.
void percent_format(std::string& out, std::string_view format, std::span<const Value> args);

// format % arg for one argument that is not a tuple: a Mapping serves %(key)s lookups (and
// is itself the argument of a plain %s), anything else behaves as a 1-tuple.
void percent_format(std::string& out, std::string_view format, const Value& arg);

// The mapping a PercentTemplate is rendered against (a LogRecord's attributes).
class PercentMapping {
 public:
  // The value of the template's key number `index` (its text is `key`), or nullptr when the
  // mapping has no such key (the template then raises KeyError(key)). A value computed on
  // the fly may be stored in `scratch` and returned by address.
  virtual const Value* find(std::size_t index, std::string_view key, Value& scratch) const = 0;
  // str() of the mapping itself, for a plain %s/%r in the format (Python prints the dict).
  virtual void append_self(std::string& out, char conversion) const = 0;
  // The fast path of a bare `%(key)s` (no flags, width or precision): sets `text` to str() of
  // the value of key number `index` — a view of the value's own text, or of its digits
  // written into `digits` — and returns true, or returns false to have the template look the
  // key up with find() and format it the general way. The default always declines. The view
  // lives as long as the mapping and `digits`.
  using Digits = std::array<char, 24>;
  virtual bool str_of(std::size_t index, std::string_view& text, Digits& digits) const;
  // str_of, appended to `out`.
  bool append_str_of(std::size_t index, std::string& out) const;

 protected:
  ~PercentMapping() = default;
};

// The record's message (LogRecord.getMessage(): `message % args`, or `message` itself when
// there are no args) written into a line by a caller that bounds the line first (the direct
// route's). prepare() returns false when percent_format would not format this message
// directly: a spec that is not plain %d/%i/%u/%f/%F/%s, an argument of a kind its spec does
// not take directly, or a count of arguments that does not match (the caller then makes the
// line the general way, which formats the message and reports its errors). After a true
// prepare(), write() writes at most bound() bytes at p and returns the end.
class DirectMessage {
 public:
  bool prepare(std::string_view message, std::span<const Value> args);
  std::size_t bound() const noexcept { return bound_; }
  char* write(char* p) const noexcept;

 private:
  std::string_view message_;
  std::span<const Value> args_;
  const void* compiled_ = nullptr;  // the cached compiled format (percent.cpp), null: verbatim
  std::size_t bound_ = 0;
};

// A format parsed once and rendered many times against a PercentMapping: `fmt % mapping`.
// Construction never throws for a malformed format; render() raises what `fmt % mapping`
// raises in CPython.
class PercentTemplate {
 public:
  explicit PercentTemplate(std::string_view format);
  PercentTemplate(const PercentTemplate&);
  PercentTemplate& operator=(const PercentTemplate&);
  PercentTemplate(PercentTemplate&&) noexcept;
  PercentTemplate& operator=(PercentTemplate&&) noexcept;
  ~PercentTemplate();

  // The distinct %(key) names, in order of first use; find() receives their index.
  const std::vector<std::string>& keys() const noexcept;
  void render(std::string& out, const PercentMapping& mapping) const;
  // The template as its literals and keys, for a caller that writes the values itself (the
  // direct route's line): the literal before each spec with the spec's key index, then the
  // tail with kNoKey. Empty unless every spec is a bare `%(key)s`.
  static constexpr std::size_t kNoKey = static_cast<std::size_t>(-1);
  struct BarePiece {
    std::string_view literal;  // into this template: valid while it lives
    std::size_t key;
  };
  std::vector<BarePiece> bare_layout() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace pyos::logging::detail
