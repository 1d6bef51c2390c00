// Python's codecs for text I/O: lookup with encodings.normalize_encoding and the alias table,
// incremental decoders/encoders with CPython's error ranges and reasons, error handlers.
#include "pyos/io/codecs.hpp"

#include <array>
#include <cstdio>
#include <typeinfo>
#include <utility>

#include "pyos/exceptions.hpp"
#include "text_names.hpp"
#include "text_unicode.hpp"

namespace pyos::codecs {
namespace {

using io::text::append_cp;
using io::text::byte_at;
using io::text::next_cp;
using io::text::utf8_valid_prefix;

enum class Codec { utf_8, utf_8_sig, utf_16, utf_16_le, utf_16_be, utf_32, utf_32_le, utf_32_be, latin_1, ascii, cp1252 };

struct CodecName {
  std::string_view module;
  Codec codec;
  std::string_view name;
};
constexpr std::array<CodecName, 11> kCodecs{{
    {"utf_8", Codec::utf_8, "utf-8"},
    {"utf_8_sig", Codec::utf_8_sig, "utf-8-sig"},
    {"utf_16", Codec::utf_16, "utf-16"},
    {"utf_16_le", Codec::utf_16_le, "utf-16-le"},
    {"utf_16_be", Codec::utf_16_be, "utf-16-be"},
    {"utf_32", Codec::utf_32, "utf-32"},
    {"utf_32_le", Codec::utf_32_le, "utf-32-le"},
    {"utf_32_be", Codec::utf_32_be, "utf-32-be"},
    {"latin_1", Codec::latin_1, "iso8859-1"},
    {"ascii", Codec::ascii, "ascii"},
    {"cp1252", Codec::cp1252, "cp1252"},
}};

// encodings.aliases entries that lead to the codecs above (CPython 3.13).
struct Alias {
  std::string_view alias, module;
};
constexpr std::array<Alias, 42> kAliases{{
    {"646", "ascii"},           {"ansi_x3.4_1968", "ascii"},   {"ansi_x3.4_1986", "ascii"},
    {"ansi_x3_4_1968", "ascii"}, {"cp367", "ascii"},           {"csascii", "ascii"},
    {"ibm367", "ascii"},        {"iso646_us", "ascii"},        {"iso_646.irv_1991", "ascii"},
    {"iso_ir_6", "ascii"},      {"us", "ascii"},               {"us_ascii", "ascii"},
    {"1252", "cp1252"},         {"windows_1252", "cp1252"},    {"8859", "latin_1"},
    {"cp819", "latin_1"},       {"csisolatin1", "latin_1"},    {"ibm819", "latin_1"},
    {"iso8859", "latin_1"},     {"iso8859_1", "latin_1"},      {"iso_8859_1", "latin_1"},
    {"iso_8859_1_1987", "latin_1"}, {"iso_ir_100", "latin_1"}, {"l1", "latin_1"},
    {"latin", "latin_1"},       {"latin1", "latin_1"},         {"u16", "utf_16"},
    {"utf16", "utf_16"},        {"unicodebigunmarked", "utf_16_be"}, {"utf_16be", "utf_16_be"},
    {"unicodelittleunmarked", "utf_16_le"}, {"utf_16le", "utf_16_le"}, {"u32", "utf_32"},
    {"utf32", "utf_32"},        {"utf_32be", "utf_32_be"},     {"utf_32le", "utf_32_le"},
    {"cp65001", "utf_8"},       {"u8", "utf_8"},               {"utf", "utf_8"},
    {"utf8", "utf_8"},          {"utf8_ucs2", "utf_8"},        {"utf8_ucs4", "utf_8"},
}};

// codecs.lookup(): C's normalizestring (lowercase; runs of characters other than ASCII
// letters, digits and '.' become one '_', none at the ends), then encodings' alias lookup of
// the name and of the name with '.' replaced, else the name itself as the module.
const CodecName& find_codec(std::string_view encoding) {
  std::string norm;
  bool punct = false;
  for (char c : encoding) {
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (alnum || c == '.') {
      if (punct && !norm.empty()) norm.push_back('_');
      punct = false;
      norm.push_back(static_cast<char>(u >= 'A' && u <= 'Z' ? u + 32 : u));
    } else {
      punct = true;
    }
  }
  auto module_of = [](std::string_view n) -> std::string_view {
    for (const Alias& a : kAliases)
      if (a.alias == n) return a.module;
    return {};
  };
  std::string_view module = module_of(norm);
  std::string dotless = norm;
  for (char& c : dotless)
    if (c == '.') c = '_';
  if (module.empty()) module = module_of(dotless);
  if (module.empty()) module = norm;
  for (const CodecName& c : kCodecs)
    if (c.module == module) return c;
  throw LookupError("unknown encoding: " + std::string(encoding));
}

// ---- error handlers ----------------------------------------------------------------------

enum class Handler {
  strict, ignore, replace, backslashreplace, surrogateescape, surrogatepass, xmlcharrefreplace, namereplace, unknown
};

Handler parse_handler(std::string_view name) {
  if (name == "strict") return Handler::strict;
  if (name == "ignore") return Handler::ignore;
  if (name == "replace") return Handler::replace;
  if (name == "backslashreplace") return Handler::backslashreplace;
  if (name == "surrogateescape") return Handler::surrogateescape;
  if (name == "surrogatepass") return Handler::surrogatepass;
  if (name == "xmlcharrefreplace") return Handler::xmlcharrefreplace;
  if (name == "namereplace") return Handler::namereplace;
  return Handler::unknown;
}

[[noreturn]] void unknown_handler(const std::string& name) {
  throw LookupError("unknown error handler name '" + name + "'");
}

void append_hex(std::string& out, const char* prefix, std::uint32_t value, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, value);
  out += buf;
}

// The width of a surrogate that surrogatepass can take from the input at `start` for the
// UTF codecs (0: not one), and the code point.
struct SurrogateForm {
  enum Kind { none, utf8, utf16le, utf16be, utf32le, utf32be } kind = none;
};

// Decoding error: returns where decoding resumes; appends the replacement to `out`.
std::size_t decode_error(Handler h, const std::string& handler_name, std::string_view encoding, std::string_view data,
                         std::size_t start, std::size_t end, std::string_view reason, SurrogateForm::Kind form,
                         std::string& out) {
  auto raise = [&]() -> std::size_t {
    throw UnicodeDecodeError(std::string(encoding), std::string(data), start, end, std::string(reason));
  };
  switch (h) {
    case Handler::strict:
      return raise();
    case Handler::ignore:
      return end;
    case Handler::replace:
      append_cp(out, 0xFFFD);
      return end;
    case Handler::backslashreplace:
      for (std::size_t i = start; i < end; ++i) append_hex(out, "\\x", byte_at(data.data(), i), 2);
      return end;
    case Handler::surrogateescape: {
      // Up to 4 bytes from `start`, stopping at an ASCII byte (refused); resumes after them.
      std::size_t consumed = 0;
      while (consumed < 4 && consumed < end - start && byte_at(data.data(), start + consumed) >= 0x80) ++consumed;
      if (consumed == 0) raise();
      out.append(data.substr(start, consumed));
      return start + consumed;
    }
    case Handler::surrogatepass: {
      const char* p = data.data() + start;
      const std::size_t avail = data.size() - start;
      char32_t cp = 0;
      std::size_t width = 0;
      switch (form) {
        case SurrogateForm::utf8:
          if (avail >= 3 && (byte_at(p, 0) & 0xF0) == 0xE0 && (byte_at(p, 1) & 0xC0) == 0x80 &&
              (byte_at(p, 2) & 0xC0) == 0x80) {
            cp = ((byte_at(p, 0) & 0x0Fu) << 12) | ((byte_at(p, 1) & 0x3Fu) << 6) | (byte_at(p, 2) & 0x3Fu);
            width = 3;
          }
          break;
        case SurrogateForm::utf16le:
          if (avail >= 2) cp = byte_at(p, 0) | (char32_t{byte_at(p, 1)} << 8), width = 2;
          break;
        case SurrogateForm::utf16be:
          if (avail >= 2) cp = byte_at(p, 1) | (char32_t{byte_at(p, 0)} << 8), width = 2;
          break;
        case SurrogateForm::utf32le:
          if (avail >= 4)
            cp = byte_at(p, 0) | (char32_t{byte_at(p, 1)} << 8) | (char32_t{byte_at(p, 2)} << 16) |
                 (char32_t{byte_at(p, 3)} << 24),
            width = 4;
          break;
        case SurrogateForm::utf32be:
          if (avail >= 4)
            cp = byte_at(p, 3) | (char32_t{byte_at(p, 2)} << 8) | (char32_t{byte_at(p, 1)} << 16) |
                 (char32_t{byte_at(p, 0)} << 24),
            width = 4;
          break;
        case SurrogateForm::none:
          break;
      }
      if (width == 0 || cp < 0xD800 || cp > 0xDFFF) raise();
      append_cp(out, cp);
      return start + width;
    }
    case Handler::xmlcharrefreplace:
    case Handler::namereplace:
      // Encode-only handlers, as CPython's.
      throw TypeError("don't know how to handle UnicodeDecodeError in error callback");
    case Handler::unknown:
      unknown_handler(handler_name);
  }
  return raise();
}

// ---- decoders ----------------------------------------------------------------------------

// Python's codecs.BufferedIncrementalDecoder: undecoded input waits in `pending_`.
class BufferedDecoder : public IncrementalDecoder {
 public:
  BufferedDecoder(std::string errors) : IncrementalDecoder(std::move(errors)), handler_(parse_handler(errors_)) {}

