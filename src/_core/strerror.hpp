// File: _core/strerror.hpp
#pragma once

#include <string>

namespace pyos::_core {

// os.strerror(code): the C-locale message glibc has for the code ("No such file or
// directory"), or "Unknown error N". Python only sets LC_CTYPE from the environment, so its
// messages are the untranslated ones whatever the program's locale; this matches that.
std::string strerror(int code);

}  // namespace pyos::_core
