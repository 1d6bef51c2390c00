"""Golden vectors for pyos::time::strptime: CPython 3.13's _strptime, C locale.

tests/golden/time/strptime.json, one case per TZ (the zone decides what %Z accepts):
  "rows": [input, format, result], result being
          [[11 struct_time fields: 9 ints, tm_zone, tm_gmtoff], fraction, gmtoff_fraction]
          from _strptime._strptime (time.strptime returns its struct_time), or
          [exception class, message].

Inputs: strftime() output of random times for many formats, and mutations of it (case,
whitespace, truncation, trailing text, Unicode digits and case look-alikes); CPython's
test_strptime scenarios; the edge cases of reliability.md; digit strings against formats
whose directives compete for digits (backtracking); bad formats.
"""
import json
import os
import random
import sys
import time
import warnings

import _strptime

import oracle

oracle.check_interpreter()
warnings.simplefilter("ignore")  # the 3.13 DeprecationWarning for %d without a year
rng = random.Random(20240305)

FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%a %b %d %H:%M:%S %Y", "%c", "%x", "%X", "%A, %B %d, %Y",
    "%d/%m/%y", "%m/%d/%Y %I:%M %p", "%Y%m%d%H%M%S", "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S %Z", "%j/%Y", "%Y %j", "%G-W%V-%u", "%Y %U %w", "%Y %W %a", "%y%m%d",
    "%H%M", "%d%m", "%I%p", "%S.%f", "%z", "%Z", "%b %d", "%d %b", "%B", "%%Y %Y",
    "[%Y] (%m) {%d} .*+?^$|\\", "%y %j", "%G %V %A", "%Y %U %A", "%Y-%m-%d", "%H:%M:%S.%f",
    "%I:%M:%S %p", "%p %I", "%d %B %Y", "%A %d %B %Y %H h %M", "%Y/%m/%d %H:%M %z",
    "%a, %d %b %Y %H:%M:%S %Z", "%u %V %G", "%w %U %Y", "%m%d%y", "%Y%j", "%H%M%S",
]


def rand_time():
    t = rng.randrange(-2208988800, 4102444800)
    st = list(time.gmtime(t))
    return time.struct_time(st[:9] + [rng.choice(["UTC", "GMT", "EST", "EDT"]), rng.choice([0, 3600, -18000, 5430, -86399])])


ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
FULLWIDTH = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")


def mutations(s):
    out = [s, s.upper(), s.lower(), s.swapcase(), s + "x", s + " ", " " + s, s[:-1], s[1:],
           s.replace(" ", "  "), s.replace(" ", "\t"), s.replace(" ", "\u3000"), s.replace(" ", ""),
           s.translate(ARABIC), s.translate(FULLWIDTH), s.replace("s", "\u017f").replace("S", "\u017f"),
           s.replace("i", "\u0131").replace("I", "\u0130"), s.replace("k", "\u212a"),
           s.replace(":", ""), s.replace("0", "", 1)]
    return list(dict.fromkeys(out))


