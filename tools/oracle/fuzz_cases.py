"""CPython's side of the fuzz corpus comparison (tests/io/text/fuzz_corpus_live_test.cpp).

The test parses each corpus file of fuzz/corpus/<target> as the target does (fuzz/*_case.hpp),
runs it on pyos and writes the parsed cases to a JSON file; this script runs the same cases
on CPython and prints its results as JSON, in the form pyos's are recorded:
  outcome = {"raised": bool, "type": class name, "message": hex of str(exc), "out": hex of the text}
Text is given as pyos holds str (UTF-8, a lone surrogate U+DC80..U+DCFF as its raw byte,
any other lone surrogate in its 3-byte form), so the two compare byte for byte.

  python3.13 fuzz_cases.py CASES.json
"""
import codecs
import io
import json
import sys


from oracle import pyos_bytes


def pyos_str(s):
    return pyos_bytes(s).hex()


def from_pyos(data):
    """A str as pyos reads the bytes of one: valid UTF-8 (lone surrogates in their 3-byte
    form included) is that text; any other byte is the lone surrogate U+DC00 + byte."""
    out, i = [], 0
    while i < len(data):
        for n in (1, 2, 3, 4):
            try:
                ch = data[i:i + n].decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.append(ch)
                i += n
                break
        else:
            out.append(chr(0xDC00 + data[i]))
            i += 1
    return "".join(out)


def outcome(call):
    try:
        result = call()
        return {"raised": False, "type": "", "message": "", "out": pyos_str(result), "chars": len(result)}
    except Exception as e:  # every exception is a result to compare
        return {"raised": True, "type": type(e).__name__, "message": pyos_str(str(e)), "out": ""}


# ---- newline_decoder (fuzz/newline_case.hpp) -------------------------------------------------
def newline_decoder(c):
    data = bytes.fromhex(c["bytes"])
    make = lambda: io.IncrementalNewlineDecoder(codecs.getincrementaldecoder(c["encoding"])(c["errors"]),
                                                c["translate"])
    once = outcome(lambda: make().decode(data, True))
    d = make()
    text, at, pieces = "", 0, None
    cuts = c["cuts"]
    for i, cut in enumerate(cuts):
        final = i + 1 == len(cuts)
        try:
            text += d.decode(data[at:cut], final)
        except Exception as e:
            pieces = {"raised": True, "type": type(e).__name__, "message": pyos_str(str(e)), "out": pyos_str(text)}
            break
        at = cut
        if i == c["handover"] % len(cuts) and not final:
            state = d.getstate()
            d = make()
            d.setstate(state)
    if pieces is None:
        pieces = {"raised": False, "type": "", "message": "", "out": pyos_str(text)}
    return {"once": once, "pieces": pieces}


# ---- text_read (fuzz/text_case.hpp) ----------------------------------------------------------
class ShortReads(io.RawIOBase):
    def __init__(self, data, chunk):
        self.data, self.chunk, self.pos = data, chunk, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=0):
        p = offset + (self.pos if whence == 1 else len(self.data) if whence == 2 else 0)
        if p < 0:
            raise OSError(22, "Invalid argument")
        self.pos = p
        return p

    def readinto(self, b):
        n = max(0, min(len(b), self.chunk, len(self.data) - self.pos))
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


READ, READLINE, TELL, SEEK_COOKIE, NEXT, READLINES, SEEK_END = range(7)


def size_of(arg):
    return -1 if arg >= 200 else arg % 40


def text_read(c):
    data = bytes.fromhex(c["bytes"])
    if c["raw_chunk"] == 0:
        buffer = io.BytesIO(data)
    else:
        buffer = io.BufferedReader(ShortReads(data, c["raw_chunk"]), c["buffer_size"])
    f = io.TextIOWrapper(buffer, encoding=c["encoding"], errors=c["errors"], newline=c["newline"])
    steps, cookies = [], []
    for op, arg in c["ops"]:
        n = size_of(arg)
        step = {"op": op, "cookie": "", "target": 0, "lines": []}
        if op == READ:
            step["outcome"] = outcome(lambda: f.read(n))
        elif op == READLINE:
            step["outcome"] = outcome(lambda: f.readline(n))
        elif op == TELL:
            def tell():
                p = f.tell()
                step["cookie"] = str(p)
                if len(cookies) < 8:
                    cookies.append(p)
                return ""
            step["outcome"] = outcome(tell)
        elif op == SEEK_COOKIE:
            if not cookies:
                continue
            step["target"] = arg % len(cookies)
            step["outcome"] = outcome(lambda: (f.seek(cookies[step["target"]]), "")[1])
        elif op == NEXT:
            step["outcome"] = outcome(lambda: next(f, ""))
        elif op == READLINES:
            def readlines():
                step["lines"] = [pyos_str(line) for line in f.readlines(-1 if n < 0 else n)]
                return ""
            step["outcome"] = outcome(readlines)
            step["outcome"]["out"] = "".join(step["lines"])  # the lines joined, as pyos records
        else:
            step["outcome"] = outcome(lambda: (f.seek(0, 2), "")[1])
        steps.append(step)
        o = step["outcome"]
        if o["raised"] and not (op == TELL and o["type"] == "OSError"):
            break
    return {"steps": steps}


