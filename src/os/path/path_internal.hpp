// File: src/os/path/path_internal.hpp — shared by the os.path sources; not installed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pyos::os::path::detail {

// normpath over s[0, n) in place (n > 0); returns the new length, which is never more than n
// (an empty result is written as "."). The output never overtakes the input, so a single
// left-to-right pass can write where it reads.
std::size_t normalize_in_place(char* s, std::size_t n) noexcept;

// abspath(p): normpath(p), or normpath(getcwd() + "/" + p) when p is relative. Raises what
// os.getcwd() raises.
std::string absolute(std::string_view p);

}  // namespace pyos::os::path::detail
