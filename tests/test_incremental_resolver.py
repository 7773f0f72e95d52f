"""The incremental resolver (compiler/resolve/incremental.py, issue 13 item 1): what each file brings to the
reference analysis is kept with its token; a run works out again only the changed files' parts, and looks up
again only the references of changed files, those whose name a changed file defines (before or now), and
those every run looks up (secrets, files, purposes, the not found).

In-process, on real git repositories of the example products loaded by the real pipeline (with its per-file
cache): after every edit the incremental analysis, carried from the previous run's state through JSON, equals
a cold :func:`compiler.resolve.analyse` finding for finding; a property does it over random edit sequences. The
CLI tests plant a problem into the kept state to show it really answers, and show a damaged state or a secret
value costs only a cold analysis.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo
from diffrepo import warm_equals_cold as _both
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.core import budget
from compiler.load import cache
from compiler.pipeline.options import LintOptions
from compiler.pipeline.repochecks import Names
from compiler.pipeline.repository import load_repository
from compiler.resolve import analyse, incremental
from compiler.schema import catalog as catalog_mod

SALES = "products/sales-360"
FLARE = f"{SALES}/build/flare/orders_enriched.yaml"
DEPOT = f"{SALES}/depot/salesdb.yaml"
QUALITY = f"{SALES}/build/quality/orders_quality.yaml"
BUNDLE = f"{SALES}/bundle/bundle.yaml"
CHURN = "products/customer-churn/build/flare/churn_scores.yaml"
EXTRA = f"{SALES}/depot/salesdb-copy.yaml"
PLANTED = "planted by the test: the kept part answered"
CATALOG = catalog_mod.load()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # trust files written a moment ago (as test_cache.py)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    return make_repo(tmp_path / "repo", EXAMPLES)


def _analysed(repo: Path, monkeypatch, state: incremental.State | None
              ) -> tuple[incremental.Outcome, tuple, incremental.State | None]:
    """The incremental outcome from ``state``, the cold analysis's findings and names, and the state to carry."""
    monkeypatch.chdir(repo)
    with budget.run():
        loaded = load_repository(LintOptions((repo,), repo), CATALOG, [])
        assert loaded.facts is not None
        outcome = incremental.analyse(loaded, CATALOG, state)
        cold = analyse(loaded, CATALOG)
    assert outcome.findings == list(cold.findings)
    assert Names.of(outcome.index).to_json() == Names.of(cold.index).to_json()
    assert outcome.index.writes == cold.index.writes
    carried = json.loads(json.dumps(outcome.state)) if outcome.state is not None else state
    return outcome, cold.findings, carried


def _codes(findings: tuple) -> list[str]:
    return [f"{f.diagnostic.position} {f.diagnostic.code}" for f in findings]


def _entries(state: incremental.State) -> dict[str, dict]:
    """Each file's kept entry, decoded."""
    return {display: json.loads(kept[1]) for display, kept in state["files"].items()}


def _looked_up_again(state: incremental.State, changed: str | None) -> int:
    """What the module's rule says a run after an edit of ``changed`` (its names unchanged) looks up: every name
    reference of ``changed``, and of the other files those of a secret kind, with a purpose to check, not found,
    or naming what ``changed`` defines. With ``changed`` None: a run where nothing changed."""
    entries = _entries(state)
    defined = {(j[0], j[1]) for j in entries[changed]["d"]} if changed else set()
    return sum(1 for display, entry in entries.items() for j in entry["r"] if j[0] not in ("file", "dir") and (
        display == changed or j[0] in incremental.ALWAYS_LOOKED_UP or j[7] or not j[incremental.FOUND]
        or (j[0], j[1]) in defined))


def test_a_value_edited_in_one_file_looks_up_that_file_and_what_every_run_looks_up(repo: Path, monkeypatch) -> None:
    first, _, state = _analysed(repo, monkeypatch, None)
    assert first.reused == 0 and state is not None
    every = sum(1 for entry in _entries(state).values() for j in entry["r"] if j[0] not in ("file", "dir"))
    assert first.looked_up == every  # a cold run looks up every name reference
    parts = len(state["files"])
    edit(repo / FLARE, "description: Reads orders", "description: Reads all orders")
    second, findings, state = _analysed(repo, monkeypatch, state)
    assert (second.reused, _codes(findings)) == (parts - 1, [])
    assert second.looked_up == _looked_up_again(state, FLARE) < every / 3
    nothing, _, _ = _analysed(repo, monkeypatch, state)  # nothing changed: the kept state holds
    assert (nothing.state, nothing.reused, nothing.looked_up) == (None, parts, _looked_up_again(state, None))
    assert nothing.looked_up < second.looked_up


