// io.TextIOWrapper, following CPython's C implementation (Modules/_io/textio.c) where it
// differs from Lib/_pyio.py: chunk sizes, when pending bytes reach the buffer, the tell()
// search, and which state survives EOF — all of which show in tell() cookies.
#include "pyos/io/textio.hpp"

#include <algorithm>
#include <cstring>
#include <typeinfo>

#include "_core/text.hpp"
#include "buffered_internal.hpp"
#include "io_internal.hpp"
#include "text_unicode.hpp"

namespace pyos::io {
namespace {
constexpr std::size_t kChunkSize = 8192;  // CPython's TextIOWrapper._CHUNK_SIZE
// The largest decoded chunk kept for reuse (read(n) with a large n decodes more at once).
constexpr std::size_t kSpareCapacity = 16 * kChunkSize;

bool valid_newline(const std::optional<std::string>& nl) {
  return !nl || nl->empty() || *nl == "\n" || *nl == "\r" || *nl == "\r\n";
}
}  // namespace

struct TextIOWrapper::State {
  std::shared_ptr<BufferedIOBase> buffer;
  // buffer when it is exactly a BufferedReader, BufferedWriter or BufferedRandom (final
  // classes): closed() is asked of it without a virtual call — still on every call, so a
  // buffer or raw stream closed behind the wrapper's back is seen — and flush() hands it the
  // pending bytes and the flush in one call.
  BufferedBase* buffered = nullptr;
  std::string encoding, errors;
  std::optional<std::string> readnl;
  bool readuniversal = true, readtranslate = true, writetranslate = true;
  std::string writenl;  // empty: no translation on write
  bool line_buffering = false, write_through = false;
  std::unique_ptr<codecs::IncrementalEncoder> encoder;
  // The encoder is the plain "utf-8" codec's: valid UTF-8 text encodes to itself.
  bool utf8_encoder = false;
  // The encoder is the "utf-16" or "utf-32" codec's (a BOM at the start of the stream).
  bool bom_encoder = false;
  // The decoder's output is always valid UTF-8: every codec decodes to valid code points,
  // and these error handlers add nothing else (surrogateescape and surrogatepass add lone
  // surrogates, which the str representation holds as invalid UTF-8).
  bool decodes_valid = false;
  // The decoder: the newline decoder around the codec's (universal modes), or the codec's.
  std::unique_ptr<IncrementalNewlineDecoder> nldecoder;
  std::unique_ptr<codecs::IncrementalDecoder> decoder;
  std::optional<std::string> decoded;  // C's decoded_chars (nullopt: NULL)
  std::size_t used = 0;                // bytes of `decoded` already returned
  // Dropped chunks: the last one (whose characters may not be counted yet, below), and a
  // buffer that holds no text, whose capacity the next chunk is decoded into.
  std::string spare, fresh;
  struct Snapshot {
    std::uint64_t dec_flags;
    std::string next_input;
  };
  std::optional<Snapshot> snapshot;
  // The snapshot's bytes may end in bytes the buffer lends (read_chunk): `buffered` appends
  // them to next_input before it overwrites them, and tell() asks for them. The snapshot is
  // dropped and replaced through these, which end the loan.
  bool lent() const noexcept { return buffered && snapshot && buffered->lent_to_ == &snapshot->next_input; }
  void drop_snapshot() noexcept {
    if (lent()) buffered->lent_to_ = nullptr;
    snapshot.reset();
  }
  void set_snapshot(std::uint64_t flags, std::string bytes) {
    drop_snapshot();
    snapshot = Snapshot{flags, std::move(bytes)};
  }
  ~State() { drop_snapshot(); }
  bool seekable = false, telling = false;
  // Bytes per character of the last chunk decoded (CPython's _b2cratio). Counting the
  // characters of every chunk costs a pass over it, and only read(n) and tell() ask: the
  // count waits until one of them does. Until then the chunk's text is kept, in `decoded`
  // or, once dropped, in `spare`; it is counted before anything overwrites it.
  double b2cratio = 0.0;
  std::size_t b2c_input = 0;  // the chunk's input bytes while its count waits
  enum class Uncounted : unsigned char { no, in_decoded, in_spare } uncounted = Uncounted::no;
  std::string pending;   // encoded bytes not yet written to the buffer
  std::string flushing;  // pending while it is written out (keeps its capacity)
  std::optional<std::string> mode;

