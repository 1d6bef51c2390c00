"""Golden vectors for logging.LoggerAdapter in pyos::logging.

Each case is a chain of adapters over the logger "ad" and a script of calls and checks; the
C++ test (tests/logging/core_adapter_test.cpp) interprets it the same way this script does.
Every case runs in a fresh CPython process.

tests/golden/logging/core_adapter.json
  cases: {"id", "chain": [[extra, merge_extra, tag], ...], "ops": [...], "results": [...],
          "output": text, "stderr": text, optional "fmt"}
  The logger "ad" (propagate False) has one StreamHandler over a StringIO with the formatter
  FORMAT below (or the case's "fmt"), whose defaults give "-" for the extra keys a, b and c. chain[0] adapts the
  logger, chain[i] adapts chain[i-1]. extra is a dict (str -> str or int) or null; tag, when
  not null, makes the adapter a subclass whose process() calls LoggerAdapter.process and
  then returns "[tag] " + msg (the documentation's example of overriding process).
  Operations (i indexes the chain):
    ["call", i, method, level, msg, args, extra]
                        chain[i].method(msg, *args) (log: chain[i].log(level, msg, *args)),
                        with extra=extra when extra is not null; its outcome ("ok" or
                        [class, str(exception)]) is a result. method is one of debug, info,
                        warning, error, critical, exception (called outside any except
                        block), log
    ["setLevel", i, level]    chain[i].setLevel(level) (the logger's level)
    ["disable", level]        logging.disable(level)
    ["removeHandler"]         the handler leaves the logger (records go to lastResort)
    ["check", i, what]        what: "repr", "name", "effective" (getEffectiveLevel()),
                              "hasHandlers", "manager" (whether it is the root's manager),
                              or a level number (isEnabledFor(level))
"""
import io
import json
import os
import random
import sys

FORMAT = "%(levelname)s|%(name)s|%(message)s|%(a)s|%(b)s|%(c)s"


# ---- The interpreter (runs in a child process) ----------------------------------------

def run(case):
    import logging

    err = io.StringIO()
    sys.stderr = err
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter(case.get("fmt", FORMAT), defaults={"a": "-", "b": "-", "c": "-"}))
    logger = logging.getLogger("ad")
    logger.propagate = False
    logger.addHandler(handler)

    class Tagged(logging.LoggerAdapter):
        def __init__(self, inner, extra, merge_extra, tag):
            super().__init__(inner, extra, merge_extra)
            self.tag = tag

        def process(self, msg, kwargs):
            msg, kwargs = super().process(msg, kwargs)
            return "[%s] %s" % (self.tag, msg), kwargs

    chain = []
    for extra, merge, tag in case["chain"]:
        inner = chain[-1] if chain else logger
        if tag is None:
            chain.append(logging.LoggerAdapter(inner, extra, merge))
        else:
            chain.append(Tagged(inner, extra, merge, tag))

    results = []
    for op in case["ops"]:
        kind = op[0]
        if kind == "call":
            _, i, method, level, msg, args, extra = op
            kwargs = {} if extra is None else {"extra": extra}
            try:
                if method == "log":
                    chain[i].log(level, msg, *args, **kwargs)
                else:
                    getattr(chain[i], method)(msg, *args, **kwargs)
                results.append("ok")
            except Exception as e:
                results.append([type(e).__name__, str(e)])
        elif kind == "setLevel":
            chain[op[1]].setLevel(op[2])
        elif kind == "disable":
            logging.disable(op[1])
        elif kind == "removeHandler":
            logger.removeHandler(handler)
        elif kind == "check":
            a, what = chain[op[1]], op[2]
            if what == "repr":
                results.append(repr(a))
            elif what == "name":
                results.append(a.name)
            elif what == "effective":
                results.append(a.getEffectiveLevel())
            elif what == "hasHandlers":
                results.append(a.hasHandlers())
            elif what == "manager":
                results.append(a.manager is logging.root.manager)
            else:
                results.append(a.isEnabledFor(what))
        else:
            raise ValueError(op)
    return {"results": results, "output": out.getvalue(), "stderr": err.getvalue()}


if len(sys.argv) > 1 and sys.argv[1] == "--run":
    sys.stdout.write(json.dumps(run(json.loads(sys.stdin.read()))))
    sys.exit(0)


# ---- The cases ------------------------------------------------------------------------

import oracle  # noqa: E402

oracle.check_interpreter()

W = 30


def call(i, method, msg="m", args=(), extra=None, level=None):
    return ["call", i, method, level, msg, list(args), extra]


