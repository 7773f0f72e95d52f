"""One answer to an unknown --env (issue 17): build, build --check and diff say exactly the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from diffrepo import EXAMPLES, commit_all, edit, make_repo

LINE = "dpc: error G006 unknown environment 'nope'; environments/ holds: dev, prod\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", EXAMPLES)


@pytest.mark.parametrize("args", [("build",), ("build", "--check"), ("diff",), ("diff", "--base", "HEAD")])
def test_build_and_diff_answer_an_unknown_environment_alike(dpc, repo: Path, args: tuple[str, ...]) -> None:
    done = dpc(*args, "--env", "nope", cwd=repo)
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", LINE)


@pytest.mark.parametrize("args", [("build",), ("diff",)])
def test_a_near_miss_is_suggested_in_the_folder_dpc_yaml_names(dpc, repo: Path, args: tuple[str, ...]) -> None:
    (repo / "environments").rename(repo / "envs")
    edit(repo / "dpc.yaml", "environments: environments", "environments: envs")
    commit_all(repo, "envs")
    done = dpc(*args, "--env", "prd", cwd=repo)
    assert (done.exit_code, done.stdout, done.stderr) == (
        2, "", "dpc: error G006 unknown environment 'prd'; did you mean 'prod'?; envs/ holds: dev, prod\n")
