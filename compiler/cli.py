"""The ``dpc`` command line: click options -> a pipeline call -> an exit code.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or environment
errors (including any internal error, which is reported as one line, never a traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import click

from compiler import __version__
from compiler.core import budget, jobs

# The commands import what they use when they run (start-up time).

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# kept in step with compiler.report.lint.REPORTERS (tested)
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def _colour(stream: TextIO) -> bool:
    from compiler.report.colour import use_colour

    return use_colour("auto", stream, os.environ)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dpc", message="%(prog)s %(version)s")
def cli() -> None:
    """dpc, the DataOS data product compiler: lint, resolve, build and diff data products in git."""
    problem = jobs.problem()  # the environment of every command
    if problem is not None:
        raise click.UsageError(problem)


def _codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from compiler.rules.select import entries, unknown

    found = entries(values)
    problem = unknown(found)
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return found


def _exit_code(failures: bool, findings: bool, exit_zero: bool = False) -> int:
    """The one exit-code rule: 2 for usage or environment errors, 1 for findings that fail, else 0."""
    if failures:
        return EXIT_USAGE
    return EXIT_FINDINGS if findings and not exit_zero else EXIT_OK


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: github inside GitHub Actions (GITHUB_ACTIONS=true), else text].")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes dpc exit 1.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
              help="Refuse (Y009) files larger than this [default: dpc.yaml's maxFileSize, else 5 MiB].")
@click.option("--select", multiple=True, callback=_codes, metavar="CODES",
              help="Report only these codes, families (S) or prefixes (S00); comma-separated, repeatable.")
@click.option("--ignore", multiple=True, callback=_codes, metavar="CODES",
              help="Do not report these codes, families or prefixes; the longer of --select/--ignore wins.")
@click.option("--output-file", "-o", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Write the report to FILE (whole or not at all) instead of stdout.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line and no progress on stderr.")
@click.option("--statistics", is_flag=True, help="After the report, count the findings of each code.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (2 still means dpc could not run).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text format (auto: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("--staged", is_flag=True,
              help="Check the files staged in git (deletions included) against the whole repository: the "
                   "pre-commit hook's mode, one resolution however many files are staged.")
@click.option("--stdin-filename", metavar="PATH",
              help="With the path '-': lint stdin as this file of the repository (an editor's unsaved buffer).")
@click.option("--fix", is_flag=True, help="Apply the fixes that leave no choice (dpc rules marks the codes), then "
              "report what remains; with '-', print the fixed text and report on stderr.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes --fix would make as a unified diff, write nothing; exit 1 when there is any.")
def lint(paths: tuple[str, ...], fmt: str | None, fail_on: str, max_file_size: int | None, select: tuple[str, ...],
         ignore: tuple[str, ...], output_file: Path | None, quiet: bool, statistics: bool, exit_zero: bool,
         color: str, staged: bool, stdin_filename: str | None, fix: bool, show_diff: bool) -> None:
    """Check DataOS manifests: YAML, schemas, names, placeholders, references.

    With no PATH, checks the repository's products/ folder (or the current directory). PATH '-' reads stdin
    (with --stdin-filename).
    """
    from compiler.commands import lintfix as fixes
    from compiler.commands.lint import STDIN, LintRequest, default_format, run, write_output
    from compiler.core.diagnostics import Severity
    from compiler.report.colour import use_colour
    from compiler.report.lint import statistics as stats
    from compiler.report.lint.text import summary
    from compiler.report.progress import Progress
    from compiler.rules.select import Selection

    if staged and paths:
        raise click.UsageError("--staged takes no PATH: git says which files are staged")
    if STDIN in paths and not stdin_filename:
        raise click.UsageError("reading stdin ('-') needs --stdin-filename PATH: the file it stands for")
    missing = [p for p in paths if p != STDIN and not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {missing[0]}")
    fmt = fmt or default_format(os.environ)
    colour = fmt == "text" and output_file is None and use_colour(color, sys.stdout, os.environ)  # type: ignore[arg-type]
    progress = Progress(sys.stderr, enabled=not quiet)
    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    request = LintRequest(paths, Path.cwd(), fmt, colour, max_file_size, Selection(select, ignore), stdin,
                          stdin_filename, progress.update, staged)
    try:
        fixing = fixes.run(request, write=not show_diff) if fix or show_diff else None
        outcome = fixing.lint if fixing else run(request)
    finally:
        progress.close()
    result = outcome.result
    if fixing is not None:
        for line in fixing.refused:
            click.echo(f"dpc: {line}", err=True)
    if fixing is not None and show_diff:
        click.echo(fixing.diff(), nl=False)
        for failure in result.failures:
            click.echo(f"dpc: {failure}", err=True)
        if not quiet:
            click.echo(f"dpc: {fixing.would()}", err=True)
        sys.exit(_exit_code(bool(result.failures), bool(fixing.changes)))
    fixed_stdin = fixing.stdin if fixing is not None else None
    if fixed_stdin is not None:  # ``-`` with --fix: stdout is the fixed text, the report goes to stderr
        click.echo(fixed_stdin, nl=False)
    if output_file is not None:
        try:
            write_output(output_file, outcome.report)
        except OSError as err:
            click.echo(f"dpc: cannot write {output_file}: {err.strerror or err}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        click.echo(outcome.report, nl=False, color=colour, err=fixed_stdin is not None)
    if statistics:
        click.echo(stats.render(result), nl=False, err=fixed_stdin is not None)
    for failure in result.failures:
        click.echo(f"dpc: {failure}", err=True)
    if fmt == "text" and not quiet:
        fixable = 0 if fixing else fixes.fixable_now(outcome, request)
        click.echo(summary(result) + (f" ({fixing.note()})" if fixing else "")
                   + (f"; {fixable} fixable with dpc lint --fix" if fixable else ""), err=True)
    elif fixing is not None and not quiet:
        click.echo(f"dpc: {fixing.note()}", err=True)
    worst = result.worst
    sys.exit(_exit_code(bool(result.failures), worst is not None and worst >= Severity.parse(fail_on), exit_zero))


@cli.command("baseline")
@click.option("--env", "env", metavar="ENV", help="Environment the build findings are recorded for.")
def baseline_command(env: str | None) -> None:
    """Record today's findings in .dpc-baseline.json: lint, build and the hooks then fail only on new ones.

    Commit the file. Entries that no longer occur are reported (P020); run dpc baseline again to drop them.
    """
    from compiler.commands.baseline import record
    from compiler.core.paths import display_path
    from compiler.core.words import plural

    cwd = Path.cwd()
    done = record(cwd, env)
    click.echo(f"dpc: recorded {plural(done.findings, 'finding')} in {plural(done.files, 'file')} in "
               f"{display_path(done.path, cwd)}; "
               "commit it", err=True)


@cli.group()
def platform() -> None:
    """What exists outside the repository: platform.yaml."""


@platform.command("init")
@click.option("--force", is_flag=True, help="Replace an existing platform.yaml.")
def platform_init(force: bool) -> None:
    """Write platform.yaml listing the external names the repository uses (depots, clusters, computes,
    secrets... defined nowhere in it), for the team to review."""
    from compiler.commands.platform import PlatformError, init

    try:
        path, count = init(Path.cwd(), force)
    except (PlatformError, OSError) as err:
        click.echo(f"dpc: {err}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"dpc: wrote {path.name} with {count} external names; review it and commit it", err=True)


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a diagnostic CODE: what it means, why it matters, a bad and a good example."""
    from compiler.commands import codes

    page, error = codes.explain(code)
    if error:
        raise click.UsageError(error)
    click.echo(page)


