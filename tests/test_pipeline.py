"""The pipeline for editors' commits: GitHub/Gitea workflow, GitLab CI, pre-commit
hook and the publishing script.  The files must parse, call the README's
commands, and the commands they run must do what the files promise: the check
step's annotations, the pre-commit hook on a real commit, publishing with --delete.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from sitekit import REPO

WORKFLOW = REPO / ".github/workflows/site.yml"
GITLAB = REPO / ".gitlab-ci.yml"
PRECOMMIT = REPO / ".pre-commit-config.yaml"
README = (REPO / "README.md").read_text(encoding="utf-8")
BUILD = "bash scripts/build.sh"
CHECK = ".venv/bin/python scripts/editor.py check"
BAD_SECTION = ("section: 创新达人\n", "section: 创新达人x\n")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def github_steps() -> dict[str, list[dict]]:
    return {name: job["steps"] for name, job in load(WORKFLOW)["jobs"].items()}


def step(name: str) -> str:
    return next(s["run"] for steps in github_steps().values() for s in steps if s.get("name") == name)


def gitlab_jobs() -> dict[str, dict]:
    return {k: v for k, v in load(GITLAB).items() if isinstance(v, dict) and "script" in v}


def repo_copy(tmp: Path) -> Path:
    """A Git checkout of content/ and the tools, sharing this checkout's .venv and code."""
    root = tmp / "repo"
    shutil.copytree(REPO / "content", root / "content")
    (root / "scripts").mkdir()
    for name in ("editor.py", "publish.sh"):
        shutil.copy2(REPO / "scripts" / name, root / "scripts" / name)
    for name in (".venv", "plugins"):
        (root / name).symlink_to(REPO / name)
    shutil.copy2(PRECOMMIT, root / PRECOMMIT.name)
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".venv\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "--no-verify", "-m", "初始内容")
    return root


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "bj@example.cn", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "bj@example.cn", "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=check, timeout=300)


