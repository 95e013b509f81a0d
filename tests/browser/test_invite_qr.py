"""Invites by QR code (issue 12): the invite page shows the link as a QR code made on the server;
a real reader (Debian's zbar-tools) decodes a screenshot of it, and the decoded link works."""
import subprocess
import tempfile

from selenium.webdriver.common.by import By

from pages import found, sign_up, submit


def test_an_invite_qr_code_decodes_to_a_working_link(server, browsers, screenshots):
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    rosa.get(url)
    submit(rosa, "Create invite link")
    link = rosa.find_element(By.ID, "link").get_attribute("value")
    code = rosa.find_element(By.CSS_SELECTOR, "svg.qr")
    assert code.get_attribute("aria-label") == "QR code of the invite link"
    rosa.execute_script("arguments[0].scrollIntoView()", code)
    rosa.save_screenshot(str(screenshots / "invite-qr-390.png"))
    image = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    with open(image, "wb") as f:
        f.write(code.screenshot_as_png)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", image], capture_output=True, text=True, check=True).stdout.strip()
    assert decoded == link
    # The link the phone read works: Lucy joins with it.
    sign_up(lucy, decoded.replace("http://127.0.0.1:8080", server.base), "Lucy")
    lucy.get(url)
    assert "Store 14 workers" in lucy.find_element(By.TAG_NAME, "h1").text
