// File: pyos/logging/record.hpp
//
// logging.LogRecord, the keyword arguments of the logging calls (exc_info=, stack_info=,
// stacklevel=, extra=) and Dict, an owning str-keyed dict of Values.
//
// Ownership: a record built by a logging call lives on the caller's stack and *views* the
// caller's arguments — nothing is copied or formatted unless a handler emits. Copying a
// LogRecord (and makeLogRecord) gives a self-contained record that owns copies of every
// string and value, so a handler that keeps records (a queue, a buffer) copies them.
// Attributes are public members with Python's names; assign to a string_view or Value
// attribute only data that outlives the record, or first pass it through keep() /
// set(), which copy into the record.
#pragma once

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pyos/logging/levels.hpp"
#include "pyos/logging/value.hpp"

namespace pyos::logging {

namespace detail {
class ValueArena;

// The attributes of a LogRecord, with Python's names (LogRecord derives from this, so they
// read as record.name, record.levelno, ...).
struct LogRecordAttributes {
  std::string_view name;
  Value msg;
  // The arguments of `msg % args`. Python stores a single non-empty mapping argument as the
  // mapping itself; here it stays a one-element span whose element is the Mapping (and
  // getMessage() applies Python's rule).
  std::span<const Value> args;
  // True when `args` is not a tuple but Python's args object itself (record.set("args", x),
  // makeLogRecord's "args"): its one element is that object, or it has none for None.
  // getMessage() then formats only when the object is true (Python's `if self.args`), and
  // %(args)s prints the object. Assigning `args` directly gives a tuple: set this false.
  bool args_object = false;
  std::string_view levelname;
  int levelno = NOTSET;
  std::string_view pathname;
  std::string_view filename;
  std::string_view module;
  std::exception_ptr exc_info;
  std::optional<std::string> exc_text;
  std::optional<std::string> stack_info;
  int lineno = 0;
  std::optional<std::string_view> funcName;
  double created = 0;
  double msecs = 0;
  double relativeCreated = 0;
  std::optional<unsigned long> thread;
  std::optional<std::string_view> threadName;
  std::optional<std::string_view> processName;
  std::optional<int> process;
  std::optional<std::string_view> taskName;  // always None: there is no asyncio task
  // Set by Formatter.format(): getMessage() and, when the format uses it, the time text.
  // Unset (None) until then: a record no Formatter has formatted has no message attribute.
  std::optional<std::string> message;
  std::optional<std::string> asctime;

  // time.time_ns() when the record was made (created == created_ns / 1e9).
  std::int64_t created_ns = 0;
};

// What a LogRecord owns: nothing for a record of a logging call; the arena (and the extra
// attributes moved into it) once a record is copied or given values to keep. Moving steals
// it; copying gives an empty one (LogRecord's copy constructor then fills its own).
struct RecordStorage {
  RecordStorage() noexcept;
  RecordStorage(const RecordStorage&) noexcept;
  RecordStorage& operator=(const RecordStorage&) noexcept { return *this; }
  RecordStorage(RecordStorage&& o) noexcept;
  RecordStorage& operator=(RecordStorage&& o) noexcept;
  ~RecordStorage();
  std::unique_ptr<ValueArena> arena;  // owned strings and values (copies, set(), keep())
  std::vector<Item>* extra = nullptr; // extra attributes once owned (in arena)
};
}  // namespace detail

// An owning dict of str -> Value (a LoggerAdapter's extra, Formatter defaults,
// makeLogRecord's attributes). Values and keys are copied in; it converts to a Mapping view.
class Dict {
 public:
  Dict() noexcept;
  Dict(std::initializer_list<Item> items);  // NOLINT: implicit, as a dict display
  explicit Dict(Mapping items);
  Dict(const Dict& other);
  Dict& operator=(const Dict& other);
  Dict(Dict&&) noexcept;
  Dict& operator=(Dict&&) noexcept;
  ~Dict();

