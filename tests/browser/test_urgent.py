"""Urgent votes in real browsers at 390 px (issue 11, first part): the assembly allows them by a
rule change; when one opens, a member's open page shows an alert banner at once, naming no title."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import api, found, invite_link, sign_up

PASSPHRASE = "bread and roses too"


def test_an_urgent_vote_alerts_an_open_page(server, browsers, screenshots):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    assembly = url.rsplit("/", 1)[1]
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    token = {name: api(server.base, "POST", "/sessions", {"pseudonym": name, "passphrase": PASSPHRASE})["token"] for name in ("Rosa", "Lucy")}
    rules = {"whoMayInvite": "anyMember", "inviteExpiryHours": 168, "retentionDays": 90, "defaultQuorum": {"share": "1/4"},
             "defaultThreshold": {"fraction": "1/2", "rule": "moreThan"},
             "urgent": {"shortestMinutes": 60, "quorum": {"share": "1/10"}, "whoMayOpen": "anyMember"}}
    change = api(server.base, "POST", f"/assemblies/{assembly}/proposals",
                 {"title": "Allow urgent votes", "method": "yesno", "closesInMinutes": 600, "effect": {"rules": rules}}, token["Rosa"])
    for name in ("Rosa", "Lucy"):
        api(server.base, "POST", f"/assemblies/{assembly}/proposals/{change['proposal']['id']}/ballot", {"choice": "yes"}, token[name])

    # Lucy has the assembly's page open; Rosa opens an urgent vote.
    lucy.get(url)
    WebDriverWait(lucy, 5).until(lambda d: d.execute_script("return document.readyState") == "complete")
    lucy.implicitly_wait(0)
    api(server.base, "POST", f"/assemblies/{assembly}/proposals",
        {"title": "The manager fired Ines", "method": "yesno", "closesInMinutes": 120, "urgent": True}, token["Rosa"])
    banner = WebDriverWait(lucy, 5, poll_frequency=0.05).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".alert-banner[role=alert]"))[0]
    assert "New urgent vote in your assembly" in banner.text and "Ines" not in banner.text
    lucy.save_screenshot(str(screenshots / "urgent-alert-390.png"))
    banner.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(lucy, 5).until(lambda d: "/p/" in d.current_url)
    assert "Urgent vote" in lucy.find_element(By.CSS_SELECTOR, ".urgent-mark").text
