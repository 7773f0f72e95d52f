"""Views in a Flare job: what each step's SQL may read, and what nothing reads.

Flare registers every input under its ``name`` and every step sequence under its ``name``, in
order. A sequence's SQL may read the job's inputs, the sequences before it and its own CTEs (Q002);
names must be unique (Q003, Q004); an input or a sequence that no SQL, output or legacy sink reads
is a warning (Q005, Q006). In the legacy form, ``steps[].sink[]`` ties a ``sequenceName`` to an
``outputName`` of ``outputs`` (Q007). An output naming no sequence is the resolver's R010.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.suggest import closest, did_you_mean
from compiler.resolve.edgekit import as_dict, as_list
from compiler.sql.parse import SPARK, TRINO
from compiler.sql.reads import Read
from compiler.sql.sources import SqlText

Step = Callable[[tuple, str], SqlText | None]  # path of a mapping holding sql/sqlFile, dialect -> its SQL


def diag(code: str, position: Position, message: str, hint: str | None = None,
         related: tuple[Position, ...] = ()) -> Diagnostic:
    return Diagnostic.of(code, message, position, hint, related)


@dataclass(frozen=True)
class Named:
    name: str
    path: tuple  # of the name in the document
    entry: tuple  # of the mapping holding it


def _names(entries: Iterator[tuple[tuple, Any]]) -> list[Named]:
    out = []
    for at, entry in entries:
        name = as_dict(entry).get("name")
        if isinstance(name, str) and name:
            out.append(Named(name, at + ("name",), at))
    return out


@dataclass
class Job:
    """One Flare job being checked: its document, where it is, and what was read so far."""

    doc: Any
    at: tuple
    job: dict
    sql_of: Step
    out: list[Diagnostic] = field(default_factory=list)
    read: set[str] = field(default_factory=set)  # lower-cased view names something reads
    blind: bool = False  # some SQL could not be read: nothing is called unused

    def pos(self, path: tuple) -> Position:
        return self.doc.position(self.at + path)

    def inputs(self) -> list[Named]:
        return _names(((("inputs", n), e) for n, e in enumerate(as_list(self.job.get("inputs")))))

    def sequences(self) -> list[Named]:
        return _names(((("steps", s, "sequence", q), e) for s, step in enumerate(as_list(self.job.get("steps")))
                       for q, e in enumerate(as_list(as_dict(step).get("sequence")))))


def _duplicates(job: Job, named: list[Named], code: str, noun: str) -> None:
    """A second input (or sequence) of a name; a sequence may take an input's name (it replaces the view)."""
    taken: dict[str, Named] = {}
    for n in named:
        first = taken.get(n.name.lower())
        if first is not None:
            job.out.append(diag(code, job.pos(n.path), f"{noun} '{n.name}' is used twice in this flare job "
                                f"(first at line {job.pos(first.path).line})",
                                "rename one of them; Flare registers each under its name, the second replaces "
                                "the first", (job.pos(first.path),)))
        else:
            taken[n.name.lower()] = n


def _input_queries(job: Job) -> None:
    """Flare inputs may load with a Minerva ``query`` instead of a dataset: it must parse too."""
    for n, entry in enumerate(as_list(job.job.get("inputs"))):
        if isinstance(as_dict(entry).get("query"), str):
            sql = job.sql_of(("inputs", n, "query"), TRINO)
            problem = sql.problem() if sql is not None else None
            if sql is not None and problem is not None:
                job.out.append(diag("Q001", sql.position(problem.offset), f"SQL syntax error: {problem.message}"))


