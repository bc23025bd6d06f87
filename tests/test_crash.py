"""Real processes killed at deterministic points (issue 13): what was committed before the
kill answers at once, and a restart reconciles whatever was left half-done.

The point of death is chosen by wrapping a function inside the child process, never by a
timer: the child kills itself (SIGKILL: no clean-up runs; SIGINT: Ctrl-C) right after the
Nth article is committed, or at a named step of an upload.
"""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from conftest import SEEDS

# Run inside the child: kill this process with DIE_SIGNAL once DIE_AFTER articles are
# committed, then run the `rag` command line with the remaining arguments.
DIE_AFTER_COMMITS = textwrap.dedent("""
    import os, signal, sys
    import rag.ingest
    from rag.catalog import Catalog

    rag.ingest.COMMIT_CHUNKS = 1  # commit article by article
    real, committed = Catalog.clear_pending, []

    def clear_pending(self, doc_id):
        real(self, doc_id)
        committed.append(doc_id)
        if len(committed) == int(os.environ["DIE_AFTER"]):
            os.kill(os.getpid(), int(os.environ["DIE_SIGNAL"]))

    Catalog.clear_pending = clear_pending
    from rag.cli import main
    sys.argv = ["rag", *sys.argv[1:]]
    main()
""")


def rag(*args: str, env: dict, script: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "rag.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_first_ingest_answers_from_what_it_committed(env, tmp_path, how, corpus):
    (corpus / "zeppelins.txt").write_text("Zeppelin Trade\nPakistan and Russia discussed zeppelins in 2031.\n")
    killed = rag("ingest", str(corpus), env={**env, "DIE_AFTER": "1", "DIE_SIGNAL": str(int(how))},
                 script=DIE_AFTER_COMMITS)
    assert killed.returncode in (-signal.SIGKILL, 130), killed.stderr  # 130: the CLI's own Ctrl-C exit

    listed = rag("sources", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "pakistan-must-do-three-things" in listed.stdout and "zeppelins" not in listed.stdout
    asked = rag("ask", "Why won't Russia let Pakistan into BRICS?", env=env)
    assert asked.returncode == 0 and "nothing has been ingested" not in asked.stderr + asked.stdout
    assert "BRICS" in asked.stdout

    finished = rag("ingest", str(corpus), env=env)  # the same command finishes the job
    assert finished.returncode == 0 and "2 added, 0 updated, 1 unchanged" in finished.stdout
