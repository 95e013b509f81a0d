"""A secret STV election in real Chromium at 390 px (issue 14): each member's browser blinds a
token in plain JavaScript, the server signs it blind, the browser unblinds it and casts the
ballot on the anonymous route; after the close, a member downloads the board and
`wildcat verify-board` checks every signature and recounts the same winners as the page."""
import base64
import json
import os
import sqlite3
import subprocess
import time
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import running_server, wildcat_binary
from pages import fill, found, invite_link, sign_up, submit


def vote(driver, proposal, ranks):
    driver.get(proposal)
    for index, rank in ranks.items():
        driver.find_element(By.NAME, f"rank[o{index}]").send_keys(str(rank))
    driver.find_element(By.CSS_SELECTOR, "form[data-secret-ballot] button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: "Your secret ballot was cast." in d.find_element(By.ID, "secret-status").text
                                    or "error" in d.find_element(By.ID, "secret-status").text.lower())
    assert d_status(driver) == "Your secret ballot was cast.", d_status(driver)
    # A phone seized afterwards holds no token in the page's storage (only on screen, until it is left).
    assert driver.execute_script("return Object.keys(sessionStorage).filter(k => k.startsWith('wildcat-token-')).length") == 0
    # The signed receipt is offered as a file, made in the page (nothing is stored).
    save = driver.find_element(By.CSS_SELECTOR, "#secret-receipt a.save")
    assert save.is_displayed() and save.get_attribute("download").startswith("receipt-")
    href = save.get_attribute("href")
    assert href.startswith("data:application/json;charset=utf-8,")
    RECEIPTS.append(json.loads(urllib.parse.unquote(href.split(",", 1)[1])))
    return driver.find_element(By.CSS_SELECTOR, "#secret-receipt .token").text


RECEIPTS = []


def check_on_page(driver, proposal, token, expected, reload=True):
    if reload:
        driver.get(proposal)
    box = driver.find_element(By.CSS_SELECTOR, "[data-board-check]")
    assert box.is_displayed()
    box.find_element(By.NAME, "token").send_keys(token)
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-board-check]").get_attribute("data-outcome"))
    text = box.find_element(By.CSS_SELECTOR, "[role=status]").text + "\n" + box.find_element(By.CSS_SELECTOR, ".board-findings").text
    assert expected in text, text


def d_status(driver):
    return driver.find_element(By.ID, "secret-status").text