  void decode(std::string_view input, bool final, std::string& out) override {
    std::string joined;
    std::string_view data = input;
    if (!pending_.empty()) {
      joined.reserve(pending_.size() + input.size());
      joined += pending_;
      joined += input;
      data = joined;
    }
    const std::size_t mark = out.size();
    try {
      const std::size_t consumed = decode_some(data, final, out);
      pending_.assign(data.substr(consumed));
    } catch (...) {
      out.resize(mark);
      throw;
    }
  }
  State getstate() const override { return {pending_, flag()}; }
  void setstate(const State& state) override {
    pending_ = state.buffer;
    set_flag(state.flag);
  }
  void reset() override {
    pending_.clear();
    reset_flag();
  }

 protected:
  // Decodes what it can of data; returns the bytes consumed.
  virtual std::size_t decode_some(std::string_view data, bool final, std::string& out) = 0;
  virtual std::uint64_t flag() const { return 0; }
  virtual void set_flag(std::uint64_t) {}
  virtual void reset_flag() {}

  std::size_t error(std::string_view encoding, std::string_view data, std::size_t start, std::size_t end,
                    std::string_view reason, SurrogateForm::Kind form, std::string& out) const {
    return decode_error(handler_, errors_, encoding, data, start, end, reason, form, out);
  }

