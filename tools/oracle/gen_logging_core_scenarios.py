"""Golden vectors for the logger hierarchy and basicConfig of pyos::logging.

Each scenario is data: a list of operations that the C++ test (tests/logging/
core_scenarios_test.cpp) interprets the same way this script does. Every scenario runs in
a fresh CPython process (the hierarchy, lastResort and basicConfig are process state),
as every C++ scenario runs in its own test process.

tests/golden/logging/core_scenarios.json
  cases: {"id", "doc", "ops": [...], "results": [...], "outputs": {handler: [lines]},
          "stderr": text}
  Operations (logger names: "" is the root logger):
    ["getLogger", name]                 logging.getLogger(name)
    ["getChild", parent, suffix]        getLogger(parent).getChild(suffix)
    ["setLevel", logger, level]         level: int or name
    ["handler", hname, logger, level]   a StreamHandler over a StringIO, formatter
                                        '%(name)s:%(levelname)s:%(message)s', level set,
                                        added to the logger
    ["addHandler", logger, hname] / ["removeHandler", logger, hname]
    ["hsetLevel", hname, level]
    ["hname", hname, name] / ["hclose", hname]   handler.set_name(name) / handler.close()
    ["filter", "logger"|"handler", target, filter_name]   addFilter(Filter(name))
    ["dropFilter", "logger"|"handler", target, text]      addFilter(a callable rejecting
                                        records whose getMessage() contains text)
    ["prefixFilter", "logger"|"handler", target]          a callable that sets
                                        record.msg = "F:" + record.msg and passes the record
    ["replaceFilter", "logger"|"handler", target]         a callable that returns a copy
                                        of the record with msg = "R:" + msg (Python 3.12:
                                        the copy replaces the record)
    ["removeFilters", "logger"|"handler", target]         removes every filter
    ["propagate", logger, bool] / ["disabled", logger, bool]
    ["disable", level]                  logging.disable(level) (int or name)
    ["log", logger, level, msg, [args]] getLogger(logger).log(level, msg, *args)
    ["module", func, msg, [args]]       logging.debug/info/warning/error/critical(msg, *args)
    ["addLevelName", level, name]
    ["lastResort", null]                logging.lastResort = None
    ["raiseExceptions", bool]
    ["check", what, args...]            an observation; its value is in "results" (one
                                        entry per check, in order):
        effective logger -> int; enabled logger level -> bool; level logger -> int
        parent logger -> name or null; children logger -> sorted names
        hasHandlers logger -> bool; handlers logger -> handler names in order
        names -> sorted logger names of the manager (placeholders excluded)
        same name1 name2 -> whether getLogger(name1) is getLogger(name2)
        disable -> manager.disable; repr logger -> repr(logger); hrepr handler -> repr(handler)
        byName name -> the handler getHandlerByName finds (or null); handlerNames -> sorted
  Output: each handler's lines, and everything written to sys.stderr (lastResort,
  basicConfig's default handler, "No handlers could be found ...").

tests/golden/logging/core_basicconfig.json
  cases: {"id", "setup": [...], "kwargs": {...}, "result": ["ok"] or [class, message],
          "handlers": [description of each root handler], "root_level": int,
          "logs": [[level, msg]], "outputs": {...}, "stderr": text}
  kwargs names are basicConfig's; "stream": "stringio" (a fresh StringIO named "s1") or
  null (stream=None); "handlers": names of handlers made in setup; "filename" is relative
  to a private directory ("" stays ""). "files" maps every file of that directory after
  logging.shutdown() to its bytes (hex).
"""
import copy
import io
import json
import os
import random
import sys
import tempfile

FORMAT = "%(name)s:%(levelname)s:%(message)s"


# ---- The interpreter of scenarios (runs in a child process) ---------------------------

