"""The repository a run reads: product folders, the files to read and the per-file cache.

Discovery (dpc.yaml's products and ignore globs, the detected product folders) -> each file checked by
:mod:`compiler.pipeline.documents`, or restored from the per-file cache when nothing it read changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from compiler.core.paths import display_path
from compiler.load import blobcache, cache, fs, records, stores
from compiler.load.discover import YAML_SUFFIXES, Found, discover, find_repo_root, with_environments
from compiler.load.read import DEFAULT_MAX_BYTES, read
from compiler.load.yamlload import ParsedFile, compact, decode
from compiler.model import Expand, Facts, Repository, Resource, SourceFile
from compiler.pipeline import parallel
from compiler.pipeline.documents import check_file
from compiler.pipeline.options import LintOptions, cache_key
from compiler.project import layout
from compiler.project.config import Config, environments_folder, load_config
from compiler.project.specs import find_product_file
from compiler.redaction.masks import Hidden
from compiler.rules import filesecrets, schedules
from compiler.schema import secrets_memo, sensitive
from compiler.schema.catalog import Catalog


def product_roots(root: Path, config: Config | None = None) -> tuple[Path, ...]:
    return tuple(root / p for p in (config or Config()).products if fs.is_dir(root / p))


def _kept(found: Found, root: Path, config: Config) -> bool:
    """False for files dpc.yaml's ``ignore`` globs exclude."""
    if not config.ignore:
        return True
    try:
        return not config.ignored(found.path.relative_to(root).as_posix())
    except ValueError:
        return True


def _product_of(path: Path, roots: tuple[Path, ...], folders: layout.Folders = ()) -> str | None:
    """The first folder under the product root holding ``path``; the product root itself holds none. Worked
    out on the text of the paths (as ``relative_to`` would, lexically: asked for every file of every run)."""
    text = os.fspath(path)
    for r in roots:
        base = os.fspath(r).rstrip(os.sep)
        if text == base or text == base + os.sep:
            return None
        if text.startswith(base + os.sep):
            first, inner, _ = text[len(base) + 1:].partition(os.sep)
            return first if inner else None
    return layout.owner(path, folders) if not roots else None


def _universe(targets: tuple[Path, ...], roots: tuple[Path, ...], folders: layout.Folders = ()) -> list[Path]:
    """What must be read so that references resolve: the whole product root (or detected product folder)
    holding each target."""
    out: list[Path] = []
    for t in targets:
        holder = next((r for r in roots if t == r or r in t.parents), None) or layout.holder(t, folders)
        out.append(holder or t)
    return list(dict.fromkeys(out))


def product_layout(root: Path, roots: tuple[Path, ...], cwd: Path) -> layout.Folders:
    """The product folders: the product roots' folders, else those detected in a plain git repository."""
    if roots:
        return layout.configured(roots)
    if find_repo_root(cwd) is None:
        return ()
    return layout.detect(root, [f.path for f in discover([root], cwd) if f.kind == "manifest"])


def _expanders(root: Path, roots: tuple[Path, ...], options: LintOptions, catalog: Catalog) -> dict[str, Expand]:
    """Product folder -> expansion of its resource specs, for the folders holding a product.yaml.
    jinja2 and the build modules are imported only when there is one."""
    if not any(find_product_file(p) for r in roots for p in fs.iterdir(r) if fs.is_dir(p)):
        return {}
    from compiler.expand.products import lint_expanders  # start-up: jinja2 and expand/ cost ~40 ms (importtime)

    return lint_expanders(root, roots, options.cwd, catalog, options.environment)


def load_repository(options: LintOptions, catalog: Catalog, failures: list[str],
                    config: Config | None = None) -> Repository:
    side = fs.ACTIVE.get()
    if isinstance(side, blobcache.SideTracker):  # a diff's side: its records are kept by blob id
        return _load_repository(options, catalog, failures, side)
    with cache.tracking() as tracker:
        return _load_repository(options, catalog, failures, tracker)


