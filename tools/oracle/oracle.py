"""Shared helpers for the oracle scripts.

Every script in tools/oracle/ runs under the pinned CPython (see run.sh), asks it for the
expected behaviour and writes the result into the repository: JSON golden vectors under
tests/golden/, or (for Unicode data pyos needs at run time) a generated source table. The
outputs are committed, so building and testing pyos needs no Python.
"""
import json
import os
import platform
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PINNED = tuple(int(x) for x in os.environ.get("PYOS_ORACLE_VERSION", "3.13").split("."))


def check_interpreter():
    if sys.version_info[: len(PINNED)] != PINNED:
        sys.exit(
            f"oracle: this is Python {platform.python_version()}, the pinned oracle is "
            f"{'.'.join(map(str, PINNED))}; run through tools/oracle/run.sh"
        )


def header():
    """Provenance recorded in every golden file."""
    return {
        "generator": os.path.relpath(sys.argv[0], REPO),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": f"{sys.platform}-{platform.machine()}",
    }


def write_json(relpath, cases, **extra):
    path = os.path.join(REPO, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    doc = {"oracle": header(), **extra, "cases": cases}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {relpath}: {len(cases)} cases")


def write_text(relpath, text):
    path = os.path.join(REPO, relpath)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {relpath}")


def run_child(script, job):
    """Runs `script --run` in a fresh interpreter (for process-wide state, such as logging's
    hierarchy) with `job` as JSON on stdin; returns its JSON output, or stops with its stderr."""
    p = subprocess.run([sys.executable, os.path.abspath(script), "--run"], input=json.dumps(job),
                       capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"oracle: child failed for {job}:\n{p.stderr}")
    return json.loads(p.stdout)


def pyos_bytes(s):
    """A Python str as pyos holds it: UTF-8, a lone surrogate U+DC80..U+DCFF as the byte it
    escapes, any other lone surrogate in its 3-byte form (docs/io.md "Str representation")."""
    out = bytearray()
    for ch in s:
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append(c - 0xDC00)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out)
