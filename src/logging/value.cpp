// Value's text: str(), repr() and ascii() as Python prints them, and its type name.
#include "pyos/logging/value.hpp"

#include "logging/fields.hpp"

#include <cxxabi.h>

#include <charconv>
#include <cstdlib>
#include <locale>
#include <memory>
#include <streambuf>

#include "_core/text.hpp"
#include "logging/numbers.hpp"

namespace pyos::logging {
namespace detail {

const char kByteTable[256] = {
    '\x00','\x01','\x02','\x03','\x04','\x05','\x06','\x07','\x08','\x09','\x0a','\x0b','\x0c','\x0d','\x0e','\x0f',
    '\x10','\x11','\x12','\x13','\x14','\x15','\x16','\x17','\x18','\x19','\x1a','\x1b','\x1c','\x1d','\x1e','\x1f',
    '\x20','\x21','\x22','\x23','\x24','\x25','\x26','\x27','\x28','\x29','\x2a','\x2b','\x2c','\x2d','\x2e','\x2f',
    '\x30','\x31','\x32','\x33','\x34','\x35','\x36','\x37','\x38','\x39','\x3a','\x3b','\x3c','\x3d','\x3e','\x3f',
    '\x40','\x41','\x42','\x43','\x44','\x45','\x46','\x47','\x48','\x49','\x4a','\x4b','\x4c','\x4d','\x4e','\x4f',
    '\x50','\x51','\x52','\x53','\x54','\x55','\x56','\x57','\x58','\x59','\x5a','\x5b','\x5c','\x5d','\x5e','\x5f',
    '\x60','\x61','\x62','\x63','\x64','\x65','\x66','\x67','\x68','\x69','\x6a','\x6b','\x6c','\x6d','\x6e','\x6f',
    '\x70','\x71','\x72','\x73','\x74','\x75','\x76','\x77','\x78','\x79','\x7a','\x7b','\x7c','\x7d','\x7e','\x7f',
    '\x80','\x81','\x82','\x83','\x84','\x85','\x86','\x87','\x88','\x89','\x8a','\x8b','\x8c','\x8d','\x8e','\x8f',
    '\x90','\x91','\x92','\x93','\x94','\x95','\x96','\x97','\x98','\x99','\x9a','\x9b','\x9c','\x9d','\x9e','\x9f',
    '\xa0','\xa1','\xa2','\xa3','\xa4','\xa5','\xa6','\xa7','\xa8','\xa9','\xaa','\xab','\xac','\xad','\xae','\xaf',
    '\xb0','\xb1','\xb2','\xb3','\xb4','\xb5','\xb6','\xb7','\xb8','\xb9','\xba','\xbb','\xbc','\xbd','\xbe','\xbf',
    '\xc0','\xc1','\xc2','\xc3','\xc4','\xc5','\xc6','\xc7','\xc8','\xc9','\xca','\xcb','\xcc','\xcd','\xce','\xcf',
    '\xd0','\xd1','\xd2','\xd3','\xd4','\xd5','\xd6','\xd7','\xd8','\xd9','\xda','\xdb','\xdc','\xdd','\xde','\xdf',
    '\xe0','\xe1','\xe2','\xe3','\xe4','\xe5','\xe6','\xe7','\xe8','\xe9','\xea','\xeb','\xec','\xed','\xee','\xef',
    '\xf0','\xf1','\xf2','\xf3','\xf4','\xf5','\xf6','\xf7','\xf8','\xf9','\xfa','\xfb','\xfc','\xfd','\xfe','\xff',
};

namespace {

// Writes what an ostream receives straight into a std::string: no intermediate buffer.
class AppendBuf final : public std::streambuf {
 public:
  std::string* target = nullptr;

