"""Measure dpc against check-jsonschema on a synthetic repository, side by side in one run.

    python benchmarks/run.py --products 1000 --runs 5
    python benchmarks/run.py --scaling 10,100,1000 --runs 3

Generates the repository (benchmarks/generate.py) unless --repo names one, then times each
scenario --runs times and reports the median wall time and the peak memory (max RSS) of
the process. The peer, check-jsonschema, validates the same files against the same
schemas, one invocation per type-and-version group (the schemas are bundled into one file
each first, since check-jsonschema resolves relative $refs against the root schema only).
Prints a Markdown table; --write also updates BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, int]:
    """(seconds, peak RSS in MiB, exit code) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def median_of(runs: int, fn) -> tuple[float, int]:
    results = [fn() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def peer_groups(repo: Path, out: Path) -> list[list[str]]:
    """One check-jsonschema command per (type, version): bundled schema + its files."""
    from compiler.load.yamlload import parse_text
    from compiler.schema.catalog import SCHEMA_BASE_URI, load

    catalog = load()
    groups: dict[str, list[str]] = defaultdict(list)
    for path in sorted((repo / "products").rglob("*.yaml")):
        if "/model/" in path.as_posix():
            continue
        parsed = parse_text(str(path), path.read_text(encoding="utf-8"))
        for doc in parsed.documents[:1]:
            data = doc.data if isinstance(doc.data, dict) else {}
            info = catalog.types.get(data.get("type"))
            if info and data.get("version") in info.versions:
                groups[catalog.dataos_schema_path(data["type"], data["version"])].append(
                    path.relative_to(repo).as_posix())
    commands = []
    for rel, files in sorted(groups.items()):
        schema = catalog._inline(catalog.schema(rel), SCHEMA_BASE_URI + rel, ())
        schema.pop("$id", None)
        target = out / rel.replace("/", "_")
        target.write_text(json.dumps(schema), encoding="utf-8")
        commands.append([str(BIN / "check-jsonschema"), "--schemafile", str(target), *files])
    return commands


def peer_run(commands: list[list[str]], repo: Path) -> tuple[float, int, int]:
    total, peak = 0.0, 0
    for cmd in commands:
        seconds, rss, _ = timed(cmd, repo)
        total, peak = total + seconds, max(peak, rss)
    return total, peak, 0


def measure(repo: Path, products: int, runs: int, work: Path) -> tuple[list[list[str]], list[tuple]]:
    """(the peer's commands, rows of (scenario, median seconds, peak MiB)), the peer's row first."""
    dpc = [str(BIN / "dpc")]
    cache = repo / ".git" / "dpc"
    middle = f"sales-{products // 2:04d}"
    one_file = repo / "products" / middle / "build" / "flare" / "orders_enriched.yaml"
    original = one_file.read_text(encoding="utf-8")

    def cold():
        shutil.rmtree(cache, ignore_errors=True)
        return timed([*dpc, "lint"], repo)

    sql = repo / "products" / middle / "build" / "sql" / "daily_sales.sql"
    sql_text = sql.read_text(encoding="utf-8")
    def one_product_diff():
        sql.write_text(sql_text + f"-- edit {time.perf_counter_ns()}\n", encoding="utf-8")
        return timed([*dpc, "diff", "--base", "HEAD"], repo)

    def precommit():
        one_file.write_text(original + f"# edit {time.perf_counter_ns()}\n", encoding="utf-8")
        return timed([*dpc, "lint", one_file.relative_to(repo).as_posix()], repo)

    def build():
        """A build that writes its output: the planted findings are baselined first (see below)."""
        done = timed([*dpc, "build", "--out", str(work / "out")], repo)
        if done[2] != 0:
            raise SystemExit(f"dpc build exited {done[2]} on the benchmark repository: nothing was built")
        return done

    def full_build():
        """Every product compiled: no previous output, no compile cache (the lint's per-file cache is warm)."""
        shutil.rmtree(work / "out", ignore_errors=True)
        (cache / "build.json").unlink(missing_ok=True)
        return build()

    def rebuild():
        sql.write_text(sql_text + f"-- edit {time.perf_counter_ns()}\n", encoding="utf-8")
        return build()

    hook = repo / ".pre-commit-config.yaml"
    hook.write_text("repos:\n  - repo: local\n    hooks:\n      - id: dpc-lint\n        name: dpc lint\n"
                    f"        entry: {BIN / 'dpc'} lint --staged\n        language: system\n"
                    "        pass_filenames: false\n        always_run: true\n        require_serial: true\n",
                    encoding="utf-8")  # the hook of .pre-commit-hooks.yaml, run by the real framework
    for git in (["add", hook.name], ["-c", "user.name=bench", "-c", "user.email=bench@dpc.invalid", "commit", "-qm",
                                      "the hook"]):  # committed: a clean tree, as CI and --all-files run it
        subprocess.run(["git", *git], cwd=repo, check=True)

    def all_files():
        return timed([str(BIN / "pre-commit"), "run", "--all-files"], repo, {"PRE_COMMIT_HOME": str(work / "pc")})

    peers = peer_groups(repo, work)
    rows = []
    peer_s, peer_mb = median_of(runs, lambda: peer_run(peers, repo))
    rows.append(("check-jsonschema, same files and schemas (peer)", peer_s, peer_mb))
    cold_s, cold_mb = median_of(runs, cold)
    rows.append(("dpc lint, whole repository, cold (no cache)", cold_s, cold_mb))
    timed([*dpc, "lint"], repo)
    warm_s, warm_mb = median_of(runs, lambda: timed([*dpc, "lint"], repo))
    rows.append(("dpc lint, whole repository, warm (cache)", warm_s, warm_mb))
    pre_s, pre_mb = median_of(runs, precommit)
    one_file.write_text(original, encoding="utf-8")
    rows.append(("dpc lint of one changed file (pre-commit)", pre_s, pre_mb))
    diff_s, diff_mb = median_of(runs, one_product_diff)
    sql.write_text(sql_text, encoding="utf-8")
    rows.append(("dpc diff --base HEAD, one product's SQL changed", diff_s, diff_mb))
    # a build with findings writes nothing: the planted ones are recorded in a baseline, as a team adopting dpc
    # does, so that both build scenarios compile and write every product (and the baseline goes afterwards)
    subprocess.run([*dpc, "baseline"], cwd=repo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build_s, build_mb = median_of(max(1, runs // 2), full_build)
    rows.append(("dpc build, whole repository", build_s, build_mb))
    rebuild_s, rebuild_mb = median_of(runs, rebuild)
    sql.write_text(sql_text, encoding="utf-8")
    rows.append(("dpc build again after one product's SQL changed", rebuild_s, rebuild_mb))
    (repo / ".dpc-baseline.json").unlink()
    timed([*dpc, "lint"], repo)  # the cache as a commit finds it
    all_s, all_mb = median_of(runs, all_files)
    rows.append(("pre-commit run --all-files (the dpc-lint hook, real framework)", all_s, all_mb))
    ver_s, ver_mb = median_of(runs, lambda: timed([*dpc, "--version"], repo))
    rows.append(("dpc --version", ver_s, ver_mb))

    return peers, rows


def _load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def table(products: int, runs: int, peers: list[list[str]], rows: list[tuple], load: str) -> str:
    peer_s = rows[0][1]
    files = sum(len(c) - 3 for c in peers)
    lines = [
        f"Repository: {products} products, {files} manifests; median of {runs} runs; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; {load}.",
        "",
        "| scenario | median wall time | vs peer | peak memory |",
        "|---|---:|---:|---:|",
    ]
    for name, seconds, mb in rows:
        ratio = peer_s / seconds if seconds else float("inf")
        lines.append(f"| {name} | {seconds:.3f} s | {ratio:.1f}x | {mb} MiB |")
    return "\n".join(lines) + "\n"


def scaling(sizes: list[int], runs: int) -> str:
    """One column of median wall times per repository size (and the peer's, for the ratio)."""
    columns = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix="dpc-bench-"))
        generate(work / "repo", n)
        columns.append(measure(work / "repo", n, runs, work)[1])
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"Scaling: median of {runs} runs at each size; {_load()} at the end.", "",
             "| scenario | " + " | ".join(f"{n} products" for n in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for i, (name, _, _) in enumerate(columns[0]):
        lines.append(f"| {name} | " + " | ".join(f"{c[i][1]:.2f} s" for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _write(marker: str, text: str) -> None:
    target = REPO / "BENCHMARKS.md"
    whole = target.read_text(encoding="utf-8")
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    head, _, rest = whole.partition(start)
    _, _, tail = rest.partition(end)
    target.write_text(f"{head}{start}\n{text}{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="an existing generated repository")
    parser.add_argument("--scaling", help="comma-separated sizes, e.g. 10,100,1000: a table of times by size")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.scaling:
        text = scaling([int(n) for n in args.scaling.split(",")], args.runs)
        print(text)
        if args.write:
            _write("scaling", text)
        return
    work = Path(tempfile.mkdtemp(prefix="dpc-bench-"))
    repo = args.repo or work / "repo"
    if args.repo is None:
        generate(repo, args.products)
    load = _load()
    peers, rows = measure(repo, args.products, args.runs, work)
    text = table(args.products, args.runs, peers, rows, f"{load} at the start, {_load()} at the end")
    print(text)
    if args.write:
        _write("results", text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