Tracker = cache.TrackingFS | blobcache.SideTracker


def _per_file_cache(root: Path, options: LintOptions, tracker: Tracker | None, whole: bool
                    ) -> tuple[stores.Cache | blobcache.Store, cache.Checker]:
    """The per-file records of this run and what checks them: a diff side's store of blob ids, the working
    tree's cache, or nothing (not cached). A run over the ``whole`` repository lets the working tree's cache
    drop the entries of files no longer there."""
    key = cache_key(options, per_file=True)
    if isinstance(tracker, blobcache.SideTracker):
        return blobcache.store(root, key), blobcache.SideChecker(tracker.inner)
    files_cache = stores.Cache.open(root, key) if tracker is not None else stores.Cache(None, "")
    if whole:
        files_cache.all_shards()
    return files_cache, cache.Checker(files_cache.started_ns)


def _recording(tracker: Tracker | None) -> AbstractContextManager[cache.Deps]:
    """What the code run inside reads (the file system's questions and answers); nothing when not cached."""
    return tracker.recording() if tracker is not None else nullcontext({})


def _load_repository(options: LintOptions, catalog: Catalog, failures: list[str],
                     tracker: Tracker | None) -> Repository:
    with _recording(tracker) as context:
        # what every file's result depends on: dpc.yaml, the product roots, product.yaml, the environment
        root = find_repo_root(options.cwd) or options.cwd
        config = load_config(root, options.cwd)[0]
        roots = product_roots(root, config)
        expanders = _expanders(root, roots, options, catalog)
        limit = options.max_bytes or config.max_file_size or DEFAULT_MAX_BYTES
    folders = product_layout(root, roots, options.cwd)  # a file's product is checked again on restore
    wanted = _universe(options.targets, roots, folders)
    environments = environments_folder(root, config)
    universe = [f for f in with_environments(discover(wanted, options.cwd), environments) if _kept(f, root, config)]
    asked = universe if wanted == list(options.asked) else discover(list(options.asked), options.cwd)
    scope = {f.display for f in asked if _kept(f, root, config)}
    files_cache, checker = _per_file_cache(root, options, tracker, whole=wanted == [root])
    setting = cache.digest(context)  # what every file's result depends on, as this run found it
    files: list[SourceFile] = []
    checked: list[tuple[SourceFile, cache.Deps]] = []
    made: dict[str, records.Json] = {}  # the records workers made of the files they checked
    facts: dict[str, str] = {}
    products = [_product_of(found.path, roots, folders) for found in universe]
    looked = [files_cache.lookup(found.display, checker, setting) for found in universe]
    pooled = _pool(universe, products, looked, expanders, catalog, limit, tracker)
    try:  # the workers end with the loop, whatever ends it (an interrupted run leaves none behind)
        for done, found in enumerate(universe):
            if options.progress is not None:
                options.progress(done, len(universe))
            product = products[done]
            expand = expanders.get(product) if product is not None else None
            record = looked[done]
            known = _restore(record, found, product, limit, expand)
            if known is not None:
                files.append(known)
                if isinstance(record.get("facts"), str):  # a record is a dict once restored
                    facts[known.display] = record["facts"]
                continue
            files_cache.forget(found.display)
            sent = _from_worker(pooled.take(done), found, product, limit, tracker)  # None: check it here
            if sent is not None:
                source, deps, made[found.display] = sent
            else:
                try:
                    with _recording(tracker) as deps:
                        source = check_file(found, catalog, limit, product, expand)
                except Exception as err:  # a bug in dpc must not hide the other files' findings
                    failures.append(f"{found.display}: internal error: {type(err).__name__}: {err}")
                    continue
            files.append(source)
            checked.append((source, deps))
            if files_cache.on and source.parsed is not None:  # its record packs them: keep that, not the dicts
                compact(source.parsed)
    finally:
        pooled.close()
    if files_cache.on:
        hidden = secret_values_of(files)
        for source, deps in checked:
            # a worker's record is this one unless a secret value of another file is in its file (_record)
            record = made[source.display] if source.display in made and not hidden else _record(source, hidden)
            facts[source.display] = _facts(record, source, deps)
            if record is not None:
                files_cache.store(source.display, deps, {**record, "facts": facts[source.display]}, setting)
        files_cache.save()
    scope |= _readers(options.asked, files, root)
    scope |= {display_path(t, options.cwd) for t in options.asked  # a named SQL or template file: P009
              if t.name.lower().endswith(filesecrets.SUFFIXES) and fs.is_file(t)}
    known_facts = Facts(setting, facts) if files_cache.on and len(facts) == len(files) else None
    return Repository(root, roots, tuple(files), frozenset(scope), folders, known_facts)


