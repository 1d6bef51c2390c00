"""Golden vectors for pyos's text helpers (src/_core/text.hpp) and the Unicode exceptions.

tests/golden/core/repr.json      repr() of str (given as the bytes os.fsencode makes of it,
                                 hex) and of bytes: quoting, escapes, printable tables,
                                 surrogateescape decoding of arbitrary bytes
tests/golden/core/unicode_errors.json
                                 str() of UnicodeDecodeError / UnicodeEncodeError
"""
import os
import random

import oracle

oracle.check_interpreter()
rng = random.Random(20261121)

samples = [b"", b"a", b"'", b'"', b"'\"", b"\\", b"\x00\x01\x1f\x7f", b"\t\n\r",
           b"\x80", b"\xc0\x80", b"\xc2\x80", b"\xe0\x80\x80", b"\xe0\xa0\x80",
           b"\xed\x9f\xbf", b"\xed\xa0\x80", b"\xef\xbf\xbf", b"\xf0\x8f\xbf\xbf",
           b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80",
           b"\xe2\x82", b"\xe2\x82A", b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80"]
# Every code point class: one string per block of 256 code points, with a random pick
# from each of the 17 planes' blocks, so the printable table is probed everywhere.
for block in range(0, 0x110000, 0x100):
    cps = [block + rng.randrange(0x100) for _ in range(3)]
    text = "".join(chr(c) for c in cps if not 0xD800 <= c <= 0xDFFF)
    samples.append(text.encode("utf-8"))
# Boundaries of the printable ranges: the code point on each side of every change.
prev = None
for cp in range(0x80, 0x110000):
    p = chr(cp).isprintable()
    if prev is not None and p != prev and not 0xD800 <= cp <= 0xE000:
        samples.append((chr(cp - 1) + chr(cp)).encode("utf-8", "surrogatepass"))
    prev = p
# Random byte strings (mostly invalid UTF-8) and random mixtures.
for _ in range(1500):
    n = rng.randrange(1, 12)
    samples.append(bytes(rng.randrange(256) for _ in range(n)))
for _ in range(500):
    parts = [rng.choice(["'", '"', "\\", "a", "\n", "\u00e9", "\U0001f600", "\u200b"]) for _ in range(6)]
    samples.append("".join(parts).encode("utf-8"))

str_cases = [{"hex": b.hex(), "repr": repr(os.fsdecode(b))} for b in samples]
bytes_cases = [{"hex": b.hex(), "repr": repr(b)} for b in samples[:600]]
oracle.write_json("tests/golden/core/repr.json", str_cases, bytes_cases=bytes_cases)

unicode_cases = []
for enc, data in [("utf-8", b"\xff"), ("utf-8", b"ab\xc3"), ("utf-8", b"\xe2\x82A"), ("ascii", b"caf\xc3\xa9")]:
    try:
        data.decode(enc)
    except UnicodeDecodeError as e:
        unicode_cases.append({"kind": "decode", "encoding": e.encoding, "hex": e.object.hex(),
                              "start": e.start, "end": e.end, "reason": e.reason, "str": str(e)})
for enc, text in [("ascii", "caf\u00e9"), ("ascii", "\u20ac\u20ac"), ("latin-1", "x\U0001f600"),
                  ("latin-1", "\u0100"), ("ascii", "\x80")]:
    try:
        text.encode(enc)
    except UnicodeEncodeError as e:
        unicode_cases.append({"kind": "encode", "encoding": e.encoding,
                              "code_points": [ord(c) for c in e.object],
                              "start": e.start, "end": e.end, "reason": e.reason, "str": str(e)})
# Explicit positions, including ranges and out-of-range starts.
for start, end in [(0, 1), (1, 3), (0, 4), (2, 3)]:
    e = UnicodeDecodeError("utf-16-le", b"\x00\xd8ab", start, end, "illegal encoding")
    unicode_cases.append({"kind": "decode", "encoding": e.encoding, "hex": e.object.hex(),
                          "start": start, "end": end, "reason": e.reason, "str": str(e)})
    e = UnicodeEncodeError("cp1252", "\udcff\u0081\U00010000z", start, end, "character maps to <undefined>")
    unicode_cases.append({"kind": "encode", "encoding": e.encoding,
                          "code_points": [ord(c) for c in e.object],
                          "start": start, "end": end, "reason": e.reason, "str": str(e)})
oracle.write_json("tests/golden/core/unicode_errors.json", unicode_cases)
