"""Two `wildcat serve` nodes on one PostgreSQL (issue 15): a message posted on node A reaches a
member live on node B (LISTEN/NOTIFY); a session ended on one is refused on the other at once;
guessing limits are counted by both together; a proposal closes exactly once while both run (only the
node holding the leader's lock closes); kill -9 the leader and the other takes the work over."""
import glob
import os
import subprocess
import time
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import Server
from pages import api, sign_up

LEADS = "this node now runs the background work"


@pytest.fixture
def database():
    url = os.environ.get("WILDCAT_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("WILDCAT_REQUIRE_POSTGRES"):
            pytest.fail("WILDCAT_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL (scripts/test starts one)")
    name = "nodes_" + uuid.uuid4().hex[:12]
    psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
    subprocess.run([psql, url, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield url.rsplit("/", 1)[0] + "/" + name


def start(tmp_path, name, url, clock_file=None):
    os.environ["WILDCAT_TEST_LOG_LEVEL"] = "info"
    try:
        server = Server(str(tmp_path / name), ["--database-url", url])
        os.makedirs(server.data, exist_ok=True)
        if clock_file:
            server.clock_file = clock_file
        return server.start()
    finally:
        os.environ.pop("WILDCAT_TEST_LOG_LEVEL", None)


def leads(server):
    return any(LEADS in line for line in server.output)


def closes(base, assembly, proposal, token, within=15):
    deadline = time.time() + within
    while time.time() < deadline:
        if api(base, "GET", f"/assemblies/{assembly}/proposals/{proposal}", token=token).get("closedAt"):
            return True
        time.sleep(0.3)
    return False


def refused_status(base, path, token=None):
    """The status of a GET on the API (the helper `api` raises on errors)."""
    import urllib.error
    try:
        api(base, "GET", path, token=token)
        return 200
    except urllib.error.HTTPError as error:
        return error.code


def test_two_nodes_share_live_events_and_background_work(tmp_path, browsers, database):
    a = start(tmp_path, "a", database)
    b = start(tmp_path, "b", database, clock_file=a.clock_file)
    try:
        # Each node offers a first-person link while nobody has an account; the latest is valid.
        token = (b.first_link or a.first_link).rsplit("/", 1)[1]
        rosa = api(a.base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": "bread and roses too"})["token"]
        assembly = api(a.base, "POST", "/assemblies", {"name": "Depot"}, rosa)
        link = api(a.base, "POST", f"/assemblies/{assembly['id']}/invites", {"maxUses": 5}, rosa)["link"]
        lucy = browsers()
        sign_up(lucy, b.base + "/join/" + link.rsplit("/", 1)[1], "Lucy")
        channel = next(c for c in api(a.base, "GET", f"/assemblies/{assembly['id']}/channels", token=rosa) if c["name"] == "general")
        lucy.get(f"{b.base}/a/{assembly['id']}/c/{channel['id']}")
        time.sleep(1)  # the page's live connection opens

        # 1. Posted on A, seen live on B.
        api(a.base, "POST", f"/assemblies/{assembly['id']}/channels/{channel['id']}/messages", {"body": "Walkout at noon, node A speaking"}, rosa)
        WebDriverWait(lucy, 10).until(lambda d: "Walkout at noon, node A speaking" in d.find_element(By.TAG_NAME, "main").text)

        # 2. A session ended on A is refused on B at once, though B had it in its cache.
        second = api(a.base, "POST", "/sessions", {"pseudonym": "Rosa", "passphrase": "bread and roses too"})["token"]
        assert api(b.base, "GET", "/me", token=second)["pseudonym"] == "Rosa"
        api(a.base, "DELETE", "/sessions/current", token=second)
        ended = time.monotonic()
        while refused_status(b.base, "/me", second) != 401:
            assert time.monotonic() - ended < 1.0, "B still accepts a session A ended"
            time.sleep(0.02)

        # 3. Guessing limits are counted by both nodes together: 20 invite misses an hour from
        # one address, whichever node they reach.
        for n in range(20):
            assert refused_status((a, b)[n % 2].base, f"/invites/{'x' * 40}{n:03d}") == 404
        assert refused_status(a.base, "/invites/" + link.rsplit("/", 1)[1]) == 429
        assert refused_status(b.base, "/invites/" + link.rsplit("/", 1)[1]) == 429

        # 4. Exactly one node leads; a due proposal closes once.
        time.sleep(3)
        assert leads(a) != leads(b), "exactly one node runs the background work"
        made = api(a.base, "POST", f"/assemblies/{assembly['id']}/proposals", {"title": "Strike", "method": "yesno", "closesInMinutes": 60}, rosa)
        proposal = made["proposal"]["id"]
        a.advance_clock(3601)
        assert closes(b.base, assembly["id"], proposal, rosa)
        time.sleep(2)
        audit = api(a.base, "GET", f"/assemblies/{assembly['id']}/audit", token=rosa)
        closed = [e for e in (audit if isinstance(audit, list) else audit.get("entries", [])) if "Strike" in str(e) and "clos" in str(e).lower()]
        assert len(closed) == 1, closed

        # 5. Kill -9 the leader: the other takes over within seconds and closes the next one.
        leader, survivor = (a, b) if leads(a) else (b, a)
        leader.stop(kill=True)
        made = api(survivor.base, "POST", f"/assemblies/{assembly['id']}/proposals", {"title": "Picket", "method": "yesno", "closesInMinutes": 60}, rosa)
        survivor.advance_clock(3601) if survivor is a else a.advance_clock(3601)
        assert closes(survivor.base, assembly["id"], made["proposal"]["id"], rosa, within=20)
        assert leads(survivor)
    finally:
        a.stop()
        b.stop()