GRAPH_FORMATS = ("mermaid", "dot", "json")  # kept in step with compiler.resolve.render.RENDERERS (tested)


@cli.command()
@click.argument("products", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="mermaid", show_default=True,
              help="Output format.")
@click.option("--columns", is_flag=True, help="Draw column-level lineage: which dataset columns each written "
              "column comes from, and the checks, policies and SQL naming them.")
def graph(products: tuple[str, ...], fmt: str, columns: bool) -> None:
    """Draw each PRODUCT's resources and their dependencies, and the datasets linking products (default: all)."""
    from compiler.commands.graph import run

    text, error = run(Path.cwd(), products, fmt, columns)
    if error:
        raise click.UsageError(error)
    click.echo(text, nl=False)


@cli.command()
@click.argument("products", nargs=-1)
@click.option("--env", "env", metavar="ENV", help="Environment: environments/ENV.yaml (default: dpc.yaml's "
              "defaultEnvironment, else the built-in 'default').")
@click.option("--out", type=click.Path(path_type=Path), metavar="DIR",
              help="Output folder (default: dist/ENV in the repository).")
@click.option("--check", is_flag=True, help="Build in memory; exit 1 listing the files that differ from DIR.")
def build(products: tuple[str, ...], env: str | None, out: Path | None, check: bool) -> None:
    """Expand the products into self-contained DataOS manifests in dist/ENV/PRODUCT/.

    With no PRODUCT, builds every product of the repository.
    """
    from compiler.commands.build import shown
    from compiler.emit.runner import BuildOptions, run
    from compiler.report.progress import Progress

    cwd = Path.cwd()
    progress = Progress(sys.stderr)
    try:
        result = run(BuildOptions(cwd, env, Path(os.path.abspath(out)) if out else None, check, products,
                                  progress.update))
    finally:
        progress.close()
    for line in shown(result, cwd, check, _colour(sys.stdout)):
        click.echo(line.text, nl=line.nl, err=line.err)
    if result.failures:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if result.status in ("failed", "out of date") else EXIT_OK)