def run_scenario(ops):
    import logging

    err = io.StringIO()
    sys.stderr = err
    handlers = {}
    streams = {}
    results = []

    def lg(name):
        return logging.getLogger(name) if name else logging.getLogger()

    def target(kind, name):
        return lg(name) if kind == "logger" else handlers[name]

    for op in ops:
        code = op[0]
        if code == "getLogger":
            lg(op[1])
        elif code == "getChild":
            lg(op[1]).getChild(op[2])
        elif code == "setLevel":
            lg(op[1]).setLevel(op[2])
        elif code == "handler":
            s = io.StringIO()
            h = logging.StreamHandler(s)
            h.setFormatter(logging.Formatter(FORMAT))
            h.setLevel(op[3])
            handlers[op[1]] = h
            streams[op[1]] = s
            lg(op[2]).addHandler(h)
        elif code == "addHandler":
            lg(op[1]).addHandler(handlers[op[2]])
        elif code == "removeHandler":
            lg(op[1]).removeHandler(handlers[op[2]])
        elif code == "hsetLevel":
            handlers[op[1]].setLevel(op[2])
        elif code == "filter":
            target(op[1], op[2]).addFilter(logging.Filter(op[3]))
        elif code == "dropFilter":
            text = op[3]
            target(op[1], op[2]).addFilter(lambda r, text=text: text not in r.getMessage())
        elif code == "prefixFilter":
            def prefix(r):
                r.msg = "F:" + r.msg
                return True
            target(op[1], op[2]).addFilter(prefix)
        elif code == "replaceFilter":
            def replace(r):
                c = copy.copy(r)
                c.msg = "R:" + str(c.msg)
                return c
            target(op[1], op[2]).addFilter(replace)
        elif code == "removeFilters":
            t = target(op[1], op[2])
            for f in list(t.filters):
                t.removeFilter(f)
        elif code == "propagate":
            lg(op[1]).propagate = op[2]
        elif code == "disabled":
            lg(op[1]).disabled = op[2]
        elif code == "disable":
            logging.disable(op[1])
        elif code == "log":
            lg(op[1]).log(op[2], op[3], *op[4])
        elif code == "module":
            getattr(logging, op[1])(op[2], *op[3])
        elif code == "hname":
            handlers[op[1]].set_name(op[2])
        elif code == "hclose":
            handlers[op[1]].close()
        elif code == "addLevelName":
            logging.addLevelName(op[1], op[2])
        elif code == "lastResort":
            logging.lastResort = None
        elif code == "raiseExceptions":
            logging.raiseExceptions = op[1]
        elif code == "check":
            what = op[1]
            if what == "effective":
                results.append(lg(op[2]).getEffectiveLevel())
            elif what == "enabled":
                results.append(lg(op[2]).isEnabledFor(op[3]))
            elif what == "level":
                results.append(lg(op[2]).level)
            elif what == "parent":
                p = lg(op[2]).parent
                results.append(None if p is None else p.name)
            elif what == "children":
                results.append(sorted(c.name for c in lg(op[2]).getChildren()))
            elif what == "hasHandlers":
                results.append(lg(op[2]).hasHandlers())
            elif what == "handlers":
                names = {id(h): n for n, h in handlers.items()}
                results.append([names.get(id(h), "?") for h in lg(op[2]).handlers])
            elif what == "names":
                results.append(sorted(n for n, v in logging.Logger.manager.loggerDict.items()
                                      if isinstance(v, logging.Logger)))
            elif what == "same":
                results.append(lg(op[2]) is lg(op[3]))
            elif what == "disable":
                results.append(logging.Logger.manager.disable)
            elif what == "repr":
                results.append(repr(lg(op[2])))
            elif what == "hrepr":
                results.append(repr(handlers[op[2]]))
            elif what == "byName":
                h = logging.getHandlerByName(op[2])
                names = {id(v): n for n, v in handlers.items()}
                results.append(None if h is None else names.get(id(h), "?"))
            elif what == "handlerNames":
                results.append(sorted(logging.getHandlerNames()))
            else:
                raise ValueError(what)
        else:
            raise ValueError(code)
    outputs = {n: s.getvalue().split("\n")[:-1] if s.getvalue() else [] for n, s in streams.items()}
    for n, s in streams.items():
        assert s.getvalue() == "" or s.getvalue().endswith("\n")
    return {"results": results, "outputs": outputs, "stderr": err.getvalue()}


def run_basicconfig(case, workdir):
    import logging

    err = io.StringIO()
    sys.stderr = err
    streams = {}
    handlers = {}
    root = logging.getLogger()
    for op in case.get("setup", []):
        if op[0] == "handler":  # ["handler", name, attach_to_root, with_formatter]
            s = io.StringIO()
            h = logging.StreamHandler(s)
            if op[3]:
                h.setFormatter(logging.Formatter("pre:%(message)s"))
            streams[op[1]] = s
            handlers[op[1]] = h
            if op[2]:
                root.addHandler(h)
        elif op[0] == "file":  # ["file", name, content]: an existing file
            with open(os.path.join(workdir, op[1]), "w", encoding="utf-8") as f:
                f.write(op[2])
    kwargs = {}
    for k, v in case["kwargs"].items():
        if k == "stream":
            if v == "stringio":
                streams["s1"] = io.StringIO()
                kwargs[k] = streams["s1"]
            else:
                kwargs[k] = None
        elif k == "handlers":
            kwargs[k] = [handlers[n] for n in v]
        elif k == "filename":
            kwargs[k] = os.path.join(workdir, v) if v else v
        else:
            kwargs[k] = v
    try:
        logging.basicConfig(**kwargs)
        result = ["ok"]
    except Exception as e:
        result = [type(e).__name__, str(e).replace(workdir, "<dir>")]  # the private directory
    described = []
    names = {id(h): n for n, h in handlers.items()}
    for h in root.handlers:
        d = {"class": type(h).__name__, "level": h.level,
             "fmt": h.formatter._fmt if h.formatter else None,
             "datefmt": h.formatter.datefmt if h.formatter else None,
             "name": names.get(id(h))}
        if isinstance(h, logging.FileHandler):
            d.update(file=os.path.relpath(h.baseFilename, workdir), mode=h.mode,
                     encoding=h.encoding, errors=h.errors)
        elif isinstance(h, logging.StreamHandler):
            d["stream"] = ("stderr" if h.stream is err else
                           next((n for n, s in streams.items() if s is h.stream), "?"))
        described.append(d)
    for level, msg in case.get("logs", []):
        logging.log(level, msg)
    logging.shutdown()
    outputs = {n: s.getvalue() for n, s in streams.items() if not s.closed}
    files = {}
    for name in sorted(os.listdir(workdir)):
        with open(os.path.join(workdir, name), "rb") as f:
            files[name] = f.read().hex()
    return {"result": result, "handlers": described, "root_level": root.level,
            "outputs": outputs, "files": files, "stderr": err.getvalue()}


if len(sys.argv) > 1 and sys.argv[1] == "--run":
    job = json.loads(sys.stdin.read())
    if job["kind"] == "scenario":
        out = run_scenario(job["ops"])
    else:
        with tempfile.TemporaryDirectory() as d:
            out = run_basicconfig(job["case"], d)
    sys.stdout.write(json.dumps(out))
    sys.exit(0)


# ---- The scenarios --------------------------------------------------------------------

import oracle  # noqa: E402

oracle.check_interpreter()

D, I, W, E, C = 10, 20, 30, 40, 50


def log(name, level, msg, *args):
    return ["log", name, level, msg, list(args)]


