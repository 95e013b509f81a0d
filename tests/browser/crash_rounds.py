"""Kill -9 during a vote storm and a send storm, again and again (issue 15): after each restart,
every acknowledged ballot and message is there, and none is there twice. Used by
tests/browser/test_crash.py (a few rounds, in CI) and bench/crash.py (20 rounds, with figures)."""
import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

PASSPHRASE = "bread and roses too"
LOAD_FLAGS = ["--message-rate", "1000000", "--write-rate", "1000000", "--trust-proxy"]


def call(base, method, path, body=None, token=None, address="127.0.0.1"):
    headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/api/v1" + path, method=method, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


class World:
    """An assembly with `voters` members, made through the API."""

    def __init__(self, server, voters):
        token = server.first_link.rsplit("/", 1)[1]
        self.rosa = call(server.base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
        self.assembly = call(server.base, "POST", "/assemblies", {"name": "Store 14"}, self.rosa)["id"]
        self.channel = self.assembly + "g"
        link = call(server.base, "POST", f"/assemblies/{self.assembly}/invites", {"maxUses": voters}, self.rosa)["link"].rsplit("/", 1)[1]
        self.voters = [call(server.base, "POST", "/accounts", {"inviteToken": link, "pseudonym": f"Member {n}", "passphrase": PASSPHRASE},
                            address=f"10.{n // 250}.{n % 250}.1")["token"] for n in range(voters)]
        self.sent = Counter()      # every message acknowledged, by text
        self.ballots = {}          # proposal -> ballots acknowledged
        self.attempted = {}        # proposal -> ballots sent (acknowledged or not)


FAILED = (urllib.error.URLError, ConnectionError, OSError, http.client.HTTPException)


def storm(base, world, round_number, senders=4, voting_threads=4, proposals=5):
    """Starts the storm; returns a function that stops it (after the server was killed). Every
    member votes on each of the round's proposals in turn."""
    opened = [call(base, "POST", f"/assemblies/{world.assembly}/proposals",
                   {"title": f"Round {round_number} vote {n}", "method": "yesno", "closesInMinutes": 6000}, world.rosa)["proposal"]["id"]
              for n in range(proposals)]
    for proposal in opened:
        world.ballots[proposal] = 0
        world.attempted[proposal] = 0
    lock = threading.Lock()
    running = [True]

    def send(thread):
        n = 0
        while running[0]:
            text = f"r{round_number} t{thread} n{n}"
            try:
                call(base, "POST", f"/assemblies/{world.assembly}/channels/{world.channel}/messages", {"body": text}, world.rosa)
            except FAILED:
                return  # killed mid-request: not acknowledged
            with lock:
                world.sent[text] += 1
            n += 1

    def vote(thread):
        for proposal, voter in [(p, v) for p in opened for v in world.voters[thread::voting_threads]]:
            if not running[0]:
                return
            with lock:
                world.attempted[proposal] += 1
            try:
                call(base, "POST", f"/assemblies/{world.assembly}/proposals/{proposal}/ballot", {"choice": "yes"}, voter)
            except FAILED:
                return
            with lock:
                world.ballots[proposal] += 1

    threads = [threading.Thread(target=send, args=(t,), daemon=True) for t in range(senders)]
    threads += [threading.Thread(target=vote, args=(t,), daemon=True) for t in range(voting_threads)]
    for thread in threads:
        thread.start()

    def stop():
        running[0] = False
        for thread in threads:
            thread.join(timeout=60)
    return stop


def stored_messages(base, world):
    texts, before = Counter(), None
    while True:
        page = call(base, "GET", f"/assemblies/{world.assembly}/channels/{world.channel}/messages?limit=200"
                    + (f"&before={before}" if before else ""), None, world.rosa)
        if not page:
            return texts
        texts.update(m["body"] for m in page if m["body"].startswith("r"))  # not the platform's own posts
        before = page[0]["id"]


def check(base, world):
    """Every acknowledged write is there once; returns (messages stored, ballots stored)."""
    stored = stored_messages(base, world)
    missing = [t for t in world.sent if stored[t] == 0]
    twice = [t for t, n in stored.items() if n > 1]
    assert not missing, f"{len(missing)} acknowledged messages lost, e.g. {missing[:3]}"
    assert not twice, f"messages stored twice: {twice[:3]}"
    ballots = 0
    for proposal, acknowledged in world.ballots.items():
        shown = call(base, "GET", f"/assemblies/{world.assembly}/proposals/{proposal}", None, world.rosa)["ballots"]
        assert acknowledged <= shown <= world.attempted[proposal], (proposal, acknowledged, shown, world.attempted[proposal])
        ballots += shown
    return sum(stored.values()), ballots


def rounds(start, kills, voters=200, seed=15):
    """Runs `kills` rounds: storm, kill -9 at a random moment, restart, check. Returns the figures."""
    chooser = random.Random(seed)
    server = start()
    world = World(server, voters)
    figures = []
    try:
        for round_number in range(kills):
            stop = storm(server.base, world, round_number)
            time.sleep(chooser.uniform(0.3, 1.5))
            server.stop(kill=True)
            stop()
            began = time.monotonic()
            server = start()
            restarted = time.monotonic() - began
            messages, ballots = check(server.base, world)
            figures.append({"round": round_number, "acknowledged_messages": sum(world.sent.values()), "stored_messages": messages,
                            "acknowledged_ballots": sum(world.ballots.values()), "stored_ballots": ballots, "restart_seconds": round(restarted, 2)})
    finally:
        server.stop()
    return figures