  bool has_decoder() const { return nldecoder || decoder; }
  bool buffer_closed() const {
    // An attached BufferedReader/Writer/Random: its test of raw in line (the call cost a tenth
    // of a decoded line's readline); a detached one raises as its closed() does.
    if (buffered) return buffered->detached_ ? buffered->BufferedBase::closed() : buffered->raw_closed();
    return buffer->closed();
  }
  void decode(std::string_view input, bool final, std::string& out) {
    if (nldecoder) {
      if (out.empty()) {
        nldecoder->decode(input, final, out);  // into out's capacity
      } else {
        out += nldecoder->decode(input, final);
      }
    } else {
      decoder->decode(input, final, out);
    }
  }
  codecs::IncrementalDecoder::State getstate() const { return nldecoder ? nldecoder->getstate() : decoder->getstate(); }
  void setstate(const codecs::IncrementalDecoder::State& s) {
    if (nldecoder) {
      nldecoder->setstate(s);
    } else {
      decoder->setstate(s);
    }
  }
  void reset_decoder() {
    if (nldecoder) {
      nldecoder->reset();
    } else if (decoder) {
      decoder->reset();
    }
  }
  double ratio() {
    if (uncounted != Uncounted::no) {
      const std::string& text = uncounted == Uncounted::in_decoded ? *decoded : spare;
      const std::size_t nchars = decodes_valid ? text::count_valid(text.data(), text.size()) : text::str_len(text);
      b2cratio = static_cast<double>(b2c_input) / static_cast<double>(nchars);
      uncounted = Uncounted::no;
    }
    return b2cratio;
  }
  void clear_decoded() {
    if (decoded) {
      if (uncounted == Uncounted::in_spare) ratio();  // spare is about to change
      if (decoded->capacity() <= kSpareCapacity) {
        spare.swap(*decoded);
        if (uncounted == Uncounted::in_decoded) uncounted = Uncounted::in_spare;
        // The chunk spare held before: kept for the next chunk's text.
        if (fresh.capacity() < decoded->capacity()) fresh.swap(*decoded);
      } else if (uncounted == Uncounted::in_decoded) {
        ratio();
      }
      decoded.reset();
    }
    used = 0;
  }
  // What a write does to the read side, as CPython's: the decoder's state is dropped, and
  // the decoded text with the snapshot when there is one (there is none while lines are
  // iterated, so the rest of the decoded chunk is still read after a write).
  void forget_read_ahead() {
    if (snapshot) {
      clear_decoded();
      drop_snapshot();
    }
    reset_decoder();
  }
  // check_open's test, in line for the per-call paths (check_open raises when it fails).
  bool usable() const { return buffer && !buffer_closed(); }
  // Hands the pending bytes to `write` (the buffer's write, or its write-and-flush). They
  // leave `pending` before the call, as in CPython; the two strings trade buffers so that
  // neither allocates again in steady state.
  template <class Write>
  void send_pending(Write&& write) {
    std::string& bytes = flushing;
    bytes.swap(pending);
    pending.clear();
    try {
      write(std::string_view(bytes));
    } catch (...) {
      bytes.clear();
      throw;
    }
    bytes.clear();
  }
};

TextIOWrapper::TextIOWrapper(std::shared_ptr<BufferedIOBase> buffer, const TextIOWrapperOptions& options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  if (!valid_newline(options.newline)) throw ValueError("illegal newline value: " + *options.newline);
  // io.text_encoding(None): pyos is always in UTF-8 mode (docs/io.md); "locale" too.
  std::string encoding = options.encoding.value_or("utf-8");
  if (encoding == "locale") encoding = "utf-8";
  const std::string errors = options.errors.value_or("strict");
  s.buffer = std::move(buffer);
  if (const BufferedIOBase* b = s.buffer.get()) {
    const std::type_info& type = typeid(*b);
    if (type == typeid(BufferedReader) || type == typeid(BufferedWriter) || type == typeid(BufferedRandom))
      s.buffered = static_cast<BufferedBase*>(s.buffer.get());
  }
  s.line_buffering = options.line_buffering;
  s.write_through = options.write_through;
  codecs::lookup(encoding);  // LookupError first, as CPython
  s.encoding = encoding;
  s.errors = errors;
  s.readnl = options.newline;
  s.readuniversal = !s.readnl || s.readnl->empty();
  s.readtranslate = !s.readnl;
  s.writetranslate = !s.readnl || !s.readnl->empty();
  if (!s.readuniversal && *s.readnl != "\n") s.writenl = *s.readnl;
  set_codecs();
  s.seekable = s.telling = s.buffer->seekable();
  fix_encoder_state();
}

TextIOWrapper::~TextIOWrapper() {
  if (state_ && state_->buffer) close_from_destructor();
}

void TextIOWrapper::set_codecs() {
  State& s = *state_;
  s.nldecoder.reset();
  s.decoder.reset();
  s.encoder.reset();
  if (s.buffer->readable()) {
    auto dec = codecs::getincrementaldecoder(s.encoding, s.errors);
    if (s.readuniversal) {
      s.nldecoder = std::make_unique<IncrementalNewlineDecoder>(std::move(dec), s.readtranslate);
    } else {
      s.decoder = std::move(dec);
    }
  }
  if (s.buffer->writable()) s.encoder = codecs::getincrementalencoder(s.encoding, s.errors);
  const std::string codec = s.encoder ? codecs::lookup(s.encoding) : std::string();
  s.utf8_encoder = codec == "utf-8";
  s.bom_encoder = codec == "utf-16" || codec == "utf-32";
  s.decodes_valid = s.errors == "strict" || s.errors == "ignore" || s.errors == "replace" || s.errors == "backslashreplace";
}

// Do not write a BOM in the middle of a file (appending, or a stream opened elsewhere).
void TextIOWrapper::fix_encoder_state() {
  State& s = *state_;
  if (s.seekable && s.encoder) {
    if (static_cast<std::int64_t>(s.buffer->tell()) != 0) s.encoder->setstate(0);
  }
}

void TextIOWrapper::check_attached() const {
  if (!state_->buffer) throw ValueError("underlying buffer has been detached");
}

void TextIOWrapper::check_open() const {
  check_attached();
  if (state_->buffer_closed()) throw ValueError("I/O operation on closed file.");
}

void TextIOWrapper::write_flush() {
  State& s = *state_;
  if (s.pending.empty()) return;
  s.send_pending([&](std::string_view bytes) { s.buffer->write(bytes); });
}

bool TextIOWrapper::line_buffering() const { return state_->line_buffering; }
bool TextIOWrapper::write_through() const { return state_->write_through; }

std::optional<std::string> TextIOWrapper::encoding() const { return state_->encoding; }
std::optional<std::string> TextIOWrapper::errors() const { return state_->errors; }

std::optional<std::vector<std::string>> TextIOWrapper::newlines() const {
  if (!state_->nldecoder) return std::nullopt;
  return state_->nldecoder->newlines();
}

std::shared_ptr<BufferedIOBase> TextIOWrapper::buffer() const { return state_->buffer; }

std::optional<Filename> TextIOWrapper::name() const {
  check_attached();
  return state_->buffer->name();
}

std::optional<std::string> TextIOWrapper::mode() const { return state_->mode; }
void TextIOWrapper::set_mode(std::string mode) { state_->mode = std::move(mode); }

std::string TextIOWrapper::repr() const {
  std::string r = "<_io.TextIOWrapper";
  if (state_->buffer) {
    try {
      if (auto n = state_->buffer->name()) r += " name=" + n->repr();
    } catch (const Exception&) {
      // CPython leaves the name out when it cannot be read.
    }
  }
  if (state_->mode) r += " mode=" + _core::repr_str(*state_->mode);
  r += " encoding=" + _core::repr_str(state_->encoding) + ">";
  return r;
}

std::shared_ptr<BufferedIOBase> TextIOWrapper::detach() {
  check_attached();
  flush();
  state_->drop_snapshot();
  std::shared_ptr<BufferedIOBase> b = std::move(state_->buffer);
  state_->buffer.reset();
  state_->buffered = nullptr;
  return b;
}

void TextIOWrapper::close() {
  check_attached();
  if (state_->buffer_closed()) return;
  std::exception_ptr flush_error;
  try {
    flush();
  } catch (...) {
    flush_error = std::current_exception();
  }
  // The buffer is closed even when flushing failed; its error wins, with the flush error as
  // its context(), as CPython's.
  detail::close_then_raise(flush_error, [&] { state_->buffer->close(); });
}

bool TextIOWrapper::closed() const {
  check_attached();
  return state_->buffer_closed();
}

int TextIOWrapper::fileno() const {
  check_attached();
  return state_->buffer->fileno();
}

// Signal-handler safe (see IOBase::emergency_flush): no lock, no allocation; the bytes that
// reached the file leave `pending` (erase moves the rest down in place), so that a later
// flush() does not write them twice.
bool TextIOWrapper::emergency_flush() noexcept {
  State& s = *state_;
  if (!s.buffered) return s.pending.empty();
  std::size_t written = 0;
  const bool ok = s.buffered->emergency_write(s.pending, written);
  s.pending.erase(0, std::min(written, s.pending.size()));
  return ok;
}

void TextIOWrapper::flush() {
  State& s = *state_;
  if (!s.usable()) check_open();  // raises
  s.telling = s.seekable;
  if (s.buffered && !s.pending.empty()) {
    // write_flush() and buffer.flush() as one call of the buffer: the same calls reach raw.
    s.send_pending([&](std::string_view bytes) { s.buffered->write_and_flush(bytes); });
    return;
  }
  write_flush();
  s.buffer->flush();
}

bool TextIOWrapper::isatty() const {
  check_attached();
  return state_->buffer->isatty();
}
bool TextIOWrapper::readable() const {
  check_attached();
  return state_->buffer->readable();
}
bool TextIOWrapper::seekable() const {
  check_attached();
  return state_->buffer->seekable();
}
bool TextIOWrapper::writable() const {
  check_attached();
  return state_->buffer->writable();
}

std::int64_t TextIOWrapper::truncate(std::optional<std::int64_t> size) {
  check_attached();
  flush();
  return state_->buffer->truncate(size);
}

std::size_t TextIOWrapper::write(std::string_view text) {
  State& s = *state_;
  if (!s.usable()) check_open();  // raises
  if (!s.encoder) unsupported("not writable");
  // One validation pass: valid UTF-8 is counted without validating again (and, for the
  // utf-8 codec, is its own encoding); anything else takes the codec's path and its errors.
  std::size_t length;
  const bool all_valid = text::utf8_valid_prefix(text.data(), text.size(), length) == text.size();
  // The common case in a few branches: valid text for the utf-8 codec, no newline to
  // translate, nothing that asks for a flush, and room left in the pending chunk.
  if (all_valid && s.utf8_encoder && s.writenl.empty() && !s.line_buffering && !s.write_through &&
      s.pending.size() + text.size() < kChunkSize) {
    s.pending.append(text);
    s.forget_read_ahead();
    return length;
  }
  if (!all_valid) length = text::str_len(text);
  bool haslf = false;
  if ((s.writetranslate && !s.writenl.empty()) || s.line_buffering) haslf = std::memchr(text.data(), '\n', text.size());
  std::string translated;
  if (haslf && s.writetranslate && !s.writenl.empty()) {
    translated.reserve(text.size() + text.size() / 8);
    for (char c : text) {
      if (c == '\n') {
        translated += s.writenl;
      } else {
        translated.push_back(c);
      }
    }
    text = translated;
  }
  const bool needflush = s.line_buffering && (haslf || std::memchr(text.data(), '\r', text.size()));
  // Encode straight into the pending bytes; CPython 3.13 writes out what was pending first
  // when the new bytes alone fill a chunk (smaller ones join the pending bytes, and all go
  // out together once they reach a chunk).
  const std::size_t mark = s.pending.size();
  try {
    if (all_valid && s.utf8_encoder) {
      s.pending.append(text);  // newline translation keeps valid UTF-8 valid
    } else {
      s.encoder->encode(text, false, s.pending);
    }
  } catch (...) {
    s.pending.resize(mark);
    // CPython's utf-16/utf-32 write leaves the start of the stream even when encoding fails
    // (textio.c clears encoding_start_of_stream either way): no BOM after that.
    if (s.bom_encoder && s.encoder->getstate() != 0) s.encoder->setstate(0);
    throw;
  }
  if (mark > 0 && s.pending.size() - mark >= kChunkSize) {
    // The earlier bytes go out first; they leave `pending` before the write, as CPython.
    std::string& head = s.flushing;
    head.assign(s.pending, 0, mark);
    s.pending.erase(0, mark);
    try {
      s.buffer->write(head);
    } catch (...) {
      head.clear();
      s.pending.clear();  // CPython drops the new text too when this write fails
      throw;
    }
    head.clear();
  }
  if (s.pending.size() >= kChunkSize || needflush || s.write_through) write_flush();
  if (needflush) s.buffer->flush();
  s.forget_read_ahead();
  return length;
}

void TextIOWrapper::write_and_flush(std::string_view text) {
  State& s = *state_;
  // A line of a log is mostly ASCII: checked in line before the validator is called.
  if (!text.empty() && s.usable() && s.buffered && s.pending.empty() && s.utf8_encoder && s.writenl.empty() &&
      (text::skip_ascii(text.data(), 0, text.size()) == text.size() ||
       text::utf8_valid_prefix(text.data(), text.size()) == text.size())) {
    // write()'s and flush()'s effects on the state, then the bytes: with nothing pending they
    // go to the buffer as flush() would hand them over. Line buffering and write_through
    // only ask for a flush that follows anyway. A stream that does not read has nothing
    // read ahead to forget.
    if (s.snapshot || s.decoder || s.nldecoder) s.forget_read_ahead();
    s.telling = s.seekable;
    s.buffered->write_and_flush(text);
    return;
  }
  write(text);
  flush();
}

// Reads and decodes one chunk; false at EOF. size_hint > 0 asks for at least that many
// characters' worth (read(n) passes what it still needs), as CPython.
bool TextIOWrapper::read_chunk(std::int64_t size_hint) {
  State& s = *state_;
  codecs::IncrementalDecoder::State before;
  if (s.telling) before = s.getstate();
  std::size_t chunk = kChunkSize;
  if (size_hint > 0) {
    const double want = std::max(s.ratio(), 1.0) * static_cast<double>(size_hint);
    chunk = std::max(chunk, static_cast<std::size_t>(want));
  }
  // An exact BufferedReader over an exact FileIO lends the chunk from its buffer, which one
  // raw read fills whole, where CPython's read1 reads each chunk into a new bytes object
  // (one system call per chunk). The chunks are CPython's; only raw's position (the file's
  // offset) runs ahead, as after any buffered read (docs/io.md).
  std::string owned;
  std::string_view input;
  if (s.buffered && s.buffered->fileio_ && s.buffered->kind_ == BufferedBase::Kind::reader) {
    input = s.buffered->lend_chunk(chunk, owned);
  } else {
    owned = s.buffer->read1(static_cast<std::int64_t>(chunk));
    input = owned;
  }
  bool eof = input.empty();
  // Decoded into the capacity of a dropped chunk; the current one, and the last dropped one
  // (which may still be counted), stay until this succeeds.
  std::string decoded = std::move(s.fresh);
  decoded.clear();
  s.decode(input, eof, decoded);
  // The old chunk's ratio is replaced, not counted.
  s.uncounted = State::Uncounted::no;
  s.clear_decoded();
  if (!decoded.empty()) {
    eof = false;
    s.b2c_input = input.size();
    s.uncounted = State::Uncounted::in_decoded;  // counted when asked (ratio())
  } else {
    s.b2cratio = 0.0;
  }
  s.decoded = std::move(decoded);
  s.used = 0;
  if (s.telling) {
    // The snapshot's bytes: a read chunk itself when the decoder held nothing back; else the
    // decoder's bytes, then the chunk, which a lent one leaves in the buffer (lend_to).
    if (before.buffer.empty() && !owned.empty()) {
      s.set_snapshot(before.flag, std::move(owned));
    } else {
      std::string next = s.snapshot ? std::move(s.snapshot->next_input) : std::string();  // its capacity
      next.assign(before.buffer);
      const bool lent = owned.empty() && !input.empty();
      if (!lent) next += input;
      s.set_snapshot(before.flag, std::move(next));
      if (lent) s.buffered->lend_to(&s.snapshot->next_input, input);
    }
  }
  return !eof;
}

// Up to n characters of the decoded text (all for n < 0); `taken` gets their count.
std::string TextIOWrapper::take_decoded(std::int64_t n, std::size_t& taken) {
  State& s = *state_;
  taken = 0;
  if (!s.decoded) return {};
  std::string_view rest = std::string_view(*s.decoded).substr(s.used);
  std::size_t bytes = rest.size();
  if (n < 0) {
    taken = text::str_len(rest);
  } else {
    std::size_t i = 0;
    auto want = static_cast<std::size_t>(n);
    while (taken < want && i < rest.size()) {
      // ASCII runs in bulk.
      while (taken < want && i < rest.size() && static_cast<unsigned char>(rest[i]) < 0x80) ++i, ++taken;
      if (taken < want && i < rest.size()) {
        text::next_cp(rest, i);
        ++taken;
      }
    }
    bytes = i;
  }
  s.used += bytes;
  return std::string(rest.substr(0, bytes));
}

std::string TextIOWrapper::read(std::int64_t size) {
  check_open();
  State& s = *state_;
  if (!s.has_decoder()) unsupported("not readable");
  write_flush();
  std::size_t taken = 0;
  if (size < 0) {
    std::string bytes = s.buffer->read(-1);
    // Decoded before the decoded text is taken, as CPython: a decoding error leaves that
    // text for the next read.
    std::string tail;
    s.decode(bytes, true, tail);
    std::string result = take_decoded(-1, taken);
    if (result.empty()) {
      result = std::move(tail);
    } else {
      result += tail;
    }
    // As CPython, the (now used up) decoded text is dropped only with a snapshot: after
    // next() there is none, and reconfigure() still counts the text as read.
    if (s.snapshot) {
      s.clear_decoded();
      s.drop_snapshot();
    }
    return result;
  }
  std::string result = take_decoded(size, taken);
  std::int64_t remaining = size - static_cast<std::int64_t>(taken);
  while (remaining > 0) {
    if (!read_chunk(remaining)) break;
    result += take_decoded(remaining, taken);
    remaining -= static_cast<std::int64_t>(taken);
  }
  return result;
}

namespace {
// The end of the first line in text[start:] when lines end at '\n' only (npos if none).
std::size_t find_newline(std::string_view text, std::size_t start) noexcept {
  const std::size_t at = start + detail::find_newline(text.data() + start, text.size() - start);
  return at < text.size() ? at + 1 : std::string_view::npos;
}

// CPython's _PyIO_find_line_ending: the end of the first line in text[start:] (npos if none),
// and in `consumed` how much of it can be set aside when there is none.
std::size_t find_line_ending(bool translated, bool universal, const std::optional<std::string>& readnl,
                             std::string_view text, std::size_t start, std::size_t& consumed) {
  const char* p = text.data();
  const std::size_t n = text.size();
  consumed = n;
  if (translated) {
    const void* nl = std::memchr(p + start, '\n', n - start);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - p) + 1 : std::string_view::npos;
  }
  if (universal) {
    for (std::size_t i = start; i < n; ++i) {
      const char c = p[i];
      if (c == '\n') return i + 1;
      if (c == '\r') return (i + 1 < n && p[i + 1] == '\n') ? i + 2 : i + 1;
    }
    return std::string_view::npos;
  }
  const std::string& nl = *readnl;
  if (nl.size() == 1) {
    const void* hit = std::memchr(p + start, nl[0], n - start);
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p) + 1 : std::string_view::npos;
  }
  const std::size_t pos = text.find(nl, start);
  if (pos != std::string_view::npos) return pos + nl.size();
  // A '\r' in the last character may start the "\r\n" of the next chunk.
  const std::size_t tail = std::max(start, n - (nl.size() - 1));
  const std::size_t cr = text.find(nl[0], tail);
  if (cr != std::string_view::npos) consumed = cr;
  return std::string_view::npos;
}
}  // namespace

