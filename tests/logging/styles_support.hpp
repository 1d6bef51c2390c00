// File: tests/logging/styles_support.hpp
//
// What the styles tests share: the C++ twin of the oracle's Point class
// (tools/oracle/gen_logging_styles.py), a store that rebuilds the golden file's typed values
// (Values are views, so the store owns what they view).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "logging/mapping_support.hpp"
#include "logging/percent.hpp"
#include "logging/styles.hpp"
#include "pyos/logging/value.hpp"
#include "support/pyos_test.hpp"

// Global namespace, so that the demangled type name is the Python class name. The oracle's
// Point has a given str() and repr().
struct Point {
  std::string str, repr;
};
inline std::ostream& operator<<(std::ostream& os, const Point& p) { return os << p.str; }
inline std::string pyos_repr(const Point& p) { return p.repr; }

namespace pyos::logging::test {

// ["none"] ["bool", b] ["int", "123"] ["float", hex] ["str", s] ["bytes", hex]
// ["dict", [[k, v], ...]] ["obj", str, repr]
class StylesValues {
 public:
  Value make(const nlohmann::json& enc) {
    const std::string tag = enc.at(0).get<std::string>();
    if (tag == "none") return Value();
    if (tag == "bool") return Value(enc.at(1).get<bool>());
    if (tag == "int") {
      const std::string text = enc.at(1).get<std::string>();
      if (text[0] == '-') return Value(static_cast<std::int64_t>(std::stoll(text)));
      const std::uint64_t u = std::stoull(text);
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Value(static_cast<std::int64_t>(u));
      }
      return Value(u);
    }
    if (tag == "float") return Value(std::strtod(enc.at(1).get<std::string>().c_str(), nullptr));
    if (tag == "str") return Value(std::string_view(keep(enc.at(1).get<std::string>())));
    if (tag == "bytes") return Value(Bytes{keep(pyos::test::from_hex(enc.at(1).get<std::string>()))});
    if (tag == "dict") {
      std::vector<Item> items;
      for (const auto& kv : enc.at(1)) items.push_back({keep(kv.at(0).get<std::string>()), make(kv.at(1))});
      const auto& stored = maps_.emplace_back(std::move(items));
      return Value(Mapping(stored.data(), stored.size()));
    }
    if (tag == "obj") {
      return Value(points_.emplace_back(Point{enc.at(1).get<std::string>(), enc.at(2).get<std::string>()}));
    }
    throw std::runtime_error("unknown value encoding " + enc.dump());
  }

  // The golden "mapping": a record's attributes.
  Mapping mapping(const nlohmann::json& items) { return make(nlohmann::json::array({"dict", items})).as_map(); }

 private:
  const std::string& keep(std::string s) { return strings_.emplace_back(std::move(s)); }
  std::deque<std::string> strings_;
  std::deque<std::vector<Item>> maps_;
  std::deque<Point> points_;
};

inline detail::Style style_of(const std::string& s) {
  switch (s.at(0)) {
    case '%': return detail::Style::Percent;
    case '{': return detail::Style::StrFormat;
    default: return detail::Style::StringTemplate;
  }
}

// What a call produced, as the golden file writes it: ["ok", text] or [class, str(exc)].
template <class F>
nlohmann::json outcome(F&& f) {
  try {
    return nlohmann::json::array({"ok", f()});
  } catch (const pyos::BaseException& e) {
    return nlohmann::json::array({std::string(e.type_name()), std::string(e.what())});
  }
}

}  // namespace pyos::logging::test
