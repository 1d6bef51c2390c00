"""Golden vectors for the core of pyos::logging (levels, LogRecord, Formatter, handleError).

Every file is written by asking CPython 3.13's own `logging` module; nothing here is
computed by hand. The C++ side is tests/logging/core_*.cpp.

Values (message arguments, record attributes, `defaults=`) are encoded so that the C++
test rebuilds the same pyos::logging::Value:
  null / true / false / JSON int / JSON str      None, bool, int, str
  ["float", float.hex()]                          float (hex is exact; also 'inf', 'nan')
  ["dict", [[key, value], ...]]                   dict (insertion order kept)
  ["exc", "TypeName", "message"]                  an exception instance (exc_info only)
A record is a list of [attribute, value] pairs applied with logging.makeLogRecord (C++:
pyos::logging::makeLogRecord / LogRecord::set); "args" is ["tuple", [values]] or a dict.
A result is ["ok", text] or [exception class name, str(exception)].

tests/golden/logging/
  core_levels.json     getLevelName in both directions, getLevelNamesMapping, _checkLevel,
                       and an addLevelName sequence with the whole state after each step.
  core_formatter.json  Formatter.format() of fixed records, the three styles, every record
                       attribute, width/precision specs, defaults=, missing fields,
                       exc_text / stack_info appending (converter = time.gmtime).
  core_validate.json   Formatter(fmt, style=..., validate=...) accepted or rejected.
  core_formattime.json Formatter.formatTime: datefmt, default_time_format,
                       default_msec_format, msecs edge values (converter = time.gmtime).
  core_record.json     LogRecord.getMessage() for msg/args combinations, the `extra`
                       clash (KeyError) for every reserved name, makeLogRecord.
  core_handleerror.json  the lines of Handler.handleError's report that pyos reproduces.
"""
import copy
import io
import logging
import sys
import time

import oracle

oracle.check_interpreter()

OUT = "tests/golden/logging/"


# ---- Value encoding ------------------------------------------------------------------

