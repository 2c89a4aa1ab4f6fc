#!/usr/bin/env python3
"""Validates the works suite (eval/works): schema, label ids, and that every quote is in its text.

Usage: scripts/check-works.py [--positions] [--novels DIR]
Exit 0 when every file is valid, 1 when any is not (each problem printed as file: reason).
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEVERITIES = ("absent", "mentioned", "depicted", "graphic")
RATINGS = ("general", "teen", "mature", "explicit")
TRAP_KINDS = ("figure", "word-sense", "performance", "game", "dream", "hypothetical", "backstory", "other")
WHEN = ("on-page", "reported", "before-story")
GROUPS = ("implied", "explicit", "near-miss")


def label_ids():
    taxonomy = json.loads((ROOT / "crates/forewarn-core/data/taxonomy.json").read_text())
    return [label["id"] for label in taxonomy["labels"]]


def squash(text):
    return re.sub(r"\s+", " ", text)


def check_novel(path, novels, labels, problems, positions):
    def bad(reason):
        problems.append(f"{path.relative_to(ROOT)}: {reason}")

    try:
        work = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        bad(f"not valid JSON: {e}")
        return
    stem = work.get("work")
    if stem != path.stem:
        bad(f"'work' is {stem!r}, the file is named {path.stem!r}")
    source = novels / f"{path.stem}.txt"
    if not source.exists():
        bad(f"no novel {source}")
        return
    text = squash(source.read_text(encoding="utf-8-sig"))
    if work.get("rating") not in RATINGS:
        bad(f"rating {work.get('rating')!r} is not one of {RATINGS}")
    given = work.get("labels", {})
    for label in labels:
        if given.get(label) not in SEVERITIES:
            bad(f"labels.{label} is {given.get(label)!r}, not one of {SEVERITIES}")
    for label in given:
        if label not in labels:
            bad(f"labels.{label} is not a label id")

    def quote_at(entry, where):
        quote = entry.get("quote", "")
        if not 10 <= len(quote) <= 300:
            bad(f"{where}: quote of {len(quote)} characters (10-300)")
            return None
        at = text.find(squash(quote))
        if at < 0:
            bad(f"{where}: quote not found: {quote!r}")
            return None
        return at / len(text)

    covered = set()
    for i, event in enumerate(work.get("events", [])):
        where = f"events[{i}]"
        if event.get("label") not in labels:
            bad(f"{where}: label {event.get('label')!r} is not a label id")
        if event.get("severity") not in SEVERITIES[1:]:
            bad(f"{where}: severity {event.get('severity')!r}")
        covered.add(event.get("label"))
        at = quote_at(event, where)
        if positions and at is not None:
            print(f"{path.stem}\t{at:.3f}\tevent\t{event.get('label')}\t{event.get('who', '')}")
    for label, severity in given.items():
        if severity in ("depicted", "graphic") and label not in covered:
            bad(f"labels.{label} is {severity} but no event supports it")
    for i, death in enumerate(work.get("deaths", [])):
        where = f"deaths[{i}]"
        if not isinstance(death.get("major"), bool):
            bad(f"{where}: 'major' must be true or false")
        if death.get("when") not in WHEN:
            bad(f"{where}: when {death.get('when')!r} is not one of {WHEN}")
        if not death.get("who"):
            bad(f"{where}: no 'who'")
        at = quote_at(death, where)
        if positions and at is not None:
            print(f"{path.stem}\t{at:.3f}\tdeath\t{death.get('who')}\t{death.get('when')}")
    for i, trap in enumerate(work.get("traps", [])):
        where = f"traps[{i}]"
        if trap.get("label") not in labels:
            bad(f"{where}: label {trap.get('label')!r} is not a label id")
        if trap.get("kind") not in TRAP_KINDS:
            bad(f"{where}: kind {trap.get('kind')!r} is not one of {TRAP_KINDS}")
        quote_at(trap, where)


def check_scenes(path, labels, problems, seen):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue

        def bad(reason):
            problems.append(f"{path.relative_to(ROOT)}:{n}: {reason}")

        try:
            case = json.loads(line)
        except ValueError as e:
            bad(f"not valid JSON: {e}")
            continue
        if case.get("id") in seen:
            bad(f"duplicate id {case.get('id')!r}")
        seen.add(case.get("id"))
        if not case.get("text"):
            bad("no text")
        if case.get("group") not in GROUPS:
            bad(f"group {case.get('group')!r} is not one of {GROUPS}")
        for key in ("present", "absent"):
            for label in case.get(key, []):
                if label not in labels:
                    bad(f"{key}: {label!r} is not a label id")
        if set(case.get("present", [])) & set(case.get("absent", [])):
            bad("a label is both present and absent")
        if "rating" in case and case["rating"] not in RATINGS:
            bad(f"rating {case['rating']!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", action="store_true", help="print each event's and death's position")
    parser.add_argument("--novels", type=Path, default=ROOT.parent / "shared/data/novels")
    args = parser.parse_args()
    labels = label_ids()
    problems = []
    works = sorted((ROOT / "eval/works/novels").glob("*.json"))
    for path in works:
        check_novel(path, args.novels, labels, problems, args.positions)
    seen = set()
    scene_files = sorted((ROOT / "eval/works/scenes").glob("*.jsonl"))
    for path in scene_files:
        check_scenes(path, labels, problems, seen)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check-works: {len(works)} novels, {len(seen)} scenes, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
