"""Golden vectors for logging.FileHandler's life cycle in pyos::logging.

Each case is a script of operations on up to two FileHandlers over files of a private
directory; the C++ test (tests/logging/core_filehandler_test.cpp) interprets it the same way
this script does. Every case runs in a fresh CPython process, as every C++ case runs with
fresh handlers.

tests/golden/logging/core_filehandler.json
  cases: {"id", "ops": [...], "results": [...], "stderr": text, "open_failures": n}
  The handlers are attached to the logger "fh" (level 1, propagate False), each with the
  formatter '%(levelname)s:%(message)s'. Operations:
    ["new", h, file, mode, encoding, errors, delay]
                        FileHandler(<dir>/file, mode, encoding, delay, errors); its outcome
                        ("ok", or [class, message] with the directory as "<dir>") is a result;
                        on success the handler is added to the logger
    ["log", level, msg] getLogger("fh").log(level, msg)
    ["close", h] / ["flush", h] / ["detach", h] (removeHandler)
    ["level", h, level] handler.setLevel(level)
    ["term", h, text]   handler.terminator = text
    ["append", file, text]   appends text (UTF-8) to the file from outside
    ["unlink", file]    removes the file
    ["check", "repr", h]     repr(handler), the directory as "<dir>"
    ["check", "stream", h]   null when handler.stream is None, else whether it is closed
    ["check", "files"]       every file of the directory (and of <dir>/sub) -> its bytes (hex)
  After the script: logging.shutdown(), then "files" as the last check, and "stderr" is
  everything written to sys.stderr (handleError reports) with the directory as "<dir>".

One documented deviation is applied to CPython here (docs/logging.md, "Deviations"): when
FileHandler.emit opens its file (delay, or after close) and the open fails, CPython lets the
exception reach the logging call, and the handlers after it miss the record; pyos never
throws into the caller and sends it to handleError instead. The interpreter wraps
FileHandler.emit so that an exception escaping it goes to handleError (StreamHandler.emit
already sends every other one there, so only the open's are caught); "open_failures" counts
the records that took that path.

Random scripts are generated from a fixed seed; PYOS_HUNT_SEED / PYOS_HUNT_N replace the
seed and the count when hunting for differences (regenerate with the defaults to commit).
"""
import io
import json
import os
import random
import sys
import tempfile


# ---- The interpreter of scripts (runs in a child process) -----------------------------

def snapshot(workdir):
    files = {}
    for root, _dirs, names in sorted(os.walk(workdir)):
        for name in sorted(names):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, workdir)] = f.read().hex()
    return files


def run(ops, workdir):
    import logging

    err = io.StringIO()
    sys.stderr = err
    failures = 0
    cpython_emit = logging.FileHandler.emit

    def emit(self, record):
        nonlocal failures
        try:
            cpython_emit(self, record)
        except Exception:
            failures += 1
            self.handleError(record)

    logging.FileHandler.emit = emit
    logger = logging.getLogger("fh")
    logger.setLevel(1)
    logger.propagate = False
    handlers = {}
    results = []

    def hide(text):
        return text.replace(workdir, "<dir>")

    for op in ops:
        kind = op[0]
        if kind == "new":
            _, h, file, mode, encoding, errors, delay = op
            try:
                handler = logging.FileHandler(os.path.join(workdir, file), mode, encoding, delay, errors)
            except Exception as e:
                results.append([type(e).__name__, hide(str(e))])
                continue
            handler.setFormatter(logging.Formatter("%(levelname)s:%(message)s"))
            handlers[h] = handler
            logger.addHandler(handler)
            results.append("ok")
        elif kind == "log":
            logger.log(op[1], op[2])
        elif kind in ("close", "flush", "detach", "level", "term"):
            handler = handlers.get(op[1])
            if handler is None:
                continue
            if kind == "close":
                handler.close()
            elif kind == "flush":
                handler.flush()
            elif kind == "detach":
                logger.removeHandler(handler)
            elif kind == "level":
                handler.setLevel(op[2])
            else:
                handler.terminator = op[2]
        elif kind == "append":
            with open(os.path.join(workdir, op[1]), "ab") as f:
                f.write(op[2].encode())
        elif kind == "unlink":
            try:
                os.unlink(os.path.join(workdir, op[1]))
            except FileNotFoundError:
                pass
        elif kind == "check":
            what = op[1]
            if what == "files":
                results.append(snapshot(workdir))
                continue
            handler = handlers.get(op[2])
            if handler is None:
                results.append("none")
            elif what == "repr":
                results.append(hide(repr(handler)))
            else:
                results.append(None if handler.stream is None else handler.stream.closed)
        else:
            raise ValueError(op)
    logging.shutdown()
    results.append(snapshot(workdir))
    return {"results": results, "stderr": hide(err.getvalue()), "open_failures": failures}


