"""The records ``dpc diff`` hands from stage to stage, and to the formats."""

from __future__ import annotations

from dataclasses import dataclass

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


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

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a resource across revisions: product, type, name, workspace (not the version)."""
        return (self.product, self.type, self.name, self.workspace or "")

    @property
    def label(self) -> str:
        return f"{self.type} {self.name}" + (f" (workspace {self.workspace})" if self.workspace else "")


@dataclass(frozen=True)
class Change:
    status: str  # ADDED, REMOVED, CHANGED or UNCHANGED
    before: Manifest | None
    after: Manifest | None
    diff: str  # unified diff of the redacted canonical YAML; empty when unchanged

    @property
    def manifest(self) -> Manifest:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def product(self) -> str:
        return self.manifest.product


@dataclass(frozen=True)
class Rename:
    """A removal and an addition of the same type in one product that look alike: maybe a rename."""

    product: str
    type: str
    removed: str
    added: str


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
    status: str  # ADDED, REMOVED, CHANGED, UNCHANGED (compiled, no difference) or "skipped" (same sources)
    counts: tuple[int, int, int, int]  # added, removed, changed, unchanged resources


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

    @property
    def differences(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.status != UNCHANGED)

    @property
    def changed(self) -> bool:
        return bool(self.differences)
