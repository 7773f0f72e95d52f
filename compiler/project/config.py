"""dpc.yaml at the repository root: product roots, environments, rule severities, ignored paths, output folder.

The file is optional; without it every default applies. It is checked against
``schemas/spec/dpc.json`` like any manifest (positions, codes, "did you mean"), and a
broken entry is reported and left out while the rest of the file still applies.

``rules`` maps a code (``S006``) or a stage letter (``S``, the whole family) to ``off`` or
a severity; a code beats its letter. ``ignore`` holds globs relative to the repository root
(``**`` spans folders; a pattern naming a folder ignores everything inside it). ``overrides``
(as ESLint's) gives ``rules`` for the files its ``files`` globs match: for a finding in such a
file the last matching override that names its code or letter decides, else ``rules`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from compiler.core.codes import RULES, STAGES
from compiler.core.diagnostics import Diagnostic, Position, Severity
from compiler.core.paths import display_path
from compiler.core.suggest import did_you_mean
from compiler.load import confine, fs
from compiler.load.yamlload import Document, decode, parse_text
from compiler.schema import catalog as catalog_mod
from compiler.schema.specfiles import check_document

CONFIG_FILES = ("dpc.yaml", "dpc.yml")
OFF = "off"


@dataclass(frozen=True)
class Override:
    """``rules`` for the files matching ``files`` (globs as ``ignore`` takes them)."""

    files: tuple[str, ...]
    rules: dict[str, str]

    def setting(self, code: str, rel: str) -> str | None:
        if not _matches(self.files, rel):
            return None
        return self.rules.get(code, self.rules.get(code[:1]))


@dataclass(frozen=True)
class Config:
    products: tuple[str, ...] = ("products",)
    environments: str = "environments"
    default_environment: str | None = None
    rules: dict[str, str] = field(default_factory=dict)  # code or stage letter -> off|error|warning|info
    ignore: tuple[str, ...] = ()
    max_file_size: int | None = None  # bytes; None: the built-in limit
    output: str = "dist"  # dpc build writes OUTPUT/ENV/PRODUCT/, never into a source folder
    overrides: tuple[Override, ...] = ()
    default_environment_at: Position | None = None  # where dpc.yaml names it (T008 points there)

    def setting(self, code: str, rel: str | None = None) -> str | None:
        """``off``, a severity label, or None for the code's default; ``rel``: the finding's file, a
        '/'-separated path from the repository root (None: no file, only ``rules`` apply)."""
        if rel is not None:
            for override in reversed(self.overrides):
                if (found := override.setting(code, rel)) is not None:
                    return found
        return self.rules.get(code, self.rules.get(code[:1]))

    def ignored(self, rel: str) -> bool:
        """Whether ``rel`` (a '/'-separated path from the repository root) is ignored."""
        return _matches(self.ignore, rel)


def _matches(patterns: tuple[str, ...], rel: str) -> bool:
    """Whether a glob matches ``rel`` or one of the folders holding it."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_glob(p).fullmatch(prefix) for p in patterns for prefix in prefixes)


