// File: logging/formatter.cpp
#include "pyos/logging/formatter.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "_core/append.hpp"
#include "_core/text.hpp"
#include "_sys/time_linux.hpp"
#include "logging/direct.hpp"
#include "logging/fields.hpp"
#include "logging/numbers.hpp"
#include "logging/percent.hpp"
#include "logging/runtime.hpp"
#include "logging/styles.hpp"
#include "logging/traceback.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/logging.hpp"

namespace pyos::logging {
namespace detail {

class FormatterImpl {
 public:
  FormatterImpl(Style style, std::string fmt, std::optional<Dict> defaults)
      : style_(style), fmt_(std::move(fmt)), template_(style, fmt_), defaults_(std::move(defaults)) {
    for (const std::string& key : template_.keys()) fields_.push_back(field_of(key));
    uses_time_ = uses_time(style_, fmt_);
    // The direct route formats only the record's own attributes (args aside: a tuple); an
    // extra attribute or a default needs the record. Without usesTime() a record has no
    // asctime, so its key takes the general route too (KeyError, or the default).
    direct_ = std::none_of(fields_.begin(), fields_.end(), [&](Field f) {
      return f == Field::none || f == Field::args || (f == Field::asctime && !uses_time_);
    });
    if (const PercentTemplate* t = template_.percent(); t && direct_) make_line(t->bare_layout());
  }

  // The direct route's line written straight from the call (Formatter::format_line): the
  // template's literals and fields, in order. Only for a '%' format of bare `%(key)s` specs
  // whose fields are text or integers the call has.
  struct LineOp {
    std::uint32_t begin, size;  // the literal before the field, in line_text_
    Field field;                // Field::none: the literal is the tail
  };
  static bool line_field(Field f) noexcept {
    switch (f) {
      case Field::name:
      case Field::levelname:
      case Field::levelno:
      case Field::pathname:
      case Field::filename:
      case Field::module:
      case Field::lineno:
      case Field::funcName:
      case Field::thread:
      case Field::threadName:
      case Field::process:
      case Field::message:
      case Field::asctime: return true;
      default: return false;
    }
  }
  void make_line(const std::vector<PercentTemplate::BarePiece>& layout) {
    for (const PercentTemplate::BarePiece& piece : layout) {
      const Field field = piece.key == PercentTemplate::kNoKey ? Field::none : fields_[piece.key];
      if (field != Field::none && !line_field(field)) {
        line_ops_.clear();
        return;
      }
      line_ops_.push_back({static_cast<std::uint32_t>(line_text_.size()), static_cast<std::uint32_t>(piece.literal.size()),
                           field});
      line_text_ += piece.literal;
    }
    line_text_.append(_core::kPutSlack, '\0');  // for put_padded(), and its room in the line
  }

  // Set once a direct call found that the format needs the record after all (a whole-record
  // `%s`, a conversion that fails): later calls take the general route at once.
  struct Flag {
    std::atomic<bool> value{false};
    Flag() = default;
    Flag(const Flag& other) : value(other.value.load(std::memory_order_relaxed)) {}
  };

  Style style_;
  std::string fmt_;
  StyleTemplate template_;
  std::optional<Dict> defaults_;
  std::vector<Field> fields_;  // the field of each template key (Field::none: extra/defaults)
  bool uses_time_;
  bool direct_;              // the direct route can format this format
  std::string line_text_;            // the literals of line_ops_, then kPutSlack bytes of padding
  std::vector<LineOp> line_ops_;     // empty: no line straight from the call
  Flag direct_declined_;
};

namespace {

// The record as the mapping Python's styles format against: defaults | record.__dict__.
class RecordMapping final : public PercentMapping {
 public:
  RecordMapping(const LogRecord& record, const FormatterImpl& f) : record_(record), f_(f) {}

  const Value* find(std::size_t index, std::string_view key, Value& scratch) const override {
    Field field = index < f_.fields_.size() ? f_.fields_[index] : field_of(key);
    if (field != Field::none) {
      std::optional<Value> v = field_value(record_, field);
      if (v) {
        scratch = *v;
        return &scratch;
      }
    } else {
      for (const Item& item : record_.extra_attributes()) {
        if (item.key == key) return &item.value;
      }
    }
    if (f_.defaults_) return f_.defaults_->get(key);
    return nullptr;
  }

