// io.StringIO, as CPython's Modules/_io/stringio.c.
#include "pyos/io/stringio.hpp"

#include "_core/text.hpp"
#include "text_unicode.hpp"

namespace pyos::io {

StringIO::StringIO(std::string_view initial_value, const StringIOOptions& options) : readnl_(options.newline) {
  const auto& nl = options.newline;
  if (nl && !nl->empty() && *nl != "\n" && *nl != "\r" && *nl != "\r\n")
    throw ValueError("illegal newline value: " + _core::repr_str(*nl));
  readuniversal_ = !nl || nl->empty();
  readtranslate_ = !nl;
  if (nl && !nl->empty() && (*nl)[0] == '\r') writenl_ = *nl;
  if (readuniversal_) decoder_.emplace(nullptr, readtranslate_);
  if (!initial_value.empty()) {
    write_str(initial_value);
    pos_ = 0;
  }
}

StringIO::~StringIO() = default;

// CPython's StringIO says it without the period of IOBase's methods (isatty, readlines,
// writelines, iteration), which keep theirs.
void StringIO::check_open() const {
  if (closed_) throw ValueError("I/O operation on closed file");
}

// Its close() leaves IOBase's own closed flag unset, and IOBase's flush checks that one.
void StringIO::flush() {}

// The code points go straight into the storage, over what is there and then past its end;
// nothing is allocated per call once the storage and translated_ have grown.
void StringIO::write_str(std::string_view text) {
  if (decoder_) {
    decoder_->decode(text, true, translated_);
    text = translated_;
  }
  if (pos_ > buf_.size()) buf_.resize(pos_, U'\0');
  std::size_t at = pos_;
  auto put = [&](char32_t c) {
    if (at < buf_.size()) {
      buf_[at] = c;
    } else {
      buf_.push_back(c);
    }
    ++at;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const char32_t c = byte < 0x80 ? (++i, char32_t{byte}) : text::next_cp(text, i);
    if (c == '\n' && !writenl_.empty()) {
      for (char w : writenl_) put(static_cast<unsigned char>(w));
    } else {
      put(c);
    }
  }
  pos_ = at;
}

std::size_t StringIO::write(std::string_view text) {
  check_open();
  const std::size_t size = text::str_len(text);
  if (size > 0) write_str(text);
  return size;
}

std::string StringIO::read(std::int64_t size) {
  check_open();
  const std::size_t avail = pos_ < buf_.size() ? buf_.size() - pos_ : 0;
  std::size_t n = avail;
  if (size >= 0 && static_cast<std::size_t>(size) < avail) n = static_cast<std::size_t>(size);
  std::string out;
  if (n == 0) return out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) text::append_cp(out, buf_[pos_ + k]);
  pos_ += n;
  return out;
}

std::string StringIO::readline(std::int64_t size) {
  check_open();
  if (pos_ >= buf_.size()) return {};
  std::size_t limit = buf_.size() - pos_;
  if (size >= 0 && static_cast<std::size_t>(size) < limit) limit = static_cast<std::size_t>(size);
  const char32_t* p = buf_.data() + pos_;
  std::size_t len = limit;
  if (readtranslate_) {
    for (std::size_t i = 0; i < limit; ++i)
      if (p[i] == '\n') {
        len = i + 1;
        break;
      }
  } else if (readuniversal_) {
    for (std::size_t i = 0; i < limit; ++i) {
      if (p[i] == '\n') {
        len = i + 1;
        break;
      }
      if (p[i] == '\r') {
        len = (i + 1 < limit && p[i + 1] == '\n') ? i + 2 : i + 1;
        break;
      }
    }
  } else {
    const std::string& nl = *readnl_;
    for (std::size_t i = 0; i + nl.size() <= limit; ++i) {
      bool match = true;
      for (std::size_t k = 0; k < nl.size(); ++k)
        if (p[i + k] != static_cast<unsigned char>(nl[k])) match = false;
      if (match) {
        len = i + nl.size();
        break;
      }
    }
  }
  std::string out;
  out.reserve(len);
  for (std::size_t k = 0; k < len; ++k) text::append_cp(out, p[k]);
  pos_ += len;
  return out;
}

std::string StringIO::getvalue() const {
  check_open();
  std::string out;
  out.reserve(buf_.size());
  for (char32_t c : buf_) text::append_cp(out, c);
  return out;
}

Position StringIO::tell() {
  check_open();
  return static_cast<std::int64_t>(pos_);
}

Position StringIO::seek(Position pos, int whence) {
  check_open();
  const std::int64_t offset = pos.offset();
  if (whence != 0 && whence != 1 && whence != 2)
    throw ValueError("Invalid whence (" + std::to_string(whence) + ", should be 0, 1 or 2)");
  if (offset < 0 && whence == 0) throw ValueError("Negative seek position " + std::to_string(offset));
  if (whence != 0 && offset != 0) throw OSError("Can't do nonzero cur-relative seeks");
  if (whence == 0) pos_ = static_cast<std::size_t>(offset);
  if (whence == 2) pos_ = buf_.size();
  return static_cast<std::int64_t>(pos_);
}

std::int64_t StringIO::truncate(std::optional<std::int64_t> size) {
  check_open();
  const std::int64_t n = size.value_or(static_cast<std::int64_t>(pos_));
  if (n < 0) throw ValueError("Negative size value " + std::to_string(n));
  if (static_cast<std::size_t>(n) < buf_.size()) buf_.resize(static_cast<std::size_t>(n));
  return n;
}

bool StringIO::line_buffering() const {
  check_open();
  return false;
}

std::optional<std::vector<std::string>> StringIO::newlines() const {
  check_open();
  if (!decoder_) return std::nullopt;
  return decoder_->newlines();
}

void StringIO::close() {
  closed_ = true;
  std::u32string().swap(buf_);
}

bool StringIO::closed() const { return closed_; }
bool StringIO::readable() const {
  check_open();
  return true;
}
bool StringIO::writable() const {
  check_open();
  return true;
}
bool StringIO::seekable() const {
  check_open();
  return true;
}

std::string StringIO::repr() const { return "<_io.StringIO>"; }

}  // namespace pyos::io
