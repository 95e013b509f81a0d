"""When the database is in trouble (issue 15): SQLite's disk full, PostgreSQL restarted mid-run.
Writes are refused with a clear answer, reads go on, nothing acknowledged is lost, and the
server carries on once the trouble is over."""
import json
import os
import resource
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error

from conftest import ROOT, Server, free_port
from crash_rounds import FAILED, call

PASSPHRASE = "bread and roses too"
FLAGS = ["--message-rate", "1000000", "--write-rate", "1000000"]


def start_limited(data, limit_bytes):
    """A server that may not write files bigger than `limit_bytes`: the disk is full for it."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead of killing it
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    original = subprocess.Popen

    def popen(*arguments, **options):
        return original(*arguments, preexec_fn=limit, **options)
    subprocess.Popen = popen
    try:
        return Server(data, FLAGS).start()
    finally:
        subprocess.Popen = original


def problem_of(error):
    return error.code, json.loads(error.read() or b"{}")


def test_a_full_disk_refuses_writes_clearly_keeps_reads_and_loses_nothing(tmp_path):
    data = str(tmp_path / "data")
    server = start_limited(data, 6 * 1024 * 1024)
    try:
        token = server.first_link.rsplit("/", 1)[1]
        rosa = call(server.base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
        assembly = call(server.base, "POST", "/assemblies", {"name": "Store 14"}, rosa)["id"]
        channel = assembly + "g"
        acknowledged, refusal = [], None
        for n in range(5000):
            try:
                call(server.base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": f"full {n} " + "x" * 3000}, rosa)
                acknowledged.append(f"full {n}")
            except urllib.error.HTTPError as error:
                refusal = problem_of(error)
                break
        assert refusal is not None, "the disk never filled"
        status, problem = refusal
        assert status == 503 and "disk is full" in problem["detail"] and "nothing was saved" in problem["detail"], refusal
        # Reads go on, and further writes are refused the same way; the server stays up.
        page = call(server.base, "GET", f"/assemblies/{assembly}/channels/{channel}/messages?limit=5", None, rosa)
        assert page[-1]["body"].startswith(acknowledged[-1] + " ")
        # Writing on: each write is refused the same way or, when room came back (the log was
        # emptied into the database file), acknowledged; until the file itself is full.
        refusals = 0
        for n in range(3000):
            try:
                call(server.base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": f"full more{n} " + "x" * 3000}, rosa)
                acknowledged.append(f"full more{n}")
                refusals = 0
            except urllib.error.HTTPError as error:
                assert error.code == 503, problem_of(error)
                refusals += 1
                if refusals == 20:
                    break
        assert refusals == 20, "the disk never stayed full"
        assert server.process.poll() is None
    finally:
        server.stop()
    # Room again (the operator freed space): everything acknowledged is there, and writing works.
    again = Server(data, FLAGS).start()
    try:
        stored, before = [], None
        while True:
            page = call(again.base, "GET", f"/assemblies/{assembly}/channels/{channel}/messages?limit=200" + (f"&before={before}" if before else ""), None, rosa)
            if not page:
                break
            stored = [m["body"].rsplit(" ", 1)[0] for m in page if m["body"].startswith("full ")] + stored
            before = page[0]["id"]
        assert stored == acknowledged, (len(stored), len(acknowledged))
        call(again.base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": "room again"}, rosa)
    finally:
        again.stop()
    print(f"{len(acknowledged)} messages acknowledged before the disk was full; all there after")


def test_postgres_restarted_mid_run_fails_writes_cleanly_and_loses_nothing(tmp_path):
    folder = tempfile.mkdtemp(prefix="wildcat-pg-restart-")
    script = str(ROOT / "scripts" / "test-postgres")
    environment = dict(os.environ, WILDCAT_TEST_PG_PORT=str(free_port()))
    url = subprocess.run([script, "start", folder], env=environment, capture_output=True, text=True, check=True).stdout.strip()
    server = Server(str(tmp_path / "node"), ["--database-url", url] + FLAGS)
    os.makedirs(server.data, exist_ok=True)
    server.start()
    try:
        token = server.first_link.rsplit("/", 1)[1]
        rosa = call(server.base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
        assembly = call(server.base, "POST", "/assemblies", {"name": "Store 14"}, rosa)["id"]
        channel = assembly + "g"
        acknowledged, answers, running = [], [], [True]

        def send():
            n = 0
            while running[0]:
                began = time.monotonic()
                try:
                    call(server.base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": f"pg {n}"}, rosa)
                    acknowledged.append(f"pg {n}")
                    answers.append(("ok", time.monotonic() - began))
                except urllib.error.HTTPError as error:
                    answers.append((error.code, time.monotonic() - began))
                    time.sleep(0.05)
                except FAILED as error:
                    answers.append((type(error).__name__, time.monotonic() - began))
                n += 1
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        time.sleep(1.5)
        subprocess.run([script, "stop", folder], env=environment, check=True, capture_output=True)
        time.sleep(5)
        subprocess.run([script, "start", folder], env=environment, check=True, capture_output=True)
        restarted = time.monotonic()
        # The node reconnects by itself: writes are acknowledged again within seconds.
        while time.monotonic() - restarted < 30:
            count = len(acknowledged)
            time.sleep(0.5)
            if len(acknowledged) > count:
                break
        back_after = time.monotonic() - restarted
        time.sleep(1)
        running[0] = False
        sender.join(timeout=60)
        assert back_after < 30, "the node did not write again after PostgreSQL came back"
        failed = [a for a in answers if a[0] != "ok"]
        # Writes during the outage waited for the database or were refused with an answer (5xx);
        # none hung.
        assert all(a[0] in (500, 503) for a in failed), failed[:5]
        assert max(seconds for _, seconds in answers) < 20, max(answers, key=lambda a: a[1])
        stored, before = [], None
        while True:
            page = call(server.base, "GET", f"/assemblies/{assembly}/channels/{channel}/messages?limit=200" + (f"&before={before}" if before else ""), None, rosa)
            if not page:
                break
            stored = [m["body"] for m in page if m["body"].startswith("pg ")] + stored
            before = page[0]["id"]
        assert set(acknowledged) <= set(stored) and len(stored) == len(set(stored)), (len(acknowledged), len(stored))
        print(f"{len(acknowledged)} acknowledged, {len(failed)} refused during the restart; writes back {back_after:.1f} s after it; "
              f"slowest answer {max(seconds for _, seconds in answers):.2f} s")
    finally:
        server.process.terminate()
        try:
            stopped = server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            stopped = "hung"
        subprocess.run([script, "stop", folder], env=environment, capture_output=True)
    print("".join(server.output[-15:]))
    assert stopped == 0, f"the node did not shut down cleanly after PostgreSQL's restart: {stopped}"
