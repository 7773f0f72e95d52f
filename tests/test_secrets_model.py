"""One model of secrets (compiler/schema/sensitive.py, compiler/redaction/): lint, build, diff and messages agree.

Each test runs the real CLI on a real git repository in a tmp dir and asserts the whole output;
the expected outputs of the webhook/JDBC repository live in tests/cases/secrets/ (regenerate with
``DPC_REGEN=1 pytest tests/test_secrets_model.py`` and review the diff).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CASES
from diffrepo import commit_all, edit, make_repo

from compiler.redaction.masks import Hidden, hidden, spans
from compiler.redaction.scrub import scrub
from compiler.redaction.shapes import find, mask_credentials

EXPECTED = CASES / "secrets"
TEAMS = ("https://acme.webhook.office.com/webhookb2/1111aaaa-2222-3333-4444-555566667777@8888/IncomingWebhook/"
         "0123456789abcdef0123456789abcdef/9999")
TEAMS_HEAD = TEAMS.replace("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210")
JDBC_PW, JDBC_PW_HEAD = "Base-Jdbc-Pw-41", "Head-Jdbc-Pw-97"
LEAKED = (TEAMS, TEAMS_HEAD, JDBC_PW, JDBC_PW_HEAD, "0123456789abcdef0123456789abcdef",
          "fedcba9876543210fedcba9876543210")
PAGER = f"""\
name: shop-alerts
version: v1alpha
type: pager
description: Tells the shop team when the orders workflow fails.
pager:
  conditions:
    - valueJqFilter: .properties.severity
      operator: equals
      value: high
  output:
    webHook:
      url: {TEAMS}
      verb: post
"""
LINT_FORMATS = ("text", "json", "sarif", "github", "junit")
DIFF_FORMATS = ("text", "markdown", "json")


def expect(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("DPC_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def _webhook_repo(tmp_path: Path, rules: str) -> Path:
    """The diff fixture plus a pager posting to a Teams webhook and a Flare input reading a JDBC URL with a
    password, committed; then both credentials changed in the working tree."""
    repo = make_repo(tmp_path / "repo")
    (repo / "products/shop/alerts.yaml").write_text(PAGER, encoding="utf-8")
    edit(repo / "products/shop/orders.yaml", "                  driver: org.postgresql.Driver\n",
         "                  driver: org.postgresql.Driver\n                  url: jdbc:postgresql://shopdb.internal:"
         f"5432/shop?user=reader&password={JDBC_PW}\n")
    edit(repo / "dpc.yaml", "defaultEnvironment: dev\n", "defaultEnvironment: dev\nrules:\n  R001: \"off\"\n" + rules)
    commit_all(repo, "alerts and a JDBC input")
    edit(repo / "products/shop/alerts.yaml", TEAMS, TEAMS_HEAD)
    edit(repo / "products/shop/orders.yaml", JDBC_PW, JDBC_PW_HEAD)
    return repo


@pytest.fixture
def webhook_repo(tmp_path: Path) -> Path:
    return _webhook_repo(tmp_path, "")


@pytest.fixture
def diff_repo(tmp_path: Path) -> Path:
    """The same, with P006 off: both sides must build to be compared."""
    return _webhook_repo(tmp_path, '  P006: "off"\n')


@pytest.mark.parametrize("fmt", LINT_FORMATS)
def test_lint_reports_webhook_and_jdbc_password_in_every_format_without_them(dpc, webhook_repo: Path,
                                                                           fmt: str) -> None:
    run = dpc("lint", "--format", fmt, cwd=webhook_repo)
    assert run.exit_code == 1
    assert not [s for s in LEAKED if s in run.stdout + run.stderr]
    if fmt == "sarif":  # the results whole but their index into the rule catalogue, which grows with every code
        results = json.loads(run.stdout)["runs"][0]["results"]
        for r in results:
            assert r.pop("ruleIndex") >= 0
        expect("lint.sarif", json.dumps(results, indent=2, sort_keys=True) + "\n")
    else:
        expect(f"lint.{fmt}", run.stdout)


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_diff_shows_whether_webhook_and_jdbc_password_changed_never_them(dpc, diff_repo: Path, fmt: str) -> None:
    run = dpc("diff", "--format", fmt, cwd=diff_repo)
    assert run.exit_code == 0, run
    assert not [s for s in LEAKED if s in run.stdout + run.stderr]
    expect(f"diff.{fmt}", run.stdout)


FLARE_PASSWORD = """\
name: wf-copy
version: v1
type: workflow
description: Copies a table.
workflow:
  dag:
    - name: copy
      spec:
        stack: flare:7.0
        compute: runnable-default
        stackSpec:
          job:
            inputs:
              - name: orders
                dataset: dataos://shopdb:public/orders
                format: jdbc
                options:
                  user: reader
                  password: Flare-0ption-Pw
                  apiKey: k3y-in-the-clear-77
                  token: ${SHOP_TOKEN}
            steps:
              - sequence:
                  - name: out
                    sql: SELECT * FROM orders
            outputs:
              - name: out
                dataset: dataos://lakehouse:shop/copy?acl=rw
                format: Iceberg
