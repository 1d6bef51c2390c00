"""Golden vectors for pyos::os::path (posixpath + genericpath on Linux).

tests/golden/os_path/pure.json        join, split, splitext, splitroot, splitdrive, normpath,
                                      normcase, basename, dirname, isabs, commonpath,
                                      commonprefix: edge inputs and seeded random ones
tests/golden/os_path/cwd.json         abspath and relpath with a pinned current directory
tests/golden/os_path/expanduser.json  expanduser with pinned HOME values, HOME unset, ~user
                                      (users present on every Debian, and surely missing)
tests/golden/os_path/expandvars.json  expandvars with a pinned environment

A path is written as a JSON string when its bytes (os.fsencode) are UTF-8, else as
{"hex": "..."} of its bytes: a str with lone surrogates (undecodable bytes, as os.fsdecode
makes them) cannot travel in JSON, and pyos holds such a str as exactly those bytes. Every
str case is also run as bytes and must agree (except commonprefix, which compares
characters), which checks that pyos's one-string-type model loses nothing.
"""
import os
import posixpath
import pwd
import random
import re

import oracle

oracle.check_interpreter()

SEED = 20240603
rng = random.Random(SEED)


# Joining two decoded strs can give a str whose escaped bytes are valid UTF-8 together (the
# escapes of E2 82 followed by the escape of AC are the bytes of the euro sign): no file name
# decodes to that, and pyos (which holds bytes) cannot tell it from the decoded one, so
# every input is made canonical.
def canon(s):
    """The str that os.fsdecode makes of the bytes of s."""
    return os.fsdecode(os.fsencode(s))


def enc(s):
    assert s == canon(s), repr(s)
    b = os.fsencode(s)
    try:
        b.decode("utf-8")
        return s
    except UnicodeDecodeError:
        return {"hex": b.hex()}


def enc_value(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, str):
        return enc(v)
    if isinstance(v, (tuple, list)):
        return [enc_value(x) for x in v]
    raise TypeError(v)


def to_bytes(v):
    if isinstance(v, str):
        return os.fsencode(v)
    if isinstance(v, (list, tuple)):
        return type(v)(to_bytes(x) for x in v)
    return v


def call(fname, fn, args, check_bytes=True):
    case = {"f": fname, "args": [enc_value(a) for a in args]}
    try:
        out = fn(*args)
    except Exception as e:  # noqa: BLE001 - every raise is part of the contract
        case["raises"] = {"type": type(e).__name__, "msg": str(e)}
        if check_bytes:
            try:
                fn(*to_bytes(args))
            except Exception as eb:  # noqa: BLE001
                assert type(eb) is type(e), (fname, args, e, eb)
            else:
                raise AssertionError(f"{fname}{args!r}: bytes did not raise")
        return case
    case["out"] = enc_value(out)
    if check_bytes:
        outb = fn(*to_bytes(args))
        assert to_bytes(out) == outb, (fname, args, out, outb)
    return case


def fs(b):
    """A str from bytes, as os.fsdecode (undecodable bytes become lone surrogates)."""
    return os.fsdecode(b)


# ---- inputs -----------------------------------------------------------------------------

EDGE = [
    "", "/", "//", "///", "////", ".", "..", "./", "../", "/.", "/..", "//.", "//..", "///..",
    "./.", "././", "..//..", "a", "a/", "a//", "a///", "/a", "//a", "///a", "////a", "a/b",
    "a//b", "a/./b", "a/../b", "a/b/..", "a/b/../..", "a/b/../../..", "../..", "../../a",
    "a/../..", "/../a", "//../a", "///../a", "/a/b/../../..", "//a/b/../..", "a/b/", "/a/b/",
    "//a/b//", ".a", "..a", "a.", "a..", "a.b", "a.b.c", ".a.b", "..a.b", "a/.b", "a/..b",
    "a./b", "a.b/", "a.b/c", "/a.b/c.d", "...", "....", "..../x", ".../a.b", "a/...", "a/.",
    "a/./", "/.a", "/..a", "//.a", "~", "~/a", "~root", "$x", "${x}", "a b/c d.e",
    "a\x00b", "\x00", "/\x00/..", "a\x00.b", "\x00/\x00", ".\x00", "..\x00",
    fs(b"\xff"), fs(b"\xff/\xfe.x"), fs(b"a\x80b/c.\x81"), fs(b"\xe2\x82"), fs(b"\xe2\x82/.."),
    fs(b"\xed\xa0\x80.x"), fs(b"\xc3"), fs(b".\xc3\xa9"), "caf\u00e9", "\u20ac/\u20ac.txt",
    "\u65e5\u672c/\u8a9e.txt", "/usr/lib/libc.so.6", "/usr/lib/python3.11/os.py",
    "foo/bar/baz.tar.gz", "/home/user/.bashrc", "/home/user/.config/", "a\\b/c\\d.e",
]

