"""Golden vectors for pyos::errno_ and the OSError family.

tests/golden/errno/errno.json   every errno symbol, errorcode, os.strerror
tests/golden/errno/oserror.json for every errno value (and some unknown ones), the class
                                and str() of OSError(errno, os.strerror(errno), *filenames)
                                with no, one and two filenames of each kind (str, bytes, int)

Filenames are given as the bytes os.fsencode() makes of them (hex), because a Python str
filename may hold lone surrogates (undecodable bytes) that JSON cannot carry; pyos holds a
str as exactly those bytes.
"""
import errno
import os

import oracle

oracle.check_interpreter()

symbols = sorted(
    ({"name": n, "value": getattr(errno, n)} for n in dir(errno) if n.startswith("E")),
    key=lambda s: (s["value"], s["name"]),
)
errorcode = [{"value": v, "name": n} for v, n in sorted(errno.errorcode.items())]
values = sorted(errno.errorcode)
unknown = [0, -1, 134, 200, 4095, 9999]
strerror = [{"value": v, "text": os.strerror(v)} for v in values + unknown]
oracle.write_json(
    "tests/golden/errno/errno.json",
    symbols,
    errorcode=errorcode,
    strerror=strerror,
    names_count=len(symbols),
    values_count=len(errorcode),
)

# Filenames that exercise repr(): quoting rules, escapes, non-ASCII printable and not,
# undecodable bytes (surrogateescape), and the other kinds Python accepts.
str_names = [
    "x",
    "dir/file.txt",
    "it's",
    'say "hi"',
    "both ' and \"",
    "back\\slash",
    "tab\there\nnewline\rcr",
    "nul\x00byte",
    "\x7fdel\x1b[0m",
    "caf\u00e9 \u4e2d\u6587 \U0001f600",
    "zero\u200bwidth \u00a0nbsp \u2028ls",
    "\x85nel \xad shy",
    "\U000e0001tag \U0010fffe",
    os.fsdecode(b"\xff\xfe undecodable \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80"),
    "",
]
kinds = [("str", os.fsencode(s)) for s in str_names]
kinds += [("bytes", b) for b in [b"x", b"it's", b"\xff\x00\n\\", b'"\'']]
kinds += [("fd", n) for n in [3, -1]]


def as_json(kind, value):
    if kind == "fd":
        return {"kind": "fd", "number": value}
    return {"kind": kind, "hex": value.hex()}


def as_python(kind, value):
    return os.fsdecode(value) if kind == "str" else value


def case(code, names):
    args = [code, os.strerror(code)]
    if len(names) >= 1:
        args.append(as_python(*names[0]))
    if len(names) == 2:
        args += [None, as_python(*names[1])]
    exc = OSError(*args)
    out = {
        "errno": code,
        "filenames": [as_json(*n) for n in names],
        "type": type(exc).__name__,
        "str": str(exc),
        "filename": None if exc.filename is None else repr(exc.filename),
        "filename2": None if exc.filename2 is None else repr(exc.filename2),
    }
    if isinstance(exc, BlockingIOError):
        try:
            out["characters_written"] = exc.characters_written
        except AttributeError:
            out["characters_written"] = None
    return out


cases = []
for code in values + unknown:
    cases.append(case(code, []))
    cases.append(case(code, [kinds[0]]))
    cases.append(case(code, [kinds[0], ("str", b"y")]))
for i, k in enumerate(kinds):
    for code in (errno.ENOENT, errno.EAGAIN, errno.EXDEV):
        cases.append(case(code, [k]))
        cases.append(case(code, [k, kinds[(i + 3) % len(kinds)]]))
oracle.write_json("tests/golden/errno/oserror.json", cases)
