"""Generated input through dpc: arbitrary bytes, arbitrary YAML, raw YAML-ish text, and the costly shapes
of issue 16: many-document files, colon runs, glob patterns, did-you-mean pools, template expressions.

Every case must end with exit 0, 1 or 2, no traceback, no internal error (:func:`robust.check_sane`),
within the deadline. Cases are drawn the same way on every run (the "ci" profile in conftest.py).
"""

from __future__ import annotations

import difflib
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from robust import check_sane, run_main, run_process

from compiler.core import budget
from compiler.core.suggest import closest
from compiler.expand import limits
from compiler.expand.render import Renderer, TemplateProblem
from compiler.load.yamlload import decode, parse_text
from compiler.project.config import _glob

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


# The shapes of issue 16: many-document files, colon runs, glob patterns, template expressions.
# Each draws the cases whose cost grew faster than their size, and asserts the bounded answer.

ALIAS_DOC = st.integers(1, 6).map(
    lambda levels: "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "x"] * 9) + "]\n"
                           for i in range(levels)))


@settings(max_examples=60, deadline=timedelta(seconds=5))
@given(docs=st.lists(ALIAS_DOC | VALUES.map(lambda v: emit(v, 0, []).lstrip("\n") + "\n"), min_size=1, max_size=60))
def test_many_documents_stay_within_one_file_budget(docs: list[str]) -> None:
    parsed = parse_text("m.yaml", "---\n".join(docs))
    built = sum(len(d.values) for d in parsed.documents)
    assert built <= budget.LIMITS.file_values + len(parsed.documents)
    if any(d.code == "Y010" for d in parsed.diagnostics):
        assert [d.code for d in parsed.diagnostics].count("Y010") == 1


@settings(max_examples=40, deadline=timedelta(seconds=5), phases=[Phase.explicit, Phase.generate])
@given(run=st.integers(1, 20_000), unit=st.sampled_from(["x:", ":", "a:b", "x:x@", "::", ":/"]))
def test_colon_runs_are_linted_in_bounded_time(folder: Path, run: int, unit: str) -> None:
    _lint(folder, "colons.yaml", f"name: n\nversion: v1\ntype: workflow\ndescription: '{unit * run}'\n".encode())


def _reference_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression the ignore globs were once compiled to: exact, but exponential."""
    out, i, text = [], 0, pattern.strip("/")
    while i < len(text):
        for token, regex in (("**/", "(?:.*/)?"), ("**", ".*"), ("*", "[^/]*"), ("?", "[^/]")):
            if text.startswith(token, i):
                out.append(regex)
                i += len(token)
                break
        else:
            out.append(re.escape(text[i]))
            i += 1
    return re.compile("".join(out))


GLOB = st.lists(st.sampled_from(["a", "b", "/", "*", "**", "**/", "?", "."]), max_size=8).map("".join)
GLOB_PATH = st.lists(st.sampled_from(["a", "b", "/", "."]), max_size=10).map("".join)


@settings(max_examples=1500, deadline=timedelta(seconds=1))
@given(pattern=GLOB, path=GLOB_PATH)
def test_the_linear_glob_matches_what_the_regex_matched(pattern: str, path: str) -> None:
    assert _glob(pattern).fullmatch(path) == bool(_reference_glob(pattern).fullmatch(path))


@settings(max_examples=30, deadline=timedelta(seconds=2))
@given(stars=st.integers(1, 40), depth=st.integers(1, 300), tail=st.sampled_from(["x", "*.yaml", "?", "**"]))
def test_many_globstars_match_long_paths_quickly(stars: int, depth: int, tail: str) -> None:
    _glob("**/" * stars + tail).fullmatch("/".join(["d"] * depth) + "/y")


def _old_closest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """did-you-mean as a full scan of every name: the answers the index must keep."""
    pool = sorted(set(candidates))
    same_case = [c for c in pool if c.lower() == word.lower() and c != word]
    if same_case:
        return same_case[:n]
    lowered = {c.lower(): c for c in pool}
    return [lowered[h] for h in difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.7)]


NAME = st.text(alphabet="abcdeAB-_01", min_size=1, max_size=12)


@settings(max_examples=400, deadline=timedelta(seconds=2))
@given(word=NAME, pool=st.lists(NAME, max_size=60))
def test_did_you_mean_through_the_index_gives_the_full_scan_s_answers(word: str, pool: list[str]) -> None:
    with budget.run():
        assert closest(word, pool) == _old_closest(word, pool)


ATOM = st.sampled_from(["'a'", "'a' * 99999", "9", "9 ** 64", "[1, 2]", "['a' * 99999] * 99999", "range(9)",
                        "'%s' * 999", "'{0}' * 999", "'\\t' * 9999", "vars.n"])
OPERATION = st.sampled_from(["({0}) * ({1})", "({0}) ** ({1})", "({0}) + ({1})", "({0}) ~ ({1})", "({0}) % ({1})",
                             "({0})|join", "({0})|list", "({0})|wordwrap(1)", "({0}).format({1})",
                             "({0}).expandtabs(9999)", "({0})|replace('a', {1})", "({0}).translate({{97: {1}}})"])
EXPRESSION = st.recursive(ATOM, lambda kids: st.tuples(OPERATION, kids, kids).map(lambda t: t[0].format(t[1], t[2])),
                          max_leaves=6)
FRAME = st.sampled_from(["{{{{ {0} }}}}", "x{{{{ {0} }}}}", "{{% for i in {0} %}}{{% for j in {0} %}}.{{% endfor %}}"
                         "{{% endfor %}}", "{{% set s = {0} %}}{{{{ s ~ s ~ s }}}}"])


@settings(max_examples=150, deadline=timedelta(seconds=4))
@given(expression=EXPRESSION, frame=FRAME)
def test_template_expressions_are_bounded(expression: str, frame: str) -> None:
    renderer = Renderer({"env": {}, "product": {}, "vars": {"n": 3}})
    start = time.monotonic()
    try:
        value = renderer.render(frame.format(expression))
    except TemplateProblem as problem:
        assert problem.code in ("T001", "T002", "T003")
    else:
        assert limits.weight(value) <= limits.MAX_OUTPUT
    assert time.monotonic() - start < 3
