// File: pyos/logging/formatter.hpp
//
// logging.Formatter, the style classes (PercentStyle, StrFormatStyle, StringTemplateStyle)
// and logging.BufferingFormatter.
//
// A Formatter compiles its format once (for each of the three styles) and formats a record
// by appending to a buffer; the std::string-returning methods are conveniences over the
// appending ones. Subclasses override the appending virtuals (format(record, out),
// formatTime(record, datefmt, out), formatException, formatStack, formatMessage); note that
// overriding one `format` hides the other overload unless the subclass says
// `using Formatter::format;`.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/logging/record.hpp"
#include "pyos/time.hpp"

namespace pyos::logging {

namespace detail {
class FormatterImpl;
struct DirectCall;
struct DirectFormat;
}

// logging.BASIC_FORMAT
inline constexpr std::string_view BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s";

class Formatter {
 public:
  // Formatter.converter: seconds -> struct_time (time.localtime by default).
  using Converter = time::struct_time (*)(double secs);
  static time::struct_time localtime(double secs);  // time.localtime
  static time::struct_time gmtime(double secs);     // time.gmtime

  // Formatter(fmt=None, datefmt=None, style='%', validate=True, *, defaults=None).
  // ValueError as Python: "Style must be one of: %,{,$", and with validate=True the style's
  // rejection of `fmt` ("Invalid format '...' for '%' style", ...).
  explicit Formatter(std::optional<std::string> fmt = std::nullopt,
                     std::optional<std::string> datefmt = std::nullopt, char style = '%',
                     bool validate = true, std::optional<Dict> defaults = std::nullopt);
  Formatter(const Formatter&);
  Formatter& operator=(const Formatter&) = delete;
  virtual ~Formatter();

  // Formatter.format(record): sets record.message (and record.asctime when the format uses
  // it), renders the format, appends the exception text (cached in record.exc_text) and the
  // stack text. Raises what the format raises (ValueError "Formatting field not found in
  // record: 'x'" for a missing field); handlers send that to handleError.
  virtual void format(LogRecord& record, std::string& out);
  std::string format(LogRecord& record);

  // Formatter.formatTime(record, datefmt=None): strftime(datefmt, converter(created)), or
  // default_time_format with default_msec_format's milliseconds ('2003-01-23 00:29:50,411').
  // The strftime text is cached per second (per thread) for the two built-in converters.
  virtual void formatTime(const LogRecord& record, std::optional<std::string_view> datefmt, std::string& out);
  std::string formatTime(const LogRecord& record, std::optional<std::string_view> datefmt = std::nullopt);

  // Formatter.formatException(exc_info): the exception as traceback.print_exception prints
  // one without a traceback ("TypeName: message"), causes first for nested exceptions (see
  // docs/logging.md), without the final newline.
  virtual void formatException(const std::exception_ptr& ei, std::string& out);
  std::string formatException(const std::exception_ptr& ei);

  // Formatter.formatStack(stack_info): the text unchanged (a hook for subclasses).
  virtual void formatStack(std::string_view stack_info, std::string& out);
  std::string formatStack(std::string_view stack_info);

  // Formatter.formatMessage(record): the style's rendering of the record.
  virtual void formatMessage(const LogRecord& record, std::string& out);
  std::string formatMessage(const LogRecord& record);

  // Formatter.usesTime()
  virtual bool usesTime() const;

  // Formatter attributes.
  const std::string& fmt() const noexcept;  // _fmt
  const std::optional<std::string> datefmt;
  // Class attributes in Python; per instance here (change them before first use).
  std::string default_time_format = "%Y-%m-%d %H:%M:%S";
  std::optional<std::string> default_msec_format = std::string("%s,%03d");
  // None (nullptr) means the class-wide Formatter::default_converter.
  Converter converter = nullptr;
  // Formatter.converter set on the class: the converter of every formatter that has none.
  static std::atomic<Converter> default_converter;

