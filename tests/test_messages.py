"""The message catalogue: every key used in the code exists, both languages take the same values."""

from __future__ import annotations

import re
import string

from kexie.core.messages import CATALOGUE, guide
from sitekit import REPO

USED = re.compile(r"""(?:Msg|render|add|problem|SourceError|Refused)\(\s*(?:[^()"']*?,\s*)*["']([a-z_]+\.[a-z_]+)["']""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_take_the_same_values():
    for key, entry in CATALOGUE.items():
        assert placeholders(entry.en) <= placeholders(entry.zh), key  # Chinese may add labels
        assert re.search(r"[\u4e00-\u9fff]", entry.zh) or key.startswith(("report.", "value.text")), f"{key} is not Chinese"


def test_every_key_in_the_code_is_in_the_catalogue():
    used = set()
    groups = {key.split(".")[0] for key in CATALOGUE}
    for path in (REPO / "plugins/kexie").rglob("*.py"):
        used |= {k for k in USED.findall(path.read_text(encoding="utf-8")) if k.split(".")[0] in groups}
    assert len(used) > 60
    assert used <= set(CATALOGUE), sorted(used - set(CATALOGUE))


def test_guide_lists_the_explained_messages():
    table = guide()
    assert table.startswith("| 提示 | 含义与改法 |")
    assert sum(1 for e in CATALOGUE.values() if e.help) == table.count("\n") - 1


def test_system_and_yaml_reasons_come_from_the_catalogue(monkeypatch):
    import errno

    from kexie.core.messages import ERRNO_KEYS, os_reason
    from kexie.core.source import YAML_PROBLEMS

    assert {f"oserror.{k}" for k in ERRNO_KEYS.values()} <= set(CATALOGUE)
    assert {f"yaml_problem.{k}" for _, k, _ in YAML_PROBLEMS} | {"yaml_problem.other"} <= set(CATALOGUE)
    monkeypatch.setenv("KEXIE_LANG", "zh")
    assert str(os_reason(PermissionError(errno.EACCES, "Permission denied"))) == "没有权限"
    assert str(os_reason(OSError(errno.ENOSPC, "No space left on device"))) == "磁盘已满"
    assert str(os_reason(OSError(errno.ECONNRESET, "Connection reset by peer"))) == "系统错误 ECONNRESET"
    monkeypatch.setenv("KEXIE_LANG", "en")
    assert str(os_reason(PermissionError(errno.EACCES, "Permission denied"))) == "permission denied"


def test_no_message_text_outside_the_catalogue():
    """Errors and log lines an editor can see name a catalogue key; no hand-written text, no Python class names."""
    hand_written = re.compile(r"""(?:log\.(?:error|warning|info)|PluginError|CmsSetupError)\(\s*f?["']""")
    for rel in ("mkdocs/images_plugin.py", "mkdocs/feeds_plugin.py", "mkdocs/cms_plugin.py", "editor/cms.py"):
        text = (REPO / "plugins/kexie" / rel).read_text(encoding="utf-8")
        assert not hand_written.search(text), (rel, hand_written.search(text).group())
        assert "__name__}" not in text, rel
