"""Content problems as CI annotations: GitHub workflow commands and a GitLab
code-quality report, so each problem shows on its file and line in a pull or
merge request.  The text is the catalogue's, as the editor reads it elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core.messages import field_label
from ..core.messages import render as say
from ..proofread.finding import kind_label
from ..core.problems import Problem

FORMATS = ("text", "github", "gitlab")


def repo_path(content: Path, problem: Problem) -> str:
    """The problem's file as the repository knows it (content/issues/…), from the working directory."""
    return _repo_path(content, problem.path)


def _repo_path(content: Path, rel: str) -> str:
    return Path(os.path.relpath(content / rel)).as_posix()


def _what(problem: Problem) -> str:
    """The message without the file and line, which the annotation already shows."""
    return f"{field_label(problem.field)}：{problem.message}" if problem.field else str(problem.message)


def _escape(text: str, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def github(problems: list[Problem], content: Path, warnings: list | None = None) -> str:
    """``::error file=…,line=…,title=…::message`` for each problem, ``::warning …`` for each proofreading warning."""
    lines = []
    for p in problems:
        props = [f"file={_escape(repo_path(content, p), True)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape(field_label(p.field) if p.field else '内容检查', True)}")
        lines.append(f"::error {','.join(props)}::{_escape(_what(p))}")
    for w in warnings or ():
        props = [f"file={_escape(_repo_path(content, w.path), True)}"] + ([f"line={w.line}"] if w.line else [])
        props += [f"col={w.column}"] if w.column else []
        props.append(f"title={_escape(say('proof.page_title') + '·' + kind_label(w.kind), True)}")
        lines.append(f"::{'error' if w.error else 'warning'} {','.join(props)}::{_escape(w.text)}")
    return "\n".join(lines)


def gitlab(problems: list[Problem], content: Path, warnings: list | None = None) -> str:
    """A GitLab code-quality report (JSON list); ``[]`` when all is well."""
    report = []
    for p in problems:
        path = repo_path(content, p)
        text = _what(p)
        report.append({
            "description": text,
            "check_name": p.message.key,
            "fingerprint": hashlib.sha256(f"{path}\0{p.field}\0{text}".encode()).hexdigest()[:32],
            "severity": "major",
            "location": {"path": path, "lines": {"begin": p.line or 1}},
        })
    for w in warnings or ():  # proofreading: minor, unless the house makes its class an error
        path = _repo_path(content, w.path)
        report.append({
            "description": w.text, "check_name": f"proofread.{w.kind}",
            "fingerprint": hashlib.sha256(f"{path}\0{w.line}\0{w.column}\0{w.text}".encode()).hexdigest()[:32],
            "severity": "major" if w.error else "minor",
            "location": {"path": path, "lines": {"begin": w.line or 1}},
        })
    return json.dumps(report, ensure_ascii=False, indent=1)


def render(fmt: str, problems: list[Problem], content: Path, warnings: list | None = None) -> str | None:
    """The annotations for ``fmt`` (proofreading ``warnings`` as warnings), or None for plain text."""
    return {"github": github, "gitlab": gitlab}.get(fmt, lambda *_: None)(problems, content, warnings)