// readline's common case, in line: no size, nothing to check or write first, and a whole
// line in the decoded chunk, taken from it in one piece (what readline_general's first pass
// would do). An empty view when any of that does not hold: readline_general then makes the
// checks, in their order, and goes on.
inline std::string_view TextIOWrapper::take_buffered_line(std::int64_t size) {
  State& s = *state_;
  if (size >= 0 || !s.pending.empty() || !s.usable() || !s.has_decoder() || !s.decoded) return {};
  const std::string_view rest = *s.decoded;
  if (s.used >= rest.size()) return {};
  std::size_t consumed;
  const std::size_t end = s.readtranslate ? find_newline(rest, s.used)
                                          : find_line_ending(false, s.readuniversal, s.readnl, rest, s.used, consumed);
  if (end == std::string_view::npos) return {};
  const std::size_t start = s.used;
  s.used = end;
  return rest.substr(start, end - start);
}

std::string TextIOWrapper::readline(std::int64_t size) {
  // Built as readline_into builds it, in line (about 1 ns under the constructor's memcpy call
  // for a 64-byte line); one local, so that it is the result itself.
  std::string line;
  if (const std::string_view taken = take_buffered_line(size); !taken.empty()) {
    detail::assign_from_buffer(line, taken);
  } else {
    readline_general(line, size);
  }
  return line;
}

