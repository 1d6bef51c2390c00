"""Golden vectors for pyos::time gmtime/localtime/mktime/ctime: CPython 3.13 on glibc.

tests/golden/time/conversions.json, one case per TZ:
  "gmtime", "localtime", "ctime": [seconds, result] with seconds an int, a float, or the
        strings "nan"/"inf"/"-inf"; result a struct_time as [9 fields, zone, gmtoff] (or the
        string for ctime), or [exception class, message].
  "mktime": [tuple, result] in call order. glibc's mktime keeps the offset it found last as
        the first guess of the next call, and for tm_isdst = -1 in a DST overlap that guess
        decides the answer; so each zone runs in a fresh interpreter, the calls are replayed
        in this order, and the C++ test resets pyos's guess before each zone.
  "zone": timezone, altzone, daylight, tzname after tzset().

Zones: the three the issue names, a 30-minute DST zone (Australia/Lord_Howe), POSIX rules,
an offset-only rule with a quoted name, a zone whose names do not change, the empty TZ
(UTC) and an unknown name (glibc falls back to UTC under that name).
"""
import json
import math
import os
import subprocess
import sys
import time

import oracle

TZS = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
       "EST+5EDT,M3.2.0/2,M11.1.0/2", "AEST-10AEDT-11,M10.5.0,M3.5.0", "<+0330>-3:30",
       "Asia/Kolkata", "America/Sao_Paulo", "", "Nowhere/Invalid"]

INT_MAX = 2**31 - 1
INT_MIN = -2**31


def stamps():
    out = [0, 1, -1, -2, 86399, 86400, 951782400, 1e10, -1e10, 2**31, -2**31, 2**31 - 1,
           2**32, 253402300799, 253402300800, -62135596800, -62135596801, -2208988800,
           67768036191676799, 67768036191676800, -67768040609740800, -67768040609740801,
           2**62, -2**62, 2**63 - 1, -2**63, 2**63,
           -1.5, -0.5, 0.5, 1.9, 1e20, -1e20, 1e200, -1e200, 2.0**63, -2.0**63,
           2.0**63 - 1024, -2.0**63 - 2048, 1710055800.999, "nan", "inf", "-inf"]
    # Both DST transitions of 2023/2024 in the northern and southern zones, to the second.
    for base in (1678604400, 1699164000, 1710054000, 1730613600,   # New York / POSIX US
                 1679792400, 1698541200, 1711846800, 1729990800,   # Berlin
                 1680346800, 1696087800, 1712415600, 1728142200,   # Lord Howe
                 1696089600, 1711814400):                          # Australian POSIX rule
        for d in (-3601, -3600, -1801, -1800, -1, 0, 1, 1799, 1800, 3599, 3600):
            out.append(base + d)
    # Old and far years: LMT, pre-1970 rules, the end of the zone files.
    for year in (1800, 1883, 1900, 1916, 1945, 1969, 1970, 2037, 2038, 2100, 2500, 9999):
        t = (year - 1970) * 31556952
        out += [t, t + 15778476]
    return out


def encode_secs(s):
    return s


def decode_secs(s):
    if s == "nan":
        return math.nan
    if s == "inf":
        return math.inf
    if s == "-inf":
        return -math.inf
    return s


def st_json(st):
    return [list(st[:9]), st.tm_zone, st.tm_gmtoff]


