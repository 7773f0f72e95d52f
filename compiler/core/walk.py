"""Walking the plain data of a document: every string with the path of keys and indices to it."""

from __future__ import annotations


def strings(value) -> list[tuple[tuple, str]]:
    """(path, text) of every string in ``value``, in document order (a loop: any depth, any size)."""
    out: list[tuple[tuple, str]] = []
    stack: list[tuple[object, tuple]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            out.append((path, node))
        elif isinstance(node, dict):
            stack.extend(reversed([(v, path + (k,)) for k, v in node.items() if isinstance(v, (str, dict, list))]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, path + (i,)) for i, v in enumerate(node) if isinstance(v, (str, dict, list))]))
    return out
