"""Golden vectors for the logging formatter styles (src/logging/styles*.cpp).

tests/golden/logging/styles.json
  "validate"  [style, fmt, message or null]: PercentStyle / StrFormatStyle /
              StringTemplateStyle .validate() of CPython 3.13 (the error is always ValueError).
  "uses_time" [style, fmt, bool]: <Style>.usesTime().
  "spec"      [value, spec, result]: format(value, spec), the format-spec mini-language.
  "mapping"   the attributes a record's formats are rendered against (like a LogRecord's
              __dict__, plus extra values of every kind).
  "cases"     [style, fmt, result]: <Style>(fmt)._format(record), i.e. fmt % mapping,
              fmt.format(**mapping) and string.Template(fmt).substitute(**mapping), with the
              style's default format for an empty fmt.
A result is ["ok", text] or [exception class, str(exc)].

Values are typed so that the C++ test rebuilds pyos::logging::Value exactly:
  ["none"] ["bool", b] ["int", "decimal"] ["float", float.hex()] ["str", s]
  ["bytes", hex] ["dict", [[key, value], ...]] ["obj", str, repr] (an object of class Point
  whose str() and repr() are given; the C++ test has a `struct Point` printing the same).

Formats come from hand-written lists (the cases CPython's docs and tests care about) plus
seeded random compositions and mutations, so malformed input is covered by the hundred.
"""
import random
import types

import oracle

oracle.check_interpreter()

import logging  # noqa: E402  (after the interpreter check)

rng = random.Random(20240613)


class Point:
    def __init__(self, s, r):
        self.s, self.r = s, r

    def __str__(self):
        return self.s

    def __repr__(self):
        return self.r


def enc(v):
    if v is None:
        return ["none"]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        assert -(2**63) <= v < 2**64
        return ["int", str(v)]
    if isinstance(v, float):
        return ["float", v.hex()]
    if isinstance(v, str):
        return ["str", v]
    if isinstance(v, bytes):
        return ["bytes", v.hex()]
    if isinstance(v, dict):
        return ["dict", [[k, enc(x)] for k, x in v.items()]]
    if isinstance(v, Point):
        return ["obj", v.s, v.r]
    raise TypeError(v)


def result(fn):
    try:
        return ["ok", fn()]
    except Exception as e:  # noqa: BLE001  (every class is recorded)
        return [type(e).__name__, str(e)]


# ---------------------------------------------------------------------------------------
# validate

STYLE_CLASS = {
    "%": logging.PercentStyle,
    "{": logging.StrFormatStyle,
    "$": logging.StringTemplateStyle,
}


def validate(style, fmt):
    try:
        STYLE_CLASS[style](fmt).validate()
        return None
    except ValueError as e:
        return str(e)


def mutate(fmt, alphabet, n):
    s = list(fmt)
    for _ in range(n):
        op = rng.randrange(3)
        pos = rng.randrange(len(s) + 1)
        if op == 0 or not s:
            s.insert(pos, rng.choice(alphabet))
        elif op == 1:
            del s[min(pos, len(s) - 1)]
        else:
            s[min(pos, len(s) - 1)] = rng.choice(alphabet)
    return "".join(s)


