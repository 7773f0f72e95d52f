"""Which values of a manifest are secrets: the one definition lint, build, diff, graph and every message use.

A value is sensitive when it is

- under ``data`` of an ``instance-secret`` or ``secret`` manifest, wherever such a manifest
  appears (top level, inside a bundle, embedded in a job);
- under a field the DataOS schemas mark ``"x-dpc-sensitive": true`` (depot v1
  ``connectionSecret[].data``, ``runAsApiKey``, ``authorization.token``, ``query.dsn``...): read
  from every schema file as (parent property, property) pairs, through ``properties``,
  ``patternProperties``, ``items``, every ``allOf``/``anyOf``/``oneOf``/``if``/``then``/``else``
  branch and every ``$ref`` to a marked definition, so a field marked in any branch counts;
- the value of a key named like a credential anywhere (``password``, ``token``, ``apiKey``,
  ``secretKey``, ``clientSecret``, ``webHookUrl``, ``GITSYNC_PASSWORD``...), including stack
  specs the schemas leave open (``password:`` in a Flare input's ``options``).

Each is a *credential* (a password, key, token, webhook...: to rotate once committed) unless its
key names a setting kept in a secret (username, host, port, database, endpoint suffix...).
Credential shapes inside ordinary strings (a password in a JDBC URL) are
:mod:`compiler.redaction.shapes`' job; :func:`values_of` gathers both for the scrub.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from compiler.core.paths import schemas_dir
from compiler.redaction.masks import Hidden, hidden
from compiler.redaction.shapes import credentials, find

SECRET_TYPES = frozenset({"instance-secret", "secret"})
MARK = "x-dpc-sensitive"
_CREDENTIAL_KEY = re.compile(  # on the key lower-cased without '_' and '-': a suffix names what the value is
    r".*(password|passwd|passphrase|pwd|token|apikey|secretkey|accesskey|privatekey|"
    r"(?:client|api|app|consumer|service|shared|token)secret|credentials?|webhook|webhookurl|dsn|connectionstring)")
_SETTINGS = frozenset({  # keys of a secret's data that hold a setting, not a credential (lower-cased, no _ or -)
    "user", "username", "usr", "login", "host", "hostname", "server", "port", "database", "db", "dbname",
    "databasename", "schema", "catalog", "warehouse", "role", "account", "accountname", "storageaccountname",
    "endpoint", "endpointsuffix", "azureendpointsuffix", "region", "project", "projectid", "projectname", "email",
    "clientemail", "clientid", "tenant", "tenantid", "bucket", "container", "url", "uri", "type", "authuri",
    "tokenuri", "authproviderx509certurl", "clientx509certurl", "universedomain", "cluster", "workspace", "path"})
_HOLDS = re.compile(r"(?i)(?:password|passwd|passphrase|pwd|token|api_?key|secret|access_?key|private_?key|"
                    r"credential|webhook|dsn|connection_?string|data)[\"']?[ \t]*:")  # literals: linear


def _normal(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def is_credential_key(key: object) -> bool:
    """A key named like a credential: its value is a secret in any manifest."""
    return isinstance(key, str) and bool(_CREDENTIAL_KEY.fullmatch(_normal(key)))


def is_setting_key(key: object) -> bool:
    """A key of a secret's data naming a setting (username, host...), not a credential."""
    return isinstance(key, str) and _normal(key) in _SETTINGS and not is_credential_key(key)


@lru_cache(maxsize=1)
def marked_pairs() -> frozenset[tuple[str, str]]:
    """(parent property, property) of every field a DataOS schema marks sensitive, in any branch."""
    files = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((schemas_dir() / "dataos").rglob("*.json"))]
    marked_defs = {name for f in files for name, d in (f.get("$defs") or {}).items()
                   if isinstance(d, dict) and d.get(MARK) is True}
    pairs: set[tuple[str, str]] = set()
    stack: list[tuple[Any, str, str]] = [(f, "", "") for f in files]
    while stack:  # every value of every schema except the definitions themselves (their $refs are followed)
        node, parent, name = stack.pop()
        if isinstance(node, list):
            stack.extend((item, parent, name) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        ref = str(node.get("$ref", ""))
        if name and (node.get(MARK) is True or ref.rsplit("/", 1)[-1] in marked_defs and "/$defs/" in ref):
            pairs.add((parent, name))
        for key, value in node.items():
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                stack.extend((sub, name, prop) for prop, sub in value.items())
            elif key not in ("$defs", "definitions"):
                stack.append((value, parent, name))
    return frozenset(pairs)


@dataclass(frozen=True)
class Sensitive:
    path: tuple[Any, ...]
    value: Any  # a string or a number
    credential: bool  # a password, key, token...: rotate it once committed; else a setting kept in a secret


def _leaf_key(path: tuple[Any, ...]) -> str:
    return next((k for k in reversed(path) if isinstance(k, str)), "")


def sensitive_values(data: Any) -> list[Sensitive]:
    """Every sensitive scalar of ``data`` (a manifest, or any part of one) with its path, in document order."""
    pairs = marked_pairs()
    out: list[Sensitive] = []
    # (node, path, inside a sensitive field, parent key, reached through a credential key, a secret's section)
    stack: list[tuple[Any, tuple[Any, ...], bool, str, bool, bool]] = [(data, (), False, "", False, False)]
    while stack:  # a loop, not recursion: it runs over every value of every manifest
        node, path, inside, parent, named, section = stack.pop()
        if isinstance(node, dict):
            kind = node.get("type")
            items = []
            for k, v in node.items():
                key = k if isinstance(k, str) else ""
                scalar = not isinstance(v, (dict, list)) or (isinstance(v, list) and not any(
                    isinstance(x, (dict, list)) for x in v))
                cred = is_credential_key(key) and scalar
                into = inside or cred or (parent, key) in pairs or (section and key == "data")
                items.append((v, (*path, k), into, key, named or cred,
                              isinstance(kind, str) and kind in SECRET_TYPES and key == kind and isinstance(v, dict)))
        elif isinstance(node, list):
            items = [(v, (*path, i), inside, parent, named, False) for i, v in enumerate(node)]
        else:
            if inside and node is not None and not isinstance(node, bool):
                leaf = _leaf_key(path)
                credential = named or not is_setting_key(leaf) or (isinstance(node, str) and bool(find(node)))
                out.append(Sensitive(path, node, credential))
            continue
        stack.extend(reversed([i for i in items if i[2] or isinstance(i[0], (dict, list))]))
    return out


def is_sensitive(path: Iterable[Any]) -> bool:
    """Whether the value at ``path`` of a manifest is sensitive (a schema message about it must not quote it)."""
    keys = [k for k in path if isinstance(k, str)]
    pairs = marked_pairs()
    return any(is_credential_key(k) for k in keys) or any(
        (a, b) in pairs for a, b in zip(["", *keys], keys, strict=False))


def might_hold(text: str) -> bool:
    """A cheap look at a file's text: False when no document of it can hold a secret value."""
    return bool(_HOLDS.search(text) or find(text))


def values_of(data: Iterable[Any]) -> Hidden:
    """Every secret value of ``data`` (manifests' plain data), and every credential-shaped part of its strings."""
    pairs: list[tuple[object, bool]] = []
    for item in data:
        pairs += [(s.value, s.credential) for s in sensitive_values(item)]
        pairs += [(c.secret, True) for c in credentials(item)]
    return hidden(pairs)
