"""Generate a synthetic DataOS repository of N data products for the benchmarks.

Each product is a copy of the example product products/sales-360 (about 15 manifests of
the common types, SQL files, a lens model) under new names; product i reads the enriched
orders that product i-1 writes, so references cross products; a few findings are planted
(an unknown key every 89th product, a misspelt compute every 97th).

    python benchmarks/generate.py OUT_DIR --products 1000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "products" / "sales-360"


def _rename(text: str, i: int) -> str:
    n = f"{i:04d}"
    return (text.replace("sales-360", f"sales-{n}").replace("sales360", f"sales{n}")
            .replace("salesdb", f"salesdb{n}").replace("SALESDB_", f"SALESDB{n}_"))


def _plant(path: Path, text: str, i: int, findings: bool = True) -> str:
    if i > 0 and path.name == "orders_enriched.yaml":
        text = text.replace(f"dataos://salesdb{i:04d}:public/customers",
                            f"dataos://lakehouse:sales{i - 1:04d}/orders_enriched", 1)
    if i > 0 and path.name == "orders_enriched.sql":  # its customers are then product i-1's columns (Q012)
        for column in ("email", "segment", "region"):
            for end in (")", ","):
                text = text.replace(f"c.{column}{end}", f"c.customer_{column}{end}")
    if not findings:
        return text
    if i % 89 == 88 and path.name == "bundle.yaml":
        text = text.replace("dependencies:", "dependancies:", 1)
    if i % 97 == 96 and path.name == "orders_enriched.yaml":
        text = text.replace("compute: runnable-default", "compute: runable-default", 1)
    return text


def generate(out: Path, products: int, findings: bool = True) -> int:
    if out.exists():
        shutil.rmtree(out)
    files = sorted(p for p in TEMPLATE.rglob("*") if p.is_file())
    count = 0
    for i in range(products):
        root = out / "products" / f"sales-{i:04d}"
        for src in files:
            rel = Path(_rename(src.relative_to(TEMPLATE).as_posix(), i))
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(_plant(dest, _rename(src.read_text(encoding="utf-8"), i), i, findings), encoding="utf-8")
            count += 1
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    subprocess.run(["git", "-C", str(out), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(out), "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                    "commit", "-qm", "synthetic repository"], check=True)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--clean", action="store_true", help="plant no findings")
    args = parser.parse_args()
    count = generate(args.out, args.products, not args.clean)
    print(f"{count} files in {args.products} products under {args.out}")


if __name__ == "__main__":
    main()