def _pool(universe: list[Found], products: list[str | None], looked: list[records.Json],
          expanders: dict[str, Expand], catalog: Catalog, limit: int,
          tracker: Tracker | None) -> parallel.Pooled[tuple[records.Json, cache.Deps]]:
    """Workers for the files no cache entry answers (:mod:`compiler.pipeline.parallel`), on the working tree
    only (a diff side reads a commit), and not for a file a product.yaml expands (its restore expands again)."""
    active = fs.ACTIVE.get()
    if isinstance(tracker, blobcache.SideTracker) or not isinstance(active, fs.OSFileSystem):
        return parallel.serial()
    todo = [i for i, record in enumerate(looked) if record is None
            and (products[i] is None or products[i] not in expanders)]

    def work(i: int) -> tuple[records.Json, cache.Deps] | None:
        with fs.use(active):
            return _checked_whole(universe[i], catalog, limit, products[i], tracker)
    return parallel.start(todo, work)


def _checked_whole(found: Found, catalog: Catalog, limit: int, product: str | None,
                   tracker: Tracker | None) -> tuple[records.Json, cache.Deps] | None:
    """In a worker: the file checked, as its cache record and what the check asked; None unless the record
    keeps the whole file (its documents when it parsed): a secret value in it, a clock read, a record that
    cannot be packed."""
    with _recording(tracker) as deps:
        source = check_file(found, catalog, limit, product)
    record = _record(source, secrets_memo.NONE)
    if record is None or (record["parsed"] and record["documents"] is None):
        return None
    return record, deps


def _from_worker(sent: tuple[records.Json, cache.Deps] | None, found: Found, product: str | None, limit: int,
                 tracker: Tracker | None) -> tuple[SourceFile, cache.Deps, records.Json] | None:
    """A worker's check restored as a cached one is (the file, what its check asked, its record); None when no
    worker sent one that fits the file as read here (an edit in between)."""
    if sent is None:
        return None
    record, deps = sent
    if tracker is not None:
        tracker.replay(deps)  # asked in the worker: the run depends on it as if asked here, in that order
    restored = _restore(record, found, product, limit, None)
    asked = deps.get(f"read\0{os.fspath(found.path)}")
    if restored is None or isinstance(tracker, cache.TrackingFS) and not (
            isinstance(asked, list) and asked[:1] == tracker.blob(found.path)[:1]):
        return None
    return restored, deps, record


