// File: pyos/exceptions.hpp
//
// The part of Python's built-in exception hierarchy that pyos raises.
//
// Every class is named as in Python and derives from its Python base class, so catching a
// base catches its subclasses exactly as an `except` clause would:
//
//     try { ... } catch (const pyos::OSError& e) { e.errno_(); e.filename(); }
//
// `what()` is Python's `str(exc)`; `type_name()` is `type(exc).__name__`.
//
// Inheritance is virtual throughout, because Python has diamonds (io.UnsupportedOperation is
// both an OSError and a ValueError): a handler for `Exception` must still catch such a class.
//
// Deviation from Python: in Python, `OSError(errno, strerror)` returns an instance of the
// subclass chosen from errno (`OSError(2, "x")` is a FileNotFoundError). A C++ constructor
// cannot do that, so constructing `pyos::OSError` directly yields exactly `OSError`; use
// `pyos::raise_from_errno()` (or `make_oserror()`) to get Python's choice of class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace pyos {

// The value of an OSError's `filename`/`filename2` attribute: a Python str, bytes or int.
// A str is held as UTF-8; bytes that are not valid UTF-8 stand for the lone surrogates that
// os.fsdecode() produces for them (surrogateescape), exactly as Python shows such names.
class Filename {
 public:
  enum class Kind : std::uint8_t { str, bytes, fd };

  Filename(std::string_view str) : kind_(Kind::str), text_(str) {}  // NOLINT: implicit by design
  Filename(const char* str) : Filename(std::string_view(str)) {}    // NOLINT
  Filename(const std::string& str) : Filename(std::string_view(str)) {}  // NOLINT

  // A `bytes` filename (repr'd as b'...').
  static Filename bytes(std::string_view raw) { return Filename(Kind::bytes, raw, 0); }
  // An integer filename, as Python uses for file-descriptor arguments.
  static Filename fd(long long number) { return Filename(Kind::fd, {}, number); }

  Kind kind() const noexcept { return kind_; }
  // The text (str, bytes); empty for Kind::fd.
  const std::string& text() const noexcept { return text_; }
  long long number() const noexcept { return number_; }

  // Python's repr() of the attribute: 'a', "it's", b'\xff', 3.
  std::string repr() const;

  friend bool operator==(const Filename&, const Filename&) = default;

 private:
  Filename(Kind kind, std::string_view text, long long number)
      : kind_(kind), text_(text), number_(number) {}

  Kind kind_;
  std::string text_;
  long long number_ = 0;
};

// BaseException: the root. Derives from std::exception so generic handlers see pyos errors.
class BaseException : public std::exception {
 public:
  explicit BaseException(std::string message) : message_(std::move(message)) {}

  // str(exc). what() is the same text as a C string, so it stops at an embedded NUL (a
  // message quoting hostile input may hold one); str() is all of it.
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& str() const noexcept { return message_; }
  // type(exc).__name__
  virtual std::string_view type_name() const noexcept { return "BaseException"; }
  // type(exc).__module__: "builtins" for the built-in classes (tracebacks print other
  // classes qualified, "io.UnsupportedOperation").
  virtual std::string_view module_name() const noexcept { return "builtins"; }

  // exc.__context__: the exception that was being handled when this one was raised, or
  // null. C++ does not record it by itself; pyos sets it where CPython's C code chains two
  // failures of one call (io's close(): the flush error behind the close error). Catch by
  // non-const reference, set_context(), then `throw;` to chain your own.
  const std::exception_ptr& context() const noexcept { return context_; }
  void set_context(std::exception_ptr context) noexcept { context_ = std::move(context); }

 protected:
  // Used by every derived class: the most-derived class initialises this virtual base.
  BaseException() = default;
  // A copy made as the base of another class (std::throw_with_nested wraps the thrown object
  // in a class derived from its type) default-constructs the virtual bases instead of
  // copying them, so every copy constructor copies their state again in its body
  // (PYOS_EXCEPTION_COPYABLE). OSError extends this with its attributes.
  void copy_virtual_state(const BaseException& other) {
    message_ = other.message_;
    context_ = other.context_;
  }

 private:
  std::string message_;
  std::exception_ptr context_;
};

// The copy constructor (and assignment) of a class below BaseException: the arguments after
// the name copy the class's own members from `other`; the body copies the state of the
// virtual bases (see BaseException::copy_virtual_state). The bases themselves are left to
// their default constructors on purpose, which GCC's -Wextra reports ("should be explicitly
// initialized in the copy constructor"): wrap a class that uses this in
// PYOS_EXCEPTION_COPY_BEGIN / PYOS_EXCEPTION_COPY_END.
#define PYOS_EXCEPTION_COPYABLE(Name, ...)                                                \
  Name(const Name& other) __VA_OPT__( : __VA_ARGS__) { copy_virtual_state(other); }       \
  Name& operator=(const Name&) = default
#define PYOS_EXCEPTION_COPY_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wextra\"")
#define PYOS_EXCEPTION_COPY_END _Pragma("GCC diagnostic pop")

