"""The apply plan: the dataos-ctl commands that take DataOS from the base to the head, in the order it needs.

Applies first, in the one dependency order (:mod:`compiler.resolve.depgraph`): by the rank of the
type (secrets, depots, clusters, workloads..., bundles, data product specs with ``dataos-ctl
product apply``, then data product scanners), products that write datasets before the products
reading them, then each product's own build order. A change, addition, rename or removal inside a
bundle re-applies that bundle (one command, whatever changed inside it). Deletions come last, in
the reverse order. Deleting a bundle deletes the resources it created; a resource taken out of a
bundle that stays is deleted explicitly after the bundle is re-applied, in case the bundle leaves
it running. A renamed resource is applied under its new name and its old name deleted.

Invariants (property-tested): the plan never deletes an identity that it also applies or that the
head still defines; every delete comes after every apply. A workflow without a schedule runs when
it is applied: its step says so.
"""

from __future__ import annotations

from compiler.diff.model import ADDED, CHANGED, REMOVED, RENAMED, UNKNOWN, Change, Manifest, Step, split_identity
from compiler.resolve.depgraph import rank

NO_SCHEDULE = "runs again when applied: no schedule"
Key = tuple[str, str, str]


def _verb(m: Manifest, apply: bool) -> str:
    return ("product " if m.type == "data" else "") + ("apply" if apply else "delete")


def _runs(m: Manifest) -> str:
    return f" ({NO_SCHEDULE})" if m.type == "workflow" and not m.scheduled else ""


def _owner(member: Manifest, head_top: dict[Key, Manifest]) -> Manifest:
    """The head's bundle holding ``member`` (a removed member's bundle, found by its key)."""
    kind, _, name, ws = split_identity(member.bundle or "")
    return head_top.get((kind, name, ws or ""), member)


def _sort_key(m: Manifest, ranks: dict[str, int]) -> tuple[int, int, str, int, str]:
    return (rank(m.type, m.scanner), ranks.get(m.product, 0), m.product, m.order, m.identity)


class _Plan:
    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        self.head_top = {c.after.key: c.after for c in changes if c.after is not None and c.after.bundle is None}
        self.applies: dict[str, tuple[Manifest, list[str]]] = {}
        self.deletes: dict[str, tuple[Manifest, str]] = {}

    def apply(self, owner: Manifest, reason: str) -> None:
        self.applies.setdefault(owner.file, (owner, []))[1].append(reason)

    def delete(self, m: Manifest, reason: str) -> None:
        self.deletes.setdefault(m.identity, (m, reason))

    def held(self, bundle: Manifest) -> int:
        return sum(1 for d in self.changes if d.status == REMOVED and d.before and d.before.bundle == bundle.identity)

    def gone(self) -> set[str]:
        return {c.before.identity for c in self.changes if c.status in (REMOVED, RENAMED)
                and c.before is not None and c.before.bundle is None}

    def add(self, c: Change) -> None:
        m = c.manifest
        if c.status == UNKNOWN and c.after is None and m.bundle is not None:
            owner = _owner(m, self.head_top)
            if owner is not m and owner.file in self.applies:
                self.apply(owner, f"INCOMPLETE: {m.label} is unknown at the head ({c.note}); applying this bundle "
                           "as compiled would drop it")
        old = c.before
        if c.status in (ADDED, CHANGED, RENAMED):
            renamed = f"{old.label} renamed to {m.name}" if old is not None and c.status == RENAMED else ""
            if m.bundle is None:
                what = renamed or (f"{c.status} {m.label}" if m.type != "bundle" else f"bundle {m.name} {c.status}")
                self.apply(m, what + _runs(m))
            else:
                self.apply(_owner(m, self.head_top), (renamed or f"{m.label} {c.status}") + " inside" + _runs(m))
        if old is None or c.status not in (REMOVED, RENAMED):
            return
        if old.bundle is None:
            members = self.held(old)
            reason = (f"removed {old.label}" if c.status == REMOVED else f"{old.label} renamed to {m.name}") \
                + (f" with the {members} resources it holds" if members else "")
            if c.status == RENAMED and old.type == "bundle":
                reason += (f"; deleting it may delete the resources it created that {m.name} now holds: "
                           f"re-apply {m.file} after it")
            self.delete(old, reason)
        elif old.bundle not in self.gone():
            owner = _owner(old, self.head_top)
            if c.status == REMOVED:
                self.apply(owner, f"{old.label} removed from it")
            self.delete(old, f"{old.label} " + ("taken out of" if c.status == REMOVED else "renamed inside")
                        + f" bundle {owner.name}")


def plan(changes: list[Change], ranks: dict[str, int]) -> list[Step]:
    """The steps, applies then deletes; never a delete of what the head defines or the plan applies."""
    p = _Plan(changes)
    for c in changes:
        p.add(c)
    ordered = sorted(p.applies.values(), key=lambda v: _sort_key(v[0], ranks))
    steps = [Step(_verb(m, True), m.file, m.product, "; ".join(dict.fromkeys(reasons))) for m, reasons in ordered]
    kept = {c.after.key for c in changes if c.after is not None} | {m.key for m, _ in p.applies.values()}
    deletes = sorted((v for v in p.deletes.values() if v[0].key not in kept),
                     key=lambda v: _sort_key(v[0], ranks), reverse=True)
    steps += [Step(_verb(m, False), m.identity, m.product, reason) for m, reason in deletes]
    return steps


def warning(steps: tuple[Step, ...] | list[Step]) -> str:
    """The one line an apply plan that deletes anything starts with; "" when it deletes nothing."""
    n = sum(1 for s in steps if s.action.endswith("delete"))
    if not n:
        return ""
    return (f"warning: this plan deletes {n} resource" + ("s" if n > 1 else "")
            + " from DataOS: " + ", ".join(s.target for s in steps if s.action.endswith("delete")))