# ---- text_write (fuzz/text_write_case.hpp) ----------------------------------------------------
WRITE, FLUSH, TELL_W = range(3)


def text_write(c):
    b = io.BytesIO()
    f = io.TextIOWrapper(b, encoding=c["encoding"], errors=c["errors"], newline=c["newline"],
                         line_buffering=c["line_buffering"], write_through=c["write_through"])
    steps = []
    for op, text in c["ops"]:
        if op == WRITE:
            o = outcome(lambda: str(f.write(from_pyos(bytes.fromhex(text)))))
        elif op == FLUSH:
            o = outcome(lambda: (f.flush(), "")[1])
        else:
            o = outcome(lambda: str(f.tell()))
        steps.append({"op": op, "outcome": o, "stored": b.getvalue().hex()})
        if o["raised"]:
            break
    if not steps or not steps[-1]["outcome"]["raised"]:
        o = outcome(lambda: (f.flush(), "")[1])
        steps.append({"op": FLUSH, "outcome": o, "stored": b.getvalue().hex()})
    try:
        f.detach()  # no close at collection (nothing more is compared)
    except Exception:
        pass
    return {"steps": steps}


# ---- formatter (fuzz/formatter_case.hpp) -----------------------------------------------------
def formatter(c):
    import logging
    import time
    text = from_pyos(bytes.fromhex(c["text"]))
    bits = c["bits"]

    def run():
        f = logging.Formatter(from_pyos(bytes.fromhex(c["fmt"])),
                              from_pyos(bytes.fromhex(c["datefmt"])) if bits & 64 else None,
                              chr(c["style"]), bool(bits & 1),
                              defaults={"user": text, "n": 7} if bits & 2 else None)
        f.converter = time.gmtime
        exc = ValueError("bad \u00e9 value")
        r = logging.LogRecord("app.db", logging.WARNING, "/srv/app/db.py", 42,
                              "user %s: %d" if bits & 16 else text, (text, -3) if bits & 16 else (),
                              (ValueError, exc, None) if bits & 4 else None, "connect",
                              "Stack (most recent call last):\n  here" if bits & 8 else None)
        r.created, r.msecs, r.relativeCreated = 1700000000.125, 125.0, 5.5
        r.thread, r.threadName, r.process, r.processName = 140000000000001, "MainThread", 4242, "MainProcess"
        if bits & 32:
            r.user = text
        return f.format(r)
    return {"outcome": outcome(run)}


# ---- percent_format (fuzz/percent_case.hpp) ---------------------------------------------------
class Opaque:
    def __str__(self):
        return "<Opaque 7>"

    __repr__ = __str__


def percent_format(c):
    s1, s2 = from_pyos(bytes.fromhex(c["s1"])), from_pyos(bytes.fromhex(c["s2"]))
    pool = [None, True, False, 0, -7, 42, 65536, 2**63 - 1, -2**63, 2**64 - 1, 0.0, -0.0, -1.5, 1e300,
            5e-324, float("inf"), float("nan"), "abc", "\u00e9\u20ac\U0001f600", "\udcff", "", b"b\xff\x00",
            {"a": 1, "k": 2.5, "a(b)c": "p", "s": "\u00e9t\u00e9", "": None}, {}, Opaque(), "x", s1, s2]
    fmt = from_pyos(bytes.fromhex(c["format"]))
    if c["mode"] == 0:
        arg = tuple(pool[i] for i in c["args"])
    elif c["mode"] == 1:
        arg = pool[c["single"]]
    else:
        arg = {"a": 1, "k": -2.5, "name": "app.db", "msg": "\u00e9"}
    return {"outcome": outcome(lambda: fmt % arg)}


TARGETS = {"newline_decoder": newline_decoder, "text_read": text_read, "text_write": text_write,
           "formatter": formatter, "percent_format": percent_format}


def main(path):
    # A hostile width makes CPython allocate that many characters: past 4 GiB of address
    # space it raises MemoryError instead of swapping.
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    run = TARGETS[job["target"]]
    print(json.dumps([run(c) for c in job["cases"]]))


if __name__ == "__main__":
    main(sys.argv[1])