def test_a_renamed_definition_looks_up_every_reference_to_either_name(repo: Path, monkeypatch) -> None:
    _, _, state = _analysed(repo, monkeypatch, None)
    edit(repo / DEPOT, "name: salesdb\n", "name: salesdb2\n")
    outcome, findings, state = _analysed(repo, monkeypatch, state)
    assert "R001" in " ".join(_codes(findings))  # every reference to salesdb now dangles, in other files too
    [dangling] = findings  # the references in another file, unchanged, now dangle
    d = dangling.diagnostic
    spec = f"{SALES}/deploy/data_product_spec.yaml"
    assert (str(d.position), d.code, d.message) == (
        f"{FLARE}:40:26", "R001", "depot 'salesdb' (from dataos://salesdb:public/orders) is not defined in products/ "
        "nor in the built-in platform catalogue; did you mean 'salesdb2'? (used 7 times; also at "
        f"{FLARE}:44:26, {FLARE}:48:26, {spec}:34:14, {spec}:37:14, {spec}:40:14 and 1 more)")
    edit(repo / DEPOT, "name: salesdb2\n", "name: salesdb\n")
    _, findings, _ = _analysed(repo, monkeypatch, state)
    assert _codes(findings) == []


def _write(repo: Path, rel: str, text: str | None) -> None:
    path = repo / rel
    if text is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _move(repo: Path, src: str, dest: str) -> None:
    if (repo / src).is_file() and not (repo / dest).exists():
        (repo / dest).parent.mkdir(parents=True, exist_ok=True)
        (repo / src).rename(repo / dest)


def _sub(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    if path.is_file():
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _example(rel: str) -> str:
    return (EXAMPLES / rel).read_text(encoding="utf-8")


EDITS = {
    "rename the depot": lambda r: _sub(r, DEPOT, "name: salesdb\n", "name: salesdb9\n"),
    "name the depot back": lambda r: _sub(r, DEPOT, "name: salesdb9\n", "name: salesdb\n"),
    "move the depot file": lambda r: _move(r, DEPOT, f"{SALES}/depot/moved/salesdb.yaml"),
    "move it back": lambda r: _move(r, f"{SALES}/depot/moved/salesdb.yaml", DEPOT),
    "a second depot of the same name": lambda r: _write(r, EXTRA, _example(DEPOT)),
    "a second depot of the renamed name": lambda r: _write(r, EXTRA, _example(DEPOT).replace("name: salesdb\n",
                                                                                          "name: salesdb9\n")),
    "delete the second depot": lambda r: _write(r, EXTRA, None),
    "a flow reads another depot": lambda r: _sub(r, FLARE, "dataos://salesdb:", "dataos://crmdb:"),
    "a description edited": lambda r: _sub(r, FLARE, "description: Reads", "description: Now reads"),
    "a line inserted at the top": lambda r: _sub(r, QUALITY, "name:", "# owned by the sales team\nname:"),
    "the churn flow's compute renamed": lambda r: _sub(r, CHURN, "compute: runnable-default",
                                                       "compute: runnable-custom"),
    "delete the quality workflow": lambda r: _write(r, QUALITY, None),
    "restore the quality workflow": lambda r: _write(r, QUALITY, _example(QUALITY)),
    "a platform file": lambda r: _write(r, "platform.yaml", "computes:\n  - {name: runnable-custom, purpose: "
                                        "runnable}\ndepots:\n  - name: salesdb9\n"),
    "no platform file": lambda r: _write(r, "platform.yaml", None),
    "the bundle moves a file to another workspace": lambda r: _sub(r, BUNDLE, "workspace: sales-360",
                                                                   "workspace: sales-ops"),
    "the bundle moves it back": lambda r: _sub(r, BUNDLE, "workspace: sales-ops", "workspace: sales-360"),
    "the environment's compute": lambda r: _sub(r, "environments/dev.yaml", "runnable: runnable-default",
                                                "runnable: runnable-dev"),  # expands into marketing-360's flow
    "the environment's compute back": lambda r: _sub(r, "environments/dev.yaml", "runnable: runnable-dev",
                                                     "runnable: runnable-default"),
    "dpc.yaml's default environment": lambda r: _sub(r, "dpc.yaml", "defaultEnvironment: dev",
                                                     "defaultEnvironment: prod"),
    "dpc.yaml ignores a product": lambda r: _write(r, "dpc.yaml", "products: [products]\nenvironments: environments\n"
                                                   "defaultEnvironment: dev\nignore: [products/customer-churn/**]\n"),
    "dpc.yaml as it was": lambda r: _write(r, "dpc.yaml", _example("dpc.yaml")),
}


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=5))
def test_the_incremental_analysis_equals_a_cold_one_over_random_edits(monkeypatch, edits: list[str]) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp) / "repo", EXAMPLES)
        _, _, state = _analysed(repo, monkeypatch, None)
        for name in edits:
            EDITS[name](repo)
            outcome, _, state = _analysed(repo, monkeypatch, state)
            assert outcome.reused > 0, name  # an edit of a file or two keeps the others' parts
        shutil.rmtree(repo)


