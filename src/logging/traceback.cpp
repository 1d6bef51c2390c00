// File: logging/traceback.cpp
#include "logging/traceback.hpp"

#include <backtrace.h>
#include <cxxabi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <typeinfo>
#include <vector>

#include "logging/runtime.hpp"
#include "pyos/logging/record.hpp"
#include "pyos/exceptions.hpp"
#include "_core/text.hpp"

namespace pyos::logging::detail {
namespace {

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> d(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && d ? std::string(d.get()) : std::string(name);
}

// std::throw_with_nested wraps the thrown type in std::_Nested_exception<T>: name T.
std::string unwrap_nested_name(std::string name) {
  constexpr std::string_view wrapper = "std::_Nested_exception<";
  if (name.starts_with(wrapper) && name.ends_with(">")) {
    return name.substr(wrapper.size(), name.size() - wrapper.size() - 1);
  }
  return name;
}

// Classes outside builtins print with their module, as traceback does.
std::string python_name(const BaseException& e) {
  std::string name(e.type_name());
  if (e.module_name() != "builtins") name.insert(0, std::string(e.module_name()) + ".");
  return name;
}

// The text of one exception and the next one in its chain: its cause (std::nested_exception,
// Python's __cause__) or else its context() (__context__), as traceback follows them.
struct Link {
  std::string text;
  std::exception_ptr next;
  bool caused = false;  // `next` is the cause rather than the context
};

Link describe(const std::exception_ptr& e) {
  Link link;
  auto line = [&](std::string type, std::string_view message) {
    link.text = std::move(type);
    if (!message.empty()) {
      link.text += ": ";
      link.text += message;
    }
  };
  auto cause = [&](const std::nested_exception* n) {
    if (n && n->nested_ptr()) {
      link.next = n->nested_ptr();
      link.caused = true;
    }
  };
  try {
    std::rethrow_exception(e);
  } catch (const BaseException& x) {
    line(python_name(x), x.str());
    cause(dynamic_cast<const std::nested_exception*>(&x));
    if (!link.next) link.next = x.context();
  } catch (const std::exception& x) {
    line(unwrap_nested_name(demangle(typeid(x).name())), x.what());
    cause(dynamic_cast<const std::nested_exception*>(&x));
  } catch (const std::nested_exception& x) {
    line(unwrap_nested_name(demangle(typeid(x).name())), "");
    cause(&x);
  } catch (const NoneExcInfo&) {
    line("NoneType", "None");  // traceback's line for (None, None, None)
  } catch (...) {
    const std::type_info* t = e.__cxa_exception_type();
    line(t ? demangle(t->name()) : std::string("(unknown exception)"), "");
  }
  return link;
}

}  // namespace

std::string exception_type_name(const std::exception_ptr& e) {
  Link l = describe(e);
  return l.text.substr(0, l.text.find(": "));
}

void format_exception(std::string& out, const std::exception_ptr& e) {
  if (!e) {
    out += "NoneType: None";
    return;
  }
  // Outermost first. As traceback's _seen, an exception met before ends the chain, so a
  // cycle (an exception that is its own context, or two that are each other's) prints each
  // exception once, and a long chain prints whole.
  std::vector<Link> chain;
  std::vector<std::exception_ptr> seen;
  for (std::exception_ptr current = e; current && std::find(seen.begin(), seen.end(), current) == seen.end();) {
    seen.push_back(current);
    chain.push_back(describe(current));
    current = chain.back().next;
  }
  for (std::size_t i = chain.size(); i-- > 0;) {
    out += chain[i].text;
    if (i == 0) break;
    out += chain[i - 1].caused ? "\n\nThe above exception was the direct cause of the following exception:\n\n"
                               : "\n\nDuring handling of the above exception, another exception occurred:\n\n";
  }
}

void append_exc_info_repr(std::string& out, const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const NoneExcInfo&) {
    out += "(None, None, None)";
    return;
  } catch (...) {
  }
  Link l = describe(e);
  std::string type = l.text.substr(0, l.text.find(": "));
  std::string message = l.text.size() > type.size() ? l.text.substr(type.size() + 2) : std::string();
  out += "(<class '";
  out += type;
  out += "'>, ";
  out += type;
  out += '(';
  if (!message.empty()) out += _core::repr_str(message);
  out += "), None)";
}

