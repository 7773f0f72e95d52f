"""P030-P034: schedules. A cron expression has the five fields DataOS takes (or a descriptor such as
``@daily``), a timezone is an IANA zone, ``endOn`` is an RFC 3339 time after now and after the
first run. Also the words ``dpc diff`` shows for a changed schedule: :func:`describe`,
:func:`next_runs` and :func:`change_lines`.

"Now" comes from one clock, :func:`now`: the environment variable ``DPC_NOW`` (an RFC 3339 time)
when set, so that tests and reproducible CI runs are deterministic, else the system clock.
cronsim (cron arithmetic) is imported only when a document has a schedule.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import did_you_mean
from compiler.load.origin import AnyDocument
from compiler.load.yamlload import parse_text

FIELDS = ("minute", "hour", "day-of-month", "month", "day-of-week")
RANGES = ("0-59", "0-23", "1-31", "1-12 or JAN-DEC", "0-7 or SUN-SAT")
DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
               "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
EVERY = re.compile(r"^@every\s+(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
FIELD_CHARS = re.compile(r"^[0-9A-Za-z*/,\-?]+$")
TEMPLATED = ("${", "{{", "{%")  # placeholders and templates: P001 and the build judge them

# type -> (cron path, timezone path, endOn path); "*" stands for every item of a list
PLACES: dict[str, tuple[tuple[tuple, tuple | None, tuple | None], ...]] = {
    "workflow": ((("workflow", "schedule", "cron"), ("workflow", "schedule", "timezone"),
                  ("workflow", "schedule", "endOn")),),
    "monitor": ((("monitor", "schedule"), ("monitor", "timezone"), None),),
    "cluster": ((("cluster", "maintenance", "restartCron"), ("cluster", "maintenance", "timezone"), None),
                (("cluster", "maintenance", "scalingCrons", "*", "cron"),
                 ("cluster", "maintenance", "scalingCrons", "*", "timezone"), None)),
}


class CronProblem(ValueError):
    pass


def reads_clock(text: str) -> bool:
    """True when a file's findings depend on the clock (P033, P034 compare ``endOn`` with :func:`now`):
    the lint cache must not keep them from one run to the next."""
    return "endOn" in text


def now() -> datetime:
    """The one clock of dpc: ``DPC_NOW`` when it holds an RFC 3339 time, else the system's."""
    fixed = parse_time(os.environ.get("DPC_NOW", ""))
    return fixed or datetime.now(UTC).replace(microsecond=0)


def parse_time(text: str) -> datetime | None:
    if not RFC3339.match(text.strip()):
        return None
    try:
        return datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text.strip()))
    except ValueError:
        return None


def normalise(cron: str) -> str:
    """The five-field form of ``cron`` (descriptors expanded, ``?`` as ``*``); CronProblem if it is none."""
    text = " ".join(cron.split())
    if text.lower() in DESCRIPTORS:
        return DESCRIPTORS[text.lower()]
    if EVERY.match(text):
        return text
    if text.startswith("@"):
        raise CronProblem(f"'{text}' is not a cron descriptor; use five fields or one of "
                          + ", ".join(sorted(DESCRIPTORS)))
    fields = text.split(" ") if text else []
    if len(fields) != 5:
        raise CronProblem(f"the cron expression has {len(fields)} field{'s' * (len(fields) != 1)}; DataOS takes "
                          "five: minute hour day-of-month month day-of-week")
    fields = ["*" if f == "?" and i in (2, 4) else f for i, f in enumerate(fields)]
    for i, f in enumerate(fields):
        if not FIELD_CHARS.match(f) or re.search(r"[LW#]", f.upper().replace("WED", "").replace("JUL", "")):
            raise CronProblem(f"the {FIELDS[i]} field '{f}' is not valid (numbers {RANGES[i]}, *, ranges a-b, "
                              "steps /n and lists a,b)")
    from cronsim import CronSim, CronSimError  # cron arithmetic, only once a schedule is seen

    try:
        CronSim(" ".join(fields), datetime(2000, 1, 1, tzinfo=UTC))
    except CronSimError as err:
        name = str(err).removeprefix("Bad ").strip()
        i = FIELDS.index(name) if name in FIELDS else -1
        if i < 0:
            raise CronProblem(f"the cron expression '{text}' is not valid") from None
        raise CronProblem(f"the {FIELDS[i]} field '{fields[i]}' is out of range ({RANGES[i]})") from None
    return " ".join(fields)


@lru_cache(maxsize=1)
def zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def zone(name: str | None) -> Any:
    """The tzinfo of ``name`` (UTC when None); CronProblem for a name that is no IANA zone."""
    if not name:
        return UTC
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise CronProblem(f"timezone '{name}' is not an IANA time zone{did_you_mean(name, zones())}") from None


