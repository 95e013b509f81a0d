"""A test push service (RFC 8030's receiving side) over HTTPS: it hands out subscriptions whose
keys it holds, so it can decrypt what Wildcat pushes to them (RFC 8291, with PyPI's http-ece),
and it checks the VAPID header (RFC 8292) against the server's public key."""
import base64
import json
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Subscription:
    def __init__(self, service, name):
        self.name = name
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.base}/push/{name}"

    def json(self):
        public = self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


class PushService:
    def __init__(self, tls):
        self.received = []          # (subscription name, headers, decrypted payload)
        self.answers = {}           # name -> list of status codes to answer first
        self.subscriptions = {}
        self.lock = threading.Condition()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                name = self.path.rsplit("/", 1)[-1]
                with service.lock:
                    queue = service.answers.get(name) or []
                    status = queue.pop(0) if queue else 201
                    subscription = service.subscriptions.get(name)
                    if status == 201 and subscription is not None:
                        payload = subscription.decrypt(body)
                        service.received.append((name, dict(self.headers), payload))
                        service.lock.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls["cert"], tls["key"])
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def subscribe(self, name) -> Subscription:
        subscription = Subscription(self, name)
        self.subscriptions[name] = subscription
        return subscription

    def wait_for(self, count, timeout=10):
        with self.lock:
            self.lock.wait_for(lambda: len(self.received) >= count, timeout=timeout)
            return list(self.received)

    def stop(self):
        self.server.shutdown()


def verify_vapid(authorization: str, public_key_b64: str, audience: str) -> dict:
    """Checks `vapid t=JWT, k=KEY`: the key is the server's, the ES256 signature holds, the
    audience is the push service's origin. Returns the claims."""
    parts = dict(part.strip().split("=", 1) for part in authorization[len("vapid "):].split(","))
    assert parts["k"] == public_key_b64
    header, claims, signature = parts["t"].split(".")
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key_b64))
    key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == audience
    return decoded
