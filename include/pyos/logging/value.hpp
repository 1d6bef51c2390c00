// File: pyos/logging/value.hpp
//
// The Python objects that logging passes around — a message's arguments, a record's
// attributes, the values of `extra` — as one small C++ value.
//
// A Value is what `msg % args` and the formatters see: None, bool, int, float, str, bytes,
// a mapping (the single-dict argument of `logger.info("%(user)s", {...})`), or any C++
// object that can be printed. It is a *view*, like std::string_view: it is built for free
// from the caller's arguments on the stack, and formatting reads them in place, which is
// how an enabled record is formatted without a heap allocation. Code that keeps a record
// beyond the call (a copy of a LogRecord) gets an owning copy of every value; see
// LogRecord.
//
// C++ arguments map to Python types as follows:
//   std::nullptr_t, std::nullopt_t, a null const char*     -> None
//   bool                                                    -> bool
//   char                                                    -> str of one character
//   other integers and enums (through their underlying type)-> int
//   float, double, long double                              -> float (a C double)
//   std::string, std::string_view, const char*, char arrays -> str (UTF-8)
//   pyos::logging::Bytes                                    -> bytes
//   pyos::logging::Mapping                                  -> dict (str keys)
//   std::optional<T>                                        -> None or T
//   any other T with an `operator<<(std::ostream&, const T&)` -> an object: str() is what
//     operator<< prints, repr() is `pyos_repr(const T&)` found by argument-dependent lookup
//     when the type provides one, else the same as str(). Its type name (in errors such as
//     "%d format: a real number is required, not Point") is the demangled C++ name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace pyos::logging {

class Value;
struct Item;

// bytes: wraps raw bytes so that they format as Python's bytes (b'...'), not as text.
struct Bytes {
  std::string_view data;
};

// A view of a str-keyed dict, e.g. `Mapping{{"user", name}, {"count", 3}}`. The items are
// the caller's; the mapping must not outlive the full expression it was written in, except
// when held by an owning LogRecord.
class Mapping {
 public:
  constexpr Mapping() noexcept = default;
  Mapping(std::initializer_list<Item> items) noexcept;  // NOLINT: implicit, as a dict display
  constexpr Mapping(const Item* items, std::size_t size) noexcept : items_(items), size_(size) {}

  const Item* begin() const noexcept { return items_; }
  const Item* end() const noexcept;
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  // The value for `key`, or nullptr (the last item wins when a key repeats, as in a dict
  // display).
  const Value* find(std::string_view key) const noexcept;

 private:
  const Item* items_ = nullptr;
  std::size_t size_ = 0;
};

namespace detail {
// Every byte value once, so that a char argument can be viewed as a one-character str.
extern const char kByteTable[256];

// How a Value reaches an arbitrary C++ object: one table per type, built at compile time.
struct ObjectOps {
  void (*str)(const void* object, std::string& out);
  void (*repr)(const void* object, std::string& out);
  const std::type_info* type;
  // object[index] for sequences (logging's view of a record's args tuple); false when the
  // index is out of range. Null: the object is not subscriptable.
  bool (*item)(const void* object, std::int64_t index, Value& out) = nullptr;
};

template <class T>
concept Streamable = requires(std::ostream& os, const T& v) { os << v; };

template <class T>
concept HasPyosRepr = requires(const T& v) {
  { pyos_repr(v) } -> std::convertible_to<std::string>;
};

// Renders through operator<< into `out` (defined out of line to keep <sstream> out of here).
void stream_to(std::string& out, void (*print)(std::ostream&, const void*), const void* object);

template <class T>
void print_object(std::ostream& os, const void* object) {
  os << *static_cast<const T*>(object);
}

template <class T>
struct ObjectOpsFor {
  static void str(const void* object, std::string& out) { stream_to(out, &print_object<T>, object); }
  static void repr(const void* object, std::string& out) {
    if constexpr (HasPyosRepr<T>) {
      out += pyos_repr(*static_cast<const T*>(object));
    } else {
      str(object, out);
    }
  }
  static constexpr ObjectOps ops{&str, &repr, &typeid(T)};
};
}  // namespace detail

class Value {
 public:
  enum class Kind : std::uint8_t { None, Bool, Int, UInt, Float, Str, Bytes, Map, Object };

