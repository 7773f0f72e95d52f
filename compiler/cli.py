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
FORMATS = ("text", "json")  # kept in step with compiler.reporters.REPORTERS (tested)


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
@click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True,
              metavar="BYTES", help="Refuse (Y009) files larger than this.")
def lint(paths: tuple[Path, ...], fmt: str, fail_on: str, max_file_size: int) -> None:
    """Check DataOS manifests: YAML, schemas, names, placeholders.

    With no PATH, checks the repository's products/ folder (or the current directory).
    """
    from compiler.diagnostics import Severity
    from compiler.discover import default_targets
    from compiler.pipeline import LintOptions, lint as run_lint
    from compiler.reporters import REPORTERS
    from compiler.reporters.text import summary

    cwd = Path.cwd()
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {missing[0]}")
    targets = tuple(Path(os.path.abspath(p)) for p in paths) or tuple(default_targets(cwd))
    result = run_lint(LintOptions(targets, cwd, max_file_size))
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
    from compiler.codes import RULES, STAGES
    from compiler.suggest import did_you_mean

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


@cli.command()
def rules() -> None:
    """List every diagnostic code with its default severity."""
    from compiler.codes import RULES

    for r in RULES.values():
        click.echo(f"{r.code}  {r.severity.label:<7}  {r.slug:<22}  {r.summary}")


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
