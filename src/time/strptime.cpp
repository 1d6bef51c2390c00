// time.strptime: CPython 3.13's Lib/_strptime.py without regular expressions.
//
// CPython turns the format into a regular expression (TimeRE.pattern), compiles it with
// re.IGNORECASE and calls match(); then it converts the named groups. The matcher here runs
// the same expression directly:
//
//  * The format compiles to a list of nodes: a literal character (compared as `re` does
//    with IGNORECASE: lower(x) == lower(c), or one of the `re` module's extra case
//    equivalents), a run of whitespace (`\s+`, greedy), or a directive. %c, %x and %X expand
//    to the C locale's "%a %b %d %H:%M:%S %Y", "%m/%d/%y" and "%H:%M:%S".
//  * Each directive yields the ends of its possible matches in the order the regular
//    expression's alternation and greedy quantifiers would try them (CPython's own patterns,
//    parsed once at start-up, for the numeric directives; hand-written enumerations for %f
//    and %z; the day, month, AM/PM and zone names longest first).
//  * A backtracking search takes the first candidate at every node and falls back exactly
//    like `re` does, so the first match found - and hence what is "unconverted data" - is the
//    same. (node, position) pairs that failed are remembered once the search gets long, so an
//    adversarial input costs polynomial, not exponential, time.
//
//  * Two shortcuts, both exact: on ASCII input the search's first path is walked without
//    its machinery (when it reaches the end it is the match the search would find), and
//    formats of literals and %Y %m %d %H %M %S %j are matched and converted in one pass.
//
// Everything `re` decides per character comes from tables generated from CPython 3.13
// (strptime_unicode.inc): \d is any Unicode decimal digit (int() reads them), \s is
// str.isspace(), case folding is _sre's.
//
// Errors are CPython's, message for message; a directive named twice is re.PatternError with
// the position the error would have in CPython's generated pattern.
#include "time/strptime.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "_core/text.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/time.hpp"
#include "time/time_internal.hpp"

namespace pyos::time::detail {

std::atomic<bool> g_fast_paths{true};

void set_strptime_fast_paths(bool enabled) noexcept { g_fast_paths.store(enabled); }

namespace {

// --- Unicode tables (CPython 3.13's `re` view) --------------------------------------------

constexpr char32_t kDigitZeros[] = {
#define PYOS_STRPTIME_DIGIT_ZEROS
#include "time/strptime_unicode.inc"
#undef PYOS_STRPTIME_DIGIT_ZEROS
};

constexpr char32_t kSpaces[] = {
#define PYOS_STRPTIME_SPACES
#include "time/strptime_unicode.inc"
#undef PYOS_STRPTIME_SPACES
};

struct LowerPair {
  char32_t cp, lower;
};
constexpr LowerPair kLower[] = {
#define PYOS_STRPTIME_LOWER
#include "time/strptime_unicode.inc"
#undef PYOS_STRPTIME_LOWER
};

struct ExtraCase {
  char32_t lower;
  char32_t equivalents[2];
};
constexpr ExtraCase kExtraCases[] = {
#define PYOS_STRPTIME_EXTRA_CASES
#include "time/strptime_unicode.inc"
#undef PYOS_STRPTIME_EXTRA_CASES
};

struct Lookalike {
  char32_t cp;
  const char* lower_utf8;
};
constexpr Lookalike kNameLookalikes[] = {
#define PYOS_STRPTIME_NAME_LOOKALIKES
#include "time/strptime_unicode.inc"
#undef PYOS_STRPTIME_NAME_LOOKALIKES
};

constexpr char32_t kNone = 0xFFFFFFFF;

// The value of a decimal digit (\d), or -1.
int digit_value(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') ? static_cast<int>(cp - '0') : -1;
  const auto* it = std::upper_bound(std::begin(kDigitZeros), std::end(kDigitZeros), cp);
  if (it == std::begin(kDigitZeros)) return -1;
  const char32_t zero = *(it - 1);
  return cp - zero < 10 ? static_cast<int>(cp - zero) : -1;
}

bool is_space(char32_t cp) noexcept {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  return std::binary_search(std::begin(kSpaces), std::end(kSpaces), cp);
}

// _sre.unicode_tolower
char32_t sre_lower(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  const auto* it = std::lower_bound(std::begin(kLower), std::end(kLower), cp,
                                    [](const LowerPair& p, char32_t c) { return p.cp < c; });
  return (it != std::end(kLower) && it->cp == cp) ? it->lower : cp;
}

// How `re` with IGNORECASE matches one pattern character.
struct Lit {
  char32_t lo = kNone;
  char32_t ex0 = kNone;
  char32_t ex1 = kNone;

  static Lit of(char32_t c) noexcept {
    Lit l;
    l.lo = sre_lower(c);
    const auto* it = std::lower_bound(std::begin(kExtraCases), std::end(kExtraCases), l.lo,
                                      [](const ExtraCase& e, char32_t v) { return e.lower < v; });
    if (it != std::end(kExtraCases) && it->lower == l.lo) {
      l.ex0 = it->equivalents[0];
      l.ex1 = it->equivalents[1] != 0 ? it->equivalents[1] : kNone;
    }
    return l;
  }
  bool matches(char32_t x) const noexcept {
    const char32_t lx = sre_lower(x);
    return lx == lo || lx == ex0 || lx == ex1;
  }
};

// --- input cursor -------------------------------------------------------------------------

struct Text {
  std::string_view s;

