// File: tests/support/allocations.hpp
//
// Counting the heap allocations a piece of code makes. allocations.cpp replaces the global
// operator new and delete (with malloc and free) for the whole test binary it is linked
// into, so only the binaries whose tests count link it (the pyos_test_allocations library).
// The count is this thread's allocations inside an AllocationCount's life; one
// AllocationCount at a time per thread.
//
//     pyos::test::AllocationCount allocations;
//     code_under_test();
//     EXPECT_EQ(allocations.count(), 0u);
//
// With PYOS_ALLOC_TRAP=1 in the environment (under a debugger), a counted allocation raises
// SIGTRAP, stopping at the allocation that breaks a test.
#pragma once

#include <cstddef>

namespace pyos::test {

class AllocationCount {
 public:
  AllocationCount() noexcept;  // counts from zero
  ~AllocationCount();
  AllocationCount(const AllocationCount&) = delete;
  AllocationCount& operator=(const AllocationCount&) = delete;

  std::size_t count() const noexcept;    // allocations so far
  std::size_t largest() const noexcept;  // the largest size requested so far
  void reset() noexcept;                 // counts from zero again
};

}  // namespace pyos::test
