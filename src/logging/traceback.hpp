// File: logging/traceback.hpp
//
// What Python's traceback module gives logging, for C++: an exception's text (the form
// traceback.print_exception uses for an exception without a traceback, with nested
// exceptions as chained causes) and the native call stack in print_stack's layout, read
// through libbacktrace (file and line where the program has debug information).
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace pyos::logging::detail {

// "ValueError: bad value" — the chain first, as traceback prints it: a std::nested_exception's
// nested exception is its cause, joined by "\n\nThe above exception was the direct cause of
// the following exception:\n\n"; else a pyos exception's context() is joined by
// "\n\nDuring handling of the above exception, another exception occurred:\n\n".
// No final newline.
void format_exception(std::string& out, const std::exception_ptr& e);
// The exception's class name as Python would print it (pyos exceptions by their Python
// name, C++ types demangled).
std::string exception_type_name(const std::exception_ptr& e);

struct Frame {
  std::string filename;
  int lineno = 0;
  std::string function;
};

// The caller `stacklevel` frames above the first frame outside pyos::logging (1 = the
// frame that called the logging function). nullopt when the stack cannot be read.
std::optional<Frame> find_caller(int stacklevel);

// The call stack from main (or the thread's start) down to the first frame outside
// pyos::logging, as traceback.print_stack prints it: '  File "f", line N, in func\n' and
// the stripped source line indented by four spaces when the file can be read. Empty when
// the stack cannot be read.
std::string format_stack();

}  // namespace pyos::logging::detail
