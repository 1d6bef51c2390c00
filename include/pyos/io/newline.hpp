// File: pyos/io/newline.hpp
//
// io.IncrementalNewlineDecoder: universal-newline decoding on top of an optional
// incremental decoder. A trailing '\r' is held back until the next input (or final) so that
// "\r\n" split across calls is still one newline: the output never depends on how the input
// is chunked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/io/codecs.hpp"

namespace pyos::io {

class IncrementalNewlineDecoder {
 public:
  // IncrementalNewlineDecoder(decoder, translate, errors='strict'). With `decoder` null,
  // decode() takes str (as Python's decoder=None); otherwise bytes for that decoder.
  IncrementalNewlineDecoder(std::unique_ptr<codecs::IncrementalDecoder> decoder, bool translate);

  // decode(input, final=False) -> str. Raises what the wrapped decoder raises.
  std::string decode(std::string_view input, bool final = false);
  // C++ addition: decode(input, final) into `out`, replacing its content and reusing its
  // capacity (TextIOWrapper decodes every chunk into one buffer this way). On an exception
  // the decoder's state is unchanged, as with decode(), and `out` holds unspecified text.
  void decode(std::string_view input, bool final, std::string& out);
  // getstate(): the wrapped decoder's (buffer, flag) with flag shifted left one bit and the
  // pending '\r' in bit 0, as Python's.
  codecs::IncrementalDecoder::State getstate() const;
  void setstate(const codecs::IncrementalDecoder::State& state);
  void reset();
  // newlines: None, or the kinds seen in Python's order ("\r", "\n", "\r\n").
  std::optional<std::vector<std::string>> newlines() const;

  bool translate() const noexcept { return translate_; }
  codecs::IncrementalDecoder* decoder() const noexcept { return decoder_.get(); }

 private:
  void feed(std::string& output, bool final);

  std::unique_ptr<codecs::IncrementalDecoder> decoder_;
  bool translate_;
  bool pendingcr_ = false;
  unsigned seennl_ = 0;
};

}  // namespace pyos::io