DIFF_FORMATS = ("text", "markdown", "json")  # kept in step with compiler.report.diff.FORMATS (tested)


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
    from compiler.core.diagnostics import Failure, Result
    from compiler.diff.runner import DiffOptions, run
    from compiler.report import failure as failure_line
    from compiler.report.diff import render
    from compiler.report.lint import text
    from compiler.report.progress import Progress

    progress = Progress(sys.stderr)
    try:
        outcome = run(DiffOptions(Path.cwd(), base, env, head, progress.update))
    finally:
        progress.close()
    if outcome.diagnostics:
        click.echo(text.render(Result(outcome.diagnostics, 0), _colour(sys.stderr)), err=True, nl=False)
    if outcome.failure or outcome.report is None:
        click.echo(failure_line.line(outcome.failure or Failure("internal error: no report")), err=True)
        sys.exit(EXIT_FINDINGS if outcome.diagnostics else EXIT_USAGE)
    click.echo(render(fmt, outcome.report, fmt == "text" and _colour(sys.stdout)), nl=False)
    errors = len(outcome.diagnostics) + len(outcome.report.problems) + len(outcome.report.breaking)
    if errors:  # the head's errors and the change's own (G010-G019, B001-B009): reported, the diff still printed
        click.echo(f"dpc: {errors} error" + ("s" if errors > 1 else "") + f" in {outcome.report.head}", err=True)
    sys.exit(EXIT_FINDINGS if errors or (exit_code and outcome.report.changed) else EXIT_OK)


@cli.command("mark-deployed")
@click.argument("rev", default="HEAD")
@click.option("--env", "env", metavar="ENV", required=True, help="The environment the commit was deployed to.")
def mark_deployed(rev: str, env: str) -> None:
    """Record REV (default HEAD) as deployed to ENV, in the git ref refs/dpc/deployed/ENV.

    dpc diff --env ENV then compares with it. Push the ref to share it.
    """
    from compiler.core.diagnostics import Failure
    from compiler.diff.deployed import mark
    from compiler.report import failure as failure_line

    marked = mark(Path.cwd(), env, rev)
    if isinstance(marked, Failure):
        click.echo(failure_line.line(marked), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{marked.ref} {marked.commit.sha} {marked.commit.subject}")
    was = f"was {marked.before[:12]}" if marked.before else "first record"
    click.echo(f"dpc: {marked.commit.short} recorded as deployed to {env} ({was}); share it: {marked.push}",
               err=True)


@cli.command()
@click.argument("stage", required=False)
def rules(stage: str | None) -> None:
    """List every diagnostic code with its default severity; STAGE (a letter: Y, S, R, P, T, G) lists one family.

    [fixable]: dpc lint --fix fixes the code's findings whose hint leaves no choice.
    """
    from compiler.commands import codes

    lines, error = codes.rules(stage)
    if error:
        raise click.UsageError(error)
    for line in lines:
        click.echo(line)


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
    from compiler.project.config import environments_folder, load_config

    cwd = Path.cwd()
    root = find_repo_root(cwd) or cwd
    config = load_config(root)[0]
    try:
        made = plan(root, config.products[0], product, owner, domain, environments_folder(root, config))
        written = write(made)
    except (InitError, OSError) as err:
        click.echo(f"dpc: {err}", err=True)
        sys.exit(EXIT_USAGE)
    for path in written:
        click.echo(display_path(path, cwd))
    shown = ", ".join(display_path(p, cwd) for p in made.environments)
    declared = f"; declared its variables in {shown}" if shown else ""
    click.echo(f"dpc: created data product {product} ({len(written)} files){declared}; next: dpc lint", err=True)


def main() -> None:
    try:
        with budget.run():  # one resource budget for the whole command (core/budget.py)
            cli.main(prog_name="dpc")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("dpc: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # never a traceback: one line, exit 2
        click.echo(f"dpc: internal error: {type(err).__name__}: {err}", err=True)
        sys.exit(EXIT_USAGE)
