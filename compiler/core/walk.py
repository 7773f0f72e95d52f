"""Walking the plain data of a document: every string with the path of keys and indices to it."""

from __future__ import annotations

JsonPath = tuple[str | int, ...]  # keys (str) and indices (int) from a document root


def strings(value: object) -> list[tuple[JsonPath, str]]:
    """(path, text) of every string in ``value``, in document order (a loop: any depth, any size)."""
    out: list[tuple[JsonPath, str]] = []
    stack: list[tuple[object, JsonPath]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            out.append((path, node))
        elif isinstance(node, dict):
            stack.extend(reversed([(v, path + (k,)) for k, v in node.items() if isinstance(v, (str, dict, list))]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, path + (i,)) for i, v in enumerate(node) if isinstance(v, (str, dict, list))]))
    return out
