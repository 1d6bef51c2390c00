// File: pyos/io/stringio.hpp
//
// io.StringIO: an in-memory text stream. Positions are code point indices, as Python's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pyos/io/iobase.hpp"
#include "pyos/io/newline.hpp"

namespace pyos::io {

// StringIO(initial_value='', newline='\n')
struct StringIOOptions {
  std::optional<std::string> newline = std::string("\n");  // std::nullopt for None
};

class StringIO : public TextIOBase {
 public:
  // Raises ValueError("illegal newline value: 'x'"). The initial value is written (with the
  // newline translation) and the position left at 0, as Python's.
  explicit StringIO(std::string_view initial_value = {}, const StringIOOptions& options = {});
  ~StringIO() override;

  // getvalue(): the whole contents. ValueError when closed.
  std::string getvalue() const;
  // line_buffering: always false.
  bool line_buffering() const;

  std::optional<std::vector<std::string>> newlines() const override;
  void close() override;
  bool closed() const override;
  // flush(): does nothing, even once closed (as CPython's).
  void flush() override;
  bool readable() const override;
  bool writable() const override;
  bool seekable() const override;
  // seek(pos, whence): whence 1 and 2 only with pos 0 (OSError "Can't do nonzero
  // cur-relative seeks"); seeking past the end is allowed, a later write pads with '\0'.
  Position seek(Position pos, int whence = 0) override;
  Position tell() override;
  // truncate(size=None): the position does not move. ValueError for a negative size.
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;
  std::string read(std::int64_t size = -1) override;
  std::string readline(std::int64_t size = -1) override;
  // write(s) -> len(s) (before newline translation), as Python's.
  std::size_t write(std::string_view text) override;
  std::string repr() const override;

 private:
  void check_open() const;
  void write_str(std::string_view text);

  std::u32string buf_;
  std::size_t pos_ = 0;
  std::optional<std::string> readnl_;
  bool readuniversal_, readtranslate_;
  std::string writenl_;
  std::optional<IncrementalNewlineDecoder> decoder_;
  std::string translated_;  // write()'s newline-translated text, its capacity reused
};

}  // namespace pyos::io
