"""Alerts beyond the open page (issue 11), end to end: web push through a test push service that
decrypts what it receives, and e-mail through a test SMTP relay that requires STARTTLS; the relay
misbehaving or down, and nothing lost or sent twice."""
import json
import re
import tempfile
import time
import urllib.request

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import tls_files
from conftest import free_port, running_server
from mail_server import MailServer
from pages import api, fill, found, invite_link, sign_up, submit
from push_service import PushService, verify_vapid

PASSPHRASE = "bread and roses too"
URGENT_RULES = {"whoMayInvite": "anyMember", "inviteExpiryHours": 168, "retentionDays": 90, "defaultQuorum": {"share": "1/4"},
                "defaultThreshold": {"fraction": "1/2", "rule": "moreThan"},
                "urgent": {"shortestMinutes": 60, "quorum": {"share": "1/10"}, "whoMayOpen": "anyMember"}}


def allow_urgent_votes(server, assembly, tokens):
    change = api(server.base, "POST", f"/assemblies/{assembly}/proposals",
                 {"title": "Allow urgent votes", "method": "yesno", "closesInMinutes": 600, "effect": {"rules": URGENT_RULES}}, tokens[0])
    for token in tokens:
        api(server.base, "POST", f"/assemblies/{assembly}/proposals/{change['proposal']['id']}/ballot", {"choice": "yes"}, token)


def urgent_vote(server, assembly, token, title):
    return api(server.base, "POST", f"/assemblies/{assembly}/proposals",
               {"title": title, "method": "yesno", "closesInMinutes": 120, "urgent": True}, token)["proposal"]["id"]


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics") as response:
        return response.read().decode()


def confirmation_link(mail, address, count, timeout=10):
    messages = mail.handler.wait_for(count, timeout)
    assert len(messages) >= count, "the confirmation e-mail did not arrive"
    _, to, message, _ = messages[count - 1]
    assert to == [address]
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"(http://\S+/alerts/confirm/\S+)", text).group(1)


