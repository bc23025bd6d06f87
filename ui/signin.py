"""Failed sign-in attempts of the chat UI, and how long sign-in stays locked after them.

The first FREE_ATTEMPTS wrong keys or passwords cost nothing; from then on each wrong one
locks sign-in, for FIRST_LOCK_SECONDS and twice as long after each further one (at most
MAX_LOCK_SECONDS). While locked, nothing typed is checked, the right password included,
so guessing gains nothing from speed. The UI counts per browser session and per client
address (when Streamlit knows it: not on loopback), so a new session does not start afresh.
`signed_in` is the form that asks for a key or password, and the check of what is typed.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from dataclasses import dataclass

import streamlit as st
from pydantic import ValidationError

from rag import Settings

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


def accepted_secrets() -> list[str]:
    """The keys of RAG_API_KEYS and RAG_UI_PASSWORD: any of them signs in. None set: no
    sign-in (`rag ui` then listens on loopback only, unless told otherwise)."""
    try:
        settings = Settings()
    except ValidationError:
        return []  # load_assistant reports the bad setting, and nothing else is shown
    password = settings.ui_password.get_secret_value()
    return settings.api_key_list + ([password] if password else [])


def signed_in() -> bool:
    """Ask for a key or password before anything else is shown. The one given is kept in
    the session and checked on every rerun, so removing it from the settings signs out."""
    accepted = accepted_secrets()
    if not accepted or _matches(st.session_state.get("secret", ""), accepted):
        return True
    st.title("Ask the articles")
    # Failed attempts lock sign-in for a growing time, per session and per client address.
    counts = [st.session_state.setdefault("sign_in_attempts", Attempts())]
    if st.context.ip_address:  # None on loopback
        counts.append(attempts_by_address().get(st.context.ip_address))
    with st.form("sign-in"):
        given = st.text_input("Key or password", type="password", key="sign_in_secret")
        if st.form_submit_button("Sign in"):
            now = time.monotonic()
            if wait := max(c.wait(now) for c in counts):
                st.error(locked_message(wait))  # not even checked: guessing gains nothing
            elif _matches(given, accepted):
                for c in counts:
                    c.succeeded()
                st.session_state["secret"] = given
                st.rerun()
            else:
                for c in counts:
                    c.failed(now)
                wait = max(c.wait(now) for c in counts)
                st.error("That is not a key or password this UI accepts." + (f" {locked_message(wait)}" if wait else ""))
    return False


@st.cache_resource
def attempts_by_address() -> ByAddress:
    return ByAddress()


def _matches(given: str, accepted: list[str]) -> bool:
    # Compared as bytes: compare_digest refuses non-ASCII str.
    return bool(given) and any(secrets.compare_digest(given.encode(), key.encode()) for key in accepted)

