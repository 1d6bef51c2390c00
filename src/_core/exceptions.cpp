#include "pyos/exceptions.hpp"

#include <cerrno>
#include <iterator>
#include <string>

#include "_core/strerror.hpp"
#include "_core/text.hpp"

namespace pyos {

std::string Filename::repr() const {
  switch (kind_) {
    case Kind::str: return _core::repr_str(text_);
    case Kind::bytes: return _core::repr_bytes(text_);
    case Kind::fd: return std::to_string(number_);
  }
  return {};
}

KeyError::KeyError(std::string_view key) : BaseException(_core::repr_str(key)) {}
KeyError::KeyError(long long key) : BaseException(std::to_string(key)) {}

namespace {

// "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
std::string decode_error_text(const std::string& encoding, const std::string& object,
                              std::size_t start, std::size_t end, const std::string& reason) {
  std::string text = "'" + encoding + "' codec can't decode ";
  if (start < object.size() && end == start + 1) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto b = static_cast<unsigned char>(object[start]);
    text += "byte 0x";
    text.push_back(hex[b >> 4]);
    text.push_back(hex[b & 0xF]);
    text += " in position " + std::to_string(start);
  } else {
    text += "bytes in position " + std::to_string(start) + "-" + std::to_string(end - 1);
  }
  return text + ": " + reason;
}

// "'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)"
std::string encode_error_text(const std::string& encoding, const std::u32string& object,
                              std::size_t start, std::size_t end, const std::string& reason) {
  std::string text = "'" + encoding + "' codec can't encode ";
  if (start < object.size() && end == start + 1) {
    static constexpr char hex[] = "0123456789abcdef";
    const char32_t ch = object[start];
    const int digits = ch <= 0xFF ? 2 : ch <= 0xFFFF ? 4 : 8;
    text += "character '\\";
    text.push_back(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) text.push_back(hex[(ch >> shift) & 0xF]);
    text += "' in position " + std::to_string(start);
  } else {
    text += "characters in position " + std::to_string(start) + "-" + std::to_string(end - 1);
  }
  return text + ": " + reason;
}

}  // namespace

UnicodeDecodeError::UnicodeDecodeError(std::string encoding, std::string object,
                                       std::size_t start, std::size_t end, std::string reason)
    : BaseException(decode_error_text(encoding, object, start, end, reason)),
      encoding_(std::move(encoding)),
      object_(std::move(object)),
      start_(start),
      end_(end),
      reason_(std::move(reason)) {}

UnicodeEncodeError::UnicodeEncodeError(std::string encoding, std::u32string object,
                                       std::size_t start, std::size_t end, std::string reason)
    : BaseException(encode_error_text(encoding, object, start, end, reason)),
      encoding_(std::move(encoding)),
      object_(std::move(object)),
      start_(start),
      end_(end),
      reason_(std::move(reason)) {}

OSError::OSError(std::string message) : BaseException(std::move(message)) {}

OSError::OSError(int errnum, std::string strerror, std::optional<Filename> filename,
                 std::optional<Filename> filename2)
    : BaseException(format(errnum, strerror, filename, filename2)) {
  set_fields(errnum, std::move(strerror), std::move(filename), std::move(filename2));
}

std::string OSError::format(std::optional<int> errnum, const std::optional<std::string>& strerror,
                            const std::optional<Filename>& filename,
                            const std::optional<Filename>& filename2) {
  std::string text = "[Errno " + (errnum ? std::to_string(*errnum) : std::string("None")) + "] " +
                     strerror.value_or("None");
  if (filename) {
    text += ": " + filename->repr();
    if (filename2) text += " -> " + filename2->repr();
  }
  return text;
}

void OSError::set_fields(std::optional<int> errnum, std::optional<std::string> strerror,
                         std::optional<Filename> filename, std::optional<Filename> filename2) {
  errno_value_ = errnum;
  strerror_ = std::move(strerror);
  filename_ = std::move(filename);
  filename2_ = std::move(filename2);
}

BlockingIOError::BlockingIOError(int errnum, std::string strerror,
                                 std::optional<std::size_t> characters_written)
    : BaseException(format(errnum, strerror, std::nullopt, std::nullopt)),
      characters_written_(characters_written) {
  set_fields(errnum, std::move(strerror), std::nullopt, std::nullopt);
}

BlockingIOError::BlockingIOError(int errnum, std::string strerror, Filename filename,
                                 std::optional<Filename> filename2)
    : BaseException(format(errnum, strerror, filename, filename2)) {
  set_fields(errnum, std::move(strerror), std::move(filename), std::move(filename2));
}

