"""The OpenAPI document is exact: schemathesis generates requests from it (valid and invalid)
against a running server and checks every answer against it, with all of its checks. Any failed
check fails this test."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from conftest import running_server
from pages import api as call
from push_service import Subscription

PASSPHRASE = "long enough passphrase"

# Operations that end the run's own session or membership: each has its own tests in the Swift
# suite (Accounts, Trust); here they would sign the fuzzer out half-way.
SESSION_ENDING = [
    "DELETE /api/v1/me",
    "DELETE /api/v1/sessions/current",
    "DELETE /api/v1/sessions/{session}",
    "POST /api/v1/me/passphrase",
    "POST /api/v1/assemblies/{assembly}/leave",
]


@pytest.fixture
def fuzzed_server():
    # The fuzzer sends thousands of requests from one address: lift the write limits.
    with running_server("--write-rate", "1000000", "--message-rate", "1000000", "--push-allow-host", "push.example") as srv:
        yield srv


def councils_and_calls(base, assembly, rosa, lucy):
    """A council of Store 14 and Lucy's depot with a delegate, a decision out for ratification and
    a solidarity call, so that their answers are checked against the document with real content."""
    def decide(where, body, voters):
        made = call(base, "POST", f"/assemblies/{where}/proposals", {"method": "yesno", "closesInMinutes": 600, **body}, voters[0][1])
        for ballot, token in voters:
            call(base, "POST", f"/assemblies/{where}/proposals/{made['proposal']['id']}/ballot", ballot, token)
    yes = {"choice": "yes"}
    depot = call(base, "POST", "/assemblies", {"name": "Depot"}, lucy)["id"]
    decide(assembly, {"title": "Found a council", "effect": {"council": {"name": "Site council", "seats": 1, "mandate": "Unite the site"}}},
           [(yes, rosa), (yes, lucy)])
    council = call(base, "GET", f"/assemblies/{assembly}/councils", None, rosa)[0]["id"]
    election = call(base, "POST", f"/assemblies/{assembly}/proposals", {"title": "Delegate", "method": "stv", "options": ["Rosa", "Lucy"],
                                                                       "seats": 1, "closesInMinutes": 600, "effect": {"elect": council}}, rosa)
    for token in (rosa, lucy):
        call(base, "POST", f"/assemblies/{assembly}/proposals/{election['proposal']['id']}/ballot", {"ranking": ["Rosa"]}, token)
    decide(depot, {"title": "Join", "effect": {"join": council}}, [(yes, lucy)])
    admission = [p for p in call(base, "GET", f"/assemblies/{council}/proposals", None, rosa) if "admitAssembly" in (p.get("effectSummary") or {})]
    call(base, "POST", f"/assemblies/{council}/proposals/{admission[0]['id']}/ballot", yes, rosa)
    decide(council, {"title": "Strike on Friday", "forRatification": True}, [(yes, rosa)])
    decide(depot, {"title": "Call the store", "effect": {"call": {"to": assembly, "what": "Walk out", "when": "Friday", "why": "Wages"}}},
           [(yes, lucy)])
    ratify = [p for p in call(base, "GET", f"/assemblies/{depot}/proposals", None, lucy) if "ratify" in (p.get("effectSummary") or {})]
    call(base, "POST", f"/assemblies/{depot}/proposals/{ratify[0]['id']}/ballot", {"choice": "no"}, lucy)
    assert call(base, "GET", f"/assemblies/{assembly}/calls", None, rosa)[0]["from"] == "Depot"


def test_the_api_answers_as_its_openapi_document_says(fuzzed_server, tmp_path):
    base = fuzzed_server.base
    token = fuzzed_server.first_link.rsplit("/", 1)[1]
    rosa = call(base, "POST", "/accounts", {"inviteToken": token, "pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
    assembly = call(base, "POST", "/assemblies", {"name": "Store 14"}, rosa)["id"]
    # A second member, so that Rosa's votes do not close proposals at once.
    invite_link = call(base, "POST", f"/assemblies/{assembly}/invites", {"maxUses": 5}, rosa)["link"]
    lucy = call(base, "POST", "/accounts", {"inviteToken": invite_link.rsplit("/", 1)[1], "pseudonym": "Lucy", "passphrase": PASSPHRASE})["token"]
    councils_and_calls(base, assembly, rosa, lucy)
    channel = call(base, "POST", f"/assemblies/{assembly}/channels", {"name": "night shift"}, rosa)["id"]
    message = call(base, "POST", f"/assemblies/{assembly}/channels/{channel}/messages", {"body": "hello"}, rosa)["id"]
    proposal = call(base, "POST", f"/assemblies/{assembly}/proposals",
                    {"title": "Walkout", "method": "yesno", "closesInMinutes": 600}, rosa)["proposal"]["id"]
    # One invite for the fuzzer to withdraw, another whose link it looks up and accepts.
    withdrawn = call(base, "POST", f"/assemblies/{assembly}/invites", {}, rosa)["invite"]["id"]
    looked_up = call(base, "POST", f"/assemblies/{assembly}/invites", {"unlimited": True}, rosa)["link"].rsplit("/", 1)[1]
    in_a_month = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    pledge = call(base, "POST", f"/assemblies/{assembly}/pledges", {"text": "Walk out", "count": 3, "deadline": in_a_month}, rosa)["id"]
    device = Subscription(types.SimpleNamespace(base="https://push.example"), "fuzz")
    subscription = call(base, "POST", "/push/subscriptions", device.json(), rosa)["id"]
    checks = """
