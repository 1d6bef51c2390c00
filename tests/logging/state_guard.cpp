// File: tests/logging/state_guard.cpp
//
// Linked into every logging test binary whose tests touch the module's state: each test
// starts from the state the one before it found (logging/snapshot.hpp), as CPython's
// test_logging restores the module after each test. ctest runs every test in a process of
// its own (docs/conventions.md), where this changes nothing; it is what lets the binary be
// run whole, filtered or shuffled (--gtest_shuffle) by hand.
//
// The listener is appended before main() runs, so it comes before the resource-leak check
// of tests/support/test_main.cpp; GoogleTest calls OnTestEnd in reverse order, so the leak
// check looks at what the test itself left, and the restore runs after it.
#include <memory>

#include <gtest/gtest.h>

#include "logging/snapshot.hpp"

namespace {

class ModuleStateGuard final : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override {
    saved_ = std::make_unique<pyos::logging::detail::ModuleSnapshot>();
  }
  void OnTestEnd(const testing::TestInfo&) override {
    if (saved_) saved_->restore();
    saved_.reset();
  }

 private:
  std::unique_ptr<pyos::logging::detail::ModuleSnapshot> saved_;
};

[[maybe_unused]] const bool registered = [] {
  testing::UnitTest::GetInstance()->listeners().Append(new ModuleStateGuard);
  return true;
}();

}  // namespace
