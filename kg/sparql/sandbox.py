"""Take a process off the network: the second layer behind the SPARQL guard (kg.sparql.guard).

Linux only. `drop_network()` moves the calling process into a new, empty network namespace
(only a loopback interface that is down), so any connect() it makes fails with ENETUNREACH,
including a SERVICE call that slipped past the guard. As root this is `unshare(CLONE_NEWNET)`;
otherwise `unshare(CLONE_NEWUSER | CLONE_NEWNET)` where the kernel allows unprivileged user
namespaces. Where neither works the function says why and the caller carries on, protected by
the guard alone.
"""

from __future__ import annotations

import os
import sys

__all__ = ["drop_network"]

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def drop_network() -> str | None:
    """Move this process into a network namespace of its own; None if done, else why not.

    Call it in a process that needs no network after it (a query worker that has loaded its
    graph from a file). Existing sockets and pipes keep working; new connections cannot be made.
    """
    if not sys.platform.startswith("linux"):
        return f"network namespaces are Linux only (this is {sys.platform})"
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as e:  # pragma: no cover - every Linux has a libc
        return f"cannot load libc: {e}"
    flags = [CLONE_NEWNET] if os.geteuid() == 0 else []
    flags.append(CLONE_NEWUSER | CLONE_NEWNET)
    reason = ""
    for flag in flags:
        if libc.unshare(flag) == 0:
            return None
        reason = os.strerror(ctypes.get_errno())
    return f"unshare(CLONE_NEWNET) refused by the kernel ({reason})"
