"""The build run: options in, a :class:`BuildResult` out; never prints, never raises for bad input."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from compiler.core.diagnostics import Diagnostic, Severity
from compiler.core.paths import display_path, from_root
from compiler.core.suggest import did_you_mean
from compiler.core.words import plural
from compiler.emit import canonical as emit
from compiler.emit import generate, reuse, write
from compiler.emit.generate import Built, identity
from compiler.emit.order import Node, edges, order
from compiler.emit.plain import BundleInliner, check_manifest
from compiler.expand import envvars
from compiler.expand.expand import Expander
from compiler.expand.products import Setup, hook, setup
from compiler.load import cache, fs
from compiler.load.discover import find_repo_root
from compiler.model import Repository, Resource, SourceFile
from compiler.pipeline import LintOptions, lint_repository, one_per_root_cause, product_roots, secret_values
from compiler.project.config import CONFIG_FILES, Config, load_config
from compiler.project.platform import PLATFORM_FILES
from compiler.project.specs import BUILTIN_ENVIRONMENT, Environment, unknown_environment
from compiler.redaction import scrub as redact
from compiler.rules import baseline, placeholders, suppress
from compiler.schema import catalog as catalog_mod
from compiler.schema.catalog import Catalog


@dataclass(frozen=True)
class BuildOptions:
    cwd: Path
    environment: str | None = None
    out: Path | None = None  # explicit --out
    check: bool = False
    products: tuple[str, ...] = ()
    progress: Callable[[int, int], None] | None = None  # (files read, files to read); the CLI draws it


@dataclass(frozen=True)
class ProductOutput:
    name: str
    folder: Path
    manifests: int


@dataclass(frozen=True)
class BuildResult:
    environment: str
    out: Path | None
    status: str  # "written", "unchanged", "up to date", "out of date", "failed"
    diagnostics: tuple[Diagnostic, ...] = ()
    products: tuple[ProductOutput, ...] = ()
    differences: tuple[write.Difference, ...] = ()
    failures: tuple[str, ...] = ()  # usage and environment errors: exit 2
    files_checked: int = 0
    baselined: tuple[Diagnostic, ...] = ()  # held by .dpc-baseline.json (compiler.rules.baseline): never fail
    reused: tuple[str, ...] = ()  # products taken from the previous build, not compiled (compiler.emit.reuse)

    def nothing_written(self) -> str | None:
        """Why a failed build wrote nothing, in one line, when findings are the reason."""
        errors = [d for d in self.diagnostics if d.severity >= Severity.ERROR]
        if self.status != "failed" or self.failures or not errors:
            return None
        files = len({d.position.path for d in errors})
        return (f"nothing written: {plural(len(errors), 'error')} in {plural(files, 'file')}; fix them or "
                "record them with dpc baseline")

    @property
    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)


def _environment_name(root: Path, cwd: Path, options: BuildOptions, found: Setup) -> tuple[str, str | None]:
    """The environment's name, and a failure when --env names none."""
    name = options.environment or found.config.default_environment or BUILTIN_ENVIRONMENT
    failure = unknown_environment(root, found.config, name) if options.environment else None
    return name, str(failure) if failure is not None else None


@dataclass(frozen=True)
class Compiled:
    """A build in memory: what :func:`run` writes, and what ``dpc diff`` compares."""

    root: Path
    environment: str
    built: dict[str, tuple[Built, ...]]  # output folder -> its manifests in apply order (compiled ones only)
    outputs: dict[str, dict[str, str]]  # output folder -> file name -> text (emit.render_product)
    diagnostics: tuple[Diagnostic, ...]
    failures: tuple[str, ...]
    files_checked: int
    repository: Repository
    config: Config
    reused: tuple[str, ...] = ()  # products taken from the previous build (``reuse``): in outputs, not in built


def output_folder(options: BuildOptions, root: Path, config: Config, environment: str) -> Path:
    return options.out if options.out is not None else root / config.output / environment


def _setup(root: Path, roots: tuple[Path, ...], cwd: Path, catalog: Catalog, environment: str | None,
           record: bool) -> tuple[Setup, cache.Deps]:
    """The products' setup, and (``record``) every question it asked the file system."""
    with cache.tracking() if record else nullcontext(None) as tracker:
        if tracker is None:
            return setup(root, roots, cwd, catalog, environment), {}
        with tracker.recording() as deps:
            found = setup(root, roots, cwd, catalog, environment)
        return found, dict(deps)


