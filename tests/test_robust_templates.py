"""Template attacks: each refused by the sandbox with its own diagnostic at the template's line.

Templates may read ``env`` (dpc's environment file, not the process environment), ``product``
and ``vars``; nothing else: no Python internals, no files, no imports, no gigabyte strings.
"""

from __future__ import annotations

import pytest
from robust import REPO, check_sane, run_main

ATTACKS = {
    # data key: (template, the diagnostic, without the "products/p/secret.yaml:LINE:COL: " prefix)
    "lipsum": ("{{ lipsum.__globals__ }}",
               "error T001 undefined name 'lipsum' in template; defined names: env, product, vars"),
    "cycler": ("{{ cycler.__init__.__globals__.os.environ }}",
               "error T002 template refused by the sandbox: "
               "access to attribute '__init__' of 'type' object is unsafe."),
    "include": ("{% include '/etc/passwd' %}",
                "error T004 'include' statements are not allowed in templates (line 1 of the template)"),
    "range": ("{{ range(10**9)|list }}",
              "error T002 template refused by the sandbox: the template asks for more than 100,000 items"),
    "repeat": ("{{ 'a' * 10**9 }}", "error T002 template refused by the sandbox: repeating a value 1,000,000,000 "
                                    "times is beyond the limit of 100,000 items"),
    "macro": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
              "error T002 template refused by the sandbox: it recurses too deeply"),
    "import": ("{% import 'os' as os %}",
               "error T004 'import' statements are not allowed in templates (line 1 of the template)"),
    "from": ("{% from 'os' import environ %}",
             "error T004 'from ... import' statements are not allowed in templates (line 1 of the template)"),
    "extends": ("{% extends '/etc/passwd' %}",
                "error T004 'extends' statements are not allowed in templates (line 1 of the template)"),
    "dunder": ("{{ ''.__class__.__mro__ }}",
               "error T002 template refused by the sandbox: "
               "access to attribute '__class__' of 'str' object is unsafe."),
    "attr": ("{{ ''|attr('__class__') }}",
             "error T002 template refused by the sandbox: access to attribute '__class__' of 'str' object is unsafe."),
    "format": ("{{ 'a {0.__class__}'.format(1) }}",
               "error T002 template refused by the sandbox: "
               "access to attribute '__class__' of 'int' object is unsafe."),
    "loops": ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
              "error T002 template refused by the sandbox: the template asks for more than 100,000 items"),
    "ljust": ("{{ 'x'.ljust(10**9) }}",
              "error T002 template refused by the sandbox: "
              "an argument of 1,000,000,000 is beyond the limit of 100,000"),
    "replace": ("{{ ('a' * 99999)|replace('a', 'a' * 99999) }}",
                "error T002 template refused by the sandbox: replace would give more than 1,000,000 characters"),
    "join": ("{{ ''.join(['a' * 99999] * 99999) }}",
             "error T002 template refused by the sandbox: join would give more than 1,000,000 characters"),
    "width": ("{{ '%999999999s' % 'a' }}",
              "error T002 template refused by the sandbox: the format string asks for a width beyond the limit"),
    "power": ("{{ 9 ** 999999 }}", "error T002 template refused by the sandbox: the exponent 999999 is beyond the "
                                   "limit of 64"),
    "environ": ("{{ env.DPC_PLANTED_ENV }}", "error T001 undefined name 'env.DPC_PLANTED_ENV' in template; env has: "
                                             "layer, name, owner, query, runnable, schedules, tenant, workspace"),
    "config": ("{{ config }}", "error T001 undefined name 'config' in template; defined names: env, product, vars"),
}
FIRST_LINE = 7  # the line of the first data key in the secret below


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> tuple[str, str]:
    repo = tmp_path_factory.mktemp("templates")
    case = REPO / "tests" / "cases" / "build" / "sandbox-escape"
    (repo / "products" / "p").mkdir(parents=True)
    (repo / "dpc.yaml").write_text((case / "dpc.yaml").read_text())
    (repo / "products" / "p" / "product.yaml").write_text((case / "products" / "p" / "product.yaml").read_text())
    data = "".join(f"    {key}: \"{template}\"\n" for key, (template, _) in ATTACKS.items())
    (repo / "products" / "p" / "secret.yaml").write_text(
        "name: p-r\ntype: instance-secret\ninstance-secret:\n  type: key-value\n  acl: r\n  data:\n" + data)
    import os

    os.environ["DPC_PLANTED_ENV"] = "planted-environment-value"
    try:
        lint, build = run_main("lint", cwd=repo), run_main("build", cwd=repo)
    finally:
        del os.environ["DPC_PLANTED_ENV"]
    for run in (lint, build):
        check_sane(run)
        assert run.exit_code == 1
        assert "planted-environment-value" not in run.stdout + run.stderr
    assert not (repo / "dist").exists()
    return lint.stdout, build.stdout


@pytest.mark.parametrize("key", list(ATTACKS))
def test_each_template_attack_is_refused_at_its_line(output: tuple[str, str], key: str) -> None:
    line = FIRST_LINE + list(ATTACKS).index(key)
    col = len(f"    {key}: ") + 1
    expected = f"products/p/secret.yaml:{line}:{col}: {ATTACKS[key][1]}"
    for stdout in output:  # dpc lint expands product specs too: the same answer from both commands
        assert expected in stdout.splitlines()
