// File: pyos/os/fspath.hpp
//
// os — File Names, Command Line Arguments, and Environment Variables: fspath, fsencode,
// fsdecode. Python UTF-8 Mode.
//
// pyos holds every str as the bytes the file system sees: UTF-8, with any byte that is not
// valid UTF-8 kept as itself (where Python holds a lone surrogate U+DC80..U+DCFF, which
// os.fsencode turns back into the byte — the 'surrogateescape' rule). So pyos behaves as
// Python in UTF-8 Mode (-X utf8, PYTHONUTF8=1, the default from 3.15 by PEP 686) with the
// file system encoding 'utf-8' and the error handler 'surrogateescape', whatever the
// locale: str and bytes hold the same bytes, fsencode and fsdecode give back their argument,
// and names round-trip exactly. Where Python would show a str (repr, error messages), pyos
// shows the \udcXX escapes Python shows.
#pragma once

#include <string>

#include "pyos/pathlike.hpp"

namespace pyos::os {

// os.fspath(path): the path as a string (str and bytes unchanged; a PathLike object's
// fspath()). A std::filesystem::path gives its native string.
std::string fspath(const PathLike& path);
// os.fsencode(filename): the file-system bytes of the name (UTF-8 + surrogateescape).
std::string fsencode(const PathLike& filename);
// os.fsdecode(filename): the str of the name (the same bytes in pyos; see above).
std::string fsdecode(const PathLike& filename);

}  // namespace pyos::os