  // The code point at `pos` and where the next one starts; false at the end.
  bool at(std::size_t pos, char32_t& cp, std::size_t& next) const noexcept {
    if (pos >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      cp = b;
      next = pos + 1;
      return true;
    }
    next = pos;
    cp = _core::decode_code_point(s, next);
    return true;
  }
  bool ascii_is(std::size_t pos, char c) const noexcept { return pos < s.size() && s[pos] == c; }
  bool ascii_in(std::size_t pos, char lo, char hi) const noexcept {
    return pos < s.size() && s[pos] >= lo && s[pos] <= hi;
  }
  // \d: a Unicode decimal digit.
  bool digit(std::size_t pos, std::size_t& next) const noexcept {
    if (pos >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      next = pos + 1;
      return b >= '0' && b <= '9';
    }
    char32_t cp;
    return at(pos, cp, next) && digit_value(cp) >= 0;
  }
  // The start of the code point before `pos`.
  std::size_t back(std::size_t pos) const noexcept {
    std::size_t p = pos - 1;
    // Step over continuation bytes, but only as far as a valid sequence reaches.
    std::size_t q = p;
    int cont = 0;
    while (q > 0 && cont < 3 && (static_cast<unsigned char>(s[q]) & 0xC0U) == 0x80U) {
      --q;
      ++cont;
    }
    if (q != p) {
      std::size_t n = q;
      _core::decode_code_point(s, n);
      if (n == pos) return q;
    }
    return p;
  }
};

// --- CPython's directive patterns (TimeRE) ------------------------------------------------

// An atom of the numeric patterns: one code point.
struct Atom {
  enum Kind : std::uint8_t { digit, range, exact } kind;
  char lo, hi;
};
struct Alternative {
  std::uint8_t size = 0;
  Atom atoms[4];
  void push_back(Atom a) { atoms[size++] = a; }
};

struct SimpleDirective {
  char letter;
  std::string_view regex;  // CPython's TimeRE value
  std::vector<Alternative> alternatives;
};

// Parses the subset of regular expressions the numeric TimeRE patterns use:
// (?P<x>alt|alt|...) with atoms \d, [a-b] and literal characters.
std::vector<Alternative> parse_alternatives(std::string_view regex) {
  const std::size_t open = regex.find('>');
  std::string_view body = regex.substr(open + 1, regex.size() - open - 2);
  std::vector<Alternative> out(1);
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '|') {
      out.emplace_back();
    } else if (c == '\\') {
      out.back().push_back({Atom::digit, 0, 0});  // only \d occurs
      ++i;
    } else if (c == '[') {
      out.back().push_back({Atom::range, body[i + 1], body[i + 3]});
      i += 4;
    } else {
      out.back().push_back({Atom::exact, c, c});
    }
  }
  return out;
}

const std::vector<SimpleDirective>& simple_directives() {
  static const std::vector<SimpleDirective> table = [] {
    const std::pair<char, std::string_view> src[] = {
        {'d', R"((?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9]))"},
        {'H', R"((?P<H>2[0-3]|[0-1]\d|\d))"},
        {'I', R"((?P<I>1[0-2]|0[1-9]|[1-9]))"},
        {'G', R"((?P<G>\d\d\d\d))"},
        {'j', R"((?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9]))"},
        {'m', R"((?P<m>1[0-2]|0[1-9]|[1-9]))"},
        {'M', R"((?P<M>[0-5]\d|\d))"},
        {'S', R"((?P<S>6[0-1]|[0-5]\d|\d))"},
        {'U', R"((?P<U>5[0-3]|[0-4]\d|\d))"},
        {'W', R"((?P<W>5[0-3]|[0-4]\d|\d))"},
        {'w', R"((?P<w>[0-6]))"},
        {'u', R"((?P<u>[1-7]))"},
        {'V', R"((?P<V>5[0-3]|0[1-9]|[1-4]\d|\d))"},
        {'y', R"((?P<y>\d\d))"},
        {'Y', R"((?P<Y>\d\d\d\d))"},
    };
    std::vector<SimpleDirective> t;
    for (const auto& [letter, regex] : src) t.push_back({letter, regex, parse_alternatives(regex)});
    return t;
  }();
  return table;
}

constexpr std::string_view kRegexF = R"((?P<f>[0-9]{1,6}))";
constexpr std::string_view kRegexZ = R"((?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)))";

// The C locale's names, lowercased, in calendar order (LocaleTime).
constexpr std::string_view kFullWeekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
constexpr std::string_view kAbbrWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kFullMonths[] = {"",     "january",   "february", "march",    "april",
                                            "may",  "june",      "july",     "august",   "september",
                                            "october", "november", "december"};
constexpr std::string_view kAbbrMonths[] = {"",    "jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::string_view kAmPm[] = {"am", "pm"};

// LocaleTime's LC_date_time, LC_date, LC_time for the C locale.
constexpr std::string_view kLcDateTime = "%a %b %d %H:%M:%S %Y";
constexpr std::string_view kLcDate = "%m/%d/%y";
constexpr std::string_view kLcTime = "%H:%M:%S";

// Characters TimeRE.pattern() escapes in the format, and those re.escape() escapes.
bool regex_special(char32_t c) noexcept {
  return c < 0x80 && std::strchr("\\.^$*+?(){}[]|", static_cast<int>(c)) != nullptr && c != 0;
}
bool re_escape_special(char32_t c) noexcept {
  return c < 0x80 && std::strchr("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", static_cast<int>(c)) != nullptr &&
         c != 0;
}

std::u32string decode(std::string_view s) { return _core::decode_surrogateescape(s); }

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) _core::append_utf8(out, c);
  return out;
}

// A name alternative (%a, %B, %p, %Z, ...): its characters as `re` compares them.
struct Name {
  std::string text;  // lowercased, as in LocaleTime
  std::vector<Lit> lits;
  bool ascii = true;
};

Name make_name(std::string_view text) {
  Name n;
  n.text = text;
  for (char32_t c : decode(text)) {
    n.lits.push_back(Lit::of(c));
    if (c >= 0x80) n.ascii = false;
  }
  return n;
}

// __seqToRE's order: longest first, stable.
std::vector<Name> name_alternatives(const std::vector<std::string>& names) {
  std::vector<std::string> sorted = names;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const std::string& a, const std::string& b) { return decode(a).size() > decode(b).size(); });
  std::vector<Name> out;
  for (const auto& s : sorted) out.push_back(make_name(s));
  return out;
}

