// File: logging/record.cpp
//
// LogRecord, Dict and the arena they keep owned values in.
#include "pyos/logging/record.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <typeinfo>

#include "logging/arena.hpp"
#include "logging/clock.hpp"
#include "logging/fields.hpp"
#include "logging/runtime.hpp"
#include "logging/percent.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/logging.hpp"
#include "pyos/time.hpp"
#include "_core/text.hpp"

namespace pyos::logging {
namespace detail {

// ---- ValueArena

std::string_view ValueArena::keep(std::string_view text) { return strings_.emplace_back(text); }

Value ValueArena::keep(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Str:
      return Value(keep(v.as_str()));
    case Value::Kind::Bytes:
      return Value(Bytes{keep(v.as_str())});
    case Value::Kind::Map:
      return Value(keep(v.as_map()));
    case Value::Kind::Object: {
      Rendered& r = objects_.emplace_back();
      v.object_ops()->str(v.object_ptr(), r.str);
      v.object_ops()->repr(v.object_ptr(), r.repr);
      r.ops.str = [](const void* o, std::string& out) { out += static_cast<const Rendered*>(o)->str; };
      r.ops.repr = [](const void* o, std::string& out) { out += static_cast<const Rendered*>(o)->repr; };
      r.ops.type = v.object_ops()->type;
      return Value::object(&r, &r.ops);
    }
    default:
      return v;  // scalars hold no view
  }
}

Mapping ValueArena::keep(Mapping m) {
  std::vector<Item>& items = new_items();
  items.reserve(m.size());
  for (const Item& item : m) items.push_back({keep(item.key), keep(item.value)});
  return {items.data(), items.size()};
}

std::span<const Value> ValueArena::keep(std::span<const Value> values) {
  std::vector<Value>& copy = values_.emplace_back();
  copy.reserve(values.size());
  for (const Value& v : values) copy.push_back(keep(v));
  return {copy.data(), copy.size()};
}

// ---- Standard attributes by name

namespace {
struct FieldName {
  std::string_view name;
  Field field;
};
constexpr FieldName kFields[] = {
    {"name", Field::name},         {"msg", Field::msg},
    {"args", Field::args},         {"levelname", Field::levelname},
    {"levelno", Field::levelno},   {"pathname", Field::pathname},
    {"filename", Field::filename}, {"module", Field::module},
    {"exc_info", Field::exc_info}, {"exc_text", Field::exc_text},
    {"stack_info", Field::stack_info}, {"lineno", Field::lineno},
    {"funcName", Field::funcName}, {"created", Field::created},
    {"msecs", Field::msecs},       {"relativeCreated", Field::relativeCreated},
    {"thread", Field::thread},     {"threadName", Field::threadName},
    {"processName", Field::processName}, {"process", Field::process},
    {"taskName", Field::taskName}, {"message", Field::message},
    {"asctime", Field::asctime},
};
// field_name() indexes this table by the enum.
static_assert([] {
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    if (static_cast<std::size_t>(kFields[i].field) != i) return false;
  }
  return std::size(kFields) == static_cast<std::size_t>(Field::none);
}());

Value opt_str(const std::optional<std::string_view>& s) { return s ? Value(*s) : Value(); }

// record.args and record.exc_info as Python tuples: objects viewing the record's member,
// printed as the tuple's repr, of type 'tuple'; args can be indexed.
void args_text(const void* o, std::string& out) {
  append_args_repr(out, *static_cast<const std::span<const Value>*>(o));
}
bool args_item(const void* o, std::int64_t index, Value& out) {
  const auto& args = *static_cast<const std::span<const Value>*>(o);
  const auto n = static_cast<std::int64_t>(args.size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return false;
  out = args[static_cast<std::size_t>(index)];
  return true;
}
void exc_info_text(const void* o, std::string& out) {
  append_exc_info_repr(out, *static_cast<const std::exception_ptr*>(o));
}
const ObjectOps kArgsTuple{&args_text, &args_text, &typeid(TupleText), &args_item};
const ObjectOps kExcInfoTuple{&exc_info_text, &exc_info_text, &typeid(TupleText)};
}  // namespace

std::string_view field_name(Field field) noexcept { return kFields[static_cast<std::size_t>(field)].name; }

Field field_of(std::string_view name) noexcept {
  for (const auto& f : kFields) {
    if (_core::same_bytes(f.name, name)) return f.field;
  }
  return Field::none;
}

bool truthy(const Value& v) noexcept {
  switch (v.kind()) {
    case Value::Kind::None: return false;
    case Value::Kind::Bool: return v.as_bool();
    case Value::Kind::Int: return v.as_int() != 0;
    case Value::Kind::UInt: return v.as_uint() != 0;
    case Value::Kind::Float: return v.as_float() != 0.0;
    case Value::Kind::Str:
    case Value::Kind::Bytes: return !v.as_str().empty();
    case Value::Kind::Map: return !v.as_map().empty();
    case Value::Kind::Object: return true;  // Python's default for an object
  }
  return true;
}

void append_args_repr(std::string& out, std::span<const Value> args) {
  if (args.size() == 1 && args[0].kind() == Value::Kind::Map && !args[0].as_map().empty()) {
    append_repr(out, args[0]);
    return;
  }
  out += '(';
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    append_repr(out, args[i]);
  }
  if (args.size() == 1) out += ',';
  out += ')';
}

