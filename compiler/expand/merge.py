"""Defaults merged under a resource spec, remembering where every value came from.

The rule (documented in the README, tested in tests/test_build_merge.py):

- layers, from weakest to strongest: built-in fills, the environment's ``defaults.<type>``,
  product.yaml's ``defaults.<type>``, the resource spec itself;
- mappings merge key by key, recursively; any other value (scalar or list) from a stronger
  layer replaces the weaker one whole: lists are never concatenated or merged item by item;
- a key set to ``null`` in a stronger layer removes the key (``schedule: null`` drops a
  default schedule);
- ``tags`` at the top of a manifest are the exception: the tags of every layer and the
  product's tags are union-merged, de-duplicated and sorted (see :func:`union_tags`).
"""

from __future__ import annotations

from typing import Any

from compiler.core.walk import JsonPath
from compiler.load.origin import Origin, Origins

Layer = tuple[Any, Origin]  # a value and the origin of its root


def merge(layers: list[Layer], origins: Origins, at: JsonPath = ()) -> Any:
    """Merge ``layers`` (weakest first) into one value, recording origins under ``at``."""
    value, origin = layers[-1]
    if not isinstance(value, dict):
        origins[at] = origin
        return value
    maps: list[Layer] = []
    for v, o in reversed(layers):  # a non-mapping in a stronger layer hides everything under it
        if not isinstance(v, dict):
            break
        maps.append((v, o))
    maps.reverse()
    origins[at] = origin
    if len(maps) == 1:
        return value
    out: dict[str, Any] = {}
    keys: dict[str, None] = {}
    for v, _ in maps:
        keys.update(dict.fromkeys(v))
    for key in keys:
        sub = [(v[key], o.child(key)) for v, o in maps if key in v]
        if sub[-1][0] is None and len(sub) > 1:
            continue
        out[key] = merge(sub, origins, at + (key,))
    return out


def union_tags(pairs: list[tuple[Any, Origin]]) -> tuple[list[str], dict[int, Origin]]:
    """Every tag once, sorted; each keeps the origin of its strongest source (``pairs`` go weakest first)."""
    found: dict[str, Origin] = {}
    for tag, origin in pairs:
        if isinstance(tag, str):
            found[tag] = origin
    ordered = sorted(found)
    return ordered, {i: found[t] for i, t in enumerate(ordered)}
