"""One template's draw on the run's budget, checked before each step that could blow up.

jinja2's sandbox stops the way out to Python internals, not a template that asks for gigabytes
or hours: ``'x'.ljust(10**9)``, ``s|replace('a', s)``, ``[s]*99999|join``, ``9**64**64``,
``('\\t'*9999).expandtabs(9999)``, ``s ~ s`` doubled, nested loops over a long string. A
:class:`Meter` is made for every template and consulted by every hook of the sandbox
(calls, filters, operators, attribute and item lookups, each loop iteration, each printed
value), so that:

- no step starts when its result would be larger than :data:`MAX_OUTPUT` characters or
  :data:`MAX_ITEMS` items, or an integer longer than ``template_int_bits`` (an estimate made
  from the operands, before the allocation);
- no step works on more than :data:`MAX_OUTPUT` characters of data (a list of references to
  one long string weighs what printing it would);
- all the steps of one template produce at most ``template_work`` characters and run at most
  ``template_loops`` loop iterations;
- the template ends by its deadline (``template_seconds``, and what is left of the run's time).

Each refusal is a :class:`SecurityError`, which render.py reports as T002 at the template.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2.exceptions import SecurityError

from compiler.core.budget import LIMITS, Budget

MAX_ITEMS = LIMITS.template_items
MAX_OUTPUT = LIMITS.template_output
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*|\*)(?:\.(\d*|\*))?[a-zA-Z%]")
_BRACE_FIELD = re.compile(r"\{[^{}]*\}")
_NUMBER = re.compile(r"\d+")
_WIDE_FIELD = re.compile(r"\{[^{}]*:[^{}]*\d{6,}")  # '{:999999}'.format(...)


def weight(value: Any, limit: int = MAX_OUTPUT) -> int:
    """About how many characters printing ``value`` gives; counting stops past ``limit``."""
    total, stack = 0, [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, (list, tuple)):
            total += 2 + 2 * len(v)
            stack.extend(v[: limit + 1])
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            stack.extend(list(v.items())[: limit + 1])
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 2
        else:
            total += 24
    return total


def _size(value: Any) -> int:
    """What a value costs to hold: characters of a string, items of a collection."""
    if isinstance(value, (str, list, tuple, dict)):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 8
    return 1


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _fields(fmt: str, args: tuple, kwargs: dict) -> int:
    """The length of ``fmt % args`` or ``fmt.format(*args)``, at most."""
    values = [*args, *kwargs.values()]
    if len(args) == 1 and isinstance(args[0], (tuple, dict)):  # '%s %s' % (a, b), '%(a)s' % {...}
        values += list(args[0].values() if isinstance(args[0], dict) else args[0])
    # a value may be printed, or be the width of a field: '{0:{1}}'.format(s, 99999)
    widest = max([0, *(abs(v) if isinstance(v, int) else weight(v) for v in values)])
    percent = [(w, p) for w, p in _PERCENT_FIELD.findall(fmt)]
    braces = _BRACE_FIELD.findall(fmt)
    widths = sum(int(n) for w, p in percent for n in (w, p) if n.isdigit())
    widths += sum(int(n) for b in braces if ":" in b for n in _NUMBER.findall(b.split(":", 1)[1]))
    return len(fmt) + (len(percent) + len(braces)) * widest + widths


def _estimate(name: str, value: Any, args: tuple, kwargs: dict) -> int:
    """The length of what ``name(value, *args)`` gives, for the operations that multiply their input."""
    if not isinstance(value, (str, list, tuple)):
        return 0
    if name == "replace" and len(args) >= 2 and isinstance(value, str):  # weights: str() of a list may be huge
        return len(value) + (len(value) // max(weight(args[0]), 1) + 1) * weight(args[1])
    if name == "join" and isinstance(value, (list, tuple)):
        sep = args[0] if args and isinstance(args[0], str) else str(kwargs.get("d", ""))
        return weight(value, 10 * MAX_OUTPUT) + len(sep) * len(value)
    if name == "join" and isinstance(value, str) and args and isinstance(args[0], (list, tuple)):
        return weight(args[0], 10 * MAX_OUTPUT) + len(value) * len(args[0])  # str.join
    if not isinstance(value, str):
        return 0
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        return len(value) + (value.count("\n") + 1) * (len(width) if isinstance(width, str) else _int(width, 4))
    if name in ("format", "format_map"):
        return _fields(value, args, kwargs)
    if name == "translate" and args and isinstance(args[0], dict):
        return len(value) * max([1, *(weight(v) for v in args[0].values())])
    if name == "expandtabs":
        return len(value) + value.count("\t") * max(_int(args[0] if args else kwargs.get("tabsize", 8), 8), 0)
    if name == "wordwrap":
        width = max(_int(args[0] if args else kwargs.get("width", 79), 79), 1)
        wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring")
        return len(value) + (len(value) // width + 1) * (len(wrap) if isinstance(wrap, str) else 2)
    return 0


class Meter:
    """What one template may still spend; every check raises :class:`SecurityError`."""

    def __init__(self, run: Budget | None = None) -> None:
        self.started = time.monotonic()
        self.deadline = run.template_deadline() if run is not None else self.started + LIMITS.template_seconds
        self.items_left = MAX_ITEMS
        self.work_left = LIMITS.template_work
        self.loops_left = LIMITS.template_loops

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template runs past its time limit of {LIMITS.template_seconds:g} s")

    def spend_items(self, n: int) -> None:
        self.items_left -= max(n, 0)
        if self.items_left < 0:
            raise SecurityError(f"the template asks for more than {MAX_ITEMS:,} items")

    def spend_work(self, n: int) -> None:
        self.work_left -= n
        if self.work_left < 0:
            raise SecurityError(f"the template produces more than {LIMITS.template_work:,} characters in all")

    def before(self, name: str, value: Any, args: tuple, kwargs: dict) -> None:
        """Refuse the call ``name(value, *args, **kwargs)`` when it would be too big."""
        self.tick()
        for a in (*args, *kwargs.values()):
            if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ITEMS:
                raise SecurityError(f"an argument of {a:,} is beyond the limit of {MAX_ITEMS:,}")
        if name in ("format", "format_map") and isinstance(value, str) and _WIDE_FIELD.search(value):
            raise SecurityError("the format string asks for a width beyond the limit")
        if _estimate(name, value, args, kwargs) > MAX_OUTPUT:
            raise SecurityError(f"{name} would give more than {MAX_OUTPUT:,} characters")
        if name in _SLOW and isinstance(value, str) and len(value) > _SLOW_INPUT:
            raise SecurityError(f"{name} would work on more than {_SLOW_INPUT:,} characters")
        if sum(weight(a) for a in (value, *args, *kwargs.values())) > MAX_OUTPUT:
            raise SecurityError(f"{name} would work on more than {MAX_OUTPUT:,} characters of data")

    def after(self, name: str, result: Any) -> Any:
        """``result``, unless it is already beyond what a template may output."""
        if isinstance(result, (str, list, tuple, dict)) and len(result) > MAX_OUTPUT:
            raise SecurityError(f"{name} gives {len(result):,} items, beyond the limit of {MAX_OUTPUT:,}")
        self.spend_work(_size(result))
        return result

    def printed(self, value: Any) -> None:
        """A value about to be printed (or be a template's whole value)."""
        self.tick()
        n = weight(value)
        if n > MAX_OUTPUT:
            raise SecurityError(f"the template's value of more than {MAX_OUTPUT:,} characters is beyond the limit")
        self.spend_work(n)

    def binop(self, operator: str, left: Any, right: Any) -> None:
        """Refuse ``left <operator> right`` when its result would be too big."""
        self.tick()
        ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError(f"the exponent {right} is beyond the limit of 64")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                    raise SecurityError(f"repeating a value {times:,} times is beyond the limit of {MAX_ITEMS:,} "
                                        "items")
        if operator == "%" and isinstance(left, str):
            if _PERCENT_WIDE.search(left):
                raise SecurityError("the format string asks for a width beyond the limit")
            if _fields(left, (right,), {}) > MAX_OUTPUT:
                raise SecurityError(f"% would give more than {MAX_OUTPUT:,} characters")
        if ints:
            bits = {"**": lambda: left.bit_length() * max(right, 0),
                    "*": lambda: left.bit_length() + right.bit_length()}
            if operator in bits and bits[operator]() > LIMITS.template_int_bits:
                raise SecurityError(f"the result of {operator} would have more than {LIMITS.template_int_bits:,} "
                                    "bits")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
            if len(left) + len(right) > MAX_OUTPUT:
                raise SecurityError(f"+ would give more than {MAX_OUTPUT:,} characters")

    def loop(self, iterable: Iterable, text: int) -> Iterator:
        """The items of a ``for`` loop, each iteration spending the loop body's own text."""
        for n, item in enumerate(iterable):
            self.loops_left -= 1
            if self.loops_left < 0:
                raise SecurityError(f"the template's loops run more than {LIMITS.template_loops:,} times")
            self.spend_work(text + 1)
            if not n & 127:
                self.tick()
            yield item

    def concat(self, parts: list) -> str:
        """``a ~ b ~ c``, refused before joining when it would be too long."""
        self.tick()
        if sum(weight(p) for p in parts) > MAX_OUTPUT:
            raise SecurityError(f"~ would give more than {MAX_OUTPUT:,} characters")
        return self.after("~", "".join(str(p) for p in parts))


_SLOW = frozenset({"wordwrap", "urlize"})  # text filters far slower than their output is long
_SLOW_INPUT = 50_000
_PERCENT_WIDE = re.compile(r"%[-+ #0]*(\d{6,}|\*)")
