#!/usr/bin/env python3
"""Rewrites logs/NAME.expected.json from what `bkconsole parse --json` and `bkconsole boots --json` print now.

Usage (from the repository root, after `dotnet build src/BkConsole -c Release`):
    python3 tests/BkConsole.Logs.Tests/Golden/regenerate-expected.py [logs/NAME.log ...]
Then read `git diff logs/` line by line: every changed event must be a real parse fix (GoldenLogTests).
"""
import glob, json, os, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXE = os.path.join(ROOT, "src", "BkConsole", "bin", "Release", "net10.0", "bkconsole")


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def run(*args):
    out = subprocess.run([EXE, *args], check=True, capture_output=True, cwd=ROOT).stdout.decode("utf-8")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def regenerate(path):
    name = os.path.basename(path)
    boots = run("boots", path, "--json")
    events = run("parse", path, "--json")
    lines = ["{", f'  "file": {dumps(name)},', '  "boots": [']
    for i, b in enumerate(boots):
        obj = {k: b[k] for k in ("boot", "firstLine", "lastLine", "bootloader", "firmware", "jump", "resetReason", "events")}
        lines.append("    " + dumps(obj) + ("," if i < len(boots) - 1 else ""))
    lines += ["  ],", '  "events": [']
    for i, e in enumerate(events):
        obj = {k: e[k] for k in ("line", "boot", "kind", "severity", "fields")}
        lines.append("    " + dumps(obj) + ("," if i < len(events) - 1 else ""))
    lines += ["  ]", "}"]
    with open(os.path.splitext(path)[0] + ".expected.json", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "logs", "*.log")))
    for p in paths:
        regenerate(os.path.abspath(p))