  Handler handler_;
  std::string pending_;
};

// UTF-8 (and utf-8-sig, which skips one leading BOM).
class Utf8Decoder final : public BufferedDecoder {
 public:
  Utf8Decoder(std::string errors, bool sig, bool oneshot) : BufferedDecoder(std::move(errors)), sig_(sig), oneshot_(oneshot) {
    first_ = sig ? 1 : 0;
  }
  // Whether decode(input) appends input itself and leaves the state as it is: nothing held
  // back, no BOM to look for, input valid UTF-8 of whole characters.
  bool decodes_to_itself(std::string_view input) const noexcept {
    return pending_.empty() && first_ == 0 && utf8_valid_prefix(input.data(), input.size()) == input.size();
  }

 protected:
  // utf-8-sig's flag is Python's `first`: whatever setstate() gave (a TextIOWrapper cookie's
  // flags) until a decode settles the BOM question and makes it 0; plain utf-8 has none.
  std::uint64_t flag() const override { return first_; }
  void set_flag(std::uint64_t f) override { first_ = sig_ ? f : 0; }
  void reset_flag() override { first_ = sig_ ? 1 : 0; }

  std::size_t decode_some(std::string_view data, bool final, std::string& out) override {
    std::size_t skip = 0;
    if (first_) {
      static constexpr std::string_view bom = "\xEF\xBB\xBF";
      if (data.size() < 3) {
        if (bom.starts_with(data) && !oneshot_) return 0;  // not enough to decide yet
        first_ = 0;
      } else {
        first_ = 0;
        if (data.starts_with(bom)) skip = 3;
      }
    }
    // utf-8-sig reports errors against the input after the BOM, as codecs.utf_8_decode sees it.
    return skip + decode_utf8(data.substr(skip), final, out, data.substr(skip), 0);
  }

