"""``dpc schema export``: the schemas as editor files, only into an empty folder or an earlier export."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import CASES, REPO
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from ruamel.yaml import YAML

SOURCE = sorted(p.relative_to(REPO / "schemas").as_posix() for p in (REPO / "schemas").rglob("*.json"))
_TYPES = json.loads((REPO / "schemas/dataos/catalog.json").read_text(encoding="utf-8"))["types"].values()
# the current version of each type once more with `version` optional, for the short form dpc build completes
TERSE = sorted({"dataos/" + t["versions"][t["current"]]["schema"].removesuffix(".json") + ".terse.json"
                for t in _TYPES})


def exported(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def validator(folder: Path) -> Draft202012Validator:
    """What an editor does with the modeline: load manifest.json and follow its relative $refs."""
    registry = Registry(retrieve=lambda uri: Resource.from_contents(json.loads(Path(uri[len("file://"):]).read_text())))
    schema = json.loads((folder / "dataos/manifest.json").read_text())
    return Draft202012Validator({**schema, "$id": (folder / "dataos/manifest.json").resolve().as_uri()},
                                registry=registry)


def test_export_writes_every_schema_plus_the_dispatcher(dpc, tmp_path: Path) -> None:
    run = dpc("schema", "export", "schemas-out", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "")
    count = len(SOURCE) + len(TERSE) + 1
    assert run.stderr == (f"dpc: wrote {count} schemas to schemas-out; schemas-out/dataos/manifest.json "
                          "matches any DataOS manifest\n")
    out = tmp_path / "schemas-out"
    assert exported(out) == sorted([".dpc-schemas", "dataos/manifest.json", *SOURCE, *TERSE])
    assert (out / "spec/dpc.json").read_bytes() == (REPO / "schemas/spec/dpc.json").read_bytes()


def test_exported_schemas_accept_the_example_products_and_reject_a_typo(dpc, tmp_path: Path) -> None:
    assert dpc("schema", "export", str(tmp_path / "s")).exit_code == 0
    check = validator(tmp_path / "s")
    yaml = YAML(typ="safe")
    for product in ("sales-360", "customer-churn"):
        for path in sorted((REPO / "products" / product).rglob("*.yaml")):
            for doc in yaml.load_all(path.read_text()):
                assert [e.message for e in check.iter_errors(doc)] == [], path
    typo = yaml.load((CASES / "lint" / "unknown-key" / "unknown-key.yaml").read_text())
    assert any("'descripton' was unexpected" in e.message for e in check.iter_errors(typo))


def test_export_refreshes_an_earlier_export_and_removes_only_its_own_stale_files(dpc, tmp_path: Path) -> None:
    out = tmp_path / "s"
    assert dpc("schema", "export", str(out)).exit_code == 0
    marker = out / ".dpc-schemas"
    marker.write_text(marker.read_text() + "dataos/old/v0.json\n")
    (out / "dataos/old").mkdir()
    (out / "dataos/old/v0.json").write_text("{}")
    (out / "notes.txt").write_text("mine")
    run = dpc("schema", "export", str(out))
    assert run.exit_code == 0
    assert ", removed 1 old;" in run.stderr
    assert not (out / "dataos/old/v0.json").exists()
    assert (out / "notes.txt").read_text() == "mine"


def test_export_refuses_a_folder_that_is_not_an_earlier_export(dpc, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# mine\n")
    run = dpc("schema", "export", "docs", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ("dpc: docs is not empty and holds no earlier export (.dpc-schemas); "
                          "choose an empty or new folder\n")
    assert exported(tmp_path / "docs") == ["index.md"]


def test_export_never_writes_through_a_link_out_of_the_folder(dpc, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "s"
    out.mkdir()
    (out / ".dpc-schemas").write_text("dpc schema export\n")
    os.symlink(outside, out / "dataos")
    run = dpc("schema", "export", str(out))
    assert run.exit_code == 2
    assert run.stderr.startswith("dpc: refusing to write dataos/")
    assert list(outside.iterdir()) == []


def test_rules_lists_one_stage(dpc) -> None:
    run = dpc("rules", "p")
    assert run.stdout.splitlines()[1:] == [
        "P002  error    suppression-without-reason  an inline suppression gives no reason",
        "P003  warning  unused-suppression          an inline suppression suppresses nothing",
        "P004  warning  unknown-code                a suppression or dpc.yaml names a code dpc does not have",
        "P005  error    plaintext-secret            a credential is written out in plaintext",
        "P006  error    credential-in-manifest      a value has the shape of a credential",
        "P007  error    committed-dataos-folder     a .dataos/ folder is in the repository",
        "P008  warning  plaintext-secret-setting    a value kept in a secret is written out in plaintext",
        "P009  error    credential-in-file          a SQL or template file holds a credential",
        "P020  warning  stale-baseline-entry        a baseline entry no longer occurs",
        "P030  error    invalid-cron                a schedule's cron expression does not parse",
        "P031  error    unknown-timezone            a schedule's timezone is not an IANA time zone",
        "P032  error    invalid-end-on              a schedule's endOn is not an RFC 3339 timestamp",
        "P033  error    end-on-past                 a schedule's endOn is in the past",
        "P034  error    end-on-before-first-run     a schedule ends before its first run",
    ]
    bad = dpc("rules", "X")
    assert bad.exit_code == 2
    assert "Error: unknown stage 'X'; stages: Y (YAML well-formedness), S (schema), R (references)" in bad.stderr


def test_explain_a_suppression_code(dpc) -> None:
    assert dpc("explain", "P002").stdout == (
        "P002 suppression-without-reason (error, stage: product rules)\n\n"
        "an inline suppression gives no reason.\n\n"
        "`# dpc: ignore[CODE] reason` silences CODE on its line (or, as a comment line of its own, on the next "
        "line). The reason is required so that a reviewer can judge the exception later; the suppression still "
        "applies, and this finding asks for the reason.\n\n"
        "Bad:\n    stack: flair:7.0  # dpc: ignore[S013]\n\n"
        "Good:\n    stack: flair:7.0  # dpc: ignore[S013] custom stack, registered by the platform team\n"
    )
