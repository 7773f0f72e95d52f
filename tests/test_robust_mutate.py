"""Random mutations of the example products through ``dpc lint``, ``dpc build`` and ``dpc diff``.

A copy of two example products (one plain DataOS layout, one product.yaml with templates),
the environments and dpc.yaml is broken the way people and pull requests break repositories:
keys deleted, values of another type, references renamed, files truncated, tabs, duplicated
lines, hostile snippets. Every run keeps :func:`robust.check_sane`.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robust import check_sane, copy_example, git, run_main, run_process

VALUES = ["[]", "{}", "42", "-1", "true", "null", "''", "x", "[a, {b: c}]", "{a: [1, 2]}", "${MISSING_VAR}",
          "'{{ vars.nothing }}'", "'{{ product.name }}'", "/etc/passwd", "../../../etc/passwd", "~/x", "*undefined",
          "&a x", "!!python/object/apply:os.system ['true']", "0x" + "f" * 5000, "1e99999", "\"unterminated"]
SNIPPETS = ["\t", "---", "...", "<<: *nope", "%TAG ! tag:x,2000:", "? [a, b]\n: c", "{{ ", "{% include 'x' %}",
            "a: " + "[" * 300, "- - - - -", "x" * 5000, "'", "\"\\uZZZZ\"", "\x00", "\ufeff", "\r"]

Mutation = tuple  # (operation, line fraction, choice)
MUTATIONS = st.lists(st.tuples(
    st.sampled_from(["delete", "swap", "rename", "truncate", "tab", "duplicate", "indent", "snippet"]),
    st.floats(0, 1), st.integers(0, 1000)), min_size=1, max_size=4)


def mutate(text: str, op: str, where: float, pick: int) -> str:
    lines = text.split("\n")
    i = min(int(where * len(lines)), len(lines) - 1)
    if op == "delete":
        del lines[i]
    elif op == "swap" and ":" in lines[i]:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {VALUES[pick % len(VALUES)]}"
    elif op == "rename":
        names = sorted(set(re.findall(r"\b[a-z][a-z0-9]+(?:-[a-z0-9]+)+\b", text))) or ["x"]
        old = names[pick % len(names)]
        return text.replace(old, old + "x" if pick % 2 else old[:-1])
    elif op == "truncate":
        return text[: int(where * len(text))]
    elif op == "tab":
        lines[i] = "\t" + lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "indent":
        lines[i] = lines[i][2:] if pick % 2 and lines[i].startswith("  ") else "  " + lines[i]
    elif op == "snippet":
        lines.insert(i, SNIPPETS[pick % len(SNIPPETS)])
    return "\n".join(lines)


def files_of(repo: Path) -> list[Path]:
    return sorted(p for p in repo.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".sql")
                  and ".git" not in p.parts)


def apply(repo: Path, targets: list[int], mutations: list[Mutation]) -> None:
    files = files_of(repo)
    for target, (op, where, pick) in zip(targets, mutations, strict=False):
        path = files[target % len(files)]
        path.write_text(mutate(path.read_text(encoding="utf-8"), op, where, pick), encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("pristine") / "repo")


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("work")


def fresh(pristine: Path, work: Path) -> Path:
    repo = work / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(pristine, repo, symlinks=True)
    return repo


TARGETS = st.lists(st.integers(0, 10_000), min_size=4, max_size=4)


@settings(max_examples=200, deadline=timedelta(seconds=10))
@given(targets=TARGETS, mutations=MUTATIONS)
def test_mutated_products_lint(pristine: Path, work: Path, targets: list[int], mutations: list[Mutation]) -> None:
    repo = fresh(pristine, work)
    apply(repo, targets, mutations)
    check_sane(run_main("lint", cwd=repo))


@settings(max_examples=100, deadline=timedelta(seconds=10))
@given(targets=TARGETS, mutations=MUTATIONS, env=st.sampled_from(["dev", "prod"]))
def test_mutated_products_build(pristine: Path, work: Path, targets: list[int], mutations: list[Mutation],
                                env: str) -> None:
    repo = fresh(pristine, work)
    apply(repo, targets, mutations)
    check_sane(run_main("build", "--env", env, cwd=repo))
    check_sane(run_main("build", "--env", env, "--check", cwd=repo))


@pytest.fixture(scope="module")
def git_repo(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("diff") / "repo", git=True)


@settings(max_examples=50, deadline=timedelta(seconds=20))
@given(targets=TARGETS, mutations=MUTATIONS, fmt=st.sampled_from(["text", "markdown", "json"]))
def test_mutated_products_diff(git_repo: Path, targets: list[int], mutations: list[Mutation], fmt: str) -> None:
    git(git_repo, "checkout", "-q", "--", ".")
    git(git_repo, "clean", "-q", "-fdx")
    apply(git_repo, targets, mutations)
    check_sane(run_main("diff", "--format", fmt, cwd=git_repo))


@settings(max_examples=8, deadline=None)
@given(targets=TARGETS, mutations=MUTATIONS)
def test_mutated_products_as_real_processes(pristine: Path, work: Path, targets: list[int],
                                            mutations: list[Mutation]) -> None:
    repo = fresh(pristine, work)
    apply(repo, targets, mutations)
    for args in (("lint", "--format", "json"), ("build",)):
        check_sane(run_process(*args, cwd=repo))
