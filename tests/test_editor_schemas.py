"""The exported schemas as an editor uses them, checked with the real check-jsonschema: a known version is
validated by its schema, an unknown version is refused with the list of known ones, and the short form without
`version` is validated against the type's current version."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

GOOD = (REPO / "products/sales-360/depot/salesdb.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editor") / "s"
    subprocess.run([sys.executable, "-m", "compiler", "schema", "export", str(out)], check=True, capture_output=True)
    return out


def check(schemas: Path, tmp_path: Path, text: str) -> tuple[int, str]:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(text, encoding="utf-8")
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
    run = subprocess.run([tool, "--schemafile", str(schemas / "dataos/manifest.json"), str(manifest)],
                         capture_output=True, text=True, timeout=120)
    return run.returncode, (run.stdout + run.stderr).replace(str(manifest), "m.yaml")


def test_a_good_manifest_validates(schemas: Path, tmp_path: Path) -> None:
    assert check(schemas, tmp_path, GOOD) == (0, "ok -- validation done\n")


def test_an_unknown_version_is_refused_with_the_known_ones(schemas: Path, tmp_path: Path) -> None:
    assert check(schemas, tmp_path, GOOD.replace("version: v2alpha", "version: v9")) == (
        1, "Schema validation errors were encountered.\n  m.yaml::$.version: 'v9' is not one of ['v1', 'v2alpha']\n")


def test_the_short_form_without_version_is_checked_against_the_current_version(schemas: Path, tmp_path: Path) -> None:
    terse = GOOD.replace("version: v2alpha\n", "")
    assert check(schemas, tmp_path, terse) == (0, "ok -- validation done\n")
    assert check(schemas, tmp_path, terse.replace("  postgresql:\n", "  postgresq:\n")) == (
        1, "Schema validation errors were encountered.\n"
           "  m.yaml::$.depot: Additional properties are not allowed ('postgresq' was unexpected)\n")