def enc(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        assert -(2**63) <= v < 2**64
        return v
    if isinstance(v, float):
        return ["float", v.hex()]
    if isinstance(v, dict):
        return ["dict", [[k, enc(x)] for k, x in v.items()]]
    if isinstance(v, BaseException):
        return ["exc", type(v).__name__, str(v)]
    raise TypeError(f"cannot encode {v!r}")


def enc_args(args):
    if isinstance(args, dict):
        return enc(args)
    return ["tuple", [enc(a) for a in args]]


def outcome(fn):
    try:
        return ["ok", fn()]
    except Exception as e:  # the class name and str() are the expectation
        return [type(e).__name__, str(e)]


# ---- 1. Levels ---------------------------------------------------------------------

LEVEL_INTS = [-(2**31), -10, -1, 0, 1, 5, 9, 10, 11, 15, 19, 20, 25, 29, 30, 35, 40, 45, 50, 51,
              60, 63, 64, 65, 70, 99, 100, 1000, 2**31 - 1]
LEVEL_NAMES = ["CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET",
               "info", "Warning", "warn", "", " INFO", "INFO ", "Level 10", "Level 5", "TRACE",
               "TRACE2", "NOTICE", "INFORMATION", "NEG", "10", "0", "caf\u00e9", "Level 70",
               "EMPTY"]


def level_state():
    ints = [[i, logging.getLevelName(i)] for i in LEVEL_INTS]
    names = [[n, logging.getLevelName(n)] for n in LEVEL_NAMES]
    mapping = [[k, v] for k, v in logging.getLevelNamesMapping().items()]
    checks = []
    for n in LEVEL_NAMES:
        def check(n=n):
            lg = logging.Logger("probe")
            lg.setLevel(n)
            return lg.level
        checks.append([n, outcome(check)])
    return {"int": ints, "name": names, "mapping": mapping, "check_level": checks}


def gen_levels():
    initial = level_state()
    # Each step is logging.addLevelName(level, name); the state after it is recorded whole.
    steps = [
        (5, "TRACE"),
        (25, "NOTICE"),
        (20, "INFORMATION"),   # a new name for a built-in number; "INFO" still maps to 20
        (30, "WARN"),          # an existing name moves to the front of nothing: order kept
        (35, "INFO"),          # an existing name now maps to another number
        (-5, "NEG"),
        (5, "TRACE2"),         # the number's name changes, "TRACE" still maps to 5
        (70, "Level 70"),      # a name that looks like the fallback text
        (64, "CAFE\u00e9"),
        (100, ""),             # an empty name is a name: getLevelName(100) == ''
        (10, "DEBUG"),         # re-registering the same pair changes nothing
    ]
    sequence = []
    for level, name in steps:
        logging.addLevelName(level, name)
        sequence.append({"add": [level, name], "state": level_state()})
    oracle.write_json(OUT + "core_levels.json", sequence, initial=initial)


# ---- 2. Formatter ------------------------------------------------------------------

RECORDS = {
    "plain": [
        ["name", "app.db"], ["msg", "user %s has %d items"], ["args", ("bob", 3)],
        ["levelname", "INFO"], ["levelno", 20], ["pathname", "/srv/app/db.py"],
        ["filename", "db.py"], ["module", "db"], ["exc_info", None], ["exc_text", None],
        ["stack_info", None], ["lineno", 42], ["funcName", "connect"],
        ["created", 1700000000.123456], ["msecs", 123.0], ["relativeCreated", 1234.5678],
        ["thread", 140245678901234], ["threadName", "MainThread"],
        ["processName", "MainProcess"], ["process", 4242], ["taskName", None],
    ],
    "mapping_args": [
        ["name", "svc"], ["msg", "%(user)s did %(n)d things (%(ratio).1f%%)"],
        ["args", {"user": "ann", "n": 7, "ratio": 99.44}],
        ["levelname", "WARNING"], ["levelno", 30], ["pathname", "svc.py"],
        ["filename", "svc.py"], ["module", "svc"], ["exc_info", None], ["exc_text", None],
        ["stack_info", None], ["lineno", 7], ["funcName", "<module>"],
        ["created", 0.0], ["msecs", 0.0], ["relativeCreated", 0.0],
        ["thread", 1], ["threadName", "worker-1"], ["processName", "MainProcess"],
        ["process", 1], ["taskName", None],
    ],
    "no_args": [
        ["name", "root"], ["msg", "100% done, {not a field} $notvar"], ["args", ()],
        ["levelname", "ERROR"], ["levelno", 40], ["pathname", "x"], ["filename", "x"],
        ["module", "x"], ["exc_info", None], ["exc_text", None], ["stack_info", None],
        ["lineno", 0], ["funcName", None], ["created", 1700000000.9995], ["msecs", 999.0],
        ["relativeCreated", 0.5], ["thread", None], ["threadName", None],
        ["processName", None], ["process", None], ["taskName", None],
    ],
    "unicode": [
        ["name", "caf\u00e9.\u65e5\u672c"], ["msg", "na\u00efve %s \u20ac"], ["args", ("\U0001f600",)],
        ["levelname", "CRITICAL"], ["levelno", 50], ["pathname", "/t/\u00e9.py"],
        ["filename", "\u00e9.py"], ["module", "\u00e9"], ["exc_info", None],
        ["exc_text", None], ["stack_info", None], ["lineno", 12345], ["funcName", "f"],
        ["created", 946684800.5], ["msecs", 500.0], ["relativeCreated", 99999.999],
        ["thread", 18446744073709551615], ["threadName", "T\u00e9"],
        ["processName", "Proc"], ["process", 2147483647], ["taskName", None],
    ],
    "exc_text": [
        ["name", "e"], ["msg", "failed"], ["args", ()], ["levelname", "ERROR"],
        ["levelno", 40], ["pathname", "e.py"], ["filename", "e.py"], ["module", "e"],
        ["exc_info", None], ["exc_text", "Traceback (most recent call last):\nValueError: bad"],
        ["stack_info", None], ["lineno", 1], ["funcName", "f"], ["created", 1.0],
        ["msecs", 0.0], ["relativeCreated", 1.0], ["thread", 1], ["threadName", "M"],
        ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "stack_info": [
        ["name", "s"], ["msg", "look"], ["args", ()], ["levelname", "INFO"],
        ["levelno", 20], ["pathname", "s.py"], ["filename", "s.py"], ["module", "s"],
        ["exc_info", None], ["exc_text", None],
        ["stack_info", "Stack (most recent call last):\n  File \"s.py\", line 1, in <module>"],
        ["lineno", 1], ["funcName", "f"], ["created", 1.0], ["msecs", 0.0],
        ["relativeCreated", 1.0], ["thread", 1], ["threadName", "M"],
        ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "both": [
        ["name", "b"], ["msg", "line ends\n"], ["args", ()], ["levelname", "ERROR"],
        ["levelno", 40], ["pathname", "b.py"], ["filename", "b.py"], ["module", "b"],
        ["exc_info", None], ["exc_text", "KeyError: 'k'"],
        ["stack_info", "Stack (most recent call last):"], ["lineno", 1], ["funcName", "f"],
        ["created", 1.0], ["msecs", 0.0], ["relativeCreated", 1.0], ["thread", 1],
        ["threadName", "M"], ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "empty_texts": [
        ["name", "x"], ["msg", ""], ["args", ()], ["levelname", "INFO"], ["levelno", 20],
        ["pathname", "x"], ["filename", "x"], ["module", "x"], ["exc_info", None],
        ["exc_text", ""], ["stack_info", ""], ["lineno", 1], ["funcName", "f"],
        ["created", 1.0], ["msecs", 0.0], ["relativeCreated", 1.0], ["thread", 1],
        ["threadName", "M"], ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "exc_info": [
        ["name", "x"], ["msg", "boom %s"], ["args", (1,)], ["levelname", "ERROR"],
        ["levelno", 40], ["pathname", "x"], ["filename", "x"], ["module", "x"],
        ["exc_info", ValueError("bad value")], ["exc_text", None], ["stack_info", None],
        ["lineno", 1], ["funcName", "f"], ["created", 1.0], ["msecs", 0.0],
        ["relativeCreated", 1.0], ["thread", 1], ["threadName", "M"],
        ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "exc_info_cached": [  # exc_text already set: format() does not call formatException
        ["name", "x"], ["msg", "boom"], ["args", ()], ["levelname", "ERROR"],
        ["levelno", 40], ["pathname", "x"], ["filename", "x"], ["module", "x"],
        ["exc_info", TypeError("t")], ["exc_text", "cached text"], ["stack_info", None],
        ["lineno", 1], ["funcName", "f"], ["created", 1.0], ["msecs", 0.0],
        ["relativeCreated", 1.0], ["thread", 1], ["threadName", "M"],
        ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "exc_info_empty_text": [  # exc_text '' is falsy: format() computes it again
        ["name", "x"], ["msg", "boom"], ["args", ()], ["levelname", "ERROR"],
        ["levelno", 40], ["pathname", "x"], ["filename", "x"], ["module", "x"],
        ["exc_info", TypeError("again")], ["exc_text", ""], ["stack_info", None],
        ["lineno", 1], ["funcName", "f"], ["created", 1.0], ["msecs", 0.0],
        ["relativeCreated", 1.0], ["thread", 1], ["threadName", "M"],
        ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "nonstr_msg": [
        ["name", "n"], ["msg", 12.5], ["args", ()], ["levelname", "DEBUG"], ["levelno", 10],
        ["pathname", "n"], ["filename", "n"], ["module", "n"], ["exc_info", None],
        ["exc_text", None], ["stack_info", None], ["lineno", 1], ["funcName", "f"],
        ["created", 1.0], ["msecs", 0.0], ["relativeCreated", 1.0], ["thread", 1],
        ["threadName", "M"], ["processName", "P"], ["process", 1], ["taskName", None],
    ],
    "extra_attrs": [
        ["name", "x"], ["msg", "m"], ["args", ()], ["levelname", "INFO"], ["levelno", 20],
        ["pathname", "x"], ["filename", "x"], ["module", "x"], ["exc_info", None],
        ["exc_text", None], ["stack_info", None], ["lineno", 1], ["funcName", "f"],
        ["created", 1.0], ["msecs", 0.0], ["relativeCreated", 1.0], ["thread", 1],
        ["threadName", "M"], ["processName", "P"], ["process", 1], ["taskName", None],
        ["user", "alice"], ["count", 3], ["ratio", 0.25], ["flag", True], ["nothing", None],
    ],
}

ATTRS = ["name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module",
         "exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs",
         "relativeCreated", "thread", "threadName", "processName", "process", "taskName",
         "message", "asctime"]


def formats():
    out = []  # (style, fmt, datefmt, defaults)
    for a in ATTRS:
        out.append(("%", f"%({a})s", None, None))
        out.append(("%", f"%({a})r", None, None))
        out.append(("{", "{" + a + "}", None, None))
        out.append(("{", "{" + a + "!r}", None, None))
        out.append(("$", "${" + a + "}", None, None))
        out.append(("$", "$" + a, None, None))
        out.append(("{", "{" + a + ":>30}", None, None))
        out.append(("%", f"[%({a})-30s]", None, None))
    numeric = ["levelno", "lineno", "created", "msecs", "relativeCreated", "thread", "process"]
    for a in numeric:
        for spec in ["d", "5d", "-8d", "08d", "f", ".3f", "10.2f", "e", "g", "x", "o", "i", "u"]:
            out.append(("%", f"%({a}){spec}", None, None))
        for spec in ["", ":d", ":.3f", ":10.2f", ":,", ":_", ":e", ":g", ":x", ":08.3f", ":^12"]:
            out.append(("{", "{" + a + spec + "}", None, None))
    out += [
        ("%", "%(levelname)-8s %(name)s: %(message)s", None, None),
        ("%", "%(asctime)s %(levelname)s %(message)s", None, None),
        ("%", "%(asctime)s", "%Y-%m-%dT%H:%M:%S", None),
        ("%", "%(asctime)s.%(msecs)03d %(message)s", "%H:%M:%S", None),
        ("%", "%(created)f %(msecs)03d %(relativeCreated)d", None, None),
        ("%", "%(msecs)03d|%(msecs)3.0f|%(msecs).1f", None, None),
        ("%", "%(name).3s|%(levelname).1s|%(levelname)5.2s", None, None),
        ("%", "%(levelno)+d %(levelno) d %(levelno)#x %(levelno)#o", None, None),
        ("%", "%%(name)s %% %(name)s", None, None),
        ("%", "%(message)s%(message)s", None, None),
        ("%", "%(process)d:%(thread)d:%(threadName)s:%(processName)s", None, None),
        ("%", "%(user)s %(count)d %(ratio).2f %(flag)s %(nothing)s", None, None),
        ("%", "%(user)s", None, {"user": "default-user"}),
        ("%", "%(custom)s|%(name)s", None, {"custom": "D", "name": "shadowed"}),
        ("%", "%(missing)s", None, None),
        ("%", "%(missing)s %(name)s", None, {"other": 1}),
        ("%", "%(name)d", None, None),
        ("%", "%(levelno)s %(levelno)d %(levelno)r %(levelno)a", None, None),
        ("%", "%(msg)a %(name)a", None, None),
        ("%", "%(message)s", None, None),
        ("%", "", None, None),
        ("%", None, None, None),
        ("{", "{levelname:<8} {name}: {message}", None, None),
        ("{", "{asctime} {message}", None, None),
        ("{", "{asctime}", "%d/%m/%Y %H-%M-%S", None),
        ("{", "{msecs:03.0f} {msecs:03d}", None, None),
        ("{", "{created:.6f} {relativeCreated:.3f}", None, None),
        ("{", "{msecs:03.0f}", None, None),
        ("{", "{{literal}} {name}", None, None),
        ("{", "{name!s:*^20}|{levelno:#x}", None, None),
        ("{", "{args[0]}", None, None),
        ("{", "{user} {count:03d} {ratio:.1%} {flag} {nothing}", None, None),
        ("{", "{user}", None, {"user": "default-user"}),
        ("{", "{custom}|{name}", None, {"custom": "D", "name": "shadowed"}),
        ("{", "{missing}", None, None),
        ("{", "{name:d}", None, None),
        ("{", "{message}", None, None),
        ("{", "", None, None),
        ("{", None, None, None),
        ("$", "${levelname} ${name}: ${message}", None, None),
        ("$", "$asctime $message", None, None),
        ("$", "${asctime}", "%j %a %b", None),
        ("$", "$$ ${name}$$", None, None),
        ("$", "${msecs} ${created}", None, None),
        ("$", "$user ${count} $ratio $flag $nothing", None, None),
        ("$", "${user}", None, {"user": "default-user"}),
        ("$", "${custom}|$name", None, {"custom": "D", "name": "shadowed"}),
        ("$", "${missing}", None, None),
        ("$", "$message", None, None),
        ("$", "", None, None),
        ("$", None, None, None),
    ]
    return out


def build_record(spec):
    d = {}
    for key, value in spec:
        if key == "exc_info" and isinstance(value, BaseException):
            value = (type(value), value, None)  # sys.exc_info() shape, no traceback
        d[key] = value
    return logging.makeLogRecord(d)


def encode_record(spec):
    out = []
    for key, value in spec:
        out.append([key, enc_args(value) if key == "args" else enc(value)])
    return out


def gen_formatter():
    cases = []
    for style, fmt, datefmt, defaults in formats():
        for rname in RECORDS:
            record = build_record(RECORDS[rname])

            def run():
                f = logging.Formatter(fmt, datefmt, style=style, validate=False, defaults=defaults)
                f.converter = time.gmtime
                return f.format(record)

            res = outcome(run)
            cases.append({"record": rname, "style": style, "fmt": fmt, "datefmt": datefmt,
                          "defaults": None if defaults is None else enc(defaults),
                          "result": res})
    records = {name: encode_record(spec) for name, spec in RECORDS.items()}
    oracle.write_json(OUT + "core_formatter.json", cases, records=records)


# ---- 3. validate -------------------------------------------------------------------

VALIDATE = {
    "%": ["%(message)s", "%(message)", "message", "%(asctime)s %(levelname)-8s %(message)s",
          "%(name)s %d", "%s", "%(a)s %(b)", "%(levelno)05.2f", "%(levelno)z",
          "%%(message)s", "%(message)s%%", "%(name)-10.5s", "%()s", "%(m", "%(message)s %",
          "{message}", "${message}", "%(message)r %(message)a", "%(message) +#d",
          "%(mess age)s", "\u00e9%(message)s"],
    "{": ["{message}", "{message", "message}", "message", "{}", "{0}", "{message!r}",
          "{message!z}", "{message:>10}", "{message:<<<}", "{message:{width}}",
          "{message!r:^20}", "{{message}}", "{{literal}} {name}", "{a.b}", "{a[0]}",
          "{message}{", "}{message}", "%(message)s", "${message}", "{message:d}",
          "{message:%Y}", "{ message}", "{message!}", "{message:}", "{asctime:=^30}"],
    "$": ["${message}", "$message", "message", "$$message", "$$", "${message", "$ message",
          "${1}", "$1", "%(message)s", "{message}", "$message$", "${message}$name",
          "${mes sage}", "$_ok", "$\u00e9t\u00e9", "${}", "$$$message"],
    "x": ["%(message)s", "anything"],
    "": ["%(message)s"],
}


def gen_validate():
    cases = []
    for style, fmts in VALIDATE.items():
        for fmt in fmts:
            for validate in (True, False):
                res = outcome(lambda: (logging.Formatter(fmt, style=style, validate=validate)._fmt))
                cases.append([style, fmt, validate, res])
    for style in ("%", "{", "$"):  # fmt=None and fmt='' take the style's default
        for fmt in (None, ""):
            res = outcome(lambda: logging.Formatter(fmt, style=style)._fmt)
            cases.append([style, fmt, True, res])
    oracle.write_json(OUT + "core_validate.json", cases)


# ---- 4. formatTime ------------------------------------------------------------------

def gen_formattime():
    # created values and the msecs LogRecord.__init__ would compute for them from time_ns.
    times = [(0.0, 0.0), (0.999, 999.0), (1700000000.0, 0.0), (1700000000.123456, 123.0),
             (1700000000.9995, 999.0), (1700000000.5, 500.0), (946684799.999999, 999.0),
             (1234567890.001, 1.0), (951782400.25, 250.0), (4102444800.75, 750.0),
             (-1.5, 500.0), (86399.0, 0.0)]
    msec_formats = ["%s,%03d", "%s.%03d", None, "", "%s", "%s:%04.1f", "[%s|%d]", "%s,%03d ms",
                    "%s.%03.0f"]
    time_formats = ["%Y-%m-%d %H:%M:%S", "%H:%M:%S", "%d/%b/%Y:%H:%M:%S %z", "%c", "%s",
                    "%a %Z %j %U %w %%", ""]
    datefmts = [None, "", "%Y", "%Y-%m-%dT%H:%M:%SZ", "%H:%M:%S,%f", "%I:%M %p",
                "%x %X", "%G-W%V-%u", "literal only", "%e %k %l", "%%Y", "%z %Z"]
    cases = []
    for created, msecs in times:
        record = logging.makeLogRecord({"created": created, "msecs": msecs})
        for datefmt in datefmts:
            for mf in msec_formats:
                for tf in time_formats[:3] if datefmt is not None else time_formats:
                    f = logging.Formatter()
                    f.converter = time.gmtime
                    f.default_msec_format = mf
                    f.default_time_format = tf
                    res = outcome(lambda: f.formatTime(record, datefmt))
                    cases.append({"created": enc(created), "msecs": enc(msecs), "datefmt": datefmt,
                                  "default_msec_format": mf, "default_time_format": tf,
                                  "result": res})
    oracle.write_json(OUT + "core_formattime.json", cases)


# ---- 9 & 8. LogRecord: getMessage, extra, makeLogRecord -------------------------------

def gen_record():
    messages = [
        ("plain", ()), ("%s", ("x",)), ("%s %s", ("a", "b")), ("%d%%", (50,)),
        ("%(a)s-%(b)s", ({"a": 1, "b": 2},)), ("%(a)s", ({"a": {"nested": 1}},)),
        ("%s", ({"a": 1},)), ("%s", ({},)), ("no args %s", ()), ("100%", ()),
        ("%s", (None,)), ("%r", ("q'uote",)), ("%5.2f|%-5d|%x", (3.14159, 42, 255)),
        ("%s %s", ("only one",)), ("%s", ("a", "b")), ("%d", ("x",)), ("%(k)s", ("tuple",)),
        ("%(missing)s", ({"k": 1},)), ("%z", (1,)), ("%", (1,)), ("%s", (True,)),
        ("%d", (True,)), ("%s", (1e16,)), ("%s", (0.1,)), ("%.0f", (2.5,)),
        ("%c", (65,)), ("%c", ("\u00e9",)), ("%a", ("\u00e9",)), ("caf\u00e9 %s", ("\u20ac",)),
        ("%s and %s", ({"a": 1}, {"b": 2})), ("%(a)s", ({"a": 1}, 2)),
        (12, ()), (12, (1,)), (1.5, ()), (None, ()), (True, ()), ({"k": "v"}, ()),
        ("%s", (float("inf"),)), ("%e", (float("nan"),)), ("%i|%u", (-7, 7)),
        ("%%", ()), ("%%", (1,)), ("%*d", (5, 1)), ("%.*f", (2, 3.14159)),
        ("%(a)*d", ({"a": 1},)),
    ]
    get_message = []
    for msg, args in messages:
        def run(msg=msg, args=args):
            r = logging.LogRecord("n", logging.INFO, "p", 1, msg, args, None)
            return r.getMessage()
        get_message.append({"msg": enc(msg), "args": enc_args(args), "result": outcome(run)})

    reserved = ["name", "msg", "args", "levelname", "levelno", "pathname", "filename",
                "module", "exc_info", "exc_text", "stack_info", "lineno", "funcName",
                "created", "msecs", "relativeCreated", "thread", "threadName",
                "processName", "process", "taskName", "message", "asctime"]
    allowed = ["user", "Name", "msg_", "getMessage", "levelName", "MESSAGE", "asctime2",
               "_name", "\u00e9", ""]
    extra = []
    logger = logging.getLogger("extra.probe")
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    for key in reserved + allowed:
        res = outcome(lambda: logger.warning("x", extra={key: 1}) or "")
        extra.append([key, res])
    # makeRecord directly, and with two keys of which the second clashes (nothing is added
    # before the check in Python: the first key is still checked first).
    res = outcome(lambda: logger.makeRecord("n", 20, "f", 1, "m", (), None, extra={"ok": 1, "msg": 2}) and "")
    extra.append(["ok+msg", res])

    # makeLogRecord: attributes a record gets from the defaults, then overrides.
    mk = []
    for attrs in [{}, {"name": "a.b", "msg": "hello %s", "args": ("you",), "levelno": 30,
                       "levelname": "WARNING"},
                  {"msg": "%(x)s", "args": {"x": 5}},
                  {"custom": "c", "lineno": 99, "funcName": "fn"},
                  {"msg": "no args"}, {"levelno": 25}]:
        r = logging.makeLogRecord(attrs)
        mk.append({
            "attrs": [[k, enc_args(v) if k == "args" else enc(v)] for k, v in attrs.items()],
            "name": enc(r.name), "msg": enc(r.msg), "levelname": enc(r.levelname),
            "pathname": r.pathname, "filename": r.filename, "module": r.module,
            "lineno": r.lineno, "funcName": enc(r.funcName), "exc_text": enc(r.exc_text),
            "stack_info": enc(r.stack_info), "message": outcome(r.getMessage),
            "custom": enc(getattr(r, "custom", None)),
            "formatted": outcome(lambda: logging.Formatter(
                "%(name)s|%(levelname)s|%(pathname)s|%(filename)s|%(module)s|%(lineno)d|"
                "%(funcName)s|%(message)s").format(r)),
        })
    # A record factory's attributes are in the record's __dict__ before extra= is checked.
    def factory(*a, **k):
        r = logging.LogRecord(*a, **k)
        r.user = "factory"
        return r
    logging.setLogRecordFactory(factory)
    try:
        for key in ["user", "other"]:
            res = outcome(lambda: logger.warning("x", extra={key: 1}) or "")
            extra.append(["factory:" + key, res])
    finally:
        logging.setLogRecordFactory(logging.LogRecord)

    # An "args" that is not a tuple is Python's args object itself: getMessage formats only
    # when it is true, %(args)s prints it, and handleError's "Arguments:" line is str() of it.
    args_objects = []
    f = logging.Formatter("%(args)s|%(message)s")
    for msg, value in [("a %s", 0), ("a %s", ""), ("a %s", False), ("a %s 100%", {}), ("a %s", None),
                       ("a %s", "xy"), ("a %s", 5), ("a %(k)s", {"k": 1}), ("a %s", 0.0), ("a %s", 2.5),
                       ("a %s", True), ("a %s", -1)]:
        r = logging.makeLogRecord({"msg": msg, "args": value})
        args_objects.append({"msg": msg, "args": enc(value), "formatted": outcome(lambda: f.format(r))})
    err = io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        logging.StreamHandler(io.StringIO()).handle(logging.makeLogRecord({"msg": "%d", "args": "xy"}))
    finally:
        sys.stderr = saved
    arguments_line = [ln for ln in err.getvalue().splitlines() if ln.startswith("Arguments: ")][0]

    # created, msecs and asctime (gmtime) from time_ns, as LogRecord.__init__ computes them
    # (time.time_ns patched): in the last ~100 ns of a second created (ns / 1e9) rounds up to
    # the next one, and msecs is then 0; Python's // and % floor for times before 1970.
    times = []
    real_time_ns = time.time_ns
    for ns in [0, 1, 999_999_999, 1_000_000_000, 1_700_000_000_123_456_789,
               1_700_000_000_999_000_000, 1_700_000_000_999_999_940, 1_700_000_000_999_999_950,
               1_700_000_000_999_999_999, 1_795_400_206_998_999_999, 1_795_400_206_999_999_000,
               1_795_400_206_999_999_880, 1_795_400_206_999_999_901, 1_795_400_206_999_999_999,
               9_000_000_000_999_999_999, -1, -100, -999_999_999, -1_000_000_000, -1_000_000_001,
               -1_500_000_000]:
        time.time_ns = lambda ns=ns: ns
        try:
            r = logging.LogRecord("n", logging.INFO, "p", 1, "m", (), None)
        finally:
            time.time_ns = real_time_ns
        f = logging.Formatter("%(asctime)s")
        f.converter = time.gmtime
        times.append({"ns": ns, "created": r.created, "msecs": r.msecs, "asctime": outcome(lambda: f.format(r))})
    oracle.write_json(OUT + "core_record.json", get_message, extra=extra, makeLogRecord=mk, times=times,
                      args_objects=args_objects, args_object_arguments_line=arguments_line,
                      vars=gen_vars(), queue=gen_queue())


# A QueueHandler and a QueueListener: QueueHandler.prepare() formats the record with its own
# formatter and copies it, msg and message that text, args, exc_info, exc_text and stack_info
# None; the listener's thread hands the copy to its handler, which formats it again. The C++ twin
# (tests/logging/core_record_test.cpp) builds the two from Handler and a thread.
def gen_queue():
    import logging.handlers
    import queue
    q = queue.SimpleQueue()
    out = io.StringIO()
    target = logging.StreamHandler(out)
    target.setFormatter(logging.Formatter(
        "%(name)s|%(levelname)s|%(message)s|%(user)s|%(args)s|%(exc_text)s|%(stack_info)s"))
    qh = logging.handlers.QueueHandler(q)
    qh.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    lg = logging.getLogger("queue.probe")
    lg.propagate = False
    lg.setLevel(logging.DEBUG)
    lg.addHandler(qh)
    listener = logging.handlers.QueueListener(q, target)
    listener.start()
    try:
        lg.info("a %s %d", "text", 7, extra={"user": "u1"})
        lg.warning("%(k)s and %(n)05.1f", {"k": "mapped", "n": 2.25}, extra={"user": "u2"})
        lg.error("caf\u00e9 %r", "\u20ac", extra={"user": "u3"},
                 exc_info=(ValueError, ValueError("bad"), None))
        lg.debug("%s", "x" * 300, extra={"user": "u4"})
    finally:
        listener.stop()
        lg.removeHandler(qh)
    return out.getvalue()


# vars(record) (record.__dict__) after a sequence of steps, as a handler that pickles or
# queues a record sees it: its keys in order, each with repr(value). The values that differ
# from one process or run to another (relativeCreated, thread, threadName, process) are null:
# only their place is compared.
VOLATILE = {"relativeCreated", "thread", "threadName", "process"}
# Every case's record has these too: created and msecs so that asctime is fixed, a name and
# a level because makeLogRecord's None for them is a documented deviation of pyos's.
PINNED = [["name", "vars.case"], ["levelno", 20], ["levelname", "INFO"],
          ["created", 1_700_000_000.25], ["msecs", 250.0]]


def gen_vars():
    scenarios = {
        "plain": [["make", [["msg", "m %s"], ["args", ("x",)]]]],
        "extras": [["make", [["msg", "m"], ["user", "u"], ["n", 5]]]],
        "mapping_args": [["make", [["msg", "%(k)s"], ["args", {"k": 1}]]]],
        "formatted": [["make", [["user", "u"]]], ["format", "%(asctime)s %(message)s"]],
        "formatted_no_time": [["make", [["user", "u"]]], ["format", "%(message)s"]],
        "late_extra_then_time": [["make", []], ["format", "%(message)s"], ["set", "late", 1],
                                 ["format", "%(asctime)s"]],
        "asctime_set_first": [["make", []], ["set", "asctime", "T"], ["format", "%(message)s"]],
        "extras_around_format": [["make", [["a", 1]]], ["set", "b", 2], ["format", "%(message)s"],
                                 ["set", "c", 3], ["format", "%(asctime)s|%(message)s"]],
        "copied": [["make", [["x", 1]]], ["format", "%(asctime)s|%(message)s"], ["copy"],
                   ["set", "y", "after copy"]],
        "standard_reassigned": [["make", [["z", 0]]], ["set", "name", "renamed"], ["set", "lineno", 7],
                                ["set", "levelno", 30]],
        "exc_info": [["make", [["msg", "failed"], ["exc_info", ValueError("bad")]]],
                     ["format", "%(message)s"]],
        "stack_info": [["make", [["stack_info", "Stack (most recent call last):\n  here"]]]],
        "queue_prepare": [["make", [["msg", "a %s"], ["args", ("b",)], ["user", "u"]]],
                          ["format", "%(levelname)s:%(message)s"], ["copy"], ["set", "message", "INFO:a b"],
                          ["set", "msg", "INFO:a b"], ["set", "args", None], ["set", "exc_text", None]],
    }
    out = []
    for name, steps in scenarios.items():
        record = None
        for step in steps:
            if step[0] == "make":
                record = build_record(step[1] + PINNED)
            elif step[0] == "set":
                setattr(record, step[1], step[2])
            elif step[0] == "format":
                f = logging.Formatter(step[1])
                f.converter = time.gmtime
                f.format(record)
            elif step[0] == "copy":
                record = copy.copy(record)
        got = [[k, None if k in VOLATILE else repr(v)] for k, v in vars(record).items()]
        encoded = []
        for step in steps:
            if step[0] == "make":
                encoded.append(["make", encode_record(step[1] + PINNED)])
            elif step[0] == "set":
                encoded.append(["set", step[1], enc(step[2])])
            else:
                encoded.append(step)
        out.append({"id": name, "steps": encoded, "vars": got})
    return out


# ---- 7. handleError -----------------------------------------------------------------

def gen_handleerror():
    combos = [
        ("%d", ("x",)), ("%s %s", ("a",)), ("%s", ("a", "b")), ("%(key)s", ({"other": 1},)),
        ("%(key)s", ("a",)), ("%z", (1,)), ("%d items", ("many",)), ("%.2f", ("pi",)),
        ("%c", ("ab",)), ("%c", (-1,)), ("caf\u00e9 %d", ("\u20ac",)), ("%s %s %s", (1, 2)),
        (12, (1,)), ("%(a)s %s", ({"a": 1},)), ("%*d", ("w", 1)), ("%", (1,)),
    ]
    cases = []
    for msg, args in combos:
        cases.append(handle_error_case(msg, args, "%(message)s"))
    # A format that fails (the record itself is fine).
    for fmt in ["%(missing)s", "%(name)d", "%(message)s %(levelno)s %(missing2)s"]:
        cases.append(handle_error_case("ok %s", ("x",), fmt))
    oracle.write_json(OUT + "core_handleerror.json", cases)


def handle_error_case(msg, args, fmt):
    err = io.StringIO()
    out = io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        h = logging.StreamHandler(out)
        h.setFormatter(logging.Formatter(fmt, validate=False))
        lg = logging.Logger("he")
        lg.addHandler(h)
        lg.error(msg, *args)
    finally:
        sys.stderr = saved
    text = err.getvalue()
    lines = text.split("\n")
    assert lines[0] == "--- Logging error ---", text
    call = lines.index("Call stack:")
    exc_line = lines[call - 1]
    # The exception part without its traceback frames: each exception's line, and the text
    # that joins a chain ("During handling of the above exception, ...").
    exc_lines = [ln for ln in lines[1:call]
                 if not ln.startswith("Traceback (most recent call last):") and not ln.startswith("  ")]
    tail = [ln for ln in lines if ln.startswith("Message: ") or ln.startswith("Arguments: ")]
    return {"msg": enc(msg), "args": enc_args(args), "fmt": fmt, "exception": exc_line,
            "exception_lines": exc_lines,
            "message_line": tail[0], "arguments_line": tail[1], "stream": out.getvalue(),
            "cpython_report": text}


gen_formatter()
gen_validate()
gen_formattime()
gen_record()
gen_handleerror()
gen_levels()  # last: addLevelName changes the registry for the rest of the process
