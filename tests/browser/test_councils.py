"""Councils in real browsers at 390 px (issue 10): three assemblies form a council, each by its own
decision, and elect their delegates; the council passes a decision for ratification, two
assemblies ratify it and one rejects it, and each of the three sees the outcome; an assembly sends
a solidarity call through the council, and the others answer it by their own votes."""
import re

from selenium.webdriver.common.by import By

from pages import api, fill, found, invite_link, sign_up, submit

PASSPHRASE = "bread and roses too"


def proposal_id(driver):
    match = re.search(r"/p/([a-z0-9]+)$", driver.current_url)
    assert match, (driver.current_url, driver.find_element(By.TAG_NAME, "main").text[:600])
    return match[1]


def open_vote(base, assembly, token, effect):
    """The open proposal of the assembly whose effect is of this kind (one the platform opened)."""
    found_ = [p for p in api(base, "GET", f"/assemblies/{assembly}/proposals", None, token)
              if p.get("closedAt") is None and effect in (p.get("effectSummary") or {})]
    assert len(found_) == 1, found_
    return found_[0]["id"]


def test_three_assemblies_form_a_council_ratify_its_decision_and_answer_a_call(server, browsers, screenshots):
    rosa, carl, dora = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    cashiers_url = found(rosa, server.base, "Cashiers")
    cashiers = cashiers_url.rsplit("/", 1)[1]
    sign_up(carl, invite_link(rosa, cashiers_url, server.base), "Carl")
    sign_up(dora, invite_link(rosa, cashiers_url, server.base), "Dora")
    cleaners_url = found(carl, server.base, "Cleaners & \"porters\"")
    cleaners = cleaners_url.rsplit("/", 1)[1]
    drivers_url = found(dora, server.base, "Drivers")
    drivers = drivers_url.rsplit("/", 1)[1]
    def newcomer(driver, url, name):
        link = invite_link(driver, url, server.base)
        return api(server.base, "POST", "/accounts", {"inviteToken": link.rsplit("/", 1)[1], "pseudonym": name, "passphrase": PASSPHRASE})["token"]

    token = {name: api(server.base, "POST", "/sessions", {"pseudonym": name, "passphrase": PASSPHRASE})["token"] for name in ("Rosa", "Carl", "Dora")}
    token["Eli"] = newcomer(carl, cleaners_url, "Eli")
    token["Finn"] = newcomer(dora, drivers_url, "Finn")
    members = {cashiers: ["Rosa", "Carl", "Dora"], cleaners: ["Carl", "Eli"], drivers: ["Dora", "Finn"]}

    def votes(assembly, proposal, ballots):
        for name in members[assembly]:
            api(server.base, "POST", f"/assemblies/{assembly}/proposals/{proposal}/ballot", ballots.get(name, ballots.get("*")), token[name])

    def decide(assembly, author, title, effect, ballot=None):
        body = {"title": title, "method": "yesno", "closesInMinutes": 60, "effect": effect}
        proposal = api(server.base, "POST", f"/assemblies/{assembly}/proposals", body, token[author])["proposal"]["id"]
        votes(assembly, proposal, {"*": ballot or {"choice": "yes"}})

    # The cashiers found a council by their decision, from their page's own link.
    rosa.get(cashiers_url)
    rosa.find_element(By.LINK_TEXT, "Propose founding a council").click()
    assert rosa.find_element(By.CSS_SELECTOR, "input[name='effect[kind]'][value=council]").is_selected()
    fill(rosa, "title", "A council of the whole site")
    fill(rosa, "effect[council][name]", "Site council")
    fill(rosa, "effect[council][mandate]", "Unite the site's trades; nothing binds an assembly that has not ratified it.")
    rosa.find_element(By.ID, "council-ratify-assemblies").location_once_scrolled_into_view
    rosa.save_screenshot(str(screenshots / "council-form-390.png"))
    submit(rosa, "Propose")
    votes(cashiers, proposal_id(rosa), {"*": {"choice": "yes"}})
    rosa.get(cashiers_url)
    rosa.find_element(By.LINK_TEXT, "Site council").click()
    council_url = rosa.current_url
    council = council_url.rsplit("/", 1)[1]
    code = rosa.find_element(By.CSS_SELECTOR, ".council-code").text
    assert code == council

    # The cashiers elect their delegate, from their page.
    rosa.get(cashiers_url)
    rosa.find_element(By.CSS_SELECTOR, "#councils").find_element(By.PARTIAL_LINK_TEXT, "Propose an election").click()
    fill(rosa, "title", "Our delegate to the site council")
    fill(rosa, "options", "Rosa\nCarl")
    fill(rosa, "seats", "1")
    submit(rosa, "Propose")
    votes(cashiers, proposal_id(rosa), {"*": {"ranking": ["Rosa", "Carl"]}})
    # The cleaners and the drivers ask to join by their own decisions, with the council's code;
    # Rosa, the delegate, admits each from the council's page.
    for assembly, author in ((cleaners, "Carl"), (drivers, "Dora")):
        decide(assembly, author, "Join the site council", {"join": code})
        rosa.get(council_url)
        rosa.find_element(By.PARTIAL_LINK_TEXT, "vote on admitting it").click()
        rosa.find_element(By.CSS_SELECTOR, "input[name=choice][value=yes]").click()
        submit(rosa, "Cast vote")
    rosa.get(cashiers_url)
    councils = rosa.find_element(By.ID, "councils").text
    assert "Site council" in councils and "Cleaners & \"porters\"" in councils and "Drivers" in councils
    for assembly, author, ranking in ((cleaners, "Carl", ["Eli", "Carl"]), (drivers, "Dora", ["Dora", "Finn"])):
        body = {"title": "Our delegate", "method": "stv", "options": ranking, "seats": 1, "closesInMinutes": 60, "effect": {"elect": council}}
        proposal = api(server.base, "POST", f"/assemblies/{assembly}/proposals", body, token[author])["proposal"]["id"]
        votes(assembly, proposal, {"*": {"ranking": ranking}})
    rosa.get(council_url)
    page = rosa.find_element(By.ID, "assemblies").text
    assert "Rosa" in page and "Eli" in page and "Dora" in page
    assert "Cleaners &amp; &quot;porters&quot;" in rosa.page_source or "Cleaners &amp; \"porters\"" in rosa.page_source
    rosa.save_screenshot(str(screenshots / "council-390.png"))

    # A delegate proposes, in the council, a decision for ratification; the delegates pass it.
    rosa.find_element(By.LINK_TEXT, "Decisions").click()
    rosa.find_element(By.LINK_TEXT, "New proposal").click()
    rosa.find_element(By.PARTIAL_LINK_TEXT, "Yes / no").click()
    fill(rosa, "title", "Strike across the site on Friday")
    rosa.find_element(By.NAME, "forRatification").click()
    submit(rosa, "Propose")
    decision = proposal_id(rosa)
    assert "takes effect only if enough of them ratify it" in rosa.page_source
    for name in ("Rosa", "Eli", "Dora"):
        api(server.base, "POST", f"/assemblies/{council}/proposals/{decision}/ballot", {"choice": "yes"}, token[name])

    # Each assembly votes on it: the cashiers and the cleaners ratify, the drivers reject.
    for assembly, choice in ((drivers, "no"), (cashiers, "yes"), (cleaners, "yes")):
        name = members[assembly][0]
        votes(assembly, open_vote(server.base, assembly, token[name], "ratify"), {"*": {"choice": choice}})
    outcome = api(server.base, "GET", f"/assemblies/{council}/proposals/{decision}", None, token["Rosa"])
    assert outcome["ratification"]["status"] == "ratified", outcome["ratification"]
    # The outcome is shown in all three assemblies, on each one's own vote.
    for driver, assembly, who in ((rosa, cashiers, "cashiers"), (carl, cleaners, "cleaners"), (dora, drivers, "drivers")):
        closed = [p for p in api(server.base, "GET", f"/assemblies/{assembly}/proposals", None, token[members[assembly][0]])
                  if "ratify" in (p.get("effectSummary") or {})][0]
        driver.get(f"{server.base}/a/{assembly}/p/{closed['id']}")
        section = driver.find_element(By.ID, "ratification").text
        assert "Ratified: enough assemblies ratified it" in section, section
        assert "did not ratify" in section and section.count("ratified") >= 3
        driver.save_screenshot(str(screenshots / f"ratified-in-{who}-390.png"))

    # The cleaners send a solidarity call through the council, from their page.
    carl.get(cleaners_url)
    carl.find_element(By.LINK_TEXT, "Propose a solidarity call").click()
    fill(carl, "title", "Call the site out with us")
    carl.find_element(By.CSS_SELECTOR, f"select[name='effect[call][to]'] option[value='{council}']").click()
    fill(carl, "effect[call][what]", "Walk out with the cleaners")
    fill(carl, "effect[call][when]", "Friday at noon")
    fill(carl, "effect[call][why]", "Two porters were fired for organizing.")
    carl.save_screenshot(str(screenshots / "call-form-390.png"))
    submit(carl, "Propose")
    votes(cleaners, proposal_id(carl), {"*": {"choice": "yes"}})
    # The cashiers answer "Join", the drivers "Support", each by its own vote.
    votes(cashiers, open_vote(server.base, cashiers, token["Rosa"], "answerCall"), {"*": {"approve": ["Join"]}})
    votes(drivers, open_vote(server.base, drivers, token["Dora"], "answerCall"), {"*": {"approve": ["Support"]}})
    for driver, url in ((rosa, cashiers_url), (carl, cleaners_url), (dora, drivers_url)):
        driver.get(url)
        calls = driver.find_element(By.ID, "calls").text
        assert "Walk out with the cleaners" in calls and "Friday at noon" in calls
        assert re.search(r"Cashiers\s+Join", calls) and re.search(r"Drivers\s+Support", calls), calls
    carl.find_element(By.ID, "calls").screenshot(str(screenshots / "call-answered-390.png"))