PERCENT_VALID = [
    "%(message)s", "%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%(levelno)d",
    "%(levelno)5d", "%(levelno)-5d", "%(created)f", "%(created).3f", "%(msecs)03d",
    "%(relativeCreated)10.2e", "%(x)*d", "%(x).*f", "%(x)*.*g", "%(x)#o", "%(x)+ 0-#5.3x",
    "%(x)%", "%(x)c", "%(x)r", "%(x)a", "%(x)i", "%(x)u", "%(x)X", "%(x)E", "%(x)G", "%(x)F",
    "%(x)S", "%(x)D", "%(x)R", "%(x)A", "%(_)s", "%(9)s", "%(a_b9)s", "%(\u00e9t\u00e9)s",
    "%(\u4e2d)s", "%(x)\u0663d", "%(x)\u0663.\u0664f", "%(x)\u017f", "%(x)\u0130", "%(x)\u0131",
    "%%(x)s", "text %(x)s text", "%(x)s%(y)s", "%(x)s\n", "%(a)s %", "% %(a)s", "%(a)05.1f",
]
PERCENT_INVALID = [
    "", "%s", "%d", "message", "%(message)", "%(message)z", "%()s", "%(a b)s", "%(a-b)s",
    "%(a)", "%(a)5", "%(a).s", "%(a).", "%(a)5.", "%(a)**d", "%(a)*5d", "%(a)5*d", "%(a).5.5f",
    "%(a)K", "%(a)\u212a", "%(a)l", "%(a)hd", "%(a)ld", "%(a)\u00e9", "%(a)\u0663", "%(a)\n",
    "%(a\n)s", "%(\u00b7)s", "% (a)s", "%-(a)s", "%((a))s", "%(a))s", "{message}", "${message}",
    "%(a)\u2167", "%(a)\u00b2s", "%(\u00b2)s", "%(a)\uff15d",
]
STRFMT_VALID = [
    "{message}", "{asctime} {levelname:<8} {name}: {message}", "{levelno:d}", "{levelno:5d}",
    "{levelno:>5}", "{created:.3f}", "{created:%}", "{msecs:03.0f}", "{x!r}", "{x!s}", "{x!a}",
    "{x!r:>10}", "{x:{width}}", "{x:{w}.{p}}", "{x:*^{w}.{p}f}", "{x:.{p}}", "{x.attr}",
    "{x[0]}", "{x[key]}", "{x.a.b[1][c]}", "{x[a b]}", "{x[a.b]}", "{x[!]}", "{0}", "{10}",
    "{x}{y}{{literal}}", "{{{x}}}", "{x:}", "{x!r:}", "{x:,}", "{x:_}", "{x:_b}", "{x:#x}",
    "{x:+.2e}", "{x: }", "{x:-}", "{x:=}", "{x:0}", "{x:00}", "{x:010,.2f}", "{x:<}",
    "{x:\u00e9<5}", "{x:\u0663}", "{x:.\u0663}", "{x:\u017f}", "{x:S}", "{x:N}", "{x:%}",
    "{x:{y}d}", "{x:.{y}}", "{x:c}", "{x:o}", "{x:n}", "{x:e}", "{x:g}", "{\u00e9t\u00e9}",
    "{x}\n", "{x\n}", "{x:d\n}", "{x:{\u00e9}}", "{x[\n]}", "{x!\x00}", "{x!\x00:>3}",
    "{_}", "{x:5_}", "{x:.3_}", "{x:#}", "{x:z}", "{x:z.1f}", "{x:\n<5}",
]
STRFMT_INVALID = [
    "", "message", "{}", "{:d}", "{!r}", "{x!z}", "{x!}", "{x!rr}", "{x!r", "{x", "x}", "{",
    "}", "{x}}", "{{x}", "{x:{y}", "{x{y}}", "{x:{{y}}}", "{x.}", "{x[]}", "{x[0]y}", "{x..y}",
    "{x[}", "{x]}", "{x-y}", "{x y}", "{x:5.5.5}", "{x:<<<}", "{x:5d5}", "{x:q}", "{x:xx}",
    "{x:z}", "{x:,_}", "{x:_,}", "{x:#0}", "{x:{y:{z}}}", "{x:{}}", "{x:{0}}", "{x:{y.z}}",
    "{x:{y}{z}}", "{x:.}", "{x:.f}", "{x!\u00e9}", "{x!r:{y!r}}", "%(message)s", "{x!r}{y!q}",
    "{x!}}", "{x!\x01}", "{!}", "{x!r:{y!z}}", "{x[0]!r}", "{x.y.z!a:>{w}}", "{x[}]}", "{x!r:}}",
    "${message}", "{x:\n}", "{x:5\n\n}", "{x:>\n}", "{x:\u212a}", "{x:+#z0}", "{x:++}",
    "{x:  }", "{x:==5}", "{x:^^^}", "{x}{", "{x}}{", "{x!r}}", "{x[0]}[", "{\u00b7}",
    "{x.\u00b7}", "{x:{\u00b7}}", "{x:\u00b2}", "{x:{y}<5}",
]
TEMPLATE_VALID = [
    "${message}", "$message", "$asctime $levelname: $message", "${x}y", "$x.y", "$$ $x",
    "$x$$", "${_x9}", "$_", "$X", "${Abc}", "$x\u00e9", "a\n$x", "$x $", "$$", "$$x $y",
]
TEMPLATE_INVALID = [
    "", "message", "$", "$ x", "$$", "${x", "${ x}", "${x }", "${}", "${9}", "$9x", "$\u00e9",
    "$-x", "${x-y}", "x$", "$x $ ", "${x}$", "%(message)s", "{message}", "${\u017f}", "$\u212a",
    "$x ${", "${x\n}", "$\n", "\u00e9$", "$$$", "$$$$",
]

