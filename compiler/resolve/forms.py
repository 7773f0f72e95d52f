"""Parsers for every reference syntax DataOS manifests use; pure functions, None when malformed.

- UDL: ``dataos://depot[:collection[/dataset[/file...]]][?acl=r|rw[&...]]``
- dataset id: ``dataset:depot:collection:dataset``
- resource id: ``type:version:name[:workspace]``
- product id: ``data:version:name``
- secret ref: ``{name, workspace?, key?, keys?, allKeys?, consumptionType?}`` or a bare name
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

_WORD = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
_UDL = re.compile(rf"^dataos://(?P<depot>{_WORD})(?::(?P<collection>{_WORD}|\*\*)(?:/(?P<rest>[^?#]*))?)?"
                  r"(?:\?(?P<query>[^#]*))?$")
_DATASET = re.compile(rf"^dataset:(?P<depot>{_WORD}):(?P<collection>{_WORD}):(?P<dataset>{_WORD})$")
_RESOURCE = re.compile(r"^(?P<type>[a-z][a-z-]*):(?P<version>v\d+[a-z0-9]*):(?P<name>[A-Za-z0-9%][A-Za-z0-9_%-]*)"
                       r"(?::(?P<workspace>[A-Za-z0-9%][A-Za-z0-9_%-]*))?$")
_PRODUCT = re.compile(r"^data:(?P<version>v\d+[a-z0-9]*):(?P<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)$")
ACLS = ("r", "rw")


@dataclass(frozen=True)
class Udl:
    depot: str
    collection: str | None = None
    dataset: str | None = None
    file: str | None = None
    acl: str | None = None

    @property
    def table(self) -> tuple[str, str, str] | None:
        """(depot, collection, dataset) when the address names a dataset."""
        if self.collection and self.dataset:
            return (self.depot, self.collection, self.dataset)
        return None


@dataclass(frozen=True)
class DatasetId:
    depot: str
    collection: str
    dataset: str

    @property
    def table(self) -> tuple[str, str, str]:
        return (self.depot, self.collection, self.dataset)


@dataclass(frozen=True)
class ResourceId:
    type: str
    version: str
    name: str
    workspace: str | None = None

    def __str__(self) -> str:
        base = f"{self.type}:{self.version}:{self.name}"
        return f"{base}:{self.workspace}" if self.workspace else base


@dataclass(frozen=True)
class ProductId:
    version: str
    name: str


@dataclass(frozen=True)
class SecretRef:
    name: str
    workspace: str | None = None
    keys: tuple[str, ...] = ()


def parse_udl(text: Any) -> Udl | None:
    if not isinstance(text, str):
        return None
    m = _UDL.match(text.strip())
    if m is None:
        return None
    acl = None
    if m["query"]:
        params = dict(parse_qsl(m["query"], keep_blank_values=True))
        acl = params.get("acl")
        if acl is not None and acl not in ACLS:
            return None
    rest = [p for p in (m["rest"] or "").split("/") if p]
    dataset = rest[0] if rest else None
    file = "/".join(rest[1:]) or None
    return Udl(m["depot"], m["collection"], dataset, file, acl)


def parse_dataset_id(text: Any) -> DatasetId | None:
    if not isinstance(text, str):
        return None
    m = _DATASET.match(text.strip())
    return DatasetId(m["depot"], m["collection"], m["dataset"]) if m else None


def parse_resource_id(text: Any) -> ResourceId | None:
    if not isinstance(text, str):
        return None
    m = _RESOURCE.match(text.strip())
    return ResourceId(m["type"], m["version"], m["name"], m["workspace"]) if m else None


def parse_product_id(text: Any) -> ProductId | None:
    if not isinstance(text, str):
        return None
    m = _PRODUCT.match(text.strip())
    return ProductId(m["version"], m["name"]) if m else None


def parse_dataset(text: Any) -> Udl | DatasetId | None:
    """A data product input/output: a dataset id or a UDL."""
    if isinstance(text, str) and text.startswith("dataos://"):
        return parse_udl(text)
    return parse_dataset_id(text)


def table_of(ref: Udl | DatasetId | None) -> tuple[str, str, str] | None:
    return ref.table if ref is not None else None


def parse_secret_ref(value: Any) -> SecretRef | None:
    """A secret reference as the ``secrets``/``dataosSecrets`` lists write it: a name or a mapping."""
    if isinstance(value, str) and value.strip():
        return SecretRef(value.strip())
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        return None
    ws = value.get("workspace")
    keys = value.get("keys")
    key = value.get("key")
    found = tuple(k for k in (keys if isinstance(keys, list) else []) if isinstance(k, str))
    if isinstance(key, str):
        found += (key,)
    return SecretRef(value["name"].strip(), ws if isinstance(ws, str) and ws else None, found)


def depot_of(text: Any) -> str | None:
    """A depot written as a bare name or as ``dataos://depot...`` (scanner ``depot``, nilus addresses)."""
    if not isinstance(text, str) or not text.strip():
        return None
    if text.startswith("dataos://"):
        udl = parse_udl(text)
        return udl.depot if udl else None
    return text.strip() if re.fullmatch(_WORD, text.strip()) else None
