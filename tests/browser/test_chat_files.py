"""Photos and files in a real browser at 390 px (issue 13): a phone photo sent through the
channel's form reaches another member live, and the copy served has no EXIF at all, as read by
Pillow."""
import base64
import io
from pathlib import Path

from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pages import found, invite_link, sign_up, wait_for_text
from test_chat import general_channel

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "WildcatImagesTests" / "Fixtures"


def fetch_bytes(driver, url):
    """The bytes the browser gets for a URL, with its own session."""
    encoded = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
          let s = ""; const a = new Uint8Array(b);
          for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
          done(btoa(s));
        }).catch(e => done("ERROR " + e));
    """, url)
    assert not encoded.startswith("ERROR"), encoded
    return base64.b64decode(encoded)


def submit(driver):
    """Sends the photo form and waits for the page it leads to."""
    button = driver.find_element(By.CSS_SELECTOR, "details.attach button[type=submit]")
    button.click()
    WebDriverWait(driver, 15).until(EC.staleness_of(button))


def test_a_photo_reaches_another_member_live_without_its_exif(server, browsers, screenshots):
    original = FIXTURES / "gps.jpg"
    exif = Image.open(original).getexif()
    assert exif.get(0x010F) == "Fairphone" and exif.get_ifd(0x8825), "the fixture carries a location"
    rosa, lucy = browsers(), browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
    general_channel(lucy, url)
    general_channel(rosa, url)
    rosa.find_element(By.CSS_SELECTOR, "details.attach summary").click()
    rosa.find_element(By.ID, "file").send_keys(str(original))
    rosa.find_element(By.ID, "caption").send_keys("The new rota")
    submit(rosa)
    wait_for_text(rosa, "The new rota")
    # Lucy's open page shows it without reloading.
    WebDriverWait(lucy, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#messages a.photo img"))
    image = lucy.find_element(By.CSS_SELECTOR, "#messages a.photo img")
    WebDriverWait(lucy, 10).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert lucy.execute_script("return arguments[0].naturalWidth", image) == 900
    lucy.save_screenshot(str(screenshots / "photo-390.png"))
    served = Image.open(io.BytesIO(fetch_bytes(lucy, image.get_attribute("src"))))
    assert served.format == "JPEG" and served.size == (900, 1200)
    assert len(served.getexif()) == 0
    assert "exif" not in served.info and "xmp" not in served.info and "icc_profile" not in served.info


def test_a_file_that_lies_about_its_type_is_refused_with_its_reason(server, browsers, tmp_path):
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    url = found(rosa, server.base, "Store 14 workers")
    general_channel(rosa, url)
    fake = tmp_path / "rota.jpg"
    fake.write_bytes(b"%PDF-1.7\nnot a photo at all\n")
    rosa.find_element(By.CSS_SELECTOR, "details.attach summary").click()
    rosa.find_element(By.ID, "file").send_keys(str(fake))
    submit(rosa)
    problem = rosa.find_element(By.CSS_SELECTOR, "details.attach[open] .problem[role=alert]")
    assert problem.text == "The file says it is a JPEG image, but it is not one."
    assert not rosa.find_elements(By.CSS_SELECTOR, "#messages .photo, #messages .file")