def inputs():
    rows = []
    for fmt in FORMATS:
        for _ in range(10):
            st = rand_time()
            s = time.strftime(fmt, st)
            for m in (mutations(s) if rng.random() < 0.5 else [s, s.upper(), s + "1"]):
                rows.append((m, fmt))
    # Digit strings against formats whose directives compete for digits.
    for fmt in ["%m%d", "%d%m%y", "%H%M%S", "%j%y", "%Y%m%d", "%I%M%p", "%m%d%H%M", "%y%j", "%U%w",
                "%d %m", "%M%S.%f", "%H%M%S%f", "%G%V%u", "%S%z", "%f%d"]:
        for _ in range(40):
            n = rng.randrange(1, 12)
            s = "".join(rng.choice("0123456789") for _ in range(n))
            if "%p" in fmt:
                s += rng.choice(["AM", "pm", "Pm", ""])
            if "%z" in fmt:
                s += rng.choice(["+0130", "-01:30", "Z", "+01:30:15.5", "+013", ""])
            rows.append((s, fmt))
    # %z forms
    for z in ["+0130", "-0100", "-013030", "-013030.000001", "+01:00", "-01:30", "-01:30:30",
              "-01:30:30.000001", "+01:30:30.001", "Z", "z", "-01:30:30.", "-0130:30",
              "-01:30:30.1234567", "-01:30:30:123456", "-01:3030", "+01", "+1:30", "+0160",
              "+2400", "+9959", "\u2212" + "0130", "+\u0661\u0662:\u0663\u0664", "+01:30:60",
              "+013060", "+01:30:59.9999999", "-00:00", "+0130 ", " +0130"]:
        rows.append((z, "%z"))
        rows.append(("2024-01-02 " + z, "%Y-%m-%d %z"))
    # CPython's test_strptime scenarios and reliability.md's vectors
    rows += [
        ("%d", "%A"), ("2005", "%"), ("2005", "% "), ("2005", "%e"), ("1999 50", "%Y %V"),
        ("1999 50 5", "%Y %V %u"), ("1999 51", "%G %V"), ("1999 Friday", "%G %A"),
        ("1999 Fri", "%G %a"), ("1999 5", "%G %w"), ("1999 5", "%G %u"), ("2015", "%G"),
        ("1999 256", "%G %j"), ("1999 50 5 256", "%G %V %u %j"), ("50", "%V"), ("50 5", "%V %u"),
        ("2019-00-1", "%G-%V-%u"), ("2019-54-1", "%G-%V-%u"), ("2021-53-1", "%G-%V-%u"),
        ("2020-53-7", "%G-%V-%u"), ("9999-52-7", "%G-%V-%u"), ("0000-01-1", "%G-%V-%u"),
        ("", "%D"), ("19", "%Y %"), ("10 12", "%m"), ("2023-366", "%Y-%j"), ("2024-366", "%Y-%j"),
        ("2024-02-29 23:59:60", "%Y-%m-%d %H:%M:%S"), ("2024-02-29 23:59:61", "%Y-%m-%d %H:%M:%S"),
        ("2024-02-30", "%Y-%m-%d"), ("2023-02-29", "%Y-%m-%d"), ("68", "%y"), ("69", "%y"),
        ("Feb 29", "%b %d"), ("Mar 1", "%b %d"), ("29 2", "%d %m"), ("12 AM", "%I %p"),
        ("12 PM", "%I %p"), ("12 am", "%I %p"), ("1 pm", "%I %p"), ("11 PM", "%I %p"),
        ("12", "%I"), ("0", "%I"), ("13", "%I"), ("12:00 PM", "%H:%M %p"), ("1 pm 13", "%I %p %H"),
        ("13 1 pm", "%H %I %p"), ("UTC", "%Z"), ("GMT", "%Z"), ("utc", "%Z"), ("gMt", "%Z"),
        ("EST", "%Z"), ("EDT", "%Z"), ("CET", "%Z"), ("+0330", "%Z"), ("AAA", "%Z"), ("xyz", "%Z"),
        ("2015 0 0", "%Y %U %w"), ("2015 0 0", "%Y %W %w"), ("2015 1 1", "%G %V %u"),
        ("2009 0 3", "%Y %U %w"), ("2009 0 3", "%Y %W %w"), ("2024 53 6", "%Y %U %w"),
        ("0001 0 0", "%Y %U %w"), ("1900 0 0", "%Y %U %w"), ("9999 53 6", "%Y %U %w"),
        ("9999 366", "%Y %j"), ("0000", "%Y"), ("0001", "%Y"), ("9999 12 31", "%Y %m %d"),
        ("1 1", "%d %d"), ("2024 2025", "%Y %Y"), ("2024", "%c %Y"), ("1 1 1", "%z %d %d"),
        ("1 1 1", "%c %x"), ("1 1 1", "%x %%%y"), ("1 1", "%Z %Z"), ("1 1", "%a %A %a"),
        ("x", "x%"), ("x", "%\u00e9"), ("x", "%."), ("x", "%("), ("x", "%\\"), ("x", "%\t"),
        ("x", "%Q %"), ("x", "%Y %Q"), ("x", "%%%"), ("%", "%%"), ("%%", "%%%%"), ("x", "%E"),
        ("x", "%O"), ("x", "%-d"), ("x", "%:z"), ("x", ""), ("", ""), ("  ", " "), ("", " "),
        ("a[b]c", "a[b]c"), ("a.b", "a.b"), ("axb", "a.b"), ("a\\b", "a\\b"), ("a$b^c", "a$b^c"),
        ("x  \t y", "x y"), ("xy", "x y"), ("x\u3000y", "x y"), ("x y", "x\u3000y"),
        ("x\x1cy", "x y"), ("x\x85y", "x y"), ("x\xa0y", "x y"), ("x\u200by", "x y"),
        ("Tuesday", "%a"), ("Tues", "%A"), ("\u00c9A", "\u00e9a"), ("KELVIN", "\u212aelvin"),
        ("kelvin", "\u212aelvin"), ("\u017f", "s"), ("S", "\u017f"), ("\u0130", "i"), ("I", "\u0131"),
        ("\u0131", "I"), ("Auguſt 2024", "%B %Y"), ("frıday 2024", "%A %Y"), ("FRİDAY 2024", "%A %Y"),
        ("\u212aelvin", "kelvin"), ("\u0661\u0669\u0669\u0669", "%Y"), ("\uff12\uff10\uff12\uff14", "%Y"),
        ("\u0663", "%d"), ("\u0663 2024", "%d %Y"), ("\u0663\u0661 12 2024", "%d %m %Y"),
        (" 3 2024", "%d %Y"), ("\t3 2024", "%d %Y"), ("  3 2024", "%d %Y"), (" 3", " %d"),
        ("03 2024", "%d %Y"), ("3 2024", "%d %Y"), ("31 2024", "%d %Y"), ("32 2024", "%d %Y"),
        ("00 2024", "%d %Y"), ("1.1234567", "%S.%f"), ("1.", "%S.%f"), ("1.000001", "%S.%f"),
        ("Wed Mar 17 22:44:55 1999", "%c"), ("Sun Jan  3 01:01:01 1999", "%c"),
        ("Sun Jan 3 01:01:01 1999", "%c"), ("sun jan  3 01:01:01 1999", "%c"),
        ("03/17/99", "%x"), ("3/7/99", "%x"), ("22:44:55", "%X"), ("2:4:5", "%X"),
        ("Wed Mar 17 22:44:55 1999", None), ("Wed Mar 17 22:44:55 1999 ", None),
        ("Wed, Mar 17 22:44:55 1999", None), ("Mon Feb 29 00:00:00 2000", None),
        ("2024-01-01\n", "%Y-%m-%d"), ("2024-01-01\n", "%Y-%m-%d\n"), ("2024 - 01", "%Y - %m"),
        ("\udcff", "%Y"), ("2024\udcff", "%Y"), ("\udcff", "\udcff"), ("'\"", "%Y"),
        ("caf\u00e9 2024", "caf\u00c9 %Y"), ("\u4e2d2024", "\u4e2d%Y"),
    ]
    # every julian day of a leap and a common year
    for y in (2024, 2023):
        for j in range(1, 367):
            rows.append(("%d %03d" % (y, j), "%Y %j"))
    # every hour with %I %p
    for h in range(0, 24):
        st = time.struct_time((2024, 1, 1, h, 0, 0, 0, 1, 0))
        rows.append((time.strftime("%I %p", st), "%I %p"))
    return rows


