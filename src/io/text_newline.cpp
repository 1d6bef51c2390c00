// io.IncrementalNewlineDecoder, as CPython's _io and Lib/_pyio.py define it.
#include "pyos/io/newline.hpp"

#include <cstring>

#include "io_internal.hpp"
#include "text_unicode.hpp"

namespace pyos::io {
namespace {
constexpr unsigned kLF = 1, kCR = 2, kCRLF = 4;

// decode() with translation of text that decodes to itself (valid UTF-8, or str): copied
// from `in` to `out` a run between two '\r' at a time, instead of a copy of the whole and
// then a move of each run within it (feed). "\r\n" and "\r" become "\n", a '\r' ending the
// input waits for the next one unless final, and a '\r' pending from the last input comes
// first. n > 0; out has room for n + 1 bytes. Returns the bytes written.
std::size_t translate_copy(const char* in, std::size_t n, bool final, char* out, bool& pendingcr,
                           unsigned& seen) noexcept {
  std::size_t i = 0, w = 0;
  if (pendingcr) {
    pendingcr = false;
    out[w++] = '\n';
    if (in[0] == '\n') {
      seen |= kCRLF;
      i = 1;
    } else {
      seen |= kCR;
    }
  }
  for (;;) {
    // memchr then memcpy: as fast here as one SSE2 loop that copies and looks at once.
    const void* hit = std::memchr(in + i, '\r', n - i);
    const std::size_t stop = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - in) : n;
    if (!(seen & kLF) && std::memchr(in + i, '\n', stop - i)) seen |= kLF;
    std::memcpy(out + w, in + i, stop - i);
    w += stop - i;
    i = stop;
    if (i == n) return w;
    if (i + 1 < n) {
      if (in[i + 1] == '\n') {
        seen |= kCRLF;
        i += 2;
      } else {
        seen |= kCR;
        ++i;
      }
    } else if (final) {
      seen |= kCR;
      ++i;
    } else {
      pendingcr = true;
      return w;
    }
    out[w++] = '\n';
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
      return translate_copy(input.data(), input.size(), final, out, pendingcr_, seennl_);
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
  if (!final && !output.empty() && output.back() == '\r') {
    output.pop_back();
    pendingcr_ = true;
  }
  const char* p = output.data();
  const std::size_t n = output.size();
  // Find the first '\r' (memchr speed); text without one only needs the '\n' check.
  const void* cr = std::memchr(p, '\r', n);
  if (!cr) {
    if (!(seennl_ & kLF) && std::memchr(p, '\n', n)) seennl_ |= kLF;
    return;
  }
  std::size_t i = static_cast<std::size_t>(static_cast<const char*>(cr) - p);
  if (!(seennl_ & kLF) && std::memchr(p, '\n', i)) seennl_ |= kLF;
  std::size_t w = i;  // write position when translating (w <= i)
  char* q = output.data();
  // From one '\r' to the next with memchr: each newline at a '\r' is classified, and the
  // run up to the next '\r' (no '\r' in it, so only '\n' newlines) moves down in one piece.
  while (i < n) {
    // q[i] == '\r'
    if (i + 1 < n && q[i + 1] == '\n') {
      seennl_ |= kCRLF;
      if (translate_) {
        q[w++] = '\n';
      } else {
        q[w++] = '\r';
        q[w++] = '\n';
      }
      i += 2;
    } else {
      seennl_ |= kCR;
      q[w++] = translate_ ? '\n' : '\r';
      ++i;
    }
    const void* next = i < n ? std::memchr(q + i, '\r', n - i) : nullptr;
    const std::size_t stop = next ? static_cast<std::size_t>(static_cast<const char*>(next) - q) : n;
    if (!(seennl_ & kLF) && std::memchr(q + i, '\n', stop - i)) seennl_ |= kLF;
    if (w != i) std::memmove(q + w, q + i, stop - i);
    w += stop - i;
    i = stop;
  }
  output.resize(w);
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