  // str() of the attributes that are text or int, straight from the record. Extra
  // attributes, defaults and the other fields take find().
  bool str_of(std::size_t index, std::string_view& text, Digits& digits) const override {
    if (index >= f_.fields_.size()) return false;
    const LogRecord& r = record_;
    const auto view = [&text](std::string_view s) {
      text = s;
      return true;
    };
    const auto optional_view = [&text](const auto& s) {
      if (!s) return false;  // None
      text = *s;
      return true;
    };
    const auto decimal = [&](auto n) {
      text = std::string_view(digits.data(), detail::write_decimal(digits.data(), n));
      return true;
    };
    switch (f_.fields_[index]) {
      case Field::name: return view(r.name);
      case Field::levelname: return view(r.levelname);
      case Field::pathname: return view(r.pathname);
      case Field::filename: return view(r.filename);
      case Field::module: return view(r.module);
      case Field::message: return optional_view(r.message);  // unset: find() raises KeyError
      case Field::funcName: return optional_view(r.funcName);
      case Field::threadName: return optional_view(r.threadName);
      case Field::processName: return optional_view(r.processName);
      case Field::asctime: return optional_view(r.asctime);  // unset: find() raises KeyError
      case Field::levelno: return decimal(r.levelno);
      case Field::lineno: return decimal(r.lineno);
      case Field::process: return r.process && decimal(*r.process);
      case Field::thread: return r.thread && decimal(*r.thread);
      default: return false;
    }
  }

  void append_self(std::string& out, char conversion) const override {
    // str()/repr() of record.__dict__ (with the defaults under it): a dict display.
    out += '{';
    bool first = true;
    auto entry = [&](std::string_view key, const Value& v) {
      if (!first) out += ", ";
      first = false;
      append_repr(out, Value(key));
      out += ": ";
      if (conversion == 'a') {
        append_ascii(out, v);
      } else {
        append_repr(out, v);
      }
    };
    // CPython's `defaults | record.__dict__`: the defaults' keys first, in their order, each
    // with the record's value when the record has one; then the record's other keys.
    const std::vector<Item> attributes = record_.vars();
    const auto in_defaults = [&](std::string_view key) { return f_.defaults_ && f_.defaults_->get(key); };
    if (f_.defaults_) {
      for (const Item& item : *f_.defaults_) {
        const auto it = std::find_if(attributes.begin(), attributes.end(),
                                     [&](const Item& a) { return a.key == item.key; });
        entry(item.key, it != attributes.end() ? it->value : item.value);
      }
    }
    for (const Item& item : attributes) {
      if (!in_defaults(item.key)) entry(item.key, item.value);
    }
    out += '}';
  }

 private:
  const LogRecord& record_;
  const FormatterImpl& f_;
};

// str() of a text field of the record a direct call would make, looked up from the call:
// name, levelname, the call site's fields, and threadName (None, so nullopt, when
// logThreads is off); nullopt for any other field.
std::optional<std::string_view> call_text(const DirectCall& c, Field field) {
  switch (field) {
    case Field::name: return c.name;
    case Field::levelname: return level_name_view(c.level);
    case Field::pathname: return c.site().pathname;
    case Field::filename: return c.site().filename;
    case Field::module: return c.site().module;
    case Field::funcName: return c.site().funcName;
    case Field::threadName:
      if (!logThreads.load(std::memory_order_relaxed)) return std::nullopt;
      return current_thread().name;
    default: return std::nullopt;
  }
}

// The facts of a direct call (logging/direct.hpp) as the mapping the styles format against:
// the attributes its record would have. A key the record would not have, or the whole
// mapping, sets declined() instead (the line is then made the general way).
class DirectMapping final : public PercentMapping {
 public:
  DirectMapping(const DirectCall& call, const FormatterImpl& f, const RecordTimes& times, std::string_view message,
                std::optional<std::string_view> asctime)
      : c_(call), f_(f), times_(times), message_(message), asctime_(asctime) {}

