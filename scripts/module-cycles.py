#!/usr/bin/env python3
"""Lists import circles between the modules (files) of each crate, from their `use crate::...`,
`use super::...` and `crate::path::` references, and the crates with their line counts.
Exits 1 when a crate has a circle. Usage: scripts/module-cycles.py [--quiet]"""
import os, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates"


def modules(src):
    """module path ('a::b') -> file, for every .rs file under src."""
    out = {}
    for path in src.rglob("*.rs"):
        rel = path.relative_to(src).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] in ("lib", "main"):
            parts = parts[:-1]
        elif parts[-1] == "mod":
            parts = parts[:-1]
        out["::".join(parts)] = path
    return out


def strip_tests(text):
    """Drops `#[cfg(test)] mod tests { ... }` blocks: test code may use anything."""
    i = text.find("#[cfg(test)]")
    return text if i < 0 else text[:i]


def reexports(mods):
    """Names the crate root re-exports (`pub use document::{Document, ...};`) -> their module,
    so that `crate::Document` counts as a reference to `document`."""
    root = mods.get("")
    out = {}
    if root is None:
        return out
    text = re.sub(r"//[^\n]*", "", root.read_text(encoding="utf-8"))
    for m in re.finditer(r"pub use\s+([\w:]+?)::(?:\{([^}]*)\}|(\w+))\s*;", text):
        module = m.group(1).removeprefix("crate::")
        if module not in mods:
            continue
        for name in (m.group(2) or m.group(3)).split(","):
            name = name.strip().split(" as ")[-1].strip()
            if name and name != "self":
                out[name] = module
    return out


def references(text, me, mods, names):
    """The modules of this crate that `me` refers to."""
    found = set()
    text = strip_tests(text)
    text = re.sub(r"//[^\n]*", "", text)
    candidates = []
    for m in re.finditer(r"\bcrate((?:::\w+)+)", text):
        candidates.append(m.group(1).strip(":").split("::"))
    for m in re.finditer(r"\b(super(?:::super)*)((?:::\w+)*)", text):
        ups = m.group(1).count("super")
        base = me.split("::") if me else []
        # a mod.rs/lib-level file is its own module; super goes up from it
        base = base[: max(0, len(base) - ups)]
        candidates.append(base + [p for p in m.group(2).strip(":").split("::") if p])
    # `use crate::{a, b::c}` groups
    for m in re.finditer(r"use\s+crate::\{([^}]*)\}", text):
        for item in m.group(1).split(","):
            item = item.strip()
            if item:
                candidates.append(item.split("::"))
    for parts in candidates:
        if parts and parts[0] in names and names[parts[0]] != me:
            found.add(names[parts[0]])
            continue
        # the longest prefix that is a module
        for k in range(len(parts), 0, -1):
            name = "::".join(parts[:k])
            if name in mods and name != me:
                # a reference to a parent module's re-export counts for the parent only
                found.add(name)
                break
    return found


def sccs(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main():
    failed = False
    for crate in sorted(p for p in ROOT.iterdir() if (p / "src").is_dir()):
        mods = modules(crate / "src")
        lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in mods.values())
        graph = {}
        names = reexports(mods)
        for name, path in mods.items():
            refs = references(path.read_text(encoding="utf-8"), name, mods, names)
            # A module always sees its own children and parents through `mod`; only count
            # references between modules that are not ancestor and descendant.
            graph[name] = {r for r in refs if not (r == "" or name.startswith(r + "::") or r.startswith(name + "::") if name else True)}
        circles = sccs(graph)
        print(f"{crate.name}: {len(mods)} modules, {lines} lines" + ("" if not circles else f", {len(circles)} circle(s)"))
        for c in circles:
            failed = True
            print("  circle:", " <-> ".join(c))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
