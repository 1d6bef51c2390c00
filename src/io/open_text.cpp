// The text half of io.open(): wraps the buffered stream in a TextIOWrapper. Built only when
// the text layer (src/io/text.cmake) is part of the library; see binary.cmake.
#include "io_internal.hpp"
#include "pyos/io/textio.hpp"

namespace pyos::io::detail {

std::shared_ptr<IOBase> wrap_text(std::shared_ptr<BufferedIOBase> buffer, const std::string& mode,
                                  const std::optional<std::string>& encoding, const std::optional<std::string>& errors,
                                  const std::optional<std::string>& newline, bool line_buffering) {
  // encoding None is text_encoding(None) ("utf-8"); TextIOWrapper applies it itself.
  auto text = std::make_shared<TextIOWrapper>(std::move(buffer), TextIOWrapperOptions{.encoding = encoding,
                                                                                      .errors = errors,
                                                                                      .newline = newline,
                                                                                      .line_buffering = line_buffering});
  text->set_mode(mode);  // Python: open() sets the wrapper's mode to the mode string given
  return text;
}

}  // namespace pyos::io::detail
