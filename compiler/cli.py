"""The ``dpc`` command line: click options -> a pipeline call -> an exit code.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or environment
errors (including any internal error, which is reported as one line, never a traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from compiler import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github", "junit")  # kept in step with compiler.report.lint.REPORTERS (tested)


def _colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dpc", message="%(prog)s %(version)s")
def cli() -> None:
    """dpc, the DataOS data product compiler: lint, resolve, build and diff data products in git."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes dpc exit 1.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse (Y009) files larger than this [default: dpc.yaml's maxFileSize, else 5 MiB].")
def lint(paths: tuple[Path, ...], fmt: str, fail_on: str, max_file_size: int | None) -> None:
    """Check DataOS manifests: YAML, schemas, names, placeholders.

    With no PATH, checks the repository's products/ folder (or the current directory).
    """
    from compiler.core.diagnostics import Severity
    from compiler.load.discover import default_targets
    from compiler.pipeline import LintOptions
    from compiler.pipeline import lint as run_lint
    from compiler.report.lint import REPORTERS
    from compiler.report.lint.text import summary

    cwd = Path.cwd()
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {missing[0]}")
    targets = tuple(Path(os.path.abspath(p)) for p in paths) or tuple(default_targets(cwd))
    from compiler.report.progress import Progress

    progress = Progress(sys.stderr)
    try:
        result = run_lint(LintOptions(targets, cwd, max_file_size, progress.update))
    finally:
        progress.close()
    click.echo(REPORTERS[fmt](result, fmt == "text" and _colour(sys.stdout)), nl=False)
    for failure in result.failures:
        click.echo(f"dpc: {failure}", err=True)
    if fmt == "text":
        click.echo(summary(result), err=True)
    if result.failures:
        sys.exit(EXIT_USAGE)
    worst = result.worst
    sys.exit(EXIT_FINDINGS if worst is not None and worst >= Severity.parse(fail_on) else EXIT_OK)


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a diagnostic CODE: what it means, why it matters, a bad and a good example."""
    from compiler.core.codes import RULES, STAGES
    from compiler.core.suggest import did_you_mean

    r = RULES.get(code.upper())
    if r is None:
        raise click.UsageError(f"unknown code '{code}'{did_you_mean(code.upper(), RULES)}; "
                               "'dpc rules' lists them all")
    out = [f"{r.code} {r.slug} ({r.severity.label}, stage: {STAGES[r.code[0]]})", "", r.summary + ".", "",
           r.explanation]
    if r.bad:
        out += ["", "Bad:", *("    " + line for line in r.bad.rstrip("\n").splitlines())]
    if r.good:
        out += ["", "Good:", *("    " + line for line in r.good.rstrip("\n").splitlines())]
    click.echo("\n".join(out))


GRAPH_FORMATS = ("mermaid", "dot", "json")  # kept in step with compiler.resolve.render.RENDERERS (tested)


@cli.command()
@click.argument("products", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="mermaid", show_default=True,
              help="Output format.")
def graph(products: tuple[str, ...], fmt: str) -> None:
    """Draw each PRODUCT's resources and their dependencies, and the datasets linking products (default: all)."""
    from compiler.commands.graph import run

    text, error = run(Path.cwd(), products, fmt)
    if error:
        raise click.UsageError(error)
    click.echo(text, nl=False)


@cli.command()
@click.argument("products", nargs=-1)
@click.option("--env", "env", metavar="ENV", help="Environment: environments/ENV.yaml (default: dpc.yaml's "
              "defaultEnvironment, else the built-in 'default').")
@click.option("--out", type=click.Path(path_type=Path), metavar="DIR",
              help="Output folder (default: build/ENV in the repository).")
@click.option("--check", is_flag=True, help="Build in memory; exit 1 listing the files that differ from DIR.")
def build(products: tuple[str, ...], env: str | None, out: Path | None, check: bool) -> None:
    """Expand the products into self-contained DataOS manifests in build/ENV/PRODUCT/.

    With no PRODUCT, builds every product of the repository.
    """
    from compiler.core.diagnostics import Result
    from compiler.core.paths import display_path
    from compiler.emit.runner import BuildOptions, run
    from compiler.report.lint import REPORTERS
    from compiler.report.lint.text import summary

    cwd = Path.cwd()
    result = run(BuildOptions(cwd, env, Path(os.path.abspath(out)) if out else None, check, products))
    report = Result(result.diagnostics, result.files_checked)
    click.echo(REPORTERS["text"](report, _colour(sys.stdout)), nl=False)
    for d in result.differences if check else ():
        click.echo(f"{display_path(d.path, cwd)}: {d.kind}")
    for p in result.products if result.status in ("written", "unchanged") else ():
        click.echo(f"{display_path(p.folder, cwd)}: {p.manifests} manifests {result.status}")
    for failure in result.failures:
        click.echo(_failure(failure), err=True)
    if result.diagnostics:
        click.echo(summary(report), err=True)
    if check and result.status in ("up to date", "out of date"):
        click.echo(f"dpc: {display_path(result.out, cwd)} is {result.status}", err=True)
    if result.failures:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if result.status in ("failed", "out of date") else EXIT_OK)


DIFF_FORMATS = ("text", "markdown", "json")  # kept in step with compiler.report.diff.FORMATS (tested)


def _failure(line: str) -> str:
    """``dpc: error G003 ...`` for a coded failure, ``dpc: ...`` otherwise."""
    code = line.split(" ", 1)[0]
    return f"dpc: error {line}" if len(code) == 4 and code[0] == "G" and code[1:].isdigit() else f"dpc: {line}"