// The length, in code points, of __seqToRE's regex for these names ('' when all are empty).
std::size_t seq_regex_length(const std::vector<Name>& alts) {
  bool any = false;
  std::size_t len = 0;
  for (const auto& a : alts) {
    for (char32_t c : decode(a.text)) len += re_escape_special(c) ? 2U : 1U;
    if (!a.text.empty()) any = true;
  }
  if (!any) return 0;
  return len + (alts.size() - 1) + 7;  // '|' separators, "(?P<x>" and ")"
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// --- the compiled format ------------------------------------------------------------------

struct Node {
  enum Kind : std::uint8_t { literal, space, directive } kind;
  char dir = 0;
  Lit lit;
  const SimpleDirective* simple = nullptr;  // the numeric directives
};

// What %Z depends on: LocaleTime.timezone and the tzname/daylight it was built from.
struct ZoneNames {
  std::vector<std::string> no_saving;   // {"utc", "gmt", tzname[0].lower()}
  std::vector<std::string> has_saving;  // {tzname[1].lower()} if daylight
  std::array<std::string, 2> tzname;
  int daylight = 0;
  std::vector<Name> alternatives;
};

struct Program {
  std::vector<Node> nodes;
  std::vector<std::uint32_t> directives;  // indices of the directive nodes, in order
  // When every directive is one of %Y %m %d %H %M %S %j (each sets its own variable with
  // int()), conversion is a store per group: slots[k] says which variable group k sets.
  bool slot_conversion = false;
  std::vector<std::uint8_t> slots;
  bool uses_zone = false;
  std::uint64_t generation = 0;
  ZoneNames zone;
};

std::vector<Name>& name_table(char letter) {
  static std::vector<Name> a, A, b, B, p;
  static const bool init = [] {
    auto build = [](const std::string_view* first, const std::string_view* last) {
      std::vector<std::string> v(first, last);
      return name_alternatives(v);
    };
    a = build(std::begin(kAbbrWeekdays), std::end(kAbbrWeekdays));
    A = build(std::begin(kFullWeekdays), std::end(kFullWeekdays));
    b = build(std::begin(kAbbrMonths) + 1, std::end(kAbbrMonths));
    B = build(std::begin(kFullMonths) + 1, std::end(kFullMonths));
    p = build(std::begin(kAmPm), std::end(kAmPm));
    return true;
  }();
  (void)init;
  switch (letter) {
    case 'a': return a;
    case 'A': return A;
    case 'b': return b;
    case 'B': return B;
    default: return p;
  }
}

ZoneNames make_zone_names(const TzState& tz) {
  ZoneNames z;
  z.tzname = tz.tzname;
  z.daylight = tz.daylight;
  auto add_unique = [](std::vector<std::string>& set, std::string v) {
    if (std::find(set.begin(), set.end(), v) == set.end()) set.push_back(std::move(v));
  };
  add_unique(z.no_saving, "utc");
  add_unique(z.no_saving, "gmt");
  add_unique(z.no_saving, ascii_lower(tz.tzname[0]));
  if (tz.daylight) add_unique(z.has_saving, ascii_lower(tz.tzname[1]));
  std::vector<std::string> all = z.no_saving;
  all.insert(all.end(), z.has_saving.begin(), z.has_saving.end());
  z.alternatives = name_alternatives(all);
  return z;
}

bool is_directive(char32_t c) noexcept {
  return c < 0x80 && c != 0 && std::strchr("dfHIGjmMSUwuVyYzAaBbpZ%WcxX", static_cast<int>(c)) != nullptr;
}

[[noreturn]] void bad_directive(std::string_view what, std::string_view format) {
  throw ValueError("'" + std::string(what) + "' is a bad directive in format '" + std::string(format) + "'");
}

// The regex text length (code points) and capturing groups of one directive, for the
// position in a PatternError.
struct GroupDef {
  char name;
  int number;
  std::size_t position;  // of the name, in the generated pattern
};

struct RegexLayout {
  std::size_t length = 0;
  int groups = 0;
  std::vector<GroupDef> defs;
};

void layout_format(std::u32string_view fmt, const ZoneNames& zone, RegexLayout& out);

void layout_directive(char d, const ZoneNames& zone, RegexLayout& out) {
  auto named = [&](std::size_t text_len, int extra_groups) {
    ++out.groups;
    out.defs.push_back({d, out.groups, out.length + 4});
    out.groups += extra_groups;
    out.length += text_len;
  };
  switch (d) {
    case '%':
      out.length += 1;
      return;
    case 'c':
    case 'x':
    case 'X': {
      const std::string_view sub = d == 'c' ? kLcDateTime : d == 'x' ? kLcDate : kLcTime;
      layout_format(decode(sub), zone, out);
      return;
    }
    case 'f': named(kRegexF.size(), 0); return;
    case 'z': named(kRegexZ.size(), 2); return;
    case 'a':
    case 'A':
    case 'b':
    case 'B':
    case 'p':
      named(seq_regex_length(name_table(d)), 0);
      return;
    case 'Z': {
      const std::size_t len = seq_regex_length(zone.alternatives);
      if (len == 0) return;  // no group at all
      named(len, 0);
      return;
    }
    default:
      for (const auto& s : simple_directives()) {
        if (s.letter == d) named(s.regex.size(), 0);
      }
  }
}

void layout_format(std::u32string_view fmt, const ZoneNames& zone, RegexLayout& out) {
  for (std::size_t i = 0; i < fmt.size();) {
    const char32_t c = fmt[i];
    if (is_space(c)) {
      while (i < fmt.size() && is_space(fmt[i])) ++i;
      out.length += 3;  // \s+
    } else if (c == '%') {
      layout_directive(static_cast<char>(fmt[i + 1]), zone, out);
      i += 2;
    } else {
      out.length += regex_special(c) ? 2U : 1U;
      ++i;
    }
  }
}

[[noreturn]] void raise_duplicate_group(std::u32string_view fmt, const ZoneNames& zone) {
  RegexLayout layout;
  layout_format(fmt, zone, layout);
  for (std::size_t i = 0; i < layout.defs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (layout.defs[j].name == layout.defs[i].name) {
        throw re::PatternError("redefinition of group name '" + std::string(1, layout.defs[i].name) +
                               "' as group " + std::to_string(layout.defs[i].number) + "; was group " +
                               std::to_string(layout.defs[j].number) + " at position " +
                               std::to_string(layout.defs[i].position));
      }
    }
  }
  throw re::PatternError("redefinition of group name");  // not reached
}

void compile_into(std::u32string_view fmt, Program& prog) {
  for (std::size_t i = 0; i < fmt.size();) {
    const char32_t c = fmt[i];
    if (is_space(c)) {
      while (i < fmt.size() && is_space(fmt[i])) ++i;
      prog.nodes.push_back({Node::space, 0, {}});
      continue;
    }
    if (c == '%') {
      const auto d = static_cast<char>(fmt[i + 1]);
      i += 2;
      if (d == '%') {
        prog.nodes.push_back({Node::literal, 0, Lit::of('%')});
      } else if (d == 'c' || d == 'x' || d == 'X') {
        compile_into(decode(d == 'c' ? kLcDateTime : d == 'x' ? kLcDate : kLcTime), prog);
      } else {
        if (d == 'Z') prog.uses_zone = true;
        const SimpleDirective* simple = nullptr;
        for (const auto& sd : simple_directives()) {
          if (sd.letter == d) simple = &sd;
        }
        prog.nodes.push_back({Node::directive, d, {}, simple});
      }
      continue;
    }
    prog.nodes.push_back({Node::literal, 0, Lit::of(c)});
    ++i;
  }
}