if len(sys.argv) > 1 and sys.argv[1] == "--run":
    job = json.loads(sys.stdin.read())
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "sub"))
        out = run(job["ops"], d)
    sys.stdout.write(json.dumps(out))
    sys.exit(0)


# ---- The scripts ----------------------------------------------------------------------

import oracle  # noqa: E402

oracle.check_interpreter()

W, E = 30, 40

# Written cases: each pins one rule of FileHandler (CPython 3.13's logging/__init__.py).
CASES = [
    # A closed handler in mode 'w' stays closed (a record is dropped), so that it cannot
    # truncate what it wrote; any other mode, 'w+' included, opens the file again.
    ("closed_w_drops", [["new", "a", "a.log", "w", None, None, False], ["log", W, "one"], ["close", "a"],
                        ["log", W, "two"], ["check", "stream", "a"], ["check", "files"]]),
    ("closed_wplus_truncates", [["new", "a", "a.log", "w+", None, None, False], ["log", W, "one"], ["close", "a"],
                                ["log", W, "two"], ["check", "stream", "a"]]),
    ("closed_a_appends", [["append", "a.log", "old\n"], ["new", "a", "a.log", "a", None, None, False],
                          ["log", W, "one"], ["close", "a"], ["log", W, "two"], ["check", "stream", "a"]]),
    # delay: nothing is created before the first record; a closed delayed 'w' handler that
    # never wrote stays closed too.
    ("delay_creates_nothing", [["new", "a", "a.log", "w", None, None, True], ["check", "files"],
                               ["check", "stream", "a"], ["close", "a"], ["log", W, "dropped"]]),
    ("delay_a_opens_on_record", [["new", "a", "a.log", "a", None, None, True], ["check", "files"],
                                 ["log", W, "one"], ["check", "stream", "a"]]),
    # Errors at construction, and the same errors at the first record when delayed.
    ("missing_dir", [["new", "a", "nodir/a.log", "a", None, None, False]]),
    ("missing_dir_delayed", [["new", "a", "nodir/a.log", "a", None, None, True], ["log", W, "m"],
                             ["check", "stream", "a"], ["log", E, "again"]]),
    ("x_existing", [["append", "a.log", "old\n"], ["new", "a", "a.log", "x", None, None, False]]),
    ("x_reopen_fails", [["new", "a", "a.log", "x", None, None, False], ["log", W, "one"], ["close", "a"],
                        ["log", W, "two"], ["check", "stream", "a"]]),
    ("r_mode_not_writable", [["append", "a.log", "old\n"], ["new", "a", "a.log", "r", None, None, False],
                             ["log", W, "m"]]),
    ("binary_mode", [["new", "a", "a.log", "ab", None, None, False], ["log", W, "m"]]),
    ("binary_mode_encoding", [["new", "a", "a.log", "ab", "utf-8", None, False]]),
    ("binary_mode_errors", [["new", "a", "a.log", "wb", None, "strict", False]]),
    ("bad_mode", [["new", "a", "a.log", "q", None, None, False]]),
    ("bad_mode_delayed", [["new", "a", "a.log", "q", None, None, True], ["log", W, "m"]]),
    # An unknown encoding: in mode 'w' the file is created (and emptied) before the codec
    # lookup fails.
    ("unknown_encoding_w", [["append", "a.log", "old\n"], ["new", "a", "a.log", "w", "bogus", None, False]]),
    ("unknown_errors", [["new", "a", "a.log", "w", "ascii", "bogus", False], ["log", W, "plain"],
                        ["log", W, "caf\u00e9"]]),
    # Encodings with a BOM: appending to a non-empty file writes no second BOM, also after
    # a reopen.
    ("utf16_append_reopen", [["new", "a", "a.log", "a", "utf-16", None, False], ["log", W, "one"],
                             ["close", "a"], ["log", W, "two"], ["close", "a"],
                             ["new", "b", "a.log", "a", "utf-16", None, False], ["log", E, "three"]]),
    ("utf8sig_append", [["append", "a.log", "old\n"], ["new", "a", "a.log", "a", "utf-8-sig", None, False],
                        ["log", W, "caf\u00e9"]]),
    ("utf16_w_twice", [["new", "a", "a.log", "w", "utf-16", None, False], ["log", W, "one"],
                       ["new", "b", "a.log", "w", "utf-16", None, False], ["log", W, "two"]]),
    # Error handlers for what the encoding cannot take.
    ("ascii_strict", [["new", "a", "a.log", "w", "ascii", "strict", False], ["log", W, "caf\u00e9 \u20ac"],
                      ["log", W, "plain"]]),
    ("latin1_handlers", [["new", "a", "a.log", "w", "latin-1", "backslashreplace", False],
                         ["new", "b", "b.log", "w", "latin-1", "xmlcharrefreplace", False],
                         ["log", W, "caf\u00e9 \u20ac \U0001f600"]]),
    # Outside changes: a removed file is written through the open descriptor; after close
    # the handler makes a new one.
    ("unlinked_while_open", [["new", "a", "a.log", "a", None, None, False], ["log", W, "one"],
                             ["unlink", "a.log"], ["log", W, "lost"], ["check", "files"], ["close", "a"],
                             ["log", W, "new"]]),
    ("two_handlers_one_file", [["new", "a", "a.log", "a", None, None, False],
                               ["new", "b", "a.log", "a", None, None, True], ["log", W, "one"],
                               ["append", "a.log", "outside\n"], ["log", E, "two"]]),
    ("repr_and_level", [["new", "a", "sub/c.log", "a", None, None, True], ["check", "repr", "a"],
                        ["level", "a", E], ["check", "repr", "a"], ["log", W, "below"], ["log", E, "at"],
                        ["term", "a", "\r\n"], ["log", E, "crlf"], ["close", "a"], ["check", "repr", "a"]]),
]

