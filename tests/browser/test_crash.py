"""A few rounds of kill -9 during a vote storm and a send storm, on SQLite and on PostgreSQL:
after each restart every acknowledged ballot and message is there, none twice (issue 15).
bench/crash.py runs 20 rounds and reports the figures."""
import os

from conftest import Server
from crash_rounds import LOAD_FLAGS, rounds
from test_nodes import database  # noqa: F401 (the fixture: a fresh PostgreSQL database)


def test_acknowledged_writes_survive_kill_9_in_a_storm_on_sqlite(tmp_path):
    figures = rounds(lambda: Server(str(tmp_path / "data"), LOAD_FLAGS).start(), kills=3, voters=20)
    assert all(f["acknowledged_messages"] > 0 for f in figures)
    print(figures)


def test_acknowledged_writes_survive_kill_9_in_a_storm_on_postgres(tmp_path, database):  # noqa: F811
    def start():
        node = Server(str(tmp_path / "node"), ["--database-url", database] + LOAD_FLAGS)
        os.makedirs(node.data, exist_ok=True)
        return node.start()
    figures = rounds(start, kills=2, voters=20)
    assert all(f["acknowledged_messages"] > 0 for f in figures)
    print(figures)