validate_cases = []
seen = set()


def add_validate(style, fmt):
    if (style, fmt) in seen:
        return
    seen.add((style, fmt))
    validate_cases.append([style, fmt, validate(style, fmt)])


for style, lists in (("%", PERCENT_VALID + PERCENT_INVALID), ("{", STRFMT_VALID + STRFMT_INVALID),
                     ("$", TEMPLATE_VALID + TEMPLATE_INVALID)):
    for f in lists:
        add_validate(style, f)
# Every style sees every hand-written format.
for f in PERCENT_VALID + PERCENT_INVALID + STRFMT_VALID + STRFMT_INVALID + TEMPLATE_VALID + TEMPLATE_INVALID:
    for style in "%{$":
        add_validate(style, f)

ALPHABETS = {
    "%": "%()s.*5#0+ -xdaK\u0663\u017f\u00e9_\n",
    "{": "{}[]!:.rsa05<>^=+ -#,_xdfz%\u0663\u017f\u00e9\n",
    "$": "${}_xX9 \n\u00e9-",
}
for style, base in (("%", PERCENT_VALID), ("{", STRFMT_VALID), ("$", TEMPLATE_VALID)):
    for i in range(400):
        add_validate(style, mutate(rng.choice(base), ALPHABETS[style], 1 + i % 4))

# Hand-made spec compositions for the '{' validator (its fmt_spec regex).
SPEC_PARTS = [
    ["", "<", ">", "^", "=", "*<", "\u00e9^", "\n<", "<<", "{x}<"],
    ["", "+", " ", "-"],
    ["", "#"],
    ["", "0"],
    ["", "5", "12", "{w}", "\u0663", "{}", "{w"],
    ["", ",", "_"],
    ["", ".2", ".{p}", ".", ".x"],
    ["", "d", "s", "f", "%", "X", "\u017f", "\u212a", "q", "z"],
    ["", "\n", "x"],
]
for i in range(500):
    spec = "".join(rng.choice(p) for p in SPEC_PARTS)
    add_validate("{", "{x:" + spec + "}")

# ---------------------------------------------------------------------------------------
# usesTime

USES_TIME_FORMATS = [
    "%(asctime)s", "%(asctime)", "%(asctime", "%(asctimes)s", "%(Asctime)s", "asctime",
    "{asctime}", "{asctime", "{asctime:>20}", "{asctime!r}", "{ asctime}", "{{asctime}}",
    "$asctime", "${asctime}", "${asctime", "$asctimes", "${ asctime}", "$$asctime", "",
    "%(message)s", "{message}", "${message}", "x %(asctime)s {asctime} $asctime",
]
uses_time_cases = []
for style in "%{$":
    for f in USES_TIME_FORMATS:
        uses_time_cases.append([style, f, STYLE_CLASS[style](f).usesTime()])

# ---------------------------------------------------------------------------------------
# format(value, spec)