 private:
  // Decodes `data` (which sits at `base` in `whole`, the object errors report).
  std::size_t decode_utf8(std::string_view data, bool final, std::string& out, std::string_view whole,
                          std::size_t base) const {
    const char* p = data.data();
    const std::size_t n = data.size();
    std::size_t i = 0;
    while (i < n) {
      const std::size_t v = utf8_valid_prefix(p + i, n - i);
      out.append(p + i, v);
      i += v;
      if (i == n) break;
      const std::uint8_t b = byte_at(p, i);
      std::size_t end;
      const char* reason;
      if (b < 0xC2 || b > 0xF4) {
        end = i + 1, reason = "invalid start byte";
      } else {
        const std::size_t need = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        std::uint8_t lo = 0x80, hi = 0xBF;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
        std::size_t k = 1;
        bool incomplete = false;
        for (; k < need; ++k) {
          if (i + k >= n) {
            incomplete = true;
            break;
          }
          const std::uint8_t c = byte_at(p, i + k);
          if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) break;
        }
        // CPython keeps a trailing ED A0..BF (a surrogate's first two bytes) for the next
        // call when decoding incrementally with a handler other than strict.
        if (!incomplete && !final && k == 1 && b == 0xED && i + 2 == n && handler_ != Handler::strict &&
            byte_at(p, i + 1) >= 0xA0 && byte_at(p, i + 1) <= 0xBF)
          return i;
        if (incomplete) {
          if (!final) return i;
          end = n, reason = "unexpected end of data";
        } else {
          end = i + k, reason = "invalid continuation byte";
        }
      }
      i = error("utf-8", whole, base + i, base + end, reason, SurrogateForm::utf8, out) - base;
    }
    return n;
  }

  bool sig_, oneshot_;
  std::uint64_t first_ = 0;
};

// UTF-16 and UTF-32: `width` bytes per unit; byte order -1 little, 1 big, 0 undetermined
// (the BOM-detecting 'utf-16'/'utf-32'). flag() as Python's getstate: 0 native (little)
// order, 1 the other, 2 still undetermined.
class UtfWideDecoder final : public BufferedDecoder {
 public:
  UtfWideDecoder(std::string errors, std::size_t width, int order, bool oneshot)
      : BufferedDecoder(std::move(errors)), width_(width), initial_order_(order), order_(order), oneshot_(oneshot) {}

 protected:
  std::uint64_t flag() const override {
    if (initial_order_ != 0) return 0;
    return order_ == 0 ? 2 : order_ == -1 ? 0 : 1;
  }
  void set_flag(std::uint64_t f) override {
    if (initial_order_ != 0) return;
    order_ = f == 0 ? -1 : f == 1 ? 1 : 0;
  }
  void reset_flag() override { order_ = initial_order_; }

  std::size_t decode_some(std::string_view data, bool final, std::string& out) override {
    if (order_ != 0) return decode_units(data, 0, order_, final, out);
    // BOM detection.
    const std::string_view le = width_ == 2 ? std::string_view("\xFF\xFE", 2) : std::string_view("\xFF\xFE\0\0", 4);
    const std::string_view be = width_ == 2 ? std::string_view("\xFE\xFF", 2) : std::string_view("\0\0\xFE\xFF", 4);
    // The order is kept only once the data after the BOM decoded: Python's decoder learns it
    // from utf_16_ex_decode's result, so an error there leaves it undetermined (the next data
    // then has no BOM, and raises so).
    if (data.size() >= width_) {
      for (const int order : {-1, 1}) {
        if (!data.starts_with(order < 0 ? le : be)) continue;
        const std::size_t consumed = decode_units(data, width_, order, final, out);
        order_ = order;
        return consumed;
      }
    }
    if (oneshot_) {
      order_ = -1;
      return decode_units(data, 0, -1, final, out);
    }
    const std::size_t consumed = decode_units(data, 0, -1, final, out);
    if (consumed >= width_)
      throw UnicodeDecodeError(width_ == 2 ? "utf-16" : "utf-32", std::string(data), 0, width_,
                               "Stream does not start with BOM");
    return consumed;
  }

 private:
  std::uint32_t unit(const char* p, int order) const {
    std::uint32_t u = 0;
    if (order < 0) {
      for (std::size_t k = width_; k-- > 0;) u = (u << 8) | byte_at(p, k);
    } else {
      for (std::size_t k = 0; k < width_; ++k) u = (u << 8) | byte_at(p, k);
    }
    return u;
  }

