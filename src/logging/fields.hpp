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

// The C++ type that stands for Python's tuple when a record shows args/exc_info as an object
// (Value::type_name() gives 'tuple' for it).
struct TupleText {};

// In the order of Python's LogRecord.__dict__ (name .. taskName), then the two attributes a
// Formatter adds.
enum class Field : unsigned char {
  name, msg, args, levelname, levelno, pathname, filename, module, exc_info, exc_text, stack_info,
  lineno, funcName, created, msecs, relativeCreated, thread, threadName, processName, process,
  taskName, message, asctime, none
};

// The name of a field (not Field::none).
std::string_view field_name(Field field) noexcept;

// The field of a standard attribute name (Field::none for any other name). "message" and
// "asctime" count: they exist once a Formatter has run.
Field field_of(std::string_view name) noexcept;

// The value of a standard attribute, viewing the record (args and exc_info are objects of
// type 'tuple' that print as Python's tuples; a single mapping argument is the mapping).
// Returns nullopt for asctime before a formatter set it (Python: AttributeError).
std::optional<Value> field_value(const LogRecord& record, Field field);

// repr(record.args): '(1, 'a')', '(1,)', '()' or the mapping's repr.
void append_args_repr(std::string& out, std::span<const Value> args);
// bool(v) as Python decides it (an object is true).
bool truthy(const Value& v) noexcept;

}  // namespace pyos::logging::detail
