"""examples/ci/: every dpc command and flag the recipes use exists, and the steps run on the example products."""

from __future__ import annotations

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
CI_VARIABLES = {"$BITBUCKET_PR_DESTINATION_BRANCH": "main", "${{ github.base_ref }}": "main"}


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
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    comment = next(s for s in steps if s.get("name", "").startswith("Post the diff"))["run"]
    assert "--method PATCH" in comment and "--method POST" in comment and "<!-- dpc-diff -->" in comment
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)


def test_bitbucket_recipe_deploys_in_order_and_never_uses_a_committed_dataos_folder() -> None:
    text = (RECIPES / "bitbucket-pipelines.yml").read_text(encoding="utf-8")
    main = YAML(typ="safe").load(text)["pipelines"]["branches"]["main"]
    deploy, record = main[1]["step"], main[2]["step"]
    body = "\n".join(deploy["script"])
    assert body.index("dpc diff --env prod") < body.index("product apply") < body.index("rm -rf /tmp/dataos-config")
    assert "rubiklabs/dataos-ctl" in body and "$BITBUCKET_CLONE_DIR/.dataos" not in text
    assert record["script"][1:] == ["dpc mark-deployed --env prod",
                                    'git push origin "+refs/dpc/deployed/prod:refs/dpc/deployed/prod"']
    assert YAML(typ="safe").load(text)["clone"] == {"depth": "full"}