  std::size_t decode_units(std::string_view data, std::size_t i, int order, bool final, std::string& out) const {
    const char* p = data.data();
    const std::size_t n = data.size();
    const char* name = width_ == 2 ? (order < 0 ? "utf-16-le" : "utf-16-be") : (order < 0 ? "utf-32-le" : "utf-32-be");
    const SurrogateForm::Kind form = width_ == 2 ? (order < 0 ? SurrogateForm::utf16le : SurrogateForm::utf16be)
                                                 : (order < 0 ? SurrogateForm::utf32le : SurrogateForm::utf32be);
    while (i + width_ <= n) {
      const std::uint32_t u = unit(p + i, order);
      if (width_ == 4) {
        if (u > 0x10FFFF) {
          i = error(name, data, i, i + 4, "code point not in range(0x110000)", form, out);
        } else if (u >= 0xD800 && u <= 0xDFFF) {
          i = error(name, data, i, i + 4, "code point in surrogate code point range(0xd800, 0xe000)", form, out);
        } else {
          append_cp(out, u);
          i += 4;
        }
        continue;
      }
      if (u < 0xD800 || u > 0xDFFF) {
        append_cp(out, u);
        i += 2;
      } else if (u <= 0xDBFF) {
        if (i + 4 > n) {
          if (!final) return i;
          i = error(name, data, i, n, "unexpected end of data", form, out);
          continue;
        }
        const std::uint32_t u2 = unit(p + i + 2, order);
        if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
          append_cp(out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
          i += 4;
        } else {
          i = error(name, data, i, i + 2, "illegal UTF-16 surrogate", form, out);
        }
      } else {
        i = error(name, data, i, i + 2, "illegal encoding", form, out);
      }
    }
    if (i < n) {
      if (!final) return i;
      i = error(name, data, i, n, "truncated data", form, out);
      // A handler may resume inside the truncated unit; what is left is dropped as Python's
      // decoder does once it has reported the end.
      if (i < n) return decode_units(data, i, order, final, out);
    }
    return n;
  }

  std::size_t width_;
  int initial_order_, order_;
  bool oneshot_;
};

// cp1252's 0x80..0x9F (0 = undefined).
constexpr std::array<char16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// ascii, latin-1, cp1252: one byte per character, stateless.
class SingleByteDecoder final : public BufferedDecoder {
 public:
  SingleByteDecoder(std::string errors, Codec codec) : BufferedDecoder(std::move(errors)), codec_(codec) {}

 protected:
  std::size_t decode_some(std::string_view data, bool, std::string& out) override {
    const char* p = data.data();
    const std::size_t n = data.size();
    std::size_t i = 0;
    while (i < n) {
      std::size_t run = i;
      while (run < n && byte_at(p, run) < 0x80) ++run;
      out.append(p + i, run - i);
      i = run;
      if (i == n) break;
      const std::uint8_t b = byte_at(p, i);
      switch (codec_) {
        case Codec::latin_1:
          append_cp(out, b);
          ++i;
          break;
        case Codec::cp1252: {
          const char32_t cp = b < 0xA0 ? kCp1252High[b - 0x80u] : b;
          if (cp != 0) {
            append_cp(out, cp);
            ++i;
          } else {
            i = error("charmap", data, i, i + 1, "character maps to <undefined>", SurrogateForm::none, out);
          }
          break;
        }
        default:
          i = error("ascii", data, i, i + 1, "ordinal not in range(128)", SurrogateForm::none, out);
      }
    }
    return n;
  }

 private:
  Codec codec_;
};

// ---- encoders ----------------------------------------------------------------------------

// How a codec writes one code point it can represent; `false` if it cannot.
class BaseEncoder : public IncrementalEncoder {
 public:
  explicit BaseEncoder(std::string errors) : IncrementalEncoder(std::move(errors)), handler_(parse_handler(errors_)) {}

 protected:
  // Generic encoding loop over code points: runs of unencodable characters go to the handler.
  void encode_loop(std::string_view text, std::string& out) {
    // The common case, all of it encodable at once, needs no character count.
    std::size_t pos = encode_fast(text, out);
    if (pos >= text.size()) return;
    std::size_t index = io::text::count_valid(text.data(), pos);
    std::u32string object;  // built on the first error
    while (pos < text.size()) {
      const std::size_t before = pos;
      const char32_t cp = next_cp(text, pos);
      if (put(cp, out)) {
        ++index;
        if (pos >= text.size()) break;
        const std::size_t fast = encode_fast(text.substr(pos), out);
        index += io::text::count_valid(text.data() + pos, fast);
        pos += fast;
        continue;
      }
      // Collect the run of characters this error covers.
      const std::size_t start = index;
      std::size_t end = index + 1;
      std::size_t scan = pos;
      if (run_errors()) {
        while (scan < text.size()) {
          std::size_t next = scan;
          const char32_t c = next_cp(text, next);
          if (encodable(c)) break;
          scan = next;
          ++end;
        }
      }
      if (object.empty()) object = to_code_points(text);
      (void)before;
      handle(object, start, end, out);
      pos = scan;
      index = end;
      if (pos >= text.size()) break;
      const std::size_t fast = encode_fast(text.substr(pos), out);
      index += io::text::count_valid(text.data() + pos, fast);
      pos += fast;
    }
  }