std::optional<Value> field_value(const LogRecord& r, Field field) {
  switch (field) {
    case Field::name: return Value(r.name);
    case Field::msg: return r.msg;
    case Field::args:
      if (r.args_object) return r.args.empty() ? Value() : r.args[0];
      // A single non-empty mapping is the dict itself; otherwise the tuple, as an object
      // whose str() and repr() are the tuple's and whose type is 'tuple'.
      if (r.args.size() == 1 && r.args[0].kind() == Value::Kind::Map && !r.args[0].as_map().empty()) {
        return r.args[0];
      }
      return Value::object(&r.args, &kArgsTuple);
    case Field::levelname: return Value(r.levelname);
    case Field::levelno: return Value(r.levelno);
    case Field::pathname: return Value(r.pathname);
    case Field::filename: return Value(r.filename);
    case Field::module: return Value(r.module);
    case Field::exc_info:
      if (!r.exc_info) return Value();
      return Value::object(&r.exc_info, &kExcInfoTuple);
    case Field::exc_text: return r.exc_text ? Value(std::string_view(*r.exc_text)) : Value();
    case Field::stack_info: return r.stack_info ? Value(std::string_view(*r.stack_info)) : Value();
    case Field::lineno: return Value(r.lineno);
    case Field::funcName: return opt_str(r.funcName);
    case Field::created: return Value(r.created);
    case Field::msecs: return Value(r.msecs);
    case Field::relativeCreated: return Value(r.relativeCreated);
    case Field::thread: return r.thread ? Value(*r.thread) : Value();
    case Field::threadName: return opt_str(r.threadName);
    case Field::processName: return opt_str(r.processName);
    case Field::process: return r.process ? Value(*r.process) : Value();
    case Field::taskName: return opt_str(r.taskName);
    case Field::message:
      if (!r.message) return std::nullopt;
      return Value(std::string_view(*r.message));
    case Field::asctime:
      if (!r.asctime) return std::nullopt;
      return Value(std::string_view(*r.asctime));
    case Field::none: break;
  }
  return std::nullopt;
}

}  // namespace detail

detail::RecordStorage::RecordStorage() noexcept = default;
detail::RecordStorage::RecordStorage(const RecordStorage&) noexcept {}
detail::RecordStorage::RecordStorage(RecordStorage&& o) noexcept
    : arena(std::move(o.arena)), extra(std::exchange(o.extra, nullptr)) {}
detail::RecordStorage::~RecordStorage() = default;
detail::RecordStorage& detail::RecordStorage::operator=(RecordStorage&& o) noexcept {
  arena = std::move(o.arena);
  extra = std::exchange(o.extra, nullptr);
  return *this;
}

// ---- Dict

Dict::Dict() noexcept = default;  // the arena comes with the first set()
Dict::Dict(std::initializer_list<Item> items) : Dict(Mapping(items)) {}
Dict::Dict(Mapping items) : Dict() {
  for (const Item& item : items) set(item.key, item.value);
}
Dict::Dict(const Dict& other) : Dict(Mapping(other)) {}
Dict& Dict::operator=(const Dict& other) {
  if (this != &other) *this = Dict(other);
  return *this;
}
Dict::Dict(Dict&&) noexcept = default;
Dict& Dict::operator=(Dict&&) noexcept = default;
Dict::~Dict() = default;