std::shared_ptr<const Program> compile(std::string_view format) {
  const std::u32string fmt = decode(format);
  // TimeRE.pattern(): the first bad directive, left to right.
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') continue;
    if (i + 1 == fmt.size()) throw ValueError("stray % in format '" + std::string(format) + "'");
    const char32_t d = fmt[i + 1];
    if (is_space(d) || regex_special(d)) bad_directive("%", format);
    if (!is_directive(d)) bad_directive(encode(std::u32string_view(&fmt[i + 1], 1)), format);
    ++i;
  }
  auto prog = std::make_shared<Program>();
  compile_into(fmt, *prog);
  prog->slot_conversion = true;
  for (std::size_t i = 0; i < prog->nodes.size(); ++i) {
    if (prog->nodes[i].kind != Node::directive) continue;
    prog->directives.push_back(static_cast<std::uint32_t>(i));
    const std::size_t k = std::string_view("YmdHMSj").find(prog->nodes[i].dir);
    if (k == std::string_view::npos) prog->slot_conversion = false;
    prog->slots.push_back(static_cast<std::uint8_t>(k));
  }
  // re.compile(): a group defined twice.
  std::string seen;
  bool duplicate = false;
  for (const Node& n : prog->nodes) {
    if (n.kind != Node::directive) continue;
    if (seen.find(n.dir) != std::string::npos) duplicate = true;
    seen.push_back(n.dir);
  }
  const bool needs_zone = prog->uses_zone || duplicate;
  if (needs_zone) {
    const TzState tz = tz_snapshot();
    prog->zone = make_zone_names(tz);
    prog->generation = tz.generation;
  }
  if (duplicate) raise_duplicate_group(fmt, prog->zone);
  return prog;
}

// A per-thread cache of compiled formats (CPython keeps a locked cache of 5 regexes).
// Entries that depend on the zone names are recompiled after tzset().
struct CacheEntry {
  std::string format;
  std::shared_ptr<const Program> program;
};
struct ThreadCache {
  static constexpr std::size_t kEntries = 8;
  std::array<CacheEntry, kEntries> entries;
  std::size_t next = 0;
};

// Reached through a plain pointer: a thread_local with a constructor is reached through a
// call (the TLS wrapper) on every access. The owner below, touched only when the cache is
// created, frees it when the thread ends.
thread_local ThreadCache* t_cache = nullptr;

ThreadCache& thread_cache() {
  if (t_cache == nullptr) [[unlikely]] {
    struct Owner {
      std::unique_ptr<ThreadCache> cache = std::make_unique<ThreadCache>();
      ~Owner() { t_cache = nullptr; }
    };
    thread_local Owner owner;
    t_cache = owner.cache.get();
  }
  return *t_cache;
}

// The returned program stays valid until the next lookup from this thread.
const Program& lookup(std::string_view format) {
  ThreadCache& cache = thread_cache();
  for (auto& e : cache.entries) {
    if (e.program != nullptr && _core::same_bytes(e.format, format)) {
      if (!e.program->uses_zone || e.program->generation == tz_generation()) return *e.program;
      e.program = compile(format);
      return *e.program;
    }
  }
  auto prog = compile(format);
  CacheEntry& slot = cache.entries[cache.next];
  cache.next = (cache.next + 1) % ThreadCache::kEntries;
  slot.format.assign(format);
  slot.program = std::move(prog);
  return *slot.program;
}

// --- matching -----------------------------------------------------------------------------

constexpr std::size_t kMaxCandidates = 40;

struct Frame {
  std::size_t start = 0;
  std::size_t end = 0;     // the candidate being tried
  std::uint8_t next = 0;   // the next alternative (or listed candidate) to try
  std::uint8_t count = 0;  // %f, %z: candidates listed in `ends`
  // space nodes: the shortest run end (candidates step back one code point at a time)
  std::size_t min_end = 0;
  std::size_t ends[kMaxCandidates];
};

struct Candidates {
  std::size_t* ends;
  std::uint8_t count = 0;
  void push(std::size_t e) noexcept {
    if (count < kMaxCandidates) ends[count++] = e;
  }
};

bool match_alternative(const Text& t, std::size_t pos, const Alternative& alt, std::size_t& end) noexcept {
  for (std::uint8_t i = 0; i < alt.size; ++i) {
    const Atom& a = alt.atoms[i];
    switch (a.kind) {
      case Atom::digit:
        if (!t.digit(pos, pos)) return false;
        break;
      case Atom::range:
        if (!t.ascii_in(pos, a.lo, a.hi)) return false;
        ++pos;
        break;
      case Atom::exact:
        if (!t.ascii_is(pos, a.lo)) return false;
        ++pos;
        break;
    }
  }
  end = pos;
  return true;
}

bool match_name(const Text& t, std::size_t pos, const Name& name, std::size_t& end) noexcept {
  for (const Lit& l : name.lits) {
    char32_t cp;
    std::size_t next;
    if (!t.at(pos, cp, next) || !l.matches(cp)) return false;
    pos = next;
  }
  end = pos;
  return true;
}

// [+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)
void z_candidates(const Text& t, std::size_t pos, Candidates& c) noexcept {
  std::size_t p = pos;
  if (t.ascii_is(p, '+') || t.ascii_is(p, '-')) {
    ++p;
    std::size_t p2, p3;
    if (t.digit(p, p2) && t.digit(p2, p3)) {
      for (int colon1 = 1; colon1 >= 0; --colon1) {
        std::size_t q = p3;
        if (colon1 != 0) {
          if (!t.ascii_is(q, ':')) continue;
          ++q;
        }
        if (!t.ascii_in(q, '0', '5')) continue;
        std::size_t q2;
        if (!t.digit(q + 1, q2)) continue;
        // The optional group, tried present first.
        for (int colon2 = 1; colon2 >= 0; --colon2) {
          std::size_t r = q2;
          if (colon2 != 0) {
            if (!t.ascii_is(r, ':')) continue;
            ++r;
          }
          if (!t.ascii_in(r, '0', '5')) continue;
          std::size_t r2;
          if (!t.digit(r + 1, r2)) continue;
          if (t.ascii_is(r2, '.')) {
            std::size_t digit_ends[6];
            int k = 0;
            std::size_t d = r2 + 1;
            while (k < 6 && t.digit(d, digit_ends[k])) d = digit_ends[k++];
            for (int i = k - 1; i >= 0; --i) c.push(digit_ends[i]);
          }
          c.push(r2);
        }
        c.push(q2);
      }
    }
  }
  if (t.ascii_is(pos, 'Z')) c.push(pos + 1);
}

class Matcher {
 public:
  Matcher(const Program& prog, std::string_view data, std::vector<Frame>& frames)
      : prog_(prog), text_{data}, frames_(frames) {}

  // re.match(): the end of the first match, or false.
  bool run(std::size_t& match_end);
  // The first path of the search without its machinery, for ASCII input: every node takes
  // its first candidate. When that path reaches the end it is the match run() finds (run()
  // also tries first candidates first); otherwise run() decides.
  bool run_first_path(std::size_t& match_end) noexcept;