SCENARIOS = [
    ("basic_propagation", "a record reaches its logger's handlers and every ancestor's", [
        ["getLogger", "a"], ["getLogger", "a.b"],
        ["handler", "ha", "a", 0], ["handler", "hr", "", 0],
        log("a.b", W, "m1"), log("a", E, "m2"), log("", C, "m3"),
    ]),
    ("root_default_warning", "the root logger starts at WARNING", [
        ["handler", "hr", "", 0],
        log("", I, "dropped"), log("", W, "kept"), log("x", I, "dropped"), log("x", W, "x kept"),
        ["check", "effective", ""], ["check", "effective", "x"], ["check", "level", ""],
    ]),
    ("logger_level_blocks_descendants", "a descendant without a level inherits the ancestor's", [
        ["getLogger", "a.b"], ["setLevel", "a", E], ["handler", "h", "", 0],
        log("a.b", W, "dropped"), log("a.b", E, "kept"), log("a", C, "kept too"),
        ["check", "effective", "a.b"], ["check", "level", "a.b"], ["check", "enabled", "a.b", W],
    ]),
    ("child_level_overrides_parent", "ancestor levels are not checked while propagating", [
        ["setLevel", "a", E], ["setLevel", "a.b", D], ["handler", "ha", "a", 0],
        ["handler", "hr", "", 0],
        log("a.b", D, "debug from a.b"), log("a", W, "dropped at a"),
    ]),
    ("handler_level_vs_logger_level", "both levels must pass", [
        ["setLevel", "a", D], ["handler", "h1", "a", W], ["handler", "h2", "a", 0],
        log("a", D, "d"), log("a", I, "i"), log("a", W, "w"), log("a", C, "c"),
    ]),
    ("handler_level_on_ancestor", "an ancestor's handler level filters propagated records", [
        ["setLevel", "a.b", D], ["handler", "hb", "a.b", 0], ["handler", "ha", "a", E],
        log("a.b", I, "i"), log("a.b", W, "w"), log("a.b", E, "e"),
    ]),
    ("handler_level_by_name", "levels given as names", [
        ["setLevel", "a", "DEBUG"], ["handler", "h", "a", "INFO"], ["hsetLevel", "h", "ERROR"],
        log("a", W, "w"), log("a", E, "e"), ["check", "level", "a"],
    ]),
    ("logger_filter_not_for_descendants",
     "a logger's filters apply only to records logged on that logger", [
         ["getLogger", "a.b"], ["filter", "logger", "a", "zzz"], ["handler", "ha", "a", 0],
         log("a", W, "dropped by a's filter"), log("a.b", W, "from a.b passes a"),
     ]),
    ("handler_filter_prefix", "Filter('a.b') on a handler: the name and its dotted descendants", [
        ["handler", "h", "", 0], ["filter", "handler", "h", "a.b"],
        log("a.b", W, "1"), log("a.b.c", W, "2"), log("a.bc", W, "3"), log("a", W, "4"),
        log("a.b.c.d", W, "5"), log("b.a.b", W, "6"), log("", W, "7"), log("a.b.", W, "8"),
    ]),
    ("filter_empty_name", "Filter('') passes everything", [
        ["handler", "h", "", 0], ["filter", "handler", "h", ""],
        log("x", W, "1"), log("", W, "2"),
    ]),
    ("filter_on_root_logger", "the root logger's filter does not see descendants' records", [
        ["handler", "h", "", 0], ["filter", "logger", "", "nomatch"],
        log("", W, "root dropped"), log("a", W, "a passes"),
    ]),
    ("filters_all_must_pass", "every filter of a filterer must pass", [
        ["handler", "h", "", 0], ["filter", "handler", "h", "a"], ["dropFilter", "handler", "h", "secret"],
        log("a.x", W, "ok"), log("a.x", W, "a secret"), log("b", W, "not a"),
    ]),
    ("callable_filter_on_logger", "a callable filter on a logger", [
        ["handler", "h", "", 0], ["dropFilter", "logger", "a", "drop"],
        log("a", W, "keep me"), log("a", W, "drop me"), log("a.b", W, "drop from child passes"),
    ]),
    ("filter_modifies_record", "a handler filter edits the record; later handlers see the edit", [
        ["handler", "h1", "a", 0], ["handler", "h2", "", 0], ["prefixFilter", "handler", "h1"],
        log("a", W, "hello %s", "world"), log("", W, "root only"),
    ]),
    ("filter_replaces_record_for_its_handler",
     "a handler filter returns a new record: that handler emits it, the others the original", [
        ["handler", "h1", "a", 0], ["handler", "h2", "", 0], ["replaceFilter", "handler", "h1"],
        log("a", W, "hello %s", "world"), log("", W, "root only"),
    ]),
    ("logger_filter_replaces_record_for_every_handler",
     "a logger filter returns a new record: every handler it reaches emits it", [
        ["handler", "h1", "a", 0], ["handler", "h2", "", 0], ["replaceFilter", "logger", "a"],
        log("a", W, "hello %s", "world"), log("a.b", W, "child: logger filters do not run"),
    ]),
    ("replacements_chain",
     "each replacement is what the filters after it see; a later filter may still drop it", [
        ["handler", "h1", "", 0], ["handler", "h2", "", 0],
        ["replaceFilter", "handler", "h1"], ["replaceFilter", "handler", "h1"],
        ["dropFilter", "handler", "h1", "R:R:drop"],
        log("a", W, "keep"), log("a", W, "drop me"), log("a", W, "again"),
    ]),
    ("edit_in_place_then_replace",
     "an edit in place reaches every later handler; a replacement after it only its own", [
        ["handler", "h1", "", 0], ["handler", "h2", "", 0],
        ["prefixFilter", "handler", "h1"], ["replaceFilter", "handler", "h1"],
        ["replaceFilter", "logger", "x"],
        log("a", W, "m%d", 1), log("x", W, "m%d", 2),
    ]),
    ("remove_filters", "removing filters restores the flow", [
        ["handler", "h", "", 0], ["filter", "handler", "h", "zzz"], log("a", W, "dropped"),
        ["removeFilters", "handler", "h"], log("a", W, "passes"),
        ["filter", "logger", "a", "zzz"], log("a", W, "dropped"),
        ["removeFilters", "logger", "a"], log("a", W, "passes again"),
    ]),
    ("propagate_false_stops", "propagate=False: the logger's own handlers are the last", [
        ["handler", "hr", "", 0], ["handler", "ha", "a", 0], ["handler", "hb", "a.b", 0],
        ["propagate", "a.b", False],
        log("a.b.c", W, "abc"), log("a.b", W, "ab"), log("a", W, "a"),
        ["check", "hasHandlers", "a.b.c"],
    ]),
    ("propagate_first_false_wins", "the walk stops at the first propagate=False", [
        ["handler", "hr", "", 0], ["handler", "ha", "a", 0], ["handler", "hb", "a.b", 0],
        ["handler", "hc", "a.b.c", 0], ["propagate", "a.b", False], ["propagate", "a", False],
        log("a.b.c", W, "from c"), log("a", W, "from a"),
    ]),
    ("propagate_toggle", "propagate can be turned back on", [
        ["handler", "hr", "", 0], ["handler", "ha", "a", 0], ["propagate", "a", False],
        log("a", W, "1"), ["propagate", "a", True], log("a", W, "2"),
    ]),
    ("propagate_false_on_root", "propagate on the root logger changes nothing", [
        ["handler", "hr", "", 0], ["propagate", "", False], log("a", W, "1"), log("", W, "2"),
    ]),
    ("disabled_logger", "a disabled logger drops its records; descendants still propagate", [
        ["handler", "ha", "a", 0], ["handler", "hr", "", 0], ["disabled", "a", True],
        log("a", C, "dropped"), log("a.b", W, "from child"),
        ["check", "enabled", "a", C], ["disabled", "a", False], log("a", W, "back"),
        ["check", "enabled", "a", W],
    ]),
    ("module_disable", "logging.disable(level) drops calls at or below it; NOTSET lifts it", [
        ["handler", "h", "", 0], ["setLevel", "", D], ["disable", W],
        log("a", I, "i"), log("a", W, "w"), log("a", E, "e"), ["check", "enabled", "a", W],
        ["check", "enabled", "a", E], ["check", "disable"],
        ["disable", 0], log("a", I, "i again"), ["check", "enabled", "a", D], ["check", "disable"],
    ]),
    ("module_disable_critical", "disable(CRITICAL) drops everything up to CRITICAL", [
        ["handler", "h", "", 0], ["disable", C], log("a", C, "c"), log("a", 60, "sixty"),
        ["check", "enabled", "a", C], ["check", "enabled", "a", 51],
    ]),
    ("module_disable_by_name", "disable('INFO')", [
        ["handler", "h", "", 0], ["setLevel", "", 1], ["disable", "INFO"],
        log("a", I, "i"), log("a", 21, "21"), ["check", "disable"],
    ]),
    ("disable_then_setlevel", "the disable threshold survives level changes", [
        ["handler", "h", "", 0], ["disable", E], ["setLevel", "a", D], log("a", E, "e"),
        log("a", C, "c"), ["check", "enabled", "a", D], ["check", "effective", "a"],
    ]),
    ("lastresort_no_handlers", "no handler anywhere: lastResort prints the bare message", [
        ["getLogger", "a"], log("a", W, "to stderr %s", "via lastResort"), log("a", I, "dropped"),
        log("", E, "root too"),
    ]),
    ("lastresort_level_warning", "lastResort has level WARNING", [
        ["setLevel", "", D], log("a", I, "info dropped by lastResort"), log("a", W, "warning shown"),
        log("a", 35, "35 shown"), log("a", 29, "29 dropped"),
    ]),
    ("lastresort_not_when_handler_rejects", "a handler whose level rejects still counts", [
        ["handler", "h", "", C], log("a", E, "nowhere"), log("a", C, "on h"),
    ]),
    ("lastresort_when_propagate_false", "propagate=False with no own handlers: lastResort", [
        ["handler", "hr", "", 0], ["propagate", "a", False], log("a", W, "via lastResort"),
        log("a.b", W, "child too"), log("b", W, "b reaches root"), ["check", "hasHandlers", "a"],
    ]),
    ("lastresort_none", "lastResort=None: one 'No handlers could be found' message", [
        ["lastResort", None], log("a", W, "x"), log("b", E, "y"), log("a", W, "z"),
    ]),
    ("lastresort_none_quiet", "lastResort=None and raiseExceptions=False: silence", [
        ["lastResort", None], ["raiseExceptions", False], log("a", W, "x"),
    ]),
    ("placeholders_effective_level", "effective level through placeholders and fix-ups", [
        ["getLogger", "a.b.c"], ["setLevel", "", D], ["check", "effective", "a.b.c"],
        ["check", "parent", "a.b.c"], ["check", "names"],
        ["getLogger", "a"], ["setLevel", "a", I], ["check", "effective", "a.b.c"],
        ["check", "parent", "a.b.c"], ["check", "enabled", "a.b.c", D],
        ["check", "enabled", "a.b.c", I], ["check", "names"],
    ]),
    ("child_before_parent", "a parent created after its child receives the child's records", [
        ["getLogger", "a.b.c"], ["handler", "hc", "a.b.c", 0], ["getLogger", "a.b"],
        ["handler", "hb", "a.b", 0], log("a.b.c", W, "up"), ["check", "parent", "a.b.c"],
        ["check", "parent", "a.b"],
    ]),
    ("middle_inserted", "a logger inserted between a parent and a grandchild", [
        ["getLogger", "a"], ["getLogger", "a.b.c"], ["check", "parent", "a.b.c"],
        ["getLogger", "a.b"], ["check", "parent", "a.b.c"], ["check", "parent", "a.b"],
        ["getLogger", "a.b.c.d.e"], ["getLogger", "a.b.c.d"], ["check", "parent", "a.b.c.d.e"],
        ["check", "parent", "a.b.c.d"],
    ]),
    ("several_waiting_children", "a placeholder with several waiting loggers", [
        ["getLogger", "p.x"], ["getLogger", "p.y.z"], ["getLogger", "p.y"],
        ["getLogger", "p"], ["check", "parent", "p.x"], ["check", "parent", "p.y.z"],
        ["check", "parent", "p.y"], ["check", "children", "p"], ["check", "children", "p.y"],
        ["handler", "hp", "p", 0], log("p.y.z", W, "deep"), log("p.x", W, "x"),
    ]),
    ("odd_names", "names with empty components", [
        ["getLogger", "a..b"], ["check", "parent", "a..b"], ["getLogger", "a."],
        ["check", "parent", "a..b"], ["check", "parent", "a."], ["getLogger", ".x"],
        ["check", "parent", ".x"], ["getLogger", "a"], ["check", "parent", "a."],
        ["check", "names"],
    ]),
    ("getchild", "getChild on the root and on a logger", [
        ["getChild", "", "x"], ["getChild", "a", "b.c"], ["check", "same", "x", "x"],
        ["check", "parent", "a.b.c"], ["check", "names"], ["handler", "h", "", 0],
        log("a.b.c", W, "grandchild"), log("x", W, "x"),
    ]),
    ("getchildren", "getChildren(): direct children only, placeholders skipped", [
        ["getLogger", "a"], ["getLogger", "a.b"], ["getLogger", "a.c"], ["getLogger", "a.b.d"],
        ["getLogger", "a.x.y"], ["getLogger", "b.c"], ["getLogger", "rootchild"],
        ["check", "children", "a"], ["check", "children", "a.b"], ["check", "children", ""],
        ["check", "children", "a.x.y"], ["check", "parent", "a.x.y"],
    ]),
    ("hashandlers", "hasHandlers() walks up to the first propagate=False", [
        ["getLogger", "a.b"], ["check", "hasHandlers", "a.b"], ["handler", "hr", "", 0],
        ["check", "hasHandlers", "a.b"], ["propagate", "a", False],
        ["check", "hasHandlers", "a.b"], ["handler", "ha", "a", 0],
        ["check", "hasHandlers", "a.b"], ["check", "hasHandlers", ""],
        ["removeHandler", "a", "ha"], ["check", "hasHandlers", "a.b"],
    ]),
    ("enabled_cache_invalidation", "isEnabledFor follows level changes of ancestors", [
        ["getLogger", "a.b"], ["check", "enabled", "a.b", I], ["setLevel", "", D],
        ["check", "enabled", "a.b", I], ["setLevel", "a", E], ["check", "enabled", "a.b", I],
        ["check", "enabled", "a.b", E], ["setLevel", "a", 0], ["check", "enabled", "a.b", I],
        ["setLevel", "a.b", C], ["check", "enabled", "a.b", E], ["setLevel", "a.b", 0],
        ["setLevel", "", W], ["check", "enabled", "a.b", I], ["check", "enabled", "a.b", W],
    ]),
    ("enabled_cache_new_parent", "a parent inserted later changes the child's effective level", [
        ["getLogger", "a.b"], ["setLevel", "", W], ["check", "enabled", "a.b", D],
        ["getLogger", "a"], ["setLevel", "a", D], ["check", "enabled", "a.b", D],
        ["handler", "h", "", 0], log("a.b", D, "now enabled"),
    ]),
    ("root_notset", "root at NOTSET: everything is enabled, level 0 too", [
        ["handler", "h", "", 0], ["setLevel", "", 0], log("a", 1, "one"), log("a", 0, "zero"),
        log("", 5, "five"), ["check", "effective", "a"], ["check", "enabled", "a", 0],
        ["check", "enabled", "a", -1],
    ]),
    ("negative_levels", "levels <= manager.disable are never enabled; disable(-20) opens them", [
        ["handler", "h", "", -100], ["setLevel", "", -10], log("a", -5, "dropped: disable is 0"),
        ["check", "enabled", "a", -5], ["disable", -20], ["check", "enabled", "a", -5],
        log("a", -5, "minus five"),
        ["addLevelName", -5, "NEG"], log("a", -5, "named"), log("a", -11, "dropped"),
        ["check", "effective", "a"],
    ]),
    ("custom_levels", "addLevelName and records at unnamed levels", [
        ["handler", "h", "", 0], ["setLevel", "", 1], ["addLevelName", 25, "NOTICE"],
        log("a", 25, "notice"), log("a", 5, "five"), log("a", 15, "fifteen"),
        ["addLevelName", 5, "TRACE"], log("a", 5, "trace"), ["setLevel", "a", "NOTICE"],
        log("a", 21, "dropped"), log("a", 26, "kept"), ["check", "level", "a"],
    ]),
    ("handler_twice", "adding a handler twice adds it once", [
        ["handler", "h", "a", 0], ["addHandler", "a", "h"], log("a", W, "once"),
        ["check", "handlers", "a"],
    ]),
    ("handler_on_two_loggers", "the same handler on a logger and its ancestor emits twice", [
        ["handler", "h", "a", 0], ["addHandler", "", "h"], log("a", W, "twice"),
        log("", W, "once"), ["check", "handlers", ""],
    ]),
    ("remove_handler", "removeHandler, and removing one that is not there", [
        ["handler", "h1", "a", 0], ["handler", "h2", "a", 0], log("a", W, "both"),
        ["removeHandler", "a", "h1"], log("a", W, "h2 only"), ["removeHandler", "a", "h1"],
        ["removeHandler", "", "h2"], ["check", "handlers", "a"],
    ]),
    ("handler_added_after_logging", "handlers added later are used at once", [
        ["handler", "ha", "a.b", 0], log("a.b", W, "1"), ["handler", "hr", "", 0],
        log("a.b", W, "2"), ["handler", "hm", "a", 0], log("a.b", W, "3"),
    ]),
    ("module_functions_configure_root", "logging.warning() with no handlers calls basicConfig", [
        ["module", "warning", "w %s", ["x"]], ["module", "info", "dropped", []],
        log("a", E, "from a"), ["check", "handlers", ""], ["check", "level", ""],
    ]),
    ("module_info_configures_even_when_dropped",
     "logging.info() configures the root logger even though it drops the record", [
         ["module", "info", "dropped", []], log("a", W, "through the root's stderr handler"),
     ]),
    ("module_debug_after_setlevel", "logging.debug() after root.setLevel(DEBUG)", [
        ["setLevel", "", D], ["module", "debug", "d%d", [1]], ["module", "critical", "c", []],
        ["module", "error", "e", []],
    ]),
    ("module_functions_with_handler", "the module functions do not configure when root has a handler", [
        ["handler", "h", "", 0], ["module", "warning", "w", []], ["module", "error", "e %s %s", [1, 2]],
    ]),
    ("getlogger_root_name", "getLogger('root') is the root logger", [
        ["check", "same", "root", ""], ["handler", "h", "root", 0], log("", W, "root"),
        log("root", W, "also root"),
    ]),
    ("unicode_names", "non-ASCII logger names and messages", [
        ["handler", "h", "", 0], ["handler", "hc", "caf\u00e9", 0],
        log("caf\u00e9.\u00e9t\u00e9", W, "na\u00efve \u20ac %s", "\U0001f600"),
        log("\u65e5\u672c", E, "\u65e5\u672c\u8a9e"), ["check", "parent", "caf\u00e9.\u00e9t\u00e9"],
    ]),
    ("percent_args_in_records", "messages with %-args of several types", [
        ["handler", "h", "", 0],
        log("a", W, "%s|%d|%.2f|%r|%5s|%-5s|%x", "s", 42, 3.14159, "r", "ab", "cd", 255),
        log("a", W, "no args %s"), log("a", W, "100%% sure %d", 1),
    ]),
    ("level_change_between_calls", "setLevel between calls on the same logger", [
        ["handler", "h", "", 0], ["getLogger", "a"], log("a", I, "1 dropped"),
        ["setLevel", "a", I], log("a", I, "2"), ["setLevel", "a", E], log("a", W, "3 dropped"),
        ["setLevel", "a", 0], log("a", W, "4"), log("a", I, "5 dropped"),
    ]),
    ("disabled_with_disable", "disabled logger and module disable together", [
        ["handler", "h", "", 0], ["disable", I], ["disabled", "a", True], log("a", E, "dropped"),
        ["disabled", "a", False], log("a", E, "kept"), log("a", I, "dropped"),
        ["disable", 0], log("a", W, "kept"),
    ]),
    ("reprs", "repr() of loggers and handlers", [
        ["check", "repr", ""], ["check", "repr", "a.b"], ["setLevel", "a", I],
        ["check", "repr", "a.b"], ["check", "repr", "a"], ["setLevel", "", D],
        ["check", "repr", ""], ["handler", "h", "a", E], ["check", "hrepr", "h"],
        ["handler", "h2", "a", 25], ["check", "hrepr", "h2"], ["addLevelName", 25, "NOTICE"],
        ["check", "hrepr", "h2"], ["check", "repr", "caf\u00e9"],
    ]),
    ("handler_names", "getHandlerByName / getHandlerNames, renames and close()", [
        ["handler", "h1", "a", 0], ["handler", "h2", "a", 0], ["check", "handlerNames"],
        ["hname", "h1", "one"], ["hname", "h2", "two"], ["check", "byName", "one"],
        ["check", "byName", "two"], ["check", "handlerNames"], ["hname", "h1", "uno"],
        ["check", "byName", "one"], ["check", "byName", "uno"], ["hclose", "h2"],
        ["check", "byName", "two"], ["check", "handlerNames"], ["check", "byName", "zzz"],
        log("a", W, "closed StreamHandlers still emit"),
    ]),
    ("handler_name_taken_over", "a second handler takes a name; the first is renamed or closed", [
        ["handler", "h1", "", 0], ["handler", "h2", "", 0], ["hname", "h1", "x"],
        ["hname", "h2", "x"], ["check", "byName", "x"], ["hname", "h1", "y"],
        ["check", "byName", "x"], ["check", "handlerNames"], ["hname", "h1", "x"],
        ["check", "byName", "x"], ["hclose", "h2"], ["check", "byName", "x"],
        ["check", "handlerNames"],
    ]),
    ("deep_hierarchy", "a deep chain of loggers with handlers at several depths", [
        ["handler", "h0", "", 0], ["handler", "h2", "l1.l2", 0], ["handler", "h4", "l1.l2.l3.l4", E],
        ["setLevel", "l1.l2.l3", I], log("l1.l2.l3.l4.l5", I, "info"),
        log("l1.l2.l3.l4.l5", E, "error"), ["propagate", "l1.l2", False],
        log("l1.l2.l3.l4.l5", C, "crit"), ["check", "effective", "l1.l2.l3.l4.l5"],
    ]),
]


