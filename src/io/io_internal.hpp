// File: io/io_internal.hpp
//
// What the binary io sources share and do not export.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"
#include "pyos/io/iobase.hpp"

namespace pyos::io::detail {

// CPython's PyErr_WriteUnraisable for a stream finalizer: "Exception ignored in: <repr>"
// then "Type: message" on stderr (CPython also prints a traceback, which C++ has not).
void report_unraisable(const IOBase& stream, std::string_view type, std::string_view message) noexcept;

std::string repr_filename(const Filename& name);

inline std::span<const std::byte> bytes_of(std::string_view s) noexcept { return std::as_bytes(std::span(s)); }

// open()'s text step: TextIOWrapper(buffer, encoding, errors, newline, line_buffering).
// Lives in open_text.cpp (or open_notext.cpp without the text layer).
std::shared_ptr<IOBase> wrap_text(std::shared_ptr<BufferedIOBase> buffer, const std::string& mode,
                                  const std::optional<std::string>& encoding, const std::optional<std::string>& errors,
                                  const std::optional<std::string>& newline, bool line_buffering);

}  // namespace pyos::io::detail