std::size_t TextIOWrapper::readline_into(std::string& line, std::int64_t size) {
  if (const std::string_view taken = take_buffered_line(size); !taken.empty()) {
    detail::assign_from_buffer(line, taken);
    return line.size();
  }
  line.clear();
  readline_general(line, size);
  return line.size();
}

// Iteration, as CPython's __next__: tell() is off while lines are being iterated (no
// snapshot is kept for it) and comes back at the end of the lines, or with flush() (which
// seek(), truncate() and reconfigure() call). readline_into for the exact class; a
// subclass's readline() is called, as CPython's __next__ does for subclasses.
void TextIOWrapper::next_line(std::string& line) {
  check_attached();
  State& s = *state_;
  s.telling = false;
  if (typeid(*this) == typeid(TextIOWrapper)) {
    readline_into(line);
  } else {
    line = readline();
  }
  if (line.empty()) {
    s.drop_snapshot();
    s.telling = s.seekable;
  }
}

// CPython's readline (_io.TextIOWrapper.readline): its checks, then its loop, the line built
// in `chunks` (empty on entry).
void TextIOWrapper::readline_general(std::string& chunks, std::int64_t size) {
  State& s = *state_;
  if (!s.usable()) check_open();  // raises
  // The pending text goes to the buffer before a write-only wrapper says it cannot read
  // (CPython's readline flushes first and learns it in read_chunk).
  if (!s.pending.empty()) write_flush();
  if (!s.has_decoder()) unsupported("not readable");
  std::size_t chunked = 0;  // characters in `chunks`
  std::string remaining;
  std::string joined;
  for (;;) {
    bool more = true;
    while (!s.decoded || s.decoded->empty()) {
      more = read_chunk(0);
      if (!more) break;
    }
    if (!more) {
      s.clear_decoded();
      s.drop_snapshot();
      break;
    }
    std::string_view line;
    std::size_t start, offset_to_buffer;
    if (remaining.empty()) {
      line = *s.decoded;
      start = s.used;
      offset_to_buffer = 0;
    } else {
      joined = remaining;
      joined += *s.decoded;
      remaining.clear();
      line = joined;
      start = 0;
      offset_to_buffer = joined.size() - s.decoded->size();
    }
    std::size_t consumed;
    std::size_t endpos = find_line_ending(s.readtranslate, s.readuniversal, s.readnl, line, start, consumed);
    const bool found = endpos != std::string_view::npos;
    if (!found) endpos = consumed;
    bool done = found;
    if (size >= 0) {
      const auto limit = static_cast<std::size_t>(size);
      const std::string_view piece = line.substr(start, endpos - start);
      if (text::str_len(piece) + chunked >= limit) {
        endpos = start + text::str_offset(piece, limit - chunked);
        done = true;
      }
    }
    if (done) {
      s.used = endpos - offset_to_buffer;
      chunks.append(line.substr(start, endpos - start));
      return;
    }
    if (endpos > start) {
      const std::string_view piece = line.substr(start, endpos - start);
      chunks.append(piece);
      if (size >= 0) chunked += text::str_len(piece);
    }
    if (endpos < line.size()) remaining.assign(line.substr(endpos));
    s.clear_decoded();
  }
  chunks += remaining;
}

