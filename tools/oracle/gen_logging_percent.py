"""Golden vectors for logging's values: Python's `str % args` and str/repr/ascii of values.

tests/golden/logging/percent.json
  values   the typed values every case refers to by index, each with its str(), repr(),
           ascii(), type name and truth value
  numbers  repr() and format(x, '.N') of doubles (numbers.hpp's append_float_general)
  cases    fmt % args: the output, or the exception class and message. "args" is a tuple
           (a list of value indexes), "arg" a single non-tuple argument (one index).

Encodings (so that the C++ test can rebuild each value exactly):
  {"none": null} {"bool": b} {"int": "decimal"} (fits int64) {"uint": "decimal"} (above
  INT64_MAX) {"float": float.hex()} {"str": text} or {"str_hex": UTF-8 bytes, undecodable
  bytes as themselves (surrogateescape)} {"bytes_hex": hex} {"dict": [[key, value], ...]} (keys encoded as str values)
  {"object": "Point" | "Label"} (classes defined below and mirrored by the C++ test).
Text results: "out"/"message" when strict UTF-8, else "out_hex"/"message_hex" with lone
surrogates \\udc80-\\udcff as the byte they escape and other surrogates as their 3-byte form
(what pyos writes for them).

Widths and precisions stay at or below pyos's kMaxWidth (65536): above it pyos raises
ValueError by design (percent.hpp), which a unit test covers.
"""
import random
import re
import struct

import oracle

oracle.check_interpreter()
rng = random.Random(20261122)
INT64_MIN, INT64_MAX, UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1


class Point:
    """A C++ object with operator<< and pyos_repr (tests/logging/values_test.hpp)."""

    def __str__(self):
        return "(1, 2)"

    def __repr__(self):
        return "Point(x=1, y=2)"


class Label:
    """A C++ object with operator<< only: its repr() is its str()."""

    def __str__(self):
        return "\u00e9tiquette"

    __repr__ = __str__


to_bytes = oracle.pyos_bytes


def text(key, s):
    try:
        s.encode("utf-8")
        return {key: s}
    except UnicodeEncodeError:
        return {key + "_hex": to_bytes(s).hex()}


def enc(v):
    if v is None:
        return {"none": None}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        if INT64_MIN <= v <= INT64_MAX:
            return {"int": str(v)}
        assert 0 <= v <= UINT64_MAX
        return {"uint": str(v)}
    if isinstance(v, float):
        return {"float": v.hex()}
    if isinstance(v, str):
        return text("str", v)
    if isinstance(v, bytes):
        return {"bytes_hex": v.hex()}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    return {"object": type(v).__name__}


def sesc(b):
    return b.decode("utf-8", "surrogateescape")


INTS = [0, 1, -1, 7, -42, 255, 4096, 123456789, -987654321, INT64_MAX, INT64_MIN, 2**63, UINT64_MAX,
        True, False]
FLOATS = [0.0, -0.0, 1.0, 1.5, -2.5, 0.5, 2.5, 0.1, 1 / 3, 1e16, 1e15, 1e-5, 1e-4, 123456.789, 1e22,
          1e300, -1e-300, 5e-324, 1.7976931348623157e308, 9.9999999, 0.000123456, -1234567.0,
          float("inf"), float("-inf"), float("nan")]
STRS = ["", "a", "x", "abc", "h\u00e9llo", "\u20ac", "\U0001f600", "it's", '"q"', "both'\"", "tab\tnl\n",
        "\x00\x7f", "\u200b", "\u00e9", "\\", "A" * 40, "%s", sesc(b"caf\xff"), sesc(b"\xe2\x82"),
        sesc(b"\xff"), "a\u0301"]
# (A str with a lone surrogate other than \udc80-\udcff has no pyos form: pyos's str is UTF-8
# bytes, where only undecodable bytes stand for surrogates. %c of such a code point is covered.)
BYTES = [b"", b"ab", b"\xff'\"", b"\x00\n\t", b"x"]
DICTS = [{}, {"a": 1, "b": "x"}, {"a": 1.5, "a(b)c": "paren", "": "empty", "k": None, "t": True},
         {"name": "h\u00e9", "n": -3, "f": 0.25, "by": b"\x01", "d": {"x": [1][0], "y": "z"}},
         {"width": 6, "neg": -6, "big": UINT64_MAX, "pi": 3.14159, "s": "\U0001f600"}]
OBJECTS = [Point(), Label()]
VALUES = [None] + INTS + FLOATS + STRS + BYTES + DICTS + OBJECTS


def index_of(v):
    """The value's index in VALUES, appending it when it is new (a case's own dict)."""
    for i, x in enumerate(VALUES):
        if type(x) is type(v) and (x is v or (x == v and repr(x) == repr(v))):
            return i
    VALUES.append(v)
    return len(VALUES) - 1


cases = []
seen = set()


