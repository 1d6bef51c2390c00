"""Golden vectors for the text layer of pyos::io (codecs, IncrementalNewlineDecoder, StringIO,
TextIOWrapper), from CPython's _io and codecs.

tests/golden/io/text_codecs.json   decode/encode tables: every encoding x error handler over
                                   valid and invalid input; bytes as hex, text as code point
                                   lists (lone surrogates survive JSON). Decoding is recorded
                                   one-shot (bytes.decode), incrementally in one call, and
                                   byte by byte (outputs joined, final state).
tests/golden/io/text_newline.json  IncrementalNewlineDecoder outputs, per-call outputs when fed
                                   one byte at a time, states, newlines
tests/golden/io/text_stringio.json StringIO operation scripts with the state after each step
tests/golden/io/text_textio.json   TextIOWrapper scripts over BytesIO: results, tell()
                                   cookies as integers, the buffer after each step
tests/golden/io/text_textio_chunks.json  the same over texts of 20k+ characters (chunk
                                   boundaries), and decoding errors mid-stream
tests/golden/io/text_textio_errors.json  the same over undecodable bytes and unencodable
                                   writes, with every error handler
tests/golden/io/text_textio_ops.json     the same with reconfigure(), truncate(), seek(0, 1)
                                   and readlines(hint) mixed in
tests/golden/io/text_files.json    scripts over files that open() opens in every text mode
                                   with small buffer sizes: the file's bytes after each step
                                   as another reader sees them, and after close()
"""
import codecs
import io
import os
import random
import tempfile

import oracle

oracle.check_interpreter()
rng = random.Random(20261122)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
             "utf-32-be", "latin-1", "ascii", "cp1252"]
HANDLERS = ["strict", "ignore", "replace", "backslashreplace", "surrogateescape", "surrogatepass",
            "xmlcharrefreplace"]