def spoil(root: Path) -> Path:
    path = root / "content/issues/2023-02/li-weirong.md"
    path.write_text(path.read_text(encoding="utf-8").replace(*BAD_SECTION), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the files


def test_workflow_runs_on_every_push_and_pull_request():
    data = load(WORKFLOW)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(triggers) >= {"push", "pull_request"} and triggers["push"] is None, triggers
    steps = [s.get("run", "") for job in github_steps().values() for s in job]
    assert any(CHECK in s and "--format github" in s for s in steps)
    assert BUILD in steps
    publish = load(WORKFLOW)["jobs"]["publish"]
    assert "refs/heads/main" in publish["if"] and "!= 'pull_request'" in publish["if"] and publish["needs"] == "check-and-build"
    assert [s["run"] for s in publish["steps"] if "run" in s] == ["bash scripts/publish.sh"]
    assert "${{ secrets." in json.dumps(publish) and "PUBLISH_SSH_KEY" in json.dumps(publish)


def test_scheduled_articles_are_published_without_a_commit():
    """publish_at: the pipelines rebuild and publish main on a schedule (GitHub/Gitea/Forgejo cron; a GitLab pipeline schedule)."""
    triggers = load(WORKFLOW).get("on", load(WORKFLOW).get(True))
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(len(c.split()) == 5 for c in crons)
    minutes = crons[0].split()[0]
    assert minutes.startswith("*/") and int(minutes[2:]) <= 15  # an article set for 08:00 is out by 08:15
    assert "pull_request" in load(WORKFLOW)["jobs"]["publish"]["if"]  # a schedule publishes; a pull request never
    rules = load(GITLAB)["workflow"]["rules"]
    assert rules[0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"'}
    assert "CI_DEFAULT_BRANCH" in json.dumps(gitlab_jobs()["publish"]["rules"])  # a schedule on the default branch publishes


def test_gitlab_runs_on_every_push_and_merge_request():
    data = load(GITLAB)
    rules = json.dumps(data["workflow"]["rules"])
    assert "merge_request_event" in rules and "CI_COMMIT_BRANCH" in rules
    jobs = gitlab_jobs()
    assert any(CHECK in line and "--format gitlab" in line for line in jobs["check"]["script"])
    assert jobs["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert jobs["check"]["artifacts"]["when"] == "always"  # the report is needed most when the check fails
    assert BUILD in jobs["build"]["script"] and "site/" in jobs["build"]["artifacts"]["paths"]
    assert jobs["publish"]["script"] == ["bash scripts/publish.sh"]
    assert "CI_DEFAULT_BRANCH" in json.dumps(jobs["publish"]["rules"]) and "PUBLISH_TARGET" in json.dumps(jobs["publish"]["rules"])
    assert set(data["stages"]) == {job.get("stage") for job in jobs.values()}


def test_readme_documents_the_commands_and_variables():
    for command in (BUILD, CHECK, "bash scripts/publish.sh", "pre-commit install", "--format github", "--format gitlab"):
        assert command in README, f"README does not show {command!r}"
    for variable in set(re.findall(r"\b(PUBLISH_[A-Z_]+|KEXIE_CMS_[A-Z_]+)\b", WORKFLOW.read_text() + GITLAB.read_text()
                                   + (REPO / "scripts/publish.sh").read_text())):
        assert variable in README, f"README does not explain {variable}"


def test_precommit_config_is_a_local_hook_on_content():
    hooks = [h for repo in load(PRECOMMIT)["repos"] for h in repo["hooks"]]
    assert [h["id"] for h in hooks] == ["kexie-check"]
    hook = hooks[0]
    assert hook["entry"] == CHECK and hook["language"] == "system" and hook["files"] == "^content/"


# ---------------------------------------------------------------- what they run


def test_check_step_annotates_file_and_line(tmp_path):
    """The workflow's own check command, run as the runner runs it."""
    root = repo_copy(tmp_path)
    ok = subprocess.run(["bash", "-c", step("内容检查")], cwd=root, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "::error" not in ok.stdout, ok.stdout + ok.stderr
    spoil(root)
    bad = subprocess.run(["bash", "-c", step("内容检查")], cwd=root, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert bad.stdout.count("::warning ") > 0  # the 校对单 rides along as warnings (kexie.proofread)
    assert [line for line in bad.stdout.strip().splitlines() if not line.startswith("::warning ")] == [
        "::error file=content/issues/2023-02/li-weirong.md,line=4,title=section（栏目）::section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”？"]
    assert "li-weirong.md 第4行" in bad.stderr  # the editor's report stays in the log


def test_gitlab_check_writes_a_code_quality_report(tmp_path):
    root = repo_copy(tmp_path)
    spoil(root)
    (root / "content/news/x.md").write_text("---\ntitle: 新闻\ndate: 2023-02-30\nsection: 地方动态\n---\n正文\n", encoding="utf-8")
    script = gitlab_jobs()["check"]["script"][-1]
    run = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    everything = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    report = [i for i in everything if i["severity"] != "minor"]  # minor: the 校对单's warnings
    assert len(report) >= 3, report
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"].startswith("content/") and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in everything}) == len(everything)
    by_path = {i["location"]["path"]: i for i in report}
    assert by_path["content/issues/2023-02/li-weirong.md"]["location"]["lines"]["begin"] == 4
    spoil_free = repo_copy(tmp_path / "clean")
    subprocess.run(["bash", "-c", script], cwd=spoil_free, check=True, capture_output=True, timeout=120)
    assert [i for i in json.loads((spoil_free / "gl-code-quality-report.json").read_text()) if i["severity"] != "minor"] == []


def test_precommit_hook_stops_a_bad_commit(tmp_path):
    """pre-commit installed in a real checkout: a bad article cannot be committed, a good one can."""
    root = repo_copy(tmp_path)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run([str(pre_commit), "install"], cwd=root, check=True, capture_output=True, env=env, timeout=120)
    spoil(root)
    git(root, "add", ".")
    started = time.perf_counter()
    refused = git(root, "commit", "-m", "改栏目", check=False)
    took = time.perf_counter() - started
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert "li-weirong.md 第4行" in refused.stdout + refused.stderr and "创新达人x" in refused.stdout + refused.stderr
    assert git(root, "log", "--format=%s").stdout.splitlines() == ["初始内容"]
    assert took < 30, f"the hook took {took:.1f} s"
    path = root / "content/issues/2023-02/li-weirong.md"
    path.write_text(path.read_text(encoding="utf-8").replace(BAD_SECTION[1], BAD_SECTION[0]) + "\n补充一段。\n", encoding="utf-8")
    git(root, "add", ".")
    accepted = git(root, "commit", "-m", "补充正文", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    (root / "notes.txt").write_text("与内容无关的文件\n", encoding="utf-8")
    git(root, "add", "notes.txt")
    skipped = git(root, "commit", "-m", "笔记")
    assert "Skipped" in skipped.stdout + skipped.stderr  # nothing under content/: no check


def test_publish_mirrors_site_and_removes_stale_files(tmp_path):
    root = repo_copy(tmp_path)
    (root / "site/issues").mkdir(parents=True)
    (root / "site/index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (root / "site/issues/index.html").write_text('<ul class="kx-cards">期刊</ul>', encoding="utf-8")
    marks = {"feed.xml": "<rss/>", "atom.xml": "<feed/>", "search/manifest.json": '{"docs": 0}', "admin/config.yml": "backend:\n"}
    for path, text in marks.items():  # what only our plugins write (kexie/engines/output.py): publish.sh checks
        (root / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / path).write_text(text, encoding="utf-8")
    target = tmp_path / "www"
    (target / "old").mkdir(parents=True)
    (target / "old/index.html").write_text("已删除的文章", encoding="utf-8")
    run = subprocess.run(["bash", "scripts/publish.sh"], cwd=root, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PUBLISH_TARGET": f"{target}/"})
    assert run.returncode == 0, run.stderr
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == sorted(["index.html", "issues/index.html", *marks])
    assert "已发布" in run.stdout


@pytest.mark.parametrize("env, expected", [({}, "没有设置 PUBLISH_TARGET"), ({"PUBLISH_TARGET": "s3://qyqx/"}, "PUBLISH_S3_ENDPOINT")])
def test_publish_explains_missing_settings(tmp_path, env, expected):
    root = repo_copy(tmp_path)
    (root / "site").mkdir()
    (root / "site/index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_")}
    run = subprocess.run(["bash", "scripts/publish.sh"], cwd=root, capture_output=True, text=True, timeout=60, env=clean | env)
    assert run.returncode == 1 and expected in run.stderr and "Traceback" not in run.stderr
