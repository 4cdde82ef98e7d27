"""The editors' guide (docs/editors-guide.md) lists exactly the messages the tools print."""

from __future__ import annotations

import re

from sitekit import REPO

from kexie.core.messages import CATALOGUE
from kexie.editor.guide import FRAGMENTS, messages_table, section

GUIDE = REPO / "docs/editors-guide.md"


def test_guide_message_table_matches_the_catalogue():
    assert section(GUIDE.read_text(encoding="utf-8")) == messages_table(), (
        "docs/editors-guide.md is out of date with kexie/core/messages.py; run: "
        ".venv/bin/python -m kexie.editor.guide docs/editors-guide.md")


def test_every_editor_message_has_a_row():
    table = messages_table()
    shown = [k for k in CATALOGUE if not k.startswith(FRAGMENTS)]
    assert len(shown) > 60
    for key in shown:
        first_words = re.sub(r"\{[a-z_]+\}", "…", CATALOGUE[key].zh).replace("|", "｜")[:12]
        assert first_words in table, key


def test_guide_is_linked_from_readme_and_covers_the_tasks():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/editors-guide.md" in readme
    guide = GUIDE.read_text(encoding="utf-8")
    for heading in ("添加一篇文章", "新建一期", "添加人物或机构", "预览", "提示信息的含义", "网页编辑器"):
        assert heading in guide