def cps(s):
    """Text for JSON: a str when it has no lone surrogate, else its code point list."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in s):
        return [ord(c) for c in s]
    return s


def err(e):
    d = {"type": type(e).__name__, "str": str(e)}
    if isinstance(e, UnicodeError):
        d.update(start=e.start, end=e.end, reason=e.reason, encoding=e.encoding)
    return d


TEXTS = ["", "a", "hello, world", "caf\u00e9", "\u20ac100", "\u00ff\u0100", "\U0001f600 smile",
         "\ud800", "\udc80", "a\udcff\udc80b", "\ud83d\ude00", "\ud800\udc00x", "x\udfff",
         "\x81\x8d\u0178\u2122", "\ufeffbom", "\r\n\r\n", "\x00\x7f\x80", "\u3042\u3044\u3046",
         "\udc00", "a\ud800\ud801\udc80x", "\udc80\ud800", "\u20ac\x81\x8d\u0100",
         "mixed \u00e9\u20ac\U00010348\udcc3\udca9 end"]
for _ in range(6):
    pool = ["a", "\n", "\u00e9", "\u20ac", "\U0001f600", "\udc80", "\udcff", "\ud800", "\udfff",
            "\x81", "\u0178", "\x00", "\uffff", "\U0010ffff"]
    TEXTS.append("".join(rng.choice(pool) for _ in range(rng.randrange(1, 8))))

RAW = [b"", b"\x80", b"\xff", b"\xc0\x80", b"\xc2", b"\xe2\x82", b"\xe2\x82A", b"\xe0\x80\x80",
       b"\xed\xa0\x80", b"\xed\xb2\x80", b"\xf0\x9f\x98", b"\xf4\x90\x80\x80", b"\xf5", b"a\x80b",
       b"\xef\xbb", b"\xef\xbb\xbf", b"\xef\xbb\xbfx", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
       b"\x00\x00\xfe\xff", b"\x00\xd8", b"\x00\xd8\x00", b"\x00\xd8a\x00", b"\x00\xdc", b"a\x00b",
       b"\x00\xd8\x00\x00", b"\x00\x00\x11\x00", b"a\x00\x00", b"\x80\xdc", b"\xdc\x80",
       b"\x81\x8d\x8f\x90\x9d", b"\x80\x9f\xa0"]


def samples_for(enc):
    out = list(RAW)
    for t in TEXTS:
        try:
            b = t.encode(enc, "surrogatepass")
        except UnicodeError:
            try:
                b = t.encode(enc, "surrogateescape")
            except UnicodeError:
                b = t.encode(enc, "replace")
        out.append(b)
        if len(b) > 1 and len(out) < 100:
            out.append(b[:-1])
            k = rng.randrange(len(b))
            out.append(b[:k] + bytes([rng.randrange(256)]) + b[k:])
    for _ in range(5):
        out.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))))
    seen, uniq = set(), []
    for b in out:
        if b not in seen:
            seen.add(b)
            uniq.append(b)
    return uniq


def run(f):
    try:
        return {"ok": f()}
    except (UnicodeError, TypeError, LookupError) as e:
        return {"error": err(e)}


decode_cases, encode_cases = [], []
for enc in ENCODINGS:
    samples = samples_for(enc)
    for h in HANDLERS:
        for b in samples:
            case = {"encoding": enc, "errors": h, "hex": b.hex()}
            r = run(lambda: cps(b.decode(enc, h)))
            oneshot = r
            r = run(lambda: cps(codecs.getincrementaldecoder(enc)(h).decode(b, True)))
            case["whole"] = r
            if oneshot != r:
                case["oneshot"] = oneshot
            def bytewise():
                d = codecs.getincrementaldecoder(enc)(h)
                s = "".join(d.decode(b[i:i + 1]) for i in range(len(b)))
                state = d.getstate()
                s += d.decode(b"", True)
                res = {"state_hex": state[0].hex(), "state_flag": state[1]}
                if case["whole"].get("ok") != cps(s):
                    res["text"] = cps(s)
                return res
            bw = run(bytewise)
            if "error" in bw:
                bw = {"error": {"type": bw["error"]["type"]}}
            case["bytewise"] = bw
            decode_cases.append(case)
        for t in TEXTS:
            case = {"encoding": enc, "errors": h, "text": cps(t)}
            r = run(lambda: t.encode(enc, h).hex())
            case["result"] = r
            encode_cases.append(case)

lookups = []
for n in ["UTF8", "utf_8", "U8", "latin1", "L1", "iso-8859-1", "ISO8859-1", "8859", "cp819",
          "us-ascii", "windows-1252", "utf16", "UTF-16LE", "utf_32_be", "u32", "utf8-sig",
          "utf-8_sig", "Utf 8", " utf-8", "utf--8", "utf-8 ", "utf.8", "ANSI_X3.4-1968", "646",
          "latin-1", "latin_1", "cp65001", "utf8mb4", "iso_ir_6", "iso_646.irv:1991", "UTF-32-be",
          "utf-16-be", "utf_16le", "unicodelittleunmarked", "nope", "", "CP1252", "1252", "ascii",
          "utf-8\u00e9", "8859-1", "latin"]:
    try:
        lookups.append({"name": n, "codec": codecs.lookup(n).name})
    except LookupError as e:
        lookups.append({"name": n, "error": str(e)})

# Incremental encoders over several calls, some of them failing: what each call returns or
# raises (the utf-16/utf-32 encoders name themselves "utf-16"/"utf-32" while the BOM is
# pending and keep it pending after a failed call), and getstate() after each.
seq_rng = random.Random(20261124)
SEQ_TEXTS = ["ab", "\u00e9", "\u20ac", "\U0001f600", "\ud800", "a\udcff", "\udc80b", "xyz\u0151", ""]
encoder_sequences = []
for enc in ENCODINGS:
    for h in HANDLERS + ["namereplace"]:
        for n in range(3):
            e = codecs.getincrementalencoder(enc)(h)
            calls = []
            for _ in range(6):
                op = seq_rng.choice(["encode"] * 5 + ["reset", "setstate0"])
                call = {"op": op}
                if op == "encode":
                    t = seq_rng.choice(SEQ_TEXTS)
                    call["text"] = cps(t)
                    call["result"] = run(lambda: e.encode(t).hex())
                elif op == "reset":
                    e.reset()
                else:
                    e.setstate(0)
                call["state"] = e.getstate()
                calls.append(call)
            encoder_sequences.append({"encoding": enc, "errors": h, "calls": calls})

oracle.write_json("tests/golden/io/text_codecs.json", decode_cases, encode_cases=encode_cases,
                  lookups=lookups, encoder_sequences=encoder_sequences)

# ---- IncrementalNewlineDecoder ------------------------------------------------------------
NL_INPUTS = ["", "a", "\r", "\n", "\r\n", "\n\r", "a\rb\nc\r\nd", "\r\r\n\n", "abc\r",
             "x\r\n\u00e9\r\u20ac\n", "\r\r\r", "\n\n", "line1\nline2\rline3\r\n",
             "\U0001f600\r\n\U0001f600\r"]
for _ in range(30):
    NL_INPUTS.append("".join(rng.choice(["a", "\r", "\n", "\r\n", "\u00e9", "\u20ac"]) for _ in range(rng.randrange(1, 10))))
nl_cases = []
for enc in ["utf-8", "utf-16", "utf-32-be", "latin-1"]:
    for translate in (False, True):
        for s in NL_INPUTS:
            try:
                b = s.encode(enc)
            except UnicodeError:
                continue
            d = io.IncrementalNewlineDecoder(codecs.getincrementaldecoder(enc)(), translate)
            whole = d.decode(b, final=True)
            d2 = io.IncrementalNewlineDecoder(codecs.getincrementaldecoder(enc)(), translate)
            steps = []
            for i in range(len(b)):
                out = d2.decode(b[i:i + 1])
                st = d2.getstate()
                steps.append({"out": cps(out), "state_hex": st[0].hex(), "flag": st[1]})
            last = d2.decode(b"", final=True)
            nl_cases.append({"encoding": enc, "translate": translate, "hex": b.hex(),
                             "whole": cps(whole), "newlines": d.newlines if not isinstance(d.newlines, tuple) else list(d.newlines),
                             "steps": steps, "last": cps(last),
                             "newlines_bytewise": d2.newlines if not isinstance(d2.newlines, tuple) else list(d2.newlines)})
# decoder=None (str input), as StringIO uses it
for translate in (False, True):
    for s in NL_INPUTS:
        d = io.IncrementalNewlineDecoder(None, translate)
        parts = [d.decode(c) for c in s]
        parts.append(d.decode("", final=True))
        nl_cases.append({"encoding": None, "translate": translate, "text": cps(s),
                         "parts": [cps(p) for p in parts],
                         "newlines": d.newlines if not isinstance(d.newlines, tuple) else list(d.newlines)})
oracle.write_json("tests/golden/io/text_newline.json", nl_cases)

# ---- StringIO scripts ------------------------------------------------------------------------
def nl_value(x):
    return list(x) if isinstance(x, tuple) else x


def random_text():
    return "".join(rng.choice(["ab", "\n", "\r", "\r\n", "\u00e9", "\U0001f600", "xyz", "\udc80"]) for _ in range(rng.randrange(0, 5)))


sio_cases = []
for newline in [None, "", "\n", "\r", "\r\n"]:
    for n in range(25):
        init = random_text() if n % 3 == 0 else ""
        f = io.StringIO(init, newline=newline)
        steps = []
        for _ in range(14):
            op = rng.choice(["write", "write", "read", "readline", "seek", "seek_end", "tell", "truncate", "read_n", "readline_n", "seek_cur"])
            step = {"op": op}
            try:
                if op == "write":
                    t = random_text()
                    step["text"] = cps(t)
                    step["result"] = f.write(t)
                elif op == "read":
                    step["result"] = cps(f.read())
                elif op == "read_n":
                    step["n"] = rng.randrange(-1, 6)
                    step["result"] = cps(f.read(step["n"]))
                elif op == "readline":
                    step["result"] = cps(f.readline())
                elif op == "readline_n":
                    step["n"] = rng.randrange(0, 5)
                    step["result"] = cps(f.readline(step["n"]))
                elif op == "seek":
                    step["pos"] = rng.randrange(-1, 20)
                    step["result"] = f.seek(step["pos"])
                elif op == "seek_end":
                    step["result"] = f.seek(0, 2)
                elif op == "seek_cur":
                    step["pos"] = rng.choice([0, 1])
                    step["result"] = f.seek(step["pos"], 1)
                elif op == "tell":
                    step["result"] = f.tell()
                elif op == "truncate":
                    step["size"] = rng.choice([None, 0, 2, 5, 30, -1])
                    step["result"] = f.truncate(step["size"])
            except (ValueError, OSError) as e:
                step["error"] = {"type": type(e).__name__, "str": str(e)}
            step["pos_after"] = f.tell()
            step["value"] = cps(f.getvalue())
            step["newlines"] = nl_value(f.newlines)
            steps.append(step)
        sio_cases.append({"newline": newline, "initial": cps(init), "steps": steps})
oracle.write_json("tests/golden/io/text_stringio.json", sio_cases)

# ---- TextIOWrapper scripts over BytesIO --------------------------------------------------------
def tio_text():
    return "".join(rng.choice(["ab", "\n", "\r", "\r\n", "\u00e9", "\U0001f600", "xyz ", "\u20ac"]) for _ in range(rng.randrange(0, 6)))


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def tres(t):
    """A text result: long ones as length + FNV-1a 64 of their UTF-8 (surrogatepass) form."""
    if len(t) <= 300:
        return cps(t)
    return {"len": len(t), "fnv": str(fnv1a64(t.encode("utf-8", "surrogatepass")))}


# reconfigure()'s keywords, each given with probability 0.3 (an encoding change decodes the
# rest of the stream, and encodes later writes, with the new codec).
RECONFIGURE_CHOICES = [("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "ascii"]),
                       ("errors", ["strict", "ignore", "replace", "backslashreplace", "surrogatepass"]),
                       ("newline", [None, "", "\n", "\r", "\r\n"]),
                       ("line_buffering", [False, True]),
                       ("write_through", [False, True])]

TEXTIO_OPS = ["read_n", "readline", "readline", "tell", "tell", "seek_tell", "seek0", "seek_end", "write", "read",
              "flush", "readline_n"]


def textio_script(rng, enc, errors, newline, line_buffering, initial, segments, nsteps, ops, read_sizes, plan=None,
                  make_text=None):
    """One TextIOWrapper script over BytesIO(initial): nsteps operations drawn from `ops`, each
    step's result, error, buffer bytes when they changed, and newlines. With `plan` (a list of
    (op, n)), its operations instead, in order, n the size of read_n/readline_n/readlines_k.
    Writes take their text from make_text() (tio_text() by default)."""
    b = io.BytesIO(initial)
    f = io.TextIOWrapper(b, encoding=enc, errors=errors, newline=newline, line_buffering=line_buffering)
    steps = textio_steps(rng, f, b.getvalue, initial, nsteps, ops, read_sizes, plan, make_text)
    f.flush()
    return {"encoding": enc, "errors": errors, "newline": newline,
            "line_buffering": line_buffering, "initial": segments,
            "steps": steps, "final_hex": b.getvalue().hex() if len(b.getvalue()) < 4000 else None,
            "final_len": len(b.getvalue())}


def textio_steps(rng, f, value_of, last_value, nsteps, ops, read_sizes, plan=None, make_text=None):
    """The steps of a script on the wrapper f; value_of() gives the bytes to record after each
    step (when they differ from the last ones recorded)."""
    steps = []
    tells = []
    # readlines(hint) that stops before the end leaves tell() off (it iterates, as next()
    # does) and the snapshot stale, while the chunks it reads are not recorded; flush() turns
    # tell() back on. A tell() then can make CPython's C code decode past the end of the stale
    # snapshot's bytes (heap memory: no answer to compare with), so until a seek makes a new
    # snapshot the script seeks instead of telling.
    stale = False
    for i in range(len(plan) if plan else nsteps):
        op = plan[i][0] if plan else rng.choice(ops)
        if stale and op in ("tell", "seek_cur"):
            op = "seek0"
        stale = stale and not op.startswith("seek")
        step = {"op": op}
        if plan and op in ("read_n", "readline_n", "readlines_k", "readlines_hint"):
            step["n"] = plan[i][1]
        try:
            if op == "read_n":
                step["n"] = step["n"] if plan else rng.choice(read_sizes)
                step["result"] = tres(f.read(step["n"]))
            elif op == "read":
                step["result"] = tres(f.read())
            elif op == "readline":
                step["result"] = tres(f.readline())
            elif op == "readline_n":
                step["n"] = step["n"] if plan else rng.choice([0, 1, 3, 7])
                step["result"] = tres(f.readline(step["n"]))
            elif op == "readlines_k":  # k readlines, their lines joined
                step["n"] = step["n"] if plan else rng.choice([40, 150, 400])
                step["result"] = tres("".join(f.readline() for _ in range(step["n"])))
            elif op == "tell":
                c = f.tell()
                tells.append(c)
                step["result"] = str(c)
            elif op == "seek_tell":
                if not tells:
                    step["op"] = "seek0"
                    step["result"] = str(f.seek(0))
                else:
                    k = rng.randrange(len(tells))
                    step["index"] = k
                    step["result"] = str(f.seek(tells[k]))
            elif op == "seek0":
                step["result"] = str(f.seek(0))
            elif op == "seek_end":
                step["result"] = str(f.seek(0, 2))
            elif op == "write":
                t = (make_text or tio_text)()
                step["text"] = cps(t)
                step["result"] = f.write(t)
            elif op == "flush":
                f.flush()
            elif op == "seek_cur":  # seek(0, 1); seek(1, 1) raises
                step["n"] = rng.choice([0, 0, 0, 1])
                step["result"] = str(f.seek(step["n"], 1))
            elif op == "truncate":  # truncate(size): the buffer's, after a flush
                step["n"] = rng.choice([None, None, 0, 3, 40])
                step["result"] = f.truncate(step["n"])
            elif op == "readlines_hint":
                step["n"] = step["n"] if plan else rng.choice([-1, 0, 1, 10, 60])
                try:
                    step["result"] = [tres(line) for line in f.readlines(step["n"])]
                finally:
                    # Stopped before the end (or failed): tell() is off, and raises before it
                    # flushes or decodes anything. At the end: on, the snapshot dropped.
                    try:
                        f.tell()
                        stale = False
                    except OSError:
                        stale = True
            elif op == "reconfigure":
                kwargs = plan[i][1] if plan else {}
                for key, choices in [] if plan else RECONFIGURE_CHOICES:
                    if rng.random() < 0.3:
                        kwargs[key] = rng.choice(choices)
                step["kwargs"] = kwargs
                f.reconfigure(**kwargs)
        except (ValueError, OSError, UnicodeError, TypeError, LookupError) as e:
            step["error"] = {"type": type(e).__name__, "str": str(e)}
        value = value_of()
        if value != last_value:
            step["buffer_hex"] = value.hex() if len(value) < 4000 else None
            step["buffer_len"] = len(value)
            last_value = value
        step["newlines"] = nl_value(f.newlines)
        steps.append(step)
    return steps


NOBOM = {"utf-8-sig": ("utf-8", codecs.BOM_UTF8), "utf-16": ("utf-16-le", codecs.BOM_UTF16_LE),
         "utf-32": ("utf-32-le", codecs.BOM_UTF32_LE)}
tio_cases = []
for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "ascii"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(8):
            content = "".join(tio_text() for _ in range(rng.randrange(0, 30)))
            errors = "replace" if enc in ("latin-1", "cp1252", "ascii") else "strict"
            initial = content.encode(enc, errors)
            segments = [[initial.hex(), 1]]
            if n % 4 == 3:  # a first line longer than a chunk
                base, bom = NOBOM.get(enc, (enc, b""))
                unit = "long line ".encode(base)
                tail = ("\n" + content).encode(base, errors)
                initial = bom + unit * 900 + tail
                segments = [[bom.hex(), 1], [unit.hex(), 900], [tail.hex(), 1]]
                assert initial == ("long line " * 900 + "\n" + content).encode(enc, errors)
            tio_cases.append(textio_script(rng, enc, errors, newline, n % 5 == 4, initial, segments, 16,
                                           TEXTIO_OPS, [0, 1, 2, 5, 100, 9000]))
oracle.write_json("tests/golden/io/text_textio.json", tio_cases)

# Scripts over texts of 20k+ characters (the random pieces repeated), so that reads, readlines
# and tell() meet the 8 KiB chunk boundaries: a "\r\n" or a character split across two chunks,
# the bytes-per-character ratio of read(n), lines joined across chunks.
rng = random.Random(20261121)
chunk_cases = []
for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(4):
            content = ""
            while not content:
                content = "".join(tio_text() for _ in range(rng.randrange(1, 40)))
            errors = "replace" if enc in ("latin-1", "cp1252") else "strict"
            base, bom = NOBOM.get(enc, (enc, b""))
            unit = content.encode(base, errors)
            reps = 20000 // len(content) + 1
            initial = bom + unit * reps
            assert initial == (content * reps).encode(enc, errors)
            chunk_cases.append(textio_script(rng, enc, errors, newline, n == 3, initial, [[bom.hex(), 1], [unit.hex(), reps]],
                                             24, TEXTIO_OPS + ["readlines_k", "readlines_k", "read_n"],
                                             [0, 1, 5, 100, 4000, 8191, 9000]))

# Decoding errors in the middle of a stream, and what the wrapper holds after them (each of
# these found a difference once):
# - read() whose decoding fails keeps the decoded text it had not returned yet (CPython decodes
#   the rest of the stream before it takes that text): readlines go on with it.
# - 'utf-16'/'utf-32' whose first data fails after the BOM have not learnt the byte order
#   (the decoder keeps it only from a successful decode), so the next chunk, which has no BOM,
#   raises "Stream does not start with BOM"; seek(0) starts over.
def error_plans():
    body = "line \u00e9 \u20ac\n" * 1500
    for newline in [None, "\r", ""]:
        for bad in [b"\xff", b"\xe2\x82", b"\xc3"]:
            head, tail = body.encode("utf-8"), "after\n".encode("utf-8")
            yield ("utf-8", newline, [[head.hex(), 1], [bad.hex(), 1], [tail.hex(), 1]],
                   [("readline", 0), ("read", 0), ("readlines_k", 40), ("tell", 0), ("readlines_k", 2000),
                    ("read", 0), ("seek0", 0), ("read_n", 9000), ("read", 0), ("readline", 0)])
    for enc, base, bad in [("utf-16", "utf-16-le", b"\x00\xdc"), ("utf-16", "utf-16-le", b"\x3d\xd8a\x00"),
                           ("utf-32", "utf-32-le", b"\x00\x00\x11\x00")]:
        _, bom = NOBOM[enc]
        for at in [30, 3000]:  # the bad unit in the first chunk, or in a later one
            head = ("ab\n" * at).encode(base)
            tail = ("cd \u20ac\n" * 3000).encode(base)
            for newline in [None, "\n"]:
                yield (enc, newline, [[bom.hex(), 1], [head.hex(), 1], [bad.hex(), 1], [tail.hex(), 1]],
                       [("readline", 0), ("readlines_k", 400), ("read_n", 5), ("readline", 0), ("tell", 0),
                        ("read", 0), ("readline_n", 7), ("seek0", 0), ("readline", 0), ("readlines_k", 40),
                        ("read_n", 9000), ("read", 0)])


for enc, newline, segments, plan in error_plans():
    initial = b"".join(bytes.fromhex(h) * r for h, r in segments)
    chunk_cases.append(textio_script(None, enc, "strict", newline, False, initial, segments, 0, None, None, plan))
oracle.write_json("tests/golden/io/text_textio_chunks.json", chunk_cases)

# Scripts over texts with undecodable bytes, read with every decoding handler but
# surrogateescape (its escaped bytes can spell UTF-8 or a lone surrogate in pyos's str, see
# docs/io.md "Str representation"): errors and replacements split across chunks, tell() with
# a decoder that holds bytes of a bad sequence.
rng = random.Random(20261123)
error_cases = []
for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "ascii", "cp1252", "latin-1"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(2):
            errors = rng.choice(["strict", "ignore", "replace", "backslashreplace", "surrogatepass"])
            base, bom = NOBOM.get(enc, (enc, b""))
            parts = []
            for _ in range(rng.randrange(1, 40)):
                t = tio_text()
                parts.append(t.encode(base, "replace" if enc in ("ascii", "cp1252", "latin-1") else "strict"))
                if rng.random() < 0.15:
                    parts.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4))))
            unit = b"".join(parts) or b"x"
            reps = rng.choice([1, 3, 20000 // len(unit) + 1])
            error_cases.append(textio_script(rng, enc, errors, newline, n == 1, bom + unit * reps,
                                             [[bom.hex(), 1], [unit.hex(), reps]], 24,
                                             TEXTIO_OPS + ["readlines_k", "readlines_k", "read_n"],
                                             [0, 1, 5, 100, 4000, 8191, 9000]))

# Writes of texts with lone surrogates and characters the codec lacks, with every handler
# (the encode-only ones raise TypeError when a read meets an undecodable byte): the errors,
# the bytes written, and the BOM after a failed first write (CPython's utf-16/utf-32 write
# leaves the start of the stream even when it fails).
WRITE_PIECES = ["ab", "\n", "\r", "\r\n", "\u00e9", "\U0001f600", "xyz ", "\u20ac", "\u0151", "\u00ff", "\x80",
                "\udcff", "\ud800"]


def write_text():
    return "".join(rng.choice(WRITE_PIECES) for _ in range(rng.randrange(0, 8)))


for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "ascii", "cp1252", "latin-1"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(2):
            errors = rng.choice(["strict", "ignore", "replace", "backslashreplace", "surrogatepass",
                                 "xmlcharrefreplace", "namereplace", "surrogateescape"])
            base, bom = NOBOM.get(enc, (enc, b""))
            content = "".join(rng.choice(["ab\n", "xyz \r\n", "\u00e9\r"]) for _ in range(rng.randrange(1, 30)))
            unit = content.encode(base, "replace")
            reps = rng.choice([0, 1, 3, 20000 // len(unit) + 1])
            error_cases.append(textio_script(rng, enc, errors, newline, n == 1, bom + unit * reps,
                                             [[bom.hex(), 1], [unit.hex(), reps]], 24,
                                             TEXTIO_OPS + ["write", "write", "write", "readlines_k"],
                                             [0, 1, 5, 100, 4000, 8191, 9000], make_text=write_text))
oracle.write_json("tests/golden/io/text_textio_errors.json", error_cases)

# Scripts that also reconfigure() the wrapper mid-stream (encoding, errors, newline,
# line_buffering, write_through; refused once text was decoded), truncate() it (the buffer's
# position, after a flush), seek(0, 1) and readlines(hint).
# PYOS_HUNT_SEED / PYOS_HUNT_N: other seeds and more scripts, for hunting (not committed).
rng = random.Random(int(os.environ.get("PYOS_HUNT_SEED", "20261124")))
ops_cases = []
for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "ascii"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(int(os.environ.get("PYOS_HUNT_N", "3"))):
            content = "".join(tio_text() for _ in range(rng.randrange(0, 30)))
            errors = "replace" if enc in ("latin-1", "cp1252", "ascii") else "strict"
            base, bom = NOBOM.get(enc, (enc, b""))
            unit = content.encode(base, errors)
            reps = 9000 // (len(unit) + 1) + 1 if n % 3 == 2 else 1  # every third past a chunk
            assert bom + unit == content.encode(enc, errors)
            ops_cases.append(textio_script(rng, enc, errors, newline, n % 4 == 1, bom + unit * reps,
                                           [[bom.hex(), 1], [unit.hex(), reps]], 24,
                                           TEXTIO_OPS + ["reconfigure", "reconfigure", "truncate", "seek_cur",
                                                         "readlines_hint", "write"],
                                           [0, 1, 2, 5, 100, 9000]))
# When reconfigure() may change the encoding or newline: not while decoded text is held.
# CPython drops that text after read() or write() only when it has a snapshot for tell(), and
# lines iterated (readlines(hint) that stops early) leave none.
body = "line one\nline two \u20ac\r\nline three\n".encode("utf-8")
for plan in [[("readlines_hint", 1), ("read", 0), ("reconfigure", {"encoding": "ascii"}), ("seek0", 0),
              ("reconfigure", {"encoding": "latin-1"}), ("read", 0)],
             [("readlines_hint", 1), ("write", 0), ("reconfigure", {"newline": ""}), ("flush", 0),
              ("reconfigure", {"errors": "replace"}), ("read", 0)],
             [("readline", 0), ("read", 0), ("reconfigure", {"encoding": "ascii", "errors": "replace"}), ("read", 0)],
             [("readlines_hint", -1), ("reconfigure", {"newline": "\r"}), ("seek0", 0), ("readline", 0)],
             [("read_n", 2), ("reconfigure", {"line_buffering": True}), ("reconfigure", {"encoding": "latin-1"}),
              ("seek0", 0), ("reconfigure", {"encoding": "latin-1"}), ("readline", 0), ("readline", 0)]]:
    for reps in [1, 400]:  # one chunk, or lines past it
        ops_cases.append(textio_script(rng, "utf-8", "strict", None, False, body * reps, [[body.hex(), reps]], 0, None,
                                       None, plan))
oracle.write_json("tests/golden/io/text_textio_ops.json", ops_cases)

# ---- TextIOWrapper scripts over files opened by open() ----------------------------------------
# Every text mode open() takes, over a file that is absent or holds text (with its BOM, or with
# none for the BOM codecs: the encoder then writes one only at position 0), with buffer sizes
# from 2 bytes up: BufferedReader.read1() returns only what its buffer holds when it holds
# something, so chunks come in odd sizes after a cookie's bytes_to_feed (read through the
# buffer), and small write buffers pass large writes straight to the file. After each step the
# file's bytes as another reader sees them (what reached the OS: the moments of the writes are
# compared too), and after close(). buffering=-1 and 1 are left out: their buffer size is
# st_blksize in CPython 3.13 and at least 8 KiB in pyos (docs/io.md).
# PYOS_HUNT_SEED / PYOS_HUNT_N: other seeds and more scripts, for hunting (not committed).
FILE_MODES = ["r", "r+", "w", "w+", "a", "a+", "x", "x+"]
FILE_OPS = TEXTIO_OPS + ["write", "write", "seek_cur", "truncate", "readlines_hint", "reconfigure", "readlines_k"]
rng = random.Random(int(os.environ.get("PYOS_HUNT_SEED", "20261125")))
file_cases = []
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "script")

    def disk():
        with open(path, "rb") as g:
            return g.read()

    def hide_dir(e):
        d = err(e)
        d["str"] = d["str"].replace(tmp, "<dir>")
        return d

    for mode in FILE_MODES:
        for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252", "ascii"]:
            for n in range(int(os.environ.get("PYOS_HUNT_N", "3"))):
                errors = "replace" if enc in ("latin-1", "cp1252", "ascii") else rng.choice(["strict", "strict", "replace"])
                newline = rng.choice([None, "", "\n", "\r", "\r\n"])
                buffering = rng.choice([2, 3, 7, 16, 64, 1000, 4096, 8192])
                segments = None
                if os.path.exists(path):
                    os.unlink(path)
                if rng.random() < (0.2 if mode.startswith("x") else 0.85):  # else no file
                    content = "".join(tio_text() for _ in range(rng.randrange(0, 30)))
                    base, bom = NOBOM.get(enc, (enc, b""))
                    if rng.random() < 0.3:
                        bom = b""
                    unit = content.encode(base, errors)
                    reps = 9000 // (len(unit) + 1) + 1 if rng.random() < 0.3 else 1  # past a chunk
                    segments = [[bom.hex(), 1], [unit.hex(), reps]]
                    with open(path, "wb") as g:
                        g.write(bom + unit * reps)
                case = {"mode": mode, "buffering": buffering, "encoding": enc, "errors": errors,
                        "newline": newline, "initial": segments}
                try:
                    f = open(path, mode, buffering=buffering, encoding=enc, errors=errors, newline=newline)
                except OSError as e:
                    case["open_error"] = hide_dir(e)
                    file_cases.append(case)
                    continue
                start = disk()
                case["steps"] = textio_steps(rng, f, disk, start, 20, FILE_OPS, [0, 1, 2, 5, 100, 9000])
                try:
                    f.close()
                except (ValueError, OSError, UnicodeError) as e:
                    case["close_error"] = err(e)
                value = disk()
                case["final_hex"] = value.hex() if len(value) < 4000 else None
                case["final_len"] = len(value)
                file_cases.append(case)
oracle.write_json("tests/golden/io/text_files.json", file_cases)

# ---- seek() to cookies made up from their fields ---------------------------------------------
# Cookies that tell() did not give: every field at values around the stream's own (start
# positions past the end or before it, decoder flags that name no state tell() makes, more or
# fewer bytes to feed than the characters to skip need, need_eof), after a read or two. What
# seek() returns or raises, then what reads and tell() give (a seek that fails part way
# leaves the wrapper as CPython's leaves it). A cookie is given as its fields; all zero but a
# negative start is the plain negative integer.
def cookie_case(enc, errors, newline, data, before, fields, after):
    """One script: the ops `before` (("read_n", n) or ("readline",)), seek() to the cookie with
    these fields, then the ops `after` (also "tell", "read", "write")."""
    b = io.BytesIO(data)
    f = io.TextIOWrapper(b, encoding=enc, errors=errors, newline=newline)
    steps = []

    def step(op, fn, **extra):
        s = {"op": op, **extra}
        try:
            r = fn()
            s["result"] = tres(r) if isinstance(r, str) else r if op == "write" else str(r)  # cookies as text
        except (ValueError, OSError, UnicodeError, TypeError, LookupError) as e:
            s["error"] = err(e)
        s["newlines"] = nl_value(f.newlines)
        steps.append(s)

    def run(op):
        if op[0] == "read_n":
            step("read_n", lambda: f.read(op[1]), n=op[1])
        elif op[0] == "readline":
            step("readline", f.readline)
        elif op[0] == "tell":
            step("tell", f.tell)
        elif op[0] == "read":
            step("read", f.read)
        else:
            step("write", lambda: f.write("x\n\u20ac"), text="x\n\u20ac")

    for op in before:
        run(op)
    start, flags, feed, skip, eof = fields
    if start < 0 and not any(fields[1:]):
        cookie = start
    else:
        cookie = (start & 0xFFFFFFFFFFFFFFFF) | flags << 64 | feed << 96 | skip << 128 | eof << 160
    step("seek", lambda: f.seek(cookie), fields=fields)
    for op in after:
        run(op)
    try:
        f.flush()
    except (ValueError, OSError, UnicodeError):
        pass
    return {"encoding": enc, "errors": errors, "newline": newline, "data": data.hex(), "steps": steps,
            "final_hex": b.getvalue().hex()}


# PYOS_HUNT_SEED / PYOS_HUNT_N (6 scripts per encoding and newline by default), for hunting.
rng = random.Random(int(os.environ.get("PYOS_HUNT_SEED", "20261126")))
cookie_cases = []
for enc in ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "latin-1", "cp1252",
            "ascii"]:
    for newline in [None, "", "\n", "\r", "\r\n"]:
        for n in range(int(os.environ.get("PYOS_HUNT_N", "6"))):
            errors = "replace" if enc in ("latin-1", "cp1252", "ascii") else rng.choice(["strict", "strict", "replace"])
            base, bom = NOBOM.get(enc, (enc, b""))
            if rng.random() < 0.3:
                bom = b""
            data = bom + "".join(tio_text() for _ in range(rng.randrange(0, 12))).encode(base, errors)
            if rng.random() < 0.2:
                at = rng.randrange(len(data) + 1)
                data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3))) + data[at:]
            before = [("read_n", rng.choice([1, 2, 5])) if rng.random() < 0.5 else ("readline",)
                      for _ in range(rng.randrange(0, 3))]
            fields = [rng.choice([-1, 0, 0, 1, 2, 3, 4, max(len(data) - 1, 0), len(data), len(data) + 5]),
                      rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 255]),
                      rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 100]),
                      rng.choice([0, 0, 1, 2, 3, 5, 50]),
                      rng.choice([0, 0, 1])]
            after = [("read_n", 3) if op == "read_n" else (op,)
                     for op in rng.sample(["read_n", "readline", "tell", "read", "tell", "write"], rng.randrange(2, 6))]
            cookie_cases.append(cookie_case(enc, errors, newline, data, before, fields, after))
# Written: utf-8-sig's decoder flag is Python's `first`, kept as setstate() gave it until a
# decode with enough bytes settles the BOM; at the end of the stream (no bytes), tell() shows
# it again (shifted past the newline decoder's pending-CR bit where there is one).
sig_data = codecs.BOM_UTF8 + "ab\r\ncd".encode()
for newline in [None, "\n"]:
    for flags in [2, 3, 6, 7, 255]:
        for start in [len(sig_data), 0, 3]:
            cookie_cases.append(cookie_case("utf-8-sig", "strict", newline, sig_data, [("readline",)],
                                            [start, flags, 0, 0, 0], [("read_n", 3), ("tell",), ("read",), ("tell",)]))
oracle.write_json("tests/golden/io/text_cookies.json", cookie_cases)