  std::size_t group_start(std::size_t node) const noexcept { return frames_[node].start; }
  std::size_t group_end(std::size_t node) const noexcept { return frames_[node].end; }

 private:
  // The next candidate end of `node` (entered at f.start) after those already tried, in the
  // order the regular expression tries them; false when there is none left. Candidates are
  // produced one at a time: backtracking is rare, so most alternatives are never looked at.
  bool advance(std::size_t node, Frame& f) const noexcept;
  bool failed_before(std::size_t node, std::size_t pos) const;
  void remember_failure(std::size_t node, std::size_t pos);

  const Program& prog_;
  Text text_;
  std::vector<Frame>& frames_;  // per-thread scratch, reused
  std::size_t steps_ = 0;
  // (node, position) pairs known to fail; kept once the search gets long.
  struct Memo {
    std::vector<std::uint64_t> bits;
    std::unordered_set<std::uint64_t> set;
  };
  std::unique_ptr<Memo> memo_;
};

bool Matcher::advance(std::size_t node, Frame& f) const noexcept {
  const Node& n = prog_.nodes[node];
  const std::size_t pos = f.start;
  switch (n.kind) {
    case Node::literal: {
      if (f.next++ != 0) return false;
      char32_t cp;
      std::size_t next;
      if (!text_.at(pos, cp, next) || !n.lit.matches(cp)) return false;
      f.end = next;
      return true;
    }
    case Node::space: {
      // \s+ is greedy: the longest run first, then one code point shorter each time.
      if (f.next != 0) {
        if (f.end <= f.min_end) return false;
        f.end = text_.back(f.end);
        return true;
      }
      f.next = 1;
      char32_t cp;
      std::size_t next;
      if (!text_.at(pos, cp, next) || !is_space(cp)) return false;
      f.min_end = next;
      std::size_t end = next;
      while (text_.at(end, cp, next) && is_space(cp)) end = next;
      f.end = end;
      return true;
    }
    case Node::directive:
      break;
  }
  switch (n.dir) {
    case 'f':
    case 'z': {
      if (f.next == 0) {
        Candidates c{f.ends, 0};
        if (n.dir == 'z') {
          z_candidates(text_, pos, c);
        } else {
          int k = 0;
          while (k < 6 && text_.ascii_in(pos + static_cast<std::size_t>(k), '0', '9')) ++k;
          for (int i = k; i >= 1; --i) c.push(pos + static_cast<std::size_t>(i));
        }
        f.count = c.count;
      }
      if (f.next >= f.count) return false;
      f.end = f.ends[f.next++];
      return true;
    }
    case 'a':
    case 'A':
    case 'b':
    case 'B':
    case 'p':
    case 'Z': {
      const auto& names = n.dir == 'Z' ? prog_.zone.alternatives : name_table(n.dir);
      while (f.next < names.size()) {
        if (match_name(text_, pos, names[f.next++], f.end)) return true;
      }
      return false;
    }
    default: {
      const auto& alts = n.simple->alternatives;
      while (f.next < alts.size()) {
        if (match_alternative(text_, pos, alts[f.next++], f.end)) return true;
      }
      return false;
    }
  }
}

bool Matcher::failed_before(std::size_t node, std::size_t pos) const {
  if (memo_ == nullptr) return false;
  const std::uint64_t key = static_cast<std::uint64_t>(node) * (text_.s.size() + 1) + pos;
  if (!memo_->bits.empty()) return (memo_->bits[key / 64] >> (key % 64)) & 1U;
  return memo_->set.contains(key);
}

void Matcher::remember_failure(std::size_t node, std::size_t pos) {
  if (memo_ == nullptr) return;
  const std::uint64_t key = static_cast<std::uint64_t>(node) * (text_.s.size() + 1) + pos;
  if (!memo_->bits.empty()) {
    memo_->bits[key / 64] |= std::uint64_t{1} << (key % 64);
  } else {
    memo_->set.insert(key);
  }
}

// The first candidate of a numeric directive on ASCII input, hand-written from CPython's
// patterns (tests check it against the parsed patterns for every short input): the end, or
// npos when no alternative matches.
inline std::size_t first_numeric(char d, std::string_view s, std::size_t pos) noexcept {
  constexpr std::size_t kNo = std::string_view::npos;
  auto at = [&](std::size_t k) -> char { return pos + k < s.size() ? s[pos + k] : '\0'; };
  auto dig = [](char c) { return c >= '0' && c <= '9'; };
  auto in = [](char c, char lo, char hi) { return c >= lo && c <= hi; };
  const char c0 = at(0), c1 = at(1);
  switch (d) {
    case 'Y':
    case 'G':
      return dig(c0) && dig(c1) && dig(at(2)) && dig(at(3)) ? pos + 4 : kNo;
    case 'y':
      return dig(c0) && dig(c1) ? pos + 2 : kNo;
    case 'm':
    case 'I':  // 1[0-2]|0[1-9]|[1-9]
      if ((c0 == '1' && in(c1, '0', '2')) || (c0 == '0' && in(c1, '1', '9'))) return pos + 2;
      return in(c0, '1', '9') ? pos + 1 : kNo;
    case 'd':  // 3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9]
      if ((c0 == '3' && in(c1, '0', '1')) || (in(c0, '1', '2') && dig(c1)) || (c0 == '0' && in(c1, '1', '9'))) {
        return pos + 2;
      }
      if (in(c0, '1', '9')) return pos + 1;
      return c0 == ' ' && in(c1, '1', '9') ? pos + 2 : kNo;
    case 'H':  // 2[0-3]|[0-1]\d|\d
      if ((c0 == '2' && in(c1, '0', '3')) || (in(c0, '0', '1') && dig(c1))) return pos + 2;
      return dig(c0) ? pos + 1 : kNo;
    case 'M':  // [0-5]\d|\d
      if (in(c0, '0', '5') && dig(c1)) return pos + 2;
      return dig(c0) ? pos + 1 : kNo;
    case 'S':  // 6[0-1]|[0-5]\d|\d
      if ((c0 == '6' && in(c1, '0', '1')) || (in(c0, '0', '5') && dig(c1))) return pos + 2;
      return dig(c0) ? pos + 1 : kNo;
    default:
      return kNo - 1;  // not hand-written here
  }
}

