"""Shared fixtures: the repository, the CLI binary the package is compared with, the data."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"


def cli_binary() -> pathlib.Path:
    return pathlib.Path(os.environ.get("FOREWARN_BIN", ROOT / "target" / "release" / "forewarn")).resolve()


def cli_entries(tmp: pathlib.Path, works: list, *args: str) -> list:
    """`forewarn scan --format json python.jsonl` (in `tmp`) for these works: the entries."""
    with open(tmp / "python.jsonl", "w", encoding="utf-8") as f:
        for w in works:
            f.write(json.dumps(w, ensure_ascii=False) + "\n")
    out = subprocess.run(
        [str(cli_binary()), "scan", "--no-cache", "--format", "json", *args, "python.jsonl"],
        cwd=tmp,
        capture_output=True,
        check=False,
    )
    assert out.returncode in (0, 2), out.stderr.decode()
    return json.loads(out.stdout)


def passages(limit=None) -> list:
    """The AO3 passages of the shared data as works (`id`, `text`)."""
    works = []
    with open(DATA / "passages" / "dev.jsonl", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            works.append({"id": p["id"], "text": p["text"]})
            if limit and len(works) >= limit:
                break
    return works


@pytest.fixture(scope="session")
def lexical():
    import forewarn

    return forewarn.Engine(use_model=False)