MODES = ["a", "a", "a", "w", "w", "x", "w+", "a+", "r+", "r", "ab", "at", "wt", "rb", "aa"]
ENCODINGS = [None, None, "utf-8", "latin-1", "ascii", "utf-16", "utf-16-le", "utf-8-sig", "cp1252", "utf-32",
             "bogus"]
ERRORS = [None, None, "strict", "replace", "ignore", "backslashreplace", "xmlcharrefreplace", "namereplace",
          "surrogateescape"]
FILES = ["a.log", "a.log", "b.log", "sub/c.log", "nodir/d.log"]
MESSAGES = ["m", "caf\u00e9 \u20ac", "a\nb", "\u00ff\u0100", "\U0001f600", "x\r\ny", ""]
TERMS = ["\n", "\r\n", "", "|"]


def random_cases(seed, count):
    """Random scripts: up to two handlers made with random modes, encodings, error handlers
    and delay over a few files (some made first, some in a missing directory), records at
    random levels, closes, reopenings, flushes, level and terminator changes, outside appends
    and removals, with checks of the streams, reprs and files between them."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        ops = []
        if rng.random() < 0.4:
            ops.append(["append", rng.choice(FILES[:4]), rng.choice(["old\n", "caf\u00e9\n", ""])])
        made = []
        for _ in range(rng.randrange(6, 16)):
            r = rng.random()
            if r < 0.15 or not made:
                h = rng.choice(["h0", "h1"])
                ops.append(["new", h, rng.choice(FILES), rng.choice(MODES), rng.choice(ENCODINGS),
                            rng.choice(ERRORS), rng.random() < 0.4])
                made.append(h)
            elif r < 0.55:
                ops.append(["log", rng.choice([10, 20, 30, 40, 50]), rng.choice(MESSAGES)])
            elif r < 0.65:
                ops.append(["close", rng.choice(made)])
            elif r < 0.7:
                ops.append(["flush", rng.choice(made)])
            elif r < 0.73:
                ops.append(["detach", rng.choice(made)])
            elif r < 0.77:
                ops.append(["level", rng.choice(made), rng.choice([0, 20, 40])])
            elif r < 0.8:
                ops.append(["term", rng.choice(made), rng.choice(TERMS)])
            elif r < 0.84:
                ops.append(["append", rng.choice(FILES[:4]), "out\n"])
            elif r < 0.87:
                ops.append(["unlink", rng.choice(FILES[:4])])
            elif r < 0.92:
                ops.append(["check", "stream", rng.choice(made)])
            elif r < 0.96:
                ops.append(["check", "repr", rng.choice(made)])
            else:
                ops.append(["check", "files"])
        out.append((f"random_{k}", ops))
    return out


CASES += random_cases(int(os.environ.get("PYOS_HUNT_SEED", "20261121")), int(os.environ.get("PYOS_HUNT_N", "150")))


def main():
    cases = []
    ids = set()
    for cid, ops in CASES:
        assert cid not in ids
        ids.add(cid)
        cases.append({"id": cid, "ops": ops, **oracle.run_child(__file__, {"ops": ops})})
    oracle.write_json("tests/golden/logging/core_filehandler.json", cases)


main()
