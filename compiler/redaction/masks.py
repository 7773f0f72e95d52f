"""Secret values never leave dpc: where they are, how they are shown, and one scrub of every message.

A value is sensitive when it sits under a field the DataOS schemas mark ``x-dpc-sensitive``
(``instance-secret.data``, ``secret.data``, ``connectionSecret[].data``, ``runAsApiKey``,
``authorization.token``, ``query.dsn``), found by (parent key, key) pairs read from the schemas,
or when it has the shape of a credential (:mod:`compiler.secrets`). Diagnostics show
:func:`mask` forms such as ``AKIA…(20 chars)``; :func:`scrub` replaces any sensitive value that
still reaches a message (schema messages quote values, exceptions quote their arguments).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import overload

from compiler.core.diagnostics import Diagnostic
from compiler.core.walk import JsonPath
from compiler.load.origin import AnyDocument

ENV_REF = re.compile(r"^\$(\{[A-Z_][A-Z0-9_]*\}|[A-Z_][A-Z0-9_]*)$")
MIN_SCRUBBED = 4  # shorter values would mangle ordinary words and numbers in messages


@lru_cache(maxsize=1)
def sensitive_pairs() -> frozenset[tuple[str, str]]:
    """(parent property, property) of every field the DataOS schemas mark sensitive."""
    from compiler.core.paths import schemas_dir

    pairs: set[tuple[str, str]] = set()

    def walk(node: object, parent: str, name: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, parent, name)
        if not isinstance(node, dict):
            return
        if name and (node.get("x-dpc-sensitive") or str(node.get("$ref", "")).endswith(("/apiKey", "/password"))):
            pairs.add((parent, name))
        for key, value in node.items():
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                for prop, sub in value.items():
                    walk(sub, name, prop)
            elif key not in ("$defs", "definitions"):
                walk(value, parent, name)

    for path in sorted((schemas_dir() / "dataos").rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), "", "")
    return frozenset(pairs)


def is_sensitive(path: Iterable[object]) -> bool:
    keys = [k for k in path if isinstance(k, str)]
    pairs = sensitive_pairs()
    return any((a, b) in pairs for a, b in zip(["", *keys], keys, strict=False))


def sensitive_keys() -> frozenset[str]:
    return frozenset(b for _, b in sensitive_pairs())


def sensitive_scalars(data: object) -> list[tuple[JsonPath, object]]:
    """(path, value) of every scalar at or under a sensitive field, in document order."""
    pairs = sensitive_pairs()
    out: list[tuple[JsonPath, object]] = []
    stack: list[tuple[object, JsonPath, bool, str]] = [(data, (), False, "")]
    while stack:  # a loop, not recursion: it runs over every value of every manifest
        node, path, inside, parent = stack.pop()
        if isinstance(node, dict):
            items = [(v, path + (k,), inside or (parent, k) in pairs, k) for k, v in node.items()]
        elif isinstance(node, list):
            items = [(v, path + (i,), inside, parent) for i, v in enumerate(node)]
        else:
            if inside and node is not None and not isinstance(node, bool):
                out.append((path, node))
            continue
        stack.extend(reversed([i for i in items if i[2] or isinstance(i[0], (dict, list))]))
    return out


def is_reference(value: object) -> bool:
    """A ``${VAR}`` / ``$VAR`` reference dataos-ctl fills in: not a secret itself."""
    return isinstance(value, str) and bool(ENV_REF.match(value.strip()))


_STAND_IN = re.compile(r"^(\$\{[^}]*\}+|<[^>]*>|\*+|x+|changeme|)$", re.I)


def is_stand_in(value: object) -> bool:
    """Not a value: a ${VAR} reference, a fill-in marker (P001), a template, an empty or starred mask."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(ENV_REF.match(text) or _STAND_IN.match(text)) or any(m in text for m in ("{{", "{%", "{#"))


def mask(value: object, keep: int = 0) -> str:
    """``AKIA…(20 chars)``: the first ``keep`` characters (a credential's public prefix) and the length."""
    text = str(value)
    return f"{text[:keep]}…({len(text)} chars)"


def values_of(documents: Iterable[AnyDocument]) -> frozenset[str]:
    """Every secret value of ``documents`` (yamlload Documents) worth scrubbing from messages.
    Credential shapes need no list: :func:`scrub` finds them in the message itself."""
    found: set[str] = set()
    for doc in documents:
        for _, value in sensitive_scalars(doc.data):
            if not is_stand_in(value):
                found.add(str(value))
    return frozenset(v for v in found if len(v) >= MIN_SCRUBBED and not (v.isdigit() and len(v) < 6))


def _forms(value: str) -> list[str]:
    """The ways a message may quote ``value``: as is, as Python and JSON string literals write it."""
    return list(dict.fromkeys((value, repr(value)[1:-1], json.dumps(value)[1:-1])))


@overload
def scrub(text: str, values: frozenset[str]) -> str: ...
@overload
def scrub(text: None, values: frozenset[str]) -> None: ...
@overload
def scrub(text: str | None, values: frozenset[str]) -> str | None: ...


def scrub(text: str | None, values: frozenset[str]) -> str | None:
    """``text`` with every secret value, and anything shaped like a credential, masked."""
    from compiler.rules.secrets import mask_credentials

    if not text:
        return text
    for value in sorted(values, key=len, reverse=True):
        for form in _forms(value):
            if form and form in text:
                text = text.replace(form, mask(value))
    return mask_credentials(text)


def scrub_diagnostics(diags: Iterable[Diagnostic], values: frozenset[str]) -> list[Diagnostic]:
    return [replace(d, message=scrub(d.message, values), hint=scrub(d.hint, values)) for d in diags]