TOKENS = [
    "/", "/", "/", "//", "///", ".", ".", "..", "..", "...", "a", "b", "c", "abc", ".x", "x.",
    "x.y", "~", "$", "{", "}", " ", "\x00", "\\", fs(b"\xff"), fs(b"\x80"), "\u00e9", "\u20ac",
    fs(b"\xe2\x82"), fs(b"\xc3"), "\U0001f600",
]


def random_path(max_tokens=8):
    return canon("".join(rng.choice(TOKENS) for _ in range(rng.randint(0, max_tokens))))


RANDOM = [random_path() for _ in range(700)]
INPUTS = EDGE + RANDOM

# ---- pure functions ---------------------------------------------------------------------

pure = []
for name in ["split", "splitext", "splitroot", "splitdrive", "normpath", "normcase",
             "basename", "dirname", "isabs"]:
    fn = getattr(posixpath, name)
    for p in INPUTS:
        pure.append(call(name, fn, [p]))

join_inputs = []
for a in EDGE[:40]:
    for b in ["", "/", "b", "/b", "b/", "//b", "..", "."]:
        join_inputs.append([a, b])
for _ in range(900):
    join_inputs.append([random_path(5) for _ in range(rng.randint(1, 5))])
for args in join_inputs:
    pure.append(call("join", posixpath.join, args))

path_lists = [[], [""], ["/"], ["a"], ["/a", "a"], ["a", "/a"], ["/usr/lib", "/usr/local/lib"],
              ["/usr/lib", "/usr/lib/"], ["/usr/lib", "/usr/lib2"], ["a/b", "a/./b/c"],
              ["//a", "/a"], ["/a//b", "/a/b/c"], ["", "a"], [".", "./a"], ["..", "../a"],
              ["a", "a"], ["\u00e9", "\u00e8"], [fs(b"\xc3"), "\u00e9"], ["\u20ac", fs(b"\xe2\x82")],
              [fs(b"\xe2\x82a"), "\u20ac"], ["abc", "abd", "ab"], ["a\x00b", "a\x00c"]]
for _ in range(700):
    base = random_path(6)
    items = []
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        if choice < 0.4:
            items.append(canon(base + random_path(3)))
        elif choice < 0.6:
            items.append(base[: rng.randint(0, len(base))])
        else:
            items.append(random_path(6))
    path_lists.append(items)
for lst in path_lists:
    pure.append(call("commonpath", posixpath.commonpath, [lst]))
    pure.append(call("commonprefix", posixpath.commonprefix, [lst], check_bytes=False))

oracle.write_json("tests/golden/os_path/pure.json", pure, seed=SEED)

# ---- abspath / relpath with a pinned current directory ----------------------------------

cwd_cases = []
REL_EXTRA = ["/usr", "/usr/share", "/usr/share/doc", "share", "share/doc", "..", "../..",
             "../../..", "/", "//", "//usr", "doc/../..", "usr/share"]
for cwd in ["/", "/usr/share"]:
    os.chdir(cwd)
    actual = os.getcwd()
    cases = []
    for p in INPUTS[:300] + REL_EXTRA:
        cases.append(call("abspath", posixpath.abspath, [p]))
    starts = [None, "", ".", "/", "..", "/usr", "/usr/share/doc", "a/b", "../x", "//", "share/."]
    for p in EDGE + REL_EXTRA:
        for start in starts:
            args = [p] if start is None else [p, start]
            cases.append(call("relpath", posixpath.relpath, args))
    for _ in range(900):
        p = canon(rng.choice(REL_EXTRA + [""]) + random_path(5))
        start = rng.choice([None] + REL_EXTRA) if rng.random() < 0.5 else random_path(5)
        args = [p] if start is None else [p, start]
        cases.append(call("relpath", posixpath.relpath, args))
    cwd_cases.append({"cwd": enc(actual), "cases": cases})
os.chdir("/")
oracle.write_json("tests/golden/os_path/cwd.json", [c for g in cwd_cases for c in g["cases"]],
                  groups=[{"cwd": g["cwd"], "count": len(g["cases"])} for g in cwd_cases])

# ---- expanduser -------------------------------------------------------------------------