Position TextIOWrapper::tell() {
  check_open();
  State& s = *state_;
  if (!s.seekable) unsupported("underlying stream is not seekable");
  if (!s.telling) throw OSError("telling position disabled by next() call");
  write_flush();
  flush();
  const std::int64_t position = s.buffer->tell();
  if (!s.has_decoder() || !s.snapshot) return position;
  if (s.lent()) s.buffered->keep_lent();
  std::uint64_t dec_flags = s.snapshot->dec_flags;
  const std::string& next_input = s.snapshot->next_input;
  std::int64_t start_pos = position - static_cast<std::int64_t>(next_input.size());
  if (s.used == 0) return Position::cookie(start_pos, dec_flags, 0, 0, false);
  std::size_t chars_to_skip = text::str_len(std::string_view(*s.decoded).substr(0, s.used));

  const codecs::IncrementalDecoder::State saved = s.getstate();
  struct Restore {
    State& s;
    const codecs::IncrementalDecoder::State& saved;
    ~Restore() {
      try {
        s.setstate(saved);
      } catch (...) {
      }
    }
  } restore{s, saved};
  auto decoded_len = [&](std::string_view input, bool final) {
    std::string out;
    s.decode(input, final, out);
    return text::str_len(out);
  };

  // Fast search for a safe start point close to the position (one decode for fixed-width
  // codecs), then byte by byte, as CPython.
  auto skip_bytes = static_cast<std::int64_t>(s.ratio() * static_cast<double>(chars_to_skip));
  std::int64_t skip_back = 1;
  // CPython's _textiowrapper_decoder_setstate: at the very start of the stream, reset()
  // (which also forgets the newlines seen) rather than setstate().
  const std::int64_t snapshot_pos = start_pos;
  auto restart = [&] {
    if (snapshot_pos == 0 && dec_flags == 0) {
      s.reset_decoder();
    } else {
      s.setstate({std::string(), dec_flags});
    }
  };
  while (skip_bytes > 0) {
    restart();
    // The estimate can overshoot the snapshot's input; CPython then decodes past its end,
    // into the bytes object's NUL terminator. Padding with NULs gives the same answer.
    std::string padded;
    std::string_view head = std::string_view(next_input).substr(0, static_cast<std::size_t>(skip_bytes));
    if (static_cast<std::size_t>(skip_bytes) > next_input.size()) {
      padded = next_input;
      padded.resize(static_cast<std::size_t>(skip_bytes), '\0');
      head = padded;
    }
    const std::size_t n = decoded_len(head, false);
    if (n <= chars_to_skip) {
      const auto st = s.getstate();
      if (st.buffer.empty()) {
        dec_flags = st.flag;
        chars_to_skip -= n;
        break;
      }
      skip_bytes -= static_cast<std::int64_t>(st.buffer.size());
      skip_back = 1;
    } else {
      skip_bytes -= skip_back;
      skip_back *= 2;
    }
  }
  if (skip_bytes <= 0) {
    skip_bytes = 0;
    restart();
  }
  start_pos += skip_bytes;
  if (chars_to_skip == 0) return Position::cookie(start_pos, dec_flags, 0, 0, false);

  std::uint64_t bytes_to_feed = 0;
  std::size_t chars_decoded = 0;
  bool need_eof = false;
  std::size_t i = static_cast<std::size_t>(skip_bytes);
  for (; i < next_input.size(); ++i) {
    chars_decoded += decoded_len(std::string_view(next_input).substr(i, 1), false);
    ++bytes_to_feed;
    const auto st = s.getstate();
    if (st.buffer.empty() && chars_decoded <= chars_to_skip) {
      start_pos += static_cast<std::int64_t>(bytes_to_feed);
      chars_to_skip -= chars_decoded;
      dec_flags = st.flag;
      bytes_to_feed = 0;
      chars_decoded = 0;
    }
    if (chars_decoded >= chars_to_skip) break;
  }
  if (i == next_input.size()) {
    chars_decoded += decoded_len({}, true);
    need_eof = true;
    if (chars_decoded < chars_to_skip) throw OSError("can't reconstruct logical file position");
  }
  return Position::cookie(start_pos, dec_flags, bytes_to_feed, chars_to_skip, need_eof);
}

