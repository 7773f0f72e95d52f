"""A cheap look at YAML text before the C parser composes it.

libyaml's composer (ruamel.yaml's C extension) recurses once per nesting level on the C
stack: around 20,000 levels (``a: [[[[...``, ``{a: {a: ...``, ``- - - ...``) crash the whole
process with a segmentation fault, which no ``except`` can catch. So before composing, the
nesting depth is bounded from above without parsing:

- flow collections nest at most once per ``[`` or ``{`` in the text;
- block collections nest at most twice per column (a sequence may sit at its mapping's
  indentation), so at most ``2 * (longest line + 1)`` deep.

Only when that bound passes :data:`SAFE_DEPTH` are the parser's events (a state machine,
no recursion) walked to measure the real depth, stopping at the first level past the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

SAFE_DEPTH = 5_000  # far below the ~20,000 levels that overflow the C stack


@dataclass(frozen=True)
class TooDeep:
    line: int  # 1-based, as diagnostics count
    col: int
    limit: int


def _bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text``, from counting characters only."""
    if len(text) * 2 + 2 <= SAFE_DEPTH:
        return len(text) * 2 + 2
    longest = max(map(len, text.split("\n")), default=0)
    return text.count("[") + text.count("{") + 2 * (longest + 1)


def too_deep(text: str, limit: int) -> TooDeep | None:
    """Where ``text`` first nests deeper than ``limit``, when its depth might crash the C parser.

    None means the text is safe to compose (it may still be a syntax error); a text that is a
    syntax error before reaching the limit is left to the parsers, which report it."""
    if _bound(text) <= SAFE_DEPTH:
        return None
    try:
        from ruamel.yaml.cyaml import CParser
        from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
    except ImportError:  # pragma: no cover - the pure parser raises RecursionError instead
        return None
    parser = CParser(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limit + 1:  # the root collection is level 0, as the composer counts
                    mark = event.start_mark
                    return TooDeep(mark.line + 1, mark.column + 1, limit)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except Exception:  # a syntax error within the limit: the parsers report it with its position
        return None
    finally:
        parser.dispose()
    return None