def _recording(tracker: cache.TrackingFS | None) -> AbstractContextManager[cache.Deps]:
    return tracker.recording() if tracker is not None else nullcontext({})


def compile_products(options: BuildOptions, select: Callable[[Repository], tuple[str, ...]] | None = None,
                     reuse_previous: bool = False) -> Compiled | BuildResult:
    """Every stage up to the output folder; a failed result for usage errors. ``select`` picks the product
    folders to build once the repository is read (else ``options.products``). With ``reuse_previous`` a product
    whose inputs did not change since the previous build is taken from the output folder (compiler.emit.reuse);
    else the output folder is never read."""
    cwd = options.cwd
    root = find_repo_root(cwd) or cwd
    catalog = catalog_mod.load()
    config = load_config(root, cwd)[0]
    roots = product_roots(root, config)
    found, setup_deps = _setup(root, roots, cwd, catalog, options.environment, reuse_previous)
    env_name, failure = _environment_name(root, cwd, options, found)
    if failure:
        return BuildResult(env_name, None, "failed", failures=(failure,))
    environment = found.environment or Environment(env_name, {}, None)
    lint_options = LintOptions(tuple(roots) or (cwd,), cwd, environment=options.environment,
                               progress=options.progress)
    result, repo = lint_repository(lint_options)
    diagnostics = [*result.diagnostics, *found.diagnostics]  # T008 (unknown default environment) is lint's
    folders = _products(repo, root)
    if select is not None:  # exactly the folders it names, possibly none
        chosen, failure = sorted(set(select(repo)) & set(folders)), None
    else:
        chosen, failure = _select(folders, found, options.products)
    if failure:
        return BuildResult(env_name, None, "failed", failures=(failure,))
    store = reuse.Reuse.open(root, cwd, env_name, output_folder(options, root, config, env_name)) \
        if reuse_previous else None
    outputs: dict[str, dict[str, str]] = {}
    made: dict[str, tuple[Built, ...]] = {}
    with cache.tracking() if store is not None and store.on else nullcontext(None) as tracker:
        shared, own = reuse.split_deps(setup_deps, roots)
        for folder in chosen:
            kept = store if store is not None and _cacheable(repo, folder) else None
            key = _key(kept, repo, found, environment, folder, folders[folder]) if kept is not None else ""
            taken = kept.take(folder, key) if kept is not None else None
            if taken is not None:
                outputs[folder] = taken
                continue
            with _recording(tracker) as deps:
                _declare(root, cwd, repo, found, environment, folder)
                built, diags = _build_product(folder, folders[folder], repo, found, environment, catalog, cwd)
                outputs[folder] = emit.render_product(folder, env_name, built)
            diagnostics.extend(diags)
            made[folder] = tuple(built)
            if kept is not None and not diags:
                kept.keep(folder, key, {**shared, **own.get(folder, {}), **deps}, outputs[folder])
    if store is not None:
        store.forget(set(folders))
        store.save()
    diagnostics = one_per_root_cause(_relevant(diagnostics, repo, chosen, cwd))
    texts = {f.display: f.parsed.text for f in repo.files if f.parsed}
    settled = suppress.apply(diagnostics, config, texts, partial(from_root, cwd=cwd, root=root))
    diagnostics = sorted(dict.fromkeys(settled), key=Diagnostic.sort_key)
    diagnostics = redact.scrub_diagnostics(diagnostics, secret_values(repo))  # the expansion's messages too
    return Compiled(root, env_name, made, outputs, tuple(diagnostics), result.failures, len(repo.files), repo,
                    config, tuple(sorted(set(outputs) - set(made))))


_MEMBERS: dict[int, tuple[weakref.ref[Repository], dict[str | None, list[SourceFile]]]] = {}


def _members(repo: Repository) -> dict[str | None, list[SourceFile]]:
    """Product folder name -> its files, once per repository, held by a weak reference: the memo keeps no
    repository (nor its files) alive past its last use, so a diff's base is gone before its head is read."""
    found = _MEMBERS.get(id(repo))
    if found is None or found[0]() is not repo:
        members: dict[str | None, list[SourceFile]] = {}
        for f in repo.files:
            members.setdefault(f.product, []).append(f)
        _MEMBERS.clear()
        found = _MEMBERS[id(repo)] = (weakref.ref(repo, _forget), members)
    return found[1]


