"""Direct messages in a real browser at 390 px (issue 13): Rosa writes to Lucy; Lucy's open
conversation shows it live, a page elsewhere announces it to her, and Nina, a third member of
the same assembly with her channel open, receives nothing."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pages import found, invite_link, sign_up
from test_chat import general_channel


def open_conversation(driver, assembly_url, to):
    driver.get(assembly_url + "/direct")
    box = driver.find_element(By.ID, "to")
    box.send_keys(to)
    button = driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]")
    button.click()
    WebDriverWait(driver, 10).until(EC.staleness_of(button))
    time.sleep(0.5)  # the live socket connects once the page's script runs
    return driver.current_url


def write(driver, text):
    """Sends from the open conversation; the message comes back live into the sender's page."""
    box = driver.find_element(By.ID, "body")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: text in d.find_element(By.ID, "messages").text)


def test_a_direct_message_reaches_only_the_other_member_live(server, browsers, screenshots):
    rosa, lucy, nina = browsers(), browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    sign_up(nina, invite_link(rosa, url, server.base), "Nina")
    conversation = open_conversation(rosa, url, "Lucy")
    # Lucy has the conversation open; Nina reads #general.
    lucy.get(conversation)
    time.sleep(0.5)
    general_channel(nina, url)
    write(rosa, "Can you cover the gate at six?")
    WebDriverWait(lucy, 10).until(lambda d: "Can you cover the gate at six?" in d.find_element(By.ID, "messages").text)
    lucy.save_screenshot(str(screenshots / "direct-message-390.png"))
    # Elsewhere, Lucy is told a message came; Nina is told nothing.
    general_channel(lucy, url)
    rosa.get(conversation)
    time.sleep(0.5)
    write(rosa, "And bring the banner")
    WebDriverWait(lucy, 10).until(lambda d: any("New direct message from Rosa" in t.text for t in d.find_elements(By.CSS_SELECTOR, ".toast")))
    time.sleep(1)
    assert not nina.find_elements(By.CSS_SELECTOR, ".toast")
    assert "cover the gate" not in nina.page_source and "banner" not in nina.page_source
    # Nina cannot open it by its address.
    nina.get(conversation)
    assert "cover the gate" not in nina.page_source
    assert "Not found" in nina.find_element(By.TAG_NAME, "main").text or "not found" in nina.page_source.lower()
