"""The one SQLite set-up (rag.sqlite): migrations run once, all or nothing, and
transactions nest."""

import sqlite3

import pytest

from rag.sqlite import Database, sql


def _version(path):
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_missing_steps_run_once_in_order_and_set_the_version(tmp_path):
    ran = []
    steps = [sql("CREATE TABLE a (x)"), lambda conn: ran.append(2), sql("INSERT INTO a VALUES (3)")]
    db = Database(tmp_path / "x.sqlite3")
    db.migrate(steps[:2], "test file")
    assert _version(tmp_path / "x.sqlite3") == 2 and ran == [2]
    db.migrate(steps, "test file")  # only the third runs
    db.migrate(steps, "test file")  # nothing runs
    assert ran == [2] and db.rows("SELECT x FROM a") == [(3,)] and db.version() == 3
    assert db.row("PRAGMA journal_mode")[0] == "wal"
    db.close()


def test_a_failing_step_leaves_the_file_as_it_was(tmp_path):
    def broken(conn):
        raise RuntimeError("step 2 broke")

    db = Database(tmp_path / "x.sqlite3")
    with pytest.raises(RuntimeError, match="step 2 broke"):
        db.migrate([sql("CREATE TABLE a (x)"), broken], "test file")
    assert db.version() == 0 and db.rows("SELECT name FROM sqlite_master") == []
    db.close()


def test_a_transaction_inside_another_joins_it(tmp_path):
    db = Database(tmp_path / "x.sqlite3")
    db.migrate([sql("CREATE TABLE a (x)")], "test file")
    with pytest.raises(KeyError):
        with db.transaction():
            db.run("INSERT INTO a VALUES (1)")
            with db.transaction():
                db.run("INSERT INTO a VALUES (2)")
            raise KeyError("the outer one fails")
    assert db.rows("SELECT x FROM a") == []  # the inner write went with the outer one
    with db.transaction():
        with db.transaction():
            db.run("INSERT INTO a VALUES (3)")
    assert db.rows("SELECT x FROM a") == [(3,)]
    db.close()