"""


def test_password_in_a_flare_inputs_options_is_p005_and_never_built(dpc, tmp_path: Path) -> None:
    """The fault: lint gave no P005 for `password:` in a Flare input's options while the diff masked it."""
    repo = make_repo(tmp_path / "repo")
    (repo / "products/shop/copy.yaml").write_text(FLARE_PASSWORD, encoding="utf-8")
    run = dpc("lint", "products/shop/copy.yaml", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, (
        "products/shop/copy.yaml:19:29: error P005 workflow.dag[0].spec.stackSpec.job.inputs[0].options.password "
        "holds a plaintext value (…(15 chars)); secret values must be ${VAR} references\n"
        "  hint: write ${NAME} and list NAME under secrets: in the environment file; rotate the value, it is in "
        "the git history\n"
        "products/shop/copy.yaml:20:27: error P005 workflow.dag[0].spec.stackSpec.job.inputs[0].options.apiKey "
        "holds a plaintext value (…(19 chars)); secret values must be ${VAR} references\n"
        "  hint: write ${NAME} and list NAME under secrets: in the environment file; rotate the value, it is in "
        "the git history\n"
        "products/shop/copy.yaml:21:26: error T007 ${SHOP_TOKEN} is not declared by environment 'dev'\n"
        "  hint: add SHOP_TOKEN to the secrets or env list of the environment file, so that the deployment knows "
        "to set it\n"))  # lint reports build's T007 too (issue 14)
    out = tmp_path / "out"
    build = dpc("build", "--out", str(out), cwd=repo)
    assert build.exit_code == 1
    written = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not [t for t in written if "Flare-0ption-Pw" in t or "k3y-in-the-clear-77" in t]
    assert "Flare-0ption-Pw" not in build.stdout + build.stderr


