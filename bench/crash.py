#!/usr/bin/env python3
"""kill -9 the server 20 times during a vote storm and a send storm (issue 15); after each
restart every acknowledged ballot and message must be there, none twice.

    WILDCAT_BIN=.build/release/wildcat python3 bench/crash.py [--kills 20] [--voters 200] [--database-url URL]

Prints one line per round and a summary; exits 1 at the first loss or duplicate."""
import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from conftest import Server  # noqa: E402
from crash_rounds import LOAD_FLAGS, rounds  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--kills", type=int, default=20)
parser.add_argument("--voters", type=int, default=200)
parser.add_argument("--database-url", help="PostgreSQL (an empty database); SQLite in a temporary folder otherwise")
arguments = parser.parse_args()
folder = tempfile.mkdtemp(prefix="wildcat-crash-")
extra = ["--database-url", arguments.database_url] if arguments.database_url else []


def start():
    server = Server(os.path.join(folder, "data"), extra + LOAD_FLAGS)
    os.makedirs(server.data, exist_ok=True)
    return server.start()


figures = rounds(start, kills=arguments.kills, voters=arguments.voters)
for f in figures:
    print(f"round {f['round'] + 1:2}: {f['acknowledged_messages']:6} messages acknowledged, {f['stored_messages']:6} stored; "
          f"{f['acknowledged_ballots']:5} ballots acknowledged, {f['stored_ballots']:5} stored; restart {f['restart_seconds']} s")
print(f"{len(figures)} kills: no acknowledged message or ballot lost, none stored twice")