  // d[key] = value (copied in); an existing key keeps its position.
  void set(std::string_view key, const Value& value);
  // d.get(key): a pointer valid until the next change of the dict, or nullptr.
  const Value* get(std::string_view key) const noexcept;
  bool contains(std::string_view key) const noexcept { return get(key) != nullptr; }
  bool erase(std::string_view key);
  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  const Item* begin() const noexcept { return items_.data(); }
  const Item* end() const noexcept { return items_.data() + items_.size(); }
  operator Mapping() const noexcept { return {items_.data(), items_.size()}; }  // NOLINT

 private:
  std::unique_ptr<detail::ValueArena> arena_;
  std::vector<Item> items_;
};

// ---- The keyword arguments of Logger.debug()/info()/.../log(), given among the arguments:
//   logger.error("cannot open %s", path, logging::exc_info(true), logging::extra({{"user", u}}));

// What exc_info=True records when no exception is being handled. Python's sys.exc_info() is
// then (None, None, None): a true value, which the Formatter renders as "NoneType: None" and
// %(exc_info)s as "(None, None, None)". record.exc_info holds an exception_ptr to a
// NoneExcInfo (thrown by nothing else), so that it is true too.
struct NoneExcInfo {};
std::exception_ptr none_exc_info() noexcept;

// exc_info=True (the exception being handled, std::current_exception(), or none_exc_info()
// when there is none), an exception, or false/None.
struct exc_info {
  exc_info(bool on) : value(on ? current() : nullptr) {}  // NOLINT: implicit
  exc_info(std::exception_ptr e) : value(std::move(e)) {}  // NOLINT: implicit
  std::exception_ptr value;

 private:
  static std::exception_ptr current() noexcept {
    std::exception_ptr e = std::current_exception();
    return e ? e : none_exc_info();
  }
};
// stack_info=True: the call stack (native frames, with file and line where the program has
// debug information) is added to the record.
struct stack_info {
  explicit stack_info(bool on) : value(on) {}
  bool value;
};
// stacklevel=n: the source location reported is that of the n-th caller (1 = the logging
// call itself, which is exact; higher levels are found by walking the native stack).
struct stacklevel {
  explicit stacklevel(int n) : value(n) {}
  int value;
};
// extra={...}: attributes added to the record. A key that names a record attribute raises
// KeyError("Attempt to overwrite 'msg' in LogRecord"), as in Python.
struct extra {
  extra(Mapping items) : value(items) {}  // NOLINT: implicit
  Mapping value;
};

// All keyword arguments of one call, as LoggerAdapter.process() sees and edits them. A
// process() that builds a new extra keeps it in merged_extra and points `extra` at it.
struct Kwargs {
  std::exception_ptr exc_info;
  bool stack_info = false;
  int stacklevel = 1;
  std::optional<Mapping> extra;
  // "extra" is among the keyword arguments with the value None: what LoggerAdapter.process
  // leaves for an inner adapter when the adapter has no extra (extra stays empty).
  bool extra_is_none = false;
  Dict merged_extra;
};

// logging.LogRecord.
class LogRecord : public detail::LogRecordAttributes {
 public:
  // LogRecord(name, level, pathname, lineno, msg, args, exc_info, func=None, sinfo=None):
  // everything is copied into the record (the fast path of the logging calls does not use
  // this constructor). `args` as Python's tuple; a single non-empty Mapping is the mapping.
  LogRecord(std::string_view name, int level, std::string_view pathname, int lineno, const Value& msg,
            std::span<const Value> args, std::exception_ptr exc_info = nullptr,
            std::optional<std::string_view> func = std::nullopt,
            std::optional<std::string_view> sinfo = std::nullopt);
  LogRecord(const LogRecord& other);
  LogRecord& operator=(const LogRecord& other);
  LogRecord(LogRecord&& other) noexcept = default;
  LogRecord& operator=(LogRecord&& other) noexcept = default;
  ~LogRecord();

