// File: tests/support/pyos_test.hpp
//
// What every pyos test may use: a private temporary directory per test, golden vectors from
// the CPython oracle, and assertions on raised Python exceptions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pyos/exceptions.hpp"

namespace pyos::test {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  // path() / name, as a string.
  std::string operator/(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A fixture giving each test its own TempDir.
class TempDirTest : public ::testing::Test {
 protected:
  TempDir tmp;
};

// Loads tests/golden/<relpath>. A missing or unreadable golden file fails the test (it
// throws, so a table-driven test cannot pass by iterating over nothing).
nlohmann::json golden(std::string_view relpath);

// The cases array of a golden file, checked to be non-empty.
const nlohmann::json& golden_cases(const nlohmann::json& doc);

// The "id" of each case of tests/golden/<relpath>, read without building the document (a
// parameterised suite names its tests from them when the binary starts, in every process
// ctest starts, where the full parse of every suite's file cost ~0.5 s under the
// sanitizers). When the file cannot be read, the one id "golden_file_unreadable", whose
// test then fails loading it.
std::vector<std::string> golden_case_ids(std::string_view relpath);

std::string from_hex(std::string_view hex);
// FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3): the oracle
// generators' fnv1a64, for bytes too long to keep in a golden file or compare in a message.
std::uint64_t fnv1a64(std::string_view data) noexcept;
// The whole content of a file ("" when it cannot be read).
std::string read_bytes(const std::filesystem::path& path);
// Runs `body` in a forked child whose process has a single thread and returns the child's
// exit code (-1 when it could not be forked, waited for, or did not exit). The child first
// checks that glibc says it has one thread and exits with 1 otherwise — except under
// ThreadSanitizer, whose runtime keeps a thread of its own (there the child is threaded).
int exit_code_in_single_threaded_child(const std::function<int()>& body);
// Whether exit_code_in_single_threaded_child can make such a child now: glibc's flag, which a
// child inherits, is cleared for good when the process starts its first thread. True in a
// test that ctest runs in a process of its own; a test run after others in one process may
// find it false, and then skips what needs the child (always true under ThreadSanitizer).
bool single_threaded_child_possible();

// Lower-case hex digits of bytes, two per byte (Python's bytes.hex()).
std::string hex(std::string_view bytes);

// The class an io object's repr() names: "<_io.BufferedReader name='f'>" -> "BufferedReader".
std::string repr_class(std::string_view repr);

// Live comparisons: runs `code` with the CPython oracle — the pinned version
// ($PYOS_ORACLE_VERSION, default 3.13) found as $PYOS_ORACLE_PYTHON, under pyenv, or as the
// system python3 — and returns its standard output parsed as JSON. The script gets `argv` as
// sys.argv[1:]. A failing interpreter fails the test (it throws). Where no interpreter of
// the pinned version exists, the test is reported as skipped by ctest (never compared with
// another version).
nlohmann::json run_python(std::string_view code, const std::vector<std::string>& argv = {});
// Whether the pinned oracle can be run here.
bool oracle_available();
// The interpreter run_python uses, with its version ("python3.13 (3.13.0)").
std::string python_description();

}  // namespace pyos::test

// EXPECT_RAISES(stmt, Type, errno): stmt throws Type (or a subclass, as Python's
// assertRaises) and, where `errnum` is not 0, the OSError's errno is `errnum`.
#define EXPECT_RAISES(stmt, Type, errnum)                                                 \
  do {                                                                                    \
    bool pyos_caught_ = false;                                                            \
    try {                                                                                 \
      stmt;                                                                               \
    } catch (const ::pyos::BaseException& pyos_e_) {                                      \
      pyos_caught_ = true;                                                                \
      ::pyos::test::detail::check_raised<Type>(pyos_e_, errnum, #stmt, #Type);            \
    }                                                                                     \
    if (!pyos_caught_) ADD_FAILURE() << #stmt " raised nothing, expected " #Type;         \
  } while (0)

// EXPECT_RAISES_MSG(stmt, Type, "str(exc)"): stmt throws exactly Type (type_name() equal)
// with what() equal to the message.
#define EXPECT_RAISES_MSG(stmt, Type, message)                                            \
  do {                                                                                    \
    bool pyos_caught_ = false;                                                            \
    try {                                                                                 \
      stmt;                                                                               \
    } catch (const ::pyos::BaseException& pyos_e_) {                                      \
      pyos_caught_ = true;                                                                \
      EXPECT_EQ(pyos_e_.type_name(), std::string_view(#Type)) << #stmt;                   \
      EXPECT_EQ(std::string_view(pyos_e_.what()), std::string_view(message)) << #stmt;    \
    }                                                                                     \
    if (!pyos_caught_) ADD_FAILURE() << #stmt " raised nothing, expected " #Type;         \
  } while (0)

namespace pyos::test::detail {
template <class E>
void check_errno(const E& e, int errnum) {
  if (errnum == 0) return;
  if constexpr (std::is_base_of_v<::pyos::OSError, E>) {
    EXPECT_EQ(e.errno_(), std::optional<int>(errnum)) << e.what();
  } else {
    ADD_FAILURE() << "an errno was expected, but " << e.type_name() << " is not an OSError";
  }
}

template <class Type>
void check_raised(const ::pyos::BaseException& e, int errnum, const char* stmt, const char* type) {
  if (const auto* t = dynamic_cast<const Type*>(&e)) {
    check_errno(*t, errnum);
  } else {
    ADD_FAILURE() << stmt << " raised " << e.type_name() << ": " << e.what() << ", expected " << type;
  }
}
}  // namespace pyos::test::detail