def test_a_built_secret_keeps_its_var_reference(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    out = tmp_path / "out"
    assert dpc("build", "--out", str(out), cwd=repo).exit_code == 0
    bundle = next(out.rglob("*bundle*.yaml")).read_text(encoding="utf-8")
    assert "password: ${SHOPDB_PASSWORD}\n" in bundle and "username: ${SHOPDB_USERNAME}\n" in bundle


SECRET_SETTINGS = """\
name: shopdb-rw
version: v1
type: instance-secret
description: Read-write credentials.
instance-secret:
  type: key-value-properties
  acl: rw
  data:
    username: shop_writer
    host: shopdb.internal
    password: Wr1ter-Pw-2024
    secretKey: abcdEFGH1234
"""


def test_p005_is_a_credential_to_rotate_p008_a_setting_kept_in_a_secret(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "products/shop/rw.yaml").write_text(SECRET_SETTINGS, encoding="utf-8")
    run = dpc("lint", "products/shop/rw.yaml", cwd=repo)
    setting = ("holds a plaintext value ({}); a value kept in a secret belongs in the environment\n"
               "  hint: use ${{VAR}}: write ${{NAME}} and list NAME under secrets: in the environment file\n")
    credential = ("holds a plaintext value ({}); secret values must be ${{VAR}} references\n"
                  "  hint: write ${{NAME}} and list NAME under secrets: in the environment file; rotate the value, "
                  "it is in the git history\n")
    assert (run.exit_code, run.stdout) == (1, (
        "products/shop/rw.yaml:9:15: warning P008 instance-secret.data.username " + setting.format("…(11 chars)") +
        "products/shop/rw.yaml:10:11: warning P008 instance-secret.data.host " + setting.format("…(15 chars)") +
        "products/shop/rw.yaml:11:15: error P005 instance-secret.data.password " + credential.format("…(14 chars)") +
        "products/shop/rw.yaml:12:16: error P005 instance-secret.data.secretKey " + credential.format("…(12 chars)") +
        "products/shop/rw.yaml:1:7: warning R012 instance secret 'shopdb-rw' is used by no depot, lens, lakehouse, "
        "cluster or job\n  hint: delete it, or reference it where it is needed\n"))  # root causes first
    assert "rotate" not in "".join(line for line in run.stdout.splitlines(True) if "P008" in line)


@pytest.mark.parametrize(("text", "kind", "secret"), [
    ("https://acme.webhook.office.com/webhookb2/a-b@c/IncomingWebhook/0f1e/9", "a Teams webhook URL", None),
    ("https://outlook.office.com/webhook/a-b@c/IncomingWebhook/0f1e2d/9", "a Teams webhook URL", None),
    ("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX", "a Slack webhook URL", None),
    ("https://discord.com/api/webhooks/123456789/abcdefghijklmnopqrstuvwxyz", "a Discord webhook URL", None),
    ("https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=tok-123",
     "a Google Chat webhook URL", None),
    ("jdbc:postgresql://host:5432/db?user=u&password=p4ss", "a password parameter in a connection string", "p4ss"),
    ("jdbc:mysql://u:my5ql-pw@host:3306/db", "a password in a connection URL", "my5ql-pw"),
    ("jdbc:sqlserver://host:1433;databaseName=db;user=u;password=ms-pw;encrypt=true",
     "a password parameter in a connection string", "ms-pw"),
])
def test_credential_shapes(text: str, kind: str, secret: str | None) -> None:
    found = find(f"see {text} now")
    assert [(f.kind, f.secret) for f in found] == [(kind, secret or text)]
    assert (secret or text) not in mask_credentials(f"see {text} now")


def test_a_webhook_url_is_p006(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "products/shop/alerts.yaml").write_text(PAGER.replace(TEAMS, TEAMS + "?x=1"), encoding="utf-8")
    run = dpc("lint", "products/shop/alerts.yaml", cwd=repo)
    assert [line for line in run.stdout.splitlines() if "P006" in line] == [(
        "products/shop/alerts.yaml:12:12: error P006 a Teams webhook URL in pager.output.webHook.url: "
        "https://…(141 chars)")]


def test_scrub_masks_multi_line_tab_short_and_overlapping_values_whole() -> None:
    secrets = hidden([("line-one-pw\nline-two-pw", True), ("tab\tpass-9", True), ("bob", False),
                      ("abcdef123", True), ("123xyz789", True), ("${SHOP_PW}", True), ("", True)])
    sql = "SELECT 'line-one-pw\n       line-two-pw' AS p, \"tab\\tpass-9\", 'bob' FROM t WHERE x = 'abcdef123xyz789'"
    assert scrub(sql, secrets) == (
        "SELECT '…(23 chars)' AS p, \"…(10 chars)\", '…(3 chars)' FROM t WHERE x = '…(15 chars)'")
    # a value kept in a secret that is no credential (a username) stands masked only as a whole token
    assert scrub("bobs-orders /home/bob/x https://bob.example.com user=bob", secrets) == (
        "bobs-orders /home/bob/x https://bob.example.com user=…(3 chars)")
    assert scrub("password: ${SHOP_PW}, empty: ''", secrets) == "password: ${SHOP_PW}, empty: ''"
    assert spans("aaaaaaa", Hidden(frozenset({"aaaa"}))) == [(0, 7, frozenset({"aaaa"}))]


HASH_SEED_SCRIPT = """\
import sys
from compiler.redaction.masks import hidden
from compiler.redaction.scrub import scrub
values = [f"pw-{i:02d}-" + "x" * (i % 5) + "-overlap" for i in range(40)]
text = " | ".join(v + v[3:] for v in values)
print(scrub(text, hidden((v, True) for v in values)))
"""


def test_scrub_output_does_not_depend_on_the_hash_seed() -> None:
    outs = [subprocess.run([sys.executable, "-c", HASH_SEED_SCRIPT], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "4242")]
    assert outs[0] == outs[1] and "pw-" not in outs[0] and outs[0].count("…") == 40


def test_a_400kb_colon_run_is_linted_in_linear_time(tmp_path: Path) -> None:
    """The credential trigger was quadratic on `x:x:x...` (80 KB: 15 s, 400 KB: never ended)."""
    (tmp_path / "colons.yaml").write_text(
        "name: colons\nversion: v1\ntype: workflow\ndescription: '" + "x:" * 200_000 + "'\n", encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "compiler", "lint", "colons.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=20)
    took = time.monotonic() - start
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert took < 20
    for text in ("x:" * 200_000, "a.a." * 100_000 + "://", "-----BEGIN RSA PRIVATE KEY-----" * 10_000 + "A" * 20):
        start = time.monotonic()
        mask_credentials(text)
        assert time.monotonic() - start < 5


def test_a_yaml_error_never_quotes_an_alias_name(dpc, tmp_path: Path) -> None:
    (tmp_path / "alias.yaml").write_text("name: x\nversion: v1\ntype: workflow\npassword: *Sup3rSecret\n")
    run = dpc("lint", "alias.yaml", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (1, "alias.yaml:4:11: error Y001 YAML syntax error: line 4: the value "
                                              "starts with '*', which YAML reads as a reference to an anchor: quote "
                                              "the value\n  hint: write the value in quotes\n")
    assert "Sup3rSecret" not in run.stdout + run.stderr


def test_a_reused_anchor_prints_nothing_of_the_file(dpc_process, tmp_path: Path) -> None:
    (tmp_path / "anchor.yaml").write_text("name: x\nversion: v1\ntype: workflow\na: &k Sup3rSecret\nb: &k 2\n")
    run = dpc_process("lint", "anchor.yaml", cwd=tmp_path)
    assert "Sup3rSecret" not in run.stdout + run.stderr


def test_json_of_the_diff_names_the_changed_secret_lines(dpc, diff_repo: Path) -> None:
    doc = json.loads(dpc("diff", "--format", "json", cwd=diff_repo).stdout)
    diffs = {r["name"]: r["diff"] for r in doc["resources"] if r["status"] == "changed"}
    assert [line.strip() for line in diffs["shop-alerts"].splitlines() if line.startswith(("-  ", "+  "))] == [
        "-      url: <secret>", "+      url: <secret: changed>"]


def test_diff_markers_compare_both_sides_in_memory() -> None:
    """A tab, a multi-line value and a 3-character username, in their fields and pasted into SQL."""
    from compiler.emit.canonical import to_yaml
    from compiler.redaction import markers

    sql = "select * from t where p = 'tab\tpw-99' and u = 'bob' -- bobs-table /home/bob\n  and k = 'l1-pw\nl2-pw'\n"
    base = {"data": {"password": "tab\tpw-99", "user": "bob", "key": "l1-pw\nl2-pw"}, "sql": sql, "ref": "${PW}",
            "empty": ""}
    head = {**base, "data": {**base["data"], "password": "new\tpw-00"}, "sql": sql.replace("tab\tpw-99", "new\tpw-00")}
    sides = []
    for data in (base, head):
        fields = {("data", k): v for k, v in data["data"].items()}
        sides.append(markers.Secrets(fields, frozenset(), hidden([(v, k != "user") for k, v in data["data"].items()])))
    everything = sides[0].values | sides[1].values
    texts = []
    for i, data in enumerate((base, head)):
        redacted, tokens = markers.redact(data, sides[i], sides[1 - i], everything, i == 1)
        texts.append(markers.finish(to_yaml(redacted), tokens))
    shown = ("data:\n  key: <secret: unchanged>\n  password: {pw}\n  user: <secret: unchanged>\nempty: ''\n"
             "ref: ${{PW}}\nsql: |\n  select * from t where p = '{pw}' and u = '<secret: unchanged>' -- bobs-table "
             "/home/bob\n    and k = '<secret: unchanged>'\n")
    assert texts == [shown.format(pw="<secret>"), shown.format(pw="<secret: changed>")]
    added, tokens = markers.redact(head, sides[1], None, everything, True)
    assert markers.finish(to_yaml(added), tokens) == shown.format(pw="<secret>").replace(": unchanged>", ">")