def case(fmt, args, tuple_args=True):
    """fmt % args; `args` a list of values (a tuple) or, with tuple_args False, one value."""
    key = (fmt, tuple(map(index_of, args)) if tuple_args else index_of(args), tuple_args)
    if key in seen:
        return
    seen.add(key)
    c = text("fmt", fmt)
    if tuple_args:
        c["args"] = [index_of(a) for a in args]
        operand = tuple(args)
    else:
        c["arg"] = index_of(args)
        operand = args
    try:
        c.update(text("out", fmt % operand))
    except (TypeError, ValueError, KeyError, OverflowError) as e:
        c["error"] = type(e).__name__
        c.update(text("message", str(e)))
    cases.append(c)


NUMERIC_WRONG = ["abc", None, b"ab", {"a": 1, "b": "x"}, OBJECTS[0]]
STARS = {"*": [7], "-*": [-9], ".*": [3], "*.*": [12, 2]}

# Text conversions: every value, through widths and precisions (counted in characters).
for conv in "sra":
    for flags in ["", "-", "0"]:
        for wp in ["", "5", "12", ".0", ".2", "8.3", "-20", "*", ".*"]:
            for v in VALUES:
                fmt = "%" + flags + wp + conv
                stars = STARS.get(wp.lstrip("-"), [])
                case(fmt, stars + [v])

INT_FLAGS = ["", "-", "+", " ", "#", "0", "-0", "+0", "#0", "- #"]
INT_WP = ["", "1", "6", "20", ".0", ".3", "8.4", "-12", "*", "*.*"]
for conv in "doxX":
    for flags in INT_FLAGS:
        for wp in INT_WP:
            # %o %x %X refuse every float alike, so fewer of them there.
            floats = FLOATS[:8] + FLOATS[-6:] if conv == "d" else FLOATS[3:5]
            for v in INTS + floats + NUMERIC_WRONG:
                stars = STARS.get(wp.lstrip("-"), [])
                case("%" + flags + wp + conv, stars + [v])
for conv in "iu":
    for flags in ["", "+0", "#"]:
        for wp in ["", "5", ".3"]:
            for v in INTS + FLOATS + NUMERIC_WRONG:
                case("%" + flags + wp + conv, [v])

FLOAT_WP = ["", "1", "10", ".0", ".1", ".3", ".17", "12.4", "-12.2", "*.*"]
for conv in "efg":
    for flags in INT_FLAGS:
        for wp in FLOAT_WP:
            for v in FLOATS + [0, -42, INT64_MAX, UINT64_MAX, True] + NUMERIC_WRONG[:3]:
                stars = STARS.get(wp.lstrip("-"), [])
                case("%" + flags + wp + conv, stars + [v])
for conv in "EFG":
    for flags in ["", "#", "+0", "-"]:
        for wp in ["", ".0", "12.3", ".20"]:
            for v in FLOATS + [1, "x"]:
                case("%" + flags + wp + conv, [v])
# Huge precisions: every digit of a double's exact expansion, then zeros.
for conv in "efg":
    for prec in [100, 766, 767, 768, 1074, 1075, 1100]:
        for v in [FLOATS[17], FLOATS[18], FLOATS[7]]:
            case("%#." + str(prec) + conv, [v])
            case("%." + str(prec) + conv, [v])

# %c: a character, an int code point, or an error.
CHARS = ["a", "\u00e9", "\u20ac", "\U0001f600", "", "ab", sesc(b"\xff"), "\n", 65, 0, 0x20AC, 0x1F600,
         0x10FFFF, 0x110000, -1, INT64_MAX, INT64_MIN, UINT64_MAX, 0xDCFF, 0xD800, True, 1.5, None,
         b"a", {}, Point()]
for v in CHARS:
    for spec in ["%c", "%5c", "%-5c", "%05c", "%.0c", "%+c", "%*c"]:
        case(spec, ([4] if "*" in spec else []) + [v])

# '*' arguments: sign, type and range. A width beyond kMaxWidth that CPython accepts (it only
# refuses one beyond ssize_t) is pyos's documented ValueError, so such cases are left out; so
# is a precision beyond kMaxWidth that fits a C int.
def star_ok(star, as_width):
    if isinstance(star, bool) or not isinstance(star, int):
        return True
    if as_width:
        return abs(star) <= 65536 or star > INT64_MAX
    return star <= 65536 or not -(2**31) <= star < 2**31


for star in [7, -7, 0, True, False, 1.5, "3", None, 1000, -300, 65537, -65537, 2**31 - 1, 2**31,
             -(2**31), -(2**31) - 1, INT64_MAX, INT64_MIN, 2**63, UINT64_MAX]:
    for fmt, args in [("%*d", [star, 5]), ("%*s", [star, "ab"]), ("%-*x", [star, 255]),
                      ("%*", [star]), ("%*.*f", [star, 2, 2.5]), ("%*.*f", [3, star, 2.5]),
                      ("%.*f", [star, 2.5]), ("%.*s", [star, "abc"]), ("%.*", [star])]:
        width_star = "*" in fmt.split(".")[0] and args[0] is star
        if star_ok(star, width_star):
            case(fmt, args)
    if star_ok(star, True):
        case("%(a)*d", {"a": star}, tuple_args=False)

