"""CPython's side of the fuzz corpus comparison (tests/io/text/fuzz_corpus_live_test.cpp).

The test parses each corpus file of fuzz/corpus/<target> as the target does (fuzz/*_case.hpp),
runs it on pyos and writes the parsed cases to a JSON file; this script runs the same cases
on CPython and prints its results as JSON, in the form pyos's are recorded:
  outcome = {"raised": bool, "type": class name, "message": str(exc), "out": hex of the text}
Text is given as pyos holds str (UTF-8, a lone surrogate U+DC80..U+DCFF as its raw byte,
any other lone surrogate in its 3-byte form), so the two compare byte for byte.

  python3.13 fuzz_cases.py CASES.json
"""
import codecs
import io
import json
import sys


def pyos_str(s):
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(o - 0xDC00)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return out.hex()


def outcome(call):
    try:
        return {"raised": False, "type": "", "message": "", "out": pyos_str(call())}
    except Exception as e:  # every exception is a result to compare
        return {"raised": True, "type": type(e).__name__, "message": str(e), "out": ""}


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
            pieces = {"raised": True, "type": type(e).__name__, "message": str(e), "out": pyos_str(text)}
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


TARGETS = {"newline_decoder": newline_decoder, "text_read": text_read}


def main(path):
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    run = TARGETS[job["target"]]
    print(json.dumps([run(c) for c in job["cases"]]))


if __name__ == "__main__":
    main(sys.argv[1])
