// File: pyos/logging/levels.hpp
//
// logging's levels and the level <-> name registry (logging.addLevelName, getLevelName,
// getLevelNamesMapping). Thread-safe; names are never freed, so a record can hold a view
// of its level name.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pyos::logging {

inline constexpr int CRITICAL = 50;
inline constexpr int FATAL = CRITICAL;
inline constexpr int ERROR = 40;
inline constexpr int WARNING = 30;
inline constexpr int WARN = WARNING;
inline constexpr int INFO = 20;
inline constexpr int DEBUG = 10;
inline constexpr int NOTSET = 0;

// logging.addLevelName(level, levelName): a later name for the same number replaces the
// number's name (the old name still maps to the number, as in Python).
void addLevelName(int level, std::string_view levelName);

// logging.getLevelName(level): the name, or "Level <n>" for a number without one.
std::string getLevelName(int level);
// logging.getLevelName(name): Python's compatibility direction — the number registered for
// `name`, or the string "Level <name>" when there is none.
std::variant<int, std::string> getLevelName(std::string_view name);

// logging.getLevelNamesMapping(): name -> number, in Python's dict order.
std::vector<std::pair<std::string, int>> getLevelNamesMapping();

namespace detail {
// The level's name as a view that stays valid for the life of the process ("Level 5" for a
// number without a name is interned too).
std::string_view level_name_view(int level);
// logging._checkLevel for a name: the number, or ValueError("Unknown level: 'X'").
int check_level(std::string_view name);
}  // namespace detail

}  // namespace pyos::logging