# Mapping keys, nested parentheses, and dicts versus other single arguments.
MAP_FORMATS = ["%(a)s", "%(b)r", "%(a)05d|%(b)-4s|", "%(a(b)c)s", "%()s", "%(k)s %(t)s", "%(a)s %s",
               "%s %(a)s", "%(a)s%%", "%(missing)s", "%(a", "%(a(b)s", "%(a)", "%(a)*d", "%(a)y",
               "%(name)s=%(n)+d %(f).3e %(by)r %(d)s %(name)a", "%(width)*d", "%(pi)*.*f",
               "%(big)x %(big)d", "%(s)5s|%(s).1s|%(s)a", "%(a)s %(a)d %(a)f", "%s", "%r", "%a", "%d",
               "%f", "%c", "%x", "no specs", "%%", "%(a)s %(b)s %(c)s", "%(a)s %(b)", "%(\u00e9)s",
               "%(a) s", "%(a)#x", "%(a)-#5x|", "%(width)s %(neg)s", "%(a)%", "%5%", "%-5%",
               "%(neg)c", "%(n)c", "%(s)c", "%(t)c", "%(s)d"]
for d in DICTS:
    for fmt in MAP_FORMATS:
        case(fmt, d, tuple_args=False)
for v in VALUES:
    for fmt in ["%s", "%r", "%(a)s", "no specs", "%s %s", "%d", "%%", ""]:
        case(fmt, v, tuple_args=False)
for args in [[], [1], [1, 2], ["a", "b", "c"], [{"a": 1, "b": "x"}], [b"ab"]]:
    for fmt in ["", "x", "%s", "%s %s", "%(a)s", "%%", "%s%%%s", "%*s", "%y"]:
        case(fmt, args)

# Parse errors and their order against argument errors.
BAD = ["%", "abc%", "%-", "%5", "%.", "%5.", "%.3", "%*", "%.*", "%l", "%5l", "%h", "%ld", "%lld",
       "%hs", "%Lf", "%y", "%5y", "%-#y", "%\u20ac", "x\u20ac%\u20ac", "%\U0001f600", "\U0001f600%q",
       "%\x01", "%\x7f", "% ", "%\n", "%#", "%0", "%00", "%+", "%5.3", "%*.*", "%.*d", "%s%",
       "%s %y", "%y %s", "%99999999999999999999d", "%.99999999999d", "%9999999999999999999999",
       "%.9999999999999999999", "%1.99999999999f", "%(", "%((a)s", "%(a))s", "%z"]
for fmt in BAD:
    for args in [[], [1], [1, 2], ["s"], [1.5, 2]]:
        case(fmt, args)
    case(fmt, {"a": 1}, tuple_args=False)
for raw in [b"%\xff", b"ab\xff%\xfe", b"%\xe2\x82", b"\xff%s", b"%(\xff)s", b"%\xc3\xa9 %s"]:
    fmt = sesc(raw)
    case(fmt, [1])
    case(fmt, {"\udcff": "raw key", "a": 1}, tuple_args=False)

# Random formats: specs and noise mixed, with random arguments (error precedence at large).
ALPHABET = list("%()-+ #0123456789.*hlLsrdiouxXeEfFgGcya") + ["%", "%", "%", "abc", "\u00e9", "%(a)"]
# Widths and '*' arguments stay within kMaxWidth (see above).
POOL = [v for v in VALUES if not isinstance(v, (dict, int)) or (isinstance(v, int) and abs(v) <= 65536)]
POOL += [DICTS[1], DICTS[3]]
for _ in range(4000):
    fmt = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 9)))
    if any(int(run) > 65536 for run in re.findall(r"[0-9]+", fmt)):
        continue
    if rng.random() < 0.3:
        case(fmt, rng.choice(DICTS), tuple_args=False)
    else:
        case(fmt, [rng.choice(POOL + [3, -3, 0]) for _ in range(rng.randrange(0, 4))])

# numbers.hpp on its own: repr() and format(x, '.Np') (the '{' style's default presentation,
# which `%` never uses) of edge and random doubles.
GENERAL_PRECISIONS = [0, 1, 2, 3, 5, 6, 10, 16, 17, 20]
number_floats = FLOATS + [10.0, 100.0, 1e5, 12.0, 9.5, 0.95, 99.5, 1e-7, 123456.0, 1e17, 9007199254740993.0]
number_floats += [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(150)]
number_floats += [round(rng.uniform(-1000, 1000), rng.randrange(0, 6)) for _ in range(150)]
numbers = [{"float": v.hex(), "repr": repr(v), "general": [format(v, "." + str(p)) for p in GENERAL_PRECISIONS]}
           for v in number_floats]

values_table = [{"value": enc(v), **text("str", str(v)), **text("repr", repr(v)), **text("ascii", ascii(v)),
                 "type": type(v).__name__, "truthy": bool(v)} for v in VALUES]
oracle.write_json("tests/golden/logging/percent.json", cases, values=values_table,
                  general_precisions=GENERAL_PRECISIONS, numbers=numbers)
