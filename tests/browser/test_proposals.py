"""A rule change decided by the assembly, in real browsers: drafted by one member, voted by two,
closed by the server at its deadline (the test moves the server's clock past it rather than
waiting), and the rules page shows the new value."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from pages import fill, found, invite_link, sign_up, submit


def test_a_rule_change_passes_at_the_deadline(server, browsers, screenshots):
    rosa, lucy, max_ = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    sign_up(max_, invite_link(rosa, assembly, server.base), "Max")

    rosa.get(assembly + "/p/new")
    fill(rosa, "title", "Keep messages for 30 days")
    fill(rosa, "body", "Less to lose if the server is **seized**.")
    Select(rosa.find_element(By.NAME, "method")).select_by_value("yesno")
    fill(rosa, "closesInMinutes", "1")
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

    server.advance_clock(61)
    for attempt in range(20):
        max_.get(proposal)
        if "Passed" in max_.page_source:
            break
        time.sleep(1)
    assert "Passed (2 of 3 members voted)" in max_.find_element(By.ID, "outcome").text
    max_.save_screenshot(str(screenshots / "proposal-passed-390.png"))
    max_.get(assembly)
    rules = max_.find_element(By.ID, "rules").text
    assert "Messages are kept for" in rules and "30 days" in rules
    assert "By decision of the assembly, the rules changed" in max_.find_element(By.ID, "log").text
