// File: pyos/io/textio.hpp
//
// io.TextIOWrapper: text on top of a buffered binary stream, with an encoding, an error
// handler and Python's newline translation. The declaration here is the contract io.open()
// builds on; see docs/io.md for the encodings and error handlers.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "pyos/io/iobase.hpp"
#include "pyos/io/codecs.hpp"      // IWYU pragma: export
#include "pyos/io/newline.hpp"     // IWYU pragma: export

namespace pyos::io {

// Keyword arguments of TextIOWrapper(buffer, encoding=None, errors=None, newline=None,
// line_buffering=False, write_through=False).
struct TextIOWrapperOptions {
  std::optional<std::string> encoding;  // None: io.text_encoding(None) ("utf-8", see docs)
  std::optional<std::string> errors;    // None: "strict"
  std::optional<std::string> newline;   // None: universal newlines on read, os.linesep on write
  bool line_buffering = false;
  bool write_through = false;
};

// Keyword arguments of TextIOWrapper.reconfigure(*, encoding, errors, newline,
// line_buffering, write_through): an empty field leaves the setting as it is.
struct ReconfigureOptions {
  std::optional<std::string> encoding;
  std::optional<std::string> errors;
  std::optional<std::optional<std::string>> newline;  // set to std::nullopt-in-optional for None
  std::optional<bool> line_buffering;
  std::optional<bool> write_through;
};

class TextIOWrapper : public TextIOBase {
 public:
  // Raises LookupError("unknown encoding: X") and ValueError for a bad newline, as Python.
  explicit TextIOWrapper(std::shared_ptr<BufferedIOBase> buffer, const TextIOWrapperOptions& options = {});
  ~TextIOWrapper() override;

  // line_buffering / write_through attributes.
  bool line_buffering() const;
  bool write_through() const;
  // reconfigure(*, encoding, errors, newline, line_buffering, write_through): flushes first.
  // Raises UnsupportedOperation("It is not possible to set the encoding or newline of stream
  // after the first read") while decoded text is pending, LookupError, ValueError.
  void reconfigure(const ReconfigureOptions& options);

  // name (the buffer's), mode (what io.open() set; None otherwise), repr() as CPython's
  // "<_io.TextIOWrapper name='f' mode='r' encoding='utf-8'>".
  std::optional<Filename> name() const override;
  std::optional<std::string> mode() const override;
  std::string repr() const override;
  // For io.open(): Python's open() sets the `mode` attribute on the wrapper it returns.
  void set_mode(std::string mode);

  // The rest of the protocol is TextIOBase's (read, readline, write, seek, tell, ...).
  std::optional<std::string> encoding() const override;
  std::optional<std::string> errors() const override;
  std::optional<std::vector<std::string>> newlines() const override;
  std::shared_ptr<BufferedIOBase> buffer() const override;
  std::shared_ptr<BufferedIOBase> detach() override;

  void close() override;
  bool closed() const override;
  int fileno() const override;
  void flush() override;
  // IOBase::emergency_flush: the buffer's bytes, then the pending text (already encoded),
  // when the buffer is one of pyos's buffered classes over a FileIO.
  bool emergency_flush() noexcept override;
  bool isatty() const override;
  bool readable() const override;
  bool seekable() const override;
  bool writable() const override;
  // tell() returns CPython's opaque cookie with the same fields as CPython's (see
  // docs/io.md for how Position::str() must pack them to print the same integer); seek()
  // accepts it, or (0, SEEK_CUR) / (0, SEEK_END). Raise UnsupportedOperation("underlying
  // stream is not seekable", "can't do nonzero cur-relative seeks", ...), ValueError.
  Position seek(Position cookie, int whence = 0) override;
  Position tell() override;
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;
  // read(size=-1) / readline(size=-1): sizes in characters (code points), as Python's.
  // Raise UnsupportedOperation("not readable"), UnicodeDecodeError, ValueError when closed.
  std::string read(std::int64_t size = -1) override;
  std::string readline(std::int64_t size = -1) override;
  // C++ addition, getline(3)'s pattern (as BufferedReader::readline_into): readline(size)'s
  // line replaces `line`'s content, its capacity reused; returns the line's length in bytes
  // (UTF-8), 0 only at EOF.
  std::size_t readline_into(std::string& line, std::int64_t size = -1);
  // write(s) -> len(s) in characters. Raises UnsupportedOperation("not writable"),
  // UnicodeEncodeError. Encoded bytes wait (up to 8192, as CPython's chunk size) until flush,
  // a full chunk, line_buffering with a newline, or write_through.
  std::size_t write(std::string_view text) override;
  // write(s) and then flush(), in one call (a pyos extension: what a logging handler does
  // with each record). With nothing pending, valid text for the utf-8 codec and no newline
  // to translate, the encoded text goes to the buffer's write-and-flush at once.
  void write_and_flush(std::string_view text);

 protected:
  void next_line(std::string& line) override;

 private:
  struct State;
  void set_codecs();
  void fix_encoder_state();
  void reset_encoder(bool start_of_stream);
  void check_attached() const;
  void check_open() const;
  void write_flush();
  bool read_chunk(std::int64_t size_hint);
  std::string take_decoded(std::int64_t n, std::size_t& taken);
  std::string_view take_buffered_line(std::int64_t size);
  void readline_general(std::string& line, std::int64_t size);

  std::unique_ptr<State> state_;
};

}  // namespace pyos::io
