"""Meetings, the calendar feed, actions with a picket rota, and supporters, in real browsers at
390 px (issue 12): a time poll becomes a meeting; members answer; the feed parses and holds it;
an action with a rota is published; a supporter in a browser of their own signs up for a shift,
sees only the action, and cannot open the assembly."""
import datetime
import urllib.error
import urllib.request

import icalendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import api, fill, found, invite_link, sign_up, submit

PASSPHRASE = "bread and roses too"


def members(server, browsers):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    token = {name: api(server.base, "POST", "/sessions", {"pseudonym": name, "passphrase": PASSPHRASE})["token"] for name in ("Rosa", "Lucy")}
    return rosa, lucy, url, url.rsplit("/", 1)[1], token


def everyone_votes_yes(server, assembly, proposal_url, token):
    proposal = proposal_url.rsplit("/", 1)[1]
    for name in token:
        api(server.base, "POST", f"/assemblies/{assembly}/proposals/{proposal}/ballot", {"choice": "yes"}, token[name])


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_time_poll_becomes_a_meeting_members_answer_and_the_feed_holds_it(server, browsers, screenshots):
    rosa, lucy, url, assembly, token = members(server, browsers)
    # A time poll whose slots are written as dates and times, one after Europe's clocks go
    # forward (28 March 2027): both choose the first.
    poll = api(server.base, "POST", f"/assemblies/{assembly}/proposals",
               {"title": "Meet before the early shift", "method": "timepoll", "options": ["2027-03-30 07:30", "2027-03-31 18:00"],
                "closesInMinutes": 600}, token["Rosa"])["proposal"]["id"]
    for name in token:
        api(server.base, "POST", f"/assemblies/{assembly}/proposals/{poll}/ballot",
            {"slots": {"2027-03-30 07:30": "yes", "2027-03-31 18:00": "ifNeedBe" if name == "Rosa" else "no"}}, token[name])

    # One step on the poll's page: where, and the zone of the slot.
    rosa.get(f"{url}/p/{poll}")
    fill(rosa, "place", "Café Rosa, Hauptstraße 3 (back room)")
    fill(rosa, "timeZone", "Europe/Berlin")
    submit(rosa, "Make it a meeting")
    meeting = rosa.current_url
    assert "/meetings/" in meeting
    main = rosa.find_element(By.TAG_NAME, "main").text
    assert "Meet before the early shift" in main and "Tue 30 Mar 2027, 07:30, Europe/Berlin" in main and "Café Rosa" in main

    # Members answer: counts for all, names to members.
    lucy.get(meeting)
    submit(lucy, "Yes, I will come")
    rosa.get(meeting)
    submit(rosa, "Maybe")
    assert rosa.find_element(By.CSS_SELECTOR, "[data-rsvp=yes]").text == "1"
    assert rosa.find_element(By.CSS_SELECTOR, "[data-rsvp=maybe]").text == "1"
    assert "Lucy" in rosa.find_element(By.ID, "rsvp-h").find_element(By.XPATH, "..").text
    rosa.save_screenshot(str(screenshots / "meeting-390.png"))

    # Lucy's calendar: a secret address, read without a session; it holds the meeting at the
    # right instant (07:30 in Berlin in summer time is 05:30 UTC), linking back to its page.
    lucy.get(server.base + "/account/calendar")
    submit(lucy, "Make my calendar address")
    feed = lucy.find_element(By.ID, "feed").get_attribute("value").replace("http://127.0.0.1:8080", server.base)
    lucy.save_screenshot(str(screenshots / "calendar-390.png"))
    status, text = fetch(feed)
    assert status == 200
    calendar = icalendar.Calendar.from_ical(text)
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Meet before the early shift"
    assert event.decoded("DTSTART") == datetime.datetime(2027, 3, 30, 5, 30, tzinfo=datetime.timezone.utc)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1)
    assert str(event["LOCATION"]) == "Café Rosa, Hauptstraße 3 (back room)"
    assert str(event["URL"]).endswith(meeting.replace(server.base, ""))

    # The meeting's own .ics, as a member downloads it.
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", "wc_session=" + lucy.get_cookie("wc_session")["value"])]
    single = icalendar.Calendar.from_ical(opener.open(meeting + "/ics").read().decode())
    assert [str(e["SUMMARY"]) for e in single.walk("VEVENT")] == ["Meet before the early shift"]

    # Revoked: the address answers nothing but why.
    submit(lucy, "Revoke the address")
    status, text = fetch(feed)
    assert status == 404 and "revoked" in text and "Meet before" not in text


