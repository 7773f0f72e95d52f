"""Secrets at rest: plaintext secret values (P005), credential shapes (P006), a .dataos/ folder (P007).

Every message shows the value masked (:func:`compiler.redact.mask`), never the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.paths import display_path
from compiler.core.suggest import dotted
from compiler.core.walk import JsonPath, strings
from compiler.load import fs
from compiler.load.origin import AnyDocument
from compiler.model import Repository
from compiler.redaction.masks import is_stand_in, mask, sensitive_scalars
from compiler.schema.catalog import Catalog

CONNECTION_STRINGS = frozenset({"dsn"})  # sensitive only for the password they may hold: P006 looks inside


@dataclass(frozen=True)
class Shape:
    kind: str
    pattern: re.Pattern[str]
    keep: int  # characters of the public prefix shown in the masked form


SHAPES = (
    Shape("an AWS access key id", re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Z0-9])"), 4),
    Shape("a private key", re.compile(r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[A-Za-z0-9+/=\s:,-]{16}"
                                      r"(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?)", re.S), 0),
    Shape("a GitHub token", re.compile(r"\b((?:gh[pousr]_[A-Za-z0-9]{36,255})|github_pat_[A-Za-z0-9_]{22,255})"), 4),
    Shape("a Slack token", re.compile(r"\b(xox[abprs]-[A-Za-z0-9-]{10,})"), 5),
    Shape("a Slack webhook URL", re.compile(r"(https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{8,})"),
          len("https://hooks.slack.com/")),
    Shape("a Google API key", re.compile(r"\b(AIza[0-9A-Za-z_-]{35})"), 4),
    Shape("a password in a connection URL", re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@'\"]*:([^@\s/'\"]+)@"), 0),
    Shape("a password parameter in a connection string",
          re.compile(r"[?&;](?:password|pwd)=([^&;\s'\"]+)", re.I), 0),
)


_TRIGGER = re.compile(r"AKIA|ASIA|PRIVATE KEY|gh[pousr]_|github_pat_|xox[abprs]-|hooks\.slack\.com|AIza|:[^/\s]*@|"
                      r"(?i:password|pwd)=")  # what every shape holds: the shapes run only on a hit


@dataclass(frozen=True)
class Credential:
    path: JsonPath
    kind: str
    secret: str
    masked: str


def credentials(data: object) -> Iterator[Credential]:
    """Every substring of ``data``'s strings with the shape of a credential."""
    for path, text in strings(data):
        if not _TRIGGER.search(text):
            continue
        for shape in SHAPES:
            for m in shape.pattern.finditer(text):
                secret = m.group(1)
                if shape.keep == 0 and is_stand_in(secret):
                    continue
                shown = secret.splitlines()[0] if shape.kind == "a private key" else secret[: shape.keep]
                yield Credential(path, shape.kind, secret, mask(secret, len(shown)))


def mask_credentials(text: str) -> str:
    """``text`` with every credential-shaped part masked (the last line of defence of every message)."""
    if not _TRIGGER.search(text):
        return text
    for c in credentials(text):
        text = text.replace(c.secret, c.masked)
    return text


def check(doc: AnyDocument) -> list[Diagnostic]:
    """P005 and P006 for one manifest."""
    out: list[Diagnostic] = []
    plain: set[tuple] = set()
    for path, value in sensitive_scalars(doc.data):
        if any(k in CONNECTION_STRINGS for k in path if isinstance(k, str)):
            continue
        if is_stand_in(value):
            continue
        plain.add(path)
        out.append(Diagnostic.of("P005", f"{dotted(path)} holds a plaintext value ({mask(value)}); "
                                 "secret values must be ${VAR} references", doc.position(path),
                                 "write ${NAME} and list NAME under secrets: "
                                 "in the environment file; rotate the value, it is in the git history"))
    for c in credentials(doc.data):
        if c.path in plain:
            continue
        out.append(Diagnostic.of("P006", f"{c.kind} in {dotted(c.path)}: {c.masked}", doc.position(c.path),
                                 "move it into an instance secret filled from a ${VAR} reference, and rotate it: it is "
                                 "in the git history"))
    return out


def _ignored_by_git(root: Path) -> bool:
    try:
        lines = fs.read_bytes(root / ".gitignore").decode("utf-8", "replace").splitlines()
    except OSError:
        return False
    return any(line.strip().strip("/").removeprefix("**/") == ".dataos" for line in lines)


def dataos_folders(repo: Repository, catalog: Catalog | None = None) -> list[Diagnostic]:
    """P007: a dataos-ctl folder at the repository root, a product root or in a product folder."""
    root = repo.root
    if _ignored_by_git(root):
        return []
    places = [root, *repo.product_roots]
    places += [p for r in repo.product_roots for p in fs.iterdir(r) if fs.is_dir(p) and not fs.is_link(p)]
    out = []
    for place in dict.fromkeys(places):
        folder = place / ".dataos"
        if fs.is_dir(folder) and not fs.is_link(folder):
            shown = display_path(folder, Path.cwd()) + "/"
            out.append(Diagnostic.of("P007", f"{shown} is dataos-ctl's folder of contexts and API keys; "
                                     "it must not be in the repository", Position(shown),
                                     "delete it and add .dataos/ to .gitignore"))
    return out