  bool declined() const noexcept { return declined_; }

  const Value* find(std::size_t index, std::string_view key, Value& scratch) const override {
    const Field field = index < f_.fields_.size() ? f_.fields_[index] : field_of(key);
    if (std::optional<Value> v = value_of(field)) {
      scratch = *v;
    } else {
      declined_ = true;
      scratch = Value();
    }
    return &scratch;
  }

  // As RecordMapping::str_of, from the call.
  bool str_of(std::size_t index, std::string_view& text, Digits& digits) const override {
    if (index >= f_.fields_.size()) return false;
    const auto view = [&text](std::string_view s) {
      text = s;
      return true;
    };
    const auto decimal = [&](auto n) {
      text = std::string_view(digits.data(), detail::write_decimal(digits.data(), n));
      return true;
    };
    switch (const Field field = f_.fields_[index]) {
      case Field::message: return view(message_);
      case Field::asctime: return asctime_ && view(*asctime_);
      case Field::levelno: return decimal(c_.level);
      case Field::lineno: return decimal(c_.lineno());
      case Field::thread: return logThreads.load(std::memory_order_relaxed) && decimal(current_thread().ident);
      case Field::process: return logProcesses.load(std::memory_order_relaxed) && decimal(cached_pid());
      default: {
        const std::optional<std::string_view> t = call_text(c_, field);
        return t && view(*t);
      }
    }
  }

  void append_self(std::string&, char) const override { declined_ = true; }

 private:
  // field_value() of the record the call would make.
  std::optional<Value> value_of(Field field) const {
    const bool threads = logThreads.load(std::memory_order_relaxed);
    switch (field) {
      case Field::name: return Value(c_.name);
      case Field::msg: return *c_.msg;
      case Field::levelname: return Value(level_name_view(c_.level));
      case Field::levelno: return Value(c_.level);
      case Field::pathname: return Value(c_.site().pathname);
      case Field::filename: return Value(c_.site().filename);
      case Field::module: return Value(c_.site().module);
      case Field::exc_info:
      case Field::exc_text:
      case Field::stack_info:
      case Field::taskName: return Value();
      case Field::lineno: return Value(c_.lineno());
      case Field::funcName: return Value(c_.site().funcName);
      case Field::created: return Value(times_.created);
      case Field::msecs: return Value(times_.msecs);
      case Field::relativeCreated: return Value(times_.relativeCreated);
      case Field::thread: return threads ? Value(current_thread().ident) : Value();
      case Field::threadName: return threads ? Value(current_thread().name) : Value();
      case Field::processName:
        return logMultiprocessing.load(std::memory_order_relaxed) ? Value(std::string_view("MainProcess")) : Value();
      case Field::process: return logProcesses.load(std::memory_order_relaxed) ? Value(cached_pid()) : Value();
      case Field::message: return Value(message_);
      case Field::asctime:
        if (!asctime_) return std::nullopt;
        return Value(*asctime_);
      case Field::args:
      case Field::none: break;
    }
    return std::nullopt;
  }

