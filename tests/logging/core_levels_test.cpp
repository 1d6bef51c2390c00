// Levels against CPython 3.13 (tests/golden/logging/core_levels.json, written by
// tools/oracle/gen_logging_core.py): getLevelName in both directions, getLevelNamesMapping,
// level names as accepted by setLevel (logging._checkLevel), and a sequence of addLevelName
// calls with the whole state compared after each. Each TEST runs in its own process, so the
// sequence starts from the built-in registry.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "logging/core_support.hpp"

namespace pyos::logging::coretest {
namespace {

json name_lookup(std::string_view name) {
  auto v = getLevelName(name);
  if (const int* n = std::get_if<int>(&v)) return *n;
  return std::get<std::string>(v);
}

// Compares the registry with one recorded state; `where` names the step.
void expect_state(const json& state, const std::string& where) {
  for (const auto& row : state.at("int")) {
    const int level = row.at(0).get<int>();
    EXPECT_EQ(getLevelName(level), row.at(1).get<std::string>()) << where << ": getLevelName(" << level << ")";
    // A record's levelname is the same lookup.
    LogRecord r("n", level, "p", 1, Value("m"), {});
    EXPECT_EQ(r.levelname, row.at(1).get<std::string>()) << where << ": LogRecord levelname for " << level;
  }
  for (const auto& row : state.at("name")) {
    const std::string name = row.at(0).get<std::string>();
    EXPECT_EQ(name_lookup(name), row.at(1)) << where << ": getLevelName(" << show(row.at(0)) << ")";
  }
  json mapping = json::array();
  for (const auto& [name, level] : getLevelNamesMapping()) mapping.push_back(json::array({name, level}));
  EXPECT_EQ(mapping, state.at("mapping")) << where << ": getLevelNamesMapping()";
  for (const auto& row : state.at("check_level")) {
    const std::string name = row.at(0).get<std::string>();
    const json got = outcome([&] {
      Logger probe("probe");
      probe.setLevel(std::string_view(name));
      return probe.level();
    });
    EXPECT_EQ(got, row.at(1)) << where << ": Logger.setLevel(" << show(row.at(0)) << ")";
  }
}

TEST(LoggingCoreLevels, InitialStateMatchesCPython) {
  const json doc = pyos::test::golden("logging/core_levels.json");
  expect_state(doc.at("initial"), "initial");
}

TEST(LoggingCoreLevels, AddLevelNameSequenceMatchesCPython) {
  const json doc = pyos::test::golden("logging/core_levels.json");
  int step = 0;
  for (const auto& s : pyos::test::golden_cases(doc)) {
    const int level = s.at("add").at(0).get<int>();
    const std::string name = s.at("add").at(1).get<std::string>();
    addLevelName(level, name);
    expect_state(s.at("state"),
                 "after step " + std::to_string(++step) + " addLevelName(" + std::to_string(level) + ", " +
                     show(s.at("add").at(1)) + ")");
  }
}

// Handler.setLevel and logging.disable take names through the same check.
TEST(LoggingCoreLevels, NamesAcceptedEverywhere) {
  auto h = std::make_shared<NullHandler>();
  h->setLevel(std::string_view("ERROR"));
  EXPECT_EQ(h->level(), ERROR);
  EXPECT_RAISES_MSG(h->setLevel(std::string_view("error")), ValueError, "Unknown level: 'error'");
  EXPECT_RAISES_MSG(disable(std::string_view("NOPE")), ValueError, "Unknown level: 'NOPE'");
  disable(std::string_view("WARN"));
  EXPECT_EQ(root().manager()->disable(), WARNING);
  disable(NOTSET);
}

}  // namespace
}  // namespace pyos::logging::coretest
