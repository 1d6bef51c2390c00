#include "pyos/pathlike.hpp"

#include "pyos/exceptions.hpp"

namespace pyos {

const char* PathLike::c_str(std::string_view func, std::string_view arg) const {
  if (has_nul()) {
    throw ValueError(std::string(func) + ": embedded null character in " + std::string(arg));
  }
  if (terminated_) return text_.data();
  // A string_view argument need not be terminated: keep a terminated copy.
  owned_.assign(text_);
  text_ = owned_;
  terminated_ = true;
  return owned_.c_str();
}

}  // namespace pyos
