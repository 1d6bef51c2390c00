"""Golden vectors for the binary layer of pyos::io.

tests/golden/io/binary_bytesio.json   BytesIO operation scripts (write/seek/tell/read/
                                      readline/truncate/...) with the state after each step
tests/golden/io/binary_devfull.json   scripts on /dev/full through open(), text and binary
tests/golden/io/binary_files.json     scripts on files through open() in every binary mode,
                                      with what reached the file after each step
tests/golden/io/binary_buffered.json  BufferedReader/Writer/Random driven through a scripted
                                      fake raw stream (short reads and writes, would-block,
                                      errors, misbehaving lengths and positions), the
                                      scenarios of test_io.py's MockRawIO tests, plus random
                                      operation scripts on BufferedRandom, and on each of the
                                      three classes, over an in-memory "file" raw with short
                                      transfers.

Bytes are hex. An op's outcome is {"result": ...} or {"exc": class name, "msg": str(exc),
"chars": characters_written}. The C++ fake raw (tests/io/binary/fake_raw.hpp) implements
exactly the FakeRaw class below.
"""
import errno
import io
import os
import random
import tempfile

import oracle

oracle.check_interpreter()


def outcome(fn):
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001 - every exception is part of the vector
        d = {"exc": type(e).__name__, "msg": str(e)}
        if isinstance(e, BlockingIOError):
            d["chars"] = e.characters_written
        return d
    if isinstance(r, (bytes, bytearray)):
        return {"result": bytes(r).hex()}
    return {"result": r}


# ---- BytesIO scripts ------------------------------------------------------------------------

def bytesio_scripts(rng, count):
    cases = []
    for i in range(count):
        init = bytes(rng.randrange(97, 123) for _ in range(rng.randrange(0, 12)))
        b = io.BytesIO(init)
        steps = []
        for _ in range(rng.randrange(4, 16)):
            kind = rng.choice(["write", "write", "seek", "read", "read1", "readline", "truncate", "tell", "readinto", "newline"])
            if kind == "write":
                data = bytes(rng.randrange(97, 123) for _ in range(rng.randrange(0, 6)))
                op = ["write", data.hex()]
                fn = lambda d=data: b.write(d)
            elif kind == "newline":
                op = ["write", b"\n".hex()]
                fn = lambda: b.write(b"\n")
            elif kind == "seek":
                whence = rng.choice([0, 0, 1, 2, 3])
                off = rng.randrange(-4, 20)
                op = ["seek", off, whence]
                fn = lambda o=off, w=whence: b.seek(o, w)
            elif kind in ("read", "read1", "readline"):
                n = rng.choice([-1, 0, 1, 2, 3, 5, 100])
                op = [kind, n]
                fn = lambda k=kind, n=n: getattr(b, k)(n)
            elif kind == "truncate":
                n = rng.choice([None, 0, 2, 5, 30, -1])
                op = ["truncate", n]
                fn = lambda n=n: b.truncate(n)
            elif kind == "readinto":
                n = rng.randrange(0, 6)
                op = ["readinto", n]

                def fn(n=n):
                    buf = bytearray(n)
                    got = b.readinto(buf)
                    return bytes(buf[:got])
            else:
                op = ["tell"]
                fn = b.tell
            out = outcome(fn)
            steps.append({"op": op, **out, "pos": b.tell(), "value": b.getvalue().hex()})
        cases.append({"name": f"bytesio_{i}", "initial": init.hex(), "steps": steps})
    return cases


# ---- the fake raw stream --------------------------------------------------------------------

