"""Helpers for driving Wildcat's pages like a person would."""
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait


def fill(driver, field, text):
    element = driver.find_element(By.NAME, field)
    element.clear()
    element.send_keys(text)


def submit(driver, label):
    """Clicks a button and waits for the next page to replace this one."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']").click()

    def replaced(_):
        try:
            old_page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
    # Works with scripts disabled too; a node caught mid-navigation raises other errors: retry.
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(replaced)


def sign_up(driver, link, pseudonym, passphrase="bread and roses too"):
    driver.get(link)
    fill(driver, "pseudonym", pseudonym)
    fill(driver, "passphrase", passphrase)
    button = "Create my account" if "first person" in driver.page_source else "Join"
    submit(driver, button)


def found(driver, base, name):
    driver.get(base + "/")
    fill(driver, "name", name)
    submit(driver, "Found assembly")
    return driver.current_url


def invite_link(driver, assembly_url, base):
    driver.get(assembly_url)
    submit(driver, "Create invite link")
    return driver.find_element(By.ID, "link").get_attribute("value").replace("http://127.0.0.1:8080", base)


def wait_for_text(driver, text, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.ID, "messages").text)


def absent(driver, by, value):
    """True when no such element is on the page, without waiting for one to appear."""
    driver.implicitly_wait(0)
    try:
        return not driver.find_elements(by, value)
    finally:
        driver.implicitly_wait(5)


def api(base, method, path, body=None, token=None):
    """Calls the JSON API directly (for setting up what a test is not about)."""
    import json
    import urllib.request
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/api/v1" + path, method=method, data=data, headers=headers)
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None