def _step(job: Job, seq: Named, known: dict[str, str], later: dict[str, str]) -> None:
    sql = job.sql_of(seq.entry, SPARK)
    if sql is None:
        job.blind |= isinstance(as_dict(_get(job.job, seq.entry)).get("sqlFile"), str)
        return
    problem, summary = sql.problem(), sql.summary()
    if problem is not None:
        job.out.append(diag("Q001", sql.position(problem.offset), f"SQL syntax error: {problem.message}"))
        job.blind = True
        return
    if summary["empty"]:
        job.blind = job.blind or bool(sql.masked.text.strip())
        return
    for ref in (Read(*r) for r in summary["reads"]):
        if sql.masked.hides(ref.start, ref.end):
            job.blind = True
            continue
        name = ref.name.lower()
        if not ref.qualified and name in known:
            job.read.add(name)
            continue
        if not ref.qualified and name in later:
            job.read.add(name)
            when = "itself" if name == seq.name.lower() else "a sequence that comes later in this job"
            job.out.append(diag("Q002", sql.position(ref.start), f"sequence '{seq.name}' reads '{ref.name}', "
                                f"{when}; a step reads only the job's inputs, the sequences before it and its own CTEs",
                                "move the sequence it reads before this one"))
            continue
        job.read.update(c.lower() for c in closest(ref.name.split(".")[-1], known.values()))  # one finding per typo
        job.out.append(diag("Q002", sql.position(ref.start), f"sequence '{seq.name}' reads '{ref.name}', which is "
                            f"not an input, an earlier sequence or a CTE of this flare job"
                            f"{did_you_mean(ref.name.split('.')[-1], known.values())}",
                            "declare the dataset as an input of the job and read it by the input's name"))


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = as_list(data)[part] if isinstance(part, int) else as_dict(data).get(part)
    return data


def _sinks(job: Job, sequences: list[Named]) -> None:
    outputs = {n.name for n in _names(((("outputs", o), e) for o, e in enumerate(as_list(job.job.get("outputs")))))}
    names = {s.name for s in sequences}
    for s, step in enumerate(as_list(job.job.get("steps"))):
        for k, sink in enumerate(as_list(as_dict(step).get("sink"))):
            at = ("steps", s, "sink", k)
            for key, pool, noun in (("sequenceName", names, "sequence"), ("outputName", outputs, "output")):
                value = as_dict(sink).get(key)
                if not isinstance(value, str):
                    continue
                if key == "sequenceName":
                    job.read.add(value.lower())
                if value not in pool:
                    job.out.append(diag("Q007", job.pos(at + (key,)), f"sink {key} '{value}' names no {noun} of "
                                        f"this flare job{did_you_mean(value, pool)}"))


def _unused(job: Job, named: list[Named], code: str, noun: str) -> None:
    for n in named:
        if n.name.lower() not in job.read:
            what = "step reads it" if noun == "input" else "later step reads it and no output writes it"
            job.out.append(diag(code, job.pos(n.path), f"{noun} '{n.name}' of this flare job is never used: no {what}",
                                "remove it, or read it where it was meant to be read"))


def check_job(doc: Any, at: tuple, job: dict, sql_of: Step) -> list[Diagnostic]:
    """Every Q finding of the Flare job at ``at`` of ``doc``; ``sql_of`` reads a step's SQL."""
    j = Job(doc, at, job, lambda path, dialect: sql_of(at + path, dialect))
    inputs, sequences = j.inputs(), j.sequences()
    _duplicates(j, inputs, "Q003", "input name")
    _duplicates(j, sequences, "Q004", "sequence name")
    _input_queries(j)
    known = {n.name.lower(): n.name for n in inputs}
    later = {n.name.lower(): n.name for n in sequences}
    for seq in sequences:
        _step(j, seq, known, later)
        known.setdefault(seq.name.lower(), seq.name)
    for out in as_list(job.get("outputs")):
        name = as_dict(out).get("name")
        if isinstance(name, str):
            j.read.add(name.lower())
    for step in as_list(job.get("steps")):
        for c in as_list(as_dict(step).get("commands")):
            if isinstance(as_dict(c).get("sequenceName"), str):
                j.read.add(as_dict(c)["sequenceName"].lower())
    _sinks(j, sequences)
    if not j.blind:
        _unused(j, inputs, "Q005", "input")
        _unused(j, sequences, "Q006", "sequence")
    return j.out