class FakeRaw(io.RawIOBase):
    """A scripted raw stream.

    reads:  list of items consumed by readinto(): hex data (split if longer than the buffer),
            None (would block), {"error": errno}, {"len": n} (returns n without copying).
            When the list is exhausted: EOF (0).
    writes: list of items consumed by write(): an int (accept at most that many bytes), None
            (would block), {"error": errno}, {"len": n} (claims n). Exhausted: accept all.
    file:   hex initial contents; when present the stream is a seekable in-memory file and
            reads/writes come from/go to it, each transfer limited to `chunk` bytes.
    tell:   a fixed value returned by tell() and seek() (misbehaving positions).
    close_error: errno raised by close() (after closing).
    log:    the calls made, in order: "readinto <size>", "write <size>", "seek <offset> <whence>"
            (a seek only where the stream is a file).
    """

    def __init__(self, spec):
        self.reads = list(spec.get("reads", []))
        self.writes = list(spec.get("writes", []))
        self.file = bytearray.fromhex(spec["file"]) if "file" in spec else None
        self.chunk = spec.get("chunk", 1 << 30)
        self.fixed_tell = spec.get("tell")
        self.close_error = spec.get("close_error")
        self.pos = 0
        self.written = bytearray()
        self.log = []

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return self.file is not None or self.fixed_tell is not None

    def tell(self):
        if self.fixed_tell is not None:
            return self.fixed_tell
        if self.file is None:
            raise io.UnsupportedOperation("seek")
        return self.pos

    def seek(self, pos, whence=0):
        if self.fixed_tell is not None:
            return self.fixed_tell
        if self.file is None:
            raise io.UnsupportedOperation("seek")
        self.log.append(f"seek {pos} {whence}")
        if whence == 1:
            pos += self.pos
        elif whence == 2:
            pos += len(self.file)
        if pos < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        self.pos = pos
        return pos

    def truncate(self, size=None):
        if self.file is None:
            raise io.UnsupportedOperation("truncate")
        if size is None:
            size = self.pos
        del self.file[size:]
        if len(self.file) < size:
            self.file.extend(b"\0" * (size - len(self.file)))
        return size

    def readinto(self, b):
        self.log.append(f"readinto {len(b)}")
        if self.file is not None:
            data = self.file[self.pos:self.pos + min(len(b), self.chunk)]
            b[:len(data)] = data
            self.pos += len(data)
            return len(data)
        if not self.reads:
            return 0
        item = self.reads.pop(0)
        if item is None:
            return None
        if isinstance(item, dict):
            if "error" in item:
                raise OSError(item["error"], os.strerror(item["error"]))
            return item["len"]
        data = bytes.fromhex(item)
        if len(data) > len(b):
            self.reads.insert(0, data[len(b):].hex())
            data = data[:len(b)]
        b[:len(data)] = data
        return len(data)

    def write(self, b):
        b = bytes(b)
        self.log.append(f"write {len(b)}")
        if self.file is not None:
            n = min(len(b), self.chunk)
            if self.pos > len(self.file):
                self.file.extend(b"\0" * (self.pos - len(self.file)))
            self.file[self.pos:self.pos + n] = b[:n]
            self.pos += n
            self.written += b[:n]
            return n
        if not self.writes:
            self.written += b
            return len(b)
        item = self.writes.pop(0)
        if item is None:
            return None
        if isinstance(item, dict):
            if "error" in item:
                raise OSError(item["error"], os.strerror(item["error"]))
            self.written += b[:max(0, min(item["len"], len(b)))]
            return item["len"]
        n = min(item, len(b))
        self.written += b[:n]
        return n

    def close(self):
        if self.closed:
            return
        super().close()
        if self.close_error is not None:
            raise OSError(self.close_error, os.strerror(self.close_error))


CLASSES = {"reader": io.BufferedReader, "writer": io.BufferedWriter, "random": io.BufferedRandom}


def run_op(f, op):
    name, args = op[0], op[1:]
    if name == "write":
        return outcome(lambda: f.write(bytes.fromhex(args[0])))
    if name in ("read", "read1", "peek", "readline"):
        return outcome(lambda: getattr(f, name)(args[0]))
    if name in ("readinto", "readinto1"):
        def fn():
            buf = bytearray(args[0])
            got = getattr(f, name)(buf)
            return None if got is None else bytes(buf[:got])
        return outcome(fn)
    if name == "seek":
        return outcome(lambda: f.seek(args[0], args[1]))
    if name == "truncate":
        return outcome(lambda: f.truncate(args[0]))
    return outcome(getattr(f, name))  # flush, tell, close, detach-free ops


