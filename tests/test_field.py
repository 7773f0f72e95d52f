"""Field adoption on a repository shaped like the DataOS docs' layouts (tests/field/docs-layout, see its
FIXTURE.md): three data products side by side in a plain git repository, no dpc.yaml, no products/.

Each run's whole output is compared with tests/cases/field/*; regenerate with
``python tests/test_field.py`` and review the diff.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "field" / "docs-layout"
EXPECTED = HERE / "cases" / "field"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def make_repo(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("FIXTURE.md"))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "docs layout")
    return dest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "docs-layout")


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def test_lint_gives_one_finding_per_root_cause_and_none_the_docs_contradict(dpc, repo: Path) -> None:
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, expected("expected-lint.txt"))
    assert run.stderr == "dpc: 14 errors, 16 warnings in 43 files checked; 2 fixable with dpc lint --fix\n"


def test_graph_shows_each_product_and_the_lineage_between_them(dpc, repo: Path) -> None:
    run = dpc("graph", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, expected("graph.mmd"))
    assert [line.strip() for line in run.stdout.splitlines() if "==>" in line] == [
        'p_customer_360 ==>|"dataset:lakehouse:crm_data:purchase"| p_productaffinity',
        'p_customer_360 ==>|"dataset:lakehouse:crm_data:customer"| p_sales_360',
        'p_sales_360 ==>|"dataset:lakehouse:sales_360:orders_enriched"| p_productaffinity',
    ]


def test_a_build_that_writes_nothing_says_so_and_why(dpc, repo: Path) -> None:
    run = dpc("build", cwd=repo)
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-2:] == [
        "dpc: 14 errors, 16 warnings in 43 files checked",
        "dpc: nothing written: 14 errors in 12 files; fix them or record them with dpc baseline"]
    assert not (repo / "dist").exists()


def test_baseline_then_lint_passes_and_build_writes_every_product_outside_the_sources(dpc, repo: Path) -> None:
    recorded = dpc("baseline", cwd=repo)
    assert (recorded.exit_code, recorded.stderr) == (
        0, "dpc: recorded 30 findings in 18 files in .dpc-baseline.json; commit it\n")
    assert (repo / ".dpc-baseline.json").read_text(encoding="utf-8") == expected("baseline.json")
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (
        0, "", "dpc: 43 files checked, no findings; 30 baselined findings remain (.dpc-baseline.json)\n")
    built = dpc("build", cwd=repo)
    assert (built.exit_code, built.stdout) == (0, expected("expected-build.txt"))
    written = sorted(p.relative_to(repo).as_posix() for p in (repo / "dist").rglob("*") if p.is_file())
    assert written == expected("expected-dist.txt").splitlines()
    sarif = json.loads(dpc("lint", "--format", "sarif", cwd=repo).stdout)["runs"][0]["results"]
    assert {r["baselineState"] for r in sarif} == {"unchanged"} and len(sarif) == 30


def test_baselined_findings_survive_edits_elsewhere_and_only_new_ones_fail(dpc, repo: Path) -> None:
    dpc("baseline", cwd=repo)
    pager = repo / "sales-360" / "build" / "data-processing" / "sales_transform.yml"
    pager.write_text("# moved down by a comment\n\n" + pager.read_text(encoding="utf-8"), encoding="utf-8")
    assert dpc("lint", cwd=repo).exit_code == 0
    monitor = repo / "sales-360" / "observability" / "monitor" / "quality-monitor.yml"
    monitor.write_text(monitor.read_text(encoding="utf-8").replace("version: v1   #", "version: v1alpha   #"),
                       encoding="utf-8")
    spec = repo / "sales-360" / "deploy" / "scanner.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("compute: runnable-default", "compute: runable-default"),
                    encoding="utf-8")
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, expected("expected-lint-after-edits.txt"))


def test_platform_init_lists_the_external_names(dpc, repo: Path) -> None:
    run = dpc("platform", "init", cwd=repo)
    assert (run.exit_code, run.stderr) == (0, "dpc: wrote platform.yaml with 4 external names; review it and "
                                              "commit it\n")
    assert (repo / "platform.yaml").read_text(encoding="utf-8") == expected("platform.yaml")
    again = dpc("platform", "init", cwd=repo)
    assert (again.exit_code, again.stderr) == (2, "dpc: platform.yaml exists; pass --force to replace it\n")


def test_an_output_folder_holding_files_dpc_did_not_write_is_refused(dpc, repo: Path) -> None:
    dpc("baseline", cwd=repo)
    assert dpc("build", cwd=repo).exit_code == 0
    stray = repo / "dist" / "default" / "sales-360" / "notes.md"
    stray.write_text("mine\n", encoding="utf-8")
    before = sorted(p.relative_to(repo).as_posix() for p in (repo / "dist").rglob("*"))
    (repo / "sales-360" / "deploy" / "bundle.yaml").write_text(
        (repo / "sales-360" / "deploy" / "bundle.yaml").read_text(encoding="utf-8").replace("Sales 360", "Sales"),
        encoding="utf-8")
    run = dpc("build", cwd=repo)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        f"dpc: refusing to replace {repo}/dist/default: it holds files dpc did not write (sales-360/notes.md); "
        "move them out, or set another output folder (dpc.yaml 'output:', or --out)")
    assert sorted(p.relative_to(repo).as_posix() for p in (repo / "dist").rglob("*")) == before


def test_an_output_folder_inside_a_product_folder_is_refused(dpc, repo: Path) -> None:
    dpc("baseline", cwd=repo)
    (repo / "dpc.yaml").write_text("output: sales-360/build\n", encoding="utf-8")
    run = dpc("build", cwd=repo)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        f"dpc: refusing to write the build into {repo}/sales-360/build/default: it is a source folder or lies "
        f"inside or around the product folder {repo}/sales-360; set 'output:' in dpc.yaml to a folder of its own "
        "(default: dist)")
    assert not (repo / "sales-360" / "build" / "default").exists()


def regenerate() -> None:
    import tempfile

    from click.testing import CliRunner

    from compiler.cli import cli

    def run(repo: Path, *args: str) -> str:
        import os

        old = os.getcwd()
        os.chdir(repo)
        try:
            return CliRunner().invoke(cli, list(args)).stdout
        finally:
            os.chdir(old)

    EXPECTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp) / "a")
        (EXPECTED / "expected-lint.txt").write_text(run(repo, "lint"), encoding="utf-8")
        (EXPECTED / "graph.mmd").write_text(run(repo, "graph"), encoding="utf-8")
        run(repo, "platform", "init")
        shutil.copy(repo / "platform.yaml", EXPECTED / "platform.yaml")
        (repo / "platform.yaml").unlink()
        run(repo, "baseline")
        shutil.copy(repo / ".dpc-baseline.json", EXPECTED / "baseline.json")
        (EXPECTED / "expected-build.txt").write_text(run(repo, "build"), encoding="utf-8")
        (EXPECTED / "expected-dist.txt").write_text("".join(p.relative_to(repo).as_posix() + "\n" for p in sorted(
            (repo / "dist").rglob("*")) if p.is_file()), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp) / "a")
        run(repo, "baseline")
        monitor = repo / "sales-360" / "observability" / "monitor" / "quality-monitor.yml"
        monitor.write_text(monitor.read_text().replace("version: v1   #", "version: v1alpha   #"))
        spec = repo / "sales-360" / "deploy" / "scanner.yaml"
        spec.write_text(spec.read_text().replace("compute: runnable-default", "compute: runable-default"))
        (EXPECTED / "expected-lint-after-edits.txt").write_text(run(repo, "lint"), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    regenerate()
