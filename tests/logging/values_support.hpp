// File: tests/logging/values_support.hpp
//
// What the values tests share: the C++ twins of the oracle's Point and Label classes
// (tools/oracle/gen_logging_percent.py), a store that rebuilds the golden file's typed values
// (Values are views, so the store owns their text).
#pragma once

#include <cstdlib>
#include <deque>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "logging/mapping_support.hpp"
#include "logging/percent.hpp"
#include "pyos/logging/value.hpp"
#include "support/pyos_test.hpp"

// Global namespace, so that the demangled type name is the Python class name.
struct Point {
  int x = 1, y = 2;
};
inline std::ostream& operator<<(std::ostream& os, const Point& p) { return os << '(' << p.x << ", " << p.y << ')'; }
inline std::string pyos_repr(const Point& p) {
  return "Point(x=" + std::to_string(p.x) + ", y=" + std::to_string(p.y) + ")";
}

// Printable only: its repr() is its str().
struct Label {};
inline std::ostream& operator<<(std::ostream& os, const Label&) { return os << "\xc3\xa9tiquette"; }

namespace pyos::logging::test {

class ValueStore {
 public:
  Value make(const nlohmann::json& enc) {
    if (enc.contains("none")) return Value();
    if (enc.contains("bool")) return Value(enc["bool"].get<bool>());
    if (enc.contains("int")) return Value(static_cast<std::int64_t>(std::stoll(enc["int"].get<std::string>())));
    if (enc.contains("uint")) return Value(static_cast<std::uint64_t>(std::stoull(enc["uint"].get<std::string>())));
    if (enc.contains("float")) return Value(std::strtod(enc["float"].get<std::string>().c_str(), nullptr));
    if (enc.contains("str")) return Value(std::string_view(keep(enc["str"].get<std::string>())));
    if (enc.contains("str_hex")) return Value(std::string_view(keep(pyos::test::from_hex(enc["str_hex"].get<std::string>()))));
    if (enc.contains("bytes_hex")) return Value(Bytes{keep(pyos::test::from_hex(enc["bytes_hex"].get<std::string>()))});
    if (enc.contains("dict")) {
      std::vector<Item> items;
      for (const auto& kv : enc["dict"]) items.push_back({make(kv[0]).as_str(), make(kv[1])});
      const auto& stored = maps_.emplace_back(std::move(items));
      return Value(Mapping(stored.data(), stored.size()));
    }
    const std::string type = enc.at("object").get<std::string>();
    if (type == "Point") return Value(point_);
    if (type == "Label") return Value(label_);
    throw std::runtime_error("unknown value encoding " + enc.dump());
  }

 private:
  const std::string& keep(std::string s) { return strings_.emplace_back(std::move(s)); }
  std::deque<std::string> strings_;
  std::deque<std::vector<Item>> maps_;
  Point point_;
  Label label_;
};

// A golden text field: "<key>" (UTF-8) or "<key>_hex".
inline std::string golden_text(const nlohmann::json& obj, const std::string& key) {
  if (obj.contains(key)) return obj[key].get<std::string>();
  return pyos::test::from_hex(obj.at(key + "_hex").get<std::string>());
}

}  // namespace pyos::logging::test
