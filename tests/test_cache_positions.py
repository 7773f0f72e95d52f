"""Packed positions (issue 13 item 3): a document restored from the cache answers every position question
exactly as the freshly parsed one does, and a packed text that does not decode is answered by parsing the
file again, never by a wrong position or a crash."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from compiler.core.diagnostics import Position
from compiler.load import packed, records
from compiler.load.yamlload import Document, ParsedFile, compact, parse_text

KEYS = st.sampled_from(["a", "name", "spec", "b c", "1", "true", "<<", "x:y", "é", "'q'"])
SCALARS = st.one_of(st.integers(-5, 10**6), st.booleans(), st.none(), st.sampled_from(["v", "", "a b", "1.5"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)

TRICKY = [
    "base: &b {x: 1, y: [2, 3]}\nuse:\n  <<: *b\n  z: 4\n",  # a merge: positions of the merged source
    "? [a, b]\n: complex key\n? {c: d}\n: mapping key\n",  # complex keys: '<key>' paths
    "a: 1\nb: 2\na: 3\nb: 4\n",  # repeated keys
    "---\n- x\n---\n---\nk: v\n",  # several documents, one empty
    "1: int key\ntrue: bool\nnull: n\n'\\0': nul\n",
    "just a scalar\n",
    "list:\n- - - deep\n    - [1, {q: r}]\n",
]


def _dump(value: Any, flow: bool) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = StringIO()
    yaml.dump_all([value, {"second": value}], out)
    return out.getvalue()


def _restored(parsed: ParsedFile) -> ParsedFile:
    stored = json.loads(json.dumps(records.parsed_to_json(parsed)))  # through JSON text, as the cache keeps it
    return records.parsed_from_json(parsed.path, parsed.text, stored)


def _questions(doc: Document) -> list[tuple[Any, ...]]:
    """Every path either table knows, each one's children that do not exist, and a few strays."""
    paths = set(doc.values) | set(doc.keys)
    return sorted({(), ("nope",), (0,), *paths, *(p + ("missing",) for p in paths), *(p + (99,) for p in paths)},
                  key=repr)


def _answers(doc: Document, like: Document | None = None) -> list[tuple[Position, Position]]:
    """Both positions of every question of ``like`` (else of ``doc``) put to ``doc``."""
    return [(doc.position(q), doc.position(q, key=True)) for q in _questions(like or doc)]


def _entries(doc: Document, like: Document | None = None) -> list[tuple[Any, ...]]:
    """Each question put to both tables one entry at a time: ``in``, ``get`` and ``[]``."""
    def item(table: Any, q: tuple[Any, ...]) -> Any:
        try:
            return table[q]
        except KeyError:
            return "KeyError"
    return [(q in t, t.get(q), t.get(q, "none"), item(t, q)) for q in _questions(like or doc)
            for t in (doc.values, doc.keys)]


def assert_same_positions(text: str) -> None:
    fresh = parse_text("p.yaml", text)
    back = _restored(fresh)
    assert len(back.documents) == len(fresh.documents)
    for a, b in zip(fresh.documents, back.documents, strict=True):
        assert (b.path, b.index, repr(b.data)) == (a.path, a.index, repr(a.data))
        assert _answers(b, a) == _answers(a)  # the questions of the fresh one: listing b's would build its tables
        assert _entries(b, a) == _entries(a)
        assert isinstance(b.values, packed.PackedPositions) and b.values.packed._tables is None  # from the lists
        assert (dict(b.values), dict(b.keys)) == (a.values, a.keys)
        assert _answers(b) == _answers(a) and _entries(b) == _entries(a)  # and from the tables once built
    assert back.diagnostics == fresh.diagnostics


def assert_compacted_keeps_positions(text: str) -> None:
    """A freshly parsed file whose positions are kept packed (compact, once its own checks are done) answers
    every question as before, and its cache record is the one of the file never compacted."""
    fresh, kept = parse_text("p.yaml", text), parse_text("p.yaml", text)
    compact(kept)
    for a, b in zip(fresh.documents, kept.documents, strict=True):
        assert isinstance(b.values, packed.PackedPositions) and b.values.packed is b.keys.packed
        try:
            packed.pack(a.values, a.keys)
            assert b.values.packed._tables is None and b.values.packed._text is not None
        except packed.Unpackable:  # a boolean key: the tables stay
            assert b.values.packed._tables is not None and b.values.packed._text is None
        assert _answers(b, a) == _answers(a) and _entries(b, a) == _entries(a)
        assert (dict(b.values), dict(b.keys)) == (dict(a.values), dict(a.keys))
    try:
        record = records.parsed_to_json(fresh)
    except records.BadRecord:
        return
    assert records.parsed_to_json(kept) == record


