"""The terminal format: per product the resources that differ with their diffs, then the plan and the impact."""

from __future__ import annotations

from compiler.diff.model import UNCHANGED, Change, DiffReport, Impact, Rename, split_identity
from compiler.rules.schedules import change_lines as schedule_lines

_RED, _GREEN, _YELLOW, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
_STATUS = {"added": _GREEN, "removed": _RED, "changed": _YELLOW}


def heading(report: DiffReport) -> str:
    return f"dpc diff: {report.base} -> {report.head}, environment {report.environment}"


def where(change: Change) -> str:
    m = change.manifest
    kind, _, name, _ = split_identity(m.bundle or "")
    return f"{m.label}, in {kind} {name}" if m.bundle else m.label


def rename_note(r: Rename) -> str:
    return (f"renamed? {r.type} {r.removed} is removed and {r.type} {r.added} is added; DataOS sees a deletion "
            "and a new resource")


def impact_line(i: Impact) -> str:
    if i.how == "changed":
        return f"{i.product} reads {i.dataset}, written by {i.writer} of {i.producer}, which changed"
    return f"{i.product} reads {i.dataset}, which nothing writes any more (it was {i.writer} of {i.producer})"


def product_line(report: DiffReport, product: str) -> str:
    status = next(p.status for p in report.products if p.name == product)
    note = {"added": " (a new product)", "removed": " (the product is removed)"}.get(status, "")
    return f"{product}{note}: {counts(report, product)}"


def counts(report: DiffReport, product: str) -> str:
    summary = next(p for p in report.products if p.name == product)
    parts = [f"{n} {s}" for n, s in zip(summary.counts, ("added", "removed", "changed", "unchanged"), strict=True) if n]
    return ", ".join(parts) or "nothing to compare"


def skipped(report: DiffReport) -> list[str]:
    return [p.name for p in report.products if p.status == "skipped"]


SHOWN_NAMES = 20  # a monorepo diff names the skipped products only when they are few


def name_list(names: list[str]) -> str:
    if len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    return ", ".join(names[:SHOWN_NAMES]) + f" and {len(names) - SHOWN_NAMES} more"


def _paint(line: str, colour: bool) -> str:
    if not colour:
        return line
    if line.startswith(("+++", "---")):
        return _BOLD + line + _RESET
    code = {"+": _GREEN, "-": _RED, "@": _CYAN}.get(line[:1])
    return code + line + _RESET if code else line


def render(report: DiffReport, colour: bool = False) -> str:
    out = [heading(report), ""]
    if not report.changed:
        out.append(f"no changes: the head compiles to the same {len(report.changes)} resources as the base"
                   if report.changes else "no changes: no product's sources differ")
    for summary in report.products:
        mine = [c for c in report.differences if c.product == summary.name]
        if not mine:
            continue
        out.append(product_line(report, summary.name))
        for c in mine:
            status = f"{_STATUS[c.status]}{c.status}{_RESET}" if colour else c.status
            out.append(f"  {status} {where(c)}")
            out += ["    " + _paint(line, colour) for line in c.diff.splitlines()]
            out += ["    " + line for line in schedule_lines(c.before and c.before.text, c.after and c.after.text)]
        out.append("")
    for r in report.renames:
        out.append(rename_note(r))
    if report.renames:
        out.append("")
    if report.plan:
        out.append("Plan, in this order:")
        for n, step in enumerate(report.plan, 1):
            out.append(f"  {n}. {step.command}")
            out.append(f"     # {step.product}: {step.reason}")
        out.append("")
    if report.impacts:
        out.append("Impact on other products:")
        out += [f"  {impact_line(i)}" for i in report.impacts]
        out.append("")
    names = skipped(report)
    if names:
        out.append(f"not compiled, same sources on both sides: {name_list(names)}")
    unchanged = [p.name for p in report.products if p.status == UNCHANGED]
    if unchanged:
        out.append(f"compiled, no difference: {', '.join(unchanged)}")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
