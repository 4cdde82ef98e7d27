"""Before a build and before publishing, in Chinese:

    python -m kexie.engines check mkdocs.yml   every name installed (build.sh, when MkDocs refused the config)
    python -m kexie.engines verify site        the site has what only our plugins write (publish.sh)

``verify`` needs only the standard library: publish.sh runs it as ``PYTHONPATH=plugins python3 -m …``.
Exit status 1 with the reasons on stderr; nothing is printed when all is well.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.messages import Msg, render
from . import output, roster


def check(config: Path) -> list[str]:
    """What keeps the engine from loading every plugin of the roster, as written in ``config``."""
    from importlib.metadata import entry_points

    named = roster.named_in(config.read_text(encoding="utf-8"))
    installed = {ep.name for ep in entry_points(group="mkdocs.plugins")} | {ep.name for ep in entry_points(group="properdocs.plugins")}
    shown = config.name
    problems = [render("engines.unknown", config=shown, line=n.line, name=n.name, hint=_hint(n.name))
                for n in roster.unknown(named, installed)]
    absent = roster.missing(n.name for n in named)
    # a name merely left out is said by our plugins themselves (on_config) unless none of them could run
    if absent and (problems or len(absent) == len(roster.PLUGINS)):
        problems.append(roster.not_loaded(absent, shown))
    return problems


def verify(site: Path) -> list[str]:
    lacking = output.lacking(site)
    if not lacking:
        return []
    plugins = list(dict.fromkeys(mark.plugin for mark in lacking))
    return [render("engines.incomplete", site=str(site), files=tuple(m.path for m in lacking), plugins=tuple(plugins))]


def _hint(name: str) -> Msg | str:
    close = roster.suggest(name)
    return Msg("engines.did_you_mean", name=close) if close else ""


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("check", "verify"):
        print(__doc__, file=sys.stderr)
        return 2
    problems = (check if argv[1] == "check" else verify)(Path(argv[2]))
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
