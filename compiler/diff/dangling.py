"""G010: the change removes (or renames) a resource that the head still references.

The base's reference index says which names each removed resource defined (an instance secret
defines itself as a secret, a git secret id...; a depot its name); the head's resolver says which
of its references find nothing. A reference of the head that looks for a name only a removed
resource defined is reported at that reference: applying the plan would delete what it uses.
"""

from __future__ import annotations

from compiler.diff.baseindex import BaseIndex
from compiler.diff.model import REMOVED, RENAMED, Change, Problem, split_identity
from compiler.model import Repository
from compiler.resolve import analyse
from compiler.schema.catalog import Catalog


def _key(identity: str) -> tuple[str, str, str]:
    kind, _, name, ws = split_identity(identity)
    return (kind, name, ws or "")


def _defined_by(base: BaseIndex, keys: set[tuple[str, str, str]]) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(kind, name) -> the key of the removed resource that defined it."""
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for kind, table in sorted(base.definitions.items()):
        for name, found in sorted(table.items()):
            for d in found:
                if d.resource and _key(d.resource) in keys:
                    out.setdefault((kind, name), _key(d.resource))
    return out


def problems(changes: list[Change], base: BaseIndex | None, head: Repository | None, catalog: Catalog) -> list[Problem]:
    """One G010 per head reference to a removed resource, sorted by position. Run with the head's file
    system active."""
    gone = {c.before.key for c in changes if c.status in (REMOVED, RENAMED) and c.before is not None}
    if not gone or base is None or head is None:
        return []
    defined = _defined_by(base, gone)
    found = {}
    for f in analyse(head, catalog).findings:
        removed = defined.get(f.target) if f.target else None
        if removed is not None:
            kind, name, _ = removed
            found[f.diagnostic.position] = Problem(
                "G010", str(f.diagnostic.position), f"this still uses {kind} {name}, which the change removes; "
                "the plan would delete it from under this reference")
    return [found[p] for p in sorted(found)]
