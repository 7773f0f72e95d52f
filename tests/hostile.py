"""Hostile repositories of the 'quadratic or worse' kind, shared by the bound tests and the fuzz suite.

Each function writes a repository that cost dpc minutes or gigabytes before its bound
(docs/RELIABILITY.md lists the figures) and returns its root.
"""

from __future__ import annotations

from pathlib import Path

SECRET = ("name: {name}\nversion: v1\ntype: instance-secret\ninstance-secret:\n  type: key-value-properties\n"
          "  acl: r\n  data:\n    username: ${{DB_USER}}\n")
DEPOT = ("name: {name}\nversion: v2alpha\ntype: depot\ndepot:\n  type: POSTGRESQL\n  external: true\n"
         "  compute: runnable-default\n  secrets:\n    - name: {secret}\n      allkeys: true\n"
         "  postgresql:\n    host: db.example.com\n    port: 5432\n    database: sales\n")


def repository(root: Path, files: dict[str, str], config: str = "products: [products]\n") -> Path:
    (root / "dpc.yaml").write_text(config)
    for rel, text in files.items():
        path = root / "products" / "p" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def alias_documents(documents: int, levels: int = 5) -> str:
    """``documents`` documents, each a 9-way alias tree of ``levels`` levels (9**5: 59,049 values)."""
    tree = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(levels))
    return "---\n".join(f"name: d{j}\n" + tree for j in range(documents))


def big_syntax_error(lines: int) -> str:
    """A long valid mapping, then an unclosed flow sequence."""
    return "".join(f"k{i}: value number {i}\n" for i in range(lines)) + "bad: [1, 2\nx: y: z\n"


def comment_suppressions(lines: int) -> str:
    """A resource after ``lines`` suppression comments of their own line, each covering nothing."""
    return "# dpc: ignore[S006] hostile\n" * lines + SECRET.format(name="s-r")


def many_globstars(stars: int) -> str:
    """dpc.yaml ignoring a pattern of ``stars`` ``**`` that matches nothing."""
    return "products: [products]\nignore:\n  - '" + "**/" * stars + "*.nomatch'\n"


def deep_folders(depth: int) -> dict[str, str]:
    return {"/".join(f"d{i}" for i in range(depth)) + "/s.yaml": SECRET.format(name="s-r")}


def duplicates(count: int) -> str:
    """``count`` instance secrets of one name, in one file."""
    return "---\n".join(SECRET.format(name="dup-r") for _ in range(count))


def unresolved(count: int) -> str:
    """``count`` instance secrets and ``count`` depots, each naming a secret that is not there."""
    secrets = [SECRET.format(name=f"secret-{i:05}-r") for i in range(count)]
    depots = [DEPOT.format(name=f"depot{i:05}", secret=f"secret-{i:05}-x") for i in range(count)]
    return "---\n".join(secrets + depots)