  // LogRecord.getMessage(): str(msg), then `% args` when there are arguments. Raises what
  // Python's `%` raises (handlers route it to handleError).
  std::string getMessage() const;
  // repr(record) (and str): '<LogRecord: name, levelno, pathname, lineno, "msg">', the
  // message unformatted, as Python's.
  std::string repr() const;
  void getMessage(std::string& out) const;  // appends

  // Attributes other than the standard ones: those of extra= and those set by filters
  // (Python's record.__dict__ beyond the standard attributes), in insertion order.
  std::span<const Item> extra_attributes() const noexcept;
  // vars(record), Python's record.__dict__: every attribute the record has, in Python's
  // order. The standard attributes come first, in LogRecord.__init__'s order (name, msg, args,
  // levelname, ... taskName). Then the others, in the order they were added: extra=, set()
  // by a filter, and `message` and `asctime` where Formatter.format() first set them. This is
  // what a handler that pickles a record (the Python wire format) or copies it takes apart.
  // The values view the record: valid until it changes or dies. `args` and `exc_info` are
  // objects of type 'tuple' (a single non-empty mapping argument is the mapping itself).
  std::vector<Item> vars() const;
  // setattr(record, key, value): a standard attribute is assigned (a str for the text
  // attributes, a number for the numeric ones: TypeError otherwise); any other key becomes
  // an extra attribute. The value is copied into the record.
  void set(std::string_view key, const Value& value);
  // getattr(record, key, None) for any attribute, standard or extra (None when absent).
  std::optional<Value> get(std::string_view key) const;
  // Copies `text` into the record and returns a view that lives as long as the record, for
  // assigning computed text to a string_view attribute: `r.name = r.keep(new_name)`.
  std::string_view keep(std::string_view text);
  Value keep(const Value& value);

  // The names Python's LogRecord.__dict__ has from the start (the `extra` clash check uses
  // these plus "message" and "asctime").
  static bool is_standard_attribute(std::string_view key) noexcept;

  // Internal: the logging calls' constructor; views everything, copies nothing.
  struct FastInit {};
  LogRecord(FastInit, std::string_view name, int level, std::string_view pathname, std::string_view filename,
            std::string_view module, int lineno, std::optional<std::string_view> funcName, const Value& msg,
            std::span<const Value> args, std::exception_ptr exc_info, std::optional<std::string> sinfo,
            const Mapping* extra);
  // Internal: adds the attributes of extra= (views, with Python's KeyError check).
  void add_extra(Mapping items);
  // Internal: Formatter.format()'s `record.message = ...` and `record.asctime = ...`. The
  // attribute, made empty where vars() then places it when the record did not have it.
  std::string& message_attribute();
  std::string& asctime_attribute();

 private:
  void fill_process_fields();
  void own_everything();  // makes every view point into the arena
  std::vector<Item>& owned_extra();  // the extra attributes, moved into the arena once
  detail::ValueArena& arena();

  // Where vars() places `message` and `asctime` among the extra attributes: 3 × the number
  // of them when the attribute was made, plus 1 when the other one was there already (so
  // the one made first comes first). kUnplaced (after them all) when the public member
  // was assigned directly.
  static constexpr std::uint32_t kUnplaced = UINT32_MAX;
  std::uint32_t place_now() const noexcept;
  std::string& placed_attribute(std::optional<std::string>& attribute, std::uint32_t& at);
  std::uint32_t message_at_ = kUnplaced;
  std::uint32_t asctime_at_ = kUnplaced;

  Mapping call_extra_;              // extra= of the logging call (viewed)
  detail::RecordStorage storage_;   // what the record owns
};

// logging.makeLogRecord(attrdict): a record with Python's defaults (name None -> "None",
// msg "", level 0) whose attributes are then set from `attributes` (LogRecord::set rules).
LogRecord makeLogRecord(Mapping attributes);

}  // namespace pyos::logging