BASIC = [
    {"id": "defaults", "kwargs": {}, "logs": [[30, "w"], [20, "dropped"]]},
    {"id": "stream", "kwargs": {"stream": "stringio"}, "logs": [[30, "w"], [40, "e"]]},
    {"id": "stream_none", "kwargs": {"stream": None}, "logs": [[30, "to stderr"]]},
    {"id": "filename", "kwargs": {"filename": "log.txt"}, "logs": [[30, "w \u00e9"], [10, "d"]]},
    {"id": "filename_append", "setup": [["file", "log.txt", "old\n"]],
     "kwargs": {"filename": "log.txt"}, "logs": [[30, "new"]]},
    {"id": "filemode_w", "setup": [["file", "log.txt", "old\n"]],
     "kwargs": {"filename": "log.txt", "filemode": "w"}, "logs": [[30, "new"]]},
    {"id": "encoding_latin1", "kwargs": {"filename": "l1.txt", "encoding": "latin-1"},
     "logs": [[30, "caf\u00e9 \u20ac"]]},
    {"id": "encoding_latin1_replace",
     "kwargs": {"filename": "l1.txt", "encoding": "latin-1", "errors": "replace"},
     "logs": [[30, "caf\u00e9 \u20ac"]]},
    {"id": "encoding_ascii_default_errors", "kwargs": {"filename": "a.txt", "encoding": "ascii"},
     "logs": [[30, "caf\u00e9 \u20ac \U0001f600"]]},
    {"id": "encoding_utf8_errors_none",
     "kwargs": {"filename": "u.txt", "encoding": "utf-8", "errors": None},
     "logs": [[30, "caf\u00e9"]]},
    {"id": "filemode_binary", "kwargs": {"filename": "b.bin", "filemode": "ab"}, "logs": []},
    {"id": "filemode_binary_logs", "kwargs": {"filename": "b.bin", "filemode": "ab"},
     "logs": [[30, "text to a binary file"], [40, "again %s"]]},
    {"id": "filemode_binary_encoding", "kwargs": {"filename": "b.bin", "filemode": "wb", "encoding": "utf-8"}},
    {"id": "handlers_and_filemode", "setup": [["handler", "h1", False, False]],
     "kwargs": {"handlers": ["h1"], "filemode": "w", "level": 10}, "logs": [[10, "configured anyway"]]},
    {"id": "empty_filename", "kwargs": {"filename": ""}, "logs": [[30, "stderr"]]},
    {"id": "stream_and_filename", "kwargs": {"stream": "stringio", "filename": "x.txt"}},
    {"id": "stream_none_and_filename", "kwargs": {"stream": None, "filename": "x.txt"}},
    {"id": "handlers_and_stream", "setup": [["handler", "h1", False, False]],
     "kwargs": {"handlers": ["h1"], "stream": "stringio"}},
    {"id": "handlers_and_filename", "setup": [["handler", "h1", False, False]],
     "kwargs": {"handlers": ["h1"], "filename": "x.txt"}},
    {"id": "handlers_and_stream_none", "setup": [["handler", "h1", False, False]],
     "kwargs": {"handlers": ["h1"], "stream": None}},
    {"id": "handlers", "setup": [["handler", "h1", False, False], ["handler", "h2", False, True]],
     "kwargs": {"handlers": ["h1", "h2"], "format": "%(levelname)s|%(message)s"},
     "logs": [[30, "to both"]]},
    {"id": "bad_style", "kwargs": {"style": "x"}},
    {"id": "bad_style_with_file", "kwargs": {"style": "#", "filename": "never.txt"}},
    {"id": "style_brace", "kwargs": {"stream": "stringio", "style": "{"}, "logs": [[30, "b"]]},
    {"id": "style_dollar", "kwargs": {"stream": "stringio", "style": "$"}, "logs": [[30, "d"]]},
    {"id": "style_brace_format", "kwargs": {"stream": "stringio", "style": "{",
                                             "format": "{name}/{levelname:>8}/{message}"},
     "logs": [[40, "x"]]},
    {"id": "format_invalid", "kwargs": {"stream": "stringio", "format": "%(message)"}},
    {"id": "format_invalid_brace", "kwargs": {"stream": "stringio", "style": "{", "format": "{message"}},
    {"id": "format_datefmt", "kwargs": {"stream": "stringio", "format": "[%(asctime)s] %(message)s",
                                        "datefmt": "fixed-date"}, "logs": [[30, "m"]]},
    {"id": "level_int", "kwargs": {"stream": "stringio", "level": 10}, "logs": [[10, "d"], [5, "no"]]},
    {"id": "level_name", "kwargs": {"stream": "stringio", "level": "INFO"},
     "logs": [[10, "no"], [20, "i"]]},
    {"id": "level_unknown", "kwargs": {"stream": "stringio", "level": "X"}, "logs": [[30, "w"]]},
    {"id": "level_lowercase", "kwargs": {"stream": "stringio", "level": "debug"}},
    {"id": "noop_when_configured", "setup": [["handler", "pre", True, True]],
     "kwargs": {"stream": "stringio", "level": 10, "format": "%(message)s!"},
     "logs": [[30, "w"], [10, "d"]]},
    {"id": "noop_skips_errors", "setup": [["handler", "pre", True, True]],
     "kwargs": {"stream": "stringio", "filename": "x.txt", "style": "x"}, "logs": [[30, "w"]]},
    {"id": "force", "setup": [["handler", "pre", True, True]],
     "kwargs": {"stream": "stringio", "force": True}, "logs": [[30, "w"]]},
    {"id": "force_with_error", "setup": [["handler", "pre", True, True]],
     "kwargs": {"stream": "stringio", "filename": "x.txt", "force": True}, "logs": [[30, "w"]]},
    {"id": "force_without_handlers", "kwargs": {"force": True, "stream": "stringio"},
     "logs": [[30, "w"]]},
    {"id": "handler_formatter_kept", "setup": [["handler", "h1", False, True]],
     "kwargs": {"handlers": ["h1"], "level": "DEBUG"}, "logs": [[10, "d"]]},
]