@settings(max_examples=150, deadline=None)
@given(VALUES, st.booleans())
def test_a_restored_document_answers_every_position_as_a_fresh_parse(value: Any, flow: bool) -> None:
    assert_same_positions(_dump(value, flow))
    assert_compacted_keeps_positions(_dump(value, flow))


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_keep_every_position(text: str) -> None:
    assert_same_positions(text)
    assert_compacted_keeps_positions(text)


def test_a_restored_document_answers_one_path_without_building_its_tables() -> None:
    back = _restored(parse_text("p.yaml", "name: x\nspec:\n  a: [1, 2]\n"))
    doc = back.documents[0]
    assert isinstance(doc.values, packed.PackedPositions) and doc.values.packed._rows is None
    assert doc.position(("spec", "a", 1)) == Position("p.yaml", 3, 10)
    assert doc.position(("spec", "a"), key=True) == Position("p.yaml", 3, 3)
    assert doc.values.get(("spec", "a", 0)) == (3, 7) and ("spec", "b") not in doc.keys
    assert doc.values.packed._tables is None and doc.values.packed._rows is not None  # the lists, decoded once
    assert len(doc.values) == 6  # a whole table: the dicts are built, the lists and the text let go
    assert doc.values.packed._tables is not None and doc.values.packed._rows is doc.values.packed._text is None
    assert doc.position(("spec", "a", 1)) == Position("p.yaml", 3, 10)


def test_the_packed_text_is_the_one_restored_when_never_decoded() -> None:
    parsed = parse_text("p.yaml", "name: x\nspec: {a: 1}\n")
    first = records.parsed_to_json(parsed)
    again = records.parsed_to_json(_restored(parsed))  # not decoded: its text is written as it came
    assert again == first
    assert first[0][0] == [0, True, {"name": "x", "spec": {"a": 1}},
                           '[[0,"name",0,"spec",2,"a"],[1,1,1,7,2,7,2,11],[0,0,1,1,2,1,2,8]]']


@pytest.mark.parametrize("bad", ["", "not json", "[[],[],[]]", '[[5,"a"],[1,1,1,1],[0,0,0,0]]',
                                 '[[0,"a"],[1,1,"x",1],[0,0,0,0]]', '[[0,true],[1,1,1,1],[0,0,0,0]]', "[1,2]",
                                 '[[-1,"a"],[1,1,1,1],[0,0,0,0]]', '[[0,"name",0,"name"],[1,1,1,1,1,7],[0,0,1,1,1,1]]',
                                 '[[1,"a"],[1,1,1,1],[0,0,0,0]]', '[[0,"a"],[1,1,1,1,1],[0,0,0,0]]', '[{},[],[]]'])
def test_a_packed_text_that_does_not_decode_is_answered_by_parsing_again(bad: str) -> None:
    text = "name: x\nspec:\n  a: [1, 2]\n---\nother: 1\n"
    fresh = parse_text("p.yaml", text)
    stored = records.parsed_to_json(fresh)
    for doc in stored[0]:
        doc[3] = bad
    back = records.parsed_from_json("p.yaml", text, stored)
    for a, b in zip(fresh.documents, back.documents, strict=True):
        assert _answers(b) == _answers(a)


@pytest.mark.parametrize(("values", "keys"), [({("a",): (0, 1)}, {}), ({("a",): (1, 1)}, {(True,): (1, 1)}),
                                              ({(1.5,): (1, 1)}, {}), ({("a",): (1, True)}, {})])
def test_tables_the_packed_form_cannot_hold_keep_the_file_out_of_the_cache(values, keys) -> None:
    with pytest.raises(packed.Unpackable):
        packed.pack(values, keys)
    doc = Document("p.yaml", 0, {"a": 1}, values, keys)
    with pytest.raises(records.BadRecord):
        records.document_to_json(doc)


def test_paths_whose_prefixes_have_no_entry_round_trip() -> None:
    values = {("a", "b", 3): (4, 5), (): (1, 1)}
    keys = {("x", "<key>", 0): (2, 3)}
    assert packed.unpack(packed.pack(values, keys)) == (values, keys)
    assert packed.unpack(packed.pack({}, {})) == ({}, {})
