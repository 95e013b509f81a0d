"""`wildcat tally < election.json`, run as a person would: published worked examples give their
published winners, and bad input gets one line on standard error and exit status 2."""
import functools
import json
import subprocess

import pytest

from conftest import wildcat_binary


@functools.cache
def binary():
    return wildcat_binary()


def tally(text):
    done = subprocess.run([binary(), "tally"], input=text.encode() if isinstance(text, str) else text,
                          capture_output=True, timeout=60)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def ballots(groups):
    return [{"count": count, "ranking": list(order)} for count, order in groups]


def test_wikipedia_schulze_example_elects_e():
    # https://en.wikipedia.org/wiki/Schulze_method#Example: 45 voters, winner E.
    election = {"method": "schulze", "options": list("ABCDE"), "ballots": ballots([
        (5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"),
        (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")])}
    code, out, err = tally(json.dumps(election))
    assert code == 0, err
    result = json.loads(out)
    assert result["winners"] == ["E"] and result["tie"] is False
    assert "working" in result


def test_wikipedia_irv_tennessee_example_elects_knoxville():
    # https://en.wikipedia.org/wiki/Instant-runoff_voting#Example
    m, n, c, k = "Memphis", "Nashville", "Chattanooga", "Knoxville"
    election = {"method": "irv", "options": [m, n, c, k], "ballots": ballots([
        (42, [m, n, c, k]), (26, [n, c, k, m]), (15, [c, k, n, m]), (17, [k, c, n, m])])}
    code, out, err = tally(json.dumps(election))
    assert code == 0, err
    assert json.loads(out)["winners"] == [k]


def test_two_thirds_at_least_is_exact():
    base = {"method": "yesno", "threshold": "2/3", "thresholdRule": "atLeast"}
    code, out, _ = tally(json.dumps({**base, "ballots": [{"count": 14, "choice": "yes"}, {"count": 7, "choice": "no"}]}))
    assert code == 0 and json.loads(out)["passed"] is True
    code, out, _ = tally(json.dumps({**base, "ballots": [{"count": 13, "choice": "yes"}, {"count": 7, "choice": "no"}]}))
    assert code == 0 and json.loads(out)["passed"] is False


@pytest.mark.parametrize("text, says", [
    ("", "not a JSON object"),
    ("{", "not a JSON object"),
    ("[1, 2]", "not a JSON object"),
    (b"\xff\xfe{}", "not a JSON object"),
    ('{"ballots": []}', "\"method\" is missing"),
    ('{"method": "borda", "ballots": []}', "unknown method"),
    ('{"method": "irv", "options": ["a"], "ballots": [{"ranking": ["zz"]}]}', "unknown option"),
    ('{"method": "irv", "options": ["a", "b"], "ballots": [{"ranking": ["a", "a"]}]}', "names an option twice"),
    ('{"method": "yesno", "threshold": "3/2", "ballots": []}', "threshold"),
    ('{"method": "yesno", "ballots": [{"count": -1, "choice": "yes"}]}', "negative"),
    ('{"method": "yesno", "ballots": [{"count": 1e300, "choice": "yes"}]}', "whole number"),
    ('{"method": "yesno", "ballots": [{"count": true, "choice": "yes"}]}', "whole number"),
    ('{"method": "dot", "options": ["a"], "budget": 2, "ballots": [{"dots": {"a": 3}}]}', "over the budget of 2"),
    ('{"method": "stv", "options": ["a", "b"], "seats": 0, "ballots": []}', "seats must be"),
    ('{"method": "yesno", "ballots": [{"choice": "<script>"}]}', "choice"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(text, says):
    code, out, err = tally(text)
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("wildcat tally: ") and err.count("\n") == 1, err
    assert says in err


def test_huge_input_is_refused_cleanly():
    # 200,000 ballots naming an unknown option: a clear error, not a crash or a hang.
    election = {"method": "irv", "options": ["a", "b"], "ballots": [{"ranking": ["a", "b"]}] * 200_000 + [{"ranking": ["c"]}]}
    code, out, err = tally(json.dumps(election))
    assert code == 2 and out == "" and "unknown option" in err
