"""The canonical YAML writer: whatever it writes reads back as the same data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.emit.yamlout import dump, scalar
from compiler.load.yamlload import parse_text

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(), st.sampled_from(["yes", "no", "on", "~", "1:20", "2024-01-01", "0x1F", "--ref=main", "- x",
                                "a: b", "x #y", "'q'", "\"d\"", "line\n", "two\nlines", "a\n\n", "\ttab",
                                " lead", "trail ", "", "null", ".inf", "1e5", "@at", "*star"]),
)
_data = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=10), _data, min_size=1, max_size=5))
def test_round_trip(data) -> None:
    text = dump(data)
    parsed = parse_text("x.yaml", text)
    assert parsed.diagnostics == ()
    assert parsed.documents[0].data == data


def test_exact_layout() -> None:
    data = {"name": "x", "tags": ["a", "yes"], "nested": [["p", "q"], {"id": 1, "spec": {}}],
            "sql": "SELECT 1\nFROM t\n", "empty": [], "none": None, "f": 1e-05}
    assert dump(data) == (
        "name: x\n"
        "tags:\n"
        "  - a\n"
        "  - 'yes'\n"
        "nested:\n"
        "  - - p\n"
        "    - q\n"
        "  - id: 1\n"
        "    spec: {}\n"
        "sql: |\n"
        "  SELECT 1\n"
        "  FROM t\n"
        "empty: []\n"
        "none: null\n"
        "f: 1.0e-05\n"
    )


def test_scalars_that_other_readers_would_misread_are_quoted() -> None:
    assert [scalar(v) for v in ("on", "1:20", "2024-01-01", "012", "true", "--ref=main", "")] == [
        "'on'", "'1:20'", "'2024-01-01'", "'012'", "'true'", "--ref=main", "''"]