  const DirectCall& c_;
  const FormatterImpl& f_;
  const RecordTimes& times_;
  std::string_view message_;
  std::optional<std::string_view> asctime_;
  mutable bool declined_ = false;
};

Style style_of(char style) {
  switch (style) {
    case '%': return Style::Percent;
    case '{': return Style::StrFormat;
    case '$': return Style::StringTemplate;
    default: throw ValueError("Style must be one of: %,{,$");
  }
}

std::string default_format(Style style) {
  switch (style) {
    case Style::Percent: return "%(message)s";
    case Style::StrFormat: return "{message}";
    case Style::StringTemplate: return "${message}";
  }
  return "%(message)s";
}

// The strftime text of the last second formatted on this thread, per converter, format and
// time zone (the count of tzset() calls when it was made: time::tzset() changes localtime).
struct TimeCache {
  Formatter::Converter converter = nullptr;
  std::uint64_t zone = 0;
  std::int64_t second = 0;
  double begin = 0, end = 0;  // the second as the range of times it holds
  std::string format;
  std::string text;
  bool valid = false;
};
thread_local TimeCache t_time;

}  // namespace
}  // namespace detail

std::atomic<Formatter::Converter> Formatter::default_converter{&Formatter::localtime};

time::struct_time Formatter::localtime(double secs) { return time::localtime(secs); }
time::struct_time Formatter::gmtime(double secs) { return time::gmtime(secs); }

Formatter::Formatter(std::optional<std::string> fmt, std::optional<std::string> datefmt_, char style, bool validate,
                     std::optional<Dict> defaults)
    : datefmt(std::move(datefmt_)) {
  detail::Style s = detail::style_of(style);
  std::string f = fmt && !fmt->empty() ? std::move(*fmt) : detail::default_format(s);
  if (validate) detail::validate_format(s, f);
  impl_ = std::make_unique<detail::FormatterImpl>(s, std::move(f), std::move(defaults));
}

Formatter::Formatter(const Formatter& other)
    : datefmt(other.datefmt),
      default_time_format(other.default_time_format),
      default_msec_format(other.default_msec_format),
      converter(other.converter),
      impl_(std::make_unique<detail::FormatterImpl>(*other.impl_)) {}

Formatter::~Formatter() = default;

const std::string& Formatter::fmt() const noexcept { return impl_->fmt_; }

bool Formatter::usesTime() const { return impl_->uses_time_; }

void Formatter::format(LogRecord& record, std::string& out) {
  std::string& message = record.message_attribute();
  message.clear();
  record.getMessage(message);
  if (usesTime()) {
    std::string& asctime = record.asctime_attribute();
    asctime.clear();
    formatTime(record, datefmt ? std::optional<std::string_view>(*datefmt) : std::nullopt, asctime);
  }
  const std::size_t start = out.size();
  formatMessage(record, out);
  auto newline = [&] {
    if (out.size() == start || out.back() != '\n') out += '\n';
  };
  // Python's `if not record.exc_text`: an empty text is computed again, as None is.
  if (record.exc_info && (!record.exc_text || record.exc_text->empty())) {
    std::string text;
    formatException(record.exc_info, text);
    record.exc_text = std::move(text);
  }
  if (record.exc_text && !record.exc_text->empty()) {
    newline();
    out += *record.exc_text;
  }
  if (record.stack_info && !record.stack_info->empty()) {
    newline();
    formatStack(*record.stack_info, out);
  }
}

std::string Formatter::format(LogRecord& record) {
  std::string out;
  format(record, out);
  return out;
}

void Formatter::formatTime(const LogRecord& record, std::optional<std::string_view> datefmt_arg, std::string& out) {
  format_time(record.created, record.msecs, datefmt_arg, out);
}

namespace {

// Whether the default milliseconds apply: Python's '%s,%03d' % (t, msecs), done as ','
// and three digits without the general `%` machinery.
bool default_msecs(const std::optional<std::string>& msec_format, double msecs) noexcept {
  return msec_format && std::string_view(*msec_format) == std::string_view("%s,%03d") && msecs >= 0 && msecs < 1000;
}

// The cached second's text and the milliseconds as ",mmm" (default_msecs(): msecs in
// [0, 1000)) at p, text.size() + 4 bytes; returns the end.
char* put_time_hit(char* p, std::string_view text, double msecs) noexcept {
  const auto ms = static_cast<unsigned>(msecs);
  p = _core::put(p, text.data(), text.size());
  p[0] = ',';
  p[1] = static_cast<char>('0' + ms / 100);
  p[2] = static_cast<char>('0' + ms / 10 % 10);
  p[3] = static_cast<char>('0' + ms % 10);
  return p + 4;
}

// The same, in one append.
void append_time_hit(std::string& out, std::string_view text, double msecs) {
  _core::append_bounded(out, text.size() + 4, [&](char* p) noexcept { return put_time_hit(p, text, msecs); });
}

// formatTime() in general: any datefmt, converter and msec format, a second not cached.
[[gnu::noinline]] void format_time_general(const Formatter& f, double created, double msecs,
                                           std::optional<std::string_view> datefmt_arg, std::string& out) {
  const Formatter::Converter conv = f.converter ? f.converter : Formatter::default_converter.load(std::memory_order_relaxed);
  const std::size_t start = out.size();
  const bool explicit_format = datefmt_arg && !datefmt_arg->empty();
  const std::string_view fmt = explicit_format ? *datefmt_arg : std::string_view(f.default_time_format);
  // Both built-in converters depend only on the whole second: Python's time.localtime floors
  // the float (done here without a call to libm's floor; a time beyond 2^63 s is not cached).
  const bool in_range = created > -9.2e18 && created < 9.2e18;
  const auto truncated = in_range ? static_cast<std::int64_t>(created) : 0;
  const std::int64_t second = static_cast<double>(truncated) > created ? truncated - 1 : truncated;
  const bool cacheable = in_range && (conv == &Formatter::localtime || conv == &Formatter::gmtime);
  const bool short_msecs = !explicit_format && default_msecs(f.default_msec_format, msecs);
  detail::TimeCache& c = detail::t_time;
  std::uint64_t zone = _sys::tz_generation();
  if (cacheable && c.valid && c.second == second && c.zone == zone && c.converter == conv &&
      _core::same_bytes(c.format, fmt)) {
    if (short_msecs) {
      append_time_hit(out, c.text, msecs);
      return;
    }
    out += c.text;
  } else {
    std::string text = time::strftime(fmt, conv(created));
    // The text is cached under the zone it was made in: a tzset() during the conversion (the
    // first use of local time runs one) makes it again, under the count read before it.
    if (const std::uint64_t now = _sys::tz_generation(); cacheable && now != zone) {
      zone = now;
      text = time::strftime(fmt, conv(created));
    }
    out += text;
    if (cacheable) {
      c.valid = false;  // a throwing assign (bad_alloc) leaves no half-made entry behind
      c.converter = conv;
      c.zone = zone;
      c.second = second;
      c.begin = static_cast<double>(second);
      c.end = static_cast<double>(second + 1);
      c.format.assign(fmt);
      c.text = std::move(text);
      c.valid = true;
    }
  }
  if (explicit_format || !f.default_msec_format || f.default_msec_format->empty()) return;
  if (short_msecs) {
    const auto ms = static_cast<int>(msecs);
    const char text[4] = {',', static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                          static_cast<char>('0' + ms % 10)};
    out.append(text, sizeof text);
    return;
  }
  std::string s = out.substr(start);
  out.resize(start);
  const Value args[] = {Value(std::string_view(s)), Value(msecs)};
  detail::percent_format(out, *f.default_msec_format, std::span<const Value>(args));
}

}  // namespace

// The common call (no datefmt, the default formats, a built-in converter, the second this
// thread formatted last) is checked first, in few code lines; anything else goes to
// format_time_general. A NaN time fails the range check.
void Formatter::format_time(double created, double msecs, std::optional<std::string_view> datefmt_arg,
                            std::string& out) {
  if (const std::string* text = cached_second(created, msecs, datefmt_arg)) [[likely]] {
    append_time_hit(out, *text, msecs);
    return;
  }
  format_time_general(*this, created, msecs, datefmt_arg, out);
}

// The common call of format_time: its second's text, to be followed by the milliseconds as
// ",mmm"; nullptr for any other.
const std::string* Formatter::cached_second(double created, double msecs,
                                            std::optional<std::string_view> datefmt_arg) const noexcept {
  const detail::TimeCache& c = detail::t_time;
  if (c.valid && created >= c.begin && created < c.end && c.zone == _sys::tz_generation() &&
      (!datefmt_arg || datefmt_arg->empty()) &&
      c.converter == (converter ? converter : default_converter.load(std::memory_order_relaxed)) &&
      _core::same_bytes(c.format, default_time_format) && default_msecs(default_msec_format, msecs)) {
    return &c.text;
  }
  return nullptr;
}

// format() of the record a direct call would make: its message (getMessage), its asctime
// when usesTime() (formatTime), then formatMessage; no exception or stack text (the call
// has neither). Any failure appends nothing and returns false: the general route then
// makes the record and reports the failure as usual.
bool Formatter::format_direct(const detail::DirectCall& call, std::string& out, std::string& message,
                              std::string& asctime) noexcept {
  detail::FormatterImpl& f = *impl_;
  if (!f.direct_ || f.direct_declined_.value.load(std::memory_order_relaxed)) return false;
  const std::size_t start = out.size();
  const std::optional<std::string_view> datefmt_arg =
      datefmt ? std::optional<std::string_view>(*datefmt) : std::nullopt;
  try {
    if (format_line(call, out, datefmt_arg)) [[likely]] return true;
  } catch (...) {
    // bad_alloc: the general way below meets it again and reports it.
  }
  const detail::RecordTimes times = detail::record_times(call.created_ns);
  try {
    std::string_view text = call.msg->as_str();
    if (!call.args.empty()) {
      message.clear();
      detail::percent_format(message, text, call.args);
      text = message;
    }
    std::optional<std::string_view> time_text;
    if (f.uses_time_) {
      asctime.clear();
      format_time(times.created, times.msecs, datefmt_arg, asctime);
      time_text = asctime;
    }
    detail::DirectMapping mapping(call, f, times, text, time_text);
    try {
      f.template_.render(out, mapping);
      if (!mapping.declined()) return true;
    } catch (...) {
    }
    // The format itself needs the record (or cannot format these attributes): not again.
    f.direct_declined_.value.store(true, std::memory_order_relaxed);
  } catch (...) {
    // The message or the time failed: the general route reports it.
  }
  out.resize(start);
  return false;
}

// format_direct's line straight from the call, when the formatter has line_ops_: one pass
// bounds it (and declines, having written nothing, when a field or the message cannot be
// written directly), one writes it in a single bounded append. The general way formats the
// message and the time into buffers of their own, then renders the template through the
// mapping; this runs a fraction of that code, which is what a record costs beside its
// write(2) when each record is flushed (docs/logging.md).
bool Formatter::format_line(const detail::DirectCall& call, std::string& out,
                            std::optional<std::string_view> datefmt_arg) {
  using detail::Field;
  const detail::FormatterImpl& f = *impl_;
  if (f.line_ops_.empty()) return false;
  const double msecs = detail::record_msecs(call.created_ns);
  const std::string* second = nullptr;
  if (f.uses_time_) {
    second = cached_second(detail::record_created(call.created_ns), msecs, datefmt_arg);
    if (!second) return false;
  }
  detail::DirectMessage message;
  if (!message.prepare(call.msg->as_str(), call.args)) return false;
  const std::string_view level = detail::level_name_view(call.level);
  constexpr std::size_t kDigits = 20;  // an int's decimal digits with its sign
  std::size_t bound = f.line_text_.size();
  for (const detail::FormatterImpl::LineOp& op : f.line_ops_) {
    switch (op.field) {
      case Field::name: bound += call.name.size(); break;
      case Field::levelname: bound += level.size(); break;
      case Field::message: bound += message.bound(); break;
      case Field::asctime: bound += second->size() + 4; break;
      case Field::pathname:
      case Field::filename:
      case Field::module:
      case Field::funcName:
      case Field::threadName: {
        const std::optional<std::string_view> text = detail::call_text(call, op.field);
        if (!text) return false;  // threadName None: the general way
        bound += text->size();
        break;
      }
      case Field::thread:
        if (!logThreads.load(std::memory_order_relaxed)) return false;
        bound += kDigits;
        break;
      case Field::process:
        if (!logProcesses.load(std::memory_order_relaxed)) return false;
        bound += kDigits;
        break;
      case Field::none: break;  // the tail
      default: bound += kDigits; break;  // levelno, lineno
    }
  }
  // The fields that need a lookup were looked up above (call.site() and current_thread()
  // keep theirs, and logThreads was on): below, each is a view or a number.
  _core::append_bounded(out, bound, [&](char* p) noexcept {
    const auto put = [&p](std::string_view text) { p = _core::put(p, text.data(), text.size()); };
    for (const detail::FormatterImpl::LineOp& op : f.line_ops_) {
      p = _core::put_padded(p, f.line_text_.data() + op.begin, op.size);
      switch (op.field) {
        case Field::name: put(call.name); break;
        case Field::levelname: put(level); break;
        case Field::message: p = message.write(p); break;
        case Field::asctime: p = put_time_hit(p, *second, msecs); break;
        case Field::pathname:
        case Field::filename:
        case Field::module:
        case Field::funcName:
        case Field::threadName: put(detail::call_text(call, op.field).value_or(std::string_view())); break;
        case Field::thread: p = detail::write_decimal(p, detail::current_thread().ident); break;
        case Field::process: p = detail::write_decimal(p, detail::cached_pid()); break;
        case Field::levelno: p = detail::write_decimal(p, call.level); break;
        case Field::lineno: p = detail::write_decimal(p, call.lineno()); break;
        default: break;
      }
    }
    return p;
  });
  return true;
}

std::string Formatter::formatTime(const LogRecord& record, std::optional<std::string_view> datefmt_arg) {
  std::string out;
  formatTime(record, datefmt_arg, out);
  return out;
}

void Formatter::formatException(const std::exception_ptr& ei, std::string& out) { detail::format_exception(out, ei); }

std::string Formatter::formatException(const std::exception_ptr& ei) {
  std::string out;
  formatException(ei, out);
  return out;
}

void Formatter::formatStack(std::string_view stack_info, std::string& out) { out += stack_info; }

std::string Formatter::formatStack(std::string_view stack_info) {
  std::string out;
  formatStack(stack_info, out);
  return out;
}

std::string Formatter::formatMessage(const LogRecord& record) {
  std::string out;
  formatMessage(record, out);
  return out;
}

void Formatter::formatMessage(const LogRecord& record, std::string& out) {
  detail::RecordMapping mapping(record, *impl_);
  try {
    impl_->template_.render(out, mapping);
  } catch (const KeyError& e) {
    // Raised in Python's `except KeyError`, so the KeyError is its __context__.
    ValueError error("Formatting field not found in record: " + e.str());
    error.set_context(std::current_exception());
    throw error;
  }
}

// ---- PercentStyle, StrFormatStyle, StringTemplateStyle

PercentStyle::PercentStyle(std::optional<std::string> fmt, std::optional<Dict> defaults)
    : PercentStyle('%', std::move(fmt), std::move(defaults)) {}

PercentStyle::PercentStyle(char style, std::optional<std::string> fmt, std::optional<Dict> defaults)
    : style_(style),
      formatter_(std::make_unique<Formatter>(std::move(fmt), std::nullopt, style, /*validate=*/false,
                                             std::move(defaults))) {}

PercentStyle::PercentStyle(const PercentStyle& other)
    : style_(other.style_), formatter_(std::make_unique<Formatter>(*other.formatter_)) {}

PercentStyle::~PercentStyle() = default;

const std::string& PercentStyle::fmt() const noexcept { return formatter_->fmt(); }
bool PercentStyle::usesTime() const { return formatter_->usesTime(); }
void PercentStyle::validate() const { detail::validate_format(detail::style_of(style_), fmt()); }

std::string PercentStyle::format(const LogRecord& record) const {
  std::string out;
  formatter_->formatMessage(record, out);
  return out;
}

// ---- BufferingFormatter

namespace {
std::shared_ptr<Formatter> default_line_formatter() {
  static const auto f = std::make_shared<Formatter>();
  return f;
}
}  // namespace

BufferingFormatter::BufferingFormatter(std::shared_ptr<Formatter> lf)
    : linefmt(lf ? std::move(lf) : default_line_formatter()) {}
BufferingFormatter::~BufferingFormatter() = default;
std::string BufferingFormatter::formatHeader(std::span<LogRecord>) { return {}; }
std::string BufferingFormatter::formatFooter(std::span<LogRecord>) { return {}; }

std::string BufferingFormatter::format(std::span<LogRecord> records) {
  std::string out;
  if (records.empty()) return out;
  out += formatHeader(records);
  for (LogRecord& r : records) linefmt->format(r, out);
  out += formatFooter(records);
  return out;
}

}  // namespace pyos::logging
