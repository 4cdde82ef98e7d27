"""Is a port free on this computer?  Said in Chinese before a server starts, not as a traceback.

    python -m kexie.editor.ports 8000      exit 1, with the reason, when the preview's port is taken
"""

from __future__ import annotations

import socket
import sys

from ..core.messages import render


def free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a server stopped a moment ago leaves TIME_WAIT
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def taken(ports: dict[int, str]) -> list[str]:
    """The reason for each taken port (port → the option that moves it, e.g. "--port 8001")."""
    return [render("serve.port_taken", port=p, how=how) for p, how in ports.items() if not free(p)]


def main(argv: list[str] | None = None) -> int:
    ports = [int(a) for a in (sys.argv[1:] if argv is None else argv)]
    reasons = taken({p: f"bash scripts/build.sh serve --dev-addr 127.0.0.1:{p + 1}" for p in ports})
    for reason in reasons:
        print(reason, file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