 private:
  friend struct detail::DirectFormat;  // src/logging/direct.hpp
  // The direct route (src/logging/direct.hpp): appends the line format() would make of the
  // call's record, or returns false, having appended nothing, when it needs the record.
  // `message` and `asctime` are the caller's scratch buffers for the record's two texts.
  bool format_direct(const detail::DirectCall& call, std::string& out, std::string& message,
                     std::string& asctime) noexcept;
  // format_direct's line in one pass, when the format and the call allow (else false).
  bool format_line(const detail::DirectCall& call, std::string& out, std::optional<std::string_view> datefmt);
  // formatTime() of a record made at `created` (with its `msecs`).
  void format_time(double created, double msecs, std::optional<std::string_view> datefmt, std::string& out);
  // format_time's common case: the text of the second it would write before ",mmm"; else null.
  const std::string* cached_second(double created, double msecs,
                                   std::optional<std::string_view> datefmt) const noexcept;

  std::unique_ptr<detail::FormatterImpl> impl_;
};

// logging.PercentStyle / StrFormatStyle / StringTemplateStyle(fmt=None, *, defaults=None):
// the styles behind Formatter(style=...). `fmt` empty or absent is the style's
// default_format. format(record) renders the record's attributes over `defaults`, without
// setting record.message (ValueError "Formatting field not found in record: 'message'" for
// a record no Formatter has formatted); validate() raises the ValueError of
// Formatter(validate=True); usesTime() is the style's textual test for asctime.
class PercentStyle {
 public:
  static constexpr std::string_view default_format = "%(message)s";
  static constexpr std::string_view asctime_format = "%(asctime)s";
  static constexpr std::string_view asctime_search = "%(asctime)";

  explicit PercentStyle(std::optional<std::string> fmt = std::nullopt, std::optional<Dict> defaults = std::nullopt);
  PercentStyle(const PercentStyle&);
  PercentStyle& operator=(const PercentStyle&) = delete;
  virtual ~PercentStyle();

  bool usesTime() const;
  void validate() const;
  std::string format(const LogRecord& record) const;
  const std::string& fmt() const noexcept;  // _fmt

 protected:
  PercentStyle(char style, std::optional<std::string> fmt, std::optional<Dict> defaults);

 private:
  char style_;
  std::unique_ptr<Formatter> formatter_;  // the same format, unvalidated: its formatMessage
};

class StrFormatStyle : public PercentStyle {
 public:
  static constexpr std::string_view default_format = "{message}";
  static constexpr std::string_view asctime_format = "{asctime}";
  static constexpr std::string_view asctime_search = "{asctime";
  explicit StrFormatStyle(std::optional<std::string> fmt = std::nullopt, std::optional<Dict> defaults = std::nullopt)
      : PercentStyle('{', std::move(fmt), std::move(defaults)) {}
};

class StringTemplateStyle : public PercentStyle {
 public:
  static constexpr std::string_view default_format = "${message}";
  static constexpr std::string_view asctime_format = "${asctime}";
  static constexpr std::string_view asctime_search = "${asctime}";
  explicit StringTemplateStyle(std::optional<std::string> fmt = std::nullopt,
                               std::optional<Dict> defaults = std::nullopt)
      : PercentStyle('$', std::move(fmt), std::move(defaults)) {}
};

// logging.BufferingFormatter(linefmt=None): formats a batch of records.
class BufferingFormatter {
 public:
  explicit BufferingFormatter(std::shared_ptr<Formatter> linefmt = nullptr);
  virtual ~BufferingFormatter();
  virtual std::string formatHeader(std::span<LogRecord> records);
  virtual std::string formatFooter(std::span<LogRecord> records);
  // '' for no records, else header + each record through linefmt + footer.
  virtual std::string format(std::span<LogRecord> records);

  std::shared_ptr<Formatter> linefmt;
};

}  // namespace pyos::logging
