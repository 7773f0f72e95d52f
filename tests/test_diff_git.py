"""dpc diff and mark-deployed against git itself: secrets, shallow clones, deployed refs, errors, an untouched tree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CASES
from diffrepo import FIXTURE, commit_all, edit, git, make_repo, snapshot

from compiler.cli import DIFF_FORMATS
from compiler.diff.model import CHANGED, Change, DiffReport, Manifest, ProductSummary, Revision
from compiler.report.diff import FORMATS
from compiler.report.diff.markdown import LIMIT, MARKER, render

EXPECTED = CASES / "diff"
SECRETS = ("Tr0ub4dor-base-9f8e7d", "c0rrect-h0rse-head-1a2b3c", "Plain-Text-P4ss-77", "Job-0ption-P4ss-55")
LEGACY_DEPOT = """\
name: shoplegacy
version: v1
type: depot
description: The old shop database.
depot:
  type: POSTGRESQL
  external: true
  connectionSecret:
    - acl: r
      type: key-value-properties
      data:
        username: shop
        password: Tr0ub4dor-base-9f8e7d
  spec:
    host: shopdb-old.internal
    port: 5432
    database: shop
"""


def expected(code: str, **values: str) -> str:
    return (EXPECTED / f"expected-{code}.txt").read_text(encoding="utf-8").format(**values)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_formats_registry_feeds_the_cli_choices() -> None:
    assert tuple(FORMATS) == DIFF_FORMATS


def test_no_secret_value_reaches_any_format_yet_each_change_shows(dpc, dpc_process, repo: Path) -> None:
    """Values under instance-secret data, schema-marked fields (depot v1 connectionSecret data) and
    credential-named keys change, and one is pasted into SQL too; the values appear nowhere, markers saying
    whether each changed do (no fingerprint of any value)."""
    edit(repo / "dpc.yaml", "defaultEnvironment: dev\n",  # plaintext values are lint errors: let them through
         'defaultEnvironment: dev\nrules:\n  P005: "off"\n  P006: "off"\n  S009: "off"\n')
    (repo / "products/shop/legacy.yaml").write_text(LEGACY_DEPOT)
    commit_all(repo, "legacy depot")
    edit(repo / "products/shop/legacy.yaml", SECRETS[0], SECRETS[1])
    edit(repo / "products/shop/secrets.yaml", "password: ${SHOPDB_PASSWORD}", f"password: {SECRETS[2]}")
    edit(repo / "products/shop/sql/orders.sql", "  FROM orders", f"  FROM orders -- as shop/{SECRETS[2]}")
    edit(repo / "products/shop/orders.yaml", "driver: org.postgresql.Driver",
         f"driver: org.postgresql.Driver\n                  password: {SECRETS[3]}")
    for fmt in ("text", "markdown", "json"):
        for run in (dpc("diff", "--format", fmt, cwd=repo), dpc_process("diff", "--format", fmt, cwd=repo)):
            assert run.exit_code == 0, run
            assert not [s for s in SECRETS if s in run.stdout + run.stderr], fmt
            assert run.stdout.count("<secret: changed>") >= 4 and "fp:" not in run.stdout
    doc = json.loads(dpc("diff", "--format", "json", cwd=repo).stdout)
    changed = {r["name"]: r["diff"] for r in doc["resources"] if r["status"] == CHANGED}
    assert sorted(changed) == ["shopdb-r", "shoplegacy", "wf-shop-orders"]
    assert [line for line in changed["shopdb-r"].splitlines() if line.startswith(("-  ", "+  "))] == [
        "-    password: ${SHOPDB_PASSWORD}", "+    password: <secret: changed>"]


def test_a_secret_reference_change_is_shown_as_written(dpc, repo: Path) -> None:
    """A ${VAR} reference is no secret: a renamed variable is visible (it used to be a fingerprint)."""
    edit(repo / "products/shop/secrets.yaml", "${SHOPDB_PASSWORD}", "${SHOPDB_PASSWORD_V2}")
    out = dpc("diff", cwd=repo).stdout
    assert "  changed instance-secret shopdb-r, in bundle shop-bundle\n" in out
    assert "    -    password: ${SHOPDB_PASSWORD}\n    +    password: ${SHOPDB_PASSWORD_V2}\n" \
           "         username: ${SHOPDB_USERNAME}\n" in out


def test_markdown_stays_under_the_comment_limit_and_names_what_it_left_out() -> None:
    def change(i: int) -> Change:
        before = Manifest("big", f"workflow:v1:wf-{i:03d}:big", "workflow", f"wf-{i:03d}", "big", "f", None, i, "")
        diff = "".join(f"-    line {n} ````\n+    line {n} changed\n" for n in range(120))
        return Change(CHANGED, before, before, diff)

    changes = tuple(change(i) for i in range(60))
    report = DiffReport(Revision("main", "a" * 40), Revision("working tree", None), "dev",
                        (ProductSummary("big", CHANGED, (0, 0, 60, 0)),), changes, (), (), ())
    text = render(report)
    assert len(text) < LIMIT and text.startswith(MARKER + "\n")
    kept = text.count("<details>")
    assert 0 < kept < 60 and kept == text.count("</details>")
    left = [f"big: workflow wf-{i:03d}" for i in range(kept, 60)]
    assert f"> **{60 - kept} resource diffs left out** to keep this comment under GitHub's size limit: " \
           f"{', '.join(left)}. Run `dpc diff` for the whole diff.\n" in text
    assert "`````diff\n" in text  # a fence longer than the backticks inside the diff


def test_shallow_clone_lacking_the_base(dpc, tmp_path: Path, repo: Path) -> None:
    edit(repo / "products/shop/depot.yaml", "port: 5432", "port: 5433")
    commit_all(repo, "port")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    run = dpc("diff", "--base", "HEAD~1", cwd=clone)
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", expected("G004"))
    assert dpc("diff", "--base", "origin/main", cwd=clone).exit_code == 0


def test_mark_deployed_round_trip_through_a_remote(dpc, tmp_path: Path, repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / "products/shop/depot.yaml", "port: 5432", "port: 5433")
    commit_all(repo, "port")
    run = dpc("mark-deployed", "--env", "prod", "HEAD~1", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, f"refs/dpc/deployed/prod {first} data products\n")
    assert run.stderr == (f"dpc: {first[:12]} recorded as deployed to prod (first record); share it: "
                          "git push origin +refs/dpc/deployed/prod:refs/dpc/deployed/prod\n")
    assert git(repo, "rev-parse", "refs/dpc/deployed/prod") == first
    diff = dpc("diff", "--env", "prod", cwd=repo)
    assert diff.stdout.startswith(f"dpc diff: deployed to prod ({first[:12]}) -> working tree, environment prod\n")
    assert "    -    port: 5432\n    +    port: 5433\n" in diff.stdout
    assert dpc("diff", cwd=repo).stdout.startswith("dpc diff: HEAD (")  # nothing recorded for dev
    again = dpc("mark-deployed", "--env", "prod", cwd=repo)
    assert f"(was {first[:12]})" in again.stderr
    assert "no changes" in dpc("diff", "--env", "prod", cwd=repo).stdout

    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "push", "-q", str(remote), "main", "+refs/dpc/deployed/prod:refs/dpc/deployed/prod")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(clone))
    missing = dpc("diff", "--env", "prod", cwd=clone)
    assert (missing.exit_code, missing.stderr) == (2, expected("G003"))
    git(clone, "fetch", "-q", "origin", "refs/dpc/*:refs/dpc/*")
    assert dpc("diff", "--env", "prod", "--exit-code", cwd=clone).exit_code == 0


def test_the_working_tree_and_the_index_are_untouched(dpc, repo: Path) -> None:
    edit(repo / "products/shop/depot.yaml", "port: 5432", "port: 5433")
    git(repo, "add", "products/shop/depot.yaml")  # staged
    edit(repo / "products/shop/orders.yaml", "Cleans", "Cleans up")  # modified, not staged
    (repo / "products/shop/notes.yaml").write_text("name: x\n")  # untracked
    before = snapshot(repo)
    for fmt in ("text", "markdown", "json"):
        assert dpc("diff", "--format", fmt, cwd=repo).exit_code == 0
    assert dpc("diff", "--base", "HEAD", "--head", "HEAD", cwd=repo).exit_code == 0
    assert snapshot(repo) == before
    assert ".git/index" in before


def test_not_a_git_repository(dpc, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "plain")
    for args in (("diff",), ("mark-deployed", "--env", "prod")):
        run = dpc(*args, cwd=tmp_path / "plain")
        assert (run.exit_code, run.stderr) == (2, expected("G001", tmp=str(tmp_path / "plain")))


def test_unknown_revision_with_a_suggestion(dpc, repo: Path) -> None:
    for args in (("diff", "--base", "mian"), ("mark-deployed", "--env", "prod", "mian")):
        run = dpc(*args, cwd=repo)
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", expected("G002"))


def test_unknown_environment(dpc, repo: Path) -> None:
    for args in (("mark-deployed", "--env", "prd"), ("diff", "--env", "prd")):
        run = dpc(*args, cwd=repo)
        assert (run.exit_code, run.stderr) == (2, expected("G006"))
    assert git(repo, "for-each-ref", "refs/dpc") == ""


def test_a_base_without_the_products_folder(dpc, tmp_path: Path) -> None:
    repo = tmp_path / "young"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("# data products, soon\n")
    commit_all(repo, "readme")
    for part in ("products", "environments"):
        shutil.copytree(FIXTURE / part, repo / part)
    shutil.copy(FIXTURE / "dpc.yaml", repo / "dpc.yaml")
    commit_all(repo, "products")
    run = dpc("diff", "--base", "HEAD~1", cwd=repo)
    assert (run.exit_code, run.stderr) == (2, expected("G005", base=git(repo, "rev-parse", "HEAD~1")[:12]))