def scenario(name, cls, raw, ops, buffer_size=8):
    r = FakeRaw(raw)
    construct = outcome(lambda: CLASSES[cls](r, buffer_size))
    steps = []
    if "exc" not in construct:
        f = CLASSES[cls](r, buffer_size)
        steps = [{"op": op, **run_op(f, op)} for op in ops]
        try:
            f.close()
        except Exception:  # noqa: BLE001 - the close is the test's own cleanup
            pass
    else:
        f = None
    case = {"name": name, "class": cls, "buffer_size": buffer_size, "raw": raw, "steps": steps,
            "raw_written": bytes(r.written).hex(), "raw_closed": r.closed, "raw_calls": r.log}
    if "exc" in construct:
        case["construct"] = construct
    if r.file is not None:
        case["raw_file"] = bytes(r.file).hex()
    return case


def h(s):
    return s.encode().hex()


def fixed_scenarios():
    S = []
    # Reader: short reads assembled, peek/read1 semantics, EOF, would-block.
    S.append(scenario("read_short_reads", "reader", {"reads": [h("abc"), h("d"), h("efg"), h("hijkl")]}, [["read", 5], ["read", 5], ["read", 5]]))
    S.append(scenario("read_all_chunks", "reader", {"reads": [h("abc"), h("d"), h("efg")]}, [["read", -1], ["read", -1]]))
    S.append(scenario("read_would_block", "reader", {"reads": [h("abc"), None, h("de")]}, [["read", 5], ["read", 5], ["read", 5]]))
    S.append(scenario("read_none_first", "reader", {"reads": [None, h("ab")]}, [["read", 2], ["read", 2]]))
    S.append(scenario("readall_would_block", "reader", {"reads": [h("ab"), None, h("cd")]}, [["read", -1], ["read", -1]]))
    S.append(scenario("peek_read1", "reader", {"reads": [h("abcdef"), h("ghijklmnopqrst")]}, [["peek", 1], ["read1", 2], ["peek", 0], ["read1", 100], ["read1", 3], ["peek", 10], ["read", 1], ["read1", -1]]))
    S.append(scenario("peek_would_block", "reader", {"reads": [None, h("xy")]}, [["peek", 1], ["read1", 5], ["peek", 1]]))
    S.append(scenario("read1_would_block", "reader", {"reads": [None]}, [["read1", 5]]))
    S.append(scenario("readline_chunks", "reader", {"reads": [h("ab\ncd"), h("ef"), h("gh\nij"), h("klmnopqrstuvwxyz\n")]}, [["readline", -1], ["readline", -1], ["readline", 3], ["readline", -1], ["readline", -1], ["readline", -1]]))
    S.append(scenario("readline_long", "reader", {"reads": [h("a" * 30 + "\n" + "b" * 5)]}, [["readline", -1], ["readline", 2], ["readline", -1]]))
    S.append(scenario("read_large", "reader", {"reads": [h("0123456789" * 5)]}, [["read", 1], ["read", 30], ["read", 30]]))
    S.append(scenario("readinto_mix", "reader", {"reads": [h("abcdef"), h("ghijklmnopqrstuvwxyz")]}, [["readinto", 3], ["readinto", 20], ["readinto1", 20], ["readinto", 5]]))
    S.append(scenario("readinto_block", "reader", {"reads": [None, h("ab")]}, [["readinto", 3], ["readinto", 3]]))
    S.append(scenario("read_invalid_length", "reader", {"reads": [{"len": 20}]}, [["read", 3]]))
    S.append(scenario("read_invalid_length_neg", "reader", {"reads": [{"len": -2}]}, [["read", 3]]))
    S.append(scenario("read_error", "reader", {"reads": [h("ab"), {"error": errno.EIO}]}, [["read", 2], ["read", 2], ["read", 2]]))
    S.append(scenario("read_negative_size", "reader", {"reads": [h("ab")]}, [["read", -2], ["read1", -2]]))
    S.append(scenario("tell_invalid", "reader", {"reads": [h("ab")], "tell": -3}, [["tell"], ["seek", 0, 0]]))
    S.append(scenario("seek_bad_whence", "reader", {"reads": [h("ab")]}, [["seek", 0, 7], ["seek", 0, 0]]))
    S.append(scenario("reader_write", "reader", {"reads": []}, [["write", h("x")], ["truncate", None]]))
    # Writer: buffering, flush, short writes, would-block with characters_written.
    S.append(scenario("write_buffered", "writer", {}, [["write", h("abc")], ["write", h("defgh")], ["write", h("i")], ["flush"]]))
    S.append(scenario("write_large", "writer", {}, [["write", h("ab")], ["write", h("0123456789abcdefghij")], ["flush"]]))
    S.append(scenario("write_short_writes", "writer", {"writes": [3, 1, 2, 5, 0, 100]}, [["write", h("0123456789abc")], ["write", h("defghijkl")], ["flush"]]))
    S.append(scenario("write_nonblock_absorbed", "writer", {"writes": [3, None]}, [["write", h("abcdefghij")], ["write", h("abcdefghijklmnop")], ["flush"], ["flush"]]))
    S.append(scenario("write_nonblock_large", "writer", {"writes": [None, None, None]}, [["write", h("abcdefghijklmnopqrst")], ["flush"], ["flush"]]))
    S.append(scenario("write_nonblock_fits", "writer", {"writes": [None]}, [["write", h("abcdef")], ["write", h("gh")], ["write", h("i")], ["flush"]]))
    S.append(scenario("write_nonblock_partial", "writer", {"writes": [2, None, 4, None]}, [["write", h("abcdefg")], ["write", h("hijklmn")], ["write", h("op")], ["flush"], ["flush"]]))
    # After a flush that raw took only part of, the bytes it took still count against the room
    # in the buffer (CPython's write_pos) until a write makes room by shifting: a 7-byte write
    # then goes to raw (and meets its error), a 5-byte one fits.
    for n in (7, 5):
        S.append(scenario(f"write_after_partial_flush_{n}", "writer", {"writes": [19, 9, None, {"error": errno.ENOSPC}]},
                          [["write", h("0123456789abcdefghijklmnopqrs")], ["flush"], ["write", h("ABCDEFG"[:n])], ["flush"],
                           ["flush"]], buffer_size=16))
    S.append(scenario("write_invalid_length", "writer", {"writes": [{"len": 9}]}, [["write", h("abc")], ["flush"]]))
    S.append(scenario("write_invalid_length_neg", "writer", {"writes": [{"len": -1}]}, [["write", h("abc")], ["flush"]]))
    S.append(scenario("write_error", "writer", {"writes": [{"error": errno.ENOSPC}]}, [["write", h("abc")], ["flush"], ["flush"]]))
    S.append(scenario("flush_error_close", "writer", {"writes": [{"error": errno.EIO}]}, [["write", h("abc")], ["close"], ["write", h("x")], ["flush"]]))
    S.append(scenario("close_error_after_flush_error", "writer", {"writes": [{"error": errno.EIO}], "close_error": errno.EBADF}, [["write", h("abc")], ["close"], ["close"]]))
    S.append(scenario("close_error", "writer", {"close_error": errno.EIO}, [["write", h("abc")], ["close"]]))
    S.append(scenario("writer_read", "writer", {}, [["read", 1], ["read1", 1], ["peek", 1], ["readline", -1]]))
    S.append(scenario("writer_seek_unseekable", "writer", {}, [["seek", 0, 0], ["tell"]]))
    S.append(scenario("closed_ops", "writer", {}, [["close"], ["write", h("a")], ["flush"], ["seek", 0, 0], ["truncate", None], ["close"]]))
    S.append(scenario("closed_reader_ops", "reader", {"reads": [h("ab")]}, [["close"], ["read", 1], ["read1", 1], ["peek", 1], ["readline", -1], ["readinto", 1], ["seek", 0, 0]]))
    S.append(scenario("bad_buffer_size", "reader", {}, [], buffer_size=0))
    # Random over a file raw.
    S.append(scenario("random_rw", "random", {"file": h("0123456789abcdef")}, [["read", 2], ["write", h("XY")], ["tell"], ["read", 3], ["seek", 0, 0], ["read", -1], ["seek", -3, 2], ["write", h("ZZZZZ")], ["seek", 0, 0], ["read", 30]]))
    S.append(scenario("random_unseekable", "random", {}, []))
    S.append(scenario("random_seek_in_buffer", "random", {"file": h("0123456789abcdef")}, [["read", 1], ["seek", 5, 0], ["read", 1], ["seek", -3, 1], ["read", 1], ["tell"], ["seek", 100, 0], ["read", 1], ["write", h("x")], ["seek", 0, 2]]))
    S.append(scenario("random_truncate", "random", {"file": h("0123456789abcdef")}, [["read", 3], ["truncate", None], ["tell"], ["read", -1], ["write", h("ab")], ["truncate", 20], ["seek", 0, 0], ["read", -1]]))
    return S


