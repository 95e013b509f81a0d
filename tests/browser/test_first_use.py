"""What an organizer and a security probe met on first use (issue 9), in real browsers on a
phone-sized screen: each trust hole closed, each rough edge smoothed."""
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import api, fill, found, invite_link, sign_up, submit

PASSPHRASE = "bread and roses too"


def general_channel(driver, assembly):
    driver.get(assembly)
    return driver.find_element(By.CSS_SELECTOR, ".channel-list a").get_attribute("href")


def test_a_device_signed_out_elsewhere_stops_hearing_at_once(server, browsers, screenshots):
    phone, laptop, lucy = browsers(), browsers(width=1280, height=900), browsers()
    sign_up(phone, server.first_link, "Rosa")
    assembly = found(phone, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(phone, assembly, server.base), "Lucy")
    # The same member on a laptop.
    laptop.get(server.base + "/login")
    fill(laptop, "pseudonym", "Rosa")
    fill(laptop, "passphrase", PASSPHRASE)
    submit(laptop, "Sign in")
    general = general_channel(phone, assembly)
    phone.get(general)
    WebDriverWait(phone, 10).until(lambda d: d.execute_script("return document.getElementById('live-status') === null || document.getElementById('live-status').hidden"))
    time.sleep(0.5)
    # The phone is seized: from the laptop, Rosa signs it out.
    laptop.get(server.base + "/account")
    start = time.monotonic()
    submit(laptop, "Sign out this device")
    WebDriverWait(phone, 5, poll_frequency=0.05).until(lambda d: "/login" in d.current_url)
    assert time.monotonic() - start < 1.5, "the signed-out page must leave within a second of the click's answer"
    # What is posted afterwards never reaches it.
    lucy.get(general)
    fill(lucy, "body", "meet at the loading dock")
    lucy.find_element(By.CSS_SELECTOR, "form.compose button[type=submit]").click()
    time.sleep(1)
    assert "loading dock" not in phone.page_source
    phone.save_screenshot(str(screenshots / "signed-out-phone-390.png"))


def test_a_lookalike_pseudonym_is_refused(server, browsers):
    rosa, informer = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    link = invite_link(rosa, assembly, server.base)
    for lookalike in ["R\u043esa", "ROSA", "R\u043e\u0455\u0430"]:
        informer.get(link)
        fill(informer, "pseudonym", lookalike)
        fill(informer, "passphrase", PASSPHRASE)
        submit(informer, "Join")
        problem = informer.find_element(By.CSS_SELECTOR, ".problem").text
        assert "looks the same" in problem or "one alphabet" in problem, problem
    # The member list tells members apart by when they joined.
    rosa.get(assembly)
    assert "joined" in rosa.find_element(By.ID, "members").text


def test_wrong_passphrases_from_elsewhere_do_not_lock_the_member_out(server, browsers):
    rosa, lucy, saboteur = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    lucy.get(server.base + "/")
    submit(lucy, "Sign out")
    for attempt in range(10):
        saboteur.get(server.base + "/login")
        fill(saboteur, "pseudonym", "Lucy")
        fill(saboteur, "passphrase", f"wrong guess number {attempt}")
        submit(saboteur, "Sign in")
    assert "/login" in saboteur.current_url
    # Lucy, on her own phone, gets in at once.
    lucy.get(server.base + "/login")
    fill(lucy, "pseudonym", "Lucy")
    fill(lucy, "passphrase", PASSPHRASE)
    start = time.monotonic()
    submit(lucy, "Sign in")
    assert time.monotonic() - start < 3
    assert "/login" not in lucy.current_url
    assert "Lucy" in lucy.find_element(By.CSS_SELECTOR, ".me").text


def test_signing_in_from_a_deep_link_returns_there(server, browsers):
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    rosa.get(server.base + "/")
    submit(rosa, "Sign out")
    rosa.get(assembly + "/p")
    assert "/login" in rosa.current_url
    fill(rosa, "pseudonym", "Rosa")
    fill(rosa, "passphrase", PASSPHRASE)
    submit(rosa, "Sign in")
    assert rosa.current_url == assembly + "/p"


