// File: pyos/logging/handler.hpp
//
// logging.Handler and the handlers of the logging module itself: StreamHandler,
// FileHandler, NullHandler (the others are in <pyos/logging/handlers.hpp>).
//
// Handlers are shared objects: create them with std::make_shared and attach them with
// Logger::addHandler (shutdown() and getHandlerByName() only see handlers owned by a
// std::shared_ptr). A handler never throws into the logging call: whatever emit() throws
// goes to handleError(), which prints Python's "--- Logging error ---" report on stderr
// unless logging::raiseExceptions is false.
//
// Re-entry: a record that reaches a handler while the same thread is already inside that
// handler's emit() (logging from emit, or from a signal handler that interrupted it) is
// dropped and counted instead of deadlocking or interleaving bytes; droppedRecords() tells
// how many, and close() reports a non-zero count on stderr. After fork() every handler's
// lock is re-created in the child, so the child can log at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "pyos/_sys/owner_lock.hpp"
#include "pyos/io/iobase.hpp"
#include "pyos/logging/filter.hpp"
#include "pyos/logging/formatter.hpp"
#include "pyos/logging/record.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::io {
class TextIOWrapper;
}

namespace pyos::logging {

namespace detail {
struct HandlerRegistry;
struct CrashFlush;
struct DirectCall;
struct LoggerAccess;
enum class DirectResult : unsigned char;
}

class Handler : public Filterer, public std::enable_shared_from_this<Handler> {
 public:
  // Handler(level=NOTSET)
  explicit Handler(int level = NOTSET);
  ~Handler() override;

  // Handler.name / get_name() / set_name(): a named handler is found by getHandlerByName.
  std::optional<std::string> get_name() const;
  void set_name(std::optional<std::string> name);
  std::optional<std::string> name() const { return get_name(); }

  // The handler's I/O lock (Python's RLock: the owning thread may take it again).
  // createLock() keeps the lock the handler was made with (re-made after fork); release()
  // by a thread that does not hold it raises RuntimeError("cannot release un-acquired
  // lock"), as Python's.
  void createLock();
  void acquire();
  void release();

  // Handler.level / setLevel(level) (an int, or a level name: ValueError "Unknown level: 'X'").
  int level() const noexcept { return level_.load(std::memory_order_relaxed); }
  void setLevel(int level);
  void setLevel(std::string_view level);

  // Handler.formatter / setFormatter(fmt); null means the module's default Formatter.
  std::shared_ptr<Formatter> formatter() const;
  void setFormatter(std::shared_ptr<Formatter> fmt);

  // Handler.format(record): the formatter's text for the record (appended; the override
  // point, as Python's).
  virtual void format(LogRecord& record, std::string& out);
  std::string format(LogRecord& record);

  // Handler.handle(record): the handler's filters, then emit() under the lock. Returns
  // whether the record passed the filters. Never throws.
  virtual bool handle(LogRecord& record) noexcept;

  // Handler.emit(record): what subclasses implement. Called with the lock held.
  virtual void emit(LogRecord& record) = 0;
  virtual void flush();
  // Handler.close(): forgets the handler's name (getHandlerByName); subclasses release
  // their resources and call Handler::close().
  virtual void close();

  // Handler.handleError(record): called from emit() handling with the exception being
  // handled; prints the report on stderr when raiseExceptions is true. Never throws.
  virtual void handleError(const LogRecord& record) noexcept;

  // How many records were dropped because they re-entered this handler (see above).
  std::uint64_t droppedRecords() const noexcept { return dropped_.load(std::memory_order_relaxed); }

  // repr(handler): "<StreamHandler <stderr> (NOTSET)>".
  virtual std::string repr() const;

 protected:
  // The class name repr() and reports use ("Handler" subclasses override it).
  virtual std::string_view class_name() const noexcept { return "Handler"; }
  bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }
  // Whether this thread holds the lock (emit() runs with it held).
  bool owned_by_this_thread() const noexcept {
    return lock_.owner() == std::this_thread::get_id();
  }
  // release() for the library's own pairs: never throws, and does nothing when this thread
  // no longer holds the lock (a child forked inside emit() finds it re-made).
  void release_held() noexcept;

 private:
  friend struct detail::HandlerRegistry;
  friend class StreamHandler;  // its direct route takes handle()'s steps (src/logging/direct.hpp)

  // handle()'s re-entry guard: true, and counted, for a record to drop (it re-enters this
  // handler from its own emit() or from a signal handler that interrupted it on this thread).
  bool drop_reentry() noexcept;
  // The formatter format() uses (the default one when none is set); under the lock.
  Formatter& formatter_locked() const noexcept;

  std::atomic<int> level_;
  mutable std::mutex formatter_mutex_;
  std::shared_ptr<Formatter> formatter_;
  std::optional<std::string> name_;
  std::atomic<bool> closed_{false};