# Users every Debian system has (base-passwd), with their home recorded so that the test can
# check it sees the same password database; and names that surely do not exist.
USERS = ["root", "daemon", "bin", "nobody"]
passwd = {u: pwd.getpwnam(u).pw_dir for u in USERS}
self_uid = os.getuid()
self_home = pwd.getpwuid(self_uid).pw_dir
MISSING = ["pyos_no_such_user_q7x", "pyos-missing.user", "\u00e9t\u00e9", fs(b"nouser\xff")]

user_inputs = ["~", "~/", "~/a", "~//a", "~/a/", "x~", " ~", "~~", "~~/a", "/~", "", "a/~/b",
               "~/\x00", "~" + fs(b"\xff"), "~.", "~..", "~../a"]
for u in USERS + MISSING:
    user_inputs += ["~" + u, "~" + u + "/", "~" + u + "/a/b", "~" + u + "//a", "~" + u + "x"]
user_inputs += ["~a\x00b", "~\x00", "~\x00/x", "~root\x00/x"]
for _ in range(300):
    head = "~" + rng.choice(["", "", "root", "daemon", "pyos_no_such_user_q7x", "bin", "nob", "."])
    user_inputs.append(canon(head + rng.choice(["", "/"]) + random_path(4)))

HOMES = ["/home/user", "/home/user/", "/", "//", "///", "", "relative/home", "/h" + fs(b"\xff"),
         "/home/~user", "/a b/c", "~"]
expanduser_cases = []
for home in HOMES:
    os.environ["HOME"] = home
    # HOME matters only for "~" and "~/..."; the first value also runs every other input.
    for p in user_inputs if home == HOMES[0] else [p for p in user_inputs if p[:2] in ("~", "~/")]:
        c = call("expanduser", posixpath.expanduser, [p])
        c["home"] = enc(home)
        expanduser_cases.append(c)
del os.environ["HOME"]
for p in user_inputs:
    c = call("expanduser", posixpath.expanduser, [p])
    c["home"] = None  # HOME not in os.environ: the password database's entry for getuid()
    expanduser_cases.append(c)
oracle.write_json("tests/golden/os_path/expanduser.json", expanduser_cases,
                  passwd={u: enc(h) for u, h in passwd.items()}, missing=[enc(m) for m in MISSING],
                  uid=self_uid, uid_home=enc(self_home))

# ---- expandvars -------------------------------------------------------------------------

ENV = {
    "foo": "bar", "spam": "eggs", "empty": "", "A1": "a-one", "_u": "under", "dollar": "$foo",
    "brace": "${foo}", "slash": "/x/", "nonascii": "\u00e9t\u00e9", "raw": fs(b"\xff\xfe"),
    "with space": "ws", "a{b": "brace-name", "\u00e9": "accented-name", "long": "L" * 300,
}
VAR_TOKENS = ["$", "$", "$", "{", "}", "foo", "spam", "empty", "A1", "_u", "dollar", "brace",
              "x", "_", "/", " ", "$$", "\x00", fs(b"\xff"), "\u00e9", "-", "[", "]", "with space",
              "a{b", "nonascii", "raw", "1", "long", "foo}", "{foo"]
var_inputs = ["", "$", "foo", "$foo bar", "${foo}bar", "$[foo]bar", "$bar bar", "$?bar",
              "$foo}bar", "${foo", "${{foo}}", "$foo$foo", "$bar$bar", "${}", "${ }", "$$foo",
              "$", "$$", "${foo}${spam}", "$empty$foo", "${with space}", "${a{b}", "${\u00e9}",
              "$\u00e9", "${" + fs(b"\xff") + "}", "${foo\x00}", "$foo\x00", "a$", "$dollar",
              "$brace", "${dollar}x", "$_u/$A1", "$1", "$_", "${long}x"]
for _ in range(1500):
    var_inputs.append(canon("".join(rng.choice(VAR_TOKENS) for _ in range(rng.randint(0, 9)))))

os.environ.clear()
os.environ.update(ENV)
NAME_RE = re.compile(r"\$(\w+|\{[^}]*\})", re.ASCII)
referenced = set()
for p in var_inputs:
    for i in range(len(p)):  # every position: a name may hide behind an unmatched '$'
        m = NAME_RE.match(p, i)
        if m:
            n = m.group(1)
            referenced.add(n[1:-1] if n.startswith("{") else n)
expandvars_cases = [call("expandvars", posixpath.expandvars, [p]) for p in var_inputs]
oracle.write_json("tests/golden/os_path/expandvars.json", expandvars_cases,
                  environ={k: enc(v) for k, v in ENV.items()},
                  referenced=sorted((enc(n) for n in referenced), key=str))
