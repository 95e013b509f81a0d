"""Pages in the reader's language, from the browser's Accept-Language: the first person is
welcomed in French and signs up there; a Spanish browser signs in in Spanish; an Arabic one gets
the page right to left. (Only the sign-up and sign-in pages and the layout are translated so
far: issue 17, in part.)"""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import fill, submit


def test_french_and_spanish_readers_sign_up_and_in_in_their_language(server, browsers, screenshots):
    french = browsers(language="fr-FR,fr,en")
    french.get(server.first_link)
    assert french.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert french.find_element(By.TAG_NAME, "h1").text == "Bienvenue sur Wildcat"
    assert "Ni adresse e-mail ni numéro de téléphone" in french.page_source
    french.save_screenshot(str(screenshots / "join-fr-390.png"))
    fill(french, "pseudonym", "Rosa")
    fill(french, "passphrase", "du pain et des roses")
    submit(french, "Créer mon compte")
    assert french.find_element(By.XPATH, "//button[normalize-space()='Se déconnecter']")

    spanish = browsers(language="es-ES,es")
    spanish.get(server.base + "/login")
    assert spanish.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    labels = [label.text for label in spanish.find_elements(By.CSS_SELECTOR, "main form label")]
    assert labels == ["Seudónimo", "Frase de contraseña"], labels
    fill(spanish, "pseudonym", "Rosa")
    fill(spanish, "passphrase", "du pain et des roses")
    submit(spanish, "Entrar")
    assert spanish.find_element(By.XPATH, "//button[normalize-space()='Cerrar sesión']")

    # A browser asking for a language Wildcat lacks gets English.
    other = browsers(language="ja")
    other.get(server.base + "/login")
    assert other.find_element(By.TAG_NAME, "h1").text == "Sign in"


def test_an_arabic_reader_gets_the_page_right_to_left(server, browsers, screenshots):
    arabic = browsers(language="ar")
    arabic.get(server.base + "/login")
    html = arabic.find_element(By.TAG_NAME, "html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert arabic.find_element(By.TAG_NAME, "h1").text == "تسجيل الدخول"
    # The layout turns over: the brand sits on the right, labels start on the right.
    brand = arabic.find_element(By.CSS_SELECTOR, ".brand").rect
    assert brand["x"] > 390 / 2, brand
    label = arabic.find_element(By.CSS_SELECTOR, "label[for=pseudonym]").rect
    field = arabic.find_element(By.ID, "pseudonym").rect
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    assert arabic.execute_script("return document.documentElement.scrollWidth") <= 390
    arabic.save_screenshot(str(screenshots / "login-ar-390.png"))


def english_left(driver):
    """English texts of the catalog template still on the page, where German has its own words."""
    import polib
    from pathlib import Path
    locales = Path(__file__).resolve().parents[2] / "Sources/WildcatWeb/Resources/locales"
    german = {entry.msgid: entry.msgstr for entry in polib.pofile(str(locales / "de.po"))}
    text = driver.find_element(By.TAG_NAME, "body").text
    plain = lambda s: s.replace("<strong>", "").replace("</strong>", "")
    return [msgid for msgid, msgstr in german.items()
            if msgid != msgstr and "{{" not in msgid and plain(msgid) in text]


def test_a_member_switches_to_german_and_no_english_is_left(server, browsers, screenshots):
    from pages import found, invite_link, sign_up
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    link = invite_link(rosa, store14, server.base)
    rosa.get(store14)
    assert rosa.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    # The form at the foot of every page; it works without scripts.
    from selenium.webdriver.support.ui import Select
    Select(rosa.find_element(By.ID, "language")).select_by_visible_text("Deutsch")
    submit(rosa, "Change")
    assert rosa.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    assert rosa.current_url.startswith(store14), "the form comes back to the page it was on"
    assert rosa.find_element(By.XPATH, "//button[normalize-space()='Abmelden']")
    submit(rosa, "Abmelden")
    for address in (server.base + "/login", link):
        rosa.get(address)
        assert rosa.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
        assert english_left(rosa) == [], (address, english_left(rosa))
    rosa.save_screenshot(str(screenshots / "join-de-390.png"))
    # Back to what the browser says (English here).
    Select(rosa.find_element(By.ID, "language")).select_by_value("")
    submit(rosa, "Ändern")
    assert rosa.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Join Store 14 workers" in rosa.find_element(By.TAG_NAME, "h1").text


def test_the_language_form_refuses_what_it_does_not_know(server):
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(server.base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def choose(**fields):
        body = urllib.parse.urlencode({"csrf": csrf, **fields}).encode()
        try:
            response = opener.open(urllib.request.Request(server.base + "/language", data=body, method="POST"))
        except urllib.error.HTTPError as answer:
            response = answer
        return response.status, response.headers.get("Location"), response.headers.get_all("Set-Cookie") or []

    status, _, cookies = choose(language="xx", next="/login")
    assert status == 422 and cookies == []
    status, location, cookies = choose(language="fr", next="//evil.example/")
    assert (status, location) == (303, "/") and any(c.startswith("wc_lang=fr;") for c in cookies)
    status, location, cookies = choose(language="", next="/about/safety")
    assert (status, location) == (303, "/about/safety") and any(c.startswith("wc_lang=;") and "Max-Age=0" in c for c in cookies)
    status, _, _ = choose(next="/login")
    assert status == 303


def test_a_forged_language_cookie_or_header_is_ignored(server):
    import urllib.request
    for headers in ({"Cookie": "wc_lang=../../etc/passwd"}, {"Cookie": "wc_lang=<script>"},
                    {"Accept-Language": "x" * 3000 + ", fr;q=0.1"}, {"Accept-Language": ";;;,,q=abc"}):
        request = urllib.request.Request(server.base + "/login", headers=headers)
        page = urllib.request.urlopen(request).read().decode()
        expected = "fr" if "fr;q" in headers.get("Accept-Language", "") else "en"
        assert f'<html lang="{expected}"' in page, headers
        assert "passwd" not in page and "<script>" not in page
