// File: logging/stream_handlers.cpp
//
// StreamHandler, FileHandler and the stderr stream.
#include <cstdlib>
#include <typeinfo>

#include "logging/crash.hpp"
#include "logging/direct.hpp"
#include "logging/module.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "pyos/logging.hpp"
#include "pyos/os/path.hpp"

namespace pyos::logging {

std::shared_ptr<io::IOBase> stderr_stream() {
  // Never destroyed: handlers may write to it from static destructors and atexit.
  static const auto* stream = new std::shared_ptr<io::IOBase>(io::open(
      2, "w", io::OpenOptions{.buffering = 1, .encoding = "utf-8", .errors = "backslashreplace", .closefd = false}));
  return *stream;
}

namespace detail {
void write_stderr(std::string_view text) noexcept {
  try {
    auto s = stderr_stream();
    s->write(text);
    s->flush();
  } catch (...) {
  }
}
}  // namespace detail

// ---- StreamHandler

namespace {
// A stream of io's binary classes takes bytes: Python's write(str) on it raises TypeError.
bool is_binary(const io::IOBase* stream) noexcept {
  return dynamic_cast<const io::RawIOBase*>(stream) || dynamic_cast<const io::BufferedIOBase*>(stream);
}
}  // namespace

StreamHandler::StreamHandler() : StreamHandler(nullptr) {}

StreamHandler::StreamHandler(std::shared_ptr<io::IOBase> stream) {
  set_stream_locked(stream ? std::move(stream) : stderr_stream());
}

// In line in both callers: the direct route's record goes to write(2) one frame less deep.
[[gnu::always_inline]] inline void StreamHandler::write_record(bool own_flush) {
  if (terminator.size() == 1) {
    buffer_.push_back(terminator[0]);  // "\n": no call to append
  } else {
    buffer_ += terminator;
  }
  const bool flushing = !buffered_.load(std::memory_order_relaxed);
  if (own_flush && flushing && text_) {
    text_->write_and_flush(buffer_);  // what write() and this class's flush() do
    return;
  }
  stream_->write(buffer_);
  if (flushing) flush();
}

void StreamHandler::emit(LogRecord& record) {
  buffer_.clear();
  format(record, buffer_);
  // The record is text (a str): io's binary streams refuse it, as Python's, and a stream set
  // to None has no write(). emit() sends the error to handleError.
  if (unwritable_) [[unlikely]] {
    if (!stream_) throw AttributeError("'NoneType' object has no attribute 'write'");
    throw TypeError("a bytes-like object is required, not 'str'");
  }
  write_record(false);
}

// Handler.handle() and emit() for the record of a direct call (logging/direct.hpp), in one
// function: the re-entry guard, the lock, the formatter's line, the write and the flush.
// The logger has checked that this handler is exactly a StreamHandler or a FileHandler, so
// flush() is this class's (the stream's flush, the lock being held), and a text stream of
// exactly io's class takes the write and the flush in one call.
detail::DirectResult StreamHandler::handle_direct(const detail::DirectCall& call) noexcept {
  if (drop_reentry()) return detail::DirectResult::done;
  if (has_filters()) return detail::DirectResult::declined;
  acquire();
  // A FileHandler whose stream is not open yet (delay=True, or after close()) opens it in
  // emit(): the general route.
  Formatter& formatter = formatter_locked();
  if (!stream_ || unwritable_ || typeid(formatter) != typeid(Formatter)) {
    release_held();
    return detail::DirectResult::declined;
  }
  in_emit_ = true;
  buffer_.clear();
  if (!detail::DirectFormat::format(formatter, call, buffer_, message_, asctime_)) {
    in_emit_ = false;
    release_held();
    return detail::DirectResult::declined;
  }
  try {
    write_record(true);
  } catch (...) {
    // What handleError() reports: the record the call would have made.
    const detail::CallSite& site = call.site();
    handleError(LogRecord(LogRecord::FastInit{}, call.name, call.level, site.pathname, site.filename, site.module,
                          call.lineno(), site.funcName, *call.msg, call.args, nullptr, std::nullopt, nullptr));
  }
  in_emit_ = false;
  release_held();
  return detail::DirectResult::done;
}

void StreamHandler::flush() {
  if (owned_by_this_thread()) {
    // Called from emit() (or under acquire()): taking the lock again would only count one
    // more level and give it back.
    if (stream_) stream_->flush();
    return;
  }
  acquire();
  try {
    if (stream_) stream_->flush();
  } catch (...) {
    release_held();
    throw;
  }
  release_held();
}

std::shared_ptr<io::IOBase> StreamHandler::stream() const {
  auto* self = const_cast<StreamHandler*>(this);
  self->acquire();
  auto s = stream_;
  self->release_held();
  return s;
}

StreamHandler::~StreamHandler() { detail::CrashFlush::untrack(*this); }

void StreamHandler::setBuffered(bool buffered) noexcept {
  buffered_.store(buffered, std::memory_order_relaxed);
  if (buffered) detail::CrashFlush::track(*this);
}

void StreamHandler::set_stream_locked(std::shared_ptr<io::IOBase> stream) {
  unwritable_ = !stream || is_binary(stream.get());
  text_ = nullptr;
  if (io::IOBase* object = stream.get(); object && typeid(*object) == typeid(io::TextIOWrapper)) {
    text_ = static_cast<io::TextIOWrapper*>(object);
  }
  detail::CrashFlush::mirror(*this, stream.get());  // before the old stream can be released
  stream_ = std::move(stream);
}

std::shared_ptr<io::IOBase> StreamHandler::setStream(std::shared_ptr<io::IOBase> stream) {
  acquire();
  if (stream == stream_) {
    release_held();
    return nullptr;
  }
  std::shared_ptr<io::IOBase> old = stream_;
  try {
    flush();
  } catch (...) {
    release_held();
    throw;
  }
  set_stream_locked(std::move(stream));
  release_held();
  return old;
}

std::string StreamHandler::repr() const {
  std::shared_ptr<io::IOBase> s = stream();
  std::string name;
  if (s == stderr_stream()) {
    name = "<stderr>";
  } else if (s) {
    try {
      if (auto n = s->name()) name = n->kind() == Filename::Kind::fd ? std::to_string(n->number()) : n->text();
    } catch (...) {
    }
  }
  // Python adds the name and its space only when the stream has one.
  std::optional<std::string_view> middle;
  if (!name.empty()) middle = name;
  return detail::angle_repr(class_name(), middle, level());
}

// ---- FileHandler

namespace {
std::optional<std::string> file_encoding(std::string_view mode, std::optional<std::string> encoding) {
  // io.text_encoding(None) is "locale" (no UTF-8 mode); binary modes keep None.
  if (mode.find('b') == std::string_view::npos && !encoding) return std::string("locale");
  return encoding;
}
}  // namespace

FileHandler::FileHandler(const PathLike& filename, std::string_view mode_, std::optional<std::string> encoding_,
                         bool delay_, std::optional<std::string> errors_)
    : StreamHandler(nullptr),
      baseFilename(os::path::abspath(filename)),
      mode(mode_),
      encoding(file_encoding(mode_, std::move(encoding_))),
      errors(std::move(errors_)),
      delay(delay_) {
  set_stream_locked(delay ? nullptr : _open());
}

std::shared_ptr<io::IOBase> FileHandler::_open() {
  io::OpenOptions options;
  options.encoding = encoding;
  options.errors = errors;
  return io::open(baseFilename, mode, options);
}

void FileHandler::emit(LogRecord& record) {
  if (!stream_locked()) {
    if (mode != "w" || !closed()) set_stream_locked(_open());
  }
  if (stream_locked()) StreamHandler::emit(record);
}

void FileHandler::close() {
  acquire();
  try {
    if (std::shared_ptr<io::IOBase> s = stream_locked()) {
      try {
        flush();
      } catch (...) {
        set_stream_locked(nullptr);
        s->close();
        throw;
      }
      set_stream_locked(nullptr);
      s->close();
    }
  } catch (...) {
    StreamHandler::close();
    release_held();
    throw;
  }
  StreamHandler::close();
  release_held();
}

std::string FileHandler::repr() const {
  return detail::angle_repr(class_name(), baseFilename, level());
}

}  // namespace pyos::logging
