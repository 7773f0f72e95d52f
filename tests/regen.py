"""Rewrite the expected stdout, stderr and exit of harness cases from dpc's current output. Review the diff!

    python tests/regen.py                 every case under tests/cases/<command>/<case>/
    python tests/regen.py lint            every case of one command
    python tests/regen.py lint/empty-file one case
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casekit import case_id, cases, changed, copy_inputs, run, write_changes, write_expected  # noqa: E402


def main(selected: list[str]) -> int:
    chosen = [c for c in cases() if not selected or any(case_id(c) == s or case_id(c).startswith(s.rstrip("/") + "/")
                                                        for s in selected)]
    if not chosen:
        print(f"no case matches {' '.join(selected)}", file=sys.stderr)
        return 2
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = str(Path(tmp) / "home")  # as the tests run them (tests/conftest.py)
        os.environ.setdefault("DPC_NOW", "2026-12-01T12:00:00Z")
        for case in chosen:
            work = Path(tmp) / case_id(case).replace("/", "-") / case.name
            copy_inputs(case, work)
            os.chdir(work)
            try:
                outcome = run(case)
            finally:
                os.chdir(old)
            write_expected(case, outcome)
            write_changes(case, changed(case, work))
            print(f"{case_id(case)}: exit {outcome.exit}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
