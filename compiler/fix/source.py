"""A file's text composed once by ruamel.yaml, its nodes indexed by the positions lint reports.

Positions are 1-based (line, column), as :mod:`compiler.load.yamlload` gives them from the same
composer, so a finding's position names one node here. A document in which one node is reached
twice (an alias, a merge key) is not indexed: an edit there would change every place that shares
the node, so no fix applies inside it. A text that does not compose has no source at all.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

LineCol = tuple[int, int]
BOM = "\ufeff"


def _at(node: Node) -> LineCol:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


@dataclass(frozen=True)
class Key:
    """A key of a mapping, the mapping that holds it, and the document's number in the file."""

    node: ScalarNode
    mapping: MappingNode
    document: int


@dataclass(frozen=True)
class Source:
    text: str  # without a byte-order mark: the text lint's positions count in
    keys: dict[LineCol, Key] = field(repr=False)
    roots: dict[LineCol, MappingNode] = field(repr=False)  # each document's top mapping (block style)
    documents: int = 0

    def key_names(self, mapping: MappingNode) -> list[str]:
        return [str(k.value) for k, _ in mapping.value if isinstance(k, ScalarNode)]


def compose(text: str) -> list[Node] | None:
    """The documents of ``text``, or None when it does not compose."""
    try:
        with warnings.catch_warnings():  # a reused anchor: lint has said what there is to say about it
            warnings.simplefilter("ignore")
            return [n for n in YAML(typ="safe", pure=True).compose_all(text) if n is not None]
    except Exception:  # noqa: BLE001 - any parser error (or a nesting too deep) means: not a text to fix
        return None


def parse(text: str) -> Source | None:
    nodes = compose(text)
    if nodes is None:
        return None
    keys: dict[LineCol, Key] = {}
    roots: dict[LineCol, MappingNode] = {}
    for index, root in enumerate(nodes):
        found: dict[LineCol, Key] = {}
        if not _walk(root, index, found, set()):
            continue  # a node shared by an alias: nothing in this document is fixed
        keys.update(found)
        if isinstance(root, MappingNode) and not root.flow_style:
            roots[_at(root)] = root
    return Source(text, keys, roots, len(nodes))


def _walk(node: Node, document: int, keys: dict[LineCol, Key], seen: set[int]) -> bool:
    """Index the mappings' plain or quoted keys under ``node``; False when a node is reached twice."""
    if id(node) in seen:
        return False
    seen.add(id(node))
    if isinstance(node, SequenceNode):
        return all(_walk(item, document, keys, seen) for item in node.value)
    if isinstance(node, MappingNode):
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                return False
            if isinstance(knode, ScalarNode) and knode.style in (None, "'", '"'):
                keys[_at(knode)] = Key(knode, node, document)
            if not (_walk(knode, document, keys, seen) and _walk(vnode, document, keys, seen)):
                return False
    return True


def value_of(mapping: MappingNode, name: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == name), None)


def key_of(mapping: MappingNode, name: str) -> ScalarNode | None:
    return next((k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == name), None)


def styled(node: ScalarNode, value: str) -> str | None:
    """``value`` written in ``node``'s quoting style (plain, single or double quotes), None for a block scalar."""
    quote = {None: "", "'": "'", '"': '"'}.get(node.style)
    return None if quote is None else f"{quote}{value}{quote}"


def one_line(text: str, node: Node) -> bool:
    return node.start_mark.line == node.end_mark.line and "\n" not in text[node.start_mark.index:node.end_mark.index]