bool Matcher::run_first_path(std::size_t& match_end) noexcept {
  const std::size_t n = prog_.nodes.size();
  const std::string_view s = text_.s;
  std::size_t pos = 0;
  for (std::size_t node = 0; node < n; ++node) {
    const Node& nd = prog_.nodes[node];
    Frame& f = frames_[node];
    f.start = pos;
    if (nd.kind == Node::literal) {
      if (pos >= s.size() || nd.lit.lo >= 0x80) return false;
      const auto c = static_cast<unsigned char>(s[pos]);
      const char32_t lower = c >= 'A' && c <= 'Z' ? c + 32U : c;
      if (lower != nd.lit.lo) return false;  // (or an extra case equivalent: run() decides)
      pos = f.end = pos + 1;
      continue;
    }
    if (nd.kind == Node::space) {
      std::size_t end = pos;
      while (end < s.size() && is_space(static_cast<unsigned char>(s[end]))) ++end;
      if (end == pos) return false;
      pos = f.end = end;
      continue;
    }
    const std::size_t end = first_numeric(nd.dir, s, pos);
    if (end == std::string_view::npos) return false;
    if (end == std::string_view::npos - 1) {
      // Other directives: their first candidate, the general way.
      f.next = 0;
      f.count = 0;
      if (!advance(node, f)) return false;
      pos = f.end;
      continue;
    }
    pos = f.end = end;
  }
  match_end = pos;
  return true;
}

bool Matcher::run(std::size_t& match_end) {
  const std::size_t n = prog_.nodes.size();
  if (frames_.size() < n + 1) frames_.resize(n + 1);
  bool ascii = g_fast_paths.load(std::memory_order_relaxed);
  for (const char c : text_.s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii && run_first_path(match_end)) return true;
  std::size_t node = 0;
  std::size_t pos = 0;
  for (;;) {
    // Enter `node` at `pos`.
    if (node == n) {
      match_end = pos;
      return true;
    }
    if (!failed_before(node, pos)) {
      Frame& f = frames_[node];
      f.start = pos;
      f.next = 0;
      f.count = 0;
      if (advance(node, f)) {
        pos = f.end;
        ++node;
        continue;
      }
      remember_failure(node, pos);
    }
    // Backtrack to the nearest node with another candidate.
    for (;;) {
      if (node == 0) return false;
      --node;
      Frame& f = frames_[node];
      if (++steps_ == 4096 && memo_ == nullptr) {
        memo_ = std::make_unique<Memo>();
        const std::uint64_t bits = static_cast<std::uint64_t>(n) * (text_.s.size() + 1);
        if (bits <= (std::uint64_t{1} << 26)) memo_->bits.assign((bits + 63) / 64, 0);
      }
      if (advance(node, f)) {
        pos = f.end;
        ++node;
        break;
      }
      remember_failure(node, f.start);
    }
  }
}

// --- conversion (the body of _strptime) ---------------------------------------------------

// int() of a matched group: Unicode digits, an optional leading space (%d's " [1-9]").
[[gnu::noinline]] int to_int_unicode(const Text& t, std::size_t start, std::size_t end) noexcept {
  int v = 0;
  for (std::size_t p = start; p < end;) {
    char32_t cp = 0;
    std::size_t next = end;
    t.at(p, cp, next);
    const int d = digit_value(cp);
    if (d >= 0) v = v * 10 + d;
    p = next;
  }
  return v;
}

inline int to_int(const Text& t, std::size_t start, std::size_t end) noexcept {
  int v = 0;
  for (std::size_t p = start; p < end; ++p) {
    const auto c = static_cast<unsigned char>(t.s[p]);
    if (c - static_cast<unsigned>('0') <= 9U) {
      v = v * 10 + (c - '0');
    } else if (c != ' ') {
      return to_int_unicode(t, start, end);
    }
  }
  return v;
}

// str.lower() of a matched name (ASCII, plus the few non-ASCII characters `re` lets match an
// ASCII letter).
std::string python_lower(std::string_view s) {
  std::string out;
  for (std::size_t p = 0; p < s.size();) {
    const auto b = static_cast<unsigned char>(s[p]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++p;
      continue;
    }
    const std::size_t start = p;
    const char32_t cp = _core::decode_code_point(s, p);
    const Lookalike* hit = nullptr;
    for (const auto& l : kNameLookalikes) {
      if (l.cp == cp) hit = &l;
    }
    if (hit != nullptr) {
      out += hit->lower_utf8;
    } else {
      out.append(s.substr(start, p - start));
    }
  }
  return out;
}

template <std::size_t N>
int index_in(const std::string_view (&list)[N], std::string_view matched) {
  const std::string lowered = python_lower(matched);
  for (std::size_t i = 0; i < N; ++i) {
    if (list[i] == lowered) return static_cast<int>(i);
  }
  throw ValueError(_core::repr_str(lowered) + " is not in list");
}

// datetime.date(year, month, day) checks.
void check_date(std::int64_t year, int month, int day) {
  if (year < 1 || year > 9999) throw ValueError("year " + std::to_string(year) + " is out of range");
  if (month < 1 || month > 12) throw ValueError("month must be in 1..12");
  if (day < 1 || day > days_in_month(year, month)) throw ValueError("day is out of range for month");
}

std::int64_t date_ordinal(std::int64_t year, int month, int day) {
  check_date(year, month, day);
  return to_ordinal(year, month, day);
}

Civil date_from_ordinal(std::int64_t n) {
  if (n < 1) throw ValueError("ordinal must be >= 1");
  const Civil c = from_ordinal(n);
  if (c.year > 9999) throw ValueError("year " + std::to_string(c.year) + " is out of range");
  return c;
}

// datetime.date.fromisocalendar(year, week, day)
Civil from_iso_calendar(std::int64_t year, int week, int day) {
  if (year < 1 || year > 9999) throw ValueError("Year is out of range: " + std::to_string(year));
  if (week <= 0 || week >= 53) {
    bool out_of_range = true;
    if (week == 53) {
      // ISO years have 53 weeks when they start on a Thursday, or on a Wednesday in a leap year.
      const int first_weekday = weekday_of_ordinal(to_ordinal(year, 1, 1));
      if (first_weekday == 3 || (first_weekday == 2 && is_leap(year))) out_of_range = false;
    }
    if (out_of_range) throw ValueError("Invalid week: " + std::to_string(week));
  }
  if (day <= 0 || day >= 8) {
    throw ValueError("Invalid weekday: " + std::to_string(day) + " (range is [1, 7])");
  }
  const std::int64_t first_day = to_ordinal(year, 1, 1);
  const int first_weekday = weekday_of_ordinal(first_day);
  std::int64_t week1_monday = first_day - first_weekday;
  if (first_weekday > 3) week1_monday += 7;
  const Civil c = from_ordinal(week1_monday + (week - 1) * 7 + (day - 1));
  if (c.year < 1 || c.year > 9999) throw ValueError("year " + std::to_string(c.year) + " is out of range");
  return c;
}