 protected:
  int_type overflow(int_type ch) override {
    if (!traits_type::eq_int_type(ch, traits_type::eof())) target->push_back(traits_type::to_char_type(ch));
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    target->append(s, static_cast<std::size_t>(n));
    return n;
  }
};

// One stream per thread, reused: imbued with the classic locale once (str() of an object
// must not depend on the global C++ locale), its format state reset for every object.
struct ThreadStream {
  AppendBuf buf;
  std::ostream os{&buf};
  bool busy = false;
  ThreadStream() { os.imbue(std::locale::classic()); }
};

}  // namespace

void stream_to(std::string& out, void (*print)(std::ostream&, const void*), const void* object) {
  thread_local ThreadStream ts;
  if (ts.busy) {
    // An operator<< that itself formats a Value (re-entrant use): a private stream.
    AppendBuf buf;
    buf.target = &out;
    std::ostream os(&buf);
    os.imbue(std::locale::classic());
    print(os, object);
    return;
  }
  struct Release {
    ThreadStream& ts;
    ~Release() {
      ts.busy = false;
      ts.buf.target = nullptr;
    }
  } release{ts};
  ts.busy = true;
  ts.buf.target = &out;
  ts.os.clear();
  ts.os.flags(std::ios_base::dec | std::ios_base::skipws);
  ts.os.width(0);
  ts.os.precision(6);
  ts.os.fill(' ');
  print(ts.os, object);
}

}  // namespace detail

const Value* Mapping::find(std::string_view key) const noexcept {
  // The last match wins, as in a dict display with a repeated key.
  for (const Item* it = end(); it != begin();) {
    --it;
    if (_core::same_bytes(it->key, key)) return &it->value;
  }
  return nullptr;
}

std::string Value::type_name() const {
  switch (kind_) {
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int:
    case Kind::UInt: return "int";
    case Kind::Float: return "float";
    case Kind::Str: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::Map: return "dict";
    case Kind::Object: break;
  }
  if (!u_.o.ops->type) return "object";
  if (*u_.o.ops->type == typeid(detail::TupleText)) return "tuple";
  const char* mangled = u_.o.ops->type->name();
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                                  &std::free);
  return status == 0 && demangled ? std::string(demangled.get()) : std::string(mangled);
}

bool Value::truthy() const noexcept {
  switch (kind_) {
    case Kind::None: return false;
    case Kind::Bool:
    case Kind::Int: return u_.i != 0;
    case Kind::UInt: return u_.u != 0;
    case Kind::Float: return u_.d != 0.0;  // NaN is true, as in Python
    case Kind::Str:
    case Kind::Bytes:
    case Kind::Map: return u_.s.size != 0;
    case Kind::Object: return true;
  }
  return true;
}

namespace {

void append_int(std::string& out, const Value& v) {
  char buf[24];
  const auto r = v.kind() == Value::Kind::UInt ? std::to_chars(buf, buf + sizeof buf, v.as_uint())
                                               : std::to_chars(buf, buf + sizeof buf, v.as_int());
  out.append(buf, r.ptr);
}

void append_map_repr(std::string& out, const Mapping& m) {
  out.push_back('{');
  bool first = true;
  for (const Item* it = m.begin(); it != m.end(); ++it) {
    // A repeated key keeps its first position and its last value, as in a dict display.
    bool seen = false;
    for (const Item* prev = m.begin(); prev != it && !seen; ++prev) seen = _core::same_bytes(prev->key, it->key);
    if (seen) continue;
    if (!first) out += ", ";
    first = false;
    _core::append_repr_str(out, it->key);
    out += ": ";
    append_repr(out, *m.find(it->key));
  }
  out.push_back('}');
}

void append_hex(std::string& out, char32_t cp, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 0xF]);
}

}  // namespace

void append_str(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Str: out += v.as_str(); return;
    case Value::Kind::Bool: out += v.as_bool() ? "True" : "False"; return;
    case Value::Kind::Int:
    case Value::Kind::UInt: append_int(out, v); return;
    case Value::Kind::Float: detail::append_float_repr(out, v.as_float()); return;
    case Value::Kind::Object: v.object_ops()->str(v.object_ptr(), out); return;
    default: append_repr(out, v); return;  // None, bytes and dict: str() is repr()
  }
}

void append_repr(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::None: out += "None"; return;
    case Value::Kind::Str: _core::append_repr_str(out, v.as_str()); return;
    case Value::Kind::Bytes: out += _core::repr_bytes(v.as_str()); return;
    case Value::Kind::Map: append_map_repr(out, v.as_map()); return;
    case Value::Kind::Object: v.object_ops()->repr(v.object_ptr(), out); return;
    default: append_str(out, v); return;  // bool, int, float: repr() is str()
  }
}

void append_ascii(std::string& out, const Value& v) {
  const std::size_t start = out.size();
  append_repr(out, v);
  std::size_t i = start;
  while (i < out.size() && static_cast<unsigned char>(out[i]) < 0x80) ++i;
  if (i == out.size()) return;
  // Re-encode the non-ASCII tail: each code point (or undecodable byte, as its lone
  // surrogate) becomes \xXX, \uXXXX or \UXXXXXXXX.
  const std::string tail = out.substr(i);
  out.resize(i);
  for (std::size_t pos = 0; pos < tail.size();) {
    const char32_t cp = _core::decode_code_point(tail, pos);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x100) {
      out += "\\x";
      append_hex(out, cp, 2);
    } else if (cp < 0x10000) {
      out += "\\u";
      append_hex(out, cp, 4);
    } else {
      out += "\\U";
      append_hex(out, cp, 8);
    }
  }
}

std::string str(const Value& v) {
  std::string out;
  append_str(out, v);
  return out;
}

std::string repr(const Value& v) {
  std::string out;
  append_repr(out, v);
  return out;
}

}  // namespace pyos::logging
