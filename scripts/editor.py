#!/usr/bin/env python3
"""Editors' tools (check, new, new-issue, import); run with the project's .venv:

    .venv/bin/python scripts/editor.py check
    .venv/bin/python scripts/editor.py --help
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from kexie.editor.cli import main  # noqa: E402

sys.exit(main())