def _facts(record: records.Json, source: SourceFile, deps: cache.Deps) -> str:
    """What the repository-wide checks read of a just checked file, as one hash: its documents with their
    positions and its resources as its cache record keeps them (so that a comment edited in the file leaves
    the hash as it was), else its text; and the answers to every question its check asked (a file a template
    inlines, a product.yaml) but those about the file itself. A restored record brings the hash it was stored
    with."""
    if isinstance(record, dict) and record.get("documents") is not None:
        what = ["documents", record["kind"], record["product"], record["documents"], record["resources"]]
    else:
        what = ["text", source.found.kind, source.product, source.parsed.text if source.parsed else None]
    own = os.fspath(source.found.path)  # the file's own bytes are ``what``: a comment must not count
    asked = {k: v for k, v in deps.items() if k.partition("\0")[2] != own}
    body = json.dumps([*what, cache.digest(asked)], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()


def _readers(targets: tuple[Path, ...], files: list[SourceFile], root: Path) -> set[str]:
    """The manifests that read a named non-YAML file (a SQL file, a template), so that a commit
    staging only SQL is still checked through the manifests that inline it."""
    named = [t for t in targets if not t.name.lower().endswith(YAML_SUFFIXES) and fs.is_file(t)]
    out: set[str] = set()
    for target in named:
        try:
            from_root = target.relative_to(root).as_posix()
        except ValueError:
            continue
        for f in files:
            text = f.parsed.text if f.parsed else ""
            local = os.path.relpath(target, f.found.path.parent).replace(os.sep, "/")
            if from_root in text or (target.name in text and local in text):
                out.add(f.display)
    return out


def _record(source: SourceFile, hidden: Hidden) -> records.Json | None:
    """A checked file as the cache keeps it, or None when it must not be kept: nothing of a secret value
    goes to the cache (a message quoting one keeps the file out; a file holding one keeps no documents, so
    a restored file with documents is known to hold none)."""
    diags = source.diagnostics
    if source.parsed is not None and schedules.reads_clock(source.parsed.text):
        return None  # its findings depend on the clock: checked again every run
    if any(v in d.message or v in (d.hint or "") for d in diags for v in hidden):
        return None
    text = source.parsed.text if source.parsed else ""
    kept = source.parsed if source.parsed is not None and not secrets_memo.of(source, _file_secrets) \
        and not any(v in text for v in hidden) else None
    try:
        return {"kind": source.found.kind, "product": source.product, "parsed": source.parsed is not None,
                "documents": records.parsed_to_json(kept) if kept is not None else None,
                "diagnostics": [records.diagnostic_to_json(d) for d in diags],
                "resources": [[r.document.index, r.type, r.version, r.name, r.scope, r.legacy, r.unidentified]
                              for r in source.resources]}
    except records.BadRecord:
        return None


def _restore(record: records.Json, found: Found, product: str | None, limit: int,
             expand: Expand | None) -> SourceFile | None:
    """The checked file from its cache record (documents parsed again when the record keeps none);
    None when the record does not fit (the file is then checked again)."""
    if not isinstance(record, dict) or record.get("kind") != found.kind or record.get("product") != product:
        return None
    try:
        diags = tuple(records.diagnostic_from_json(d) for d in record["diagnostics"])
        parsed: ParsedFile | None = None
        if record["parsed"] and record["documents"] is not None:
            text, problem = decode(found.display, fs.read_bytes(found.path))
            parsed = records.parsed_from_json(found.display, text, record["documents"]) if text is not None \
                and problem is None else None
        elif record["parsed"]:
            parsed = read(found, limit)[0]
        if bool(record["parsed"]) != (parsed is not None):
            return None
        resources = []
        for index, kind, version, name, scope, legacy, unidentified in record["resources"]:
            if parsed is None:
                return None
            written = parsed.documents[index]
            doc = expand(written)[0] if expand is not None else written
            resources.append(Resource(kind, version, name, scope, doc, product, legacy, unidentified))
    except (OSError, KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    source = SourceFile(found, parsed, product, diags, tuple(resources))
    if record["documents"] is not None:  # kept only when no document of the same text can hold a secret
        secrets_memo.known(source, secrets_memo.NONE)
    return source


def secret_values_of(files: tuple[SourceFile, ...] | list[SourceFile]) -> Hidden:
    return secrets_memo.union([secrets_memo.of(f, _file_secrets) for f in files])


def _file_secrets(f: SourceFile) -> Hidden:
    if not f.parsed or not sensitive.might_hold(f.parsed.text):  # cheap: most files hold none
        return secrets_memo.NONE
    docs = [*f.parsed.documents, *(r.document for r in f.resources)]
    return sensitive.values_of([d.data for d in docs])
