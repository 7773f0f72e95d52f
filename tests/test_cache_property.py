"""Property (issue 16): over random edit sequences a warm run always equals a cold run.

Each example builds a small real git repository (the marketing-360 product, described by a
product.yaml, with an inlined SQL file, plus a plain manifest), then applies a few random edits:
edit a manifest, edit or delete the inlined SQL, rename, delete and add files, add a secret and
quote it elsewhere, rewrite dpc.yaml (including a custom environments folder), platform.yaml and an
environment file. After each edit, ``dpc lint``, ``dpc lint`` of one file (a partial run, as
pre-commit makes) and ``dpc build --check`` with the cache on must give exactly what they give with
DPC_NO_CACHE=1. Files just written are trusted (no racy window, as in test_cache.py), and after each
edit every file gets a new modification time, so that an edit keeping a file's size within the clock's
granularity cannot hide behind an unchanged stat signature: what is compared is what each entry read.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

from conftest import REPO
from diffrepo import git
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.load import cache

PRODUCT = "products/marketing-360"
SQL = f"{PRODUCT}/build/sql/campaign_performance.sql"
FLOW = f"{PRODUCT}/build/campaign_performance.yaml"
PLAIN = "products/plain/depot.yaml"
SECRET = "products/plain/secret.yaml"
SECRET_TEXT = ("name: plaincreds\nversion: v1\ntype: instance-secret\nlayer: user\ninstance-secret:\n"
               "  type: key-value-properties\n  acl: r\n  data:\n    username: svc\n    password: {pw}\n")
DEPOT = ("name: plaindb\nversion: v2alpha\ntype: depot\nlayer: user\ndepot:\n  type: postgresql\n"
         "  external: true\n  postgresqlStore:\n    host: db.internal\n    port: 5432\n    database: x\n")


FLOW_TEXT = ("name: plainflow\nversion: v1\ntype: workflow\nlayer: user\nworkflow:\n  dag:\n"
             "    - name: check\n      spec:\n        stack: soda+python:1.0\n        compute: runnable-default\n"
             "        stackSpec:\n          inputs:\n            - dataset: dataos://plaindb:public/orders\n"
             "              options: {engine: minerva, clusterName: system}\n"
             "              checks: [{row_count > 0: {name: not empty}}]\n"
             "    - name: after\n      dependencies: [check, nothing]\n      spec:\n        stack: soda+python:1.0\n"
             "        compute: runnable-default\n        stackSpec: {inputs: []}\n")
BUNDLE_TEXT = ("name: plainbundle\nversion: v1beta\ntype: bundle\nlayer: user\nbundle:\n  workspaces:\n"
               "    - name: {ws}\n      layer: user\n  resources:\n    - id: flow\n      file: {file}\n"
               "      workspace: {ws}\n")
FLOW_FILE = "products/plain/flow.yaml"


def _bundle(repo: Path, ws: str, file: str = FLOW_FILE) -> None:
    (repo / "products/plain").mkdir(parents=True, exist_ok=True)
    (repo / "products/plain/bundle.yaml").write_text(BUNDLE_TEXT.format(ws=ws, file=file), encoding="utf-8")


def _envs(repo: Path) -> Path:
    text = (repo / "dpc.yaml").read_text(encoding="utf-8")
    return repo / ("envs" if "environments: envs" in text else "environments")


def _replace(path: Path, old: str, new: str) -> None:
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text + new + "\n", encoding="utf-8")


def _comment(path: Path) -> None:
    """A comment line added at the end, or taken away again: the text changes, its documents do not."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        note = "# a note\n"
        path.write_text(text[: -len(note)] if text.endswith(note) else text + note, encoding="utf-8")


def _rename_envs(repo: Path, to: str) -> None:
    src = _envs(repo)
    dest = repo / to
    if src != dest and src.is_dir():
        src.rename(dest)
    (repo / "dpc.yaml").write_text(f"products: [products]\nenvironments: {to}\ndefaultEnvironment: dev\n",
                                   encoding="utf-8")


