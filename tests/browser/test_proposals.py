"""A rule change decided by the assembly, in real browsers: drafted by one member, voted by two,
closed by the server at its deadline (the test moves the server's clock past it rather than
waiting) while a member watches the page, and the rules page shows the new value."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import absent, fill, found, invite_link, sign_up, submit


def test_a_rule_change_passes_at_the_deadline(server, browsers, screenshots):
    rosa, lucy, max_ = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    sign_up(max_, invite_link(rosa, assembly, server.base), "Max")

    # First how to decide (a link each, so it works without scripts), then only that method's fields.
    rosa.get(assembly + "/p/new")
    rosa.find_element(By.PARTIAL_LINK_TEXT, "Yes / no").click()
    assert absent(rosa, By.NAME, "options") and absent(rosa, By.NAME, "seats")
    rosa.save_screenshot(str(screenshots / "proposal-form-yesno-390.png"))
    fill(rosa, "title", "Keep messages for 30 days")
    fill(rosa, "body", "Less to lose if the server is **seized**.")
    rosa.find_element(By.CSS_SELECTOR, "input[name=closes][value='2h']").click()
    rosa.find_element(By.CSS_SELECTOR, "input[name='effect[kind]'][value=rules]").click()
    fill(rosa, "effect[rules][retentionDays]", "30")
    submit(rosa, "Propose")
    proposal = rosa.current_url
    assert "/p/" in proposal

    for voter in (rosa, lucy):
        voter.get(proposal)
        voter.find_element(By.CSS_SELECTOR, "input[name=choice][value=yes]").click()
        submit(voter, "Cast vote")
        assert "Your vote: yes" in voter.page_source
    lucy.save_screenshot(str(screenshots / "proposal-open-390.png"))
    # Two of three have voted: it stays open until the deadline, and Max can still vote.
    max_.get(proposal)
    assert "Closes" in max_.page_source
    assert max_.find_elements(By.CSS_SELECTOR, "input[name=choice][value=yes]")
    # Before voting, everyone reads exactly what would change.
    assert "Messages are kept for 90 days → 30 days" in max_.page_source

    # Max keeps the page open: when the server closes the vote at its deadline, the page shows
    # the decision by itself.
    server.advance_clock(2 * 3600 + 1)
    WebDriverWait(max_, 15).until(lambda d: d.find_elements(By.ID, "outcome"))
    assert "Passed (2 of 3 members voted)" in max_.find_element(By.ID, "outcome").text
    max_.save_screenshot(str(screenshots / "proposal-passed-390.png"))
    max_.get(assembly)
    rules = max_.find_element(By.ID, "rules").text
    assert "Messages are kept for" in rules and "30 days" in rules
    assert "By decision of the assembly, the rules changed" in max_.find_element(By.ID, "log").text


def test_a_deadline_is_given_on_the_readers_own_clock(server, browsers):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    # Rosa's phone is in New York; the server knows nothing of her time zone.
    rosa.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/New_York"})
    rosa.get(assembly + "/p/new?method=stv")
    assert rosa.find_elements(By.NAME, "seats") and rosa.find_elements(By.NAME, "options")
    assert "America/New_York" in rosa.find_element(By.CSS_SELECTOR, "[data-zone-note]").text
    fill(rosa, "title", "Elect the strike committee")
    fill(rosa, "options", "Ana\nBo\nCy\nDee")
    fill(rosa, "seats", "2")
    day = datetime.date.today() + datetime.timedelta(days=10)
    rosa.execute_script("const f = document.getElementById('closesAtLocal'); f.value = arguments[0]; f.dispatchEvent(new Event('input'));",
                        f"{day.isoformat()}T18:30")
    submit(rosa, "Propose")
    closes = rosa.find_element(By.CSS_SELECTOR, "#closed-at time").get_attribute("datetime")
    # 18:30 in New York is 23:30 UTC (or 22:30 in summer time).
    expected = {f"{day.isoformat()}T23:30:00Z", f"{day.isoformat()}T22:30:00Z"}
    assert closes in expected, closes
    # The ballot says how many seats there are.
    lucy.get(rosa.current_url)
    assert "Electing 2 seats from 4 candidates" in lucy.page_source