def random_scripts(rng, count):
    cases = []
    for i in range(count):
        init = bytes(rng.randrange(97, 123) for _ in range(rng.randrange(0, 40)))
        raw = {"file": init.hex(), "chunk": rng.choice([1, 3, 7, 1 << 20])}
        ops = []
        for _ in range(rng.randrange(3, 14)):
            k = rng.choice(["read", "read", "read1", "peek", "readline", "write", "write", "seek", "tell", "flush", "truncate", "readinto"])
            if k in ("read", "read1", "readline"):
                ops.append([k, rng.choice([-1, 0, 1, 2, 5, 9, 20])])
            elif k == "peek":
                ops.append([k, rng.choice([0, 1, 5])])
            elif k == "write":
                data = bytes(rng.choice(b"ABCDEFG\n") for _ in range(rng.randrange(0, 20)))
                ops.append([k, data.hex()])
            elif k == "seek":
                w = rng.choice([0, 1, 2])
                ops.append([k, rng.randrange(0, 30) if w == 0 else rng.randrange(-8, 8), w])
            elif k == "truncate":
                ops.append([k, rng.choice([None, 0, 5, 50])])
            elif k == "readinto":
                ops.append([k, rng.randrange(0, 20)])
            else:
                ops.append([k])
        cases.append(scenario(f"random_script_{i}", "random", raw, ops, buffer_size=rng.choice([1, 4, 8, 16])))
    return cases


