"""The terminal format: per product the resources that differ with their diffs, then the plan and the impact."""

from __future__ import annotations

from compiler.core.words import plural
from compiler.diff.model import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    UNCHANGED,
    UNKNOWN,
    Breaking,
    Change,
    DiffReport,
    Impact,
    NotCompiled,
    Problem,
    Rename,
    split_identity,
)
from compiler.diff.plan import warning
from compiler.rules.schedules import change_lines as schedule_lines

_RED, _GREEN, _YELLOW, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
_STATUS = {"added": _GREEN, "removed": _RED, "changed": _YELLOW, "renamed": _YELLOW, "unknown": _CYAN}
STATUSES = (CHANGED, RENAMED, ADDED, REMOVED, UNKNOWN, UNCHANGED)  # the order of counts and of the markdown


def heading(report: DiffReport) -> str:
    return f"dpc diff: {report.base} -> {report.head}, environment {report.environment}"


def where(change: Change) -> str:
    m = change.manifest
    kind, _, name, _ = split_identity(m.bundle or "")
    label = f"{change.before.label} -> {m.name}" if change.status == RENAMED and change.before else m.label
    label = f"{label}, in {kind} {name}" if m.bundle else label
    return f"{label}: {change.note}" if change.note else label


def rename_note(r: Rename) -> str:
    return (f"renamed: {r.type} {r.removed} is now {r.type} {r.added}; DataOS sees a new resource and the old one "
            "deleted")


def problem_line(p: Problem | Breaking) -> str:
    return f"{p.position}: error {p.code} {p.message}"


BREAKING = "Breaking for other products"


def not_compiled_line(n: NotCompiled) -> str:
    return f"{n.path} (at the {n.side}): {n.reason}"


def totals(report: DiffReport) -> str:
    """One line of totals: resources by status, plan steps, findings."""
    parts = [f"{n} {s}" for s in STATUSES if s != UNCHANGED
             for n in [sum(1 for c in report.changes if c.status == s)] if n]
    line = ", ".join(parts) or "no changes"
    line += f"; {plural(len(report.plan), 'plan step')}"
    if report.breaking:
        line += f"; {len(report.breaking)} breaking for other products"
    if report.problems:
        line += f"; {len(report.problems)} error" + ("s" if len(report.problems) > 1 else "")
    return line


def impact_line(i: Impact) -> str:
    if i.how == "changed":
        return f"{i.product} reads {i.dataset}, written by {i.writer} of {i.producer}, which changed"
    return f"{i.product} reads {i.dataset}, which nothing writes any more (it was {i.writer} of {i.producer})"


def product_line(report: DiffReport, product: str) -> str:
    status = next(p.status for p in report.products if p.name == product)
    note = {"added": " (a new product)", "removed": " (the product is removed)"}.get(status, "")
    old = next(p.renamed_from for p in report.products if p.name == product)
    note = f" (renamed from {old})" if old else note
    return f"{product}{note}: {counts(report, product)}"


def counts(report: DiffReport, product: str) -> str:
    mine = [c for c in report.changes if c.product == product]
    parts = [f"{n} {s}" for s in (ADDED, REMOVED, CHANGED, RENAMED, UNKNOWN, UNCHANGED)
             for n in [sum(1 for c in mine if c.status == s)] if n]
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
    first = warning(report.plan)
    out = ([first] if first else []) + [heading(report)]
    out += [report.base_findings] if report.base_findings else []
    out.append("")
    if report.breaking:
        out += [f"{BREAKING}:"] + [problem_line(b) for b in report.breaking] + [""]
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
            out += ["    " + line for line in schedule_lines(c.before.text if c.before else None,
                                                       c.after.text if c.after else None)]
        out.append("")
    if report.not_compiled:
        out.append("not compiled (their resources are unknown on that side):")
        out += [f"  {not_compiled_line(n)}" for n in report.not_compiled]
        out.append("")
    if report.problems:
        out += [problem_line(p) for p in report.problems] + [""]
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
    if report.other_files:
        out.append(f"changed, not DataOS files: {name_list(list(report.other_files))}")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
