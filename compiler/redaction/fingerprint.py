"""Secret values out, fingerprints in: applied to every manifest before anything is compared or shown.

What is sensitive:

- everything under ``data`` of an ``instance-secret`` or ``secret`` manifest, wherever such a
  manifest appears (top level, inside a bundle, embedded in a dataos-ctl job);
- every field the type's schema marks ``"x-dpc-sensitive": true`` (``schemas/dataos/``:
  depot secrets, passwords, API keys, tokens, DSNs...), followed through ``properties``,
  ``patternProperties``, ``additionalProperties``, ``items`` and every ``allOf``/``anyOf``/
  ``oneOf``/``then``/``else`` branch (a value is redacted when *any* branch marks it);
- a value under a key named like a credential (``password``, ``token``, ``apiKey``...), in any
  manifest, including stack specs the schemas leave open.

A mapping or list keeps its keys and shape; each scalar becomes ``<secret fp:1a2b3c4d>``, and the same
value written anywhere else in the compared texts (a password pasted into SQL) too (:func:`scrub`): the first
8 hex digits of HMAC-SHA256 over the value, keyed by ``DPC_FINGERPRINT_KEY`` when it is set (a CI
secret), else by a key fixed in dpc. The fingerprint is stable (the same value gives the same
fingerprint on both sides and in every run, so an unchanged secret shows no change and a changed
one shows a new fingerprint) and cannot be turned back into the value: 32 bits say nothing about
a credential of 64 bits or more, each fingerprint is shared by billions of values. Committed values
are ``${VAR}`` references (P rules report plaintext credentials), so what is usually fingerprinted
is the reference text; with the key set, not even a guessed value can be confirmed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from typing import Any

from compiler.redaction.masks import ENV_REF, MIN_SCRUBBED  # ${VAR} is left for dataos-ctl: no value, not scrubbed
from compiler.schema.catalog import Catalog, Schema

SECRET_TYPES = frozenset({"instance-secret", "secret"})
MARK = "x-dpc-sensitive"
KEY_ENV = "DPC_FINGERPRINT_KEY"
_DEFAULT_KEY = b"dpc diff fingerprint v1"
_CREDENTIAL_KEY = re.compile(r"(?i)(password|passwd|pwd|passphrase|token|apikey|api_key|secretkey|secret_key|"
                             r"accesskey|access_key|privatekey|private_key|clientsecret|client_secret|credentials?|"
                             r"dsn|connectionstring|connection_string)")
_BRANCHES = ("allOf", "anyOf", "oneOf")


def fingerprint(value: Any) -> str:
    key = os.environ.get(KEY_ENV, "").encode("utf-8") or _DEFAULT_KEY
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:8]


def mask(value: Any, found: set[str] | None = None) -> Any:
    """``value`` with every scalar replaced by its fingerprint; the strings replaced are added to ``found``."""
    if isinstance(value, dict):
        return {k: mask(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v, found) for v in value]
    if found is not None and isinstance(value, str) and len(value) >= MIN_SCRUBBED and not ENV_REF.fullmatch(value):
        found.add(value)
    return f"<secret fp:{fingerprint(value)}>"


def scrub(text: str, values: set[str]) -> str:
    """``text`` with every occurrence of a secret value found anywhere (say, a password pasted into SQL
    as well) replaced by its fingerprint; the YAML single-quoted form too."""
    for value in sorted(values, key=len, reverse=True):
        for form in dict.fromkeys((value, value.replace("'", "''"))):
            if form in text:
                text = text.replace(form, f"<secret fp:{fingerprint(value)}>")
    return text


def _flatten(schemas: list[Schema]) -> list[Schema]:
    out: list[Schema] = []
    todo = list(schemas)
    while todo:
        s = todo.pop()
        if not isinstance(s, dict) or any(s is seen for seen in out):
            continue
        out.append(s)
        for key in _BRANCHES:
            todo.extend(b for b in s.get(key) or () if isinstance(b, dict))
        todo.extend(s[k] for k in ("then", "else") if isinstance(s.get(k), dict))
    return out


def _children(schemas: list[Schema], key: Any) -> list[Schema]:
    out = []
    for s in schemas:
        props: Schema = s["properties"] if isinstance(s.get("properties"), dict) else {}
        if key in props:
            out.append(props[key])
        for pattern, sub in (s.get("patternProperties") or {}).items():
            if isinstance(key, str) and re.search(pattern, key):
                out.append(sub)
        if key not in props and isinstance(s.get("additionalProperties"), dict):
            out.append(s["additionalProperties"])
    return out


def _items(schemas: list[Schema], index: int) -> list[Schema]:
    out = []
    for s in schemas:
        prefix = s.get("prefixItems")
        if isinstance(prefix, list) and index < len(prefix):
            out.append(prefix[index])
        elif isinstance(s.get("items"), dict):
            out.append(s["items"])
    return out


def _walk(value: Any, schemas: list[Schema], found: set[str]) -> Any:
    schemas = _flatten(schemas)
    if any(s.get(MARK) is True for s in schemas):
        return mask(value, found)
    if isinstance(value, list):
        return [_walk(v, _items(schemas, i), found) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    kind = value.get("type")
    out = {}
    for k, v in value.items():
        section = kind in SECRET_TYPES and k == kind and isinstance(v, dict)
        if section:
            inner = _children(schemas, k)
            out[k] = {sk: mask(sv, found) if sk == "data" else _walk(sv, _children(inner, sk), found)
                      for sk, sv in v.items()}
        elif isinstance(k, str) and _CREDENTIAL_KEY.fullmatch(k) and not isinstance(v, (dict, list)):
            out[k] = mask(v, found)
        else:
            out[k] = _walk(v, _children(schemas, k), found)
    return out


def redact(data: Any, catalog: Catalog, found: set[str]) -> Any:
    """``data`` (a manifest) with every sensitive value replaced by its fingerprint; the values replaced are
    added to ``found``, for :func:`scrub`."""
    schemas: list[Schema] = []
    if isinstance(data, dict):
        kind, version = data.get("type"), data.get("version")
        info = catalog.types.get(kind) if isinstance(kind, str) else None
        if info is not None and isinstance(version, str) and version in info.versions:
            schema = catalog.validator(catalog.dataos_schema_path(info.name, version)).schema
            if isinstance(schema, dict):
                schemas.append(schema)
    return _walk(data, schemas, found)