void TextIOWrapper::reset_encoder(bool start_of_stream) {
  State& s = *state_;
  if (!s.encoder) return;
  if (start_of_stream) {
    s.encoder->reset();
  } else {
    s.encoder->setstate(0);
  }
}

Position TextIOWrapper::seek(Position cookie, int whence) {
  check_open();
  State& s = *state_;
  if (!s.seekable) unsupported("underlying stream is not seekable");
  switch (whence) {
    case 1:
      if (cookie != Position(0)) unsupported("can't do nonzero cur-relative seeks");
      cookie = tell();
      break;
    case 2: {
      if (cookie != Position(0)) unsupported("can't do nonzero end-relative seeks");
      flush();
      s.clear_decoded();
      s.drop_snapshot();
      s.reset_decoder();
      const Position res = s.buffer->seek(0, 2);
      reset_encoder(static_cast<std::int64_t>(res) == 0);
      return res;
    }
    case 0:
      break;
    default:
      throw ValueError("invalid whence (" + std::to_string(whence) + ", should be 0, 1 or 2)");
  }
  if (cookie.is_offset() && cookie.offset() < 0)
    throw ValueError("negative seek position " + std::to_string(cookie.offset()));
  flush();
  s.buffer->seek(cookie.offset(), 0);
  s.clear_decoded();
  s.drop_snapshot();
  const bool at_start = cookie.offset() == 0 && cookie.dec_flags() == 0;
  if (s.has_decoder()) {
    if (at_start) {
      s.reset_decoder();
    } else {
      s.setstate({std::string(), cookie.dec_flags()});
    }
  }
  if (cookie.chars_to_skip() != 0) {
    // The snapshot comes first, as CPython's: a decoding error leaves it for tell().
    s.set_snapshot(cookie.dec_flags(), s.buffer->read(static_cast<std::int64_t>(cookie.bytes_to_feed())));
    std::string decoded;
    s.decode(s.snapshot->next_input, cookie.need_eof(), decoded);
    const std::size_t offset = text::str_offset(decoded, static_cast<std::size_t>(cookie.chars_to_skip()));
    const bool enough = text::str_len(std::string_view(decoded).substr(0, offset)) >= cookie.chars_to_skip();
    s.decoded = std::move(decoded);
    s.used = 0;
    if (!enough) throw OSError("can't restore logical file position");
    s.used = offset;
  } else {
    s.set_snapshot(cookie.dec_flags(), std::string());
  }
  reset_encoder(at_start);
  return cookie;
}