  // Appends what it can of `text` quickly (a valid UTF-8 prefix); returns bytes consumed.
  virtual std::size_t encode_fast(std::string_view text, std::string& out) = 0;
  virtual bool encodable(char32_t cp) const = 0;
  virtual bool put(char32_t cp, std::string& out) const = 0;
  virtual std::string_view name() const = 0;
  virtual std::string_view reason() const = 0;
  virtual bool run_errors() const { return true; }
  virtual bool single_byte_units() const { return true; }
  // CPython's fast paths (utf-8, ascii, latin-1) report a surrogateescape failure from the
  // failing character on; the generic handler reports the whole run.
  virtual bool fast_handlers() const { return false; }
  // Bytes surrogatepass writes for a surrogate (empty: the codec has no such form).
  virtual bool put_surrogate(char32_t, std::string&) const { return false; }

  void put_ascii(std::string_view s, std::string& out) const {
    for (char c : s) put(static_cast<unsigned char>(c), out);
  }

  void handle(const std::u32string& object, std::size_t start, std::size_t end, std::string& out) const {
    auto raise = [&](std::size_t from) {
      throw UnicodeEncodeError(std::string(name()), object, from, end, std::string(reason()));
    };
    switch (handler_) {
      case Handler::strict:
        raise(start);
        break;
      case Handler::ignore:
        break;
      case Handler::replace:
        for (std::size_t i = start; i < end; ++i) put_ascii("?", out);
        break;
      case Handler::backslashreplace:
      case Handler::namereplace:
        // codecs.namereplace_errors: \N{NAME} where the character has a name (text_names.cpp),
        // else backslashreplace's form.
        for (std::size_t i = start; i < end; ++i) {
          std::string rep;
          const char32_t c = object[i];
          if (handler_ == Handler::namereplace) {
            rep = "\\N{";
            if (io::text::append_namereplace_name(rep, c)) {
              rep += '}';
              put_ascii(rep, out);
              continue;
            }
            rep.clear();
          }
          if (c < 0x100) {
            append_hex(rep, "\\x", c, 2);
          } else if (c < 0x10000) {
            append_hex(rep, "\\u", c, 4);
          } else {
            append_hex(rep, "\\U", c, 8);
          }
          put_ascii(rep, out);
        }
        break;
      case Handler::xmlcharrefreplace:
        for (std::size_t i = start; i < end; ++i) put_ascii("&#" + std::to_string(object[i]) + ";", out);
        break;
      case Handler::surrogateescape: {
        // UTF-16/32 reject the single bytes it would give (not a whole code unit).
        if (!single_byte_units()) raise(start);
        std::string bytes;
        for (std::size_t i = start; i < end; ++i) {
          const char32_t c = object[i];
          if (c < 0xDC80 || c > 0xDCFF) raise(fast_handlers() ? i : start);
          bytes.push_back(static_cast<char>(c - 0xDC00));
        }
        out += bytes;
        break;
      }
      case Handler::surrogatepass: {
        std::string bytes;
        for (std::size_t i = start; i < end; ++i) {
          const char32_t c = object[i];
          if (c < 0xD800 || c > 0xDFFF || !put_surrogate(c, bytes)) raise(start);
        }
        out += bytes;
        break;
      }
      case Handler::unknown:
        unknown_handler(errors_);
    }
  }

  Handler handler_;
};

class Utf8Encoder final : public BaseEncoder {
 public:
  Utf8Encoder(std::string errors, bool sig) : BaseEncoder(std::move(errors)), sig_(sig), first_(sig) {}
  void encode(std::string_view text, bool, std::string& out) override {
    if (first_) {
      out += "\xEF\xBB\xBF";
      first_ = false;
    }
    encode_loop(text, out);
  }
  std::int64_t getstate() const override { return first_ ? 1 : 0; }
  void setstate(std::int64_t state) override { first_ = sig_ && state != 0; }
  void reset() override { first_ = sig_; }

