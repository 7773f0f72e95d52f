"""Generated input through dpc: arbitrary bytes, arbitrary YAML, raw YAML-ish text.

Every case must end with exit 0, 1 or 2, no traceback, no internal error (:func:`robust.check_sane`),
within the deadline. Cases are drawn the same way on every run (the "ci" profile in conftest.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robust import check_sane, run_main, run_process

from compiler.load.yamlload import decode, parse_text

FAST = settings(max_examples=700, deadline=timedelta(seconds=5))

HEADERS = st.sampled_from([
    "", "name: x\nversion: v1\ntype: workflow\n", "name: s\nversion: v1\ntype: instance-secret\n",
    "name: d\nversion: v2alpha\ntype: depot\n", "---\n", "%YAML 1.2\n---\n",
])
KEYS = st.sampled_from(["name", "version", "type", "workflow", "dag", "spec", "stack", "stackSpec", "job",
                        "inputs", "outputs", "depot", "instance-secret", "data", "acl", "secrets", "tags",
                        "file", "sqlFile", "sql", "dependencies", "resources", "<<", "? x", "a b", "0x1f"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["${VAR}", "${{x}}", "<name>", "{{ env.name }}", "{{ x", "{% if %}", "flare:7.0",
                     "dataos://lakehouse:retail/orders", "../../etc/passwd", "/etc/passwd", "0o777", "1e999",
                     "0x" + "f" * 5000, "~", ".nan", "2024-01-01T00:00:00Z", "AKIAIOSFODNN7EXAMPLE", "*x"]),
)
VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(KEYS, kids, max_size=5),
                      max_leaves=25)
YAML_ISH = st.lists(st.sampled_from(list("ab1 :-[]{}&*!|>'\"%@`#,?\t\n\\$<>=~.") + ["\r\n", "---",
                                                                                         "...", "<<", "é", "\x00"]),
                    max_size=200).map("".join)


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return repr(value)


def emit(value, indent: int, flow: list[bool]) -> str:
    """YAML text for ``value``: block or flow style as ``flow`` says, item by item."""
    pick = flow.pop() if flow else False
    pad = " " * indent
    if isinstance(value, dict) and value:
        if pick:
            return "{" + ", ".join(f"{k}: {emit(v, 0, [True])}" for k, v in value.items()) + "}"
        return "\n" + "".join(f"{pad}{k}: {emit(v, indent + 2, flow)}\n".replace(":\n\n", ":\n")
                              for k, v in value.items()).rstrip("\n")
    if isinstance(value, list) and value:
        if pick:
            return "[" + ", ".join(emit(v, 0, [True]) for v in value) + "]"
        return "\n" + "\n".join(f"{pad}- {emit(v, indent + 2, flow).lstrip()}" for v in value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return _scalar(value)


def _lint(folder: Path, name: str, content: bytes) -> None:
    (folder / name).write_bytes(content)
    check_sane(run_main("lint", name, cwd=folder))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FAST
@given(raw=st.binary(max_size=3000))
def test_arbitrary_bytes(folder: Path, raw: bytes) -> None:
    _lint(folder, "a.yaml", raw)


@FAST
@given(header=HEADERS, body=VALUES, flow=st.lists(st.booleans(), max_size=12))
def test_arbitrary_yaml_documents(folder: Path, header: str, body, flow: list[bool]) -> None:
    text = header + emit(body, 0, flow).lstrip("\n") + "\n"
    _lint(folder, "b.yaml", text.encode("utf-8", "surrogatepass"))


@FAST
@given(header=HEADERS, text=YAML_ISH)
def test_raw_yaml_like_text(folder: Path, header: str, text: str) -> None:
    _lint(folder, "c.yaml", (header + text).encode("utf-8", "surrogatepass"))


@settings(max_examples=1500, deadline=timedelta(seconds=2))
@given(text=st.one_of(YAML_ISH, st.text(max_size=400)))
def test_the_parser_alone_never_raises(text: str) -> None:
    decoded, problem = decode("x.yaml", text.encode("utf-8", "surrogatepass"))
    if decoded is not None:
        parsed = parse_text("x.yaml", decoded)
        assert parsed.documents or parsed.diagnostics or not decoded.strip("\n -.")


@settings(max_examples=12, deadline=None)
@given(raw=st.binary(max_size=2000) | YAML_ISH.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_input_as_a_real_process(folder: Path, raw: bytes) -> None:
    (folder / "p.yaml").write_bytes(raw)
    for fmt in ("text", "json", "sarif"):
        check_sane(run_process("lint", "--format", fmt, "p.yaml", cwd=folder))
