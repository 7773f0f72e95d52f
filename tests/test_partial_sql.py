"""pre-commit passes staged SQL files too: the manifests that read them are checked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO


def test_a_staged_sql_file_checks_the_manifest_that_inlines_it(dpc, tmp_path: Path) -> None:
    for part in ("products", "environments", "dpc.yaml"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, tmp_path / part)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    flare = tmp_path / "products/sales-360/build/flare/orders_enriched.yaml"
    flare.write_text(flare.read_text().replace("concurrencyPolicy: Forbid", "concurrencyPolicy: forbid"))
    run = dpc("lint", "products/sales-360/build/sql/orders_enriched.sql", cwd=tmp_path)
    assert run.exit_code == 1
    assert run.stdout == (
        "products/sales-360/build/flare/orders_enriched.yaml:14:24: error S005 'forbid' is not an allowed value "
        "for workflow.schedule.concurrencyPolicy; allowed: Allow, Forbid, Replace; did you mean 'Forbid'?\n")
    assert run.stderr == "dpc: 1 error in 2 files checked\n"  # the SQL file itself too (P009, issue 14)
    # a SQL file no manifest reads brings no manifest into scope (itself only, for P009)
    (tmp_path / "products/sales-360/build/sql/unused.sql").write_text("SELECT 1\n")
    run = dpc("lint", "products/sales-360/build/sql/unused.sql", cwd=tmp_path)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "dpc: 1 file checked, no findings\n")