void Dict::set(std::string_view key, const Value& value) {
  if (!arena_) arena_ = std::make_unique<detail::ValueArena>();
  Value kept = arena_->keep(value);
  for (Item& item : items_) {
    if (item.key == key) {
      item.value = kept;
      return;
    }
  }
  items_.push_back({arena_->keep(key), kept});
}

const Value* Dict::get(std::string_view key) const noexcept {
  for (const Item& item : items_) {
    if (item.key == key) return &item.value;
  }
  return nullptr;
}

bool Dict::erase(std::string_view key) {
  auto it = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.key == key; });
  if (it == items_.end()) return false;
  items_.erase(it);
  return true;
}

// ---- LogRecord

bool LogRecord::is_standard_attribute(std::string_view key) noexcept {
  const detail::Field f = detail::field_of(key);
  return f != detail::Field::none && f != detail::Field::message && f != detail::Field::asctime;
}

LogRecord::LogRecord(FastInit, std::string_view name_, int level, std::string_view pathname_,
                     std::string_view filename_, std::string_view module_, int lineno_,
                     std::optional<std::string_view> funcName_, const Value& msg_, std::span<const Value> args_,
                     std::exception_ptr exc_info_, std::optional<std::string> sinfo, const Mapping* extra)
    : LogRecordAttributes{.name = name_,
                          .msg = msg_,
                          .args = args_,
                          .levelname = detail::level_name_view(level),
                          .levelno = level,
                          .pathname = pathname_,
                          .filename = filename_,
                          .module = module_,
                          .exc_info = std::move(exc_info_),
                          .stack_info = std::move(sinfo),
                          .lineno = lineno_,
                          .funcName = funcName_} {
  fill_process_fields();
  if (extra) add_extra(*extra);
}

LogRecord::LogRecord(std::string_view name_, int level, std::string_view pathname_, int lineno_, const Value& msg_,
                     std::span<const Value> args_, std::exception_ptr exc_info_,
                     std::optional<std::string_view> func, std::optional<std::string_view> sinfo)
    : LogRecordAttributes{.name = name_,
                          .msg = msg_,
                          .args = args_,
                          .levelname = detail::level_name_view(level),
                          .levelno = level,
                          .pathname = pathname_,
                          .exc_info = std::move(exc_info_),
                          .lineno = lineno_,
                          .funcName = func} {
  if (sinfo) stack_info = std::string(*sinfo);
  auto parts = detail::split_pathname(pathname);
  filename = parts.filename;
  module = parts.module;
  fill_process_fields();
  own_everything();
}

void LogRecord::fill_process_fields() {
  created_ns = detail::record_time_ns();
  const detail::RecordTimes times = detail::record_times(created_ns);
  created = times.created;
  msecs = times.msecs;
  relativeCreated = times.relativeCreated;
  if (logThreads.load(std::memory_order_relaxed)) {
    const detail::ThreadInfo& t = detail::current_thread();
    thread = t.ident;
    threadName = t.name;
  }
  if (logMultiprocessing.load(std::memory_order_relaxed)) processName = std::string_view("MainProcess");
  if (logProcesses.load(std::memory_order_relaxed)) process = detail::cached_pid();
}

detail::ValueArena& LogRecord::arena() {
  if (!storage_.arena) storage_.arena = std::make_unique<detail::ValueArena>();
  return *storage_.arena;
}

void LogRecord::own_everything() {
  detail::ValueArena& a = arena();
  name = a.keep(name);
  msg = a.keep(msg);
  args = a.keep(args);
  levelname = a.keep(levelname);
  pathname = a.keep(pathname);
  filename = a.keep(filename);
  module = a.keep(module);
  if (funcName) funcName = a.keep(*funcName);
  if (threadName) threadName = a.keep(*threadName);
  if (processName) processName = a.keep(*processName);
  if (taskName) taskName = a.keep(*taskName);
  owned_extra();
}

std::vector<Item>& LogRecord::owned_extra() {
  if (storage_.extra == nullptr) {
    detail::ValueArena& a = arena();
    storage_.extra = &a.new_items();
    for (const Item& item : call_extra_) storage_.extra->push_back({a.keep(item.key), a.keep(item.value)});
    call_extra_ = {};
  }
  return *storage_.extra;
}