# A request the schema allows may still break a rule no schema can state (a deadline a minute
# ahead of now, a ballot naming the proposal's own options, a name already taken): those are
# refused with 422 or 409, never with 400. Everything the schema forbids must be refused.
[checks.positive_data_acceptance]
expected-statuses = ["2XX", 401, 403, 404, 409, 422, 429]
# A body over the 64 KB limit is refused before it is read, with 413 (documented).
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
"""
    # Generated requests against real records (the ids made above)...
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(f"""
[parameters]
"path.assembly" = "{assembly}"
"path.channel" = "{channel}"
"path.message" = "{message}"
"path.proposal" = "{proposal}"
"path.invite" = "{withdrawn}"
"path.token" = "{looked_up}"
"path.pledge" = "{pledge}"
"path.subscription" = "{subscription}"
""" + checks)
    # ...then sequences that use what earlier responses returned (fixed ids would override them).
    chained = tmp_path / "chained.toml"
    chained.write_text(checks)
    st = shutil.which("st") or shutil.which("schemathesis")
    assert st, "schemathesis is not installed (scripts/install-test-deps installs it)"
    failures = []
    for config, phases in [(fixed, "examples,coverage,fuzzing"), (chained, "stateful")]:
        command = [st, "--no-color", "--config-file", str(config), "run", base + "/api/openapi.json",
                   "--header", f"Authorization: Bearer {rosa}", "--checks", "all", "--phases", phases, "--workers", os.environ.get("WILDCAT_SCHEMA_WORKERS", "1"),
                   "--max-examples", os.environ.get("WILDCAT_SCHEMA_EXAMPLES", "50"),
                   "--seed", os.environ.get("WILDCAT_SCHEMA_SEED", "20261126"),
                   "--exclude-operation-id-regex", "^(" + "|".join(op_id(o) for o in SESSION_ENDING) + ")$"]
        # One worker: with two, hypothesis parses schemathesis's source in two threads at once, and
        # CPython 3.11's AST recursion counter is not thread-safe ("AST constructor recursion depth
        # mismatch"). Measured: one worker takes no longer here.
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
        sys.stdout.write(result.stdout[-6000:])
        if result.returncode != 0:
            failures.append(f"--- {phases} ---\n" + result.stdout[-20000:] + result.stderr[-5000:])
    assert not failures, "schemathesis found answers that disagree with the OpenAPI document:\n" + "\n".join(failures)


def op_id(operation: str) -> str:
    """The operationId the document gives this operation (see openapi.json)."""
    document = json.loads((Path(__file__).resolve().parents[2] / "Sources/WildcatWeb/Resources/openapi.json").read_text())
    method, path = operation.split(" ")
    return document["paths"][path][method.lower()]["operationId"]
