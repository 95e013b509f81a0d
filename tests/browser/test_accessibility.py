"""Everyone can use Wildcat: axe-core 4.9 (WCAG 2.1 A and AA rules; from PyPI's
selenium-axe-python, the maintained fork of axe-selenium-python, whose axe-core predates the
WCAG 2.1 rules) finds nothing serious or
critical on the pages of a member's journey, at 320 px and 390 px, in light and dark; no page
scrolls sideways at 320 px; and the journey (join, post, vote) works with the keyboard alone."""
import time

from selenium_axe_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from pages import fill, found, invite_link, sign_up, submit, wait_for_text
from test_chat import general_channel, send

WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def journey_pages(driver, base):
    """A member's pages, with something on each (a message, a reply, an open vote)."""
    store14 = found(driver, base, "Store 14 workers")
    link = invite_link(driver, store14, base)
    channel = general_channel(driver, store14)
    send(driver, "Walkout at noon? **Everyone** in.")
    wait_for_text(driver, "Walkout at noon?")
    driver.find_element(By.CSS_SELECTOR, "a.replies").click()
    WebDriverWait(driver, 10).until(lambda d: "/m/" in d.current_url)
    thread = driver.current_url
    driver.get(store14 + "/p/new?method=yesno")
    fill(driver, "title", "Strike on Friday?")
    driver.find_element(By.CSS_SELECTOR, "input[name=closes][value='2h']").click()
    submit(driver, "Propose")
    proposal = driver.current_url
    member = [base + "/", store14, store14 + "/invites", channel, thread, store14 + "/p",
              store14 + "/p/new", store14 + "/p/new?method=yesno", proposal, store14 + "/meetings", store14 + "/pledges",
              base + "/account", base + "/account/alerts", base + "/about/safety", base + "/about/decisions", base + "/offline"]
    return member, [base + "/login", link]


def serious(driver):
    Axe(driver).inject()
    driver.set_script_timeout(60)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, (e) => done({error: String(e)}));", WCAG21AA)
    assert "error" not in results, results["error"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_of_the_journey_is_axe_clean_and_fits_320_px(server, browsers, screenshots):
    rosa = browsers(width=320, height=740)
    sign_up(rosa, server.first_link, "Rosa")
    member, visitor = journey_pages(rosa, server.base)
    stranger = browsers(width=320, height=740)
    problems = {}
    for scheme in ("light", "dark"):
        for driver, addresses in ((rosa, member), (stranger, visitor)):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            for address in addresses:
                driver.get(address)
                time.sleep(0.2)
                found_here = serious(driver)
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                if wide > 320:
                    found_here.append(f"scrolls sideways: {wide} px wide at 320 px")
                if found_here:
                    problems[f"{scheme} {address.replace(server.base, '')}"] = found_here
    rosa.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    rosa.get(member[3])
    rosa.save_screenshot(str(screenshots / "channel-dark-320.png"))
    background = rosa.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 19)", background
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())


def tab_to(driver, matches, limit=60):
    """Presses Tab until the focused element matches; fails if it never does (a trap, or missing)."""
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        focused = driver.switch_to.active_element
        if matches(focused):
            # Focus is visible: the focus ring is drawn.
            outline = driver.execute_script("const s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.outlineWidth", focused)
            assert not outline.startswith("none"), f"no visible focus on {focused.tag_name}: {outline}"
            return focused
    raise AssertionError("never reached by Tab")


def test_join_post_and_vote_with_the_keyboard_alone(server, browsers):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    link = invite_link(rosa, store14, server.base)
    rosa.get(store14 + "/p/new?method=yesno")
    fill(rosa, "title", "Strike on Friday?")
    rosa.find_element(By.CSS_SELECTOR, "input[name=closes][value='2h']").click()
    submit(rosa, "Propose")
    proposal = rosa.current_url

    # Join: Tab to each field, type, Enter.
    lucy.get(link)
    tab_to(lucy, lambda e: e.get_attribute("name") == "pseudonym").send_keys("Lucy")
    tab_to(lucy, lambda e: e.get_attribute("name") == "passphrase").send_keys("bread and roses too", Keys.ENTER)
    WebDriverWait(lucy, 10).until(lambda d: "/a/" in d.current_url or d.find_elements(By.LINK_TEXT, "Store 14 workers"))

    # Post: from the assembly page to #general and the message box, by keyboard.
    lucy.get(store14)
    tab_to(lucy, lambda e: e.tag_name == "a" and "#general" in e.text).send_keys(Keys.ENTER)
    WebDriverWait(lucy, 10).until(lambda d: "/c/" in d.current_url)
    time.sleep(0.5)
    tab_to(lucy, lambda e: e.get_attribute("id") == "body").send_keys("Count me in", Keys.ENTER)
    wait_for_text(lucy, "Count me in")

    # Vote: Tab to "yes", Space, Tab to the button, Enter.
    lucy.get(proposal)
    tab_to(lucy, lambda e: e.get_attribute("name") == "choice" and e.get_attribute("value") == "yes").send_keys(Keys.SPACE)
    tab_to(lucy, lambda e: e.tag_name == "button" and "Cast vote" in e.text).send_keys(Keys.ENTER)
    WebDriverWait(lucy, 10).until(lambda d: "Your vote: yes" in d.page_source)
