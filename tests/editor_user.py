"""Running a command as an ordinary editor would: file permissions do not bind
root (tests run as root in CI), so as root the command runs without the two
capabilities that let it ignore them."""

from __future__ import annotations

import os
import shutil


def as_editor(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")  # util-linux, on every Debian
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *cmd]
