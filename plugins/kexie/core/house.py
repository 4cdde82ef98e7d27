"""The house rules for publishing, from ``content/_data/house.yml`` (editable in the web editor).

    signoff:
      required: true              # a published article must name its 责任编辑 and every level below
      levels: [初审, 复审, 终审]    # 三审
      sections: []                # only these 栏目 (names); empty: every 栏目
      kinds: []                   # only these kinds of 栏目 (magazine, cover, hub); empty: every kind

No file, or ``required: false``: nothing is required (the seed issue was signed off on paper).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .fields import Fields
from .model import SECTION_KINDS, Section
from .problems import Problems
from .registries import DATA_DIR, read_yaml
from .source import Mapping

HOUSE_FILE = f"{DATA_DIR}/house.yml"
DEFAULT_LEVELS = ["初审", "复审", "终审"]


@dataclass
class SignoffRule:
    required: bool = False
    levels: list[str] = field(default_factory=lambda: list(DEFAULT_LEVELS))
    sections: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def applies_to(self, section: Section) -> bool:
        return self.required and (not self.sections or section.name in self.sections or section.slug in self.sections) \
            and (not self.kinds or section.kind in self.kinds)


@dataclass
class House:
    signoff: SignoffRule = field(default_factory=SignoffRule)
    lines: dict[str, int] = field(default_factory=dict)


def load_house(root: Path, p: Problems) -> House:
    if not (root / HOUSE_FILE).exists():
        return House()
    data = read_yaml(root, HOUSE_FILE, p)
    if data is None:
        return House()
    if not isinstance(data, Mapping):
        p.add(HOUSE_FILE, 1, None, "house.not_mapping")
        return House()
    f = Fields(HOUSE_FILE, data, p, plain=True)
    f.unknown({"signoff"})
    house = House(lines=dict(data.lines))
    value = f.raw("signoff")
    if value is None:
        return house
    if not isinstance(value, Mapping):
        f.problem("signoff", "house.signoff_shape")
        return house
    s = Fields(HOUSE_FILE, value, p, what="signoff.", plain=True)
    s.unknown({"required", "levels", "sections", "kinds"})
    required = s.raw("required")
    if required is not None and not isinstance(required, bool):
        s.problem("required", "house.not_flag", found=str(s.written("required") or required))
    rule = SignoffRule(required=required is True, levels=s.text_list("levels", "[初审, 复审, 终审]") or list(DEFAULT_LEVELS),
                       sections=s.text_list("sections", "[创新达人]"), kinds=s.text_list("kinds", "[magazine]"))
    for kind in rule.kinds:
        if kind not in SECTION_KINDS:
            s.problem("kinds", "field.not_choice", value=kind, choices=SECTION_KINDS)
    house.signoff = rule
    return house