// Declares an exception class with Python's name and base. The most-derived constructor
// initialises the virtual root with the message; the protected default constructor is what
// classes further down use.
#define PYOS_EXCEPTION_CLASS(Name, Base)                                                  \
  class Name : public virtual Base {                                                      \
   public:                                                                                \
    explicit Name(std::string message) : BaseException(std::move(message)) {}             \
    PYOS_EXCEPTION_COPYABLE(Name);                                                        \
    std::string_view type_name() const noexcept override { return #Name; }                \
                                                                                          \
   protected:                                                                             \
    Name() = default;                                                                     \
  }

PYOS_EXCEPTION_COPY_BEGIN

PYOS_EXCEPTION_CLASS(Exception, BaseException);
PYOS_EXCEPTION_CLASS(KeyboardInterrupt, BaseException);

PYOS_EXCEPTION_CLASS(ArithmeticError, Exception);
PYOS_EXCEPTION_CLASS(OverflowError, ArithmeticError);
PYOS_EXCEPTION_CLASS(ZeroDivisionError, ArithmeticError);
PYOS_EXCEPTION_CLASS(AttributeError, Exception);
PYOS_EXCEPTION_CLASS(BufferError, Exception);
PYOS_EXCEPTION_CLASS(EOFError, Exception);
PYOS_EXCEPTION_CLASS(LookupError, Exception);
PYOS_EXCEPTION_CLASS(IndexError, LookupError);
PYOS_EXCEPTION_CLASS(MemoryError, Exception);
PYOS_EXCEPTION_CLASS(RuntimeError, Exception);
PYOS_EXCEPTION_CLASS(NotImplementedError, RuntimeError);
PYOS_EXCEPTION_CLASS(RecursionError, RuntimeError);
PYOS_EXCEPTION_CLASS(TypeError, Exception);
PYOS_EXCEPTION_CLASS(ValueError, Exception);
PYOS_EXCEPTION_CLASS(UnicodeError, ValueError);

#undef PYOS_EXCEPTION_CLASS

// KeyError: str(exc) is the repr of the key, as in Python (str(KeyError('a')) == "'a'").
class KeyError : public virtual LookupError {
 public:
  explicit KeyError(std::string_view key);  // a str key
  explicit KeyError(long long key);         // an int key
  PYOS_EXCEPTION_COPYABLE(KeyError);
  std::string_view type_name() const noexcept override { return "KeyError"; }

 protected:
  KeyError() = default;
};

// UnicodeDecodeError(encoding, object, start, end, reason): `object` is the bytes being
// decoded, start/end byte offsets. str(exc) as Python's, e.g.
// "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte".
class UnicodeDecodeError : public virtual UnicodeError {
 public:
  UnicodeDecodeError(std::string encoding, std::string object, std::size_t start,
                     std::size_t end, std::string reason);
  PYOS_EXCEPTION_COPYABLE(UnicodeDecodeError, encoding_(other.encoding_),
                          object_(other.object_), start_(other.start_), end_(other.end_), reason_(other.reason_));
  std::string_view type_name() const noexcept override { return "UnicodeDecodeError"; }

  const std::string& encoding() const noexcept { return encoding_; }
  const std::string& object() const noexcept { return object_; }
  std::size_t start() const noexcept { return start_; }
  std::size_t end() const noexcept { return end_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string encoding_, object_;
  std::size_t start_, end_;
  std::string reason_;
};

// UnicodeEncodeError(encoding, object, start, end, reason): `object` is the str being encoded
// as code points (a Python str may hold lone surrogates, which UTF-8 cannot), start/end are
// code-point indices. str(exc) as Python's, e.g.
// "'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)".
class UnicodeEncodeError : public virtual UnicodeError {
 public:
  UnicodeEncodeError(std::string encoding, std::u32string object, std::size_t start,
                     std::size_t end, std::string reason);
  PYOS_EXCEPTION_COPYABLE(UnicodeEncodeError, encoding_(other.encoding_),
                          object_(other.object_), start_(other.start_), end_(other.end_), reason_(other.reason_));
  std::string_view type_name() const noexcept override { return "UnicodeEncodeError"; }

  const std::string& encoding() const noexcept { return encoding_; }
  const std::u32string& object() const noexcept { return object_; }
  std::size_t start() const noexcept { return start_; }
  std::size_t end() const noexcept { return end_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string encoding_;
  std::u32string object_;
  std::size_t start_, end_;
  std::string reason_;
};

// OSError: a failed system call. Attributes as Python's: errno, strerror, filename, filename2.
//
//   OSError("message")                      str: "message"; errno_() is empty
//   OSError(ENOENT, "No such file or directory", "x")
//                                           str: "[Errno 2] No such file or directory: 'x'"
//   ... with filename2 "y"                  str: "[Errno 2] ...: 'x' -> 'y'"
// As in Python, filename2 is shown only when filename is present.
class OSError : public virtual Exception {
 public:
  explicit OSError(std::string message);
  OSError(int errnum, std::string strerror, std::optional<Filename> filename = std::nullopt,
          std::optional<Filename> filename2 = std::nullopt);
  PYOS_EXCEPTION_COPYABLE(OSError);
  std::string_view type_name() const noexcept override { return "OSError"; }

  // e.errno (a trailing underscore because `errno` is a libc macro)
  std::optional<int> errno_() const noexcept { return errno_value_; }
  const std::optional<std::string>& strerror() const noexcept { return strerror_; }
  const std::optional<Filename>& filename() const noexcept { return filename_; }
  const std::optional<Filename>& filename2() const noexcept { return filename2_; }

 protected:
  OSError() = default;
  // For subclasses: fills the attributes and returns the str() text for BaseException.
  static std::string format(std::optional<int> errnum, const std::optional<std::string>& strerror,
                            const std::optional<Filename>& filename,
                            const std::optional<Filename>& filename2);
  void set_fields(std::optional<int> errnum, std::optional<std::string> strerror,
                  std::optional<Filename> filename, std::optional<Filename> filename2);
  // BaseException's, and the attributes (OSError is a virtual base of its subclasses).
  void copy_virtual_state(const OSError& other) {
    BaseException::copy_virtual_state(other);
    errno_value_ = other.errno_value_;
    strerror_ = other.strerror_;
    filename_ = other.filename_;
    filename2_ = other.filename2_;
  }

 private:
  std::optional<int> errno_value_;
  std::optional<std::string> strerror_;
  std::optional<Filename> filename_, filename2_;
};

#define PYOS_OSERROR_CLASS(Name, Base)                                                    \
  class Name : public virtual Base {                                                      \
   public:                                                                                \
    explicit Name(std::string message) : BaseException(std::move(message)) {}            \
    Name(int errnum, std::string strerror, std::optional<Filename> filename = std::nullopt, \
         std::optional<Filename> filename2 = std::nullopt)                                \
        : BaseException(format(errnum, strerror, filename, filename2)) {                  \
      set_fields(errnum, std::move(strerror), std::move(filename), std::move(filename2)); \
    }                                                                                     \
    PYOS_EXCEPTION_COPYABLE(Name);                                                        \
    std::string_view type_name() const noexcept override { return #Name; }                \
                                                                                          \
   protected:                                                                             \
    Name() = default;                                                                     \
  }

PYOS_OSERROR_CLASS(ChildProcessError, OSError);
PYOS_OSERROR_CLASS(ConnectionError, OSError);
PYOS_OSERROR_CLASS(BrokenPipeError, ConnectionError);
PYOS_OSERROR_CLASS(ConnectionAbortedError, ConnectionError);
PYOS_OSERROR_CLASS(ConnectionRefusedError, ConnectionError);
PYOS_OSERROR_CLASS(ConnectionResetError, ConnectionError);
PYOS_OSERROR_CLASS(FileExistsError, OSError);
PYOS_OSERROR_CLASS(FileNotFoundError, OSError);
PYOS_OSERROR_CLASS(InterruptedError, OSError);
PYOS_OSERROR_CLASS(IsADirectoryError, OSError);
PYOS_OSERROR_CLASS(NotADirectoryError, OSError);
PYOS_OSERROR_CLASS(PermissionError, OSError);
PYOS_OSERROR_CLASS(ProcessLookupError, OSError);
PYOS_OSERROR_CLASS(TimeoutError, OSError);

#undef PYOS_OSERROR_CLASS

// BlockingIOError: also carries characters_written, the bytes a non-blocking buffered write
// got through before it would have blocked (Python: BlockingIOError(errno, strerror, n)).
class BlockingIOError : public virtual OSError {
 public:
  explicit BlockingIOError(std::string message) : BaseException(std::move(message)) {}
  BlockingIOError(int errnum, std::string strerror,
                  std::optional<std::size_t> characters_written = std::nullopt);
  BlockingIOError(int errnum, std::string strerror, Filename filename,
                  std::optional<Filename> filename2 = std::nullopt);
  PYOS_EXCEPTION_COPYABLE(BlockingIOError, characters_written_(other.characters_written_));
  std::string_view type_name() const noexcept override { return "BlockingIOError"; }

  // Empty where Python would raise AttributeError (never set).
  std::optional<std::size_t> characters_written() const noexcept { return characters_written_; }

 protected:
  BlockingIOError() = default;

 private:
  std::optional<std::size_t> characters_written_;
};

PYOS_EXCEPTION_COPY_END

// The class CPython chooses for an errno (its errno → OSError subclass table), as its
// __name__: "FileNotFoundError", "OSError", ...
std::string_view oserror_type_name(int errnum) noexcept;

// Builds the OSError subclass CPython would raise for `errnum`, with strerror from
// os.strerror(errnum) and the given filenames: what `OSError(errnum, os.strerror(errnum),
// filename, None, filename2)` evaluates to in Python.
std::exception_ptr make_oserror(int errnum, std::optional<Filename> filename = std::nullopt,
                                std::optional<Filename> filename2 = std::nullopt);

// Throws make_oserror(errnum, filename, filename2).
[[noreturn]] void raise_from_errno(int errnum, std::optional<Filename> filename = std::nullopt,
                                   std::optional<Filename> filename2 = std::nullopt);

}  // namespace pyos
