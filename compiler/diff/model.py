"""The records ``dpc diff`` hands from stage to stage, and to the formats."""

from __future__ import annotations

from dataclasses import dataclass

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
RENAMED = "renamed"  # the same resource under a new name: one entry, its inner diff
UNKNOWN = "unknown"  # present on one side; on the other its source file was not compiled


def split_identity(identity: str) -> tuple[str, str, str, str | None]:
    """``type:version:name[:workspace]`` -> (type, version, name, workspace or None)."""
    parts = identity.split(":") + ["", ""]
    return parts[0], parts[1], parts[2], (parts[3] or None) if len(parts) > 5 else None


@dataclass(frozen=True)
class Manifest:
    """One compared resource: a manifest of the build, or a resource inside a bundle."""

    product: str
    identity: str  # type:version:name[:workspace], as dataos-ctl and the build's index write it
    type: str
    name: str
    workspace: str | None
    file: str  # the build file applying it: build/<env>/<product>/<file> (a member: its bundle's)
    bundle: str | None  # for a resource inside a bundle: the bundle's identity
    order: int  # apply order inside the product (members follow their bundle)
    text: str  # canonical YAML, each secret a marker (compiler.redaction.markers)
    scanner: bool = False  # a workflow running the scanner stack
    source: str = ""  # display path of the source file defining it ("" when unknown)
    scheduled: bool = False  # a workflow with a schedule (without one, applying it runs it again)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a resource in DataOS and across revisions: type, name, workspace (not the
        version, not the product folder)."""
        return (self.type, self.name, self.workspace or "")

    @property
    def label(self) -> str:
        return f"{self.type} {self.name}" + (f" (workspace {self.workspace})" if self.workspace else "")


@dataclass(frozen=True)
class Change:
    status: str  # ADDED, REMOVED, CHANGED, RENAMED, UNCHANGED or UNKNOWN
    before: Manifest | None
    after: Manifest | None
    diff: str  # unified diff of the redacted canonical YAML; empty when unchanged
    note: str = ""  # UNKNOWN: why one side is not known ("products/x.yaml not compiled at the base")

    @property
    def manifest(self) -> Manifest:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def product(self) -> str:
        return self.manifest.product


@dataclass(frozen=True)
class Rename:
    """A resource of the base and one of the head of the same type that look alike: a rename."""

    product: str
    type: str
    removed: str
    added: str


@dataclass(frozen=True)
class NotCompiled:
    """A source file one side could not compile: its resources are unknown on that side."""

    side: str  # "base" or "head"
    path: str  # display path
    reason: str  # the first finding that stopped it: "Y001 ..." or "S002 ..."


@dataclass(frozen=True)
class Problem:
    """A finding about the change itself (G010-G019), at a place in the head's sources."""

    code: str
    position: str  # path:line:col
    message: str


@dataclass(frozen=True, order=True)
class Breaking:
    """A finding of the B family: the head stops writing a dataset or a column that other products read."""

    position: str  # path:line:col in the head (the base's, when the writer is gone)
    code: str
    message: str
    consumers: tuple[str, ...]  # the products reading it


@dataclass(frozen=True)
class Step:
    action: str  # "apply", "product apply", "delete" or "product delete"
    target: str  # the build file (apply) or the identity (delete)
    product: str
    reason: str

    @property
    def command(self) -> str:
        if self.action.endswith("delete"):
            return f'dataos-ctl {self.action} -i "{self.target}"'
        return f"dataos-ctl {self.action} -f {self.target}"


@dataclass(frozen=True)
class Impact:
    product: str  # the product reading the dataset
    dataset: str  # dataset:<depot>:<collection>:<dataset>
    producer: str  # the product whose writer changed or disappeared
    writer: str  # "<type> <name>" of the resource that writes (or wrote) it
    how: str  # "changed" (its writer changed) or "removed" (nothing writes it any more)


@dataclass(frozen=True)
class Revision:
    label: str  # what the user named: "HEAD~1", "deployed to prod", "working tree"
    sha: str | None  # None for the working tree
    subject: str = ""

    def __str__(self) -> str:
        return f"{self.label} ({self.sha[:12]})" if self.sha and self.label != self.sha else self.label


@dataclass(frozen=True)
class ProductSummary:
    name: str
    status: str  # ADDED, REMOVED, CHANGED, RENAMED, UNCHANGED (compiled, no difference) or "skipped"
    counts: tuple[int, int, int, int]  # added, removed, changed (renamed ones too), unchanged resources
    renamed_from: str = ""  # RENAMED: the product's folder at the base


@dataclass(frozen=True)
class DiffReport:
    base: Revision
    head: Revision
    environment: str
    products: tuple[ProductSummary, ...]
    changes: tuple[Change, ...]  # every compared resource, unchanged ones included
    renames: tuple[Rename, ...]
    plan: tuple[Step, ...]
    impacts: tuple[Impact, ...]
    not_compiled: tuple[NotCompiled, ...] = ()
    other_files: tuple[str, ...] = ()  # changed files that are not DataOS files (display paths)
    problems: tuple[Problem, ...] = ()  # G010-G019 findings of the change
    base_findings: str = ""  # one line summing up the base's own findings ("" when it has none)
    version: str = ""  # dpc's version, for the markdown footer
    command: str = ""  # the command line that reproduces the report
    breaking: tuple[Breaking, ...] = ()  # B001-B009: what the head stops writing that others read

    @property
    def deletes(self) -> tuple[Step, ...]:
        return tuple(s for s in self.plan if s.action.endswith("delete"))

    @property
    def differences(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.status != UNCHANGED)

    @property
    def changed(self) -> bool:
        return bool(self.differences)
