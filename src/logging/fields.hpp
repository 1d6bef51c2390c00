// File: logging/fields.hpp
//
// The standard attributes of a LogRecord by name, for getattr-style access (record.get(),
// the formatters' %(name)s fields, the `extra` clash check).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pyos/logging/record.hpp"

namespace pyos::logging::detail {

enum class Field : unsigned char {
  name, msg, args, levelname, levelno, pathname, filename, module, exc_info, exc_text, stack_info,
  lineno, funcName, created, msecs, relativeCreated, thread, threadName, processName, process,
  taskName, message, asctime, none
};

// The field of a standard attribute name (Field::none for any other name). "message" and
// "asctime" count: they exist once a Formatter has run.
Field field_of(std::string_view name) noexcept;

// The value of a standard attribute. Text that the record does not hold as such (args and
// exc_info, shown as Python's repr of the tuple) is rendered into `scratch`. Returns nullopt
// for message/asctime before a formatter set them (Python: AttributeError).
std::optional<Value> field_value(const LogRecord& record, Field field, std::string& scratch);

// repr(record.args): '(1, 'a')', '(1,)', '()' or the mapping's repr.
void append_args_repr(std::string& out, std::span<const Value> args);

}  // namespace pyos::logging::detail
