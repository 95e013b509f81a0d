"""Live chat in real browsers: two members see each other's messages and replies appear live;
a member of another assembly sees none of it."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from pages import found, invite_link, sign_up, submit, wait_for_text


def general_channel(driver, assembly_url):
    driver.get(assembly_url)
    driver.find_element(By.PARTIAL_LINK_TEXT, "#general").click()
    WebDriverWait(driver, 10).until(lambda d: "/c/" in d.current_url)
    # The live socket connects once the page's script runs.
    time.sleep(0.5)
    return driver.current_url


def send(driver, text):
    box = driver.find_element(By.ID, "body")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "body").get_attribute("value") == "")


def test_two_members_chat_live_and_an_outsider_sees_nothing(server, browsers, screenshots):
    rosa, lucy, carol = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, store14, server.base), "Lucy")
    janitors = found(rosa, server.base, "Janitors")
    sign_up(carol, invite_link(rosa, janitors, server.base), "Carol")

    rosa_channel = general_channel(rosa, store14)
    general_channel(lucy, store14)
    general_channel(carol, janitors)

    send(rosa, "Walkout at noon? **Everyone** in.")
    wait_for_text(lucy, "Walkout at noon?")
    assert lucy.find_element(By.CSS_SELECTOR, "#messages .body strong").text == "Everyone"
    send(lucy, "Count me in @rosa")
    wait_for_text(rosa, "Count me in")
    # One time format on the page, in the reader's zone: live-inserted messages too.
    times = [t.text for t in rosa.find_elements(By.CSS_SELECTOR, "#messages time")]
    assert len(times) == 2 and not any("UTC" in t for t in times), times

    # A reply in the thread: Rosa's channel view counts it live, then her thread view shows the next one live.
    first = lucy.find_element(By.XPATH, "//article[contains(., 'Walkout at noon')]")
    first.find_element(By.CSS_SELECTOR, "a.replies").click()
    WebDriverWait(lucy, 10).until(lambda d: "/m/" in d.current_url)
    time.sleep(0.5)
    send(lucy, "I'll bring the banner")
    WebDriverWait(rosa, 10).until(lambda d: "1 reply" in d.find_element(By.ID, "messages").text)
    rosa.find_element(By.PARTIAL_LINK_TEXT, "1 reply").click()
    WebDriverWait(rosa, 10).until(lambda d: "/m/" in d.current_url)
    assert "I'll bring the banner" in rosa.find_element(By.ID, "messages").text
    time.sleep(0.5)
    send(lucy, "And the thermos")
    wait_for_text(rosa, "And the thermos")
    rosa.save_screenshot(str(screenshots / "thread-390.png"))

    # Carol, in another assembly, got none of it, though her own channel works live.
    send(carol, "Janitors only")
    wait_for_text(carol, "Janitors only")
    text = carol.find_element(By.TAG_NAME, "body").text
    for secret in ("Walkout", "Count me in", "banner", "thermos"):
        assert secret not in text
    rosa.get(rosa_channel)
    rosa.save_screenshot(str(screenshots / "channel-390.png"))


def test_a_message_deleted_while_others_watch_goes_as_on_a_reload(server, browsers):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, store14, server.base), "Lucy")
    channel = general_channel(rosa, store14)
    general_channel(lucy, store14)
    send(lucy, "oops, wrong chat")
    wait_for_text(rosa, "oops, wrong chat")
    own = lucy.find_element(By.XPATH, "//article[contains(., 'oops, wrong chat')]")
    lucy.get(own.find_element(By.LINK_TEXT, "Edit").get_attribute("href"))
    rosa_before = rosa.find_element(By.ID, "messages").text
    assert "oops" in rosa_before
    lucy.execute_script("window.confirm = () => true")
    submit(lucy, "Delete this message")
    # Rosa, watching, sees what a reload shows: nothing, and no Reply link to nothing.
    WebDriverWait(rosa, 10).until(lambda d: "oops" not in d.find_element(By.ID, "messages").text)
    assert "Message deleted" not in rosa.find_element(By.ID, "messages").text
    rosa.get(channel)
    assert "oops" not in rosa.find_element(By.TAG_NAME, "main").text and "Message deleted" not in rosa.page_source
