// Internal: Unicode character names as CPython's `namereplace` error handler finds them.
#pragma once

#include <string>

namespace pyos::io::text {

// Appends the name codecs.namereplace_errors would put in `\N{...}` for `cp` and returns
// true, or returns false (appending nothing) where it falls back to backslashreplace's form:
// controls, surrogates, unassigned code points and the private use code points CPython's
// name database does not use.
bool append_namereplace_name(std::string& out, char32_t cp);

}  // namespace pyos::io::text