def random_scenarios(seed, count):
    """Random scenarios over a fixed set of loggers: handlers made and moved, levels (names,
    numbers, custom ones), every kind of filter, propagate/disabled flags, disable(), module
    functions (basicConfig on the root), lastResort and raiseExceptions, and checks."""
    rng = random.Random(seed)
    L = ["", "a", "a.b", "a.b.c", "a.bc", "x", "x.y"]
    LV = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, "INFO", "WARNING", "ERROR"]
    out = []
    for k in range(count):
        ops = []
        hs = []
        nmsg = 0
        for _ in range(rng.randrange(8, 30)):
            r = rng.random()
            lgname = rng.choice(L)
            if r < 0.12 or not hs and r < 0.3:
                h = f"h{len(hs)}"
                hs.append(h)
                ops.append(["handler", h, lgname, rng.choice(LV)])
            elif r < 0.22:
                ops.append(["setLevel", lgname, rng.choice(LV)])
            elif r < 0.26 and hs:
                ops.append([rng.choice(["addHandler", "removeHandler"]), lgname, rng.choice(hs)])
            elif r < 0.29 and hs:
                ops.append(["hsetLevel", rng.choice(hs), rng.choice(LV)])
            elif r < 0.33:
                kind = rng.choice(["logger", "handler"]) if hs else "logger"
                tgt = lgname if kind == "logger" else rng.choice(hs)
                f = rng.choice(["filter", "dropFilter", "prefixFilter", "removeFilters"])
                if f == "filter":
                    ops.append([f, kind, tgt, rng.choice(L + ["zz", "a.b."])])
                elif f == "dropFilter":
                    ops.append([f, kind, tgt, rng.choice(["1", "2", "m"])])
                else:
                    ops.append([f, kind, tgt])
            elif r < 0.37:
                ops.append(["propagate", lgname, rng.random() < 0.5])
            elif r < 0.39:
                ops.append(["disabled", lgname, rng.random() < 0.3])
            elif r < 0.41:
                ops.append(["disable", rng.choice([0, 10, 20, 30, 50, "CRITICAL"])])
            elif r < 0.43:
                ops.append(["getChild", lgname, rng.choice(["b", "c", "z"])])
            elif r < 0.45:
                ops.append(["module", rng.choice(["debug", "info", "warning", "error", "critical"]), f"mod{nmsg}", []])
                nmsg += 1
            elif r < 0.47:
                ops.append(["lastResort", None] if rng.random() < 0.5 else ["raiseExceptions", rng.random() < 0.5])
            elif r < 0.55:
                what = rng.choice(["effective", "enabled", "hasHandlers", "handlers", "level", "names", "disable"])
                if what == "enabled":
                    ops.append(["check", what, lgname, rng.choice([10, 20, 30, 40, 50])])
                elif what in ("names", "disable"):
                    ops.append(["check", what])
                else:
                    ops.append(["check", what, lgname])
            else:
                lv = rng.choice([5, 10, 20, 25, 30, 40, 50])
                if rng.random() < 0.3:
                    ops.append(["log", lgname, lv, f"m{nmsg} %d-%s", [nmsg, "v"]])
                else:
                    ops.append(["log", lgname, lv, f"m{nmsg}", []])
                nmsg += 1
        out.append((f"random_{k}", "random operations", ops))
    return out