def result(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        return [type(e).__name__, str(e)]


def mktime_inputs():
    out = []
    # localtime round trips around the transitions
    for s in stamps():
        if isinstance(s, int) and abs(s) < 2**40:
            try:
                out.append(list(time.localtime(s)[:9]))
            except (OverflowError, OSError):
                pass
    # gaps and overlaps with every tm_isdst hint, in several orders
    for (y, m, d) in ((2024, 3, 10), (2024, 11, 3), (2024, 3, 31), (2024, 10, 27), (2024, 4, 7),
                      (2024, 10, 6), (2023, 3, 12), (2023, 11, 5)):
        for hh, mm in ((0, 30), (1, 0), (1, 30), (1, 59), (2, 0), (2, 15), (2, 30), (2, 59),
                       (3, 0), (3, 30)):
            for isdst in (-1, 0, 1, -1, 1, 0, -1):
                out.append([y, m, d, hh, mm, 0, 0, 1, isdst])
    # unnormalized fields
    for fields in ([2024, 14, 40, 25, 61, 61, 0, 1, -1], [2024, 0, 0, 0, 0, 0, 0, 0, -1],
                   [2024, -13, -40, -25, -61, -61, 0, 1, -1], [2024, 1, 1, 0, 0, 60, 0, 1, -1],
                   [2024, 1, 1, 0, 0, -1, 0, 1, -1], [2024, 1, 1, 0, 0, 0, 0, 1, 5],
                   [2024, 1, 1, 0, 0, 0, 0, 1, -5], [2024, 7, 1, 0, 0, 0, 0, 1, 0],
                   [2024, 7, 1, 0, 0, 0, 0, 1, 1], [2024, 1, 1, 0, 0, 0, 0, 1, 1],
                   [1969, 12, 31, 23, 59, 59, 0, 1, -1], [1969, 12, 31, 23, 59, 59, 0, 1, 0],
                   [1970, 1, 1, 0, 0, 0, 0, 1, -1], [2038, 1, 19, 3, 14, 8, 0, 1, -1],
                   [1901, 12, 13, 20, 45, 52, 0, 1, -1], [1, 1, 1, 0, 0, 0, 0, 1, -1],
                   [0, 1, 1, 0, 0, 0, 0, 1, -1], [-1, 1, 1, 0, 0, 0, -1, -1, -1],
                   [9999, 12, 31, 23, 59, 59, 0, 1, -1], [100000, 1, 1, 0, 0, 0, 0, 1, -1],
                   [INT_MAX, 1, 1, 0, 0, 0, 0, 1, -1], [INT_MAX, 12, 31, 23, 59, 59, 0, 1, -1],
                   [INT_MAX, 13, 1, 0, 0, 0, 0, 1, -1], [INT_MAX - 1900, 12, 31, 23, 59, 59, 0, 1, -1],
                   [INT_MIN + 1900, 1, 1, 0, 0, 0, 0, 1, -1], [INT_MIN + 1900, 0, 1, 0, 0, 0, 0, 1, -1],
                   [INT_MIN + 1899, 1, 1, 0, 0, 0, 0, 1, -1],
                   [2024, INT_MAX, INT_MAX, INT_MAX, INT_MAX, INT_MAX, 0, 1, -1],
                   [2024, INT_MIN, INT_MIN, INT_MIN, INT_MIN, INT_MIN, 0, 1, -1],
                   [2024, 1, 1, 0, 0, INT_MAX, 0, 1, -1], [2024, 1, 1, 0, 0, INT_MIN, 0, 1, -1],
                   [2024, 1, 1, 0, INT_MAX, 0, 0, 1, 1], [2024, 1, INT_MAX, 0, 0, 0, 0, 1, 0]):
        out.append(fields)
    return out


def run_zone(tz):
    """Runs in a fresh interpreter with TZ set: glibc's mktime guess starts at zero."""
    os.environ["TZ"] = tz
    time.tzset()
    case = {"tz": tz, "zone": {"timezone": time.timezone, "altzone": time.altzone,
                               "daylight": time.daylight, "tzname": list(time.tzname)}}
    case["localtime"] = [[s, result(lambda: st_json(time.localtime(decode_secs(s))))] for s in stamps()]
    case["ctime"] = [[s, result(lambda: time.ctime(decode_secs(s)))] for s in stamps()[:40]]
    case["mktime"] = [[f, result(lambda: time.mktime(tuple(f)))] for f in mktime_inputs()]
    return case


if len(sys.argv) == 3 and sys.argv[1] == "--zone":
    json.dump(run_zone(sys.argv[2]), sys.stdout)
    sys.exit(0)

oracle.check_interpreter()
cases = []
for tz in TZS:
    out = subprocess.run([sys.executable, __file__, "--zone", tz], check=True,
                         capture_output=True, text=True).stdout
    cases.append(json.loads(out))
gm = [[s, result(lambda: st_json(time.gmtime(decode_secs(s))))] for s in stamps()]

path = os.path.join(oracle.REPO, "tests/golden/time/conversions.json")
with open(path, "w", encoding="utf-8") as f:
    f.write('{"oracle": %s,\n"gmtime": [\n' % json.dumps(oracle.header()))
    f.write(",\n".join(json.dumps(g) for g in gm))
    f.write('],\n"cases": [\n')
    parts = []
    for c in cases:
        lines = ['{"tz": %s, "zone": %s,' % (json.dumps(c["tz"]), json.dumps(c["zone"]))]
        for key in ("localtime", "ctime", "mktime"):
            lines.append('"%s": [\n%s]' % (key, ",\n".join(json.dumps(x) for x in c[key])))
        parts.append(lines[0] + "\n" + ",\n".join(lines[1:]) + "}")
    f.write(",\n".join(parts))
    f.write("]}\n")
print("wrote tests/golden/time/conversions.json: %d zones, %d mktime calls" % (
    len(cases), sum(len(c["mktime"]) for c in cases)))
