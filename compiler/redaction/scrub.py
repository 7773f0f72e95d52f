"""The one scrub of every message: known secret values and anything shaped like a credential, masked.

Schema messages quote values, exceptions quote their arguments, templates quote what they
touched: whatever reaches a diagnostic, a failure line or an output passes through
:func:`scrub`, which masks each place a secret value stands (:func:`compiler.redaction.masks.spans`,
overlapping values masked whole) and then every credential shape (:mod:`compiler.redaction.shapes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from compiler.core.diagnostics import Diagnostic
from compiler.redaction.masks import Hidden, mask, spans
from compiler.redaction.shapes import mask_credentials


def replace_spans(text: str, secrets: Hidden, shown: Callable[[str, frozenset[str]], str]) -> str:
    """``text`` with each place a secret value stands replaced by ``shown(the text there, the values there)``."""
    out, at = [], 0
    for start, end, values in spans(text, secrets):
        out.append(text[at:start] + shown(text[start:end], values))
        at = end
    return "".join(out) + text[at:]


def _masked(place: str, values: frozenset[str]) -> str:
    return mask(next(iter(values))) if len(values) == 1 else mask(place)


def scrub(text: str, secrets: Hidden) -> str:
    """``text`` with every secret value, and anything shaped like a credential, masked."""
    if not text:
        return text
    return mask_credentials(replace_spans(text, secrets, _masked) if secrets else text)


def scrub_optional(text: str | None, secrets: Hidden) -> str | None:
    return None if text is None else scrub(text, secrets)


def scrub_diagnostics(diags: Iterable[Diagnostic], secrets: Hidden) -> list[Diagnostic]:
    return [replace(d, message=scrub(d.message, secrets), hint=scrub_optional(d.hint, secrets)) for d in diags]
