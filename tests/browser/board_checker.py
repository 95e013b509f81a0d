"""The page's board check (`board.js`) on any board: a box like the proposal page's, added to a
page of the running server, whose `fetch` answers with the given board. Used by the tests of the
check and by bench/board-check.py."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BOX = ('<div data-board-check data-board-url="/board.json" data-fingerprint="{fingerprint}" hidden>'
       '<form><input name="token"><button type="submit">Check the board</button></form>'
       '<p role="status"></p><ul class="board-findings"></ul></div>')


def load_scripts(driver, names, without_subtle=False):
    """Adds these static scripts to the open page, in order; optionally as a plain-HTTP page
    would run them, without crypto.subtle."""
    driver.execute_script("""
        if (arguments[1]) Object.defineProperty(window.crypto, "subtle", { get: () => undefined });
        for (const name of arguments[0]) {
          const s = document.createElement("script");
          s.src = "/static/" + name;
          s.async = false;
          document.body.append(s);
        }""", names, without_subtle)


def open_checker(driver, base, board, without_subtle=False):
    """The server's sign-in page with a board-check box whose download answers `board`."""
    driver.get(base + "/login")
    driver.execute_script("""
        document.body.insertAdjacentHTML("beforeend", arguments[0]);
        const body = arguments[1];
        window.fetch = async () => new Response(body, { headers: { "Content-Type": "application/json" } });""",
                          BOX.format(fingerprint=board["fingerprint"]), json.dumps(board))
    load_scripts(driver, ["blindrsa.js", "board.js"], without_subtle)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-board-check]").is_displayed())


def run_check(driver, token="", timeout=120):
    """Presses the button; returns (outcome, status line and findings)."""
    box = driver.find_element(By.CSS_SELECTOR, "[data-board-check]")
    if token:
        box.find_element(By.NAME, "token").send_keys(token)
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, timeout, poll_frequency=0.1).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-board-check]").get_attribute("data-outcome"))
    text = box.find_element(By.CSS_SELECTOR, "[role=status]").text + "\n" + box.find_element(By.CSS_SELECTOR, ".board-findings").text
    return box.get_attribute("data-outcome"), text
