"""Resource limits: alias bombs, deep nesting in every YAML form, oversized, binary and odd files.

Each is answered with one exact diagnostic line, quickly; the heaviest run as real processes
under a memory limit, so that a crash of the C parser (a segmentation fault, which no
``except`` catches) or a runaway allocation fails the test instead of the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from robust import check_sane, run_main

MEMORY = 1024 * 1024 * 1024  # 1 GiB of address space for the whole interpreter
BOMB = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(10))


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def lint_process(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", "lint", *args], cwd=folder, capture_output=True,
                          text=True, timeout=30, preexec_fn=_limited)


HOSTILE = {
    # name: (file text, the one diagnostic line)
    "billion-laughs": (BOMB,
                       "f.yaml:1:1: error Y010 the document expands to more than 200,000 values (an alias bomb?)"),
    "flow-sequences-10k": ("a: " + "[" * 10_000 + "]" * 10_000 + "\n",
                           "f.yaml:1:204: error Y010 the document nests more than 200 levels deep"),
    "flow-sequences-100k-unclosed": ("a: " + "[" * 100_000 + "\n",
                                     "f.yaml:1:204: error Y010 the document nests more than 200 levels deep"),
    "flow-mappings-10k": ("a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
                          "f.yaml:1:804: error Y010 the document nests more than 200 levels deep"),
    "flow-mappings-100k": ("a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
                           "f.yaml:1:804: error Y010 the document nests more than 200 levels deep"),
    "block-mappings-3k": ("".join(" " * i + "a:\n" for i in range(3_000)) + " " * 3_000 + "b: 1\n",
                          "f.yaml:202:202: error Y010 the document nests more than 200 levels deep"),
    "block-mappings-300": ("".join("  " * i + "a:\n" for i in range(300)) + "  " * 300 + "b: 1\n",
                           "f.yaml:202:403: error Y010 the document nests more than 200 levels deep"),
    "block-sequences-100k": ("- " * 100_000 + "1\n",
                             "f.yaml:1:403: error Y010 the document nests more than 200 levels deep"),
    "complex-keys-100k": ("? " * 100_000 + "a\n",
                          "f.yaml:1:403: error Y010 the document nests more than 200 levels deep"),
    "merge-key-bomb": ("a: &a {" + ", ".join(f"k{i}: [x, x, x, x, x, x, x, x, x, x]" for i in range(100)) + "}\n"
                       + "".join(f"b{i}: &b{i}\n  <<: [*a" + f", *b{i - 1}" * bool(i) + "]\n" for i in range(300)),
                       "f.yaml:1:1: error Y010 the document expands to more than 200,000 values (an alias bomb?)"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_resource_bombs_are_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    text, line = HOSTILE[name]
    (tmp_path / "f.yaml").write_text(text)
    proc = lint_process(tmp_path, "f.yaml")
    assert (proc.returncode, proc.stdout.splitlines()) == (1, [line]), proc.stderr


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text("name: x\n" * 100)
    run = run_main("lint", "--max-file-size", "500", "big.yaml", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (
        1, "big.yaml:1:1: error Y009 the file has 800 bytes, more than the limit of 500\n")


def test_the_default_size_limit_is_five_megabytes(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    run = run_main("lint", "big.yaml", cwd=tmp_path)
    assert run.stdout == "big.yaml:1:1: error Y009 the file has 5,242,882 bytes, more than the limit of 5,242,880\n"


def test_a_binary_file_is_reported_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "image.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    run = run_main("lint", "image.yaml", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (1, "image.yaml:1:1: error Y008 binary file (it contains NUL bytes); "
                                              "not parsed\n")


def test_a_control_character_is_a_syntax_error_at_its_place(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("name: x\ntype: wor\x01kflow\n")
    run = run_main("lint", "c.yaml", cwd=tmp_path)
    assert run.stdout.splitlines() == ["c.yaml:2:10: error Y001 YAML syntax error: control character #x0001 is "
                                       "not allowed in YAML text",
                                       "  hint: remove it or escape it inside a double-quoted string"]


def test_invalid_utf8_is_reported_with_its_offset(tmp_path: Path) -> None:
    (tmp_path / "l.yaml").write_bytes(b"name: caf\xe9\n")
    run = run_main("lint", "l.yaml", cwd=tmp_path)
    assert run.stdout.splitlines()[0] == ("l.yaml:1:10: error Y005 the file is not valid UTF-8 (byte 0xe9 at "
                                          "offset 9)")


def test_an_integer_too_long_to_print_stays_text(tmp_path: Path) -> None:
    (tmp_path / "i.yaml").write_text("name: x\nversion: v1\ntype: workflow\nlayer: 0x" + "f" * 20_000 +
                                     "\nworkflow: {dag: [{name: a, spec: {stack: 'flare:7.0', compute: "
                                     "runnable-default, stackSpec: {job: {}}}}]}\n")
    run = run_main("lint", "i.yaml", cwd=tmp_path)
    check_sane(run)
    assert ("i.yaml:4:8: error S005 '0xffffffffffffffffffffffffffffffffffffffffffffffffffffff... is not an "
            "allowed value for layer; allowed: user, system") in run.stdout.splitlines()


def test_a_folder_named_like_a_manifest_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "dir.yaml" / "x.yaml").write_text("name: x\n")
    check_sane(run_main("lint", cwd=tmp_path))