def _forget(gone: weakref.ref[Repository]) -> None:
    """A repository died: its files go with it (the memo's entry for it, if it is still there)."""
    for key, (held, _) in list(_MEMBERS.items()):
        if held is gone:
            del _MEMBERS[key]


def _sources(repo: Repository, folder: str) -> list[SourceFile]:
    if not (repo.product_roots or repo.folders):  # a repository without product folders is one product
        return list(repo.files)
    return _members(repo).get(folder, [])


def _key(store: reuse.Reuse, repo: Repository, found: Setup, environment: Environment, folder: str,
         path: Path) -> str:
    spec = found.products.get(folder)
    whole = not (repo.product_roots or repo.folders)
    return reuse.product_key(f"{store.key}|{whole}", folder, path,
                             [f"{f.display}\0{f.found.kind}" for f in _sources(repo, folder)],
                             Path(spec.document.path) if spec is not None else None,
                             Path(environment.document.path) if environment.document is not None else None)


def _cacheable(repo: Repository, folder: str) -> bool:
    """Whether every file of the product was read (a file dpc refused to read, such as a FIFO, is never
    read for its digest either: such a product is compiled on every run)."""
    return all(f.parsed is not None for f in _sources(repo, folder) if f.found.kind != "outside")


def _declare(root: Path, cwd: Path, repo: Repository, found: Setup, environment: Environment, folder: str) -> None:
    """Note the files a product's compile read before it began (read by the lint and the setup). The lint
    expanded the documents of a product.yaml product (its ``sqlFile:`` reads): expanded again here, only for
    what that reads."""
    for name in (*CONFIG_FILES, *PLATFORM_FILES):
        fs.depends_on(root / name)
    if environment.document is not None:
        fs.depends_on(cwd / environment.document.path)
    expander, spec = found.expanders.get(folder), found.products.get(folder)
    expand = hook(expander, spec, cwd) if expander is not None and spec is not None else None
    for f in _sources(repo, folder):
        if f.parsed is not None:  # read by the lint (a link out of the repository never is)
            fs.depends_on(f.found.path)
        if expand is not None and f.parsed is not None:
            for r in f.resources:
                expand(f.parsed.documents[r.document.index])


def run(options: BuildOptions) -> BuildResult:
    compiled = compile_products(options, reuse_previous=True)
    if isinstance(compiled, BuildResult):
        return compiled
    root, env_name, outputs, diagnostics = compiled.root, compiled.environment, compiled.outputs, compiled.diagnostics
    entries = baseline.load(root)
    kept: tuple[Diagnostic, ...] = ()
    if entries is not None:
        found = baseline.split(diagnostics, entries, root, options.cwd)
        diagnostics, kept = found.new, found.baselined
    out = output_folder(options, root, compiled.config, env_name)
    failed = BuildResult(env_name, out, "failed", diagnostics, failures=compiled.failures,
                         files_checked=compiled.files_checked, baselined=kept, reused=compiled.reused)
    if any(d.severity >= Severity.ERROR for d in diagnostics) or compiled.failures:
        return failed
    try:
        write.check_target(out, root, options.out is not None)
        repo = compiled.repository
        write.refuse_sources(out.resolve(), tuple(f.resolve() for f in (*repo.product_roots,
                                                                         *(f for _, f in repo.folders))))
    except write.OutputRefused as err:
        return replace(failed, failures=(*compiled.failures, str(err)))
    made = tuple(ProductOutput(p, out / p, len(files) - 1) for p, files in outputs.items())  # - index.json
    diffs = tuple(write.differences(out, outputs, others_kept=bool(options.products)))
    if options.check:
        return replace(failed, status="out of date" if diffs else "up to date", products=made, differences=diffs)
    if not diffs and (out / write.BUILD_MARKER).is_file():
        return replace(failed, status="unchanged", products=made)
    try:
        write.refuse_foreign(out)
    except write.OutputRefused as err:
        return replace(failed, failures=(*compiled.failures, str(err)))
    try:
        write.replace(out, outputs, keep_others=bool(options.products))
    except OSError as err:
        return replace(failed, failures=(f"cannot write {out}: {err}",))
    return replace(failed, status="written", products=made, differences=diffs)


