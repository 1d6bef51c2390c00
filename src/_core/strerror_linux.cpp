#include "_core/strerror.hpp"

#include <string.h>  // strerrordesc_np (glibc 2.32+): locale-independent, thread-safe

#include <fmt/format.h>

namespace pyos::_core {

std::string strerror(int code) {
  if (const char* text = ::strerrordesc_np(code)) return text;
  return fmt::format("Unknown error {}", code);
}

}  // namespace pyos::_core
