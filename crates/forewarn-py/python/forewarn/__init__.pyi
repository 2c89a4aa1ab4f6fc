"""Type stubs for forewarn (the extension module forewarn._forewarn, re-exported)."""

from os import PathLike
from typing import Any, Literal, Mapping, Optional, Sequence, Union

__version__: str

Report = dict[str, Any]
"""The JSON report of `forewarn scan --format json` (schema 1) for one work."""

Declared = Union[str, Mapping[str, Any]]
"""Declared tags: AO3 text ("Rating: Mature; Archive Warnings: ...") or the report's `declared` shape."""

Work = Union[str, Mapping[str, Any]]
"""A work: its text, or a dict with `text` and optional `title`, `declared`, `id`."""

class ForewarnError(Exception):
    """A work, a declaration or a setting could not be read; the message is the CLI's."""

class Engine:
    """The forewarn engine, set up once (config, sentence model); thread-safe."""

    def __init__(
        self,
        model_dir: Optional[Union[str, PathLike[str]]] = None,
        use_model: bool = True,
        config: Optional[Union[str, PathLike[str]]] = None,
    ) -> None:
        """Set up as `forewarn scan` does: the same config lookup, the same model lookup and fetch."""

    def scan(
        self,
        text: str,
        title: Optional[str] = None,
        declared: Optional[Declared] = None,
        id: Optional[str] = None,
    ) -> Report:
        """The report of one work. Raises ForewarnError when the work cannot be read."""

    def scan_many(self, works: Sequence[Work], on_error: Literal["raise", "entry"] = "raise") -> list[Report]:
        """The reports of many works, in order, on every core with the GIL released.

        on_error="entry" puts `{"schema_version", "id", "error"}` in place of a work that cannot
        be read, as `forewarn scan --format json` does; "raise" raises ForewarnError.
        """

    def check(
        self,
        text: str,
        declared: Optional[Declared] = None,
        title: Optional[str] = None,
        min_confidence: Optional[float] = None,
        deny: Optional[Literal["warnings", "hints"]] = None,
        id: Optional[str] = None,
    ) -> dict[str, Any]:
        """`{"report", "check"}`: declared tags against the content, as `forewarn check --format json`."""

def labels() -> dict[str, Any]:
    """The rating levels and every label with its definition (`forewarn labels --format json`)."""