 protected:
  std::size_t encode_fast(std::string_view text, std::string& out) override {
    const std::size_t v = utf8_valid_prefix(text.data(), text.size());
    out.append(text.data(), v);
    return v;
  }
  bool encodable(char32_t cp) const override { return cp < 0xD800 || cp > 0xDFFF; }
  bool put(char32_t cp, std::string& out) const override {
    if (!encodable(cp)) return false;
    append_cp(out, cp);
    return true;
  }
  bool put_surrogate(char32_t cp, std::string& out) const override {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    return true;
  }
  std::string_view name() const override { return "utf-8"; }
  std::string_view reason() const override { return "surrogates not allowed"; }
  bool fast_handlers() const override { return true; }

 private:
  bool sig_, first_;
};

class UtfWideEncoder final : public BaseEncoder {
 public:
  UtfWideEncoder(std::string errors, std::size_t width, int order)
      : BaseEncoder(std::move(errors)), width_(width), bom_(order == 0), order_(order == 0 ? -1 : order) {}
  // While the BOM is pending, a call is Python's utf_16_encode/utf_32_encode (errors name
  // "utf-16"/"utf-32"); Python's encoder takes the byte order (and drops the BOM) only once
  // such a call succeeded, so a failed one leaves the BOM pending.
  void encode(std::string_view text, bool, std::string& out) override {
    first_ = bom_;
    if (bom_) put_unit(0xFEFF, out);
    encode_loop(text, out);
    bom_ = false;
  }
  std::int64_t getstate() const override { return bom_ ? 2 : 0; }
  void setstate(std::int64_t state) override { bom_ = with_bom_ && state != 0; }
  void reset() override { bom_ = with_bom_; }

 protected:
  std::size_t encode_fast(std::string_view text, std::string& out) override {
    std::size_t i = 0;
    while (i < text.size() && byte_at(text.data(), i) < 0x80) put_unit(byte_at(text.data(), i++), out);
    return i;
  }
  bool encodable(char32_t cp) const override { return cp < 0xD800 || cp > 0xDFFF; }
  bool put(char32_t cp, std::string& out) const override {
    if (!encodable(cp)) return false;
    if (width_ == 2 && cp >= 0x10000) {
      put_unit(0xD800 + ((cp - 0x10000) >> 10), out);
      put_unit(0xDC00 + ((cp - 0x10000) & 0x3FF), out);
    } else {
      put_unit(cp, out);
    }
    return true;
  }
  bool put_surrogate(char32_t cp, std::string& out) const override {
    put_unit(cp, out);
    return true;
  }
  std::string_view name() const override {
    if (with_bom_ && first_) return width_ == 2 ? "utf-16" : "utf-32";
    return width_ == 2 ? (order_ < 0 ? "utf-16-le" : "utf-16-be") : (order_ < 0 ? "utf-32-le" : "utf-32-be");
  }
  std::string_view reason() const override { return "surrogates not allowed"; }
  bool run_errors() const override { return false; }
  bool single_byte_units() const override { return false; }

 private:
  void put_unit(std::uint32_t u, std::string& out) const {
    if (order_ < 0) {
      for (std::size_t k = 0; k < width_; ++k) out.push_back(static_cast<char>((u >> (8 * k)) & 0xFF));
    } else {
      for (std::size_t k = width_; k-- > 0;) out.push_back(static_cast<char>((u >> (8 * k)) & 0xFF));
    }
  }

  std::size_t width_;
  bool bom_;
  int order_;
  bool with_bom_ = bom_;
  bool first_ = false;  // this call writes the BOM
};

class SingleByteEncoder final : public BaseEncoder {
 public:
  SingleByteEncoder(std::string errors, Codec codec) : BaseEncoder(std::move(errors)), codec_(codec) {}
  void encode(std::string_view text, bool, std::string& out) override { encode_loop(text, out); }

 protected:
  std::size_t encode_fast(std::string_view text, std::string& out) override {
    std::size_t i = 0;
    while (i < text.size() && byte_at(text.data(), i) < 0x80) ++i;
    out.append(text.data(), i);
    return i;
  }
  int byte_for(char32_t cp) const {
    if (cp < 0x80) return static_cast<int>(cp);
    switch (codec_) {
      case Codec::latin_1:
        return cp < 0x100 ? static_cast<int>(cp) : -1;
      case Codec::cp1252:
        if (cp >= 0xA0 && cp < 0x100) return static_cast<int>(cp);
        for (std::size_t k = 0; k < kCp1252High.size(); ++k)
          if (kCp1252High[k] != 0 && kCp1252High[k] == cp) return static_cast<int>(0x80 + k);
        return -1;
      default:
        return -1;
    }
  }
  bool encodable(char32_t cp) const override { return byte_for(cp) >= 0; }
  bool put(char32_t cp, std::string& out) const override {
    const int b = byte_for(cp);
    if (b < 0) return false;
    out.push_back(static_cast<char>(b));
    return true;
  }
  std::string_view name() const override {
    return codec_ == Codec::ascii ? "ascii" : codec_ == Codec::latin_1 ? "latin-1" : "charmap";
  }
  std::string_view reason() const override {
    return codec_ == Codec::ascii     ? "ordinal not in range(128)"
           : codec_ == Codec::latin_1 ? "ordinal not in range(256)"
                                      : "character maps to <undefined>";
  }
  bool fast_handlers() const override { return codec_ != Codec::cp1252; }

