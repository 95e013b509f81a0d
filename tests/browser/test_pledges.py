"""Sealed threshold pledges in real browsers at 390 px (issue 11): the count only, until the
threshold reveals the pledgers to each other only; a pledge whose deadline passes reveals nobody."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import fill, found, invite_link, sign_up, submit


def make_pledge(driver, url, text, share="", count="", days=2.0):
    driver.get(url + "/pledges")
    fill(driver, "text", text)
    fill(driver, "share", share)
    fill(driver, "count", count)
    field = driver.find_element(By.NAME, "deadlineLocal")
    deadline = datetime.datetime.now() + datetime.timedelta(days=days)
    driver.execute_script("arguments[0].value = arguments[1]", field, deadline.strftime("%Y-%m-%dT%H:%M"))
    submit(driver, "Make the pledge")
    return driver.current_url


def test_a_pledge_reveals_its_pledgers_to_each_other_only_and_an_expired_one_nobody(server, browsers, screenshots):
    rosa, lucy, karl = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    sign_up(karl, invite_link(rosa, url, server.base), "Karl")

    pledge = make_pledge(rosa, url, "Walk out on Friday at noon", share="60")
    assert "/pledges/" in pledge
    rosa.save_screenshot(str(screenshots / "pledge-open-390.png"))
    # Karl watches the pledge; he sees the count, never who.
    karl.get(pledge)
    assert karl.find_element(By.CSS_SELECTOR, ".pledged").text == "1"
    assert "Rosa" not in karl.find_element(By.TAG_NAME, "main").text
    # Lucy pledges: 2 of 3 is at least 60 %. The pledgers see each other; Karl's page says it was
    # reached (live), and still names nobody.
    lucy.get(pledge)
    submit(lucy, "I pledge")
    names = [li.text for li in lucy.find_elements(By.CSS_SELECTOR, ".pledgers li")]
    assert sorted(names) == ["Lucy", "Rosa"]
    lucy.save_screenshot(str(screenshots / "pledge-reached-390.png"))
    WebDriverWait(karl, 10).until(lambda d: "The threshold was reached" in d.find_element(By.TAG_NAME, "main").text)
    main = karl.find_element(By.TAG_NAME, "main").text
    assert "Rosa" not in main and "Lucy" not in main and "Only those who pledged see who they are" in main
    rosa.get(pledge)
    assert sorted(li.text for li in rosa.find_elements(By.CSS_SELECTOR, ".pledgers li")) == ["Lucy", "Rosa"]
    # It can become a proposal.
    rosa.find_element(By.LINK_TEXT, "Propose it as a decision").click()
    assert rosa.find_element(By.NAME, "title").get_attribute("value") == "Walk out on Friday at noon"

    # Another pledge needs all three; its deadline passes with two: nobody is ever revealed.
    other = make_pledge(rosa, url, "Refuse the Sunday shift", count="3", days=0.1)
    lucy.get(other)
    submit(lucy, "I pledge")
    assert lucy.find_element(By.CSS_SELECTOR, ".pledged").text == "2"
    server.advance_clock(3 * 3600)
    WebDriverWait(lucy, 15).until(lambda d: "nobody was revealed" in d.find_element(By.TAG_NAME, "main").text)
    for driver in (rosa, lucy, karl):
        driver.get(other)
        main = driver.find_element(By.TAG_NAME, "main").text
        assert "nobody was revealed" in main and "Rosa" not in main and not driver.find_elements(By.CSS_SELECTOR, ".pledgers")
    lucy.save_screenshot(str(screenshots / "pledge-expired-390.png"))
