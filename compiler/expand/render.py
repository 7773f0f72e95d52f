"""jinja2 templates in resource specs, rendered in a sandbox.

Only strings holding ``{{``, ``{%`` or ``{#`` are rendered. A string that is exactly one
``{{ expression }}`` takes the expression's value with its type (``replicas: '{{ vars.n }}'``
stays a number); any other string is rendered as text. The context is ``env``, ``product``
and ``vars``, nothing else. Refused, each with a diagnostic at the string's position:

- undefined names (T001), naming the variable and the names that do exist;
- sandbox escapes (``''.__class__``, ``cycler.__init__.__globals__``...) and resource abuse:
  ranges or repetitions beyond :data:`MAX_ITEMS`, values beyond :data:`MAX_OUTPUT`, more time,
  loop iterations or work than the run's budget allows, each checked before the step (T002,
  see limits.py);
- syntax and evaluation errors (T003);
- ``include``, ``import``, ``from`` and ``extends`` statements: use ``file:``/``sqlFile:`` (T004).

Values under ``bodyTemplate`` (pager Go templates) are never rendered.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing

from compiler.core import budget
from compiler.core.suggest import did_you_mean
from compiler.expand import limits
from compiler.expand.limits import MAX_ITEMS, MAX_OUTPUT

NOT_RENDERED = frozenset({"bodyTemplate"})
MARKERS = ("{{", "{%", "{#")
_ONE_EXPRESSION = re.compile(r"^\s*\{\{(?P<expr>(?:(?!\{\{|\}\}|\{%|%\}).)*)\}\}\s*$", re.S)
_STATEMENTS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class TemplateProblem(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


class _Missing(Exception):
    def __init__(self, obj: Any, name: str | None):
        super().__init__(name)
        self.obj, self.name = obj, name


class _Undefined(StrictUndefined):
    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "unsafe access")
        raise _Missing(self._undefined_obj, self._undefined_name)

    __iter__ = __str__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = _fail_with_undefined_error
    __getattr__ = __getitem__ = __add__ = __call__ = __lt__ = __int__ = _fail_with_undefined_error


class _Sandbox(SandboxedEnvironment):
    """The sandbox with every hook drawing on the template's :class:`limits.Meter`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self) -> None:
        super().__init__(undefined=_Undefined, autoescape=False, keep_trailing_newline=True, finalize=self._print)
        self.meter = limits.Meter()
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.filters = {name: self._guarded(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP] = lambda iterable, text: self.meter.loop(iterable, text)
        self.filters[_CONCAT] = lambda parts: self.meter.concat(parts)

    def _print(self, value: Any) -> Any:
        value = _data(value)
        self.meter.printed(value)
        return value

    def _range(self, *args: int) -> range:
        r = range(*args)
        self.meter.spend_items(len(r))
        return r

    def _guarded(self, name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        skip = 2 if hasattr(f, "jinja_pass_arg") else 1  # (context,) value, arguments...

        def call(*args: Any, **kwargs: Any) -> Any:
            for a in (*args[skip:], *kwargs.values()):
                if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ITEMS:
                    raise SecurityError(f"a filter argument of {a:,} is beyond the limit of {MAX_ITEMS:,}")
            value = args[skip - 1] if len(args) >= skip else None
            self.meter.before(name, value, args[skip:], kwargs)
            return self.meter.after(name, f(*args, **kwargs))

        for attr in ("jinja_pass_arg",):
            if hasattr(f, attr):
                setattr(call, attr, getattr(f, attr))
        return call

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_metered(source), name, filename, defer_init=defer_init)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - jinja2's signature
        name = getattr(__obj, "__name__", "")
        bound = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        if __obj != __self._range:  # the range budget speaks for itself
            __self.meter.before(name, getattr(bound, "__self__", None), args, kwargs)
        return __self.meter.after(name, super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.meter.binop(operator, left, right)
        return self.meter.after(operator, super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.meter.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.meter.tick()
        return super().getitem(obj, argument)


_LOOP, _CONCAT = "_dpc_loop", "_dpc_concat"  # filters the compiled template calls; not for templates


def _metered(tree: nodes.Template) -> nodes.Template:
    """The template with each loop's items and each ``~`` passed through the meter."""
    for loop in tree.find_all(nodes.For):
        text = sum(len(d.data) for d in loop.find_all(nodes.TemplateData))
        loop.iter = nodes.Filter(loop.iter, _LOOP, [nodes.Const(text)], [], None, None, lineno=loop.lineno)
    return _without_concat(tree)


def _without_concat(node: Any) -> Any:
    """``node`` with every ``~`` below it (innermost first) made a call of the metered concatenation."""
    for name in node.fields:
        child = getattr(node, name, None)
        if isinstance(child, nodes.Node):
            setattr(node, name, _without_concat(child))
        elif isinstance(child, list):
            setattr(node, name, [_without_concat(c) if isinstance(c, nodes.Node) else c for c in child])
    return _concat(node) if isinstance(node, nodes.Concat) else node


def _concat(node: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT, [], [], None, None, lineno=node.lineno)


_DATA = (str, int, float, bool, type(None), list, tuple, dict)


def _data(value: Any) -> Any:
    """Only data leaves a template: a function or an object would print its memory address."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if not isinstance(value, _DATA):
        raise TemplateProblem("T003", f"the template gives a {type(value).__name__}, not a value")
    return value


def _plain(value: Any) -> Any:
    """A template result as plain YAML data."""
    _data(value)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return {str(k): _plain(v) for k, v in value.items()}


def _names(context: dict) -> dict[int, str]:
    """id() of every mapping in the context -> its dotted name, to name what was undefined."""
    out: dict[int, str] = {}
    stack = [(v, k) for k, v in context.items()]
    while stack:
        value, name = stack.pop()
        if isinstance(value, dict) and id(value) not in out:
            out[id(value)] = name
            stack.extend((v, f"{name}.{k}") for k, v in value.items())
    return out


@dataclass
class Renderer:
    context: dict  # env, product, vars

    def __post_init__(self) -> None:
        self._env = _Sandbox()
        self._names = _names(self.context)

    def render(self, text: str) -> Any:
        """The rendered value of ``text``; raises :class:`TemplateProblem`."""
        run = budget.current()
        try:
            self._env.meter = limits.Meter(run)
        except budget.Exhausted as err:
            raise TemplateProblem("T002", f"template refused by the sandbox: {err}") from None
        try:
            out = self._render(text)
        finally:  # a refused template's time counts too
            run.spend_template_time(time.monotonic() - self._env.meter.started)
        try:
            run.spend_template_output(limits.weight(out))
        except budget.Exhausted as err:
            raise TemplateProblem("T002", f"template refused by the sandbox: {err}") from None
        return out

    def _render(self, text: str) -> Any:
        try:
            self._refuse_statements(text)
            m = _ONE_EXPRESSION.match(text)
            if m:
                value = self._env.compile_expression(m["expr"], undefined_to_none=False)(**self.context)
                self._env.meter.printed(value)
                return _plain(value)
            out = self._env.from_string(text).render(**self.context)
        except TemplateProblem:
            raise
        except _Missing as err:
            raise self._undefined(err) from None
        except SecurityError as err:
            raise TemplateProblem("T002", f"template refused by the sandbox: {err}",
                                  "templates may only read env, product and vars") from None
        except TemplateSyntaxError as err:
            raise TemplateProblem("T003", f"template syntax error: {err.message}") from None
        except RecursionError:  # a macro calling itself
            raise TemplateProblem("T002", "template refused by the sandbox: it recurses too deeply") from None
        except (MemoryError, OverflowError) as err:
            raise TemplateProblem("T002", f"template refused by the sandbox: {type(err).__name__}: {err}") from None
        except Exception as err:
            raise TemplateProblem("T003", f"template failed: {type(err).__name__}: {err}") from None
        if len(out) > MAX_OUTPUT:
            raise TemplateProblem("T002", f"template output of {len(out):,} characters is beyond the limit of "
                                  f"{MAX_OUTPUT:,}")
        return out

    def _refuse_statements(self, text: str) -> None:
        if "{%" not in text:
            return
        for node in self._env.parse(text).find_all(_STATEMENTS):
            word = type(node).__name__.lower().replace("fromimport", "from ... import")
            raise TemplateProblem("T004", f"'{word}' statements are not allowed in templates (line {node.lineno} "
                                  "of the template)", "inline files with file: or sqlFile: instead")

    def _undefined(self, err: _Missing) -> TemplateProblem:
        if err.obj is missing or err.obj is None:
            known = sorted(self.context)
            return TemplateProblem("T001", f"undefined name '{err.name}' in template; defined names: "
                                   f"{', '.join(known)}{did_you_mean(str(err.name), known)}")
        owner = self._names.get(id(err.obj))
        if owner is not None and isinstance(err.obj, dict):
            keys = sorted(str(k) for k in err.obj)
            has = ", ".join(keys) if keys else "nothing"
            return TemplateProblem("T001", f"undefined name '{owner}.{err.name}' in template; {owner} has: "
                                   f"{has}{did_you_mean(str(err.name), keys)}")
        return TemplateProblem("T001", f"undefined attribute '{err.name}' of a {type(err.obj).__name__} in template")


def has_template(text: str) -> bool:
    return any(m in text for m in MARKERS)
