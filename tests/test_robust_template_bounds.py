"""Templates that would run for hours or take gigabytes: each refused, before it allocates, at its line.

Every attack below ran for hours or took 1-10 GB before templates drew on the run's budget
(compiler/core/budget.py, compiler/expand/limits.py). Each now runs as a real ``dpc lint``
process under a 1 GiB address-space limit and must answer with its T002 line within a few
seconds and 200 MB, exit 1, no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import bounded
from robust import REPO, check_sane

S = "{% set s = 'a' * 100000 %}"
ATTACKS = {
    # name: (template, the end of its T002 message)
    "nested-loops-over-a-string": (S + "{% for x in s %}{% for y in s %}{% endfor %}{% endfor %}",
                                   "the template's loops run more than 200,000 times"),
    "loop-printing-a-string": (S + "{% for x in s %}{{ s }}{% endfor %}",
                               "the template produces more than 10,000,000 characters in all"),
    "loop-of-literal-text": (S + "{% for x in s %}" + "y" * 200 + "{% endfor %}",
                             "the template produces more than 10,000,000 characters in all"),
    "loop-in-a-set-block": (S + "{% set t %}{% for x in s %}{{ s }}{% endfor %}{% endset %}{{ t|length }}",
                            "the template produces more than 10,000,000 characters in all"),
    "power-tower": ("{{ ((((9**64)**64)**64)**64)**64 }}", "the result of ** would have more than 14,000 bits"),
    "list-of-long-strings": ("{{ ['a' * 100000] * 100000 }}",
                             "the template's value of more than 1,000,000 characters is beyond the limit"),
    "list-of-long-strings-in-text": ("x {{ ['a' * 100000] * 100000 }}",
                                     "the template's value of more than 1,000,000 characters is beyond the limit"),
    "doubling-with-tilde": (S + "{% set s = s ~ s %}" * 5 + "{{ s|length }}",
                            "~ would give more than 1,000,000 characters"),
    "doubling-with-plus": (S + "{% set s = s + s %}" * 5 + "{{ s|length }}",
                           "+ would give more than 1,000,000 characters"),
    "list-extended-by-itself": ("{% set l = ['a'] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
                                "extend would work on more than 1,000,000 characters of data"),
    "translate": ("{{ ('a' * 100000).translate({97: 'b' * 100000}) }}",
                  "translate would give more than 1,000,000 characters"),
    "percent": ("{{ ('%s' * 30000) % ((('a' * 100000),) * 30000) }}", "% would give more than 1,000,000 characters"),
    "format-method": ("{{ ('{0}' * 30000).format('a' * 100000) }}", "format would give more than 1,000,000 characters"),
    "format-nested-width": ("{{ ('{0:{1}}' * 1000).format('a', 99999) }}",
                            "format would give more than 1,000,000 characters"),
    "format-filter": ("{{ ('%s' * 30000)|format(*((('a' * 100000),) * 30000)) }}",
                      "format would give more than 1,000,000 characters"),
    "expandtabs": ("{{ ('\\t' * 100000).expandtabs(99999) }}", "expandtabs would give more than 1,000,000 characters"),
    "wordwrap": ("{{ ('a ' * 50000)|wordwrap(1, true, 'x' * 99999) }}",
                 "wordwrap would give more than 1,000,000 characters"),
    "slow-steps": ("{% set s = 'b' * 99990 %}{% for x in s %}{% for y in s %}{% if s.find('a') %}{% endif %}"
                   "{% endfor %}{% endfor %}", "the template runs past its time limit of 1 s"),
}
SECONDS, MEGABYTES = 5.0, 200  # measured: about 1.5 s and 60 MB each (docs/RELIABILITY.md)


def _repo(root: Path, template: str) -> Path:
    case = REPO / "tests" / "cases" / "build" / "sandbox-escape"
    (root / "products" / "p").mkdir(parents=True)
    (root / "dpc.yaml").write_text((case / "dpc.yaml").read_text())
    (root / "products" / "p" / "product.yaml").write_text((case / "products" / "p" / "product.yaml").read_text())
    quoted = template.replace("\\", "\\\\").replace('"', '\\"')
    (root / "products" / "p" / "secret.yaml").write_text(
        "name: p-r\ntype: instance-secret\ninstance-secret:\n  type: key-value\n  acl: r\n  data:\n"
        f"    first: one\n    attack: \"{quoted}\"\n")
    return root


@pytest.mark.parametrize("name", list(ATTACKS))
def test_each_template_bomb_is_refused_quickly_at_its_line(tmp_path: Path, name: str) -> None:
    template, message = ATTACKS[name]
    run = bounded("lint", cwd=_repo(tmp_path, template))
    check_sane(run)
    assert run.exit_code == 1
    lines = [line for line in run.stdout.splitlines() if " T0" in line]
    assert lines == [f"products/p/secret.yaml:8:13: error T002 template refused by the sandbox: {message}"]
    assert run.seconds < SECONDS and run.peak_mb < MEGABYTES, (run.seconds, run.peak_mb)


def test_the_run_s_template_time_is_one_budget(tmp_path: Path) -> None:
    """Twelve slow templates: ten use up the run's 10 s, the last two are refused at once."""
    slow = ATTACKS["slow-steps"][0].replace("\\", "\\\\").replace('"', '\\"')
    root = _repo(tmp_path, "x")
    data = "".join(f"    k{i:02}: \"{slow}\"\n" for i in range(12))
    (root / "products" / "p" / "secret.yaml").write_text(
        "name: p-r\ntype: instance-secret\ninstance-secret:\n  type: key-value\n  acl: r\n  data:\n" + data)
    run = bounded("lint", cwd=root)
    check_sane(run)
    found = [line.split(": ", 1)[1] for line in run.stdout.splitlines() if " T0" in line]
    prefix = "error T002 template refused by the sandbox: "
    assert found[:10] == [prefix + "the template runs past its time limit of 1 s"] * 10
    assert found[10:] == [prefix + "the templates of this run took more than 10 s together"] * 2
    assert run.seconds < 30, run.seconds
