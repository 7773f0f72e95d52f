"""What the SQL check costs in one cold lint: its CPU seconds, the whole lint's, and the share.

    DPC_NO_CACHE=1 python benchmarks/sqlshare.py /tmp/bench/p1000 [--json out.json] [--profile out.prof]

Runs ``dpc lint`` in this process (the real CLI, on the repository given, with ``DPC_NO_CACHE=1``
set here too, so no cache is read or written: a cold lint), with ``time.process_time`` around the
SQL check (``compiler.sql.check.check``, the ``REPO_CHECKS`` entry) and around the whole command
(sqlglot's import happens inside the SQL check and is counted there). Prints one line:
``sql <seconds> lint <seconds> share <percent>%``, then the number of SQL texts parsed (and how many distinct:
the same when no text is parsed twice); ``--json``
also writes the lint's JSON output (to diff the findings of two versions), ``--profile`` a cProfile
of the whole lint. CPU seconds, not wall time: other work on the machine changes them little.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--json", type=Path, help="write the lint's JSON output here")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the lint here")
    args = parser.parse_args()
    args.json = args.json.resolve() if args.json else None
    args.profile = args.profile.resolve() if args.profile else None
    os.environ["DPC_NO_CACHE"] = "1"

    from compiler import pipeline
    from compiler.cli import cli
    from compiler.sql import summary

    parsed: list[tuple[str, str]] = []
    real_parse = summary.parse

    def counted(text, dialect):  # type: ignore[no-untyped-def]
        parsed.append((text, dialect))
        return real_parse(text, dialect)

    summary.parse = counted

    spent = [0.0]
    checks = pipeline.REPO_CHECKS
    at = next(i for i, c in enumerate(checks) if c.__module__ == "compiler.sql.check")
    sql_check = checks[at]

    def timed(repo, catalog):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return sql_check(repo, catalog)
        finally:
            spent[0] += time.process_time() - start

    checks[at] = timed
    timed.__module__ = sql_check.__module__
    out = io.StringIO()
    profile = cProfile.Profile() if args.profile else None
    os.chdir(args.repo)
    start = time.process_time()
    with contextlib.redirect_stdout(out):
        if profile is not None:
            profile.enable()
        try:
            cli.main(["lint", "--format", "json"], prog_name="dpc", standalone_mode=False)
        except SystemExit:
            pass
        if profile is not None:
            profile.disable()
    whole = time.process_time() - start
    if profile is not None:
        profile.dump_stats(str(args.profile))
    if args.json:
        args.json.write_text(out.getvalue())
    print(f"sql {spent[0]:.2f} lint {whole:.2f} share {100 * spent[0] / whole:.1f}%")
    print(f"parsed {len(parsed)} SQL texts, {len(set(parsed))} distinct")


if __name__ == "__main__":
    main()