def _state_file(repo: Path) -> Path:
    [path] = sorted((repo / ".git" / "dpc").glob("resolution-*.json"))
    return path


def _plant(path: Path, display: str) -> None:
    """A problem added to one file's kept part, the header's sha256 made to match (as a crafted file would)."""
    head, _, body = path.read_bytes().partition(b"\n")
    header, payload = json.loads(head), json.loads(body)
    entry = json.loads(payload["files"][display][1])
    entry["p"].append(["R007", [1, 1], PLANTED, None])
    payload["files"][display][1] = json.dumps(entry)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_the_kept_parts_answer_in_whole_and_partial_runs_until_their_file_changes(dpc, repo: Path,
                                                                                   monkeypatch) -> None:
    assert _both(dpc, repo, monkeypatch) == (0, "")
    _plant(_state_file(repo), FLARE)
    edit(repo / DEPOT, "port: 5432", "port: 5433")  # another file's value: the whole analysis is not kept
    for args in ((), (FLARE,)):
        done = dpc("lint", *args, cwd=repo)
        assert (done.exit_code, done.stdout) == (1, f"{FLARE}:1:1: error R007 {PLANTED}\n"), args
    edit(repo / FLARE, "description: Reads orders", "description: Reads all orders")  # its own file changed
    assert _both(dpc, repo, monkeypatch) == (0, "")


def test_a_damaged_state_is_a_cold_analysis(dpc, repo: Path, monkeypatch) -> None:
    edit(repo / FLARE, "compute: runnable-default", "compute: runable-default")
    code, out = _both(dpc, repo, monkeypatch)
    assert code == 1 and "R001 compute 'runable-default'" in out
    path = _state_file(repo)
    head, _, body = path.read_bytes().partition(b"\n")
    payload = json.loads(body)
    payload["files"][FLARE][1] = json.dumps({"d": [], "r": [["depot"]]})  # well-formed, matching header: no state
    body = json.dumps(payload).encode()
    header = json.loads(head)
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    edit(repo / DEPOT, "port: 5432", "port: 5433")
    assert _both(dpc, repo, monkeypatch) == (code, out)
    path.write_bytes(path.read_bytes()[:100])  # cut short
    edit(repo / DEPOT, "port: 5433", "port: 5434")
    assert _both(dpc, repo, monkeypatch) == (code, out)


def test_a_state_that_would_hold_a_secret_value_is_not_kept(dpc, repo: Path, monkeypatch) -> None:
    secret = f"{SALES}/depot/salesdb-r.yaml"
    text = (repo / secret).read_text(encoding="utf-8")
    assert "password: " in text
    # the password is also the name of a compute a workflow references: the state would quote it
    edit(repo / secret, text.split("password: ")[1].split("\n")[0], "runnable-default")
    _both(dpc, repo, monkeypatch)
    assert not list((repo / ".git" / "dpc").glob("resolution-*.json"))
    assert all(b"runnable-default" not in p.read_bytes() for p in (repo / ".git" / "dpc").rglob("*") if p.is_file())