LogRecord::LogRecord(const LogRecord& o)
    : LogRecordAttributes(o),
      message_at_(o.message_at_),
      asctime_at_(o.asctime_at_),
      call_extra_(o.storage_.extra ? Mapping(o.storage_.extra->data(), o.storage_.extra->size())
                                                           : o.call_extra_) {
  own_everything();
}

LogRecord& LogRecord::operator=(const LogRecord& o) {
  if (this != &o) *this = LogRecord(o);
  return *this;
}

LogRecord::~LogRecord() {
  if (message) detail::give_buffer(std::move(*message));
  if (asctime) detail::give_buffer(std::move(*asctime));
}

std::string LogRecord::repr() const {
  std::string out = "<LogRecord: ";
  out.append(name);
  out += ", ";
  out += std::to_string(levelno);
  out += ", ";
  out.append(pathname);
  out += ", ";
  out += std::to_string(lineno);
  out += ", \"";
  append_str(out, msg);
  out += "\">";
  return out;
}

std::string LogRecord::getMessage() const {
  std::string out;
  getMessage(out);
  return out;
}

void LogRecord::getMessage(std::string& out) const {
  if (args.empty() || (args_object && !detail::truthy(args[0]))) {
    append_str(out, msg);
    return;
  }
  // str(msg) first: a non-str message (an object) is formatted through its str().
  std::string_view format;
  std::string converted;
  if (msg.kind() == Value::Kind::Str) {
    format = msg.as_str();
  } else {
    append_str(converted, msg);
    format = converted;
  }
  if (args.size() == 1 && args[0].kind() == Value::Kind::Map && !args[0].as_map().empty()) {
    detail::percent_format(out, format, args[0]);
  } else {
    detail::percent_format(out, format, args);
  }
}

std::span<const Item> LogRecord::extra_attributes() const noexcept {
  if (storage_.extra) return {storage_.extra->data(), storage_.extra->size()};
  return {call_extra_.begin(), call_extra_.size()};
}

std::uint32_t LogRecord::place_now() const noexcept {
  const auto extras = static_cast<std::uint32_t>(std::min<std::size_t>(extra_attributes().size(), kUnplaced / 4));
  return 3 * extras + ((message || asctime) ? 1 : 0);
}

std::string& LogRecord::placed_attribute(std::optional<std::string>& attribute, std::uint32_t& at) {
  if (!attribute) {
    at = place_now();
    attribute.emplace(detail::take_buffer());
  }
  return *attribute;
}

std::string& LogRecord::message_attribute() { return placed_attribute(message, message_at_); }
std::string& LogRecord::asctime_attribute() { return placed_attribute(asctime, asctime_at_); }

std::vector<Item> LogRecord::vars() const {
  using detail::Field;
  const std::span<const Item> extras = extra_attributes();
  std::vector<Item> out;
  out.reserve(static_cast<std::size_t>(Field::taskName) + 1 + extras.size() + 2);
  for (auto f = Field::name; f <= Field::taskName; f = static_cast<Field>(static_cast<int>(f) + 1)) {
    out.push_back({detail::field_name(f), *detail::field_value(*this, f)});
  }
  // `message` and `asctime` go in before the extra attribute their place names (place / 3),
  // the one made first first; unplaced ones after the last.
  struct Special {
    std::uint32_t at;
    std::string_view key;
    const std::optional<std::string>* text;
  };
  std::array<Special, 2> specials{{{message_at_, "message", &message}, {asctime_at_, "asctime", &asctime}}};
  if (specials[1].at < specials[0].at) std::swap(specials[0], specials[1]);
  auto special = specials.begin();
  const auto add = [&out](const Special& s) {
    if (*s.text) out.push_back({s.key, Value(std::string_view(**s.text))});
  };
  for (std::size_t i = 0; i < extras.size(); ++i) {
    for (; special != specials.end() && special->at != kUnplaced && special->at / 3 <= i; ++special) add(*special);
    out.push_back(extras[i]);
  }
  for (; special != specials.end(); ++special) add(*special);
  return out;
}

void LogRecord::add_extra(Mapping items) {
  // Python refuses any key already in the record's __dict__: the standard attributes and
  // whatever a record factory or a makeRecord override added before extra= is applied.
  const std::span<const Item> present = extra_attributes();
  auto is_present = [present](std::string_view key) {
    return std::any_of(present.begin(), present.end(), [key](const Item& i) { return i.key == key; });
  };
  for (const Item& item : items) {
    if (item.key == "message" || item.key == "asctime" || is_standard_attribute(item.key) || is_present(item.key)) {
      throw KeyError("Attempt to overwrite " + _core::repr_str(item.key) + " in LogRecord");
    }
  }
  if (storage_.extra == nullptr && call_extra_.empty()) {
    call_extra_ = items;
    return;
  }
  for (const Item& item : items) set(item.key, item.value);
}

