"""What a team installs: the distribution's metadata, the container image recipe, the GitHub Action and the
pre-commit pin shown in the README, each checked with the real tool of its format."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO
from ruamel.yaml import YAML

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is a test dependency (pyproject.toml [test] extras)"
    return found


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_name_is_not_the_other_projects_and_the_command_stays_dpc() -> None:
    meta = project()
    assert meta["name"] == "dataos-dpc"
    assert meta["scripts"] == {"dpc": "compiler.cli:main"}
    assert meta["license"] == "MIT" and meta["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_python_classifiers_are_the_versions_the_tests_run_on() -> None:
    versions = [c.rsplit(" :: ", 1)[1] for c in project()["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions == ["3.11"]
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in versions


def test_the_dockerfile_passes_hadolint() -> None:
    run = subprocess.run([tool("hadolint"), "--no-color", "Dockerfile"], cwd=REPO, capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_the_image_runs_dpc_as_a_non_root_user_with_git() -> None:
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    instructions = [line.split(" ", 1) for line in lines if line and not line.startswith(("#", "&&"))
                    and line.split(" ", 1)[0].isupper()]
    assert [i[0] for i in instructions] == ["FROM", "RUN", "WORKDIR", "COPY", "COPY", "COPY", "RUN", "USER",
                                            "WORKDIR", "ENTRYPOINT", "CMD"]
    assert instructions[0][1] == "python:3.11-slim"
    assert dict(instructions[7:])["USER"] == "10001"
    assert dict(instructions[9:])["ENTRYPOINT"] == '["dpc"]'
    assert "git" in lines[lines.index("&& apt-get install -y --no-install-recommends git \\")]


def test_the_action_validates_against_the_github_actions_schema() -> None:
    run = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", "action.yml"],
                         cwd=REPO, capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "ok -- validation done"), run.stdout + run.stderr


def test_the_actions_dpc_step_runs_on_the_example_products(tmp_path: Path) -> None:
    """The action's own run step, with GitHub's inputs as environment, against a copy of this repository's products."""
    action = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert steps[1]["run"] == 'python -m pip install --quiet "$GITHUB_ACTION_PATH"'
    run_step = steps[2]
    assert run_step["env"] == {"DPC_ARGS": "${{ inputs.args }}"}
    for part in ("products", "environments"):
        shutil.copytree(REPO / part, tmp_path / part)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "DPC_ARGS": action["inputs"]["args"]["default"]}
    run = subprocess.run(["bash", "-c", run_step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (0, ""), run.stdout + run.stderr
    assert re.fullmatch(r"::notice title=dpc::dpc: \d+ files checked, no findings\n", run.stdout), run.stdout


def test_the_readme_pins_a_revision_of_dpc_that_exists_and_has_the_hooks() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pins = re.findall(r"^\s+rev: (\S+)", readme, re.M)
    assert pins and len(set(pins)) == 1
    rev = pins[0]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "pin a full commit id: tags are not shared with every clone"
    shown = subprocess.run(["git", "cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml"], cwd=REPO)
    assert shown.returncode == 0, f"{rev} is not a commit of this repository with .pre-commit-hooks.yaml"


def test_ci_runs_the_readmes_test_and_check_commands_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    commands = [line for line in setup if line and not line.startswith("#")]
    assert commands[0] == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/dpc build"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command, check_command = commands[1], commands[2]
    assert "{ " + test_command + "; }" in ci
    assert "\n" + check_command + "\n" in ci
