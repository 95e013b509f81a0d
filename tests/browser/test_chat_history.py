"""History for newcomers in a real browser at 390 px (issue 13): under the default rule, someone
who joins reads the chat only from their joining on."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import found, invite_link, sign_up, wait_for_text
from test_chat import general_channel, send


def test_a_newcomer_reads_the_chat_only_from_their_joining(server, browsers, screenshots):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    general = general_channel(rosa, url)
    send(rosa, "Before anyone new: we meet at the gate at six")
    wait_for_text(rosa, "we meet at the gate")
    link = invite_link(rosa, url, server.base)
    sign_up(lucy, link, "Lucy")
    general_channel(rosa, url)
    send(rosa, "Welcome, Lucy")
    lucy.get(general)
    WebDriverWait(lucy, 10).until(lambda d: "Welcome, Lucy" in d.find_element(By.ID, "messages").text)
    assert "meet at the gate" not in lucy.find_element(By.TAG_NAME, "main").text
    lucy.save_screenshot(str(screenshots / "newcomer-history-390.png"))
    # Rosa, who was there, still reads it.
    rosa.get(general)
    assert "meet at the gate" in rosa.find_element(By.ID, "messages").text