def next_runs(cron: str, tz: str | None, after: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` runs of ``cron`` in ``tz`` strictly after ``after``; none for ``@every``."""
    expr = normalise(cron)
    if expr.startswith("@"):
        return []
    from cronsim import CronSim

    runs = CronSim(expr, after.astimezone(zone(tz)))
    return [next(runs) for _ in range(count)]


def describe(cron: str, tz: str | None) -> str:
    """``'0 3 * * *', 'UTC'`` -> ``'at 03:00 every day (UTC)'``."""
    expr = normalise(cron)
    if expr.startswith("@every"):
        return f"every {expr.split()[1]} ({tz or 'UTC'})"
    from cronsim import CronSim

    words = CronSim(expr, datetime(2000, 1, 1, tzinfo=UTC)).explain()
    return f"{words[:1].lower()}{words[1:]} ({tz or 'UTC'})"


def _at(data: Any, path: tuple, base: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if not path:
        yield base, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from _at(item, rest, base + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], rest, base + (head,))


def _plain(value: Any) -> bool:
    return isinstance(value, str) and not any(t in value for t in TEMPLATED)


def _diag(code: str, doc: AnyDocument, path: tuple, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic.of(code, message, doc.position(path), hint)


def _one(doc: AnyDocument, cron_at: tuple, tz_path: tuple | None, end_path: tuple | None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    cron = _value(doc.data, cron_at)
    tz = _value(doc.data, tz_path) if tz_path else None
    end = _value(doc.data, end_path) if end_path else None
    tz_name = tz if _plain(tz) else None
    try:
        zone(tz_name)
    except CronProblem as p:
        out.append(_diag("P031", doc, tz_path or cron_at, str(p)))
        tz_name = None
    expr = None
    if _plain(cron):
        try:
            expr = normalise(cron)
        except CronProblem as p:
            out.append(_diag("P030", doc, cron_at, str(p), "for example '0 3 * * *' (every day at 03:00)"))
    if not _plain(end) or end_path is None:
        return out
    end_time = parse_time(end) if isinstance(end, str) else None
    if end_time is None:
        out.append(_diag("P032", doc, end_path, f"endOn '{end}' is not an RFC 3339 timestamp",
                          "write it as 2026-12-31T23:59:59Z (a date, a time and a zone offset)"))
        return out
    current = now()
    if end_time <= current:
        out.append(_diag("P033", doc, end_path, f"endOn {end} is in the past (now is {stamp(current)}): the "
                         "schedule never runs again", "move endOn into the future, or remove the schedule"))
    elif expr is not None and not expr.startswith("@") and not any(d.code == "P031" for d in out):
        first = next_runs(expr, tz_name, current, 1)[0]
        if end_time < first:
            out.append(_diag("P034", doc, end_path, f"endOn {end} comes before the first run, "
                             f"{stamp(first)}: the schedule never runs", "move endOn after the first run"))
    return out


def _value(data: Any, path: tuple) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) and isinstance(part, str) else (
            data[part] if isinstance(data, list) and isinstance(part, int) and part < len(data) else None)
    return data


def stamp(moment: datetime) -> str:
    """``2026-12-02 03:00 Europe/Berlin``; a fixed offset is written as +0530."""
    name = getattr(moment.tzinfo, "key", None) or ("UTC" if moment.utcoffset() == UTC.utcoffset(None)
                                                   else moment.strftime("%z"))
    return f"{moment:%Y-%m-%d %H:%M} {name}"


def check(doc: AnyDocument) -> list[Diagnostic]:
    """P030-P034 for the schedules of one manifest."""
    data = doc.data
    places = PLACES.get(data["type"]) if isinstance(data, dict) and isinstance(data.get("type"), str) else None
    out: list[Diagnostic] = []
    for cron_pattern, tz_pattern, end_pattern in places or ():
        for cron_at, _ in _at(data, cron_pattern):
            out += _one(doc, cron_at, _concrete(tz_pattern, cron_at), _concrete(end_pattern, cron_at))
    return out


def _concrete(pattern: tuple | None, like: tuple) -> tuple | None:
    """``pattern`` with each ``*`` replaced by the index ``like`` has at the same place."""
    if pattern is None:
        return None
    return tuple(like[i] if part == "*" else part for i, part in enumerate(pattern))


def _schedule(text: str | None) -> tuple[str, str | None] | None:
    """(cron, timezone) of a workflow manifest's text, None when it has no readable schedule."""
    if not text or "schedule" not in text:
        return None
    docs = parse_text("<diff>", text).documents
    data = docs[0].data if docs else None
    schedule = _value(data, ("workflow", "schedule"))
    cron, tz = _value(schedule, ("cron",)), _value(schedule, ("timezone",))
    return (cron, tz if isinstance(tz, str) else None) if isinstance(cron, str) else None


def _words(schedule: tuple[str, str | None] | None) -> str:
    if schedule is None:
        return "no schedule (runs only when applied or triggered)"
    try:
        return describe(*schedule)
    except CronProblem:
        return f"'{schedule[0]}' (not a valid cron expression)"


def change_lines(before: str | None, after: str | None) -> list[str]:
    """What ``dpc diff`` says of a workflow whose schedule changed: the schedule in words, before and
    after, and the next three runs of the new one. Nothing when the schedule did not change."""
    if before is None or after is None:  # an added or removed workflow shows its whole manifest
        return []
    old, new = _schedule(before), _schedule(after)
    if old == new:
        return []
    out = [f"schedule: {_words(old)} -> {_words(new)}"]
    try:
        runs = next_runs(*new, now()) if new is not None else []
    except CronProblem:
        runs = []
    if runs:
        out.append("next runs: " + ", ".join(stamp(r) for r in runs))
    return out
