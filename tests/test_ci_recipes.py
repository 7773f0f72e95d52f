"""examples/ci/: every dpc command and flag the recipes use exists, and the steps run on the example products."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import REPO
from ruamel.yaml import YAML

from compiler.cli import cli

RECIPES = REPO / "examples" / "ci"
COMMAND = re.compile(r"(?:^|[;&|{]|then|else)\s*dpc\s+([^;&|>]*)")
# what the CI systems put in their variables, for running the steps here
CI_VARIABLES = {"$BITBUCKET_PR_DESTINATION_BRANCH": "main", "${{ github.base_ref }}": "main",
                "$BASE": "main", "$DEPLOYED": "refs/dpc/deployed/prod"}


def scripts(node, key: str | None = None):
    """The shell text of every ``run:`` (GitHub) and ``script:`` (Bitbucket) entry."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from scripts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from scripts(v, key)
    elif isinstance(node, str) and key in ("run", "script"):
        yield node


def invocations(recipe: Path) -> list[list[str]]:
    found = []
    for text in scripts(YAML(typ="safe").load(recipe.read_text(encoding="utf-8"))):
        for line in text.replace("\\\n", " ").splitlines():
            for m in COMMAND.finditer(line.strip()):
                found.append(shlex.split(m.group(1)))
    return found


CASES = list(dict.fromkeys((recipe.name, tuple(args)) for recipe in sorted(RECIPES.glob("*.yml"))
                           for args in invocations(recipe)))  # a YAML anchor repeats its steps: once each


def test_the_recipes_use_the_commands_they_are_meant_to_show() -> None:
    used = {(name, args[0]) for name, args in CASES}
    assert used == {
        ("github-actions.yml", "lint"), ("github-actions.yml", "build"), ("github-actions.yml", "diff"),
        ("bitbucket-pipelines.yml", "lint"), ("bitbucket-pipelines.yml", "build"),
        ("bitbucket-pipelines.yml", "diff"), ("bitbucket-pipelines.yml", "mark-deployed"),
    }


def command_of(args: tuple[str, ...]) -> tuple[click.Command, list[str]]:
    command: click.Command = cli
    rest = list(args)
    while isinstance(command, click.Group):
        name = rest.pop(0)
        assert name in command.commands, f"dpc has no command {name!r}"
        command = command.commands[name]
    return command, rest


@pytest.mark.parametrize("recipe, args", CASES, ids=[f"{n}: dpc {' '.join(a)}" for n, a in CASES])
def test_every_dpc_command_and_flag_in_the_recipes_exists(recipe: str, args: tuple[str, ...]) -> None:
    command, rest = command_of(args)
    # click's own parser: unknown options, wrong choices and missing values raise UsageError
    command.make_context(f"dpc {args[0]}", rest)


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory) -> Path:
    """The example products with both committed build outputs, as the recipes expect a repository to be."""
    repo = tmp_path_factory.mktemp("recipes") / "repo"
    for part in ("products", "environments"):
        shutil.copytree(REPO / part, repo / part)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    for env in ([], ["--env", "prod"]):
        subprocess.run([sys.executable, "-m", "compiler", "build", *env], cwd=repo, check=True, capture_output=True)
    git = ["git", "-C", str(repo), "-c", "user.name=ci", "-c", "user.email=ci@example.com"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "products"], check=True)
    # as CI sees it: the target branch fetched from origin, and the commit production runs
    subprocess.run([*git, "update-ref", "refs/remotes/origin/main", "HEAD"], check=True)
    subprocess.run([sys.executable, "-m", "compiler", "mark-deployed", "--env", "prod"], cwd=repo, check=True,
                   capture_output=True)
    (repo / "test-results").mkdir()  # the recipe makes it before lint writes its report there
    return repo


