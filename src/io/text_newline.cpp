// io.IncrementalNewlineDecoder, as CPython's _io and Lib/_pyio.py define it.
#include "pyos/io/newline.hpp"

#include <cstring>

#include "io_internal.hpp"
#include "text_unicode.hpp"

namespace pyos::io {
namespace {
constexpr unsigned kLF = 1, kCR = 2, kCRLF = 4;

// The newline pass over decoded text, from `in` to `out` one run between two '\r' at a time
// (memchr, then a move): each newline at a '\r' is classified and, translating, written as
// '\n'; a '\r' ending the text waits for the next input unless final (pendingcr). Either in
// place (out == in, pendingcr false on entry: the caller put a pending '\r' in front), or
// from text that decodes to itself straight into the output (translating; a pending '\r'
// comes first), instead of a copy of the whole and then the pass in place. out has room
// for n + 1 bytes. Returns the bytes written.
std::size_t newline_pass(const char* in, std::size_t n, bool final, char* out, bool translate, bool& pendingcr,
                         unsigned& seen) noexcept {
  std::size_t i = 0, w = 0;
  if (pendingcr) {
    pendingcr = false;
    out[w++] = '\n';
    if (n > 0 && in[0] == '\n') {
      seen |= kCRLF;
      i = 1;
    } else {
      seen |= kCR;
    }
  }
  for (;;) {
    // memchr then a move: as fast here as one SSE2 loop that copies and looks at once.
    const void* hit = std::memchr(in + i, '\r', n - i);
    const std::size_t stop = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - in) : n;
    if (!(seen & kLF) && std::memchr(in + i, '\n', stop - i)) seen |= kLF;
    if (out + w != in + i) std::memmove(out + w, in + i, stop - i);
    w += stop - i;
    i = stop;
    if (i == n) return w;
    const bool crlf = i + 1 < n && in[i + 1] == '\n';
    if (!crlf && i + 1 == n && !final) {
      pendingcr = true;
      return w;
    }
    seen |= crlf ? kCRLF : kCR;
    i += crlf ? 2 : 1;
    if (translate) {
      out[w++] = '\n';
    } else {
      out[w++] = '\r';
      if (crlf) out[w++] = '\n';
    }
  }
}
}  // namespace

IncrementalNewlineDecoder::IncrementalNewlineDecoder(std::unique_ptr<codecs::IncrementalDecoder> decoder,
                                                     bool translate)
    : decoder_(std::move(decoder)), translate_(translate) {}

std::string IncrementalNewlineDecoder::decode(std::string_view input, bool final) {
  std::string output;
  decode(input, final, output);
  return output;
}

void IncrementalNewlineDecoder::decode(std::string_view input, bool final, std::string& output) {
  if (translate_ && !input.empty() && (!decoder_ || text::decodes_to_itself(*decoder_, input))) {
    detail::fill_string(output, input.size() + 1, [&](char* out, std::size_t) {
      return newline_pass(input.data(), input.size(), final, out, true, pendingcr_, seennl_);
    });
    return;
  }
  output.clear();
  output.reserve(input.size() + 1);  // the common codecs decode to at most their input's size
  if (pendingcr_) output.push_back('\r');
  const std::size_t prefix = output.size();
  if (decoder_) {
    decoder_->decode(input, final, output);
  } else {
    output.append(input);
  }
  if (prefix && output.size() == prefix && !final) {
    // Nothing new: the '\r' stays pending.
    output.clear();
    return;
  }
  pendingcr_ = false;
  feed(output, final);
}

void IncrementalNewlineDecoder::feed(std::string& output, bool final) {
  char* p = output.data();
  output.resize(newline_pass(p, output.size(), final, p, translate_, pendingcr_, seennl_));
}

codecs::IncrementalDecoder::State IncrementalNewlineDecoder::getstate() const {
  codecs::IncrementalDecoder::State state;
  if (decoder_) state = decoder_->getstate();
  state.flag = (state.flag << 1) | (pendingcr_ ? 1u : 0u);
  return state;
}

void IncrementalNewlineDecoder::setstate(const codecs::IncrementalDecoder::State& state) {
  pendingcr_ = (state.flag & 1) != 0;
  if (decoder_) decoder_->setstate({state.buffer, state.flag >> 1});
}

void IncrementalNewlineDecoder::reset() {
  seennl_ = 0;
  pendingcr_ = false;
  if (decoder_) decoder_->reset();
}

std::optional<std::vector<std::string>> IncrementalNewlineDecoder::newlines() const {
  std::vector<std::string> kinds;
  if (seennl_ & kCR) kinds.emplace_back("\r");
  if (seennl_ & kLF) kinds.emplace_back("\n");
  if (seennl_ & kCRLF) kinds.emplace_back("\r\n");
  if (kinds.empty()) return std::nullopt;
  return kinds;
}

}  // namespace pyos::io