def result(s, fmt):
    try:
        tt, fraction, gmtoff_fraction = (_strptime._strptime(s) if fmt is None
                                         else _strptime._strptime(s, fmt))
        return [list(tt[:9]) + [tt[9], tt[10]], fraction, gmtoff_fraction]
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        return [type(e).__name__, str(e)]


def encode(s):
    """Strings go into JSON as UTF-8 with surrogateescape bytes as hex where needed."""
    if s is None:
        return None
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return {"hex": s.encode("utf-8", "surrogateescape").hex()}


TZS = ["UTC", "America/New_York", "AAA+1AAA,M3.2.0,M11.1.0", "<+0330>-3:30"]
rows_all = inputs()
cases = []
for tz in TZS:
    os.environ["TZ"] = tz
    time.tzset()
    rows = rows_all if tz in ("UTC", "America/New_York") else [
        r for r in rows_all if r[1] is not None and ("%Z" in r[1] or "%c" in r[1] or r[1].count("%") > 2)]
    out = []
    for s, fmt in rows:
        res = result(s, fmt)
        if isinstance(res[0], str) and isinstance(res[1], str):
            res = [res[0], encode(res[1])]
        else:
            res[0][9] = encode(res[0][9])
        out.append([encode(s), encode(fmt), res])
    cases.append({"tz": tz, "tzname": list(time.tzname), "daylight": time.daylight, "rows": out})

path = os.path.join(oracle.REPO, "tests/golden/time/strptime.json")
with open(path, "w", encoding="utf-8") as f:
    f.write('{"oracle": %s,\n"cases": [\n' % json.dumps(oracle.header()))
    parts = []
    for c in cases:
        rows = c.pop("rows")
        parts.append(json.dumps(c)[:-1] + ', "rows": [\n' +
                     ",\n".join(json.dumps(r, ensure_ascii=True) for r in rows) + "]}")
    f.write(",\n".join(parts))
    f.write("]}\n")
print("wrote tests/golden/time/strptime.json: %d rows" % sum(
    len(json.load(open(path))["cases"][i]["rows"]) for i in range(len(cases))))
