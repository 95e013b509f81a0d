#!/usr/bin/env python3
"""The bulletin board's check in the browser (issue 14's target: 100,000 ballots in < 30 s on a
phone-sized viewport in Chromium). Starts a Wildcat server for the page and its scripts, opens
headless Chromium at 390 x 844, hands the page's check the board, presses the button and times
it to the result on screen.

    python3 bench/board-check.py --wildcat .build/release/wildcat --board /tmp/b100k.json [--without-subtle]
"""
import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--wildcat", required=True, help="the wildcat binary to serve the page")
parser.add_argument("--board", required=True, help="a board.json (wildcat-load secret-board writes one)")
parser.add_argument("--without-subtle", action="store_true", help="check as a plain-HTTP page must, with BigInt RSA")
args = parser.parse_args()
os.environ["WILDCAT_BIN"] = os.path.abspath(args.wildcat)

from board_checker import open_checker, run_check  # noqa: E402
from conftest import running_server  # noqa: E402

board = json.loads(Path(args.board).read_text())
options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"]:
    options.add_argument(arg)
options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2}})
with running_server() as server:
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    try:
        open_checker(driver, server.base, board, args.without_subtle)
        started = time.monotonic()
        outcome, text = run_check(driver, board["entries"][len(board["entries"]) // 2]["token"], timeout=1800)
        elapsed = time.monotonic() - started
    finally:
        driver.quit()
print(text.strip())
print(f"{len(board['entries']):,} ballots, {'BigInt' if args.without_subtle else 'crypto.subtle'}: {outcome}, {elapsed:.1f} s from the press to the result")
sys.exit(0 if outcome == "good" else 1)
