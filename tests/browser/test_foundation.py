"""The foundation's first journey, in real browsers: a founder and a coworker, two profiles."""
from selenium.webdriver.common.by import By

from pages import fill, submit


def test_found_invite_join_audit_sessions_and_delete(server, browsers, screenshots):
    founder = browsers()
    # 1-2. The printed link lets the first person in; they found an assembly.
    founder.get(server.first_link)
    assert "You are the first person here" in founder.page_source
    fill(founder, "pseudonym", "Rosa")
    fill(founder, "passphrase", "bread and roses too")
    submit(founder, "Create my account")
    assert founder.find_element(By.TAG_NAME, "h1").text == "Your assemblies"
    fill(founder, "name", "Store 14 workers")
    submit(founder, "Found assembly")
    assembly_url = founder.current_url
    assert "/a/" in assembly_url
    assert founder.find_element(By.TAG_NAME, "h1").text == "Store 14 workers"

    # 3. A single-use invite link, opened by a coworker on their phone.
    submit(founder, "Create invite link")
    link = founder.find_element(By.ID, "link").get_attribute("value")
    assert "/join/" in link
    coworker = browsers()
    coworker.get(link.replace("http://127.0.0.1:8080", server.base))
    assert "Join Store 14 workers" in coworker.page_source
    fill(coworker, "pseudonym", "Lucy")
    fill(coworker, "passphrase", "picket line at dawn")
    submit(coworker, "Join")
    assert coworker.current_url == assembly_url

    # 4. Both see members, rules and the audit log.
    founder.get(assembly_url)
    for driver in (founder, coworker):
        members = driver.find_element(By.ID, "members").text
        assert "Rosa" in members and "Lucy" in members and "invited by Rosa" in members
        rules = driver.find_element(By.ID, "rules").text
        assert "Messages are kept for" in rules and "90 days" in rules
        log = driver.find_element(By.ID, "log").text
        assert "Rosa founded the assembly" in log
        assert "Lucy joined, invited by Rosa." in log
    founder.save_screenshot(str(screenshots / "assembly-390.png"))
    page_width = founder.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= 390, f"the page scrolls sideways on a phone ({page_width}px)"

    # The coworker cannot open another assembly's page.
    founder.get(server.base + "/")
    fill(founder, "name", "Janitors")
    submit(founder, "Found assembly")
    other_url = founder.current_url
    coworker.get(other_url)
    assert "Not found" in coworker.find_element(By.TAG_NAME, "h1").text
    assert "Janitors" not in coworker.page_source

    # 5. Log out, log in, see and revoke sessions, delete the account.
    coworker.get(server.base + "/account")
    submit(coworker, "Sign out")
    coworker.get(server.base + "/login")
    fill(coworker, "pseudonym", "Lucy")
    fill(coworker, "passphrase", "picket line at dawn")
    submit(coworker, "Sign in")
    assert "Your assemblies" in coworker.page_source
    second_device = browsers()
    second_device.get(server.base + "/login")
    fill(second_device, "pseudonym", "lucy")
    fill(second_device, "passphrase", "picket line at dawn")
    submit(second_device, "Sign in")
    coworker.get(server.base + "/account")
    assert "this device" in coworker.page_source
    submit(coworker, "Sign out this device")
    second_device.get(assembly_url)
    assert "/login" in second_device.current_url  # revoked remotely

    coworker.get(server.base + "/account")
    fill(coworker, "passphrase", "picket line at dawn")
    coworker.execute_script("window.confirm = () => true")
    submit(coworker, "Delete my account")
    assert "Account deleted" in coworker.page_source
    founder.get(assembly_url)
    assert "A member deleted their account and left." in founder.find_element(By.ID, "log").text
    assert "Lucy" not in founder.find_element(By.ID, "members").text


def test_pages_work_without_javascript(server, browsers):
    driver = browsers(javascript=False)
    driver.get(server.first_link)
    fill(driver, "pseudonym", "Rosa")
    fill(driver, "passphrase", "bread and roses too")
    submit(driver, "Create my account")
    fill(driver, "name", "No script assembly")
    submit(driver, "Found assembly")
    assert driver.find_element(By.TAG_NAME, "h1").text == "No script assembly"
    submit(driver, "Create invite link")
    assert "/join/" in driver.find_element(By.ID, "link").get_attribute("value")


def test_hostile_names_are_refused_and_shown_escaped(server, browsers):
    driver = browsers()
    driver.get(server.first_link)
    fill(driver, "pseudonym", "<img src=x onerror=alert(1)>")
    fill(driver, "passphrase", "bread and roses too")
    submit(driver, "Create my account")
    assert "letters, digits, spaces" in driver.find_element(By.CLASS_NAME, "problem").text
    assert driver.find_element(By.NAME, "pseudonym").get_attribute("value") == "<img src=x onerror=alert(1)>"
    assert not driver.find_elements(By.XPATH, "//img[@src='x']")
