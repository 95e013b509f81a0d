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
    labels = [label.text for label in spanish.find_elements(By.CSS_SELECTOR, "form label")]
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
