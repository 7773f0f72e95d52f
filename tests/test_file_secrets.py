"""P009: a credential in a SQL or template file is found by lint (and the hook) at file:line:col, masked,
in a plain product (``sqlFile:``), in a product.yaml product (where the expansion inlines the file: no
P006 at the manifest as well), in a named or staged template, and no build writes it. Real git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

PASSWORD = "S3cretPassw0rd"
HOOK = "XXXXXXXXXXXXXXXXXXXXXXXX"
HINT = ("  hint: read it from a ${VAR} reference (an instance secret the environment fills), and rotate it: it is "
        "in the git history\n")


def _p009(where: str, what: str) -> str:
    return f"{where}: error P009 {what} in this file: {{}}; the build inlines it into the manifests that include it\n"


SALES_SQL = _p009("products/sales-360/build/sql/orders_enriched.sql:2:33", "a password in a connection URL") \
    .format("…(14 chars)") + HINT
MARKETING_SQL = _p009("products/marketing-360/build/sql/campaign_performance.sql:2:33",
                      "a password in a connection URL").format("…(14 chars)") + HINT
TEMPLATE = _p009("products/marketing-360/templates/alert.j2:2:6", "a Slack webhook URL") \
    .format("https://hooks.slack.com/…(67 chars)") + HINT


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=repo, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example products, a credential in a plain product's SQL, in a product.yaml product's SQL and in a
    template, committed."""
    for part in ("dpc.yaml", "environments", "products"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, tmp_path / part)
    for sql in ("sales-360/build/sql/orders_enriched.sql", "marketing-360/build/sql/campaign_performance.sql"):
        path = tmp_path / "products" / sql
        first, rest = path.read_text().split("\n", 1)
        path.write_text(f"{first}\n-- copied from postgresql://etl:{PASSWORD}@salesdb:5432/sales\n{rest}")
    (tmp_path / "products/marketing-360/templates").mkdir()
    (tmp_path / "products/marketing-360/templates/alert.j2").write_text(
        'text: "{{ msg }}"\n' f"url: https://hooks.slack.com/services/T000/B000/{HOOK}\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "products")
    return tmp_path


def test_lint_finds_each_credential_at_its_line_in_the_file_masked(repo: Path, dpc_process) -> None:
    run = dpc_process("lint", cwd=repo, env={"DPC_NO_CACHE": "1"})
    assert (run.exit_code, run.stdout, run.stderr) == (1, MARKETING_SQL + TEMPLATE + SALES_SQL,
                                                       "dpc: 3 errors in 47 files checked\n")


def test_a_named_template_and_a_staged_sql_file_are_checked(repo: Path, dpc_process) -> None:
    named = dpc_process("lint", "products/marketing-360/templates/alert.j2", cwd=repo, env={"DPC_NO_CACHE": "1"})
    assert (named.exit_code, named.stdout, named.stderr) == (1, TEMPLATE, "dpc: 1 error in 1 file checked\n")
    sql = repo / "products/sales-360/build/sql/daily_sales.sql"
    sql.write_text(sql.read_text() + "-- and jdbc:postgresql://db/sales?user=etl&password=An0therPassw0rd\n")
    lines = sql.read_text().count("\n")
    _git(repo, "add", "-A")
    staged = dpc_process("lint", "--staged", cwd=repo, env={"DPC_NO_CACHE": "1"})  # the pre-commit hook
    assert (staged.exit_code, staged.stdout) == (1, _p009(
        f"products/sales-360/build/sql/daily_sales.sql:{lines}:53", "a password parameter in a connection string")
        .format("…(15 chars)") + HINT + SALES_SQL)


def test_no_output_holds_the_credentials_and_nothing_is_built(repo: Path, dpc_process, tmp_path: Path) -> None:
    outputs = []
    for fmt in ("text", "json", "sarif", "github", "gitlab", "junit"):
        run = dpc_process("lint", "--format", fmt, cwd=repo, env={"DPC_NO_CACHE": "1"})
        outputs.append(run.stdout + run.stderr)
    built = dpc_process("build", "--out", str(tmp_path / "out"), cwd=repo, env={"DPC_NO_CACHE": "1"})
    assert built.exit_code == 1 and not (tmp_path / "out").exists()
    assert built.stdout == MARKETING_SQL + TEMPLATE + SALES_SQL
    assert [o for o in [*outputs, built.stdout + built.stderr] if PASSWORD in o or HOOK in o] == []


def test_a_template_no_manifest_includes_is_checked_when_its_whole_product_is(repo: Path, dpc_process) -> None:
    """The template is found by walking the folders whose every file is in scope: the product named, not
    one manifest of it (each file's folders are taken from its own path, once)."""
    whole = dpc_process("lint", "products/marketing-360", cwd=repo, env={"DPC_NO_CACHE": "1"})
    part = dpc_process("lint", "products/marketing-360/product.yaml", cwd=repo, env={"DPC_NO_CACHE": "1"})
    assert (whole.exit_code, whole.stdout, part.exit_code, part.stdout) == (
        1, MARKETING_SQL + TEMPLATE, 0, "")
