"""Committees in real browsers at 390 px (issue 10): an assembly elects a 3-seat strike committee
by single transferable vote; a member petitions to recall a delegate, the recall vote opens by
itself and passes, and the delegate, watching the committee's channel, loses it live."""
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import absent, api, fill, found, invite_link, sign_up, submit

PASSPHRASE = "bread and roses too"


def proposal_id(driver):
    return re.search(r"/p/([a-z0-9]+)$", driver.current_url)[1]


def test_a_strike_committee_is_elected_and_a_delegate_recalled_by_petition(server, browsers, screenshots):
    rosa, lucy, ines = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly_url = found(rosa, server.base, "Store 14 workers")
    assembly = assembly_url.rsplit("/", 1)[1]
    sign_up(lucy, invite_link(rosa, assembly_url, server.base), "Lucy")
    sign_up(ines, invite_link(rosa, assembly_url, server.base), "Ines")
    tokens = {name: api(server.base, "POST", "/sessions", {"pseudonym": name, "passphrase": PASSPHRASE})["token"] for name in ("Rosa", "Lucy", "Ines")}
    link = invite_link(rosa, assembly_url, server.base)
    tokens["Max"] = api(server.base, "POST", "/accounts", {"inviteToken": link.rsplit("/", 1)[1], "pseudonym": "Max", "passphrase": PASSPHRASE})["token"]

    def everyone_votes(proposal, ballots):
        for name, token in tokens.items():
            api(server.base, "POST", f"/assemblies/{assembly}/proposals/{proposal}/ballot", ballots.get(name, ballots.get("*")), token)

    # The assembly sets up a committee, with a mandate, by its decision.
    rosa.get(assembly_url)
    rosa.find_element(By.LINK_TEXT, "Propose a committee").click()
    fill(rosa, "title", "A strike committee")
    fill(rosa, "effect[committee][name]", "Strike committee")
    fill(rosa, "effect[committee][seats]", "3")
    fill(rosa, "effect[committee][mandate]", "Run the strike as the assembly decides. Report every evening.")
    submit(rosa, "Propose")
    everyone_votes(proposal_id(rosa), {"*": {"choice": "yes"}})

    # It elects three delegates by single transferable vote, from the committee's own link.
    rosa.get(assembly_url)
    rosa.find_element(By.PARTIAL_LINK_TEXT, "Propose an election").click()
    assert rosa.find_element(By.CSS_SELECTOR, "input[name='effect[kind]'][value=elect]").is_selected()
    fill(rosa, "title", "Elect the strike committee")
    fill(rosa, "options", "Rosa\nLucy\nMax\nInes")
    fill(rosa, "seats", "3")
    rosa.save_screenshot(str(screenshots / "committee-election-form-390.png"))
    submit(rosa, "Propose")
    # Quota 2 of 4: Rosa is elected, Ines excluded, Lucy and Max take the other seats.
    everyone_votes(proposal_id(rosa), {"*": {"ranking": ["Rosa"]}, "Lucy": {"ranking": ["Lucy"]}, "Max": {"ranking": ["Max"]}})
    rosa.get(assembly_url)
    committees = rosa.find_element(By.ID, "committees").text
    assert "3 of 3 seats filled" in committees and "Lucy" in committees and "Max" in committees
    rosa.save_screenshot(str(screenshots / "committees-390.png"))

    # Lucy, a delegate, watches the committee's channel.
    lucy.get(assembly_url)
    lucy.find_element(By.LINK_TEXT, "Strike committee").click()
    committee_url = lucy.current_url
    lucy.find_element(By.PARTIAL_LINK_TEXT, "#general").click()
    WebDriverWait(lucy, 10).until(lambda d: "/c/" in d.current_url)
    assert lucy.find_elements(By.ID, "compose")
    time.sleep(0.5)

    # Ines reads the committee, and petitions to recall Lucy: one of four members is a fifth,
    # so her signature opens the recall vote by itself.
    ines.get(committee_url)
    assert "You read this committee" in ines.page_source
    ines.find_element(By.LINK_TEXT, "Lucy").click()
    fill(ines, "reason", "She agreed to end the strike without a vote.")
    submit(ines, "Open a recall petition")
    vote_link = ines.find_element(By.PARTIAL_LINK_TEXT, "The recall vote is open")
    vote = vote_link.get_attribute("href").rsplit("/", 1)[1]
    ines.save_screenshot(str(screenshots / "recall-petition-390.png"))

    # The recall passes; Lucy's open channel page loses the committee at once.
    everyone_votes(vote, {"*": {"choice": "yes"}})
    start = time.monotonic()
    WebDriverWait(lucy, 5, poll_frequency=0.05).until(lambda d: d.find_elements(By.ID, "read-only"))
    assert time.monotonic() - start < 3
    assert absent(lucy, By.ID, "compose")
    lucy.save_screenshot(str(screenshots / "recalled-delegate-390.png"))
    rosa.get(assembly_url)
    assert "2 of 3 seats filled" in rosa.find_element(By.ID, "committees").text
