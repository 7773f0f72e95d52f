"""Inputs that cost minutes or gigabytes through work quadratic or worse, each now bounded.

Each runs as a real ``dpc lint`` process (tests/bounded.py: 1 GiB address space, killed at its
deadline) and must give its whole, exact answer within the seconds docs/RELIABILITY.md names.
The figures before the bounds, measured on the same 2-core machine: 63 s and 3.5 GB (alias
documents), 26 s (suppressions), more than 150 s (globs), 76 s and 3.8 GB (duplicates),
101 s (did-you-mean), 64 s (a large file with a syntax error).
"""

from __future__ import annotations

from pathlib import Path

import hostile
from bounded import bounded
from robust import check_sane

R012 = ("warning R012 instance secret '{}' is used by no depot, lens, lakehouse, cluster or job\n"
        "  hint: delete it, or reference it where it is needed\n")


def test_alias_trees_in_many_documents_share_the_file_s_budget(tmp_path: Path) -> None:
    # 200 documents of 66,000 values each: every one under the limit, 13 million together
    (tmp_path / "a.yaml").write_text(hostile.alias_documents(200))
    run = bounded("lint", "a.yaml", cwd=tmp_path)
    check_sane(run)
    assert (run.exit_code, run.stdout) == (1, "a.yaml:15:1: error Y010 the file's documents expand to more than "
                                              "200,000 values together (an alias bomb?)\n")
    assert run.seconds < 5 and run.peak_mb < 200, (run.seconds, run.peak_mb)


def test_a_large_file_with_a_syntax_error_is_not_parsed_twice(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(hostile.big_syntax_error(170_000))  # 4.7 MB
    run = bounded("lint", "b.yaml", cwd=tmp_path)
    check_sane(run)
    assert (run.exit_code, run.stdout) == (1, "b.yaml:170001:6: error Y001 YAML syntax error: the '[' at line 170001 "
                                              "is not closed before line 170002: add ']'\n  hint: close every '[' "
                                              "with ']' on the same or a later line\n")
    assert run.seconds < 30, run.seconds


def test_twenty_thousand_comment_suppressions_are_one_pass(tmp_path: Path) -> None:
    root = hostile.repository(tmp_path, {"s.yaml": hostile.comment_suppressions(20_000)})
    run = bounded("lint", cwd=root)
    check_sane(run)
    p003 = "".join(f"products/p/s.yaml:{i}:1: warning P003 ignore[S006] suppresses nothing: no S006 finding on "
                   "line 20001\n  hint: delete the comment, or move it next to the finding\n" for i in range(1, 20_001))
    assert (run.exit_code, run.stdout) == (0, p003 + "products/p/s.yaml:20001:7: " + R012.format("s-r"))
    assert run.seconds < 10, run.seconds


def test_an_ignore_glob_of_many_globstars_is_matched_in_linear_time(tmp_path: Path) -> None:
    root = hostile.repository(tmp_path, hostile.deep_folders(20), hostile.many_globstars(12))
    run = bounded("lint", cwd=root)
    check_sane(run)
    folder = "/".join(f"d{i}" for i in range(20))
    assert (run.exit_code, run.stdout) == (0, f"products/p/{folder}/s.yaml:1:7: " + R012.format("s-r"))
    assert run.seconds < 5, run.seconds


def test_four_thousand_duplicates_list_five_places_and_a_count(tmp_path: Path) -> None:
    root = hostile.repository(tmp_path, {"d.yaml": hostile.duplicates(4_000)})
    run = bounded("lint", cwd=root)
    check_sane(run)
    lines = [f"products/p/d.yaml:{1 + 9 * i}:7" for i in range(4_000)]
    expected = (f"{lines[0]}: error R002 instance-secret 'dup-r' is defined more than once: also at "
                f"{', '.join(lines[1:6])} and 3,994 more\n"
                "  hint: rename one of them; the last one applied would replace the other\n")  # one finding a group
    expected += f"{lines[0]}: " + R012.format("dup-r")  # the copies are one unused secret: one warning
    assert (run.exit_code, run.stdout) == (1, expected)
    assert run.seconds < 15 and run.peak_mb < 300, (run.seconds, run.peak_mb)


def test_two_thousand_unresolved_references_are_suggested_through_an_index(tmp_path: Path) -> None:
    root = hostile.repository(tmp_path, {"u.yaml": hostile.unresolved(2_000)})
    run = bounded("lint", cwd=root)
    check_sane(run)
    r001 = [line for line in run.stdout.splitlines() if " R001 " in line]
    assert len(r001) == 2_000
    assert r001[0] == ("products/p/u.yaml:18009:13: error R001 instance secret 'secret-00000-x' is not defined in "
                       "products/ nor in the built-in platform catalogue; did you mean 'secret-00000-r' or "
                       "'secret-01000-r' or 'secret-00900-r'?")
    assert all("did you mean 'secret-" in line for line in r001)
    assert run.seconds < 30, run.seconds
