"""A secret STV election in real Chromium at 390 px (issue 14): each member's browser blinds a
token in plain JavaScript, the server signs it blind, the browser unblinds it and casts the
ballot on the anonymous route; after the close, a member downloads the board and
`wildcat verify-board` checks every signature and recounts the same winners as the page."""
import json
import subprocess
import urllib.request

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
    return driver.find_element(By.CSS_SELECTOR, "#secret-receipt .token").text


def d_status(driver):
    return driver.find_element(By.ID, "secret-status").text


def test_a_secret_stv_election_round_trips_and_its_board_verifies(browsers, screenshots, tmp_path):
    with running_server("--secret-cast-delay", "1") as server:
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
        board_url = proposal + "/board.json"
        board_text = rosa.execute_async_script(
            "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", board_url)
        board = json.loads(board_text)
        assert len(board["entries"]) == 3 and sorted(board["tookToken"]) == ["Lucy", "Max", "Rosa"]
        assert board["fingerprint"] == fingerprint
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
