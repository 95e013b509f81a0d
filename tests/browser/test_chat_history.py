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


def test_a_reaction_is_seen_live_by_another_member(server, browsers, screenshots):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    general_channel(rosa, url)
    general_channel(lucy, url)
    send(rosa, "Walkout at noon?")
    wait_for_text(lucy, "Walkout at noon?")
    # Lucy reacts with a raised fist, from the six under the message.
    message = lucy.find_element(By.XPATH, "//article[contains(@class,'msg')][.//p[contains(.,'Walkout at noon?')]]")
    message.find_element(By.CSS_SELECTOR, "details.react-more summary").click()
    message.find_element(By.CSS_SELECTOR, "button.reaction-choice[value=fist]").click()
    WebDriverWait(lucy, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "button.reaction.mine[data-reaction=fist]"))
    # Rosa's open page counts it without reloading.
    WebDriverWait(rosa, 10).until(
        lambda d: [b.text for b in d.find_elements(By.CSS_SELECTOR, "button.reaction[data-reaction=fist] .count")] == ["1"])
    rosa.save_screenshot(str(screenshots / "reaction-390.png"))


def test_search_finds_a_message_of_the_assembly_and_none_of_another(server, browsers, screenshots):
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    janitors = found(rosa, server.base, "Janitors")
    general_channel(rosa, janitors)
    send(rosa, "Janitors strike on Monday")
    wait_for_text(rosa, "Janitors strike")
    general_channel(rosa, store14)
    send(rosa, "Store 14 strikes on Friday at noon")
    wait_for_text(rosa, "Store 14 strikes")
    rosa.find_element(By.LINK_TEXT, "Search the chat").click()
    box = rosa.find_element(By.ID, "q")
    box.send_keys('strike "OR" NEAR(')
    old = rosa.find_element(By.TAG_NAME, "html")
    rosa.find_element(By.XPATH, "//button[normalize-space()='Search']").click()
    WebDriverWait(rosa, 10).until(lambda d: d.find_elements(By.ID, "results-h") or d.find_elements(By.CSS_SELECTOR, ".error"))
    results = [li.text for li in rosa.find_elements(By.CSS_SELECTOR, "ul.results li")]
    rosa.save_screenshot(str(screenshots / "search-390.png"))
    # Every word must match: "or" and "near" are words here, not syntax; none has them.
    assert results == []
    rosa.get(store14.replace("/a/", "/a/") + "/search?q=strike")
    results = [li.text for li in rosa.find_elements(By.CSS_SELECTOR, "ul.results li")]
    assert len(results) == 1 and "Store 14 strikes on Friday" in results[0] and "Janitors" not in results[0]
    rosa.find_element(By.CSS_SELECTOR, "ul.results li a").click()
    WebDriverWait(rosa, 10).until(lambda d: "/c/" in d.current_url)