@pytest.mark.parametrize("recipe, args", CASES, ids=[f"{n}: dpc {' '.join(a)}" for n, a in CASES])
def test_every_recipe_step_passes_on_the_example_products(dpc, example_repo: Path, tmp_path: Path, recipe: str,
                                                         args: tuple[str, ...]) -> None:
    command_of(args)
    args = [a.replace("/tmp/", f"{tmp_path}/") for a in args]  # the recipe's scratch folders, here
    for variable, value in CI_VARIABLES.items():
        args = [a.replace(variable, value) for a in args]
    run = dpc(*args, cwd=example_repo)
    assert run.exit_code == 0, run
    assert "Traceback" not in run.stdout + run.stderr


def test_github_recipe_keeps_history_and_updates_one_comment() -> None:
    text = (RECIPES / "github-actions.yml").read_text(encoding="utf-8")
    doc = YAML(typ="safe").load(text)
    steps = doc["jobs"]["dpc"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v5", "with": {"fetch-depth": 0}}
    comment = next(s for s in steps if s.get("name", "").startswith("Post the diff"))
    assert "--method PATCH" in comment["run"] and "--method POST" in comment["run"]
    assert "<!-- dpc-diff -->" in comment["run"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]  # no fork token
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)


def test_bitbucket_recipe_never_uses_a_committed_dataos_folder_and_records_after_deploying() -> None:
    text = (RECIPES / "bitbucket-pipelines.yml").read_text(encoding="utf-8")
    main = YAML(typ="safe").load(text)["pipelines"]["branches"]["main"]
    deploy, record = main[1]["step"], main[2]["step"]
    assert all(isinstance(line, str) for line in deploy["script"])
    assert "rubiklabs/dataos-ctl" in "\n".join(deploy["script"]) and "$BITBUCKET_CLONE_DIR/.dataos" not in text
    assert deploy["script"][-1] == "rm -rf /tmp/dataos-config"
    assert record["script"][1:] == ["dpc mark-deployed --env prod",
                                    'git push origin "+refs/dpc/deployed/prod:refs/dpc/deployed/prod"']
    assert YAML(typ="safe").load(text)["clone"] == {"depth": "full"}


def test_the_recipes_pass_the_real_validators_of_their_formats() -> None:
    bin_dir = Path(sys.executable).parent
    for recipe, schema in (("github-actions.yml", "vendor.github-workflows"),
                           ("bitbucket-pipelines.yml", "vendor.bitbucket-pipelines")):
        run = subprocess.run([str(bin_dir / "check-jsonschema"), "--builtin-schema", schema, str(RECIPES / recipe)],
                             capture_output=True, text=True)
        assert (run.returncode, run.stdout.strip()) == (0, "ok -- validation done"), run.stdout + run.stderr
    lint = subprocess.run([str(bin_dir / "actionlint"), "-no-color", str(RECIPES / "github-actions.yml")],
                          capture_output=True, text=True)
    assert (lint.returncode, lint.stdout, lint.stderr) == (0, "", "")


def github_step(name: str) -> dict:
    steps = YAML(typ="safe").load((RECIPES / "github-actions.yml").read_text(encoding="utf-8"))["jobs"]["dpc"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def run_script(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": path, **env})


def commit(repo: Path, message: str) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=ci", "-c", "user.email=ci@example.com"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", message], check=True)


def products_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for part in ("products", "environments"):
        shutil.copytree(REPO / part, repo / part)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    commit(repo, "products")
    subprocess.run(["git", "-C", str(repo), "update-ref", "refs/remotes/origin/main", "HEAD"], check=True)
    return repo


def test_github_diff_comment_says_why_when_the_head_does_not_compare(tmp_path: Path) -> None:
    repo = products_repo(tmp_path)
    step = github_step("Diff against the base branch")
    broken = run_script(step["run"], repo, {"BASE": "does-not-exist"})
    assert broken.returncode == 2
    comment = (repo / "dpc-diff.md").read_text(encoding="utf-8")
    assert comment == ("**dpc diff could not compare this pull request with `does-not-exist`** (exit 2):\n\n```\n"
                       "dpc: error G002 unknown revision 'origin/does-not-exist'\n```\n")
    fine = run_script(step["run"], repo, {"BASE": "main"})
    assert fine.returncode == 0, fine.stderr
    assert (repo / "dpc-diff.md").read_text(encoding="utf-8").strip() != ""


