// File: pyos/io/codecs.hpp
//
// The part of Python's `codecs` module that text I/O needs: codec lookup (with Python's
// name normalization and alias table), incremental decoders and encoders, and one-shot
// bytes.decode()/str.encode(), for the encodings
//   utf-8, utf-8-sig, utf-16, utf-16-le, utf-16-be, utf-32, utf-32-le, utf-32-be,
//   latin-1 (iso8859-1), ascii, cp1252
// and the error handlers strict, ignore, replace, backslashreplace, surrogateescape,
// surrogatepass, xmlcharrefreplace, namereplace (character names as CPython 3.13's, Unicode
// 15.1). Errors carry Python's exact UnicodeDecodeError / UnicodeEncodeError encoding, start,
// end and reason.
//
// Text is `str` as pyos holds it: UTF-8 in a std::string. A lone surrogate U+DC80..U+DCFF
// (what surrogateescape makes of an undecodable byte) is held as that raw byte; any other
// lone surrogate (what surrogatepass can produce) is held in its 3-byte form ED A0..BF xx.
// Deviation (docs/io.md): a str whose raw bytes happen to form one of the 3-byte surrogate
// forms is read as that surrogate.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pyos::codecs {

// codecs.lookup(encoding).name: the canonical name ("utf-8", "iso8859-1", "cp1252", ...).
// Raises LookupError("unknown encoding: X") for an encoding pyos does not have.
std::string lookup(std::string_view encoding);

// codecs.IncrementalDecoder for one encoding (codecs.getincrementaldecoder(enc)(errors)).
class IncrementalDecoder {
 public:
  // getstate()/setstate(): Python's (buffered bytes, flag) pair. The flag is the codec's own
  // integer (BOM detection state for utf-16/utf-32, "first" for utf-8-sig, else 0), so
  // TextIOWrapper cookies carry the same dec_flags as CPython's.
  struct State {
    std::string buffer;
    std::uint64_t flag = 0;
    friend bool operator==(const State&, const State&) = default;
  };

  virtual ~IncrementalDecoder() = default;

  // decode(input, final=False) -> str. Raises UnicodeDecodeError (strict), TypeError (an
  // encode-only handler meeting an error) or LookupError (an unknown handler meeting one).
  // On an exception the decoder state is unchanged, as Python's.
  std::string decode(std::string_view input, bool final = false) {
    std::string out;
    decode(input, final, out);
    return out;
  }
  // The same, appending to `out`.
  virtual void decode(std::string_view input, bool final, std::string& out) = 0;
  virtual State getstate() const = 0;
  virtual void setstate(const State& state) = 0;
  virtual void reset() = 0;

  const std::string& errors() const noexcept { return errors_; }

 protected:
  explicit IncrementalDecoder(std::string errors) : errors_(std::move(errors)) {}
  std::string errors_;
};

// codecs.IncrementalEncoder (codecs.getincrementalencoder(enc)(errors)).
class IncrementalEncoder {
 public:
  virtual ~IncrementalEncoder() = default;

  // encode(input, final=False) -> bytes. Raises UnicodeEncodeError (strict), LookupError
  // (an unknown handler meeting an error).
  std::string encode(std::string_view text, bool final = false) {
    std::string out;
    encode(text, final, out);
    return out;
  }
  virtual void encode(std::string_view text, bool final, std::string& out) = 0;
  // getstate()/setstate(): Python's integer (2 = a BOM is still to be written for
  // utf-16/utf-32, 1 for utf-8-sig; 0 otherwise).
  virtual std::int64_t getstate() const { return 0; }
  virtual void setstate(std::int64_t) {}
  virtual void reset() {}

  const std::string& errors() const noexcept { return errors_; }

 protected:
  explicit IncrementalEncoder(std::string errors) : errors_(std::move(errors)) {}
  std::string errors_;
};

// codecs.getincrementaldecoder(encoding)(errors) / getincrementalencoder. Raise
// LookupError("unknown encoding: X"). An unknown error handler is accepted here and raises
// LookupError("unknown error handler name 'X'") when an error meets it, as in Python.
std::unique_ptr<IncrementalDecoder> getincrementaldecoder(std::string_view encoding,
                                                          std::string_view errors = "strict");
std::unique_ptr<IncrementalEncoder> getincrementalencoder(std::string_view encoding,
                                                          std::string_view errors = "strict");

// bytes.decode(encoding, errors) / codecs.decode.
std::string decode(std::string_view data, std::string_view encoding = "utf-8",
                   std::string_view errors = "strict");
// str.encode(encoding, errors) / codecs.encode.
std::string encode(std::string_view text, std::string_view encoding = "utf-8",
                   std::string_view errors = "strict");

// The text helpers the I/O layer shares: len() of a str (in code points, as Python counts
// them) and the byte offset where code point `n` of `text` starts (text.size() if past).
std::size_t str_len(std::string_view text) noexcept;
std::size_t str_offset(std::string_view text, std::size_t n) noexcept;
// A str from code points / the code points of a str (lone surrogates as described above).
std::string from_code_points(std::u32string_view cps);
std::u32string to_code_points(std::string_view text);

}  // namespace pyos::codecs