def test_a_published_action_takes_a_supporter_who_sees_only_the_action(server, browsers, screenshots):
    rosa, lucy, url, assembly, token = members(server, browsers)
    # A demand, adopted by the assembly.
    rosa.get(url + "/demands")
    fill(rosa, "text", "Rehire Ines")
    submit(rosa, "Draft it")
    submit(rosa, "Propose")
    everyone_votes_yes(server, assembly, rosa.current_url, token)
    rosa.get(url + "/demands")
    assert rosa.find_element(By.CSS_SELECTOR, "[data-demand]").get_attribute("data-status") == "adopted"

    # The action, serving it, with a picket rota.
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2)).replace(hour=6, minute=0)
    rosa.get(url + "/actions")
    fill(rosa, "title", "Picket the depot")
    rosa.find_element(By.CSS_SELECTOR, "select[name=kind] option[value=picket]").click()
    rosa.execute_script("arguments[0].value = arguments[1]", rosa.find_element(By.NAME, "startsLocal"), start.strftime("%Y-%m-%dT%H:%M"))
    fill(rosa, "timeZone", "UTC")
    fill(rosa, "place", "Depot gates, Mill Road")
    rosa.find_element(By.CSS_SELECTOR, "input[name='demands[]']").click()
    submit(rosa, "Draft it")
    action = rosa.current_url
    fill(rosa, "role", "Picket at gate 2")
    rosa.execute_script("arguments[0].value = arguments[1]", rosa.find_element(By.NAME, "startsLocal"), start.strftime("%Y-%m-%dT%H:%M"))
    fill(rosa, "hours", "4")
    fill(rosa, "needed", "2")
    submit(rosa, "Add the shift")
    fill(rosa, "publicText", "We picket the depot until Ines is rehired. Bring a thermos.")
    fill(rosa, "callNumber", "+44 20 7946 0000")
    fill(rosa, "callPoints", "Say you support the workers, and ask that Ines be rehired.")
    submit(rosa, "Save the public words")
    # Called, then published, each by the assembly's decision.
    submit(rosa, "Propose to call this action")
    everyone_votes_yes(server, assembly, rosa.current_url, token)
    rosa.get(action)
    submit(rosa, "Propose to publish it")
    everyone_votes_yes(server, assembly, rosa.current_url, token)
    rosa.get(action)
    public = rosa.find_element(By.CSS_SELECTOR, "#public input.copy").get_attribute("value").replace("http://127.0.0.1:8080", server.base)
    rosa.save_screenshot(str(screenshots / "action-390.png"))

    # The status board is live for everyone with the page open.
    lucy.get(action)
    WebDriverWait(lucy, 5).until(lambda d: d.execute_script("return document.readyState") == "complete")
    submit(rosa, "I am here")
    fill(rosa, "text", "Gate 2 needs 3 more")
    submit(rosa, "Post")
    WebDriverWait(lucy, 10).until(lambda d: "Gate 2 needs 3 more" in d.find_element(By.ID, "board").text)
    assert "1 checked in: Rosa" in lucy.find_element(By.ID, "board").text

    # A supporter, in a browser of their own.
    ana = browsers()
    ana.get(public)
    main = ana.find_element(By.TAG_NAME, "main").text
    assert "Picket the depot" in main and "+44 20 7946 0000" in main
    assert "Rosa" not in main and "Lucy" not in main and "Store 14" not in main
    fill(ana, "name", "Ana (Lucy's sister)")
    fill(ana, "contact", "ana@example.org")
    ana.find_element(By.CSS_SELECTOR, "input[name='shifts[]']").click()
    submit(ana, "Sign up")
    WebDriverWait(ana, 10).until(lambda d: "You signed up, Ana (Lucy's sister)" in d.find_element(By.TAG_NAME, "main").text)
    assert "yours" in ana.find_element(By.TAG_NAME, "main").text
    submit(ana, "I called")
    ana.save_screenshot(str(screenshots / "supporter-390.png"))
    # All a supporter sees is the action: not the assembly, its members or its chat.
    ana.get(url)
    assert "/login" in ana.current_url
    ana.get(server.base + "/supporter")
    assert [a.text for a in ana.find_elements(By.CSS_SELECTOR, "main li a")] == ["Picket the depot"]

    # The assembly sees the supporter and the rota's coverage (live on Lucy's open page).
    WebDriverWait(lucy, 10).until(lambda d: "Ana (Lucy's sister)" in d.find_element(By.ID, "supporters").text)
    rosa.get(action)
    assert rosa.find_element(By.CSS_SELECTOR, ".supporter-count").text == "1"
    assert rosa.find_element(By.CSS_SELECTOR, ".coverage").text == "1 of 2"
    assert "Ana (Lucy's sister)" in rosa.find_element(By.ID, "supporters").text

    # A hostile name is refused with the reason, from a browser without scripts (which waits).
    eve = browsers(javascript=False)
    eve.get(public)
    fill(eve, "name", "<img src=x onerror=alert(1)>")
    import time
    time.sleep(10.5)
    submit(eve, "Sign up")
    assert "may not contain < or >" in eve.find_element(By.CSS_SELECTOR, ".error").text

    # A guessed address is unknown; a withdrawn page says so.
    status, _ = fetch(server.base + "/s/" + "A" * 43)
    assert status == 404
    submit(rosa, "Withdraw the page now")
    ana.get(public)
    assert "withdrew" in ana.find_element(By.TAG_NAME, "main").text