SPEC_VALUES = [
    "", "a", "abc", "h\u00e9llo", "\u20acuro", "emoji\U0001f600x", "tab\there", "it's",
    "x" * 20, "\u03a9\u2248\u00e7\u221a", "\u4e2d\u6587",
    0, 1, -1, 7, 42, -42, 255, 1000, -1000, 1234567, -1234567, 65, 0x10FFFF, 0x110000, 2**31,
    -(2**63), 2**63 - 1, 2**64 - 1, 10**18, 123456789012,
    True, False,
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 3.14159, -3.14159, 1e16, 1e-5, 1.5e-5, 123456.789,
    -0.001, 1e300, 1e-300, 5e-324, 1.7976931348623157e308, float("inf"), float("-inf"),
    float("nan"), 0.1, 100.0, 1234.5, 9.995, 0.0005, 12345678.9, -1e22, 0.000123456,
    None, b"ab\x00\xff", {"user": "bob", "n": 3}, Point("P(1, 2)", "Point<1,2>"),
]
STR_VALUES = [v for v in SPEC_VALUES if isinstance(v, str)]
INT_VALUES = [v for v in SPEC_VALUES if isinstance(v, int) and not isinstance(v, bool)]
FLOAT_VALUES = [v for v in SPEC_VALUES if isinstance(v, float)]

HAND_SPECS = [
    "", "s", "d", "b", "o", "x", "X", "c", "n", "e", "E", "f", "F", "g", "G", "%", "r", "a",
    "q", "\u017f", "\u00e9", "\u212a", "xx", ".3fx", "<<<", "z", "zd", "zs", "05", "=5", "+s",
    " s", "-s", ",s", ",d", "_x", ",x", "_b", "_o", "_X", "_n", ",n", ",c", "_c", ",_", "_,",
    ",,", "__", ".0", ".", ".f", "#s", "#c", "+c", " c", "-c", ".2d", "#", "#.3", "#.0", "#g",
    "#e", "#f", "#x", "#X", "#o", "#b", "#010x", "#010X", "-#10b", "+#o", "010", "05c", ".3%",
    "z.1f", "z.0f", "z%", "ze", "zg", "z.3", "+z.2f", " z.2e", "020,", "020_", "020,.2f",
    "020_.2f", "0=20,d", "*^20,d", "\u00e9^15,.3f", "<020", ">020", "^020", "=020", "0<20",
    "\u20ac>12", "\U0001f600<8", "\n^9", "{^9", "}>9", " <9", "\u0663", ".\u0663",
    "\u0661\u0660", ".\u0661\u0660f", "\uff15", "10.3", "10.3s", "<10.3", ".0s", ".1", ".17",
    ".17g", ".25f", ".40e", ".60g", ".20", "+", "-", " ", "+d", " d", "+.3e", "+g", " f",
    "+%", ",", "_", ",.2f", "_.4e", ",g", ",%", ",.0f", "_G", ",E", "30,", "30_", "1",
    "2c", "^3c", "=10", "0=10", "+010", "-010", " 010", "+010,", "013,d", "014,d", "015,d",
    "016_x", "017_b", "09_o", "+#020_x", "0", "00", "000", "0d", "00d", "5", "20",
    "s\n", "\n", "5\n", ".2f\n", "9223372036854775808", "99999999999999999999", ".99999999999999999999",
    ".9223372036854775807", ",.2147483648f",
]

spec_cases = []


def add_spec(v, spec):
    spec_cases.append([enc(v), spec, result(lambda: format(v, spec))])


# Every hand-written spec against a core of every kind; the rest of the values meet the
# random specs below.
CORE_VALUES = [
    "", "abc", "h\u00e9llo", "emoji\U0001f600x", 0, 7, -42, 255, 1234567, 65, 0x110000,
    -(2**63), 2**64 - 1, True, False, 0.0, -0.0, 1.5, 2.5, -3.14159, 1e16, 1.5e-5, 123456.789,
    -0.001, 5e-324, float("inf"), float("-inf"), float("nan"), 9.995, None, b"ab\x00\xff",
    {"user": "bob", "n": 3}, Point("P(1, 2)", "Point<1,2>"),
]
for spec in HAND_SPECS:
    for v in CORE_VALUES:
        add_spec(v, spec)

