"""Wildcat on a phone: it installs (a manifest, icons, a service worker, as Chromium judges
them); when the server is out of reach, the offline page shows the last messages this device
kept, only if the member allowed it, and "Wipe this device" removes them; every page fits
320 px without scrolling sideways, in light and dark."""
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import found, sign_up, submit, wait_for_text
from test_chat import general_channel, send


def worker_state(driver):
    """The state of the service worker controlling this origin, once one is ready."""
    driver.set_script_timeout(20)
    return driver.execute_async_script("""
      const done = arguments[arguments.length - 1];
      navigator.serviceWorker.ready.then((r) => done(r.active && r.active.state), () => done(null));
    """)


def saved(driver):
    return driver.execute_script("return localStorage.getItem('wildcat.saved')")


def test_the_app_installs_and_shows_what_the_device_kept_once_the_server_is_gone(server, browsers, screenshots):
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")

    manifest = json.load(urllib.request.urlopen(server.base + "/manifest.webmanifest"))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert urllib.request.urlopen(server.base + icon["src"]).headers["Content-Type"] == "image/png"
    assert worker_state(rosa) == "activated"
    rosa.get(store14)
    assert rosa.execute_script("return Boolean(navigator.serviceWorker.controller)")
    # What Chromium checks before it offers to install the app.
    errors = rosa.execute_cdp_cmd("Page.getInstallabilityErrors", {})["installabilityErrors"]
    assert errors == [], errors

    # Nothing is kept until Rosa allows it.
    channel = general_channel(rosa, store14)
    send(rosa, "Leaflets are in the break room")
    wait_for_text(rosa, "Leaflets are in the break room")
    time.sleep(0.3)
    assert saved(rosa) is None
    keep_on_this_device(rosa, server.base)
    rosa.save_screenshot(str(screenshots / "account-device-390.png"))
    rosa.get(channel)
    time.sleep(0.5)
    send(rosa, "Picket at six, bring the banner")
    WebDriverWait(rosa, 5).until(lambda d: "Picket at six" in (saved(d) or ""))

    # What the service worker keeps is the offline page and its files, nothing of Rosa's.
    rosa.set_script_timeout(20)
    cached = rosa.execute_async_script("""
      const done = arguments[arguments.length - 1];
      (async () => {
        const urls = [];
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
        const offline = await (await caches.match("/offline")).text();
        return { urls: urls.sort(), offline };
      })().then(done, (e) => done({ error: String(e) }));
    """)
    assert cached["urls"] == sorted(["/offline", "/static/app.css", "/static/device.js", "/static/offline.js", "/static/icon-192.png"]), cached
    assert "Rosa" not in cached["offline"] and "csrf\" value=\"\"" in cached["offline"].replace("'", "\"")

    # The server goes away: the channel's address shows the offline page, with what was kept.
    server.stop()
    rosa.get(channel)
    WebDriverWait(rosa, 10).until(lambda d: "You are offline" in d.find_element(By.TAG_NAME, "h1").text)
    kept = rosa.find_element(By.ID, "saved").text
    assert "Picket at six, bring the banner" in kept and "Leaflets are in the break room" in kept
    assert "Store 14 workers" in kept and "#general" in kept
    rosa.save_screenshot(str(screenshots / "offline-390.png"))
    rosa.find_element(By.CSS_SELECTOR, "#main [data-wipe-device]").click()
    WebDriverWait(rosa, 5).until(lambda d: "Picket" not in d.find_element(By.ID, "saved").text)
    assert saved(rosa) is None
    assert "Nothing is kept on this device" in rosa.find_element(By.ID, "saved").text


def keep_on_this_device(driver, base, on=True):
    driver.get(base + "/account")
    device = driver.find_element(By.ID, "device")
    box = device.find_element(By.CSS_SELECTOR, "[data-keep]")
    if box.is_selected() != on:
        box.click()
    WebDriverWait(driver, 5).until(lambda d: ("will be kept" if on else "Nothing is kept") in device.text)


def test_turning_it_off_or_signing_out_wipes_what_the_device_kept(server, browsers):
    rosa = browsers()
    sign_up(rosa, server.first_link, "Rosa")
    store14 = found(rosa, server.base, "Store 14 workers")
    keep_on_this_device(rosa, server.base)
    channel = general_channel(rosa, store14)
    send(rosa, "Meet at the gate")
    WebDriverWait(rosa, 5).until(lambda d: "Meet at the gate" in (saved(d) or ""))
    keep_on_this_device(rosa, server.base, on=False)
    assert saved(rosa) is None

    keep_on_this_device(rosa, server.base)
    rosa.get(channel)
    WebDriverWait(rosa, 5).until(lambda d: "Meet at the gate" in (saved(d) or ""))
    submit(rosa, "Sign out")
    assert saved(rosa) is None