def random_scripts_by_class(rng, count):
    """Random scripts for each of the three classes, every operation on each (a reader's write
    raises as CPython's does), with sizes around the 15 bytes a std::string holds in place and
    twice that (16..29 once read 30 bytes), larger files, and buffers from 1 byte to 8 KiB."""
    sizes = [-1, 0, 1, 2, 5, 9, 15, 16, 17, 20, 29, 30, 31, 40, 64, 100]
    cases = []
    for i in range(count):
        cls = ("reader", "writer", "random")[i % 3]
        init = bytes(rng.randrange(97, 123) for _ in range(rng.randrange(0, 300)))
        raw = {"file": init.hex(), "chunk": rng.choice([1, 3, 7, 64, 1 << 20])}
        ops = []
        for _ in range(rng.randrange(3, 20)):
            k = rng.choice(["read", "read", "read1", "peek", "readline", "readline", "write", "write", "seek",
                            "tell", "flush", "truncate", "readinto", "readinto1"])
            if k in ("read", "read1", "readline"):
                ops.append([k, rng.choice(sizes)])
            elif k == "peek":
                ops.append([k, rng.choice([-1, 0, 1, 5, 20, 100])])
            elif k == "write":
                data = bytes(rng.choice(b"ABCDEFG\n") for _ in range(rng.choice([0, 1, 5, 16, 20, 40, 100])))
                ops.append([k, data.hex()])
            elif k == "seek":
                w = rng.choice([0, 1, 2])
                ops.append([k, rng.randrange(0, 320) if w == 0 else rng.randrange(-40, 40), w])
            elif k == "truncate":
                ops.append([k, rng.choice([None, 0, 5, 50, 400])])
            elif k in ("readinto", "readinto1"):
                ops.append([k, rng.choice(sizes[1:])])
            else:
                ops.append([k])
        cases.append(scenario(f"random_{cls}_{i}", cls, raw, ops, buffer_size=rng.choice([1, 4, 8, 16, 32, 64, 8192])))
    return cases


