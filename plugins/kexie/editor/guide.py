"""The message table of the editors' guide (docs/editors-guide.md), generated
from the message catalogue so the guide lists exactly what the tools print.

    .venv/bin/python -m kexie.editor.guide docs/editors-guide.md    rewrite the table in place
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..core.messages import CATALOGUE

START, END = "<!-- 提示信息表：由 kexie.editor.guide 生成，请勿手改 -->", "<!-- 提示信息表结束 -->"
# Pieces that only make up other messages (where, field name, how a value is described).
FRAGMENTS = ("value.", "suggest.", "report.where_line", "report.field", "report.problem", "field.eg", "cli_help.", "import.at",
             "import.warning", "import.why_", "import.doubled_name", "image.reason_", "image.advice_",
             # a command's -h help text, not something that went wrong
             "cli.usage_prefix", "cli.help", "cli.options", "cli.positionals", "editor.description", "editor.port_help",
             "editor.cms_port_help")
GROUPS = {
    "report": "检查结果", "source": "读取文件", "yaml": "字段区格式（YAML）", "field": "字段的写法", "article": "文章",
    "section": "栏目", "issue": "期刊（issue.yml）", "ref": "引用人物、机构", "body": "正文", "image": "图片", "link": "链接",
    "files": "文件与网址", "registry": "资料库（_data/）", "publication": "刊物", "cli": "命令行工具", "import": "导入整期",
    "serve": "预览", "install": "安装（第一次运行或依赖更新时）", "yaml_problem": "YAML 格式错误的具体原因",
    "config": "网站配置（mkdocs.yml，管理员处理）", "cms": "网页编辑器的设置（管理员处理）", "form": "网页编辑器的表格（保存前检查）",
    "editor": "本地网页编辑器（bash scripts/editor.sh）", "oserror": "系统给出的原因（文件无法读取或写入时）",
    "publishing": "发布状态（草稿、定时、撤稿、更正、审签、转载）", "house": "编辑部规则（_data/house.yml）",
    "engines": "构建程序与插件（管理员处理）", "proof": "自动校对（校对单）",
    "channels": "短网址、二维码、分享和搜索引擎", "wechat": "公众号导出",
}


def _shown(template: str) -> str:
    """A template as an editor meets it: values become “…”; table pipes are escaped."""
    return re.sub(r"\{[a-z_]+\}", "…", template).replace("|", "｜").replace("\n", " ")


def messages_table() -> str:
    """Every message an editor can read, grouped by where it comes from, with what to do."""
    groups: dict[str, list[str]] = {}  # by prefix, in the order each first appears in the catalogue
    for key, entry in CATALOGUE.items():
        if not key.startswith(FRAGMENTS):
            groups.setdefault(key.split(".", 1)[0], []).append(
                f"| {_shown(entry.zh)} | {_shown(entry.help) if entry.help else '提示本身已写明怎样改。'} |")
    out: list[str] = []
    for prefix, rows in groups.items():
        out += ["", f"#### {GROUPS.get(prefix, prefix)}", "", "| 提示 | 含义与改法 |", "|---|---|", *rows]
    return "\n".join(out).strip("\n")


def section(text: str) -> str:
    """The generated part of the guide, between its markers."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n")


def update(path: Path) -> bool:
    """Rewrite the table in ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    new = f"{text[:start]}\n{messages_table()}\n{text[end:]}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["docs/editors-guide.md"]:
        print(f"{arg}：{'已更新' if update(Path(arg)) else '无需更新'}")