SPEC_GEN = [
    ["", "", "", "<", ">", "^", "=", "*<", "*>", "*^", "*=", "0<", "0=", "x^", "\u20ac>", " <",
     "}<", "\U0001f600^"],
    ["", "", "+", "-", " "],
    ["", "", "", "z"],
    ["", "", "#"],
    ["", "", "0"],
    ["", "", "1", "5", "12", "20", "\u0663", "30"],
    ["", "", "", ",", "_", ",_", "_,"],
    ["", "", ".0", ".1", ".2", ".3", ".6", ".10", ".", ".17", ".25"],
    ["", "", "s", "d", "b", "o", "x", "X", "c", "n", "e", "E", "f", "F", "g", "G", "%", "%",
     "r", "q", "\u017f", "xx"],
]
for _ in range(1500):
    spec = "".join(rng.choice(p) for p in SPEC_GEN)
    for v in (rng.choice(STR_VALUES), rng.choice(INT_VALUES), rng.choice(FLOAT_VALUES),
              rng.choice(SPEC_VALUES)):
        add_spec(v, spec)

# ---------------------------------------------------------------------------------------
# rendering against a record's attributes

MAPPING = {
    "name": "root.app", "msg": "hello %s", "args": None, "levelname": "WARNING", "levelno": 30,
    "pathname": "/srv/app/main.py", "filename": "main.py", "module": "main", "exc_info": None,
    "exc_text": None, "stack_info": None, "lineno": 42, "funcName": "<module>",
    "created": 1700000000.123456, "msecs": 123.0, "relativeCreated": 5.678,
    "thread": 140234567890, "threadName": "MainThread", "processName": "MainProcess",
    "process": 4242, "taskName": None, "message": "hello w\u00f6rld \u20ac\U0001f600",
    "asctime": "2023-11-14 22:13:20,123",
    "flag": True, "off": False, "neg": -17, "big": 2**64 - 1, "small": -(2**63), "ratio": 0.1,
    "nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "negz": -0.0, "empty": "",
    "uni": "\u03a9mega", "quote": "it's \"q\"", "ctrl": "a\tb\nc\x00", "data": b"\x00ab\xff",
    "extra": {"user": "bob", "n": 3, "f": 1.5, "nested": {"k": "v"}},
    "pt": Point("P(1, 2)", "Point<\u00e91,2>"), "width": 12, "prec": 3, "align": "^",
    "fill": "*", "kind": "x", "spec": ">8", "s9": "123456789", "zero": 0, "one": 1,
    "_": "underscore", "\u00e9t\u00e9": "summer", "a]": "bracket", "with space": "sp",
}