@cli.command()
@click.option("--base", metavar="REV", help="Revision to compare with: a sha, branch, tag or origin/main (default: "
              "the commit recorded as deployed to the environment, else HEAD).")
@click.option("--env", "env", metavar="ENV", help="Environment to compile for; without --base, compare with the "
              "commit recorded as deployed to it by dpc mark-deployed.")
@click.option("--head", metavar="REV", help="Revision to compare instead of the working tree.")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="Output format (markdown: a pull-request comment).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when something changes, like git diff --exit-code.")
def diff(base: str | None, env: str | None, head: str | None, fmt: str, exit_code: bool) -> None:
    """Show what a change does to DataOS: both revisions compiled, compared resource by resource.

    The base is read from git objects (no checkout; a dirty tree is fine). The output has each
    changed resource's diff, the dataos-ctl apply plan in dependency order and the other products
    affected. Secret values never appear.
    """
    from compiler.core.diagnostics import Result
    from compiler.diff.runner import DiffOptions, run
    from compiler.report.diff import render
    from compiler.report.lint import text

    outcome = run(DiffOptions(Path.cwd(), base, env, head))
    if outcome.diagnostics:
        click.echo(text.render(Result(outcome.diagnostics, 0), _colour(sys.stderr)), err=True, nl=False)
    if outcome.failure or outcome.report is None:
        click.echo(_failure(outcome.failure or "internal error: no report"), err=True)
        sys.exit(EXIT_FINDINGS if outcome.diagnostics else EXIT_USAGE)
    click.echo(render(fmt, outcome.report, fmt == "text" and _colour(sys.stdout)), nl=False)
    sys.exit(EXIT_FINDINGS if exit_code and outcome.report.changed else EXIT_OK)


@cli.command("mark-deployed")
@click.argument("rev", default="HEAD")
@click.option("--env", "env", metavar="ENV", required=True, help="The environment the commit was deployed to.")
def mark_deployed(rev: str, env: str) -> None:
    """Record REV (default HEAD) as deployed to ENV, in the git ref refs/dpc/deployed/ENV.

    dpc diff --env ENV then compares with it. Push the ref to share it.
    """
    from compiler.diff.deployed import mark

    marked = mark(Path.cwd(), env, rev)
    if isinstance(marked, str):
        click.echo(_failure(marked), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{marked.ref} {marked.commit.sha} {marked.commit.subject}")
    was = f"was {marked.before[:12]}" if marked.before else "first record"
    click.echo(f"dpc: {marked.commit.short} recorded as deployed to {env} ({was}); share it: {marked.push}",
               err=True)


@cli.command()
@click.argument("stage", required=False)
def rules(stage: str | None) -> None:
    """List every diagnostic code with its default severity; STAGE (a letter: Y, S, R, P, T, G) lists one family."""
    from compiler.core.codes import RULES, STAGES

    if stage is not None and stage.upper() not in STAGES:
        raise click.UsageError(f"unknown stage '{stage}'; stages: " + ", ".join(f"{k} ({v})" for k, v in STAGES.items()))
    for r in RULES.values():
        if stage is None or r.code[0] == stage.upper():
            click.echo(f"{r.code}  {r.severity.label:<7}  {r.slug:<26}  {r.summary}")


@cli.group()
def schema() -> None:
    """The JSON Schemas dpc checks with."""


@schema.command("export")
@click.argument("folder", type=click.Path(path_type=Path))
def schema_export(folder: Path) -> None:
    """Write the JSON Schemas into FOLDER for editors (yaml-language-server, VS Code).

    FOLDER must be empty, new, or an earlier export, which is refreshed.
    """
    from compiler.schema.export import DISPATCH, ExportError, export

    try:
        done = export(folder)
    except (ExportError, OSError) as err:
        click.echo(f"dpc: {err}", err=True)
        sys.exit(EXIT_USAGE)
    gone = f", removed {len(done.removed)} old" if done.removed else ""
    click.echo(f"dpc: wrote {len(done.files)} schemas to {folder}{gone}; {folder / DISPATCH} matches any "
               "DataOS manifest", err=True)


@cli.command()
@click.argument("product")
@click.option("--owner", metavar="USER", help="DataOS user id listed as the product's owner.")
@click.option("--domain", metavar="DOMAIN", help="Business domain, tagged DPDomain.DOMAIN.")
def init(product: str, owner: str | None, domain: str | None) -> None:
    """Create a new data product PRODUCT in the repository's products folder, ready to lint and build."""
    from compiler.commands.init import InitError, plan, write
    from compiler.core.paths import display_path
    from compiler.load.discover import find_repo_root
    from compiler.project.config import load_config

    cwd = Path.cwd()
    root = find_repo_root(cwd) or cwd
    try:
        written = write(plan(root, load_config(root)[0].products[0], product, owner, domain))
    except (InitError, OSError) as err:
        click.echo(f"dpc: {err}", err=True)
        sys.exit(EXIT_USAGE)
    for path in written:
        click.echo(display_path(path, cwd))
    click.echo(f"dpc: created data product {product} ({len(written)} files); next: dpc lint", err=True)


def main() -> None:
    try:
        cli.main(prog_name="dpc")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("dpc: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # never a traceback: one line, exit 2
        click.echo(f"dpc: internal error: {type(err).__name__}: {err}", err=True)
        sys.exit(EXIT_USAGE)