  constexpr Value() noexcept : kind_(Kind::None) {}
  constexpr Value(std::nullptr_t) noexcept : kind_(Kind::None) {}      // NOLINT: implicit
  constexpr Value(std::nullopt_t) noexcept : kind_(Kind::None) {}      // NOLINT: implicit
  // Exactly bool: a pointer must not become True through the built-in pointer -> bool conversion.
  template <class T>
    requires std::is_same_v<T, bool>
  constexpr Value(T b) noexcept : kind_(Kind::Bool) {  // NOLINT: implicit
    u_.i = b;
  }
  // A character is a str of length one, viewed in a static table of all 256 bytes.
  Value(char c) noexcept : kind_(Kind::Str) {  // NOLINT: implicit
    u_.s = {&detail::kByteTable[static_cast<unsigned char>(c)], 1};
  }
  template <class T>
    requires(std::is_integral_v<T> && std::is_signed_v<T> && !std::is_same_v<T, char> &&
             !std::is_same_v<T, bool>)
  constexpr Value(T v) noexcept : kind_(Kind::Int) {  // NOLINT: implicit
    u_.i = static_cast<std::int64_t>(v);
  }
  template <class T>
    requires(std::is_integral_v<T> && std::is_unsigned_v<T> && !std::is_same_v<T, bool>)
  constexpr Value(T v) noexcept : kind_(Kind::UInt) {  // NOLINT: implicit
    u_.u = static_cast<std::uint64_t>(v);
  }
  template <class T>
    requires std::is_enum_v<T>
  // Unary + promotes a char or bool underlying type, so such an enum is an int too.
  constexpr Value(T v) noexcept : Value(+static_cast<std::underlying_type_t<T>>(v)) {}  // NOLINT
  template <class T>
    requires std::is_floating_point_v<T>
  constexpr Value(T v) noexcept : kind_(Kind::Float) {  // NOLINT: implicit
    u_.d = static_cast<double>(v);
  }
  constexpr Value(std::string_view s) noexcept : kind_(Kind::Str) {  // NOLINT: implicit
    u_.s = {s.data(), s.size()};
  }
  Value(const std::string& s) noexcept : Value(std::string_view(s)) {}  // NOLINT: implicit
  constexpr Value(const char* s) noexcept  // NOLINT: implicit
      : kind_(s ? Kind::Str : Kind::None) {
    if (s) u_.s = {s, std::char_traits<char>::length(s)};
  }
  constexpr Value(Bytes b) noexcept : kind_(Kind::Bytes) {  // NOLINT: implicit
    u_.s = {b.data.data(), b.data.size()};
  }
  Value(const Mapping& m) noexcept : kind_(Kind::Map) {  // NOLINT: implicit
    u_.m = {m.begin(), m.size()};
  }
  template <class T>
  Value(const std::optional<T>& v) noexcept : Value() {  // NOLINT: implicit
    if (v) *this = Value(*v);
  }
  // Any other printable object, viewed in place.
  template <class T>
    requires(detail::Streamable<T> && !std::is_arithmetic_v<T> && !std::is_enum_v<T> &&
             !std::is_pointer_v<T> && !std::is_array_v<T> &&
             !std::is_convertible_v<const T&, std::string_view> &&
             !std::is_same_v<T, Mapping> && !std::is_same_v<T, Bytes> && !std::is_same_v<T, Value>)
  Value(const T& object) noexcept : kind_(Kind::Object) {  // NOLINT: implicit
    u_.o = {&object, &detail::ObjectOpsFor<T>::ops};
  }

  // An object given by its operations (used by owning copies; see LogRecord).
  static Value object(const void* object, const detail::ObjectOps* ops) noexcept {
    Value v;
    v.kind_ = Kind::Object;
    v.u_.o = {object, ops};
    return v;
  }

  Kind kind() const noexcept { return kind_; }
  bool is_none() const noexcept { return kind_ == Kind::None; }

  // Accessors; each requires the matching kind().
  bool as_bool() const noexcept { return u_.i != 0; }
  std::int64_t as_int() const noexcept { return u_.i; }
  std::uint64_t as_uint() const noexcept { return u_.u; }
  double as_float() const noexcept { return u_.d; }
  // Str or Bytes.
  std::string_view as_str() const noexcept { return {u_.s.data, u_.s.size}; }
  Mapping as_map() const noexcept { return {u_.m.items, u_.m.size}; }
  const void* object_ptr() const noexcept { return u_.o.object; }
  const detail::ObjectOps* object_ops() const noexcept { return u_.o.ops; }

  // type(v).__name__: 'NoneType', 'bool', 'int', 'float', 'str', 'bytes', 'dict', or the
  // demangled C++ type name of an object.
  std::string type_name() const;

  // Python's truth value (bool(v)): None, False, 0, 0.0, '' and empty containers are false;
  // objects are true.
  bool truthy() const noexcept;

 private:
  union Payload {
    std::int64_t i;
    std::uint64_t u;
    double d;
    struct {
      const char* data;
      std::size_t size;
    } s;
    struct {
      const Item* items;
      std::size_t size;
    } m;
    struct {
      const void* object;
      const detail::ObjectOps* ops;
    } o;
    constexpr Payload() noexcept : s{nullptr, 0} {}
  };
  Payload u_;
  Kind kind_;
};

// One key/value pair of a Mapping (and of a record's `extra`).
struct Item {
  std::string_view key;
  Value value;
};

// A Mapping views the initializer list's array on purpose: like string_view, it is meant to
// live within the full expression that wrote the dict display.
#if defined(__GNUC__) && !defined(__clang__)  // a GCC warning; clang has no such group
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
inline Mapping::Mapping(std::initializer_list<Item> items) noexcept : items_(items.begin()), size_(items.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
inline const Item* Mapping::end() const noexcept { return items_ + size_; }

// str(v) and repr(v) appended to `out`, exactly as Python prints them: repr of a float is
// the shortest round-tripping form ('0.1', '1e+16', 'inf', 'nan'), True/False, None,
// str quoted with Python's quote choice and escapes, bytes as b'...', a mapping as
// {'a': 1, 'b': 'x'}.
void append_str(std::string& out, const Value& v);
void append_repr(std::string& out, const Value& v);
// ascii(v): repr with non-ASCII characters escaped (\xe9, \u20ac, \U0001f600).
void append_ascii(std::string& out, const Value& v);

std::string str(const Value& v);
std::string repr(const Value& v);

}  // namespace pyos::logging