SCENARIOS += random_scenarios(20261126, 120)


def random_basic(seed, count):
    """Random basicConfig calls: some handlers made first (on the root or not, with a formatter
    or not), an existing log file or not, and a random subset of the keywords, valid and
    invalid values mixed; then records at every level. (No asctime: the clock is not pinned
    here; format_datefmt above covers it.)"""
    rng = random.Random(seed)
    choices = {
        "filename": ["log.txt", ""],
        "filemode": ["w", "a", "x", "ab"],
        "stream": ["stringio", None],
        "handlers": [["h0"], ["h0", "h1"], []],
        "force": [True, False],
        "format": ["%(levelname)s:%(message)s", "{levelname}|{message}", "$levelname/$message", "%(message)",
                   "{message", "${message", "plain", "%(levelname)-8s %(name)s %(message)s"],
        "style": ["%", "{", "$", "x"],
        "datefmt": ["%Y", "fixed"],
        "level": [0, 10, 20, 25, 40, "INFO", "ERROR", "FOO", "debug"],
        "encoding": ["utf-8", "latin-1", "ascii", None],
        "errors": ["strict", "replace", "backslashreplace", None],
    }
    out = []
    for k in range(count):
        setup = []
        for n in range(rng.choice([0, 0, 1, 2])):
            setup.append(["handler", f"h{n}", rng.random() < 0.4, rng.random() < 0.5])
        if rng.random() < 0.2:
            setup.append(["file", "log.txt", "old\n"])
        names = [op[1] for op in setup if op[0] == "handler"]
        kwargs = {}
        for key, values in choices.items():
            if rng.random() < (0.25 if key != "format" else 0.4):
                if key == "handlers" and not names:
                    continue
                v = rng.choice(values)
                kwargs[key] = [h for h in v if h in names] if key == "handlers" else v
        logs = [[rng.choice([5, 10, 20, 25, 30, 40, 50]), rng.choice(["m", "caf\u00e9 \u20ac", "x %s y"])]
                for _ in range(rng.randrange(0, 4))]
        out.append({"id": f"random_basic_{k}", "setup": setup, "kwargs": kwargs, "logs": logs})
    return out


BASIC += random_basic(int(os.environ.get("PYOS_HUNT_SEED", "20261127")), int(os.environ.get("PYOS_HUNT_N", "60")))


def main():
    cases = []
    ids = set()
    for sid, doc, ops in SCENARIOS:
        assert sid not in ids
        ids.add(sid)
        out = oracle.run_child(__file__, {"kind": "scenario", "ops": ops})
        cases.append({"id": sid, "doc": doc, "ops": ops, **out})
    oracle.write_json("tests/golden/logging/core_scenarios.json", cases, format=FORMAT)

    basic = []
    for case in BASIC:
        assert case["id"] not in ids
        ids.add(case["id"])
        out = oracle.run_child(__file__, {"kind": "basic", "case": case})
        basic.append({**case, **out})
    oracle.write_json("tests/golden/logging/core_basicconfig.json", basic)


main()