def _products(repo: Repository, root: Path) -> dict[str, Path]:
    """Output folder name -> product folder. Without product roots the repository is one product."""
    folders = {name: r / name for r in repo.product_roots for name in sorted(
        p.name for p in fs.iterdir(r) if fs.is_dir(p) and not p.name.startswith("."))}
    if repo.product_roots:
        return {n: f for n, f in folders.items() if n in _members(repo)}
    if repo.folders:  # a plain repository's detected product folders (compiler.project.layout)
        return {n: f for n, f in repo.folders if n in _members(repo)}
    specs = [r.name for r in repo.resources() if r.type == "data"]
    return {specs[0] if len(specs) == 1 else root.name: root}


def _select(folders: dict[str, Path], found: Setup, wanted: tuple[str, ...]) -> tuple[list[str], str | None]:
    if not wanted:
        return sorted(folders), None
    names = {spec.name: folder for folder, spec in found.products.items()}
    chosen = []
    for w in wanted:
        folder = w if w in folders else names.get(w)
        if folder is None:
            return [], f"unknown product '{w}'{did_you_mean(w, folders)}; products: {', '.join(sorted(folders))}"
        chosen.append(folder)
    return sorted(set(chosen)), None


def _relevant(diags: list[Diagnostic], repo: Repository, chosen: list[str], cwd: Path) -> list[Diagnostic]:
    """Findings of the chosen products and of files outside every product folder."""
    others = [display_path(r / f.product, cwd) + "/" for f in repo.files if f.product and f.product not in chosen
              for r in repo.product_roots if fs.is_dir(r / f.product)]
    if not repo.product_roots:
        others = [display_path(folder, cwd) + "/" for name, folder in repo.folders if name not in chosen]
    return [d for d in diags if not any(d.position.path.startswith(o) for o in set(others))]


def _build_product(folder: str, path: Path, repo: Repository, found: Setup, env: Environment, catalog: Catalog,
                   cwd: Path) -> tuple[list[Built], list[Diagnostic]]:
    resources = [r for f in _sources(repo, folder) for r in f.resources]
    spec = found.products.get(folder)
    diags: list[Diagnostic] = []
    if spec is not None:
        members = [r for r in resources if r.type not in ("data", "bundle")]
        bundle, more = generate.bundle(spec, env, members, catalog)
        diags += more
        dp, more = generate.data_product(spec, env, bundle, [r for r in members if r.type == "lens"], catalog)
        diags += more
        built = [bundle, dp]
        if (spec.get("scanner") or {}).get("enabled", True):
            built.append(generate.scanner(spec, env, catalog))
    else:
        built, more = _plain(resources, found, env, catalog, cwd)
        diags += more
    nodes = [b.node for b in built]
    ordered, stuck = order(nodes, edges(nodes, catalog))
    by_key = {b.node.key: b for b in built}
    for n in stuck:
        diags.append(Diagnostic.of("T009", f"{n.type} '{n.name}' is part of a dependency cycle",
                                   by_key[n.key].document.position(("name",)), "break the cycle of references"))
    result = [by_key[n.key] for n in ordered]
    for b in result:
        diags += check_manifest(b.document, catalog) + placeholders.check(b.document) + envvars.check(b.document, env)
    return result, diags


def _plain(resources: list[Resource], found: Setup, env: Environment, catalog: Catalog,
           cwd: Path) -> tuple[list[Built], list[Diagnostic]]:
    expander = Expander(catalog, cwd, found.includes, env, None)
    known = {fs.resolve(cwd / r.path): r for r in resources}
    inliner = BundleInliner(expander, catalog, known)
    diags: list[Diagnostic] = []
    docs = []
    for r in resources:
        if r.type == "bundle":
            doc, more = inliner.inline(r)
        else:
            doc, more = expander.expand(r.document)
        diags += more
        docs.append((r, doc))
    built = [Built(Node(identity(r.type, r.version, r.name, r.workspace), r.type, r.name, doc.data), doc)
             for r, doc in docs if r.type == "bundle" or fs.resolve(cwd / r.path) not in inliner.inlined]
    return built, diags