def test_push_and_email_alerts_reach_the_member_and_say_nothing_of_the_vote(browsers, screenshots):
    tls = tls_files.make(tempfile.mkdtemp(prefix="wildcat-tls-"))
    push = PushService(tls)
    mail = MailServer(tls, port=free_port()).start()
    metrics_port = free_port()
    try:
        with running_server("--push-ca-file", tls["ca"], "--push-allow-host", "127.0.0.1", "--smtp-url", mail.url, "--smtp-ca-file", tls["ca"],
                            "--metrics-port", str(metrics_port)) as server:
            rosa, lucy = browsers(), browsers()
            sign_up(rosa, server.first_link, "Rosa")
            url = found(rosa, server.base, "Store 14 workers")
            assembly = url.rsplit("/", 1)[1]
            sign_up(lucy, invite_link(rosa, url, server.base), "Lucy")
            tokens = [api(server.base, "POST", "/sessions", {"pseudonym": name, "passphrase": PASSPHRASE})["token"] for name in ("Rosa", "Lucy")]
            allow_urgent_votes(server, assembly, tokens)

            # Lucy turns push on. Chromium grants the permission and registers the service worker;
            # its own push service (Google's) is out of reach here, so the subscription Wildcat
            # receives is one the test push service made, sent exactly as the page's script sends
            # a browser's: JSON with the page's anti-forgery token.
            lucy.execute_cdp_cmd("Browser.grantPermissions", {"origin": server.base, "permissions": ["notifications"]})
            lucy.get(server.base + "/account/alerts")
            WebDriverWait(lucy, 10).until(lambda d: d.execute_async_script(
                "const done = arguments[0]; navigator.serviceWorker.getRegistration('/').then(r => done(Boolean(r && r.active)));"))
            assert lucy.execute_script("return Notification.permission") == "granted"
            device = push.subscribe("lucy-phone")
            status = lucy.execute_async_script("""
                const [subscription, done] = arguments;
                fetch('/account/alerts/push', {method: 'POST', body: JSON.stringify(subscription),
                    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf]').content}})
                  .then(r => done(r.status));""", device.json())
            assert status == 201
            # A plain-http endpoint is refused.
            bad = dict(device.json(), endpoint="http://127.0.0.1:9/push/x")
            assert lucy.execute_async_script("""
                const [subscription, done] = arguments;
                fetch('/account/alerts/push', {method: 'POST', body: JSON.stringify(subscription),
                    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf]').content}})
                  .then(r => done(r.status));""", bad) == 422

            # Lucy gives an address; it is confirmed through the link mailed to it.
            lucy.get(server.base + "/account/alerts")
            fill(lucy, "email", "lucy@example.org")
            submit(lucy, "Send a confirmation link")
            assert "We sent a link" in lucy.page_source
            lucy.get(confirmation_link(mail, "lucy@example.org", 1))
            submit(lucy, "Confirm")
            assert "Address confirmed" in lucy.page_source
            lucy.get(server.base + "/account/alerts")
            assert "lucy@example.org" in lucy.page_source and "not confirmed" not in lucy.page_source
            lucy.save_screenshot(str(screenshots / "alerts-settings-390.png"))

            # Rosa opens an urgent vote: within seconds, push and e-mail, neither naming it.
            opened = time.monotonic()
            vote = urgent_vote(server, assembly, tokens[0], "The manager fired Ines")
            received = push.wait_for(1, timeout=10)
            took = time.monotonic() - opened
            assert len(received) == 1, "no push arrived"
            name, headers, payload = received[0]
            assert name == "lucy-phone"
            assert payload["text"] == "New urgent vote in your assembly" and "Ines" not in str(payload)
            assert payload["link"] == f"{server.base}/a/{assembly}/p/{vote}"
            assert headers["Content-Encoding"] == "aes128gcm" and headers["Urgency"] == "high" and int(headers["TTL"]) > 0
            key = api(server.base, "GET", "/push/key")["publicKey"]
            claims = verify_vapid(headers["Authorization"], key, push.base)
            assert claims["exp"] > time.time()
            print(f"push arrived {took:.2f} s after the vote opened")
            # The service worker shows it: the decrypted message, handed to it as the browser's push
            # service would (DevTools' ServiceWorker.deliverPushMessage), becomes a notification
            # that opens the vote.
            lucy.execute_cdp_cmd("ServiceWorker.enable", {})
            delivered = False
            for registration in ("0", "1", "2", "3"):
                try:
                    lucy.execute_cdp_cmd("ServiceWorker.deliverPushMessage",
                                         {"origin": server.base, "registrationId": registration, "data": json.dumps(payload)})
                    delivered = True
                    break
                except WebDriverException:
                    continue
            assert delivered, "no service worker registration took the push"
            shown = WebDriverWait(lucy, 20).until(lambda d: d.execute_async_script(
                "const done = arguments[0]; navigator.serviceWorker.ready.then(r => r.getNotifications())"
                ".then(list => done(list.map(n => [n.title, n.body, n.data && n.data.link])));"))
            assert shown == [["Wildcat", "New urgent vote in your assembly", payload["link"]]]

            messages = mail.handler.wait_for(2)
            assert len(messages) == 2, "no alert e-mail arrived"
            sender, to, message, raw = messages[1]
            assert to == ["lucy@example.org"] and sender.startswith("wildcat@")
            assert message["Subject"] == "New urgent vote in your assembly"
            assert message["From"].addresses[0].addr_spec == sender and message["Message-ID"] and message["Date"]
            unsubscribe = message["List-Unsubscribe"].strip("<>")
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            text = message.get_body(preferencelist=("plain",)).get_content()
            assert f"/a/{assembly}/p/{vote}" in text and unsubscribe in text and "Ines" not in raw.decode()

            # Once each: nothing more arrives.
            time.sleep(1.5)
            assert len(push.received) == 1 and len(mail.handler.messages) == 2
            exposed = metrics(metrics_port)
            assert re.search(r'wildcat_alerts_sent_total\{channel="push"\} 1', exposed)
            assert re.search(r'wildcat_alerts_sent_total\{channel="email"\} 1', exposed)
            assert re.search(r"wildcat_alerts_queued \d", exposed)

            # One click in the mail program (RFC 8058) stops all e-mail: the next alert is push only.
            request = urllib.request.Request(unsubscribe, method="POST", data=b"List-Unsubscribe=One-Click",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
            urgent_vote(server, assembly, tokens[1], "Second")
            assert len(push.wait_for(2)) == 2
            time.sleep(1)
            assert len(mail.handler.messages) == 2
    finally:
        push.stop()
        mail.stop()


def test_a_relay_that_is_down_refuses_or_drops_the_line_loses_nothing_and_sends_nothing_twice(browsers):
    tls = tls_files.make(tempfile.mkdtemp(prefix="wildcat-tls-"))
    mail = MailServer(tls, port=free_port())   # not started: down when Wildcat starts
    try:
        with running_server("--smtp-url", mail.url, "--smtp-ca-file", tls["ca"]) as server:
            rosa = browsers()
            sign_up(rosa, server.first_link, "Rosa")
            url = found(rosa, server.base, "Store 14 workers")
            assembly = url.rsplit("/", 1)[1]
            token = api(server.base, "POST", "/sessions", {"pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
            allow_urgent_votes(server, assembly, [token])
            # The relay is down: the address is kept, the page says the link could not be sent.
            rosa.get(server.base + "/account/alerts")
            fill(rosa, "email", "rosa@example.org")
            submit(rosa, "Send a confirmation link")
            assert "could not be sent now" in rosa.page_source
            with urllib.request.urlopen(server.base + "/healthz") as response:
                assert response.status == 200
            mail.start()
            submit(rosa, "Send the link again")
            rosa.get(confirmation_link(mail, "rosa@example.org", 1))
            submit(rosa, "Confirm")

            # The relay drops the line mid-message: the alert is retried (30 s later by the
            # server's clock) and arrives once.
            mail.handler.drop_next = 1
            first = urgent_vote(server, assembly, token, "First")
            time.sleep(1.5)
            assert len(mail.handler.messages) == 1
            server.advance_clock(31)
            assert len(mail.handler.wait_for(2)) == 2
            server.advance_clock(3600)
            time.sleep(1)
            assert len(mail.handler.messages) == 2

            # The relay goes down: the next alert waits in the outbox, through a restart of the
            # server, and goes once both are back.
            mail.stop()
            # (One urgent vote open per member: Rosa's vote closes the first, as she is everyone.)
            api(server.base, "POST", f"/assemblies/{assembly}/proposals/{first}/ballot", {"choice": "yes"}, token)
            time.sleep(1.5)
            second = urgent_vote(server, assembly, token, "Second")
            time.sleep(1.5)
            server.stop()
            mail.start()
            server.start()
            server.advance_clock(31)
            assert len(mail.handler.wait_for(3)) == 3
            server.advance_clock(3600)
            time.sleep(1)
            assert len(mail.handler.messages) == 3

            # The relay refuses the recipient for good: dropped after one try, not retried forever,
            # and the server keeps serving.
            mail.handler.refuse = True
            api(server.base, "POST", f"/assemblies/{assembly}/proposals/{second}/ballot", {"choice": "yes"}, token)
            time.sleep(1.5)
            urgent_vote(server, assembly, token, "Third")
            time.sleep(1.5)
            server.advance_clock(3600)
            time.sleep(1)
            assert len(mail.handler.messages) == 3
            with urllib.request.urlopen(server.base + "/healthz") as response:
                assert response.status == 200
    finally:
        mail.stop()


def test_a_daily_digest_gathers_what_is_not_urgent_into_one_message(browsers):
    tls = tls_files.make(tempfile.mkdtemp(prefix="wildcat-tls-"))
    mail = MailServer(tls, port=free_port()).start()
    try:
        with running_server("--smtp-url", mail.url, "--smtp-ca-file", tls["ca"]) as server:
            rosa = browsers()
            sign_up(rosa, server.first_link, "Rosa")
            url = found(rosa, server.base, "Store 14 workers")
            assembly = url.rsplit("/", 1)[1]
            token = api(server.base, "POST", "/sessions", {"pseudonym": "Rosa", "passphrase": PASSPHRASE})["token"]
            rosa.get(server.base + "/account/alerts")
            fill(rosa, "email", "rosa@example.org")
            submit(rosa, "Send a confirmation link")
            rosa.get(confirmation_link(mail, "rosa@example.org", 1))
            submit(rosa, "Confirm")
            # Everything by e-mail, as a daily digest.
            rosa.get(server.base + "/account/alerts")
            rosa.find_element(By.CSS_SELECTOR, f"select[name='level[{assembly}][email]'] option[value=everything]").click()
            rosa.find_element(By.CSS_SELECTOR, "input[name=digest][value=daily]").click()
            submit(rosa, "Save")
            assert "Saved." in rosa.page_source
            ids = [api(server.base, "POST", f"/assemblies/{assembly}/proposals",
                       {"title": title, "method": "yesno", "closesInMinutes": 6000}, token)["proposal"]["id"] for title in ("One", "Two")]
            time.sleep(1.5)
            assert len(mail.handler.messages) == 1          # only the confirmation so far
            server.advance_clock(25 * 3600)                  # past the next 07:00
            messages = mail.handler.wait_for(2)
            time.sleep(1)
            assert len(mail.handler.messages) == 2
            _, _, digest, _ = messages[1]
            assert digest["Subject"] == "2 alerts from your assemblies"
            text = digest.get_body(preferencelist=("plain",)).get_content()
            assert all(f"/a/{assembly}/p/{proposal}" in text for proposal in ids) and "New proposal in your assembly" in text
    finally:
        mail.stop()
