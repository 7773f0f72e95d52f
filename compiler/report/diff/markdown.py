"""The pull-request comment: a summary table, one collapsible diff per resource, the plan and the impact.

It starts with the hidden marker ``<!-- dpc-diff -->``, so CI can find its earlier comment and
update it in place, then the plan's deletion warning (when it deletes anything) and one line of
totals. GitHub refuses comments over 65,536 characters: the whole text is kept under
:data:`LIMIT`. The heading, the table, the findings, the plan, the impact and the footer (dpc's
version and the command that reproduces the comment) always stay; resource diffs are spent on real
changes first (changed, renamed, added, removed, unknown), each while it fits, and a notice names
every one left out.
"""

from __future__ import annotations

import re

from compiler.diff.model import Change, DiffReport
from compiler.diff.plan import warning
from compiler.report.diff.text import (
    BREAKING,
    STATUSES,
    impact_line,
    name_list,
    not_compiled_line,
    problem_line,
    product_line,
    skipped,
    totals,
    where,
)
from compiler.report.lint.text import printable
from compiler.rules.schedules import change_lines as schedule_lines

MARKER = "<!-- dpc-diff -->"
LIMIT = 65_000
_NOTICE_NAMES = 4_000  # characters of names in the notice, then "and N more"


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    return "`" * (longest + 1)


def _esc(text: str) -> str:
    """``text`` safe in a table cell or a summary: no cell break, tag, code span, line break or control."""
    for raw, safe in _ESCAPES:
        text = text.replace(raw, safe)
    return printable(text)


_ESCAPES = (("\\", "\\\\"), ("|", "\\|"), ("`", "\\`"), ("<", "&lt;"), (">", "&gt;"), ("\r\n", " "),
            ("\n", " "), ("\r", " "))


def _section(change: Change) -> str:
    fence = _fence(change.diff)
    words = schedule_lines(change.before.text if change.before else None, change.after.text if change.after else None)
    said = "".join(f"- {_esc(line)}\n" for line in words) + ("\n" if words else "")
    return (f"<details><summary>{change.status}: {_esc(where(change))}</summary>\n\n"
            f"{fence}diff\n{change.diff}{fence}\n\n{said}</details>\n")


def _head(report: DiffReport) -> list[str]:
    base, head = report.base, report.head
    first = warning(report.plan)
    out = [MARKER, *([f"> **{_esc(first)}**", ""] if first else []), f"**{_esc(totals(report))}**", "",
           f"### dpc diff: `{base.label}`" + (f" ({base.sha[:12]})" if base.sha else "")
           + f" → `{head.label}`" + (f" ({head.sha[:12]})" if head.sha else "")
           + f", environment `{report.environment}`", ""]
    compared = [p for p in report.products if p.status != "skipped"]
    if report.breaking:
        out += [f"#### {BREAKING}", ""] + [f"- `{_esc(problem_line(b))}`" for b in report.breaking] + [""]
    if report.base_findings:
        out += [_esc(report.base_findings[:1].upper() + report.base_findings[1:]) + ".", ""]
    if not report.changed:
        out += ["No changes to DataOS resources.", ""]
    if compared:
        out += ["| product | status | added | removed | changed | unchanged |", "|---|---|--:|--:|--:|--:|"]
        out += [f"| {_esc(p.name)} | {p.status} | " + " | ".join(str(n) for n in p.counts) + " |" for p in compared]
        out.append("")
    names = skipped(report)
    if names:
        out += [f"Not compiled, same sources on both sides: {name_list(names)}.", ""]
    if report.problems:
        out += ["#### Errors", ""] + [f"- `{_esc(problem_line(p))}`" for p in report.problems] + [""]
    if report.not_compiled:
        out += ["#### Not compiled (their resources are unknown on that side)", ""]
        out += [f"- {_esc(not_compiled_line(n))}" for n in report.not_compiled] + [""]
    return out


def _tail(report: DiffReport) -> list[str]:
    out = []
    if report.plan:
        out += ["#### Apply plan", ""]
        out += [f"{n}. `{s.command}`  \n   {_esc(s.product)}: {_esc(s.reason)}" for n, s in enumerate(report.plan, 1)]
        out.append("")
    if report.impacts:
        out += ["#### Impact on other products", ""] + [f"- {_esc(impact_line(i))}" for i in report.impacts] + [""]
    if report.other_files:
        out += [f"Changed, not DataOS files: {_esc(name_list(list(report.other_files)))}.", ""]
    out.append(f"<sub>dpc {_esc(report.version or '?')} · reproduce with `{report.command or 'dpc diff'}`</sub>")
    return out


def _ranked(report: DiffReport) -> list[Change]:
    """The differences, real changes first: changed, renamed, added, removed, unknown; else in report order."""
    place = {s: i for i, s in enumerate(STATUSES)}
    return sorted(report.differences, key=lambda c: place.get(c.status, len(place)))


def _notice(left_out: list[Change]) -> str:
    names, used = [], 0
    for c in left_out:
        name = f"{c.product}: {c.manifest.type} {c.manifest.name}"
        if used + len(name) > _NOTICE_NAMES:
            break
        names.append(name)
        used += len(name) + 2
    more = f", and {len(left_out) - len(names)} more" if len(names) < len(left_out) else ""
    return (f"> **{len(left_out)} resource diffs left out** to keep this comment under GitHub's size limit: "
            f"{_esc(', '.join(names))}{more}. Run `dpc diff` for the whole diff.\n")


def render(report: DiffReport, colour: bool = False) -> str:
    head = "\n".join(_head(report)) + "\n"
    tail = "\n".join(_tail(report))
    budget = LIMIT - len(head) - len(tail) - _NOTICE_NAMES - 400
    kept: set[int] = set()
    left_out: list[Change] = []
    for c in _ranked(report):
        size = len(_section(c)) + len(product_line(report, c.product)) + 8
        if size > budget:
            left_out.append(c)
            continue
        kept.add(id(c))
        budget -= size
    body: list[str] = []
    for name in dict.fromkeys(c.product for c in report.differences):
        mine = [c for c in report.differences if c.product == name and id(c) in kept]
        if mine:
            body.append(f"#### {_esc(product_line(report, name))}\n\n" + "\n".join(_section(c) for c in mine))
    text = head + "\n".join(body) + ("\n" if body else "") + (_notice(left_out) + "\n" if left_out else "") + tail
    if len(text) > LIMIT:  # a plan of thousands of steps: cut at a line, and say so
        text = (text[: text.rfind("\n", 0, LIMIT - 200)]
                + "\n\n> **Cut here** to stay under GitHub's size limit; run `dpc diff` for the rest.\n")
    return text.rstrip("\n") + "\n"