EDITS = {
    "manifest": lambda r: _replace(r / FLOW, "timezone: UTC", "timezone: Mars/Olympus"),
    "manifest back": lambda r: _replace(r / FLOW, "timezone: Mars/Olympus", "timezone: UTC"),
    "manifest comment": lambda r: _comment(r / FLOW),  # the same documents: the analysis is kept
    "plain flow comment": lambda r: _comment(r / FLOW_FILE),
    "sql": lambda r: (r / SQL).write_text("SELECT {{ vars.ingest_cron }} AS c -- x\n", encoding="utf-8"),
    "sql template error": lambda r: (r / SQL).write_text("SELECT {{ nope.nothing }}\n", encoding="utf-8"),
    "sql delete": lambda r: (r / SQL).unlink(missing_ok=True),
    "sql restore": lambda r: (r / SQL).write_text("SELECT 1 AS one\n", encoding="utf-8"),
    "rename manifest": lambda r: (r / FLOW).rename(r / FLOW.replace(".yaml", "_2.yaml")) if (r / FLOW).is_file()
    else None,
    "rename back": lambda r: (r / FLOW.replace(".yaml", "_2.yaml")).rename(r / FLOW)
    if (r / FLOW.replace(".yaml", "_2.yaml")).is_file() else None,
    "add plain": lambda r: ((r / PLAIN).parent.mkdir(parents=True, exist_ok=True), (r / PLAIN).write_text(
        DEPOT, encoding="utf-8")),
    "edit plain": lambda r: _replace(r / PLAIN, "port: 5432", "port: '5432x'"),
    "delete plain": lambda r: (r / PLAIN).unlink(missing_ok=True),
    "add secret": lambda r: ((r / SECRET).parent.mkdir(parents=True, exist_ok=True), (r / SECRET).write_text(
        SECRET_TEXT.format(pw="'Zq8#r!vT3x9'"), encoding="utf-8")),
    "secret to a stand-in": lambda r: _replace(r / SECRET, "'Zq8#r!vT3x9'", "'${{PLAIN_PASSWORD}}'"),
    "secret back": lambda r: _replace(r / SECRET, "'${{PLAIN_PASSWORD}}'", "'Zq8#r!vT3x9'"),
    "plain quotes the secret": lambda r: _replace(r / PLAIN, "database: x", "database: 'Zq8#r!vT3x9'"),
    "envs folder": lambda r: _rename_envs(r, "envs"),
    "environments folder": lambda r: _rename_envs(r, "environments"),
    "environment file": lambda r: _replace(_envs(r) / "dev.yaml", "schedules: false", "schedules: true"),
    "environment var": lambda r: _replace(_envs(r) / "dev.yaml", "vars:\n", "vars:\n  ingest_cron: '5 * * * *'\n"),
    "delete environment": lambda r: (_envs(r) / "dev.yaml").unlink(missing_ok=True),
    "platform": lambda r: (r / "platform.yaml").write_text(
        "computes:\n  - {name: runable-default, purpose: runnable}\n", encoding="utf-8"),
    "platform delete": lambda r: (r / "platform.yaml").unlink(missing_ok=True),
    "product.yaml": lambda r: _replace(r / PRODUCT / "product.yaml", "ingest_cron: '0 3 * * *'",
                                       "ingest_cron: '0 4 * * *'"),
    "add plain flow": lambda r: ((r / FLOW_FILE).parent.mkdir(parents=True, exist_ok=True),
                                 (r / FLOW_FILE).write_text(FLOW_TEXT, encoding="utf-8")),
    "edit plain flow": lambda r: _replace(r / FLOW_FILE, "[check, nothing]", "[check]"),
    "delete plain flow": lambda r: (r / FLOW_FILE).unlink(missing_ok=True),
    "bundle places the flow in ws-a": lambda r: _bundle(r, "ws-a"),
    "bundle moves the flow to ws-b": lambda r: _bundle(r, "ws-b"),
    "bundle places another file": lambda r: _bundle(r, "ws-b", PLAIN),
    "delete bundle": lambda r: (r / "products/plain/bundle.yaml").unlink(missing_ok=True),
    "dpc.yaml default": lambda r: _replace(r / "dpc.yaml", "defaultEnvironment: dev", "defaultEnvironment: prod"),
}


def _make(base: Path) -> Path:
    repo = base / "repo"
    (repo / "products").mkdir(parents=True)
    shutil.copytree(REPO / PRODUCT, repo / PRODUCT)
    shutil.copytree(REPO / "environments", repo / "environments")
    shutil.copy(REPO / "dpc.yaml", repo / "dpc.yaml")
    git(repo, "init", "-q")
    return repo


_CLOCK = itertools.count(1)


def _touch_all(repo: Path) -> None:
    stamp = 1_700_000_000 * 10**9 + next(_CLOCK) * 10**9
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            os.utime(Path(folder) / name, ns=(stamp, stamp))


def _run(dpc, repo: Path, args: tuple[str, ...], cold: bool):
    old = os.environ.get("DPC_NO_CACHE")
    if cold:
        os.environ["DPC_NO_CACHE"] = "1"
    else:
        os.environ.pop("DPC_NO_CACHE", None)
    try:
        done = dpc(*args, cwd=repo)
    finally:
        if old is None:
            os.environ.pop("DPC_NO_CACHE", None)
        else:
            os.environ["DPC_NO_CACHE"] = old
    return done.exit_code, done.stdout, done.stderr


COMMANDS = (("lint",), ("lint", FLOW), ("lint", PLAIN), ("build", "--check"), ("graph", "--format", "json"))


@settings(max_examples=12, deadline=None)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=4))
def test_a_warm_run_equals_a_cold_run(dpc, monkeypatch, edits: list[str]) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    with tempfile.TemporaryDirectory() as tmp:
        repo = _make(Path(tmp))
        for args in COMMANDS:
            _run(dpc, repo, args, cold=False)  # warm the cache
        for name in edits:
            EDITS[name](repo)
            _touch_all(repo)
            for args in COMMANDS:
                warm = _run(dpc, repo, args, cold=False)
                assert warm == _run(dpc, repo, args, cold=True), (edits, name, args)