int calc_julian_from_u_or_w(std::int64_t year, int week_of_year, int day_of_week, bool week_starts_mon) {
  int first_weekday = weekday_of_ordinal(date_ordinal(year, 1, 1));
  if (!week_starts_mon) {
    first_weekday = (first_weekday + 1) % 7;
    day_of_week = (day_of_week + 1) % 7;
  }
  const int week_0_length = (7 - first_weekday) % 7;
  if (week_of_year == 0) return 1 + day_of_week - first_weekday;
  const int days_to_week = week_0_length + (7 * (week_of_year - 1));
  return 1 + days_to_week + day_of_week;
}

// Formats of literals, whitespace and %Y %m %d %H %M %S %j on ASCII input, matched and
// converted in one pass along the first path of the search (each directive's first
// alternative, each whitespace run whole). True when that path matches the whole input,
// which makes it the match re would find; otherwise the general matcher runs.
//
// A byte >= 0x80 can be consumed by nothing here (literals compare ASCII bytes, whitespace
// and digits are ASCII), so non-ASCII input always goes to the general matcher.
bool match_simple(const Program& prog, std::string_view s, int values[7], unsigned& present_out) noexcept {
  unsigned present = 0;
  std::size_t pos = 0;
  std::size_t k = 0;
  for (const Node& nd : prog.nodes) {
    if (nd.kind == Node::literal) {
      if (pos >= s.size() || nd.lit.lo >= 0x80) return false;
      const auto c = static_cast<unsigned char>(s[pos]);
      if ((c >= 'A' && c <= 'Z' ? c + 32U : c) != nd.lit.lo) return false;
      ++pos;
    } else if (nd.kind == Node::space) {
      const std::size_t start = pos;
      while (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80 &&
             is_space(static_cast<unsigned char>(s[pos]))) {
        ++pos;
      }
      if (pos == start) return false;
    } else {
      std::size_t end;
      if (nd.dir == 'j') {
        // 36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9]
        end = std::string_view::npos;
        for (const Alternative& alt : nd.simple->alternatives) {
          if (match_alternative(Text{s}, pos, alt, end)) break;
          end = std::string_view::npos;
        }
      } else {
        end = first_numeric(nd.dir, s, pos);
      }
      if (end == std::string_view::npos) return false;
      int v = 0;
      for (; pos < end; ++pos) {
        const char c = s[pos];
        if (c != ' ') v = v * 10 + (c - '0');
      }
      const unsigned slot = prog.slots[k++];
      values[slot] = v;
      present |= 1U << slot;
    }
  }
  present_out = present;
  return pos == s.size();
}

}  // namespace

StrptimeResult strptime_full(std::string_view data, std::string_view format) {
  StrptimeResult r;
  r.tm = strptime_tm(data, format, &r.fraction, &r.gmtoff_fraction);
  return r;
}

