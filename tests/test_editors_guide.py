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
    for heading in ("启动和停止网页编辑器", "写一篇新文章", "修改已有文章", "照片", "图片说明", "表格", "编者注", "人物和机构",
                    "新建一期", "导入整期", "清单", "内容检查", "审稿和发布", "提示信息的含义"):
        assert f"## " in guide and heading in guide, heading


def test_the_table_lists_no_help_lines():
    """Only what can go wrong (or report success) is listed, not a command's -h text."""
    table = messages_table()
    for help_line in ("显示本帮助并退出", "| 用法： |", "| 选项 |", "| 参数 |"):
        assert help_line not in table


def test_every_message_group_has_one_chinese_heading():
    """Messages are grouped under one Chinese heading per source, however the catalogue orders them."""
    headings = re.findall(r"^#### (.+)$", messages_table(), re.M)
    assert len(headings) == len(set(headings)), headings
    assert not [h for h in headings if re.fullmatch(r"[A-Za-z_]+", h)], headings
