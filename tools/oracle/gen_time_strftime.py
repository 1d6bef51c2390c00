"""Golden vectors for pyos::time::strftime (and asctime): CPython 3.13 on glibc, C locale.

tests/golden/time/strftime.json
  "tables": per TZ, a list of time tuples (9 fields, plus tm_zone/tm_gmtoff when the tuple is
            a struct_time that has them), each with the output of every format in "formats"
            (or the exception, as [class, message]). Formats are indexed into "formats" to
            keep the file small.
  "errors": argument checks (checktm, year range, embedded NUL) with class and message.

The TZ is set with os.environ + time.tzset() exactly as the C++ test does (setenv + tzset);
%Z of a tuple without tm_zone and %s depend on it.
"""
import json
import os
import time

import oracle

oracle.check_interpreter()

DIRECTIVE_CHARS = [chr(c) for c in range(0x21, 0x7F)]
# Every conversion glibc knows, for the flag/width/modifier matrix.
LETTERS = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%"
FLAGS = ["-", "_", "0", "^", "#", "1", "3", "10", "-10", "_10", "010", "^10", "#10",
         "E", "O", "_E", "0O", "3E", "^#", "#^", "0_", "_0", "-0", "^-", "_5O", "05E"]

formats = []
index = {}


def fmt_id(f):
    if f not in index:
        index[f] = len(formats)
        formats.append(f)
    return index[f]


single = ["%" + c for c in DIRECTIVE_CHARS]
matrix = ["%" + fl + c for c in LETTERS for fl in FLAGS]
composite = [
    "", "%", "%%", "%5", "%-", "%_", "%E", "%O", "%10", "%E%", "%O%", "%Ez", "%Oz", "%EZ", "%^",
    "abc", "a%", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%a, %d %b %Y %H:%M:%S %z",
    "%A %B %e %Y %I:%M:%S %p %Z", "[%c] [%x] [%X]", "%D %T %R %r %F", "%G-W%V-%u %g",
    "%U %W %j %w %u", "%C%y", "%s", "%n%t", "%:z", "%::z", "%+", "%Q %q %J %K %L %N %o %v",
    "%1Y", "%4Y", "%6Y", "%-4Y", "%_4Y", "%04Y", "%+4Y", "%10z", "%-10z", "%_10z", "%010z",
    "%5c", "%40c", "%-40c", "%040c", "%^40c", "%5x", "%12X", "%20D", "%15r", "%10s", "%010s",
    "%-10s", "%_10s", "%3%", "%5n", "%5t", "%3Z", "%-5Z", "%010Z", "%^Z", "%#Z", "%^#Z", "%#^Z",
    "%#a %#A %#b %#B %#h %#p %#P", "%^a %^A %^b %^B %^h %^p %^P", "%^#p %^P %#P",
    "%#Ea %#Eb %#EB %^Eb %^OB", "%EC %Ey %EY %Ex %EX %Ec", "%Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy",
    "%OC %Og %OG %Oj %Ok %Ol %Os %Oz %OZ %Op", "%Ed %Ee %EH %EI %Em %EM %ES %Eu %EU %EV %Ew %EW",
    "%Eg %EG %Ej %Ek %El %Es %Ez %EZ %Ep %EP %En %Et %ER %ET %Er %ED %EF %Eh",
    "%OD %OF %Oc %Ox %OX %OY %Oa %OA %Ob %Oh", "%E%", "%O%", "%-%", "%5%", "%^%",
    "caf\u00e9 %Y \u00fc\u00df", "\u4e2d\u6587%m\u6708", "%\u00e9", "%^\u00e9", "%5\u00e9", "%E\u00e9",
    "\U0001f600%H", "%-%-%-", "%%%", "%%%%Y", "% ", "%\t", "%\n",
]
# Outputs near CPython's size limits (1024, 2048, ... characters, at most 256 x the format).
big = ["%2147483647Y", "%2147483648Y", "%99999999999999999999Y", "%1000000Y", "%1023Y", "%2047Y",
       "%2048Y", "%4095Y", "%1017c", "%1018c", "%2000c", "%2100c",
       "%c" * 60, "%A, %B" * 100, "x" * 1023, "x" * 1024, "%Y" * 512, "\u00e9" * 1030 + "%4000Y"]
zone_formats = [f for f in single + composite if any(c in f for c in "Zzsc")] + \
    ["%Y-%m-%d %H:%M:%S", "%a %b %e %H:%M:%S %Y"]

