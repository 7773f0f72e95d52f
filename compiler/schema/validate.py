"""JSON Schema errors -> diagnostics at the line and column of the offending key or value.

One mapping function per JSON Schema keyword (a registry, not an if-chain). The schema is
picked by type and version beforehand, so a user never sees a 'not valid under any of the
given schemas' wall: where a schema still branches (anyOf/oneOf), the best-matching branch
error is reported instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import closest, did_you_mean, dotted
from compiler.core.walk import JsonPath
from compiler.load.origin import AnyDocument
from compiler.redaction.masks import ENV_REF, mask
from compiler.schema import quirks
from compiler.schema.catalog import NAME_RULES, Catalog
from compiler.schema.manifest import Identified
from compiler.schema.sensitive import is_sensitive

_JSON_TYPES = {
    "object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
    "number": "a number", "boolean": "true or false", "null": "null",
}


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if value is None:
        return "null"
    return "a string"


def _where(path: JsonPath) -> str:
    return f" in {dotted(path)}" if path else ""


def _short(value: object, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Ctx:
    def __init__(self, item: Identified, catalog: Catalog):
        self.doc: AnyDocument = item.document
        self.item = item
        self.catalog = catalog

    def diag(self, code: str, path: JsonPath, message: str, hint: str | None = None,
             key: bool = False) -> Diagnostic:
        return Diagnostic(code, rule(code).severity, message, self.doc.position(path, key=key), hint)


def _description(schema: object) -> str | None:
    if isinstance(schema, dict):
        text = schema.get("description")
        if isinstance(text, str) and text:
            return text.strip().splitlines()[0]
    return None


def _property_names(schema: object) -> set[str]:
    """Property names a schema (and the branches it combines) allows, without following $ref."""
    names: set[str] = set()
    stack = [schema]
    while stack:
        s = stack.pop()
        if not isinstance(s, dict):
            continue
        names.update(s.get("properties", {}))
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(s.get(key, ()))
        for key in ("then", "else", "if"):
            if key in s:
                stack.append(s[key])
    return names


def _required(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    schema: Any = e.schema
    wanted: Any = e.validator_value
    missing = [r for r in wanted if isinstance(e.instance, dict) and r not in e.instance]
    typos = {hit for key in e.instance if isinstance(e.instance, dict) and key not in _property_names(e.schema)
             for hit in closest(key, missing)} if isinstance(e.instance, dict) else set()
    out = []
    for name in missing:
        if name in typos:  # reported once, as the misspelt key (S006) with its suggestion
            continue
        quirk = quirks.find(quirks.MISSING_KEYS, ctx.item.type, path + (name,))
        if quirk is not None:
            out.append(ctx.diag("S014", path, f"'{name}' is missing{_where(path)}, as on the DataOS docs page "
                                f"{quirk.shown_on}; but {quirk.note}", f"add '{name}'", key=True))
            continue
        hint = _description(schema.get("properties", {}).get(name))
        out.append(ctx.diag("S003", path, f"missing required field '{name}'{_where(path)}",
                            f"{name}: {hint}" if hint else None, key=True))
    return out


def _extra(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    if not isinstance(e.instance, dict):
        return []
    schema: Any = e.schema
    allowed = _property_names(schema)
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    extras = [k for k in e.instance if k not in allowed and not any(p.search(k) for p in patterns)]
    if not extras:  # unevaluatedProperties where a branch declared the key: trust the message
        extras = re.findall(r"'([^']+)'", e.message.split("(")[-1])
    out = []
    for key in extras:
        quirk = quirks.find(quirks.UNKNOWN_KEYS, ctx.item.type, path + (key,))
        if quirk is not None:
            out.append(ctx.diag("S014", path + (key,), f"'{key}'{_where(path)} is shown on the DataOS docs page "
                                f"{quirk.shown_on}, but {quirk.note}; dataos-ctl may ignore it",
                                "the docs contradict themselves here; follow the schema", key=True))
            continue
        suggestion = did_you_mean(key, allowed)
        hint = None
        if not suggestion and allowed:
            names = sorted(allowed)
            hint = "allowed keys: " + ", ".join(names[:15]) + (", ..." if len(names) > 15 else "")
        out.append(ctx.diag("S006", path + (key,), f"unknown key '{key}'{_where(path)}{suggestion}", hint,
                            key=True))
    return out


def _enum(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    value: Any = e.validator_value
    allowed: list[Any] = value if e.validator == "enum" else [value]
    shown = _allowed_values(allowed)
    suggestion = did_you_mean(str(e.instance), [str(a) for a in allowed])
    return [ctx.diag("S005", path, f"{_short(e.instance)} is not an allowed value for {dotted(path) or 'the document'}"
                     f"; allowed: {shown}{suggestion}")]


def _allowed_values(allowed: list[Any]) -> str:
    """The allowed values, once each when the schema lists every case of the same word."""
    firsts: dict[str, str] = {}
    for a in allowed:
        firsts.setdefault(str(a).lower(), str(a))
    if len(firsts) < len(allowed) and all(isinstance(a, str) for a in allowed):
        return ", ".join(firsts.values()) + " (in any case)"
    return ", ".join(str(a) for a in allowed)


def _type(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    value: Any = e.validator_value
    wanted: list[str] = value if isinstance(value, list) else [value]
    words = " or ".join(_JSON_TYPES.get(w, w) for w in wanted)
    return [ctx.diag("S004", path, f"{dotted(path) or 'the document'} must be {words}, not {_kind_of(e.instance)}",
                     _hint(e))]


def _hint(e: ValidationError) -> str | None:
    text = _description(e.schema)
    return f"{dotted(e.absolute_path)}: {text}" if text and e.absolute_path else None


def _is_name(ctx: _Ctx, path: JsonPath) -> bool:
    return path == ("name",) and ctx.item.type in ctx.catalog.types


def _pattern(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    if _is_name(ctx, path):
        return _name(ctx, e)
    return [ctx.diag("S008", path, f"{_short(e.instance)} does not match the format of {dotted(path)} "
                     f"({e.validator_value})", _hint(e))]


def _name(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    name = e.instance
    info = ctx.catalog.types[ctx.item.type]
    pattern, words = NAME_RULES[info.name_rule]
    label = "depot and cluster names" if info.name_rule == "depot" else f"{ctx.item.type} names"
    fixed = re.sub(r"[^a-z0-9]" if info.name_rule == "depot" else r"[^a-z0-9-]+", "",
                   str(name).lower().replace("_", "" if info.name_rule == "depot" else "-"))[:48].strip("-")
    hint = f"rename it to '{fixed}'" if fixed and fixed != name else None
    return [ctx.diag("S007", ("name",), f"{ctx.item.type} name {_short(name)} breaks the naming rule "
                     f"{pattern}: {label} allow {words}", hint)]


def _length(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    if _is_name(ctx, path) and e.validator == "maxLength":
        return _name(ctx, e)
    return _generic(ctx, e)


def _branches(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    chosen = best_match(e.context) if e.context else None
    if chosen is None:
        return _generic(ctx, e)
    return _map(ctx, chosen)


def _generic(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    path = tuple(e.absolute_path)
    return [ctx.diag("S011", path, f"{dotted(path) or 'the document'}: {e.message}", _hint(e))]


_KEYWORDS: dict[str, Callable[[_Ctx, ValidationError], list[Diagnostic]]] = {
    "required": _required,
    "additionalProperties": _extra,
    "unevaluatedProperties": _extra,
    "enum": _enum,
    "const": _enum,
    "type": _type,
    "pattern": _pattern,
    "maxLength": _length,
    "minLength": _length,
    "anyOf": _branches,
    "oneOf": _branches,
}


def _key_name(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    """A propertyNames error: the instance is a key, reported where the key is written."""
    path = tuple(e.absolute_path)
    key = str(e.instance)  # _map sends only a str instance here
    return [ctx.diag("S008", path + (key,), f"key {_short(e.instance)}{_where(path)} does not match "
                     f"{e.validator_value}", _hint(e), key=True)]


def _masked(e: ValidationError) -> ValidationError:
    """The error with the value of a sensitive field (a secret's data...) masked in its message."""
    if e.instance is None or isinstance(e.instance, bool) or not is_sensitive(e.absolute_path):
        return e
    shown = mask(e.instance) if isinstance(e.instance, (str, int, float)) else "{…}"
    e.message = e.message.replace(repr(e.instance), shown)
    if e.validator != "type":  # S004 names the kind of the value, never the value
        e.instance = shown
    return e


def _map(ctx: _Ctx, e: ValidationError) -> list[Diagnostic]:
    e = _masked(e)
    if "propertyNames" in e.relative_schema_path and e.validator == "pattern" and isinstance(e.instance, str):
        return _key_name(ctx, e)
    return _KEYWORDS.get(str(e.validator), _generic)(ctx, e)


# A value that is only an environment reference (redact.ENV_REF) is filled in by dataos-ctl at apply time.
_VALUE_KEYWORDS = frozenset({"enum", "const", "type", "pattern", "format", "minLength", "maxLength"})


def _env_ref_value(e: ValidationError) -> bool:
    return e.validator in _VALUE_KEYWORDS and isinstance(e.instance, str) and bool(ENV_REF.match(e.instance))


def without_nulls(value: Any) -> Any:
    """``value`` with every mapping key whose value is null left out, at any depth: the DataOS docs write
    ``owner:``, ``tags:`` with commented-out items or ``envs:`` for "nothing here", so a key present with a
    null value is an absent key (an error only where the key is required)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def validate(item: Identified, catalog: Catalog) -> list[Diagnostic]:
    """Every schema finding for one identified manifest (null-valued keys count as absent)."""
    data = without_nulls(item.document.data)
    quick = catalog.quick(item.schema)
    if quick is not None:
        try:
            if quick(data):
                return []
        except Exception:  # a value the fast check cannot take (a huge integer...): ask the full validator
            pass
    ctx = _Ctx(item, catalog)
    validator = catalog.validator(item.schema)
    out: list[Diagnostic] = []
    for error in validator.iter_errors(data):
        if not _env_ref_value(error):
            out.extend(_map(ctx, error))
    return _unique(out)


def validate_document(doc: AnyDocument, schema: str, catalog: Catalog) -> list[Diagnostic]:
    """Schema findings for one of dpc's own files (platform.yaml...), which has no DataOS type."""
    return validate(Identified(doc, "", "", schema, False), catalog)


def _unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for d in diags:
        key = (d.code, d.position, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
