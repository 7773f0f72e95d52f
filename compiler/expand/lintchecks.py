"""The build-stage checks that need no output folder, run by ``dpc lint`` too (so by the pre-commit hook).

T001-T006 of a product described by a product.yaml come from its expansion during lint already
(compiler/expand/products.py); this adds T007, the ``${VAR}`` references the environment does not
declare, judged on each resource as ``dpc build`` judges it: expanded (``sqlFile:`` inlined), for the
environment the run compiles for. The finding is the one build makes, at the same place, so a build
(which starts with the lint stages) reports it once. T008 too: dpc.yaml's defaultEnvironment naming an
environment without a file.
"""

from __future__ import annotations

from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.expand import envvars
from compiler.load.includes import Includes
from compiler.load.origin import AnyDocument, SourcedDocument
from compiler.model import Repository, Resource
from compiler.project.config import Config
from compiler.project.specs import Environment, load_environment, unknown_default
from compiler.schema.catalog import Catalog


def check(repo: Repository, config: Config, catalog: Catalog, environment: str | None, cwd: Path
          ) -> list[Diagnostic]:
    """T007 on every resource in scope that build builds: those of a product folder (or of the whole
    repository when it has none); T008. ``config``: the run's dpc.yaml, as the pipeline loaded it."""
    env = load_environment(repo.root, config, environment, cwd, catalog)[0]
    if env is None and environment is None:  # the default environment has no file: T008, once
        missing = unknown_default(repo.root, config)
        return [missing] if missing is not None else []
    if env is None or env.builtin:
        return []
    includes = Includes(repo.root)
    whole = not (repo.product_roots or repo.folders)
    out: list[Diagnostic] = []
    for f in repo.files:
        if repo.in_scope(f.display) and (f.product or whole):
            for resource in f.resources:
                out.extend(envvars.check(_as_built(resource, catalog, cwd, includes, env), env))
    return out


def _as_built(resource: Resource, catalog: Catalog, cwd: Path, includes: Includes, env: Environment) -> AnyDocument:
    """The document build checks: already expanded for a product.yaml product, else with its SQL inlined."""
    doc = resource.document
    if isinstance(doc, SourcedDocument) or "sqlFile" not in str(doc.data):
        return doc
    # jinja2 comes with the expander: imported only for a plain manifest that includes SQL (start-up time)
    from compiler.expand.expand import Expander

    return Expander(catalog, cwd, includes, env).expand(doc)[0]
