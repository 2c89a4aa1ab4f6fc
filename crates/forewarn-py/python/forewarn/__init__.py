"""forewarn: what a work of fiction contains, before you read it.

The AO3 rating, AO3's four archive warnings and the content warnings of a work, each with a
confidence, a severity and the passages behind it, computed offline by the same engine as the
``forewarn`` command::

    import forewarn
    engine = forewarn.Engine(use_model=False)      # set up once
    report = engine.scan("...the text...")         # the JSON report of `forewarn scan`, as a dict
    reports = engine.scan_many(texts)              # every core, the GIL released

``forewarn.spark`` adds report columns to a Spark DataFrame of works.
"""

from ._forewarn import Engine, ForewarnError, __version__, labels

__all__ = ["Engine", "ForewarnError", "labels", "__version__"]