  // The lock (Python's RLock): the owner word is the lock itself, so that re-entry from emit
  // can be told from recursion through acquire(); depth_ counts the holder's levels.
  _sys::OwnerLock lock_;
  int depth_ = 0;
  std::atomic<std::uint64_t> dropped_{0};
  bool in_emit_ = false;
  Handler* registry_prev_ = nullptr;  // the registry of live handlers (shutdown, fork),
  Handler* registry_next_ = nullptr;  // in creation order
};

// logging.StreamHandler(stream=None): writes format(record) + terminator to a stream
// (sys.stderr, i.e. a UTF-8 text stream on fd 2 with errors='backslashreplace', by
// default) and flushes it after every record.
class StreamHandler : public Handler {
 public:
  StreamHandler();
  explicit StreamHandler(std::shared_ptr<io::IOBase> stream);

  void emit(LogRecord& record) override;
  void flush() override;
  // StreamHandler.setStream(stream): the old stream (flushed), or None when it is the same.
  std::shared_ptr<io::IOBase> setStream(std::shared_ptr<io::IOBase> stream);
  std::shared_ptr<io::IOBase> stream() const;
  std::string repr() const override;

  ~StreamHandler() override;

  // pyos extension (documented deviation, off by default): when true, emit() does not flush;
  // output reaches the stream's file when its buffer fills, on flush() and on close() — or,
  // after logging::enableCrashFlush(), when the process dies of a fatal signal.
  void setBuffered(bool buffered) noexcept;
  bool buffered() const noexcept { return buffered_.load(std::memory_order_relaxed); }

  // StreamHandler.terminator
  std::string terminator = "\n";

 protected:
  std::string_view class_name() const noexcept override { return "StreamHandler"; }
  // The stream as emit() sees it (the lock is held).
  const std::shared_ptr<io::IOBase>& stream_locked() const noexcept { return stream_; }
  void set_stream_locked(std::shared_ptr<io::IOBase> stream);

 private:
  std::shared_ptr<io::IOBase> stream_;
  bool unwritable_ = false;  // stream_ is None or one of io's binary classes (emit raises)
  std::string buffer_;  // the formatted record; reused (the lock is held in emit)
  std::atomic<bool> buffered_{false};
  io::TextIOWrapper* text_ = nullptr;  // stream_, when it is exactly an io::TextIOWrapper
  std::string message_, asctime_;      // the direct route's texts of a record (under the lock)

  // The direct route (src/logging/direct.hpp): handle() of the record a plain call would
  // make, for a handler of exactly this class or FileHandler, or declined before anything
  // is written. Called by the logger.
  friend struct detail::LoggerAccess;
  detail::DirectResult handle_direct(const detail::DirectCall& call) noexcept;
  // emit()'s end: the formatted record in buffer_, its terminator, the write and the flush.
  // `own_flush`: flush() is known to be this class's (not overridden), so a text stream of
  // exactly io's class takes the write and the flush in one call.
  void write_record(bool own_flush);

  // For the crash flush (logging/crash.cpp): stream_'s object, read by a signal handler that
  // cannot touch the shared_ptr; and this handler's place among the buffered ones.
  friend struct detail::CrashFlush;
  std::atomic<io::IOBase*> crash_stream_{nullptr};
  void* crash_slot_ = nullptr;
};

// The text stream logging uses as sys.stderr (fd 2, UTF-8, errors='backslashreplace',
// line buffered).
std::shared_ptr<io::IOBase> stderr_stream();

// logging.FileHandler(filename, mode='a', encoding=None, delay=False, errors=None):
// a StreamHandler on a file opened through pyos::io::open (the text layer: encoding and
// errors as Python's; the locale encoding, i.e. UTF-8, by default). With delay, the file
// is opened at the first emit. After close(), the next emit opens the file again (Python's
// behaviour); close() is final only at shutdown.
class FileHandler : public StreamHandler {
 public:
  explicit FileHandler(const PathLike& filename, std::string_view mode = "a",
                       std::optional<std::string> encoding = std::nullopt, bool delay = false,
                       std::optional<std::string> errors = std::nullopt);

  void emit(LogRecord& record) override;
  void close() override;
  std::string repr() const override;

  // FileHandler.baseFilename (absolute), .mode, .encoding, .errors, .delay
  const std::string baseFilename;
  const std::string mode;
  const std::optional<std::string> encoding;
  const std::optional<std::string> errors;
  const bool delay;

 protected:
  std::string_view class_name() const noexcept override { return "FileHandler"; }
  // FileHandler._open(): the stream for baseFilename (the hook a subclass overrides).
  virtual std::shared_ptr<io::IOBase> _open();
};

// logging.NullHandler: does nothing (for libraries that must not configure logging).
class NullHandler : public Handler {
 public:
  NullHandler() = default;
  bool handle(LogRecord&) noexcept override { return false; }  // Python's returns None
  void emit(LogRecord&) override {}
  void createLock() {}

 protected:
  std::string_view class_name() const noexcept override { return "NullHandler"; }
};

// logging.getHandlerByName(name) (None when no live handler has that name) and
// logging.getHandlerNames().
std::shared_ptr<Handler> getHandlerByName(std::string_view name);
std::vector<std::string> getHandlerNames();

}  // namespace pyos::logging
