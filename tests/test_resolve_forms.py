"""The reference syntax parsers: exact records for the documented forms, None for malformed ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.resolve import forms
from compiler.resolve.forms import DatasetId, ProductId, ResourceId, SecretRef, Udl

NAME = st.from_regex(r"[a-z][a-z0-9]{0,12}", fullmatch=True)


@pytest.mark.parametrize("text, record", [
    ("dataos://lakehouse", Udl("lakehouse")),
    ("dataos://bq:sales", Udl("bq", "sales")),
    ("dataos://salesdb:public/orders", Udl("salesdb", "public", "orders")),
    ("dataos://lakehouse:sales360/orders_enriched?acl=rw", Udl("lakehouse", "sales360", "orders_enriched", None, "rw")),
    ("dataos://s3depot:none/ga_data/", Udl("s3depot", "none", "ga_data")),
    ("dataos://lakehouse:sys01/checkpoints/ga/ga-1001?acl=rw",
     Udl("lakehouse", "sys01", "checkpoints", "ga/ga-1001", "rw")),
    ("dataos://lakehouse:retail/city?acl=r&x=1", Udl("lakehouse", "retail", "city", None, "r")),
])
def test_udl(text: str, record: Udl) -> None:
    assert forms.parse_udl(text) == record


@pytest.mark.parametrize("text", ["dataos:/salesdb", "salesdb:public/orders", "dataos://", "dataos://a?acl=x",
                                  "dataos://a b", None, 3, ""])
def test_udl_malformed(text) -> None:
    assert forms.parse_udl(text) is None


def test_dataset_id() -> None:
    assert forms.parse_dataset_id("dataset:lakehouse:sales360:orders_enriched") == DatasetId(
        "lakehouse", "sales360", "orders_enriched")
    assert forms.parse_dataset_id("dataset:salesdb:public") is None
    assert forms.parse_dataset_id("dataset:a:b:c:d") is None
    assert forms.parse_dataset("dataos://salesdb:public/orders") == Udl("salesdb", "public", "orders")


def test_resource_id() -> None:
    assert forms.parse_resource_id("bundle:v1beta:sales-360-bundle") == ResourceId(
        "bundle", "v1beta", "sales-360-bundle")
    assert forms.parse_resource_id("lens:v1alpha:sales-lens:public") == ResourceId(
        "lens", "v1alpha", "sales-lens", "public")
    assert str(ResourceId("lens", "v1alpha", "x", "public")) == "lens:v1alpha:x:public"
    assert forms.parse_resource_id("bundle:v1beta:x.") is None
    assert forms.parse_resource_id("bundle:sales") is None


def test_product_id() -> None:
    assert forms.parse_product_id("data:v1beta:sales-360") == ProductId("v1beta", "sales-360")
    assert forms.parse_product_id("data:sales-360") is None


def test_secret_refs() -> None:
    assert forms.parse_secret_ref("api-key") == SecretRef("api-key")
    assert forms.parse_secret_ref({"name": "s", "workspace": "public", "keys": ["a"], "key": "b"}) == SecretRef(
        "s", "public", ("a", "b"))
    assert forms.parse_secret_ref({"allKeys": True}) is None
    assert forms.depot_of("dataos://salesdb") == "salesdb"
    assert forms.depot_of("salesdb") == "salesdb"
    assert forms.depot_of("not a depot") is None


@given(NAME, NAME, NAME, st.sampled_from([None, "r", "rw"]))
def test_udl_round_trip(depot: str, collection: str, dataset: str, acl: str | None) -> None:
    text = f"dataos://{depot}:{collection}/{dataset}" + (f"?acl={acl}" if acl else "")
    assert forms.parse_udl(text) == Udl(depot, collection, dataset, None, acl)
    assert forms.parse_dataset_id(f"dataset:{depot}:{collection}:{dataset}").table == (depot, collection, dataset)


@given(st.text(max_size=40))
def test_parsers_never_raise(text: str) -> None:
    for parse in (forms.parse_udl, forms.parse_dataset_id, forms.parse_resource_id, forms.parse_product_id,
                  forms.parse_dataset, forms.parse_secret_ref, forms.depot_of):
        parse(text)
