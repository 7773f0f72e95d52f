"""YAML text -> documents with a position for every key and value.

The fast path composes nodes with ruamel.yaml's C parser; only a file that fails to parse
is parsed again by the pure-Python parser, whose errors carry precise marks. Nodes are
turned into plain JSON-like values here (timestamps stay strings), so that schema
validation sees exactly what dataos-ctl would send, while positions live in side tables
keyed by the path of keys and indices from the document root.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from compiler.core import budget
from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.walk import JsonPath
from compiler.load import packed
from compiler.load.yamlguard import too_deep
from compiler.load.yamlwords import explain

try:  # the C parser is an optional extra of ruamel.yaml 0.19
    from ruamel.yaml.cyaml import CSafeLoader

    _CLoader: type[CSafeLoader] | None = CSafeLoader
except ImportError:  # pragma: no cover - exercised only without the extra
    _CLoader = None

LineCol = tuple[int, int]

MAX_DEPTH = 200
MAX_NODES = budget.LIMITS.file_values  # across all documents of a file
MAX_INT_BITS = 14_000  # about 4,200 decimal digits


@dataclass(frozen=True)
class Document:
    """One YAML document of a file, as plain data plus where each piece was written."""

    path: str
    index: int
    data: Any
    # JsonPath -> (line, col) of the value, and of the key naming it: read-only views (compiler.load.packed)
    # of the two dicts built by the parse, kept packed once the file's own checks are done (compact), or of
    # the packed text a restored document came with
    values: Mapping[JsonPath, LineCol] = field(repr=False)
    keys: Mapping[JsonPath, LineCol] = field(repr=False)

    def position(self, path: JsonPath, *, key: bool = False) -> Position:
        """The position of ``path``; the key's position when asked and known, else the closest parent's. A
        restored document answers from its packed text, without building its tables (compiler.load.packed)."""
        values, keys = self.values, self.keys
        if isinstance(values, packed.PackedPositions) and isinstance(keys, packed.PackedPositions) \
                and values.packed is keys.packed:
            return Position(self.path, *values.packed.nearest(path, key))
        return Position(self.path, *packed.nearest(values, keys, path, key))


@dataclass(frozen=True)
class ParsedFile:
    path: str
    text: str
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]


class _TooComplex(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.line, self.col = line, col


def _diag(code: str, path: str, line: int, col: int, message: str, hint: str | None = None,
          related: tuple[Position, ...] = ()) -> Diagnostic:
    return Diagnostic(code, rule(code).severity, message, Position(path, line, col), hint, related)


def _mark(node: Node) -> LineCol:
    m = node.start_mark
    return (m.line + 1, m.column + 1)


_INT_SIGN = re.compile(r"^[-+]")


def _to_int(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = _INT_SIGN.sub("", t)
    low = t.lower()
    if low.startswith("0x"):
        return sign * int(t[2:], 16)
    if low.startswith("0o"):
        return sign * int(t[2:], 8)
    if low.startswith("0b"):
        return sign * int(t[2:], 2)
    if ":" in t:  # YAML 1.1 sexagesimal
        value = 0
        for part in t.split(":"):
            value = value * 60 + int(part)
        return sign * value
    return sign * int(t or "0", 10)


def _to_float(text: str) -> float:
    t = text.replace("_", "").lower()
    if t in (".inf", "+.inf"):
        return math.inf
    if t == "-.inf":
        return -math.inf
    if t == ".nan":
        return math.nan
    return float(t)


_SCALARS = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() in ("true", "yes", "on", "y"),
    "tag:yaml.org,2002:int": _to_int,
    "tag:yaml.org,2002:float": _to_float,
}


def _scalar(node: ScalarNode) -> Any:
    convert = _SCALARS.get(node.tag or "")
    if convert is None:
        return node.value
    try:
        value = convert(node.value)
    except ValueError:
        return node.value
    # an integer too long to print (Python refuses str() past 4,300 digits) stays the text it was
    return node.value if isinstance(value, int) and value.bit_length() > MAX_INT_BITS else value


class _Builder:
    """Turns one composed node tree into plain values, recording positions and duplicate keys."""

    def __init__(self, path: str, before: int = 0):
        self.path = path
        self.values: dict[JsonPath, LineCol] = {}
        self.keys: dict[JsonPath, LineCol] = {}
        self.diagnostics: list[Diagnostic] = []
        self.count = before  # values the file's earlier documents expanded to
        self.alone = before == 0

    def build(self, node: Node, at: JsonPath, depth: int) -> Any:
        self.count += 1
        if depth > MAX_DEPTH:
            raise _TooComplex(f"the document nests more than {MAX_DEPTH} levels deep", *_mark(node))
        if self.count > MAX_NODES:
            whole = "the document expands" if self.alone else "the file's documents expand"
            raise _TooComplex(f"{whole} to more than {MAX_NODES:,} values{'' if self.alone else ' together'} "
                              "(an alias bomb?)", *_mark(node))
        self.values.setdefault(at, _mark(node))
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, at + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, at, depth)
        return None  # pragma: no cover - compose only yields the three node kinds

    def _mapping(self, node: MappingNode, at: JsonPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, LineCol] = {}
        repeated: list[tuple[int, str, LineCol, LineCol]] = []  # (index in the mapping, key, first, again)
        for index, (knode, vnode) in enumerate(node.value):
            if knode.tag == "tag:yaml.org,2002:merge":
                self._merge(out, vnode, at, depth)
                continue
            key = self._key(knode, at, depth)
            kpos = _mark(knode)
            if key in first_seen:
                repeated.append((index, key, first_seen[key], kpos))
            first_seen[key] = kpos
            child = at + (key,)
            self.keys[child] = kpos
            self.values[child] = _mark(vnode)
            out[key] = self.build(vnode, child, depth + 1)
        self.diagnostics.extend(self._repeated(repeated))
        return out

    def _repeated(self, repeated: list[tuple[int, str, LineCol, LineCol]]) -> list[Diagnostic]:
        """Y002 once per run of consecutive repeated keys: one pasted block is one finding naming its lines."""
        runs: list[list[tuple[int, str, LineCol, LineCol]]] = []
        for entry in repeated:
            if runs and entry[0] == runs[-1][-1][0] + 1:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        out = []
        for run in runs:
            (_, key, first, again), last = run[0], run[-1]
            if len(run) == 1:
                message = f"duplicate key '{key}': first defined at line {first[0]}, defined again at line {again[0]}"
                hint = "remove one of them; YAML keeps only the last value"
            else:
                names = ", ".join(f"'{k}'" for _, k, _, _ in run)
                message = (f"lines {again[0]}-{last[3][0]} repeat the keys of lines {first[0]}-{last[2][0]} "
                           f"({names}): a pasted duplicate block")
                hint = "remove one of the blocks; YAML keeps only the last value of each key"
            out.append(_diag("Y002", self.path, *again, message, hint,
                             tuple(Position(self.path, *r[2]) for r in run)))
        return out

    def _key(self, knode: Node, at: JsonPath, depth: int) -> str:
        if isinstance(knode, ScalarNode):
            value = _scalar(knode)
            if isinstance(value, bool):
                return "true" if value else "false"
            return "null" if value is None else str(value)
        return str(self.build(knode, at + ("<key>",), depth + 1))

    def _merge(self, out: dict[str, Any], vnode: Node, at: JsonPath, depth: int) -> None:
        sources = vnode.value if isinstance(vnode, SequenceNode) else [vnode]
        for src in sources:
            value = self.build(src, at, depth + 1)
            if isinstance(value, dict):
                for k, v in value.items():
                    out.setdefault(k, v)


def _compose(text: str) -> list[Node]:
    with warnings.catch_warnings():  # ruamel warns of a reused anchor by printing the lines, values and all
        warnings.simplefilter("ignore")
        return _compose_quietly(text)


def _compose_quietly(text: str) -> list[Node]:
    if _CLoader is not None:
        try:
            loader = _CLoader(text)
            nodes: list[Node] = []
            while loader.check_node():
                nodes.append(loader.get_node())
            return nodes
        except MarkedYAMLError:
            # the pure parser words errors better, but takes about 13 s a megabyte: a large file
            # gets the C parser's error at the C parser's position
            if len(text) > budget.LIMITS.pure_parse_chars:
                raise
        except Exception:  # the C parser's other errors carry no usable marks; ask the pure parser
            pass
    return _compose_pure(text)


def _compose_pure(text: str) -> list[Node]:
    from ruamel.yaml import YAML

    return list(YAML(typ="safe", pure=True).compose_all(text))


_FOUND_TEXT = re.compile(r"(but found|found unknown escape character) '(?!<)[^']{2,}'")  # may quote a secret
_NAMED = re.compile(r"\s*'(?!<)[^']*'")  # the name of an alias or anchor: the text after '*' or '&', maybe a secret


def _syntax_diagnostic(path: str, text: str, err: MarkedYAMLError) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = _FOUND_TEXT.sub(r"\1 something else", (err.problem or "the parser stopped here").strip())
    if "alias" in problem or "anchor" in problem:  # "found undefined alias '<the value after *>'"
        problem = _NAMED.sub("", problem) + " (a value starting with '*' or '&' must be quoted)"
    if "'\\t'" in problem or "tab" in problem.lower():
        return _diag("Y003", path, line, col, "tab character used for indentation; YAML allows only spaces",
                     "replace the tab with spaces")
    words = explain(err, text)
    if words is not None:
        return _diag("Y001", path, words.line, words.col, f"YAML syntax error: {words.message}", words.hint)
    message = problem
    if err.context and err.context_mark is not None:
        message += f" ({err.context} at line {err.context_mark.line + 1})"
    elif err.context:
        message += f" ({err.context})"
    return _diag("Y001", path, line, col, f"YAML syntax error: {message}")


def parse_text(path: str, text: str) -> ParsedFile:
    """Parse ``text`` (already decoded). Never raises for bad YAML: problems come back as diagnostics."""
    deep = too_deep(text, MAX_DEPTH)  # before composing: too deep a text crashes the C parser
    if deep is not None:
        return ParsedFile(path, text, (), (_diag("Y010", path, deep.line, deep.col,
                          f"the document nests more than {MAX_DEPTH} levels deep"),))
    try:
        nodes = _compose(text)
    except MarkedYAMLError as err:
        return ParsedFile(path, text, (), (_syntax_diagnostic(path, text, err),))
    except ReaderError as err:  # a control character: the reader refuses it before any parsing
        before = text[: err.position]
        line, col = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
        return ParsedFile(path, text, (), (_diag("Y001", path, line, col, "YAML syntax error: control character "
                          f"#x{err.character:04x} is not allowed in YAML text", "remove it or escape it "
                          "inside a double-quoted string"),))
    except RecursionError:
        return ParsedFile(path, text, (), (_diag("Y010", path, 1, 1,
                          "the YAML nests too deeply to be parsed"),))
    if not nodes:
        return ParsedFile(path, text, (), (_diag("Y004", path, 1, 1, "the file holds no YAML document"),))
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    spent = 0  # values of the file so far: the alias-bomb bound holds for the whole file
    for index, node in enumerate(nodes):
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~"):
            if len(nodes) == 1:
                diagnostics.append(_diag("Y004", path, 1, 1, "the file holds no YAML document"))
            else:
                diagnostics.append(_diag("Y007", path, *_mark(node),
                                         f"document {index + 1} of {len(nodes)} is empty",
                                         "remove the stray '---'"))
            continue
        builder = _Builder(path, spent)
        try:
            data = builder.build(node, (), 0)
            budget.current().spend_values(builder.count - spent)
        except (_TooComplex, RecursionError, budget.Exhausted) as err:
            nested = isinstance(err, _TooComplex) and "deep" in str(err)
            line, col = (err.line, err.col) if isinstance(err, _TooComplex) and nested else _mark(node)
            message = "the document nests too deeply" if isinstance(err, RecursionError) else str(err)
            diagnostics.append(_diag("Y010", path, line, col, message))
            if nested:
                continue
            break  # the file's (or the run's) values are spent: its later documents are not built
        spent = builder.count
        diagnostics.extend(builder.diagnostics)
        values, keys = packed.holding(builder.values, builder.keys, functools.partial(reparsed, path, text, index))
        documents.append(Document(path, index, data, values, keys))
    return ParsedFile(path, text, tuple(documents), tuple(diagnostics))


def reparsed(path: str, text: str, index: int) -> packed.Tables:
    """The position tables of document ``index`` of ``text`` parsed again (a packed text that does not
    decode); empty when the text no longer has that document."""
    for doc in parse_text(path, text).documents:
        if doc.index == index:
            return dict(doc.values), dict(doc.keys)
    return {}, {}


def compact(parsed: ParsedFile) -> None:
    """Each document's positions kept packed from now on (compiler.load.packed): for a file whose own
    checks are done, its documents are asked for a few positions each, never for whole tables."""
    for doc in parsed.documents:
        packed.compact(doc.values)


def decode(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    """Bytes -> text, or the diagnostic saying why the file is not YAML text."""
    if b"\x00" in raw[:8192]:
        return None, _diag("Y008", path, 1, 1, "binary file (it contains NUL bytes); not parsed")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        return None, _diag("Y005", path, line, col,
                           f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
                           "re-save the file as UTF-8")
    return text.replace("\r\n", "\n"), None
