"""The apply plan: the dataos-ctl commands that take DataOS from the base to the head, in the order it needs.

Applies first, in phases: instance secrets and secrets, depots, other stand-alone resources
(clusters, computes, depot scanners' peers...), bundles, data product specs (``dataos-ctl
product apply``), then scanner workflows, which need the data product. A change, addition or
removal inside a bundle re-applies that bundle (one command, whatever changed inside it).
Within a phase, products that write datasets come before the products reading them, then each
product's own dependency order (the build's). Deletions come last, in the reverse order:
scanners, data products, bundles, ..., secrets. Deleting a bundle deletes the resources it
created; a resource taken out of a bundle that stays is deleted explicitly after the bundle is
re-applied, in case the bundle leaves it running.
"""

from __future__ import annotations

from compiler.diff.model import ADDED, CHANGED, REMOVED, Change, Manifest, Step, split_identity

_PHASE = {"instance-secret": 0, "secret": 0, "depot": 1, "bundle": 3, "data": 4}
OTHER, SCANNER = 2, 5


def phase(m: Manifest) -> int:
    return SCANNER if m.scanner else _PHASE.get(m.type, OTHER)


def _verb(m: Manifest, apply: bool) -> str:
    return ("product " if m.type == "data" else "") + ("apply" if apply else "delete")


def product_order(links: list[tuple[str, str]], products: list[str]) -> dict[str, int]:
    """Rank of each product: producers before their readers (Kahn's algorithm), then by name; cycles last."""
    waiting = {p: {a for a, b in links if b == p and a in products and a != p} for p in products}
    rank: dict[str, int] = {}
    while len(rank) < len(products):
        ready = sorted(p for p, deps in waiting.items() if p not in rank and deps <= set(rank))
        for p in ready or sorted(p for p in products if p not in rank)[:1]:
            rank[p] = len(rank)
    return rank


def plan(changes: list[Change], ranks: dict[str, int]) -> list[Step]:
    head_top = {c.after.key: c.after for c in changes if c.after is not None and c.after.bundle is None}
    gone = {c.before.identity for c in changes if c.status == REMOVED and c.before.bundle is None}
    applies: dict[str, tuple[Manifest, list[str]]] = {}
    deletes: list[tuple[Manifest, str]] = []

    def apply(owner: Manifest, reason: str) -> None:
        applies.setdefault(owner.file, (owner, []))[1].append(reason)

    for c in changes:
        m = c.manifest
        if c.status in (ADDED, CHANGED):
            if m.bundle is None:
                apply(m, f"{c.status} {m.label}" if m.type != "bundle" else f"bundle {m.name} {c.status}")
            else:
                apply(_owner(m, head_top), f"{m.label} {c.status} inside")
        elif c.status == REMOVED and m.bundle is None:
            members = sum(1 for d in changes if d.status == REMOVED and d.before and d.before.bundle == m.identity)
            deletes.append((m, f"removed {m.label}" + (f" with the {members} resources it holds" if members else "")))
        elif c.status == REMOVED and m.bundle not in gone:
            owner = _owner(m, head_top)
            apply(owner, f"{m.label} removed from it")
            deletes.append((m, f"{m.label} taken out of bundle {owner.name}"))
    ordered = sorted(applies.values(), key=lambda v: (phase(v[0]), ranks.get(v[0].product, 0), v[0].order))
    steps = [Step(_verb(m, True), m.file, m.product, "; ".join(dict.fromkeys(reasons))) for m, reasons in ordered]
    deletes.sort(key=lambda v: (phase(v[0]) if v[0].bundle is None else 3, ranks.get(v[0].product, 0), v[0].order),
                 reverse=True)
    steps += [Step(_verb(m, False), m.identity, m.product, reason) for m, reason in deletes]
    return steps


def _owner(member: Manifest, head_top: dict) -> Manifest:
    """The head's bundle holding ``member`` (a removed member's bundle, found by its key)."""
    kind, _, name, _ = split_identity(member.bundle or "")
    return head_top.get((member.product, kind, name, ""), member)