def test_github_build_check_runs_only_where_build_output_is_committed(tmp_path: Path) -> None:
    repo = products_repo(tmp_path)
    script = github_step("Committed build output is current")["run"]
    none = run_script(script, repo, {})
    assert (none.returncode, none.stdout) == (0, "no build output is committed: nothing to compare\n")
    subprocess.run([sys.executable, "-m", "compiler", "build"], cwd=repo, check=True, capture_output=True)
    commit(repo, "build output")
    current = run_script(script, repo, {})
    assert current.returncode == 0, current.stdout + current.stderr


DEPLOY_SKIPS = ("pip install", "git fetch", "docker login", "docker pull", "echo \"$DATAOS_CONFIG\"", "SECRET_VARS=")


def deploy(repo: Path, tmp_path: Path) -> list[str]:
    """The recipe's deploy step with a recording stand-in for docker (dataos-ctl cannot run here): the dataos-ctl
    commands it would run, in order."""
    steps = YAML(typ="safe").load((RECIPES / "bitbucket-pipelines.yml").read_text(encoding="utf-8"))
    script = steps["pipelines"]["branches"]["main"][1]["step"]["script"]
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "docker").write_text(  # drop `run ... IMAGE`, keep what dataos-ctl is asked
        '#!/bin/sh\nwhile [ "$#" -gt 0 ]; do case "$1" in rubiklabs/*) shift; break;; esac; shift; done\n'
        'echo "$*" >> "$CALLS"\n')
    (fake / "docker").chmod(0o755)
    calls = tmp_path / "calls.txt"
    calls.unlink(missing_ok=True)
    body = "\n".join(line for line in script if not any(skip in line for skip in DEPLOY_SKIPS))
    run = run_script(body, repo, {"PATH": f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                                          f"{os.environ['PATH']}", "CALLS": str(calls), "SECRET_VARS": ""})
    assert run.returncode == 0, run.stdout + run.stderr
    plan = [s["command"].removeprefix("dataos-ctl ")
            for s in json.loads((repo / "dpc-plan.json").read_text(encoding="utf-8"))["plan"]]
    recorded = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    assert recorded == [p.replace('"', "") for p in plan]
    return recorded


def test_bitbucket_deploy_follows_dpcs_plan_producers_first_deletions_last(tmp_path: Path) -> None:
    repo = products_repo(tmp_path)
    first = deploy(repo, tmp_path)  # nothing deployed yet: everything is applied
    assert first and all(c.startswith(("apply -f", "product apply -f")) for c in first)
    products = [c.split("/")[2] for c in first]
    depots = [p for c, p in zip(first, products, strict=True) if "-depot-" in c]
    assert depots.index("sales-360") < min(depots.index(p) for p in ("customer-churn", "product-affinity"))
    subprocess.run([sys.executable, "-m", "compiler", "mark-deployed", "--env", "prod"], cwd=repo, check=True,
                   capture_output=True)
    shutil.rmtree(repo / "products" / "customer-churn")
    commit(repo, "retire customer-churn")
    second = deploy(repo, tmp_path)
    deletes = [i for i, c in enumerate(second) if c.startswith(("delete", "product delete"))]
    assert deletes and deletes == list(range(len(second) - len(deletes), len(second)))  # deletions last


def test_an_empty_base_commit_means_nothing_deployed_yet_so_everything_is_added(dpc, tmp_path: Path) -> None:
    repo = products_repo(tmp_path)
    empty = subprocess.run(["git", "commit-tree", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "-m", "nothing"],
                           cwd=repo, check=True, capture_output=True, text=True).stdout.strip()
    run = dpc("diff", "--base", empty, "--format", "json", cwd=repo)
    assert run.exit_code == 0, run
    summary = json.loads(run.stdout)["summary"]
    assert summary["added"] > 0 and {k: v for k, v in summary.items() if k != "added"} == {
        k: 0 for k in summary if k != "added"}
