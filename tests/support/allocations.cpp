// File: tests/support/allocations.cpp
#include "support/allocations.hpp"

#include <csignal>
#include <cstdlib>
#include <new>

namespace {

thread_local bool t_counting = false;
thread_local bool t_trap = false;
thread_local std::size_t t_count = 0;
thread_local std::size_t t_largest = 0;

void* counted(std::size_t n) {
  if (t_counting) {
    ++t_count;
    if (n > t_largest) t_largest = n;
    if (t_trap) std::raise(SIGTRAP);
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

}  // namespace

namespace pyos::test {

AllocationCount::AllocationCount() noexcept {
  reset();
  t_trap = std::getenv("PYOS_ALLOC_TRAP") != nullptr;
  t_counting = true;
}

AllocationCount::~AllocationCount() { t_counting = false; }

std::size_t AllocationCount::count() const noexcept { return t_count; }
std::size_t AllocationCount::largest() const noexcept { return t_largest; }

void AllocationCount::reset() noexcept {
  t_count = 0;
  t_largest = 0;
}

}  // namespace pyos::test

// The replacements: malloc and free on both sides. GCC pairs the inlined malloc and free as
// if they were mismatched with new and delete; they are this pair's own.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
