"""The board check in the member's browser (issue 14), in real Chromium at 390 px: `blindrsa.js`
against RFC 9474's published test vector; `board.js` passing an honest board and finding the
member's ballot, and naming the first bad entry of a board with one ballot altered, removed,
added or reordered, or a forged signature, both with crypto.subtle (HTTPS, localhost) and
without it (a plain-HTTP page, where BigInt does the RSA)."""
import copy
import json
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from board_checker import load_scripts, open_checker, run_check
from conftest import running_server, wildcat_binary

VECTOR = json.loads((Path(__file__).parent / "vectors" / "rfc9474-deterministic.json").read_text())[0]


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "board.json"
    load = str(Path(wildcat_binary()).parent / "wildcat-load")
    subprocess.run([load, "secret-board", "--ballots", "12", "--out", str(path)], check=True, capture_output=True, timeout=120)
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def site():
    with running_server() as srv:
        yield srv


def test_blinding_matches_rfc_9474s_test_vector(site, browsers):
    driver = browsers()
    driver.get(site.base + "/login")
    load_scripts(driver, ["blindrsa.js"])
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.WildcatRSA"))
    got = driver.execute_script("""
        const R = window.WildcatRSA, v = arguments[0];
        const bytes = (h) => Uint8Array.from(h.match(/../g) || [], (x) => parseInt(x, 16));
        const key = { n: BigInt("0x" + v.n), e: BigInt("0x" + v.e) };
        const msg = bytes(v.msg), salt = bytes(v.salt);
        const r = R.modInverse(BigInt("0x" + v.inv), key.n);
        const state = R.blind(msg, key, { salt, r });
        const sig = R.finalize(bytes(v.blind_sig), state, key);
        const other = msg.slice(); other[0] ^= 1;
        return { encoded: R.hex(R.pssEncode(msg, key.n.toString(2).length, salt)), blinded: R.hex(state.blinded), sig: R.hex(sig),
                 verifies: R.verify(msg, sig, key), verifiesOther: R.verify(other, sig, key),
                 sha256: R.hex(R.sha256(new TextEncoder().encode("abc"))) };""", VECTOR)
    assert VECTOR["prepared_msg"] == VECTOR["msg"], "the deterministic variant prepares nothing"
    assert got["encoded"] == VECTOR["encoded_msg"]
    assert got["blinded"] == VECTOR["blinded_msg"]
    assert got["sig"] == VECTOR["sig"]
    assert got["verifies"] is True and got["verifiesOther"] is False
    assert got["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize("without_subtle", [False, True], ids=["crypto.subtle", "BigInt"])
def test_an_honest_board_checks_and_finds_the_members_ballot(site, browsers, board, without_subtle):
    driver = browsers()
    open_checker(driver, site.base, board, without_subtle)
    outcome, text = run_check(driver, board["entries"][3]["token"])
    assert outcome == "good", text
    assert "12 ballots: every signature is this vote's key's" in text and "Your token is entry 4: " + board["entries"][3]["ballot"] in text
    assert "Recounted the quota and first preferences" in text


def test_a_token_not_on_the_board_is_said_plainly(site, browsers, board):
    driver = browsers()
    open_checker(driver, site.base, board)
    outcome, text = run_check(driver, "A" * 43)
    assert outcome == "missing" and "Your token is not on the board" in text, text


def altered(board):
    # Still a ballot the proposal accepts (its options are Ana, Ben, Cleo, Dev, Eli), so that only the hash chain can catch it.
    ranking = json.loads(board["entries"][6]["ballot"])["ranking"]
    board["entries"][6]["ballot"] = json.dumps({"ranking": ranking[::-1] if len(ranking) > 1 else (["Ana"] if ranking != ["Ana"] else ["Ben"])},
                                               separators=(",", ":"))
    return "Entry 7: its hash does not follow"


def removed(board):
    del board["entries"][4]
    return "Entry 5: numbered 6"


def added(board):
    extra = dict(board["entries"][2], number=13, ballot='{"ranking":["Ana"]}')
    board["entries"].append(extra)
    return "Entry 13: its token was already used by entry 3"


def reordered(board):
    entries = board["entries"]
    entries[1], entries[2] = entries[2], entries[1]
    entries[1]["number"], entries[2]["number"] = 2, 3
    return "Entry 2: its hash does not follow"


def forged(board):
    signature = board["entries"][0]["signature"]
    board["entries"][0]["signature"] = ("A" if signature[0] != "A" else "B") + signature[1:]
    return "Entry 1: its signature is not the proposal key's"


def cut_short(board):
    del board["entries"][-1]
    return "the final hash is not the last entry's"


def recount_differs(board):
    counts = board["result"]["working"]["stages"][0]["totals"]
    name = next(iter(counts))
    counts[name] = "999.00000"
    return "the server's first preferences differs from the recount"


@pytest.mark.parametrize("tamper", [altered, removed, added, reordered, forged, cut_short, recount_differs])
def test_a_tampered_board_is_caught_by_entry(site, browsers, board, tamper):
    tampered = copy.deepcopy(board)
    expected = tamper(tampered)
    driver = browsers()
    open_checker(driver, site.base, tampered)
    outcome, text = run_check(driver)
    assert outcome == "bad" and "The board does not check." in text and expected in text, text


def test_a_forged_signature_is_caught_without_crypto_subtle_too(site, browsers, board):
    tampered = copy.deepcopy(board)
    expected = forged(tampered)
    driver = browsers()
    open_checker(driver, site.base, tampered, without_subtle=True)
    outcome, text = run_check(driver)
    assert outcome == "bad" and expected in text, text