std::string_view LogRecord::keep(std::string_view text) { return arena().keep(text); }
Value LogRecord::keep(const Value& value) { return arena().keep(value); }

void LogRecord::set(std::string_view key, const Value& value) {
  using detail::Field;
  auto text = [&]() -> std::string_view {
    if (value.kind() != Value::Kind::Str) {
      std::string s;
      append_str(s, value);
      return keep(std::string_view(s));
    }
    return keep(value.as_str());
  };
  auto number = [&]() -> double {
    switch (value.kind()) {
      case Value::Kind::Int: return static_cast<double>(value.as_int());
      case Value::Kind::UInt: return static_cast<double>(value.as_uint());
      case Value::Kind::Float: return value.as_float();
      case Value::Kind::Bool: return value.as_bool() ? 1 : 0;
      default: throw TypeError("LogRecord." + std::string(key) + " must be a number, not " + value.type_name());
    }
  };
  switch (detail::field_of(key)) {
    case Field::name: name = text(); return;
    case Field::msg: msg = keep(value); return;
    case Field::levelname: levelname = text(); return;
    case Field::levelno: levelno = static_cast<int>(number()); return;
    case Field::pathname: pathname = text(); return;
    case Field::filename: filename = text(); return;
    case Field::module: module = text(); return;
    case Field::lineno: lineno = static_cast<int>(number()); return;
    case Field::funcName: funcName = value.is_none() ? std::nullopt : std::optional(text()); return;
    case Field::created: created = number(); return;
    case Field::msecs: msecs = number(); return;
    case Field::relativeCreated: relativeCreated = number(); return;
    case Field::thread:
      // Integers exactly (a thread id may exceed 2**53); only a float goes through number().
      if (value.is_none()) {
        thread = std::nullopt;
      } else if (value.kind() == Value::Kind::UInt) {
        thread = static_cast<unsigned long>(value.as_uint());
      } else if (value.kind() == Value::Kind::Int) {
        thread = static_cast<unsigned long>(value.as_int());
      } else {
        thread = static_cast<unsigned long>(number());
      }
      return;
    case Field::threadName: threadName = value.is_none() ? std::nullopt : std::optional(text()); return;
    case Field::processName: processName = value.is_none() ? std::nullopt : std::optional(text()); return;
    case Field::process: process = value.is_none() ? std::nullopt : std::optional(static_cast<int>(number())); return;
    case Field::taskName: taskName = value.is_none() ? std::nullopt : std::optional(text()); return;
    case Field::message:
      if (value.is_none()) return message.reset();
      message_attribute() = text();
      return;
    case Field::asctime:
      if (value.is_none()) return asctime.reset();
      asctime_attribute() = text();
      return;
    case Field::exc_text: exc_text = value.is_none() ? std::nullopt : std::optional(std::string(text())); return;
    case Field::stack_info: stack_info = value.is_none() ? std::nullopt : std::optional(std::string(text())); return;
    case Field::args:
      args = value.is_none() ? std::span<const Value>() : arena().keep(std::span<const Value>(&value, 1));
      args_object = true;
      return;
    case Field::exc_info:
      if (value.is_none()) {
        exc_info = nullptr;
        return;
      }
      throw TypeError("LogRecord.exc_info is set from an exception, not " + value.type_name());
    case Field::none: break;
  }
  // An extra attribute: add or replace.
  std::vector<Item>& extras = owned_extra();
  Value kept = arena().keep(value);
  for (Item& item : extras) {
    if (item.key == key) {
      item.value = kept;
      return;
    }
  }
  extras.push_back({arena().keep(key), kept});
}

std::optional<Value> LogRecord::get(std::string_view key) const {
  detail::Field f = detail::field_of(key);
  if (f != detail::Field::none) {
    return detail::field_value(*this, f);
  }
  for (const Item& item : extra_attributes()) {
    if (item.key == key) return item.value;
  }
  return std::nullopt;
}

}  // namespace pyos::logging
