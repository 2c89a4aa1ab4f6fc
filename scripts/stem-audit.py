#!/usr/bin/env python3
"""Lists the one-word cues of the lexicons and signal lists that match other words through
their stem, with how often those words occur in a corpus: the review list behind the `=`
(exact) cues ("severed" stems as "several" does, "unconscious" as "unconsciously").

The matcher stems with Snowball English (rust-stemmers); this uses the same algorithm
(`pip install snowballstemmer`).

Usage: scripts/stem-audit.py CORPUS_DIR [MIN_COUNT]
(CORPUS_DIR: ../shared/data/novels, or any folder of .txt works). Each line: how often the
other words occur, the file, the weight, the cue, and its commonest other words. Read them:
an inflection of the cue ("killed" for "kill") is right; another word ("gravely" for
"grave") calls for writing the cue's forms as `=form` lines.
"""

import collections
import pathlib
import re
import sys

import snowballstemmer

DATA = pathlib.Path(__file__).resolve().parent.parent / "crates/forewarn-core/data"


def main() -> None:
    corpus = pathlib.Path(sys.argv[1])
    least = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    stemmer = snowballstemmer.stemmer("english")
    words = collections.Counter()
    for path in corpus.glob("*.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    by_stem = collections.defaultdict(collections.Counter)
    for word, count in words.items():
        by_stem[stemmer.stemWord(word)][word] += count
    rows = []
    for folder in ("lexicon", "signals"):
        for path in sorted((DATA / folder).glob("*.txt")):
            if path.name == "idioms.txt":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                weight, _, cue = line.strip().partition(" ")
                if not cue or line.startswith("#") or cue.startswith("=") or " " in cue:
                    continue
                others = {w: c for w, c in by_stem.get(stemmer.stemWord(cue.lower()), {}).items() if w != cue.lower()}
                total = sum(others.values())
                if total >= least:
                    common = sorted(others.items(), key=lambda x: -x[1])[:6]
                    rows.append((total, f"{folder}/{path.name}", weight, cue, common))
    for total, file, weight, cue, common in sorted(rows, reverse=True):
        print(total, file, weight, cue, " ".join(f"{w}:{c}" for w, c in common), sep="\t")


if __name__ == "__main__":
    main()