# struct_time values: (9 fields, zone or None, gmtoff or None). A struct_time from
# localtime()/gmtime() carries zone and gmtoff; a plain 9-tuple does not.
def plain(*fields):
    return (tuple(fields), None, None, "tuple")


def full(st):
    return (tuple(st[:9]), st.tm_zone, st.tm_gmtoff, "struct_time")


def with_zone(fields, zone, gmtoff):
    return (tuple(fields), zone, gmtoff, "struct_time")


TZS = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
       "EST+5EDT,M3.2.0/2,M11.1.0/2"]

STAMPS = [0, 1, -1, 86399, 951782400, 1704067199, 1709996400, 1710054000, 1710055800, 1710057600,
          1711846800, 1711850400, 1730613599, 1730613600, 1730617200, 1730619000, 1730620800,
          1712415600, 1712419200, 1728140400, 1728142200, 1728144000, 1719792000, 1735689599,
          -2208988800, -62135596800, 253402300799, 4102444800, 2**31, -2**31]


def times_for_tz():
    out = []
    for t in STAMPS:
        out.append(full(time.localtime(t)))
    for t in (0, 1710055800, 253402300799, -62135596800):
        out.append(full(time.gmtime(t)))
    # plain 9-tuples: every weekday, yday edges, isdst values, zero defaults, odd years
    out += [
        plain(2024, 3, 5, 14, 7, 9, 1, 65, 0),
        plain(2024, 3, 5, 14, 7, 9, 1, 65, 1),
        plain(2024, 3, 5, 14, 7, 9, 1, 65, -1),
        plain(2024, 7, 1, 0, 0, 0, 0, 183, 2),
        plain(2024, 7, 1, 12, 0, 0, 0, 183, -7),
        plain(2000, 0, 0, 0, 0, 0, 0, 0, 0),
        plain(2021, 1, 1, 0, 0, 0, 4, 1, 0),
        plain(2021, 1, 3, 23, 59, 60, 6, 3, 0),
        plain(2020, 12, 31, 12, 30, 61, 3, 366, 0),
        plain(2026, 12, 28, 11, 0, 0, 0, 362, 0),
        plain(2027, 1, 1, 1, 1, 1, 4, 1, 0),
        plain(1, 1, 1, 0, 0, 0, 0, 1, 0),
        plain(0, 6, 15, 6, 6, 6, 3, 167, 0),
        plain(-1, 2, 28, 13, 0, 0, 5, 59, 0),
        plain(-1234, 12, 31, 23, 59, 59, 6, 365, 0),
        plain(999, 9, 9, 9, 9, 9, 2, 252, 0),
        plain(9999, 12, 31, 23, 59, 59, 4, 365, 0),
        plain(10000, 1, 1, 0, 0, 0, 5, 1, 0),
        plain(123456789, 5, 5, 5, 5, 5, 1, 125, 0),
        plain(2147483647, 1, 1, 0, 0, 0, 0, 1, 0),
        plain(-2147481748, 1, 1, 0, 0, 0, 0, 1, 0),
        plain(1999, 3, 17, 22, 44, 55, 2, 76, 0),
        plain(2024, 1, 1, 0, 0, 0, 7, 1, 0),
        plain(2024, 1, 1, 0, 0, 0, 13, 1, 0),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "", 0),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 1), "", 0),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, -1), "", 7200),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "ABC", 5415),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 1), "ABC", -5415),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "+0530", 19800),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "X", -45296),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "Z\u00fcrich", 10**6),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "LONGZONENAME", 2**31 + 3600),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "NEG", -2**31),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "MIN", -2**31 - 60),
        with_zone((2024, 3, 5, 14, 7, 9, 1, 65, 0), "BIG", 2**40 + 59),
    ]
    return out


def to_struct(fields, zone, gmtoff, kind):
    if kind == "tuple":
        return fields
    return time.struct_time(fields + (zone, gmtoff))


