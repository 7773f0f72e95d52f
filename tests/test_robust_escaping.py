"""Output injection: what a pull request writes (folder names, keys, values) never acts on the reader.

A folder name with a newline and ``::set-output``/``::error`` must not become a GitHub
workflow command; an escape character in a key must not reach the terminal raw; the JUnit XML
must stay parseable; a markdown table cell must stay one cell.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from robust import check_sane, run_main

from compiler.core.diagnostics import Diagnostic, Position, Result, Severity
from compiler.report.diff.markdown import _esc
from compiler.report.lint import github, junit, text

FOLDER = "x\n::set-output name=ok::pwned\n::error file=a::injected\n##[error]old-style"
KEY = "k\x1b[2J\x07\x00ey"


def _hostile(root: Path) -> Path:
    folder = root / "products" / "p" / FOLDER
    folder.mkdir(parents=True)
    (root / "dpc.yaml").write_text("products: [products]\n")
    (folder / "s.yaml").write_text('name: s-r\ntype: instance-secret\nversion: v1\ninstance-secret:\n'
                                   '  type: key-value\n  acl: r\n  data:\n    a: ${B}\n"k\\e[2J\\a\\0ey": 1\n')
    return root


def _commands(output: str) -> list[str]:
    """The lines the Actions runner would run, honouring ::stop-commands::."""
    out, stopped = [], None
    for line in output.splitlines():
        if stopped is not None:
            if line.strip() == f"::{stopped}::":
                stopped = None
            continue
        m = re.match(r"\s*::stop-commands::(.+)$", line)
        if m:
            stopped = m.group(1)
        elif line.strip().startswith("::") or "##[" in line:
            out.append(line)
    return out


def test_a_folder_name_cannot_inject_workflow_commands(tmp_path: Path) -> None:
    run = run_main("lint", "--format", "github", cwd=_hostile(tmp_path))
    check_sane(run)
    path = "products/p/x\\n::set-output name=ok::pwned\\n::error file=a::injected\\n##[error]old-style/s.yaml"
    prop = path.replace(":", "%3A").replace(",", "%2C")
    commands = _commands(run.stdout)
    assert commands == [
        f"::error file={prop},line=9,col=1,title=S006::unknown key 'k\\x1b[2J\\x07\\x00ey'%0Ahint: allowed keys: "
        "description, instance-secret, layer, name, owner, tags, type, version, workspace",
        f"::warning file={prop},line=1,col=7,title=R012::instance secret 's-r' is used by no depot, lens, lakehouse, "
        "cluster or job%0Ahint: delete it, or reference it where it is needed",
        "::notice title=dpc::dpc: 1 error, 1 warning in 1 file checked",
    ]
    assert "\x1b" not in run.stdout and "\x00" not in run.stdout
    listing = run.stdout.split("\n", 3)[3]
    token = re.match(r"::stop-commands::(dpc-[0-9a-f]{32})\n", listing)
    assert token and listing.endswith(f"::{token.group(1)}::\n")


def test_control_characters_are_escapes_in_text(tmp_path: Path) -> None:
    run = run_main("lint", cwd=_hostile(tmp_path))
    check_sane(run)
    assert next(line for line in run.stdout.splitlines() if "R012" in line) == (
        "products/p/x\\n::set-output name=ok::pwned\\n::error file=a::injected\\n##[error]old-style/s.yaml:1:7: "
        "warning R012 instance secret 's-r' is used by no depot, lens, lakehouse, cluster or job")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", run.stdout)


def test_junit_stays_parseable_xml(tmp_path: Path) -> None:
    run = run_main("lint", "--format", "junit", cwd=_hostile(tmp_path))
    check_sane(run)
    root = ET.fromstring(run.stdout.split("\n", 1)[1])
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message", "").startswith("unknown key 'k\\x1b[2J\\x07\\x00ey'")
    assert [s.get("name") for s in root.iter("testsuite")] == [
        "products/p/x\\n::set-output name=ok::pwned\\n::error file=a::injected\\n##[error]old-style/s.yaml"]


def test_every_control_character_keeps_junit_and_text_clean() -> None:
    nasty = "".join(map(chr, [*range(32), *range(0x7f, 0xa0), 0x2028, 0x2029]))
    d = Diagnostic("S006", Severity.ERROR, f"m{nasty}", Position(f"p{nasty}.yaml", 1, 1), f"h{nasty}")
    result = Result((d,), 1)
    ET.fromstring(junit.render(result).split("\n", 1)[1])
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", text.render(result).rstrip("\n").replace("\n  hint", ""))
    assert all(not line.startswith("::") or line.startswith(("::error file=", "::notice title=dpc::"))
               for line in github.render(result).splitlines())


def test_markdown_cells_stay_one_cell() -> None:
    assert _esc("a|b\nc`d`<e>\\f\x1b") == "a\\|b c\\`d\\`&lt;e&gt;\\\\f\\x1b"