STRFMT_RENDER = [
    "{message}", "{asctime} {levelname:<8} {name}: {message}", "{levelname:^11}|",
    "{levelno:03d}", "{levelno:#x} {levelno:#o} {levelno:#b} {levelno:c}", "{created}",
    "{created:.3f}", "{created:,.2f}", "{created:e}", "{msecs:03.0f}", "{msecs:03d}",
    "{relativeCreated:10.2%}", "{lineno:>6}", "{lineno:_}", "{thread:,}", "{thread:_x}",
    "{process:+}", "{exc_info}", "{exc_info!r}", "{exc_info:>5}", "{taskName!s:>6}",
    "{flag} {off} {flag:d} {off:>5} {flag!r}", "{flag:.2f}", "{neg:+05d}", "{neg: }",
    "{big} {big:x} {big:,}", "{small} {small:_}", "{ratio} {ratio!r} {ratio:.20f}",
    "{nan} {inf} {ninf} {negz} {negz:z} {negz:.1f} {negz:z.1f}", "{nan:f} {inf:E} {ninf:%}",
    "{empty!r}", "[{empty:5}]", "{uni:*^9}", "{uni!a}", "{message!a}", "{message!r:>30}",
    "{message:.5}", "{message:\u00e9>25.8}", "{quote!r}", "{ctrl!r}", "{ctrl!a}", "{data}",
    "{data!r}", "{data:>5}", "{extra}", "{extra!r}", "{extra[user]}", "{extra[n]:04d}",
    "{extra[nested][k]}", "{extra[nested]}", "{extra[missing]}", "{extra[0]}", "{extra:}",
    "{extra:>3}", "{pt}", "{pt!r}", "{pt!a}", "{pt!s:>12}", "{pt:>12}", "{pt.x}", "{pt[0]}",
    "{name[0]}", "{name[4]}{name[5]}", "{name[7]}", "{name[8]}", "{message[12]}",
    "{message[13]}", "{name[x]}", "{name[-1]}", "{data[0]}", "{data[3]}", "{data[4]}",
    "{data[a]}", "{levelno[0]}", "{created[0]}", "{exc_info[0]}", "{flag[0]}",
    "{levelno.real} {levelno.imag} {levelno.numerator} {levelno.denominator}",
    "{created.real} {created.imag}", "{flag.real} {flag.imag}", "{levelno.real:>4}",
    "{levelno.x}", "{created.x}", "{name.x}", "{exc_info.x}", "{data.x}", "{extra.x}",
    "{flag.x}", "{levelno.real.real.imag}", "{name:{width}}|", "{name:{fill}{align}{width}}",
    "{created:{width}.{prec}f}", "{created:.{prec}}", "{name:{spec}}", "{levelno:{kind}}",
    "{name:{width}{missing}}", "{name:{width!r}}", "{name:{uni}}", "{name:{width:3}}",
    "{name:{width:{prec}}}", "{name:{}}", "{name:{0}}", "{missing}", "{missing:{width}}",
    "{name:{missing}}", "{0}", "{}", "{1}", "{99}", "{\u0663}", "{99999999999999999999}",
    "{0[1]}", "{!r}", "{:d}", "{name!x}", "{name!\u00e9}", "{name!}}", "{name!\x00}",
    "{name!r:}", "{name:d}", "{levelno:s}", "{created:d}", "{name:=5}", "{name:+}",
    "{levelno:.2}", "{levelno:z}", "{levelno:,c}", "{big:c}", "{neg:c}", "{levelno:+c}",
    "{s9:,}", "{name:,}", "{created:,d}", "{created:n} {levelno:n}", "{levelno:_n}", "{_}",
    "{\u00e9t\u00e9}", "{with space}", "{a]}", "{name}}", "{{name}}", "{{{name}}}",
    "{name}{", "{name", "}", "{name!r", "{name:", "{name:{width}", "{name.}", "{name[]}",
    "{name[0]x}", "{name{x}}", "{name.real}", "{levelno[99999999999999999999]}",
    "{name[99999999999999999999]}", "{name[\u0663]}", "{name:{prec}{kind}}", "{levelno:%}",
    "{levelno:.3e}", "{levelno:g}", "{big:e}", "{small:%}", "{flag:%}", "{zero:c}{one:c}",
    "{levelno:\u00e9^+#012_x}", "{name:>100}", "{created:{prec}.{prec}}", "plain text",
    "{{}}", "{name:\n>12}", "{extra[nested][k][0]}", "{extra[f]:.3f}", "{extra[n].real}",
    "{name!r:{width}}", "{name!a:^{width}.{prec}}", "{message!s:.3}", "{extra[nested]!r}",
    "{levelno!r:>5}", "{created!s:10.4}", "{name[0]!r}", "{pt!r:x}", "{missing!x}",
    "{name!x:{missing}}", "{name:{missing!x}}", "{name:{width!x}}", "{missing:{width:{prec}}}",
    "{name:{{}}}", "{name:{width}{{}}", "{name:{}{}}", "{name!r:{}}", "{levelno:{missing}d}",
    "{data!a:>20}", "{ctrl!s:>9}", "{exc_info!r:^10}", "{flag!s:<6}|", "{nan!r:>5}",
    "{extra[nested]:{width}}", "{name[1]:{width}}", "{levelno.real!r:{prec}}", "{levelno[}",
    "{levelno!r!s}", "{levelno:{prec}.{prec}}", "{levelno:{prec}{prec}}", "{message:.{prec}}",
    "{name:{align}{width}.{prec}}", "{name:{fill}<{width}}", "{created:{fill}^+{width},.{prec}f}",
]
TEMPLATE_RENDER = [
    "${message}", "$asctime $levelname $name: $message", "$levelno $created $msecs",
    "$exc_info $flag $off $neg $big $small $ratio", "$nan $inf $ninf $negz $empty|",
    "$uni $quote $ctrl $data", "$extra", "$pt", "$$ $$name", "${name}x $name.x", "$namex",
    "$missing", "${missing}", "$", "x $ y", "$9", "${9}", "${ name}", "${name", "$\u00e9t\u00e9",
    "${_}", "$_", "$Name", "a\nb $", "a\r\nb\rc\x0bd\x0ce\x1cf\x85g\u2028h $", "\u00e9\u00e9 $!",
    "$name $missing $", "$ $missing", "$message$levelname", "$$$", "$$$name", "plain text",
    "${name}${levelno}", "$\u017f", "${s9}", "$name$", "$$$$name", "${name}$$", "\n\n$",
    "\u00e9\n\u20ac$ x", "$name\n$missing", "\r\n\r\n  $", "\U0001f600$", "${name}}", "${{name}}",
]
PERCENT_RENDER = [
    "%(message)s", "%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%(levelno)03d",
    "%(created)f", "%(created).3f", "%(msecs)03d", "%(relativeCreated)10.2e", "%(lineno)x",
    "%(exc_info)s", "%(flag)s %(flag)d %(off)r", "%(neg)+05d", "%(big)d %(big)x",
    "%(ratio)r %(nan)f %(inf)e", "%(uni)r %(uni)a", "%(data)s %(data)r", "%(extra)s",
    "%(pt)s %(pt)r", "%(missing)s", "%(name)d", "%(levelno)c", "%(name)", "%(name)z", "%%",
    "100%% %(name)s", "%(levelno)*d", "%s", "plain text", "%(message).5s", "%(message)-20s|",
]