def result(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        return [type(e).__name__, str(e)]


tables = []
for tz in TZS:
    os.environ["TZ"] = tz
    time.tzset()
    rows = []
    for i, (fields, zone, gmtoff, kind) in enumerate(times_for_tz()):
        st = to_struct(fields, zone, gmtoff, kind)
        # America/New_York gets everything (the matrix for every 8th value); the other zones
        # the formats whose output depends on the zone.
        if tz == "America/New_York":
            fmts = single + composite + (matrix if i % 8 == 0 else []) + (big if i % 20 == 0 else [])
        else:
            fmts = zone_formats
        outs = [[fmt_id(f), result(lambda: time.strftime(f, st))] for f in fmts]
        rows.append({
            "t": list(fields),
            "zone": zone,
            "gmtoff": gmtoff,
            "asctime": result(lambda: time.asctime(st)),
            "out": outs,
        })
    # glibc's tzname[] (what %Z prints for a tuple without tm_zone) follows every localtime
    # conversion, so the test replays the localtime() calls of times_for_tz() first.
    tables.append({"tz": tz, "localtime_calls": STAMPS, "timezone": time.timezone, "altzone": time.altzone,
                   "daylight": time.daylight, "tzname": list(time.tzname), "rows": rows})

# Argument checks: CPython's gettmarg() and checktm().
os.environ["TZ"] = "UTC"
time.tzset()
error_tuples = [
    (2024, 13, 1, 0, 0, 0, 0, 1, 0), (2024, -1, 1, 0, 0, 0, 0, 1, 0), (2024, 0, 1, 0, 0, 0, 0, 1, 0),
    (2024, 1, 32, 0, 0, 0, 0, 1, 0), (2024, 1, -1, 0, 0, 0, 0, 1, 0), (2024, 1, 0, 0, 0, 0, 0, 1, 0),
    (2024, 1, 1, 24, 0, 0, 0, 1, 0), (2024, 1, 1, -1, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 60, 0, 0, 1, 0),
    (2024, 1, 1, 0, -1, 0, 0, 1, 0), (2024, 1, 1, 0, 0, 62, 0, 1, 0), (2024, 1, 1, 0, 0, -1, 0, 1, 0),
    (2024, 1, 1, 0, 0, 61, 0, 1, 0), (2024, 1, 1, 0, 0, 0, -1, 1, 0), (2024, 1, 1, 0, 0, 0, -2, 1, 0),
    (2024, 1, 1, 0, 0, 0, -8, 1, 0), (2024, 1, 1, 0, 0, 0, 100, 1, 0), (2024, 1, 1, 0, 0, 0, 0, 367, 0),
    (2024, 1, 1, 0, 0, 0, 0, 366, 0), (2024, 1, 1, 0, 0, 0, 0, -1, 0), (2024, 1, 1, 0, 0, 0, 0, 0, 0),
    (-2147481749, 1, 1, 0, 0, 0, 0, 1, 0), (-2147481748, 1, 1, 0, 0, 0, 0, 1, 0),
    (2024, -2147483648, 1, 0, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 0, 0, 2147483647, 1, 0),
    (2024, 1, 1, 0, 0, 0, 0, -2147483648, 0), (2024, 1, 1, 0, 0, 0, 0, 1, -2147483648),
    (2024, 1, 1, 0, 0, 0, 0, 1, 2147483647), (2024, 14, 40, 25, 61, 62, -5, 400, 0),
]
errors = []
for fields in error_tuples:
    errors.append({"t": list(fields), "format": "%Y|%m|%d|%j|%a|%Z|%z",
                   "strftime": result(lambda: time.strftime("%Y|%m|%d|%j|%a|%Z|%z", fields)),
                   "asctime": result(lambda: time.asctime(fields))})
nul_cases = []
for f in ["a\x00b", "\x00", "%Y\x00%m"]:
    nul_cases.append({"format": f, "zone": None,
                      "strftime": result(lambda: time.strftime(f, (2024, 1, 1, 0, 0, 0, 0, 1, 0)))})
nul_cases.append({"format": "%Z", "zone": "a\x00b", "strftime": result(
    lambda: time.strftime("%Z", time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0, "a\x00b", 0))))})

# Compact JSON (one row per line): the table is large.
outputs = sum(len(r["out"]) for t in tables for r in t["rows"])
path = os.path.join(oracle.REPO, "tests/golden/time/strftime.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w", encoding="utf-8") as out:
    out.write('{"oracle": %s,\n"formats": %s,\n"errors": %s,\n"nul": %s,\n"cases": [\n' % (
        json.dumps(oracle.header()), json.dumps(formats), json.dumps(errors), json.dumps(nul_cases)))
    for k, table in enumerate(tables):
        rows = table.pop("rows")
        out.write(json.dumps(table)[:-1] + ', "rows": [\n')
        out.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in rows))
        out.write("]}" + (",\n" if k + 1 < len(tables) else "\n"))
    out.write("]}\n")
print(f"wrote tests/golden/time/strftime.json: {outputs} outputs")
