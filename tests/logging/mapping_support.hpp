// File: tests/logging/mapping_support.hpp
//
// A PercentMapping over a plain Mapping: `fmt % dict` for the values tests, a record's
// attributes for the styles tests (the Formatter's own mapping is a LogRecord).
#pragma once

#include <string>
#include <string_view>

#include "logging/percent.hpp"
#include "pyos/logging/value.hpp"

namespace pyos::logging::test {

class DictMapping final : public detail::PercentMapping {
 public:
  explicit DictMapping(Mapping m) : map_(m) {}
  const Value* find(std::size_t, std::string_view key, Value&) const override { return map_.find(key); }
  void append_self(std::string& out, char conversion) const override {
    const Value self(map_);
    if (conversion == 's') {
      append_str(out, self);
    } else if (conversion == 'r') {
      append_repr(out, self);
    } else {
      append_ascii(out, self);
    }
  }

 private:
  Mapping map_;
};

}  // namespace pyos::logging::test