CASES = [
    # process(): the adapter's extra replaces the call's, unless merge_extra, where the
    # call's keys win over the adapter's.
    ("extra_replaces_call_extra", [[{"a": 1}, False, None]],
     [call(0, "warning", extra={"b": 2}), call(0, "warning")]),
    ("merge_extra", [[{"a": 1, "b": "x"}, True, None]],
     [call(0, "warning", extra={"b": 2, "c": 3}), call(0, "warning")]),
    ("no_extra", [[None, False, None]], [call(0, "warning", extra={"a": 1})]),
    # merge_extra with no extra of its own cannot merge: CPython's TypeError at the call.
    ("merge_into_none", [[None, True, None]], [call(0, "warning", extra={"a": 1}), call(0, "warning")]),
    # A key of the record's own attributes, message or asctime: KeyError at the call.
    ("clash_from_adapter", [[{"msg": "x"}, False, None]], [call(0, "warning"), call(0, "debug")]),
    ("clash_from_call", [[{"a": 1}, True, None]],
     [call(0, "warning", extra={"message": 1}), call(0, "warning", extra={"asctime": 1}),
      call(0, "warning", extra={"taskName": 1}), call(0, "warning", extra={"lineno": 1})]),
    # Nesting: the outer adapter's process runs first, then the inner one's on its result.
    ("nested_inner_replaces", [[{"a": 1}, False, None], [{"b": 2}, False, None]], [call(1, "warning")]),
    ("nested_inner_merges", [[{"a": 1, "b": 1}, True, None], [{"b": 2}, False, None]], [call(1, "warning")]),
    ("nested_tags", [[{"a": 1}, True, "in"], [{"b": 2}, True, "out"]],
     [call(1, "warning", "x %s", ["y"]), call(0, "error", "z")]),
    # Levels are the logger's; isEnabledFor is checked before process.
    ("levels_delegate", [[{"a": 1}, False, None], [None, False, "t"]],
     [["setLevel", 1, 40], ["check", 0, "effective"], ["check", 1, "repr"], ["check", 0, 30], ["check", 0, 40],
      call(1, "warning"), call(1, "error"), ["disable", 40], ["check", 1, 40], call(1, "critical"),
      call(1, "error")]),
    ("methods", [[{"c": "k"}, False, None]],
     [call(0, "debug"), call(0, "info"), ["setLevel", 0, 1], call(0, "debug", "d"), call(0, "info", "i"),
      call(0, "warning", "w"), call(0, "error", "e"), call(0, "critical", "c"), call(0, "log", "l", level=25),
      call(0, "log", "l5", level=5), call(0, "exception", "x %d", [3])]),
    ("attributes", [[None, False, None], [{"a": 1}, True, "t"]],
     [["check", 1, "name"], ["check", 1, "manager"], ["check", 1, "hasHandlers"], ["check", 1, "repr"],
      ["removeHandler"], ["check", 1, "hasHandlers"], call(1, "warning", "to lastResort"), call(1, "info")]),
    # exc_info=True with no exception being handled: sys.exc_info() is (None, None, None).
    ("exc_info_none", [[{}, True, None]],
     [call(0, "exception", "e"), call(0, "error", "f", extra={"exc_info": 1}), call(0, "error", "g")],
     "%(message)s|%(exc_info)s|%(exc_text)s"),
    ("format_errors", [[{"a": 1}, False, None]],
     [call(0, "warning", "%d", ["x"]), call(0, "warning", "%s %s", ["x"]), call(0, "warning", "100%")]),
]

KEYS = ["a", "b", "c", "d"]
CLASH = ["msg", "args", "name", "message", "levelno", "process"]
METHODS = ["debug", "info", "warning", "error", "critical", "exception", "log"]
MESSAGES = [("m", []), ("x %s", ["y"]), ("n=%d", [3]), ("%s-%s", ["p", 7]), ("caf\u00e9", [])]


def random_extra(rng):
    if rng.random() < 0.25:
        return None
    keys = rng.sample(KEYS, rng.randrange(0, 3))
    if rng.random() < 0.05:
        keys.append(rng.choice(CLASH))
    return {k: rng.choice([1, "v", "\u20ac", 0]) for k in keys}


def random_cases(seed, count):
    """Random chains of one to three adapters (random extra, merge_extra, tag) and calls of
    every method at random levels through every adapter of the chain, with and without a
    call extra, mixed with level changes, disable() and checks."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        chain = [[random_extra(rng), rng.random() < 0.5, rng.choice([None, None, f"t{n}"])]
                 for n in range(rng.randrange(1, 4))]
        ops = []
        for _ in range(rng.randrange(3, 10)):
            i = rng.randrange(len(chain))
            r = rng.random()
            if r < 0.7:
                msg, args = rng.choice(MESSAGES)
                method = rng.choice(METHODS)
                level = rng.choice([5, 10, 20, 25, 30, 40, 50]) if method == "log" else None
                ops.append(call(i, method, msg, args, random_extra(rng) if rng.random() < 0.5 else None, level))
            elif r < 0.8:
                ops.append(["setLevel", i, rng.choice([0, 10, 20, 30, 40])])
            elif r < 0.83:
                ops.append(["disable", rng.choice([0, 10, 30])])
            else:
                ops.append(["check", i, rng.choice(["repr", "effective", "hasHandlers", 20, 30])])
        out.append((f"random_{k}", chain, ops))
    return out


CASES += random_cases(int(os.environ.get("PYOS_HUNT_SEED", "20261122")), int(os.environ.get("PYOS_HUNT_N", "120")))


def main():
    cases = []
    ids = set()
    for cid, chain, ops, *fmt in CASES:
        assert cid not in ids
        ids.add(cid)
        case = {"id": cid, "chain": chain, "ops": ops, **({"fmt": fmt[0]} if fmt else {})}
        cases.append({**case, **oracle.run_child(__file__, case)})
    oracle.write_json("tests/golden/logging/core_adapter.json", cases, format=FORMAT)


main()
