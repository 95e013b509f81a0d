"""`wildcat verify-board board.json`, run as a member would (issue 14): an honest board passes
and recounts; a board with one ballot altered, removed, added or reordered fails with the first
bad entry named and exit status 1; a file that is not a board, exit status 2."""
import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import wildcat_binary


def load_binary():
    return str(Path(wildcat_binary()).parent / "wildcat-load")


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "board.json"
    subprocess.run([load_binary(), "secret-board", "--ballots", "12", "--out", str(path)], check=True, capture_output=True, timeout=120)
    return json.loads(path.read_text())


def verify(board, tmp_path, *extra):
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(board) if not isinstance(board, str) else board)
    done = subprocess.run([wildcat_binary(), "verify-board", str(path), *extra], capture_output=True, timeout=60)
    return done.returncode, done.stdout.decode() + done.stderr.decode()


def test_an_honest_board_passes_and_finds_a_members_own_ballot(board, tmp_path):
    status, output = verify(board, tmp_path, "--token", board["entries"][3]["token"])
    assert status == 0, output
    assert "OK: 12 entries checked" in output and "your ballot: entry 4" in output
    assert board["fingerprint"] in output


def test_a_token_beginning_with_a_dash_is_read_as_a_token(board, tmp_path):
    # One token in 64 begins with "-" (base64url): it is the option's value, not an option.
    status, output = verify(board, tmp_path, "--token", "-" + "A" * 42)
    assert status == 1 and "your token is not on this board" in output, output


def test_an_altered_ballot_is_found(board, tmp_path):
    tampered = copy.deepcopy(board)
    ranking = json.loads(tampered["entries"][6]["ballot"])
    tampered["entries"][6]["ballot"] = json.dumps({"ranking": list(reversed(ranking["ranking"]))} if len(ranking["ranking"]) > 1 else {"ranking": ["Eli" if ranking["ranking"] != ["Eli"] else "Ana"]}, separators=(",", ":"))
    status, output = verify(tampered, tmp_path)
    assert status == 1 and "entry 7:" in output, output


def test_a_removed_ballot_is_found(board, tmp_path):
    tampered = copy.deepcopy(board)
    del tampered["entries"][4]
    status, output = verify(tampered, tmp_path)
    assert status == 1 and "entry 5:" in output, output


def test_an_added_ballot_is_found(board, tmp_path):
    tampered = copy.deepcopy(board)
    extra = dict(tampered["entries"][2])
    extra["number"] = 13
    extra["ballot"] = '{"ranking":["Ana"]}'
    tampered["entries"].append(extra)
    status, output = verify(tampered, tmp_path)
    assert status == 1 and "entry 13:" in output and "already used by entry 3" in output, output


def test_reordered_ballots_are_found(board, tmp_path):
    tampered = copy.deepcopy(board)
    entries = tampered["entries"]
    entries[1], entries[2] = entries[2], entries[1]
    entries[1]["number"], entries[2]["number"] = 2, 3
    status, output = verify(tampered, tmp_path)
    assert status == 1 and "entry 2:" in output, output


def test_a_forged_signature_is_found(board, tmp_path):
    tampered = copy.deepcopy(board)
    signature = tampered["entries"][0]["signature"]
    tampered["entries"][0]["signature"] = ("A" if signature[0] != "A" else "B") + signature[1:]
    status, output = verify(tampered, tmp_path)
    assert status == 1 and "entry 1:" in output and "signature" in output, output


def test_a_file_that_is_not_a_board_is_exit_status_2(tmp_path):
    status, output = verify("{\"not\": \"a board\"}", tmp_path)
    assert status == 2 and "cannot read" in output
