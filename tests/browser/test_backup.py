"""`wildcat backup` and `wildcat restore` (issue 15): a backup taken while members write and vote
restores to exactly the database as it was at one instant (nothing acknowledged before the backup
began is missing; nothing is there twice or half-written), on SQLite and on PostgreSQL; and the
commands refuse what would lose data."""
import os
import subprocess
import threading
import time

from conftest import Server, wildcat_binary
from pages import api
from test_nodes import database  # noqa: F401 (the fixture: a fresh PostgreSQL database)

LOAD = ["--message-rate", "100000", "--write-rate", "100000"]


def wildcat(*arguments):
    return subprocess.run([wildcat_binary(), *arguments], capture_output=True, text=True, timeout=300)


class Load:
    """Rosa posts numbered messages, and members vote, one after another, until stopped; each
    acknowledgement's time is kept."""

    def __init__(self, base, assembly, channel, proposal, rosa, voters):
        self.base, self.assembly, self.channel, self.proposal, self.rosa, self.voters = base, assembly, channel, proposal, rosa, voters
        self.messages, self.votes = [], []
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        n = 0
        while self.running:
            api(self.base, "POST", f"/assemblies/{self.assembly}/channels/{self.channel}/messages", {"body": f"load {n}"}, self.rosa)
            self.messages.append(time.monotonic())
            if n % 10 == 0 and n // 10 < len(self.voters):
                api(self.base, "POST", f"/assemblies/{self.assembly}/proposals/{self.proposal}/ballot",
                    {"choice": "yes" if (n // 10) % 3 else "no"}, self.voters[n // 10])
                self.votes.append(time.monotonic())
            n += 1

    def acknowledged(self, times, before):
        return sum(1 for t in times if t < before)


def prepare(server):
    token = server.first_link.rsplit("/", 1)[1]
    rosa = api(server.base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": "bread and roses too"})["token"]
    assembly = api(server.base, "POST", "/assemblies", {"name": "Store 14"}, rosa)["id"]
    voters = []
    for n in range(19):
        link = api(server.base, "POST", f"/assemblies/{assembly}/invites", {}, rosa)["link"]
        voters.append(api(server.base, "POST", "/accounts", {"inviteToken": link.rsplit("/", 1)[1], "pseudonym": f"Member {n}",
                                                            "passphrase": "bread and roses too"})["token"])
    proposal = api(server.base, "POST", f"/assemblies/{assembly}/proposals",
                   {"title": "Strike on Friday", "method": "yesno", "closesInMinutes": 600}, rosa)["proposal"]["id"]
    channel = assembly + "g"
    padding = "x" * 3000
    for n in range(1500):
        api(server.base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": f"seed {n} {padding}"}, rosa)
    return rosa, assembly, channel, proposal, voters


def read_back(base, assembly, channel, proposal, rosa):
    """The numbers of the load messages, in order, and the vote's count and result."""
    numbers, before = [], None
    while True:
        page = api(base, "GET", f"/assemblies/{assembly}/channels/{channel}/messages?limit=200" + (f"&before={before}" if before else ""), None, rosa)
        if not page:
            break
        numbers = [int(m["body"].split()[1]) for m in page if m["body"].startswith("load ")] + numbers
        if any(m["body"].startswith("seed ") for m in page):
            break
        before = page[0]["id"]
    shown = api(base, "GET", f"/assemblies/{assembly}/proposals/{proposal}", None, rosa)
    return numbers, shown["ballots"], shown.get("result")


def round_trip(tmp_path, server, database_arguments, restore_arguments, restart):
    rosa, assembly, channel, proposal, voters = prepare(server)
    load = Load(server.base, assembly, channel, proposal, rosa, voters)
    load.thread.start()
    time.sleep(1.0)
    backup = str(tmp_path / "backup.file")
    began = time.monotonic()
    made = wildcat("backup", *database_arguments, backup)
    ended = time.monotonic()
    time.sleep(0.5)
    load.running = False
    load.thread.join(timeout=30)
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stdout and os.stat(backup).st_mode & 0o077 == 0
    # A second backup to the same name is refused rather than overwritten.
    again = wildcat("backup", *database_arguments, backup)
    assert again.returncode != 0 and "--overwrite" in again.stderr
    server.stop()
    restored = wildcat("restore", *restore_arguments, backup)
    assert restored.returncode == 0, restored.stderr
    after = restart()
    try:
        numbers, ballots, result = read_back(after.base, assembly, channel, proposal, rosa)
    finally:
        after.stop()
    # One instant: every message acknowledged before the backup began, in order, none twice,
    # none missing in the middle; none acknowledged after it ended.
    assert numbers == list(range(len(numbers)))
    assert load.acknowledged(load.messages, began) <= len(numbers) <= load.acknowledged(load.messages, ended)
    assert load.acknowledged(load.votes, began) <= ballots <= load.acknowledged(load.votes, ended)
    assert ballots > 0 and len(numbers) > 0
    print(f"restored {len(numbers)} of {len(load.messages)} load messages and {ballots} of {len(load.votes)} ballots "
          f"(backup took {ended - began:.2f} s)")
    return result


def test_sqlite_backup_under_load_restores_one_instant_and_refuses_what_would_lose_data(tmp_path):
    data = str(tmp_path / "data")
    server = Server(data, LOAD).start()
    restored_data = str(tmp_path / "restored")
    round_trip(tmp_path, server, ["--data", data], ["--data", restored_data], lambda: Server(restored_data, LOAD).start())
    backup = str(tmp_path / "backup.file")
    # Onto a database in use: refused, nothing changed.
    running = Server(restored_data, LOAD).start()
    try:
        busy = wildcat("restore", "--data", restored_data, "--replace", backup)
        assert busy.returncode != 0 and "in use" in busy.stderr, busy.stderr
    finally:
        running.stop()
    # Onto a database without --replace: refused. With it: the old one is kept beside.
    refused = wildcat("restore", "--data", restored_data, backup)
    assert refused.returncode != 0 and "--replace" in refused.stderr
    replaced = wildcat("restore", "--data", restored_data, "--replace", backup)
    assert replaced.returncode == 0 and "kept as" in replaced.stdout, replaced.stderr
    assert [f for f in os.listdir(restored_data) if ".before-restore-" in f]
    # Not a backup: refused with the reason, nothing changed.
    junk = tmp_path / "junk.file"
    junk.write_bytes(b"not a database at all" * 100)
    bad = wildcat("restore", "--data", str(tmp_path / "other"), str(junk))
    assert bad.returncode != 0 and "not a SQLite database" in bad.stderr, bad.stderr
    assert not os.path.exists(tmp_path / "other" / "wildcat.sqlite")


def test_postgres_backup_under_load_restores_one_instant(tmp_path, database):  # noqa: F811
    def start():
        node = Server(str(tmp_path / "node"), ["--database-url", database] + LOAD)
        os.makedirs(node.data, exist_ok=True)
        return node.start()
    server = start()
    round_trip(tmp_path, server, ["--database-url", database], ["--database-url", database, "--replace"], start)
    refused = wildcat("restore", "--database-url", database, str(tmp_path / "backup.file"))
    assert refused.returncode != 0 and "--replace" in refused.stderr
