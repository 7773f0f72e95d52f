"""A stable JSON document (``"version": 1``); the shape is documented in the README, keys never renamed."""

from __future__ import annotations

import json

from compiler.diff.model import DiffReport, Manifest, Revision
from compiler.diff.plan import warning


def _revision(r: Revision) -> dict:
    return {"label": r.label, "sha": r.sha, "subject": r.subject}


def _identity(m: Manifest | None) -> str | None:
    return m.identity if m else None


def render(report: DiffReport, colour: bool = False) -> str:
    statuses = ("added", "removed", "changed", "unchanged")
    every = ("added", "removed", "changed", "renamed", "unknown", "unchanged")
    doc = {
        "warning": warning(report.plan) or None,  # first: an apply plan that deletes anything says so
        "version": 1,
        "base": _revision(report.base),
        "head": _revision(report.head),
        "environment": report.environment,
        "changed": report.changed,
        "summary": {s: sum(1 for c in report.changes if c.status == s) for s in every},
        "base_findings": report.base_findings or None,
        "products": [{"name": p.name, "status": p.status, **dict(zip(statuses, p.counts, strict=True)),
                      "renamed_from": p.renamed_from or None} for p in report.products],
        "resources": [{
            "product": c.product,
            "status": c.status,
            "type": c.manifest.type,
            "name": c.manifest.name,
            "workspace": c.manifest.workspace,
            "before": _identity(c.before),
            "after": _identity(c.after),
            "bundle": c.manifest.bundle,
            "file": c.manifest.file,
            "diff": c.diff,
            "note": c.note or None,
        } for c in report.changes],
        "not_compiled": [{"side": n.side, "path": n.path, "reason": n.reason} for n in report.not_compiled],
        "breaking": [{"code": b.code, "position": b.position, "message": b.message, "consumers": list(b.consumers)}
                     for b in report.breaking],
        "errors": [{"code": p.code, "position": p.position, "message": p.message} for p in report.problems],
        "other_files": list(report.other_files),
        "renames": [{"product": r.product, "type": r.type, "removed": r.removed, "added": r.added}
                    for r in report.renames],
        "plan": [{"action": s.action, "target": s.target, "product": s.product, "reason": s.reason,
                  "command": s.command} for s in report.plan],
        "impacts": [{"product": i.product, "dataset": i.dataset, "producer": i.producer, "writer": i.writer,
                     "how": i.how}
                    for i in report.impacts],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