def misbehaving_raw_scripts(rng, count):
    """Readers and writers over a raw stream that would block (None), fails (EIO, ENOSPC), is
    interrupted (EINTR, which the buffered object retries), reads short and writes short or
    claims an impossible length, with buffers of 1 to 64 bytes (writes of a buffer's size or
    more go straight to raw). A read claiming an impossible length is left out: under
    read(-1) CPython 3.13's RawIOBase.readall then returns uninitialised memory or raises
    SystemError."""
    def read_item():
        r = rng.random()
        if r < 0.12:
            return None
        if r < 0.16:
            return {"error": rng.choice([errno.EIO, errno.EINTR])}
        return bytes(rng.choice(b"abc\n") for _ in range(rng.randrange(0, 25))).hex()

    def write_item():
        r = rng.random()
        if r < 0.2:
            return None
        if r < 0.25:
            return {"error": rng.choice([errno.EIO, errno.ENOSPC, errno.EINTR])}
        if r < 0.27:
            return {"len": rng.choice([-1, 9999])}
        return rng.randrange(0, 20)

    sizes = [-1, 0, 1, 2, 5, 9, 15, 16, 17, 20, 30, 40]
    cases = []
    for i in range(count):
        cls = ("reader", "writer")[i % 2]
        raw = {"reads": [read_item() for _ in range(rng.randrange(0, 12))],
               "writes": [write_item() for _ in range(rng.randrange(0, 12))]}
        if rng.random() < 0.2:
            raw["close_error"] = errno.EIO
        ops = []
        for _ in range(rng.randrange(2, 14)):
            k = rng.choice(["read", "read1", "peek", "readline", "readinto", "readinto1", "write", "write", "write",
                            "flush", "close", "tell"])
            if k in ("read", "read1", "readline"):
                ops.append([k, rng.choice(sizes)])
            elif k == "peek":
                ops.append([k, rng.choice([0, 1, 5])])
            elif k in ("readinto", "readinto1"):
                ops.append([k, rng.choice(sizes[1:])])
            elif k == "write":
                ops.append([k, bytes(rng.choice(b"ABC\n") for _ in range(rng.randrange(0, 30))).hex()])
            else:
                ops.append([k])
        cases.append(scenario(f"misbehaving_{cls}_{i}", cls, raw, ops, buffer_size=rng.choice([1, 4, 8, 16, 64])))
    return cases


rng = random.Random(20240613)
oracle.write_json("tests/golden/io/binary_bytesio.json", bytesio_scripts(rng, 300))
oracle.write_json("tests/golden/io/binary_buffered.json",
                  fixed_scenarios() + random_scripts(rng, 300) + random_scripts_by_class(random.Random(20261121), 600)
                  + misbehaving_raw_scripts(random.Random(20261125), 1000))


# ---- a full device -----------------------------------------------------------------------
# Scripts on /dev/full (writes fail with ENOSPC when they reach it; reads give zeros), opened
# in the writing modes, text and binary, with buffers from 2 bytes to 8 KiB and unbuffered
# binary: when each write, flush and close fails, what is kept and dropped after a failure,
# that close() releases the descriptor even when its flush fails, tell()/seek()/read() and
# truncate() between. tests/io/binary/open_test.cpp replays them (where /dev/full exists).
def devfull_script(mode, buffering, encoding, ops):
    """Runs ops on open("/dev/full", mode, ...): each op's outcome, then close()'s."""
    binary = "b" in mode
    steps = []
    f = open("/dev/full", mode, buffering=buffering, encoding=encoding)
    for op in ops:
        name = op[0]
        if name == "write":
            text = "a" * max(op[1] - 1, 0) + ("\n" if op[2] and op[1] else "a" * min(op[1], 1))
            data = text if not binary else text.encode()
            steps.append({"op": op, **outcome(lambda: f.write(data))})
        elif name == "closed":
            steps.append({"op": op, "result": f.closed})
        elif name == "seek":
            steps.append({"op": op, **outcome(lambda: f.seek(op[1], op[2]))})
        elif name == "read":
            r = outcome(lambda: f.read(op[1]))
            if "result" in r and not binary:  # text: its UTF-8 bytes, in hex as bytes are
                r["result"] = r["result"].encode("utf-8", "surrogatepass").hex()
            steps.append({"op": op, **r})
        elif name == "truncate":
            steps.append({"op": op, **outcome(lambda: f.truncate())})
        else:
            steps.append({"op": op, **outcome(getattr(f, name))})
    final = outcome(f.close)
    return {"mode": mode, "buffering": buffering, "encoding": encoding, "steps": steps, "final_close": final,
            "closed": f.closed}


