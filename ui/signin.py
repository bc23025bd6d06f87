"""Failed sign-in attempts of the chat UI, and how long sign-in stays locked after them.

The first FREE_ATTEMPTS wrong keys or passwords cost nothing; from then on each wrong one
locks sign-in, for FIRST_LOCK_SECONDS and twice as long after each further one (at most
MAX_LOCK_SECONDS). While locked, nothing typed is checked, the right password included,
so guessing gains nothing from speed. The UI counts per browser session and per client
address (when Streamlit knows it: not on loopback), so a new session does not start afresh.
Not here: the key check itself (ui/app.py).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

FREE_ATTEMPTS = 5
FIRST_LOCK_SECONDS = 30.0
MAX_LOCK_SECONDS = 3600.0


@dataclass
class Attempts:
    failures: int = 0
    locked_until: float = 0.0  # on the clock the caller passes (time.monotonic)

    def wait(self, now: float) -> float:
        """Seconds until sign-in may be tried again (0: now)."""
        return max(0.0, self.locked_until - now)

    def failed(self, now: float) -> None:
        self.failures += 1
        if self.failures >= FREE_ATTEMPTS:
            lock = FIRST_LOCK_SECONDS * 2 ** min(self.failures - FREE_ATTEMPTS, 20)
            self.locked_until = now + min(lock, MAX_LOCK_SECONDS)

    def succeeded(self) -> None:
        self.failures, self.locked_until = 0, 0.0


class ByAddress:
    """Attempts per client address, shared by every session of the server."""

    LIMIT = 10_000  # addresses remembered; beyond, the oldest are forgotten

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, Attempts] = {}

    def get(self, address: str) -> Attempts:
        with self._lock:
            if address not in self._attempts and len(self._attempts) >= self.LIMIT:
                del self._attempts[next(iter(self._attempts))]
            return self._attempts.setdefault(address, Attempts())


def locked_message(wait: float) -> str:
    return (f"Too many wrong keys or passwords: sign-in is locked for {math.ceil(wait)} more seconds "
            "(each further wrong one doubles the wait).")
