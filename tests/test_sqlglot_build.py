"""sqlglot's compiled build (sqlglotc) is a default dependency where wheels exist, matched to sqlglot's
version, and pure sqlglot is the working fallback when the compiled part cannot be imported: the SQL
cases print the same findings (compiler/sql/engine.py)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from casekit import CASES, REPO, copy_inputs, expected

# Runs `dpc ARGS...` in the folder given with sqlglot's extension modules refusing to load (as a wheel of
# another CPU would), then says which build answered: the file behind sqlglot's tokenizer core.
BROKEN = """\
import json, os, sys
from importlib.machinery import EXTENSION_SUFFIXES, PathFinder

class Broken:
    def create_module(self, spec):
        raise ImportError(f"cannot load {spec.origin}")
    def exec_module(self, module):
        raise ImportError("unreachable")

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] != "sqlglot":
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is not None and str(spec.origin).endswith(tuple(EXTENSION_SUFFIXES)):
            spec.loader = Broken()
            return spec
        return None

sys.meta_path.insert(0, Blocker())
from click.testing import CliRunner
from compiler.cli import cli
os.chdir(sys.argv[1])
r = CliRunner().invoke(cli, json.loads(sys.argv[2]), catch_exceptions=False)
sys.stdout.write(r.stdout)
core = sys.modules["sqlglot.tokenizer_core"].__file__
print(r.exit_code, "source" if core.endswith(".py") else "compiled")
"""


def _dependencies() -> list[str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def test_the_compiled_build_is_a_dependency_where_sqlglotc_has_wheels_and_matches_sqlglots_version() -> None:
    compiled = [d for d in _dependencies() if d.startswith("sqlglot[c]")]
    assert compiled == ["sqlglot[c]>=30 ; platform_python_implementation == 'CPython' and ((sys_platform == "
                        "'linux' and (platform_machine == 'x86_64' or platform_machine == 'aarch64')) or "
                        "sys_platform == 'darwin' or (sys_platform == 'win32' and platform_machine == 'AMD64'))"]
    assert "sqlglot>=25" in [d.split(" ;")[0] for d in _dependencies()]  # pure sqlglot everywhere else
    assert metadata.version("sqlglotc") == metadata.version("sqlglot")  # this machine is one of those


def test_the_compiled_build_is_what_a_lint_uses_when_it_imports() -> None:
    probe = BROKEN.replace("sys.meta_path.insert(0, Blocker())", "")
    done = subprocess.run([sys.executable, "-c", probe, str(CASES / "lint" / "sql-files"), '["lint", "."]'],
                          capture_output=True, text=True, env={"DPC_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
                          timeout=120)
    assert done.stdout.splitlines()[-1] == "1 compiled", done.stderr


@pytest.mark.parametrize("case", ["sql-files", "sql-syntax"])
def test_pure_sqlglot_answers_with_the_same_findings_when_the_compiled_part_cannot_be_imported(
        case: str, tmp_path: Path) -> None:
    folder = CASES / "lint" / case
    copy_inputs(folder, tmp_path)
    done = subprocess.run([sys.executable, "-c", BROKEN, str(tmp_path), (folder / "args").read_text()],
                          capture_output=True, text=True, env={"DPC_NO_CACHE": "1", "PATH": "/usr/bin:/bin",
                                                               "HOME": str(tmp_path)}, timeout=120)
    want = expected(folder)
    assert done.stdout == want.stdout + f"{want.exit} source\n", done.stderr
