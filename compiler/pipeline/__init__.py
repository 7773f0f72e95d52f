"""A lint run: answered from the whole-result cache when nothing changed since a full run, else the stages
of :mod:`compiler.pipeline.stages`; never prints.

This module stays light on purpose: a warm ``dpc lint`` asks the cache and renders the kept result
without importing the stages (jsonschema, the resolver, the SQL check, the build's expansion: about a
quarter of a second at start-up). The other names of the package are imported when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from compiler.core.diagnostics import Result
from compiler.load import cache, fs, records, stores
from compiler.load.discover import find_repo_root
from compiler.pipeline.options import LintOptions, cache_key

if TYPE_CHECKING:  # the names __getattr__ hands out, for the type checker
    from compiler.pipeline.repository import load_repository, product_roots
    from compiler.pipeline.stages import lint_repository, one_per_root_cause, secret_values

__all__ = ["LintOptions", "lint", "lint_repository", "load_repository", "one_per_root_cause", "product_roots",
           "secret_values"]

_LAZY = {"lint_repository": "stages", "one_per_root_cause": "stages", "secret_values": "stages",
         "load_repository": "repository", "product_roots": "repository"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


def lint(options: LintOptions) -> Result:
    """The lint result; a full run that nothing changed since is answered from the cache."""
    on_disk = isinstance(fs.ACTIVE.get(), fs.OSFileSystem)  # a diff side or stdin's overlay keeps no result
    root = find_repo_root(options.cwd) or options.cwd
    results = stores.ResultCache.open(root, cache_key(options))
    cached = records.result_from_json(results.get()) if on_disk else None
    if cached is not None:
        return cached
    from compiler.pipeline.stages import lint_repository  # start-up: only when the cache does not answer
    from compiler.rules import schedules

    if not on_disk:
        return lint_repository(options)[0]
    with cache.tracking() as tracker:
        result, repo = lint_repository(options)
    clocked = any(f.parsed is not None and schedules.reads_clock(f.parsed.text) for f in repo.files)
    if tracker is not None and {f.display for f in repo.files} == repo.scope and not result.failures \
            and not clocked:
        results.save(tracker.run, records.result_to_json(result))
    return result