 private:
  Codec codec_;
};

std::unique_ptr<IncrementalDecoder> make_decoder(Codec codec, std::string_view errors, bool oneshot) {
  std::string e(errors);
  switch (codec) {
    case Codec::utf_8:
      return std::make_unique<Utf8Decoder>(e, false, oneshot);
    case Codec::utf_8_sig:
      return std::make_unique<Utf8Decoder>(e, true, oneshot);
    case Codec::utf_16:
      return std::make_unique<UtfWideDecoder>(e, 2, 0, oneshot);
    case Codec::utf_16_le:
      return std::make_unique<UtfWideDecoder>(e, 2, -1, oneshot);
    case Codec::utf_16_be:
      return std::make_unique<UtfWideDecoder>(e, 2, 1, oneshot);
    case Codec::utf_32:
      return std::make_unique<UtfWideDecoder>(e, 4, 0, oneshot);
    case Codec::utf_32_le:
      return std::make_unique<UtfWideDecoder>(e, 4, -1, oneshot);
    case Codec::utf_32_be:
      return std::make_unique<UtfWideDecoder>(e, 4, 1, oneshot);
    default:
      return std::make_unique<SingleByteDecoder>(e, codec);
  }
}

}  // namespace

std::string lookup(std::string_view encoding) { return std::string(find_codec(encoding).name); }

std::unique_ptr<IncrementalDecoder> getincrementaldecoder(std::string_view encoding, std::string_view errors) {
  return make_decoder(find_codec(encoding).codec, errors, false);
}

std::unique_ptr<IncrementalEncoder> getincrementalencoder(std::string_view encoding, std::string_view errors) {
  const Codec codec = find_codec(encoding).codec;
  std::string e(errors);
  switch (codec) {
    case Codec::utf_8:
      return std::make_unique<Utf8Encoder>(e, false);
    case Codec::utf_8_sig:
      return std::make_unique<Utf8Encoder>(e, true);
    case Codec::utf_16:
      return std::make_unique<UtfWideEncoder>(e, 2, 0);
    case Codec::utf_16_le:
      return std::make_unique<UtfWideEncoder>(e, 2, -1);
    case Codec::utf_16_be:
      return std::make_unique<UtfWideEncoder>(e, 2, 1);
    case Codec::utf_32:
      return std::make_unique<UtfWideEncoder>(e, 4, 0);
    case Codec::utf_32_le:
      return std::make_unique<UtfWideEncoder>(e, 4, -1);
    case Codec::utf_32_be:
      return std::make_unique<UtfWideEncoder>(e, 4, 1);
    default:
      return std::make_unique<SingleByteEncoder>(e, codec);
  }
}

std::string decode(std::string_view data, std::string_view encoding, std::string_view errors) {
  return make_decoder(find_codec(encoding).codec, errors, true)->decode(data, true);
}

std::string encode(std::string_view text, std::string_view encoding, std::string_view errors) {
  return getincrementalencoder(encoding, errors)->encode(text, true);
}

std::size_t str_len(std::string_view text) noexcept { return io::text::str_len(text); }
std::size_t str_offset(std::string_view text, std::size_t n) noexcept { return io::text::str_offset(text, n); }

std::string from_code_points(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t c : cps) append_cp(out, c);
  return out;
}

std::u32string to_code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) out.push_back(next_cp(text, pos));
  return out;
}

}  // namespace pyos::codecs

namespace pyos::io::text {
bool decodes_to_itself(const codecs::IncrementalDecoder& decoder, std::string_view input) noexcept {
  return typeid(decoder) == typeid(codecs::Utf8Decoder) &&
         static_cast<const codecs::Utf8Decoder&>(decoder).decodes_to_itself(input);
}
}  // namespace pyos::io::text