// ---- The native stack

namespace {

backtrace_state* state() {
  static backtrace_state* s = backtrace_create_state(nullptr, /*threaded=*/1, nullptr, nullptr);
  return s;
}

struct Collected {
  std::vector<Frame> frames;  // innermost first
};

int collect(void* data, std::uintptr_t, const char* filename, int lineno, const char* function) {
  auto* c = static_cast<Collected*>(data);
  Frame f;
  if (filename) f.filename = filename;
  f.lineno = lineno;
  if (function) f.function = demangle(function);
  c->frames.push_back(std::move(f));
  return c->frames.size() >= 512 ? 1 : 0;  // bounded depth
}

void ignore_error(void*, const char*, int) {}

bool internal(const Frame& f) {
  return f.function.starts_with("pyos::logging::") || f.function.starts_with("void pyos::logging::") ||
         f.function.starts_with("std::") || f.function.empty();
}

// The frames a user would call their own: from the first non-logging frame outwards, up to
// main() (the runtime's start-up frames are left out).
std::vector<Frame> user_frames() {
  Collected c;
  if (backtrace_state* s = state()) backtrace_full(s, 1, &collect, &ignore_error, &c);
  std::vector<Frame> out;
  std::size_t i = 0;
  while (i < c.frames.size() && internal(c.frames[i])) ++i;
  for (; i < c.frames.size(); ++i) {
    Frame& f = c.frames[i];
    if (f.function.empty() && f.filename.empty()) continue;
    if (f.filename.starts_with("../")) break;  // glibc's own sources: libc_start_main, clone
    out.push_back(std::move(f));
    if (out.back().function == "main") break;
  }
  return out;
}

std::string python_function(const std::string& demangled) {
  return std::string(short_function_name(demangled));
}

std::string source_line(const std::string& file, int lineno) {
  if (file.empty() || lineno <= 0) return {};
  std::ifstream in(file);
  std::string line;
  for (int n = 1; n <= lineno && std::getline(in, line); ++n) {
    if (n == lineno) {
      std::size_t b = line.find_first_not_of(" \t\f\r\v");
      std::size_t e = line.find_last_not_of(" \t\f\r\v\n");
      return b == std::string::npos ? std::string() : line.substr(b, e - b + 1);
    }
  }
  return {};
}

}  // namespace

std::optional<Frame> find_caller(int stacklevel) {
  std::vector<Frame> frames = user_frames();
  if (frames.empty()) return std::nullopt;
  std::size_t index = stacklevel <= 1 ? 0 : static_cast<std::size_t>(stacklevel - 1);
  if (index >= frames.size()) index = frames.size() - 1;  // Python keeps the outermost frame
  Frame f = frames[index];
  f.function = python_function(f.function);
  if (f.filename.empty()) f.filename = "(unknown file)";
  return f;
}

std::string format_stack() {
  std::vector<Frame> frames = user_frames();
  std::string out;
  for (std::size_t i = frames.size(); i-- > 0;) {
    const Frame& f = frames[i];
    out += "  File \"";
    out += f.filename.empty() ? std::string("(unknown file)") : f.filename;
    out += "\", line ";
    out += std::to_string(f.lineno);
    out += ", in ";
    out += python_function(f.function);
    out += '\n';
    std::string code = source_line(f.filename, f.lineno);
    if (!code.empty()) {
      out += "    ";
      out += code;
      out += '\n';
    }
  }
  return out;
}

}  // namespace pyos::logging::detail

namespace pyos::logging {

std::exception_ptr none_exc_info() noexcept {
  static const std::exception_ptr none = std::make_exception_ptr(NoneExcInfo{});
  return none;
}

}  // namespace pyos::logging