void TextIOWrapper::reconfigure(const ReconfigureOptions& options) {
  check_attached();
  State& s = *state_;
  if (s.decoded && (options.encoding || options.errors || options.newline))
    unsupported("It is not possible to set the encoding or newline of stream after the first read");
  if (options.newline && !valid_newline(*options.newline))
    throw ValueError("illegal newline value: " + **options.newline);
  const bool line_buffering = options.line_buffering.value_or(s.line_buffering);
  const bool write_through = options.write_through.value_or(s.write_through);
  flush();
  s.b2cratio = 0;
  s.uncounted = State::Uncounted::no;
  if (options.newline) {
    s.readnl = *options.newline;
    s.readuniversal = !s.readnl || s.readnl->empty();
    s.readtranslate = !s.readnl;
    s.writetranslate = !s.readnl || !s.readnl->empty();
    s.writenl = (!s.readuniversal && *s.readnl != "\n") ? *s.readnl : std::string();
  }
  if (options.encoding || options.errors || options.newline) {
    std::string encoding = s.encoding, errors = s.errors;
    if (options.encoding) {
      encoding = *options.encoding == "locale" ? "utf-8" : *options.encoding;
      errors = options.errors.value_or("strict");
    } else if (options.errors) {
      errors = *options.errors;
    }
    codecs::lookup(encoding);
    s.encoding = encoding;
    s.errors = errors;
    set_codecs();
    fix_encoder_state();
  }
  s.line_buffering = line_buffering;
  s.write_through = write_through;
}

}  // namespace pyos::io
