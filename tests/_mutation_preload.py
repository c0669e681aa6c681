"""What a mutation run (scripts/mutation.sh) loads once per process: the graph and the reasoning's model.

pytest executes conftest.py again in every session, and mutmut runs one session per mutant in a
process forked from its server; a plain module like this one is imported once, in the server, so
every mutant's process starts with the graph loaded and the model built by the unmutated code.
"""

from __future__ import annotations

import contextlib

import kg
from kg.reasoning import cache

GRAPH = kg.load()
# mutmut's forced-failure run makes every reasoning function raise: the tests then build what they
# need, and fail as that run expects
with contextlib.suppress(Exception):
    cache.partial_predictions(GRAPH)
