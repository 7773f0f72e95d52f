"""T007: ``${VAR}`` / ``$VAR`` references that the chosen environment does not declare.

dataos-ctl substitutes upper-case environment references when it applies a manifest; one that
nobody sets becomes an empty string in a secret or a host name. Each environment file lists the
names it expects under ``secrets`` and ``env``. The built-in environment declares nothing and
is not checked (zero configuration). ``${CURRENT_WORKSPACE}`` is set by the dataos-ctl stack
itself; Bento's ``${! ...}`` is not an environment reference.
"""

from __future__ import annotations

import re

from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import did_you_mean
from compiler.core.walk import strings
from compiler.load.origin import AnyDocument
from compiler.project.specs import Environment

REFERENCE = re.compile(r"\$(?:\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*)\b)")
RUNTIME = frozenset({"CURRENT_WORKSPACE"})


def check(document: AnyDocument, environment: Environment) -> list[Diagnostic]:
    if environment.builtin:
        return []
    declared = environment.declared
    out: list[Diagnostic] = []
    for path, text in strings(document.data):
        if "$" not in text:
            continue
        for m in REFERENCE.finditer(text):
            name = m.group(1) or m.group(2)
            if name in declared or name in RUNTIME:
                continue
            out.append(Diagnostic.of("T007", f"${{{name}}} is not declared by environment '{environment.name}'"
                                     f"{did_you_mean(name, declared)}", document.position(path),
                                     f"add {name} to the secrets or env list of the environment file, so that the "
                                     "deployment knows to set it"))
    return out
