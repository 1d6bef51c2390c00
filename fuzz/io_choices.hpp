// File: fuzz/io_choices.hpp
//
// The codecs and error handlers the io targets choose from: every encoding pyos has (one
// spelling each) and every error handler.
#pragma once

namespace pyos::fuzz {

inline constexpr const char* kEncodings[] = {"utf-8",     "utf-8-sig", "utf-16",    "utf-16-le",
                                             "utf-16-be", "utf-32",    "utf-32-le", "utf-32-be",
                                             "latin-1",   "ascii",     "cp1252"};
inline constexpr const char* kErrorHandlers[] = {"strict",          "ignore",        "replace",
                                                 "backslashreplace", "surrogateescape", "surrogatepass",
                                                 "xmlcharrefreplace", "namereplace"};

}  // namespace pyos::fuzz