struct_time strptime_tm(std::string_view data, std::string_view format, int* fraction_out,
                        int* gmtoff_fraction_out) {
  const Program& program = lookup(format);
  const Program* const prog = &program;
  // values for the slot conversion: year, month, day, hour, minute, second, julian
  int values[7] = {0, 1, 1, 0, 0, 0, 0};
  unsigned present = 0;
  const bool simple = prog->slot_conversion && g_fast_paths.load(std::memory_order_relaxed) &&
                      match_simple(*prog, data, values, present);
  thread_local std::vector<Frame> frames;
  std::optional<Matcher> matcher;
  if (!simple) matcher.emplace(program, data, frames);
  Matcher* const m = matcher ? &*matcher : nullptr;  // set whenever groups are read
  if (!simple) {
    std::size_t end = 0;
    if (!m->run(end)) {
      throw ValueError("time data " + _core::repr_str(data) + " does not match format " +
                       _core::repr_str(format));
    }
    if (end != data.size()) throw ValueError("unconverted data remains: " + std::string(data.substr(end)));
  }

  const Text t{data};
  std::optional<std::int64_t> iso_year, year;
  int month = 1, day = 1;
  int hour = 0, minute = 0, second = 0, fraction = 0;
  int tz = -1;
  std::optional<long> gmtoff;
  int gmtoff_fraction = 0;
  std::optional<int> iso_week, week_of_year;
  int week_of_year_start = -1;
  std::optional<int> weekday;
  std::optional<std::int64_t> julian;
  std::optional<std::string> tzname;

  // The group of directive `d`, if the format has one.
  auto group = [&](char d, std::string_view& out) {
    for (std::size_t i = 0; i < prog->nodes.size(); ++i) {
      const Node& n = prog->nodes[i];
      if (n.kind == Node::directive && n.dir == d) {
        out = data.substr(m->group_start(i), m->group_end(i) - m->group_start(i));
        return true;
      }
    }
    return false;
  };

  if (prog->slot_conversion) {
    for (std::size_t k = 0; k < prog->directives.size() && !simple; ++k) {
      const std::uint32_t i = prog->directives[k];
      values[prog->slots[k]] = to_int(t, m->group_start(i), m->group_end(i));
      present |= 1U << prog->slots[k];
    }
    if (present & 1U) year = values[0];
    month = values[1];
    day = values[2];
    hour = values[3];
    minute = values[4];
    second = values[5];
    if (present & 64U) julian = values[6];
  }
  const std::span<const std::uint32_t> general =
      prog->slot_conversion ? std::span<const std::uint32_t>() : std::span<const std::uint32_t>(prog->directives);
  for (const std::uint32_t i : general) {
    const Node& n = prog->nodes[i];
    const std::size_t gs = m->group_start(i), ge = m->group_end(i);
    const std::string_view text = data.substr(gs, ge - gs);
    switch (n.dir) {
      case 'y': {
        // %y: 69-99 is 1969-1999, 00-68 is 2000-2068 (the Open Group's rule).
        const int v = to_int(t, gs, ge);
        year = v <= 68 ? v + 2000 : v + 1900;
        break;
      }
      case 'Y': year = to_int(t, gs, ge); break;
      case 'G': iso_year = to_int(t, gs, ge); break;
      case 'm': month = to_int(t, gs, ge); break;
      case 'B': month = index_in(kFullMonths, text); break;
      case 'b': month = index_in(kAbbrMonths, text); break;
      case 'd': day = to_int(t, gs, ge); break;
      case 'H': hour = to_int(t, gs, ge); break;
      case 'I': {
        hour = to_int(t, gs, ge);
        std::string_view p;
        const std::string ampm = group('p', p) ? python_lower(p) : std::string();
        if (ampm.empty() || ampm == kAmPm[0]) {
          // 12 midnight == 12 AM == hour 0
          if (hour == 12) hour = 0;
        } else if (ampm == kAmPm[1]) {
          // 12 noon == 12 PM == hour 12
          if (hour != 12) hour += 12;
        }
        break;
      }
      case 'M': minute = to_int(t, gs, ge); break;
      case 'S': second = to_int(t, gs, ge); break;
      case 'f': {
        std::string s(text);
        s.append(6 - s.size(), '0');
        fraction = std::stoi(s);
        break;
      }
      case 'A': weekday = index_in(kFullWeekdays, text); break;
      case 'a': weekday = index_in(kAbbrWeekdays, text); break;
      case 'w': {
        const int v = to_int(t, gs, ge);
        weekday = v == 0 ? 6 : v - 1;
        break;
      }
      case 'u': weekday = to_int(t, gs, ge) - 1; break;
      case 'j': julian = to_int(t, gs, ge); break;
      case 'U':
      case 'W':
        week_of_year = to_int(t, gs, ge);
        // U starts the week on Sunday, W on Monday.
        week_of_year_start = n.dir == 'U' ? 6 : 0;
        break;
      case 'V': iso_week = to_int(t, gs, ge); break;
      case 'z': {
        if (text == "Z") {
          gmtoff = 0;
          break;
        }
        // Indexing is by code point, as in Python.
        const std::u32string original = decode(text);
        std::u32string z = original;
        if (z[3] == ':') {
          z.erase(3, 1);
          if (z.size() > 5) {
            if (z[5] != ':') {
              throw ValueError("Inconsistent use of : in " + std::string(text));
            }
            z.erase(5, 1);
          }
        }
        auto int_of = [](std::u32string_view s) {
          int v = 0;
          for (char32_t c : s) {
            const int d = digit_value(c);
            if (d < 0) {
              throw ValueError("invalid literal for int() with base 10: " + _core::repr_str(s));
            }
            v = v * 10 + d;
          }
          return v;
        };
        const int hours = int_of(std::u32string_view(z).substr(1, 2));
        const int minutes = int_of(std::u32string_view(z).substr(3, 2));
        const std::u32string_view sec_part = std::u32string_view(z).substr(std::min<std::size_t>(5, z.size()), 2);
        const int seconds = sec_part.empty() ? 0 : int_of(sec_part);
        long off = hours * 3600L + minutes * 60L + seconds;
        std::u32string rest = z.size() > 8 ? z.substr(8) : std::u32string();
        rest.append(6 - std::min<std::size_t>(6, rest.size()), U'0');
        int frac = int_of(rest);
        if (z[0] == '-') {
          off = -off;
          frac = -frac;
        }
        gmtoff = off;
        gmtoff_fraction = frac;
        break;
      }
      case 'Z': {
        const std::string found_zone = python_lower(text);
        const auto& zone = prog->zone;
        const std::vector<std::string>* sets[] = {&zone.no_saving, &zone.has_saving};
        for (int value = 0; value < 2; ++value) {
          const auto& set = *sets[value];
          if (std::find(set.begin(), set.end(), found_zone) == set.end()) continue;
          // tzname[0] == tzname[1] with daylight set is too ambiguous to decide.
          if (!(zone.tzname[0] == zone.tzname[1] && zone.daylight != 0 && found_zone != "utc" &&
                found_zone != "gmt")) {
            tz = value;
          }
          break;
        }
        tzname = std::string(text);
        break;
      }
      default: break;  // %% has no group
    }
  }

  // The cases where ambiguities arise; ISO week and year have no defaults.
  if (iso_year) {
    if (julian) {
      throw ValueError("Day of the year directive '%j' is not compatible with ISO year directive "
                       "'%G'. Use '%Y' instead.");
    }
    if (!iso_week || !weekday) {
      throw ValueError("ISO year directive '%G' must be used with the ISO week directive '%V' and a "
                       "weekday directive ('%A', '%a', '%w', or '%u').");
    }
  } else if (iso_week) {
    if (!year || !weekday) {
      throw ValueError("ISO week directive '%V' must be used with the ISO year directive '%G' and a "
                       "weekday directive ('%A', '%a', '%w', or '%u').");
    }
    throw ValueError("ISO week directive '%V' is incompatible with the year directive '%Y'. Use the "
                     "ISO year '%G' instead.");
  }

  bool leap_year_fix = false;
  if (!year) {
    if (month == 2 && day == 29) {
      year = 1904;  // the first leap year of the 20th century
      leap_year_fix = true;
    } else {
      year = 1900;
    }
  }

  // With the week of the year and the day of the week, the day of the year follows.
  if (!julian && weekday) {
    if (week_of_year) {
      julian = calc_julian_from_u_or_w(*year, *week_of_year, *weekday, week_of_year_start == 0);
    } else if (iso_year && iso_week) {
      const Civil c = from_iso_calendar(*iso_year, *iso_week, *weekday + 1);
      year = c.year;
      month = c.month;
      day = c.day;
    }
    if (julian && *julian <= 0) {
      *year -= 1;
      *julian += is_leap(*year) ? 366 : 365;
    }
  }

  std::int64_t ordinal;
  if (!julian) {
    ordinal = date_ordinal(*year, month, day);
    constexpr int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    julian = kDaysBefore[month - 1] + day + (month > 2 && is_leap(*year) ? 1 : 0);
  } else {
    ordinal = (*julian - 1) + date_ordinal(*year, 1, 1);
    const Civil c = date_from_ordinal(ordinal);
    year = c.year;
    month = c.month;
    day = c.day;
  }
  if (!weekday) weekday = weekday_of_ordinal(ordinal);

  if (leap_year_fix) {
    // No year was given but February 29th was asked for: 1904 was only used for the
    // computations; 1900 keeps February 29th before March 1st.
    year = 1900;
  }

  if (fraction_out != nullptr) *fraction_out = fraction;
  if (gmtoff_fraction_out != nullptr) *gmtoff_fraction_out = gmtoff_fraction;
  // Field by field (an aggregate initialization makes GCC clear the whole struct first
  // with `rep stos`, which costs more than the rest of this function).
  struct_time r;
  r.tm_year = static_cast<int>(*year);
  r.tm_mon = month;
  r.tm_mday = day;
  r.tm_hour = hour;
  r.tm_min = minute;
  r.tm_sec = second;
  r.tm_wday = *weekday;
  r.tm_yday = static_cast<int>(*julian);
  r.tm_isdst = tz;
  if (tzname) r.tm_zone = std::move(tzname);
  // Field by field: copying a whole std::optional<long> built on the stack costs a
  // store-forwarding stall (its value and flag are stored apart, then loaded as one block).
  if (gmtoff) r.tm_gmtoff.emplace(*gmtoff);
  return r;
}

}  // namespace pyos::time::detail

namespace pyos::time {

struct_time strptime(std::string_view string, std::string_view format) {
  return detail::strptime_tm(string, format, nullptr, nullptr);
}

}  // namespace pyos::time
