"""Secrets at rest (P005-P007) and in transit: planted values must never reach any output.

Recognisable values are planted where secrets live (instance-secret data, schema-marked
sensitive fields, connection URLs, a template's variables) and where a careless message would
echo them (a syntax error line, a duplicate key, a schema error), then every output format of
lint, build and diff is searched for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from robust import REPO, check_sane, copy_example, git, run_main, run_process

from compiler.schema.validate import _masked

PLANTED = ["PLANTED-data-value-1", "PLANTED-api-key-22", "PLANTED-number-333", "PLANTEDurlpw4444",
           "PLANTED-dup-55555", "PLANTED-syntax-666", "PLANTED-var-7777777", "AKIAPLANTED000000888"]
LINT_FORMATS = ("text", "json", "sarif", "github", "junit")
SECRET = """\
name: {name}
version: v1
type: instance-secret
layer: user
instance-secret:
  type: key-value-properties
  acl: r
  data:
{data}"""


def plant(repo: Path) -> None:
    p = repo / "products" / "sales-360"
    (p / "planted-secret.yaml").write_text(SECRET.format(name="planted-r", data=(
        f"    password: {PLANTED[0]}\n    number: 98765432\n    dup: {PLANTED[4]}\n    dup: {PLANTED[4]}x\n"
        f"    list: [{PLANTED[2]}]\n")))
    (p / "planted-broken.yaml").write_text(SECRET.format(name="planted-b", data=f"    password: \"{PLANTED[5]}\n"))
    (p / "planted-sensitive.yaml").write_text(
        "name: planted-lens\nversion: v1alpha\ntype: lens\nlayer: user\nlens:\n  compute: runnable-default\n"
        f"  runAsApiKey: {PLANTED[1]}\n  source: {{type: depot, name: salesdb}}\n"
        f"  repo: {{url: 'https://x:{PLANTED[3]}@bitbucket.org/acme/lens', lensBaseDir: lens/model}}\n"
        f"description: key {PLANTED[7]}\n")
    mk = repo / "products" / "marketing-360"
    (mk / "depot" / "campaigndb-secrets.yaml").write_text(
        (mk / "depot" / "campaigndb-secrets.yaml").read_text().replace("${CAMPAIGNDB_PASSWORD}", "'{{ vars.pw }}'"))
    env = repo / "environments" / "dev.yaml"
    env.write_text(env.read_text().replace("vars:\n", f"vars:\n  pw: {PLANTED[6]}\n"))


def leaks(*texts: str, planted: tuple[str, ...] = (*PLANTED, "98765432")) -> list[str]:
    return [p for p in planted if any(p in t for t in texts)]


IN_SECRET_FIELDS = (*PLANTED[:3], PLANTED[4], PLANTED[6], "98765432")  # a diff shows other fields as they are


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    repo = copy_example(tmp_path_factory.mktemp("planted") / "repo")
    plant(repo)
    return repo


@pytest.mark.parametrize("fmt", LINT_FORMATS)
def test_no_planted_value_reaches_any_lint_format(planted: Path, fmt: str) -> None:
    run = run_main("lint", "--format", fmt, cwd=planted)
    check_sane(run)
    assert run.exit_code == 1
    assert leaks(run.stdout, run.stderr) == []


def test_planted_values_are_reported_masked(planted: Path) -> None:
    lines = run_main("lint", cwd=planted).stdout.splitlines()
    for expected in [
        "products/sales-360/planted-secret.yaml:9:15: error P005 instance-secret.data.password holds a plaintext "
        "value (…(20 chars)); secret values must be ${VAR} references",
        "products/sales-360/planted-sensitive.yaml:7:16: error P005 lens.runAsApiKey holds a plaintext value "
        "(…(18 chars)); secret values must be ${VAR} references",
        "products/sales-360/planted-sensitive.yaml:10:14: error P006 an AWS access key id in description: "
        "AKIA…(20 chars)",
        "products/sales-360/planted-sensitive.yaml:9:15: error P006 a password in a connection URL in lens.repo.url: "
        "…(16 chars)",
        "products/sales-360/planted-broken.yaml:9:15: error Y001 YAML syntax error: the quote opened at line 9 is "
        "never closed: add the closing quote",
        "products/marketing-360/depot/campaigndb-secrets.yaml:10:15: error P005 instance-secret.data.password holds "
        "a plaintext value (…(19 chars)); secret values must be ${VAR} references",
    ]:
        assert expected in lines


def test_no_planted_value_reaches_the_build_log(planted: Path) -> None:
    for run in (run_main("build", cwd=planted), run_process("build", "--env", "dev", cwd=planted)):
        check_sane(run)
        assert run.exit_code == 1  # plaintext secrets stop the build
        assert leaks(run.stdout, run.stderr) == []
    assert not (planted / "dist").exists()


def test_no_planted_value_reaches_a_diff(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo", git=True)
    (repo / "dpc.yaml").write_text((repo / "dpc.yaml").read_text() + "rules: {P005: 'off', P006: 'off', Y002: "
                                                                     "'off', R013: 'off', S004: 'off'}\n")
    git(repo, "commit", "-q", "-am", "let plaintext through, as a careless repository would")
    plant(repo)
    (repo / "products" / "sales-360" / "planted-broken.yaml").unlink()
    for fmt in ("text", "markdown", "json"):
        run = run_main("diff", "--format", fmt, cwd=repo)
        check_sane(run)
        assert run.exit_code == 0 and "planted" in run.stdout, run  # the diff shows the planted resources
        assert leaks(run.stdout, run.stderr, planted=IN_SECRET_FIELDS) == [], fmt


def test_a_schema_error_on_a_secret_value_is_masked() -> None:
    schema = {"properties": {"instance-secret": {"properties": {"data": {"additionalProperties": {
        "maxLength": 4, "enum": ["a"]}}}}}}
    errors = Draft202012Validator(schema).iter_errors({"instance-secret": {"data": {"k": PLANTED[0]}}})
    messages = sorted(_masked(e).message for e in errors)
    assert messages == ["…(20 chars) is not one of ['a']", "…(20 chars) is too long"]


def test_a_committed_dataos_folder_is_an_error(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo", products=("marketing-360",))
    for folder in (repo / ".dataos", repo / "products" / "marketing-360" / ".dataos"):
        folder.mkdir()
        (folder / "config").write_text("apikey: PLANTED\n")
    run = run_main("lint", cwd=repo)
    assert run.stdout == (REPO / "tests" / "cases" / "robust" / "dataos-folder" / "expected.txt").read_text()
    (repo / ".gitignore").write_text("/.dataos/\n")
    assert run_main("lint", cwd=repo).stdout == ""


def test_the_example_products_hold_no_secret(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "products", repo / "products")
    shutil.copy(REPO / "dpc.yaml", repo)
    run = run_main("lint", cwd=repo)
    assert not [line for line in run.stdout.splitlines() if " P00" in line and " P001 " not in line]
