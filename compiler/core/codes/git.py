"""Codes of the family G (git): one Rule per code, in code order within each group.

Git and diff (G): found by compiler/gitrepo and compiler/diff.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule

RULES: tuple[Rule, ...] = (
    Rule("G001", "not-a-git-repository", E, "dpc diff or mark-deployed ran outside a git repository",
         "dpc diff compiles a revision straight from git's object database and mark-deployed writes a git ref, "
         "so both need the folder (or a parent) to be a git repository with a working tree, and git installed.",
         "$ cd /tmp/export-of-the-repo && dpc diff\n", "$ cd ~/src/dataos-products && dpc diff\n"),
    Rule("G002", "unknown-revision", E, "the revision names no commit of the repository",
         "--base, --head and mark-deployed's REV take anything `git rev-parse` understands: a sha, a branch, a "
         "tag, origin/main, HEAD~1. A name close to an existing branch or tag is suggested. In a clone that "
         "lacks the remote branch, fetch it first.",
         "dpc diff --base orgin/main\n", "git fetch origin main && dpc diff --base origin/main\n"),
    Rule("G003", "no-deployed-commit", E, "no commit is recorded as deployed to the environment",
         "dpc diff --env ENV compares with the commit in the git ref refs/dpc/deployed/ENV, written by "
         "`dpc mark-deployed --env ENV` after a deployment. A fresh clone does not fetch refs/dpc/*; "
         "before the first deployment there is none, so compare with --base.",
         "git clone ... && dpc diff --env prod\n",
         "git fetch origin '+refs/dpc/*:refs/dpc/*' && dpc diff --env prod\n"),
    Rule("G004", "shallow-clone", E, "the base commit is not in this shallow clone",
         "CI systems clone with a depth of 1 by default: the clone has the newest commit only, so HEAD~1, "
         "the target branch's merge base or the deployed commit are missing. Fetch the whole history.",
         "- uses: actions/checkout@v4\n",
         "- uses: actions/checkout@v4\n  with:\n    fetch-depth: 0\n"),
    Rule("G005", "no-products-at-base", E, "the products folder does not exist at the base revision",
         "The base revision is older than the data products: there is nothing to compile there. Compare with "
         "the commit that added the products folder, or a later one. A base whose tree is empty (an empty commit, as "
         "a first deployment compares with: nothing is deployed yet) is no error: every resource is added.",
         "dpc diff --base v0.1   # before products/ existed\n", "dpc diff --base main\n"),
    Rule("G006", "no-such-environment", E, "--env names an environment that does not exist",
         "dpc build --env, dpc diff --env and dpc mark-deployed --env take one of the files in the environments "
         "folder dpc.yaml names (environments/ by default), or the built-in "
         "'default'); a deployed-commit ref is named after it, so the name must also fit a git ref: letters, "
         "digits, '.', '_' and '-'.",
         "dpc mark-deployed --env prd\n", "dpc mark-deployed --env prod\n"),
    Rule("G007", "base-does-not-build", E, "retired: the base revision has errors that stop its build",
         "No longer emitted: dpc diff compiles the base as it is, sums up its findings in one line, and lists "
         "the files it cannot compile under 'not compiled' (their resources are unknown at the base).",
         "dpc diff --base broken-commit   # refused before dpc 0.2\n", "dpc diff --base broken-commit\n"),
    Rule("G010", "removed-but-referenced", E, "the change removes a resource the head still references",
         "The apply plan deletes what the base had and the head does not. When the head still names it (a "
         "workflow or depot using a secret, a job reading a depot), applying the plan deletes it from under "
         "that reference. Keep the resource, or change the reference in the same commit.",
         "# secrets.yaml deleted, depot.yaml still has:\nsecrets:\n  - name: shopdb-r\n",
         "# secrets.yaml kept, or depot.yaml changed to the secret that replaces it\nsecrets:\n"
         "  - name: shopdb-r2\n"),
)