def devfull_scripts(rng, count):
    cases = []
    for i in range(count):
        binary = rng.random() < 0.5
        mode = rng.choice(["w", "a", "r+", "w+", "a+"])
        if binary:
            mode = mode[0] + "b" + mode[1:]
        buffering = rng.choice([0, 2, 16, 8192] if binary else [2, 16, 8192])
        encoding = None if binary else rng.choice(["utf-8", "utf-16", "latin-1"])
        ops = []
        for _ in range(rng.randrange(2, 10)):
            k = rng.choice(["write", "write", "write", "flush", "flush", "close", "closed", "tell", "seek", "read",
                            "truncate"])
            if k == "write":
                ops.append([k, rng.choice([0, 1, 3, 17, 100, 5000, 9000]), rng.random() < 0.3])
            elif k == "seek":
                ops.append([k, 0, rng.choice([0, 1, 2])])
            elif k == "read":
                ops.append([k, rng.choice([0, 1, 5])])
            else:
                ops.append([k])
        cases.append(devfull_script(mode, buffering, encoding, ops))
    return cases


# Written: a device keeps no position, so after a read the position a buffered object works out
# (raw's, 0, less what it read ahead) is negative; tell() and a seek inside the read-ahead
# give 0 (CPython's GH-95782). And a text write of a chunk or more after smaller ones: CPython
# 3.13 writes the smaller ones out first only when the new bytes alone fill a chunk.
def devfull_written():
    cases = []
    for mode in ["rb+", "wb+"]:
        for buffering in [16, 8192]:
            cases.append(devfull_script(mode, buffering, None, [["read", 1], ["tell"], ["seek", 0, 1], ["seek", 0, 0],
                                                                 ["read", 1], ["seek", 0, 1], ["tell"]]))
    for sizes in [[3000, 3000, 3000], [100, 8191], [100, 8192], [5000, 9000], [8191, 5]]:
        cases.append(devfull_script("w", 8192, "latin-1", [["write", n, False] for n in sizes] + [["flush"]]))
    return cases


# PYOS_HUNT_SEED / PYOS_HUNT_N: other seeds and more scripts, for hunting (not committed).
if os.access("/dev/full", os.W_OK):
    oracle.write_json("tests/golden/io/binary_devfull.json",
                      devfull_scripts(random.Random(int(os.environ.get("PYOS_HUNT_SEED", "20261127"))),
                                      int(os.environ.get("PYOS_HUNT_N", "400"))) + devfull_written())


# ---- scripts on files through open(), in every binary mode ------------------------------------
# BufferedReader, BufferedWriter and BufferedRandom over a real file (FileIO), with buffers of 2
# bytes to 8 KiB, over a file that is absent or holds up to ~10 KB. Reads, writes, seeks with
# every whence, peeks, truncates and flushes in any order: in r+b, w+b and a+b a write lands in
# the bytes read ahead, and a flush writes the changed region back from where it began (in a+b
# the kernel puts it at the end). After each step the file's length and its FNV-1a 64 hash
# (what reached the OS, so the moments of the writes are compared too); after close() its
# bytes when short, else the hash again.
BINARY_FILE_MODES = ["rb", "r+b", "wb", "w+b", "ab", "a+b", "xb", "x+b"]