def test_an_early_close_shows_its_time_and_posts_the_outcome(server, browsers, screenshots):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, assembly, server.base), "Lucy")
    rosa.get(assembly + "/p/new?method=yesno")
    fill(rosa, "title", "Walk out at noon")
    rosa.find_element(By.CSS_SELECTOR, "input[name=closes][value='3d']").click()
    submit(rosa, "Propose")
    proposal = rosa.current_url
    # The home page and the assembly page show what waits for Lucy's vote.
    lucy.get(server.base + "/")
    assert "Walk out at noon" in lucy.find_element(By.CSS_SELECTOR, ".awaiting").text
    lucy.get(assembly)
    assert "Walk out at noon" in lucy.find_element(By.CSS_SELECTOR, ".awaiting").text
    for voter in (rosa, lucy):
        voter.get(proposal)
        voter.find_element(By.CSS_SELECTOR, "input[name=choice][value=yes]").click()
        submit(voter, "Cast vote")
    closed = lucy.find_element(By.ID, "closed-at")
    times = closed.find_elements(By.TAG_NAME, "time")
    assert len(times) == 2 and "voting was to close" in closed.text
    assert times[0].get_attribute("datetime") != times[1].get_attribute("datetime")
    lucy.save_screenshot(str(screenshots / "proposal-closed-early-390.png"))
    # #general: the platform announced it, with a link, and its outcome; nobody can edit those posts.
    lucy.get(general_channel(lucy, assembly))
    posts = lucy.find_elements(By.CSS_SELECTOR, "article.msg.system")
    texts = [post.text for post in posts]
    assert any("New proposal: Walk out at noon" in t for t in texts), texts
    assert any("Vote closed: Walk out at noon" in t and "Passed" in t for t in texts), texts
    for post in posts:
        assert post.find_element(By.CSS_SELECTOR, "a").get_attribute("href").endswith(proposal.split(server.base)[1])
        assert not post.find_elements(By.LINK_TEXT, "Edit")


def test_unread_counts_are_exact_on_a_long_backlog(server, browsers):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    link = invite_link(rosa, assembly, server.base)
    token = api(server.base, "POST", "/accounts", {"inviteToken": link.rsplit("/", 1)[1], "pseudonym": "Lucy", "passphrase": PASSPHRASE})["token"]
    general = general_channel(rosa, assembly)
    rosa.get(general)
    # Rosa reads #general, then leaves it: an open channel page marks what arrives as read.
    rosa.get(server.base + "/")
    ids = re.search(r"/a/([^/]+)/c/([^/?#]+)", general)
    for n in range(75):
        api(server.base, "POST", f"/assemblies/{ids[1]}/channels/{ids[2]}/messages", {"body": f"news {n}"}, token)
        if n % 25 == 24:
            time.sleep(10)  # within the member's message rate (30 per 10 seconds)
    rosa.get(assembly)
    assert rosa.find_element(By.CSS_SELECTOR, f"[data-channel-link='{ids[2]}'] + .unread").text == "75 new"
    rosa.get(server.base + "/")
    assert "75 new" in rosa.find_element(By.CSS_SELECTOR, ".list").text


def test_a_bad_channel_name_is_refused_in_place(server, browsers, screenshots):
    rosa = browsers(javascript=False)
    sign_up(rosa, server.first_link, "Rosa")
    assembly = found(rosa, server.base, "Store 14 workers")
    rosa.get(assembly)
    fill(rosa, "name", "General")
    submit(rosa, "Create channel")
    assert rosa.find_element(By.ID, "channel-error").text.startswith("This assembly already has a channel")
    assert rosa.find_element(By.ID, "channel-name").get_attribute("value") == "General"
    assert rosa.find_element(By.CSS_SELECTOR, ".me").text  # still the signed-in page, with its header
    assert rosa.find_element(By.ID, "channel-name").get_attribute("maxlength") == "40"
    rosa.save_screenshot(str(screenshots / "channel-name-taken-390.png"))
