"""The dependency check answers every question as the file system the run recorded with does, from one
system call per path (compiler/load/answers.py), and the questions a folder listing already answers are not
kept (``unimplied``): a check of the kept questions agrees with a check of all of them after every change.

Real files, folders and symbolic links in a temporary folder; every answer is compared with what
:class:`compiler.load.fs.OSFileSystem` (the recording side) says of the same path.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from compiler.load import answers, cache, fs


def _tree(root: Path) -> None:
    (root / "d" / "sub").mkdir(parents=True)
    (root / "d" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "d" / "empty").mkdir()
    (root / "d" / "to-a").symlink_to("a.yaml")
    (root / "d" / "to-sub").symlink_to("sub")
    (root / "d" / "nowhere").symlink_to("missing")
    (root / "d" / "loop").symlink_to("loop")
    (root / "up").symlink_to("d")
    (root / "d" / "locked").mkdir()


NAMES = ["", "d", "d/a.yaml", "d/sub", "d/empty", "d/to-a", "d/to-sub", "d/nowhere", "d/loop", "d/missing",
         "d/a.yaml/under-a-file", "up", "up/a.yaml", "up/to-sub/x", "d/./a.yaml", "d//a.yaml", "d/sub/",
         "d/sub/..", "d/../d/a.yaml", "d/loop/x", "d/nul\0byte", "d/locked"]


def _old(op: str, path: str) -> object:
    """What the recording file system answers (compiler.load.cache.TrackingFS asks fs.OS)."""
    questions = {"file": lambda: fs.OS.is_file(Path(path)), "dir": lambda: fs.OS.is_dir(Path(path)),
                 "link": lambda: fs.OS.is_link(Path(path)), "exists": lambda: fs.OS.exists(path),
                 "size": lambda: fs.OS.size(Path(path)), "real": lambda: fs.OS.realpath(path),
                 "list": lambda: answers.listing(fs.OS.scandir(path)), "id": lambda: fs.OS.content_id(Path(path))}
    try:
        return questions[op]()
    except OSError as err:
        return ["error", err.errno]


def test_every_answer_is_the_recording_file_system_s(tmp_path: Path) -> None:
    _tree(tmp_path)
    paths = [str(tmp_path / n) if n else str(tmp_path) for n in NAMES] + ["relative/x", "/", "//", "."]
    now = answers.Answers()
    new = {"file": now.is_file, "dir": now.is_dir, "link": now.is_link, "exists": now.exists, "size": now.size,
           "real": now.realpath, "list": now.listing, "id": now.blob}
    got = {(op, p): ask(p) for p in paths for op, ask in new.items()}
    assert got == {(op, p): _old(op, p) for op, p in got}


def test_a_real_path_through_links_and_missing_parts_is_os_path_realpath_s(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "d" / "sub" / "deep").mkdir()
    now = answers.Answers()
    paths = [str(tmp_path / n) for n in ("up/sub/deep", "d/to-sub/deep", "d/sub/deep/gone/more", "up/loop/x",
                                         "d/nowhere/x", "d/sub/deep", "d/to-a")]
    assert [now.realpath(p) for p in paths] == [os.path.realpath(p) for p in paths]


def _recorded(root: Path, questions: list[tuple[str, str]]) -> cache.Deps:
    """The dependencies a run asking ``questions`` (op, path under root) records."""
    tracker = cache.TrackingFS(time.time_ns())
    with fs.use(tracker), tracker.recording() as deps:
        for op, name in questions:
            path = root / name if name else root
            ask = {"list": lambda p: fs.scandir(p), "file": fs.is_file, "dir": fs.is_dir, "link": fs.is_link,
                   "exists": fs.exists, "read": fs.read_bytes, "real": fs.realpath}[op]
            try:
                ask(path)
            except OSError:
                pass
    return deps


QUESTIONS = [("list", "d"), ("list", ""), ("list", "d/sub"), ("list", "d/empty"),
             *((op, name) for name in ("d/a.yaml", "d/sub", "d/to-a", "d/to-sub", "d/nowhere", "d/loop",
                                       "d/product.yaml", "d/Chart.yaml", "d/empty/x", "up", "d/sub/.dpc-build")
               for op in ("file", "dir", "link", "exists")),
             ("read", "d/a.yaml"), ("real", "d/sub")]


def test_a_listing_answers_what_it_implies_and_only_that(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "d" / "chart.yaml").write_text("", encoding="utf-8")  # a case-insensitive system finds it
    deps = _recorded(tmp_path, QUESTIONS)
    kept = answers.unimplied(deps)
    d = f"{tmp_path}/d"
    assert sorted(set(deps) - set(kept)) == sorted(
        [f"{op}\0{d}/{name}" for name in ("product.yaml", "empty/x", "sub/.dpc-build")
         for op in ("file", "dir", "link", "exists")]  # names the listing lacks
        + [f"{op}\0{d}/{name}" for name in ("a.yaml", "to-a", "nowhere", "loop") for op in ("dir",)]
        + [f"link\0{d}/{name}" for name in ("a.yaml", "sub")]
        + [f"file\0{d}/{name}" for name in ("sub", "to-sub")]
        + [f"{op}\0{d}/sub" for op in ("dir", "exists")]  # a folder that lists
        + [f"file\0{tmp_path}/up"])  # a link to a folder: no file
    assert all(kept[k] == deps[k] for k in kept)
    assert f"exists\0{d}/Chart.yaml" in kept  # 'chart.yaml' is listed: which one the system finds is its own


def _changes(root: Path) -> list:
    d = root / "d"
    return [lambda: (d / "product.yaml").write_text("", encoding="utf-8"),
            lambda: (d / "empty" / "x").mkdir(),
            lambda: (d / "sub" / ".dpc-build").write_text("", encoding="utf-8"),
            lambda: (d / "a.yaml").unlink() or (d / "a.yaml").mkdir(),
            lambda: (d / "nowhere").unlink() or (d / "nowhere").symlink_to("sub"),
            lambda: (d / "to-sub").unlink() or (d / "to-sub").symlink_to("a.yaml"),
            lambda: (d / "sub" / "x").write_text("", encoding="utf-8"),
            lambda: (d / "Chart.yaml").write_text("", encoding="utf-8"),
            lambda: (d / "a.yaml").write_text("a: 2\n", encoding="utf-8"),
            lambda: (root / "up").unlink() or (root / "up").mkdir(),
            lambda: None]


@pytest.mark.parametrize("change", range(11))
def test_the_kept_questions_hold_exactly_when_all_of_them_hold(tmp_path: Path, monkeypatch, change: int) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    _tree(tmp_path)
    deps = _recorded(tmp_path, QUESTIONS)
    kept = answers.unimplied(deps)
    _changes(tmp_path)[change]()
    verdicts = [cache.Checker(time.time_ns()).holds(d, once=once) for d in (kept, deps) for once in (False, True)]
    assert verdicts == [change == 10] * 4


def test_a_question_is_judged_once_and_a_changed_answer_never_holds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    _tree(tmp_path)
    deps = _recorded(tmp_path, QUESTIONS)
    checker = cache.Checker(time.time_ns())
    assert checker.holds(deps) and checker.holds(dict(deps))
    key = f"read\0{tmp_path}/d/a.yaml"
    assert checker.holds({key: ["0" * 40, deps[key][1]]})  # the same size, times and inode: trusted
    assert not checker.holds({key: ["0" * 40, [0, 0, 0, 0]]})  # other times: read, and another blob
    assert checker.holds({key: [deps[key][0], None]})  # no signature: the bytes decide
    assert not checker.holds({f"what\0{tmp_path}": True}) and not checker.holds(["not", "deps"])
