// File: logging/arena.hpp
//
// Owned storage for Values: what a copied LogRecord, a Dict and makeLogRecord keep their
// strings, mappings and rendered objects in. Addresses are stable (deques), so views into
// an arena stay valid for the arena's life, also after the arena itself is moved.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/logging/value.hpp"

namespace pyos::logging::detail {

class ValueArena {
 public:
  std::string_view keep(std::string_view text);
  // A deep copy of `v` whose every view points into this arena. An object is rendered once
  // (its str() and repr() kept), so the copy no longer needs the original.
  Value keep(const Value& v);
  Mapping keep(Mapping m);
  std::span<const Value> keep(std::span<const Value> values);
  // A new, empty vector of items owned by the arena.
  std::vector<Item>& new_items() { return items_.emplace_back(); }

 private:
  struct Rendered {
    std::string str;
    std::string repr;
    ObjectOps ops;
  };
  std::deque<std::string> strings_;
  std::deque<std::vector<Item>> items_;
  std::deque<std::vector<Value>> values_;
  std::deque<Rendered> objects_;
};

}  // namespace pyos::logging::detail
