"""Codes of the family P (schedules): one Rule per code, in code order within each group.

Schedules (P030-P039): found by compiler/rules/schedules.py.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule

RULES: tuple[Rule, ...] = (
    Rule("P030", "invalid-cron", E, "a schedule's cron expression does not parse",
         "A workflow's `schedule.cron` (and a monitor's `schedule`, a cluster's `restartCron` and "
         "`scalingCrons[].cron`) is a five-field cron expression: minute, hour, day of month, month, day of "
         "week, as in every DataOS example. A wrong field count or a value out of range is rejected at apply "
         "time or, worse, never fires. The message names the field.",
         "schedule:\n  cron: '0 25 * * *'\n", "schedule:\n  cron: '0 3 * * *'\n"),
    Rule("P031", "unknown-timezone", E, "a schedule's timezone is not an IANA time zone",
         "`timezone` must be a name of the IANA time zone database (UTC, Europe/Berlin, Asia/Kolkata). "
         "Abbreviations and offsets such as IST or +05:30 are not zone names; the closest names are suggested.",
         "timezone: Asia/Calcutta-ish\n", "timezone: Asia/Kolkata\n"),
    Rule("P032", "invalid-end-on", E, "a schedule's endOn is not an RFC 3339 timestamp",
         "`schedule.endOn` is the time after which no run starts, written as an RFC 3339 timestamp with a "
         "time zone offset (2026-12-31T23:59:59Z).",
         "endOn: 31/12/2026\n", "endOn: 2026-12-31T23:59:59Z\n"),
    Rule("P033", "end-on-past", E, "a schedule's endOn is in the past",
         "The schedule has already expired: the workflow is applied but never runs again. Move endOn into the "
         "future or remove the schedule. (dpc takes the current time from the clock, or from DPC_NOW.)",
         "endOn: 2020-01-01T00:00:00Z\n", "endOn: 2027-01-01T00:00:00Z\n"),
    Rule("P034", "end-on-before-first-run", E, "a schedule ends before its first run",
         "endOn is still in the future, but earlier than the first time the cron expression fires: the "
         "workflow would never run. The message gives the first run.",
         "cron: '0 3 1 * *'   # monthly\nendOn: <in two days>\n", "cron: '0 3 * * *'   # daily\n"),
)
