#!/usr/bin/env python3
"""Checks the module graph of src/: no import from a later stage into an earlier one
(base < load < compute < render < output/pipeline/commands) and no cycle between sibling
modules at any level. Reads `crate::` and `super::` paths in code (comments skipped).
Usage: python3 tools/module-graph.py   (exit 1 and a list when something is wrong)"""
import re, sys, itertools
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
STAGE = {"base": 0, "load": 1, "compute": 2, "render": 3}

def module_of(path):
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts

def code_lines(text):
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("//"):
            continue
        yield line.split("//")[0] if "\"" not in line else line

edges = set()
for f in SRC.rglob("*.rs"):
    mod = module_of(f)
    is_mod_file = f.stem in ("mod", "lib", "main")
    text = "\n".join(code_lines(f.read_text()))
    # test modules may reach anywhere
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests\s*\{", text)[0]
    if "tests" in mod:
        continue
    for m in re.finditer(r"\bcrate((?:::[a-z_][a-z0-9_]*)+)", text):
        edges.add((tuple(mod), tuple(m.group(1).split("::")[1:])))
    for m in re.finditer(r"\b((?:super::)+)((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)", text):
        ups = m.group(1).count("super")
        base = mod[: len(mod) - ups] if not is_mod_file or True else mod
        base = mod[: len(mod) - ups]
        edges.add((tuple(mod), tuple(base) + tuple(m.group(2).split("::"))))

problems = []
for a, b in edges:
    if a and b and a[0] in STAGE and b[0] in STAGE and STAGE[b[0]] > STAGE[a[0]]:
        problems.append(f"stage: {'::'.join(a)} uses {'::'.join(b)}")
    if a and a[0] == "base" and b and b[0] not in ("base",) and b[0] in STAGE:
        pass
# sibling graph at every level
sib = {}
for a, b in edges:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n < len(a) and n < len(b):
        parent = a[:n]
        sib.setdefault(parent, set()).add((a[n], b[n]))
for parent, es in sib.items():
    g = {}
    for x, y in es:
        g.setdefault(x, set()).add(y)
    def reach(x, y, seen=None):
        seen = seen or set()
        for z in g.get(x, ()):
            if z == y:
                return True
            if z not in seen:
                seen.add(z)
                if reach(z, y, seen):
                    return True
        return False
    for x, y in es:
        if reach(y, x):
            problems.append(f"cycle in {'::'.join(parent) or 'crate'}: {x} -> {y} -> … -> {x}")
if "-v" in sys.argv:
    for parent, es in sorted(sib.items()):
        print("::".join(parent) or "crate", sorted(es))
for p in sorted(set(problems)):
    print(p)
sys.exit(1 if problems else 0)