render_cases = []
for style, formats in (("{", STRFMT_RENDER), ("$", TEMPLATE_RENDER), ("%", PERCENT_RENDER)):
    for f in formats:
        render_cases.append([style, f])
# Mutations: malformed formats and odd field names, rendered through every code path.
for style, formats, alphabet in (("{", STRFMT_RENDER, "{}[]!:.rsa05<>^=+ -#,_xdfz%\u0663\u00e9"),
                                 ("$", TEMPLATE_RENDER, "${}_xX9 \n\u00e9-")):
    for i in range(300):
        render_cases.append([style, mutate(rng.choice(formats), alphabet, 1 + i % 3)])


# The style's own _format(record) (the Formatter calls it and wraps KeyError), so that an
# empty format is the style's default as in logging; the record is an object whose __dict__
# is MAPPING.
RECORD = types.SimpleNamespace(**MAPPING)


def render(style, fmt):
    return result(lambda: STYLE_CLASS[style](fmt)._format(RECORD))


render_cases = [[s, f, render(s, f)] for s, f in render_cases]

oracle.write_json(
    "tests/golden/logging/styles.json",
    render_cases,
    mapping=[[k, enc(v)] for k, v in MAPPING.items()],
    validate=validate_cases,
    uses_time=uses_time_cases,
    spec=spec_cases,
)
print(f"validate: {len(validate_cases)}, uses_time: {len(uses_time_cases)}, spec: {len(spec_cases)}")