def test_a_secret_stv_election_round_trips_and_its_board_verifies(browsers, screenshots, tmp_path):
    # The server logs every request it may (debug), so that the test can read the log for links.
    os.environ["WILDCAT_TEST_LOG_LEVEL"] = "debug"
    try:
        server_context = running_server("--secret-cast-delay", "1")
        server = server_context.__enter__()
    finally:
        os.environ.pop("WILDCAT_TEST_LOG_LEVEL", None)
    try:
        run_election(server, browsers, screenshots, tmp_path)
    finally:
        server_context.__exit__(None, None, None)


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def run_election(server, browsers, screenshots, tmp_path):
    rosa, lucy, max_ = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    sign_up(max_, invite_link(rosa, assembly, server.base), "Max")
    rosa.get(assembly + "/p/new?method=stv")
    fill(rosa, "title", "Elect the strike committee")
    fill(rosa, "options", "Ana\nBo\nCy")
    fill(rosa, "seats", "2")
    rosa.find_element(By.CSS_SELECTOR, "input[name=closes][value='2h']").click()
    rosa.find_element(By.CSS_SELECTOR, "input[name=secret]").click()
    submit(rosa, "Propose")
    proposal = rosa.current_url
    fingerprint = rosa.find_element(By.CSS_SELECTOR, "code.fingerprint").text
    assert len(fingerprint) == 39

    tokens = [vote(rosa, proposal, {0: 1, 1: 2}), vote(lucy, proposal, {1: 1}), vote(max_, proposal, {2: 1, 0: 2})]
    lucy.save_screenshot(str(screenshots / "secret-ballot-cast-390.png"))
    # A second token is refused, in the page's words.
    lucy.get(proposal)
    assert "You have taken your token for this vote." in lucy.page_source

    server.advance_clock(2 * 3600 + 2)
    WebDriverWait(rosa, 15).until(lambda d: (d.get(proposal), d.find_elements(By.ID, "result"))[1])
    # The page states the counts and who took a token, and links the board.
    summary = rosa.find_element(By.ID, "board").text
    assert "3 ballots cast under 3 tokens taken, of 3 members" in summary and "Lucy, Max, Rosa" in summary
    board_url = proposal + "/board.json"
    board_text = rosa.execute_async_script(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", board_url)
    board = json.loads(board_text)
    assert len(board["entries"]) == 3 and sorted(board["tookToken"]) == ["Lucy", "Max", "Rosa"]
    assert board["fingerprint"] == fingerprint and board["finalHash"] in summary
    path = tmp_path / "board.json"
    path.write_text(board_text)
    done = subprocess.run([wildcat_binary(), "verify-board", str(path), "--token", tokens[1]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "your ballot: entry" in done.stdout and '"ranking":["Bo"]' in done.stdout
    winners = done.stdout.split("recount: ")[1].split("\n")[0].split(" (a tie")[0]
    assert set(winners.split(", ")) == set(board["result"]["winners"])
    # The page shows the same winners.
    for name in board["result"]["winners"]:
        assert name in rosa.find_element(By.ID, "result").text

    # Lucy's signed receipt shows the board kept her ballot; on a board without it, that it was dropped.
    receipt = next(r for r in RECEIPTS if r["token"] == tokens[1])
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    done = subprocess.run([wildcat_binary(), "verify-board", str(path), "--receipt", str(tmp_path / "receipt.json")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and f"your receipt: entry {receipt['number']}" in done.stdout, done.stdout + done.stderr
    shortened = json.loads(board_text)
    shortened["entries"] = [e for e in shortened["entries"] if e["number"] < receipt["number"]]
    shortened["finalHash"] = shortened["entries"][-1]["hash"] if shortened["entries"] else shortened["finalHash"]
    shortened["result"] = None  # a server that dropped a ballot would count without it: only the receipt shows it
    if shortened["entries"]:
        (tmp_path / "short.json").write_text(json.dumps(shortened))
        done = subprocess.run([wildcat_binary(), "verify-board", str(tmp_path / "short.json"), "--receipt", str(tmp_path / "receipt.json")],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and "it was dropped" in done.stdout, done.stdout + done.stderr

    # The page's own check, in Lucy's browser at 390 px: every signature, the chain, the recount, her ballot.
    check_on_page(lucy, proposal, tokens[1], "Your token is entry")
    assert '{"ranking":["Bo"]}' in lucy.find_element(By.CSS_SELECTOR, ".board-findings").text
    lucy.save_screenshot(str(screenshots / "secret-board-checked-390.png"))
    # A board served with one ballot altered is caught there too, by entry.
    altered = json.loads(board_text)
    altered["entries"][1]["ballot"] = '{"ranking":["Cy"]}'
    lucy.get(proposal)
    lucy.execute_script(
        "const body = arguments[0]; window.fetch = async () => new Response(body, {headers: {'Content-Type': 'application/json'}});",
        json.dumps(altered))
    check_on_page(lucy, proposal, "", "The board does not check. Entry 2: its hash does not follow", reload=False)
    # Without a token the check still runs, and says nothing of anyone's ballot.
    check_on_page(rosa, proposal, "", "The board checks")
    assert "Your token" not in rosa.find_element(By.CSS_SELECTOR, ".board-findings").text

    # Nothing links a member to a ballot: not the log (no token, no line for the casting route),
    # not the write-ahead log (emptied at the close), not any row of any table.
    log = "".join(server.output)
    assert "/cast/" not in log and "request" in log, "the log is at debug level and has request lines"
    for token in tokens:
        assert token not in log and unb64(token).hex() not in log
    time.sleep(1)
    data = server.data
    wal = os.path.join(data, "wildcat.sqlite-wal")
    wal_bytes = open(wal, "rb").read() if os.path.exists(wal) else b""
    for token in tokens:
        assert unb64(token) not in wal_bytes, "the write-ahead log still holds a ballot after the close"
    database = sqlite3.connect(f"file:{os.path.join(data, 'wildcat.sqlite')}?mode=ro", uri=True)
    accounts = [row[0] for row in database.execute("SELECT id FROM accounts")]
    pseudonyms = [row[0] for row in database.execute("SELECT pseudonym FROM accounts")]
    tables = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        try:
            rows = database.execute(f'SELECT * FROM "{table}"').fetchall()
        except sqlite3.OperationalError:
            continue  # FTS shadow tables that need their module
        for row in rows:
            cells = [bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row if v is not None]
            holds_token = any(unb64(t) in cell or t.encode() in cell for t in tokens for cell in cells)
            names_member = any(a.encode() in cell or p.encode() in cell for a, p in zip(accounts, pseudonyms) for cell in cells)
            assert not (holds_token and names_member), f"a row of {table} links a member to a ballot"


# A ballot for each method, as a member fills the proposal's form (`ballot.js` reads it).
BALLOTS = {
    "yesno": [("click", "input[name=choice][value=yes]"), ("click", "input[name=choice][value=no]")],
    "consent": [("click", "input[name=position][value=agree]"), ("click", "input[name=position][value=disagree]")],
    "approval": [("click", "input[name='approve[o0]']"), ("click", "input[name='approve[o1]']")],
    "score": [("keys", "input[name='score[o0]']", "5"), ("keys", "input[name='score[o1]']", "3")],
    "dot": [("keys", "input[name='dots[o0]']", "3"), ("keys", "input[name='dots[o2]']", "2")],
    "irv": [("keys", "input[name='rank[o1]']", "1"), ("keys", "input[name='rank[o0]']", "1")],
    "schulze": [("keys", "input[name='rank[o2]']", "1"), ("keys", "input[name='rank[o0]']", "1")],
}


def test_every_method_casts_secretly_and_its_board_recounts_in_the_page(browsers):
    with running_server("--secret-cast-delay", "0") as server:
        rosa, lucy = browsers(), browsers()
        sign_up(rosa, server.first_link, "Rosa")
        assembly = found(rosa, server.base, "Depot")
        sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
        proposals = {}
        for method in BALLOTS:
            rosa.get(assembly + f"/p/new?method={method}")
            fill(rosa, "title", f"Secret {method}")
            if rosa.find_elements(By.NAME, "options"):
                fill(rosa, "options", "Ana\nBo\nCy")
            rosa.find_element(By.CSS_SELECTOR, "input[name=closes][value='2h']").click()
            rosa.find_element(By.CSS_SELECTOR, "input[name=secret]").click()
            submit(rosa, "Propose")
            proposals[method] = rosa.current_url
        for method, marks in BALLOTS.items():
            for driver, mark in zip([rosa, lucy], marks):
                driver.get(proposals[method])
                element = driver.find_element(By.CSS_SELECTOR, mark[1])
                element.click() if mark[0] == "click" else element.send_keys(mark[2])
                driver.find_element(By.CSS_SELECTOR, "form[data-secret-ballot] button[type=submit]").click()
                WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "secret-status").text.startswith(("Your secret ballot was cast.", "Fill in")) or
                                                "error" in d.find_element(By.ID, "secret-status").text.lower())
                assert d_status(driver) == "Your secret ballot was cast.", f"{method}: {d_status(driver)}"
        server.advance_clock(2 * 3600 + 2)
        for method, proposal in proposals.items():
            WebDriverWait(lucy, 15).until(lambda d: (d.get(proposal), d.find_elements(By.ID, "board"))[1])
            assert "2 ballots cast under 2 tokens taken, of 2 members" in lucy.find_element(By.ID, "board").text, method
            check_on_page(lucy, proposal, "", "The board checks", reload=False)
            assert "2 ballots: every signature" in lucy.find_element(By.CSS_SELECTOR, ".board-findings").text, method
            # A server result one vote off what its own board holds is caught by the page's recount.
            board = json.loads(lucy.execute_async_script(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", proposal + "/board.json"))
            working = board["result"]["working"]
            if "counts" in working:
                working["counts"]["yes" if method == "yesno" else "agree"] += 1
            elif "totals" in working:
                working["totals"]["Ana"] += 1
            elif "rounds" in working:
                working["rounds"][0]["votes"]["Ana"] += 1
            else:
                working["pairwise"][0][1] += 1
            lucy.get(proposal)
            lucy.execute_script(
                "const body = arguments[0]; window.fetch = async () => new Response(body, {headers: {'Content-Type': 'application/json'}});",
                json.dumps(board))
            check_on_page(lucy, proposal, "", "differs from the recount", reload=False)