def fnv1a64(data):
    """FNV-1a, 64 bits: offset basis 0xcbf29ce484222325, prime 0x100000001b3."""
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return format(h, "016x")


def pattern(alphabet, n, seed):
    """n bytes cycling through alphabet with a stride: byte j is alphabet[(j * 5 + seed) % len]."""
    return bytes(alphabet[(j * 5 + seed) % len(alphabet)] for j in range(n))


def digest(data):
    """Bytes as the golden file keeps them: hex up to 256 bytes, else length and FNV-1a 64."""
    return data.hex() if len(data) <= 256 else {"len": len(data), "fnv": fnv1a64(data)}


def file_scripts(rng, count):
    sizes = [-1, 0, 1, 2, 5, 9, 15, 16, 17, 30, 64, 100, 1000, 9000]
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "script")

        def disk():
            with open(path, "rb") as g:
                data = g.read()
            return {"len": len(data), "fnv": fnv1a64(data)}

        for i in range(count):
            mode = BINARY_FILE_MODES[i % len(BINARY_FILE_MODES)]
            buffering = rng.choice([2, 3, 7, 16, 64, 1000, 8192])
            if os.path.exists(path):
                os.unlink(path)
            initial = None
            if rng.random() < (0.2 if mode.startswith("x") else 0.85):
                n = rng.choice([0, rng.randrange(1, 40), rng.randrange(100, 300), rng.randrange(9000, 10000)])
                seed = rng.randrange(8)
                initial = pattern(b"abcXYZ\n\r", n, seed)
                with open(path, "wb") as g:
                    g.write(initial)
                initial = [n, seed]
            case = {"mode": mode, "buffering": buffering, "initial": initial}
            try:
                f = open(path, mode, buffering=buffering)
            except OSError as e:
                case["open_error"] = {"exc": type(e).__name__, "msg": str(e).replace(tmp, "<dir>")}
                cases.append(case)
                continue
            steps = []
            for _ in range(rng.randrange(3, 20)):
                k = rng.choice(["read", "read", "read1", "peek", "readline", "readline", "readinto", "readinto1",
                                "write", "write", "write", "seek", "seek", "tell", "flush", "truncate"])
                if k in ("read", "read1", "readline"):
                    op = [k, rng.choice(sizes)]
                elif k == "peek":
                    op = [k, rng.choice([0, 1, 100])]
                elif k in ("readinto", "readinto1"):
                    op = [k, rng.choice(sizes[1:])]
                elif k == "write":
                    op = ["write_n", rng.choice([0, 1, 5, 16, 40, 100, 1000, 9000]), rng.randrange(8)]
                elif k == "seek":
                    w = rng.choice([0, 1, 2])
                    op = [k, rng.randrange(0, 320) if w == 0 else rng.randrange(-40, 40) if w == 1 else rng.randrange(-40, 5), w]
                elif k == "truncate":
                    op = [k, rng.choice([None, 0, 5, 50, 400])]
                else:
                    op = [k]
                if op[0] == "write_n":  # op[1] bytes of pattern(b"ABCDEFG\n", n, op[2])
                    got = outcome(lambda: f.write(pattern(b"ABCDEFG\n", op[1], op[2])))
                else:
                    got = run_op(f, op)
                if isinstance(got.get("result"), str):
                    got["result"] = digest(bytes.fromhex(got["result"]))
                steps.append({"op": op, **got, "disk": disk()})
            case["steps"] = steps
            case["close"] = outcome(f.close)
            with open(path, "rb") as g:
                case["final"] = digest(g.read())
            cases.append(case)
    return cases


# PYOS_HUNT_SEED / PYOS_HUNT_N: other seeds and more scripts, for hunting (not committed).
oracle.write_json("tests/golden/io/binary_files.json",
                  file_scripts(random.Random(int(os.environ.get("PYOS_HUNT_SEED", "20261128"))),
                               int(os.environ.get("PYOS_HUNT_N", "400"))))