class _Glob:
    """A compiled ``ignore`` glob, matched by stepping a set of pattern positions over the path.

    ``*`` spans characters but ``/``, ``?`` one of them, ``**`` anything, ``**/`` any folders
    (or none). The cost is the path's length times the pattern's, whatever the pattern: a
    regular expression of many ``**`` backtracks exponentially (101 s on one path)."""

    def __init__(self, pattern: str):
        text, i, tokens = pattern.strip("/"), 0, []
        while i < len(text):
            for token in ("**/", "**", "*", "?"):
                if text.startswith(token, i):
                    break
            else:
                token = text[i]
            tokens.append(token if token in ("**/", "**", "*", "?") else ("=", token))
            i += len(token) if isinstance(tokens[-1], str) else 1
        self.tokens = tuple(tokens)

    def _closure(self, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        """States and what they reach without reading: a star may match nothing."""
        out, stack = set(), list(states)
        while stack:
            state = stack.pop()
            if state in out:
                continue
            out.add(state)
            at, inside = state
            if at < len(self.tokens) and not inside and self.tokens[at] in ("**/", "**", "*"):
                stack.append((at + 1, False))
        return out

    def fullmatch(self, path: str) -> bool:
        states = self._closure({(0, False)})
        for ch in path:
            step: set[tuple[int, bool]] = set()
            for at, _inside in states:
                if at == len(self.tokens):
                    continue
                token = self.tokens[at]
                if token == "**/":  # (.*/)? : inside, any character; a '/' may end it
                    step.add((at, True))
                    if ch == "/":
                        step.add((at + 1, False))
                elif token == "**" or (token == "*" and ch != "/"):
                    step.add((at, False))
                elif token == "?" and ch != "/" or token == ("=", ch):
                    step.add((at + 1, False))
            if not step:
                return False
            states = self._closure(step)
        return (len(self.tokens), False) in states


@lru_cache(maxsize=256)
def _glob(pattern: str) -> _Glob:
    return _Glob(pattern)


def environments_folder(repo_root: Path, config: Config) -> Path | None:
    """The folder of environment files dpc.yaml names (``environments/`` by default); None when it leads
    outside the repository (a symbolic link: dpc reads nothing there, see Y013)."""
    folder = repo_root / config.environments
    return folder if confine.problem(folder, repo_root) is None else None


def config_path(repo_root: Path) -> Path | None:
    return next((repo_root / n for n in CONFIG_FILES if fs.is_file(repo_root / n)), None)


def _unknown_codes(doc: Document, rules: dict[str, object], at: tuple[str | int, ...] = ()) -> list[Diagnostic]:
    out = []
    for key in rules:
        if isinstance(key, str) and key not in RULES and key not in STAGES and re.fullmatch(r"[A-Z]([0-9]{3})?", key):
            out.append(Diagnostic.of("P004", f"rules: dpc has no code '{key}'{did_you_mean(key, [*RULES, *STAGES])}",
                                  doc.position((*at, "rules", key), key=True), "'dpc rules' lists every code"))
    return out


def _every_unknown_code(doc: Document) -> list[Diagnostic]:
    data = doc.data if isinstance(doc.data, dict) else {}
    out = _unknown_codes(doc, data["rules"]) if isinstance(data.get("rules"), dict) else []
    overrides = data.get("overrides")
    for i, entry in enumerate(overrides if isinstance(overrides, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("rules"), dict):
            out += _unknown_codes(doc, entry["rules"], ("overrides", i))
    return out


def _settings(rules: object) -> dict[str, str]:
    """The valid entries of a ``rules`` mapping (the schema reports the others)."""
    if not isinstance(rules, dict):
        return {}
    return {k: v for k, v in rules.items() if (k in RULES or k in STAGES) and v in (OFF, *(s.label for s in Severity))}


def _overrides(entries: object) -> tuple[Override, ...]:
    out = []
    for entry in entries if isinstance(entries, list) else []:
        files = entry.get("files") if isinstance(entry, dict) else None
        globs = tuple(g for g in files if isinstance(g, str) and g) if isinstance(files, list) else ()
        if globs and isinstance(entry, dict):
            out.append(Override(globs, _settings(entry.get("rules"))))
    return tuple(out)


def _in_repository(folder: str) -> bool:
    return not Path(folder).is_absolute() and ".." not in Path(folder).parts


def from_document(doc: Document) -> Config:
    data = doc.data if isinstance(doc.data, dict) else {}
    listed = data["products"] if isinstance(data.get("products"), list) else []
    products = tuple(p for p in listed if isinstance(p, str) and p and _in_repository(p)) or ("products",)
    ignore = data.get("ignore")
    return Config(
        products=products,
        environments=data["environments"] if isinstance(data.get("environments"), str)
        and data["environments"] and _in_repository(data["environments"]) else "environments",
        default_environment=data.get("defaultEnvironment") if isinstance(data.get("defaultEnvironment"), str)
        else None,
        default_environment_at=doc.position(("defaultEnvironment",), key=True) if "defaultEnvironment" in data
        else None,
        rules=_settings(data.get("rules")),
        ignore=tuple(g for g in ignore if isinstance(g, str) and g) if isinstance(ignore, list) else (),
        max_file_size=size if isinstance(size := data.get("maxFileSize"), int) and not isinstance(size, bool)
        and size > 0 else None,
        output=out if isinstance(out := data.get("output"), str) and out.strip("/") and _in_repository(out)
        else "dist",
        overrides=_overrides(data.get("overrides")),
    )


def load_config(repo_root: Path, cwd: Path | None = None) -> tuple[Config, list[Diagnostic]]:
    """The repository's configuration and every problem found in dpc.yaml (defaults when there is none)."""
    path = config_path(repo_root)
    if path is None:
        return Config(), []
    shown = display_path(path, cwd or repo_root)
    try:
        raw = fs.read_bytes(path)
    except OSError as err:
        return Config(), [Diagnostic.of("Y011", f"cannot read the file: {err.strerror or err}",
                                     Document(shown, 0, None, {}, {}).position(()))]
    text, problem = decode(shown, raw)
    if text is None:
        return Config(), [problem] if problem is not None else []
    parsed = parse_text(shown, text)
    diags = list(parsed.diagnostics)
    if not parsed.documents:
        return Config(), diags
    doc = parsed.documents[0]
    diags.extend(check_document(doc, "spec/dpc.json", catalog_mod.load()))
    diags.extend(_every_unknown_code(doc))
    config = from_document(doc)
    diags.extend(_outside(doc, repo_root))
    return config, diags


def _outside(doc: Document, repo_root: Path) -> list[Diagnostic]:
    """Y013 for an environments folder leading outside the repository (a defaultEnvironment that is no plain
    name is S008 from the schema, and never read: see specs.environment_path)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out = []
    folder = data.get("environments")
    if isinstance(folder, str) and (why := confine.problem(folder, repo_root)) is not None:
        out.append(Diagnostic.of("Y013", f"environments: the folder {why}; dpc reads no "
                              "environment file through it", doc.position(("environments",)),
                              "write a folder of the repository relative to its root, e.g. environments"))
    return out