namespace {

enum class OSErrorClass {
  os, blocking_io, child_process, broken_pipe, connection_aborted, connection_refused,
  connection_reset, file_exists, file_not_found, interrupted, is_a_directory,
  not_a_directory, permission, process_lookup, timeout,
};

// CPython's errno → subclass table (PEP 3151), for the errno values this platform has.
OSErrorClass classify(int errnum) noexcept {
  switch (errnum) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS: return OSErrorClass::blocking_io;
    case ECHILD: return OSErrorClass::child_process;
    case EPIPE:
    case ESHUTDOWN: return OSErrorClass::broken_pipe;
    case ECONNABORTED: return OSErrorClass::connection_aborted;
    case ECONNREFUSED: return OSErrorClass::connection_refused;
    case ECONNRESET: return OSErrorClass::connection_reset;
    case EEXIST: return OSErrorClass::file_exists;
    case ENOENT: return OSErrorClass::file_not_found;
    case EINTR: return OSErrorClass::interrupted;
    case EISDIR: return OSErrorClass::is_a_directory;
    case ENOTDIR: return OSErrorClass::not_a_directory;
    case EACCES:
    case EPERM:
#ifdef ENOTCAPABLE
    case ENOTCAPABLE:
#endif
      return OSErrorClass::permission;
    case ESRCH: return OSErrorClass::process_lookup;
    case ETIMEDOUT: return OSErrorClass::timeout;
    default: return OSErrorClass::os;
  }
}

template <class E>
std::exception_ptr build(int errnum, std::optional<Filename>&& f1, std::optional<Filename>&& f2) {
  return std::make_exception_ptr(E(errnum, _core::strerror(errnum), std::move(f1), std::move(f2)));
}

// Python's BlockingIOError takes an int third argument as characters_written, not as a
// filename (and then shows neither filename).
std::exception_ptr build_blocking(int errnum, std::optional<Filename>&& f1,
                                  std::optional<Filename>&& f2) {
  if (!f1) return std::make_exception_ptr(BlockingIOError(errnum, _core::strerror(errnum)));
  if (f1->kind() == Filename::Kind::fd) {
    // CPython keeps -1 as its "not set" mark (the attribute then raises AttributeError);
    // a negative count has no meaning for pyos's unsigned attribute, so all are "not set".
    const long long n = f1->number();
    return std::make_exception_ptr(BlockingIOError(
        errnum, _core::strerror(errnum),
        n < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(n))));
  }
  return std::make_exception_ptr(
      BlockingIOError(errnum, _core::strerror(errnum), std::move(*f1), std::move(f2)));
}

struct ClassInfo {
  std::string_view name;
  std::exception_ptr (*make)(int, std::optional<Filename>&&, std::optional<Filename>&&);
};

// Indexed by OSErrorClass.
constexpr ClassInfo kClasses[] = {
    {"OSError", &build<OSError>},
    {"BlockingIOError", &build_blocking},
    {"ChildProcessError", &build<ChildProcessError>},
    {"BrokenPipeError", &build<BrokenPipeError>},
    {"ConnectionAbortedError", &build<ConnectionAbortedError>},
    {"ConnectionRefusedError", &build<ConnectionRefusedError>},
    {"ConnectionResetError", &build<ConnectionResetError>},
    {"FileExistsError", &build<FileExistsError>},
    {"FileNotFoundError", &build<FileNotFoundError>},
    {"InterruptedError", &build<InterruptedError>},
    {"IsADirectoryError", &build<IsADirectoryError>},
    {"NotADirectoryError", &build<NotADirectoryError>},
    {"PermissionError", &build<PermissionError>},
    {"ProcessLookupError", &build<ProcessLookupError>},
    {"TimeoutError", &build<TimeoutError>},
};
static_assert(std::size(kClasses) == static_cast<std::size_t>(OSErrorClass::timeout) + 1);

const ClassInfo& class_info(int errnum) noexcept {
  return kClasses[static_cast<std::size_t>(classify(errnum))];
}

}  // namespace

std::string_view oserror_type_name(int errnum) noexcept { return class_info(errnum).name; }

std::exception_ptr make_oserror(int errnum, std::optional<Filename> f1, std::optional<Filename> f2) {
  return class_info(errnum).make(errnum, std::move(f1), std::move(f2));
}

void raise_from_errno(int errnum, std::optional<Filename> filename, std::optional<Filename> filename2) {
  std::rethrow_exception(make_oserror(errnum, std::move(filename), std::move(filename2)));
}

}  // namespace pyos
