"""A test SMTP relay (PyPI's aiosmtpd) that requires STARTTLS and a sign-in, keeps what it
receives, and can misbehave on purpose: refuse recipients, or drop the connection mid-message."""
import email
import email.policy
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "wildcat", "relay secret"


class Handler:
    def __init__(self):
        self.messages = []
        self.refuse = False
        self.drop_next = 0
        self.lock = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_next > 0:
            self.drop_next -= 1
            server.transport.close()
            return "421 closing"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content))
            self.lock.notify_all()
        return "250 Message accepted"

    def wait_for(self, count, timeout=10):
        with self.lock:
            self.lock.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            return list(self.messages)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok)


class MailServer:
    def __init__(self, tls, port=0):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls["cert"], tls["key"])
        self.handler = Handler()
        self.tls = tls
        self.port = port
        self.controller = None
        self.context = context

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, tls_context=self.context,
                                     require_starttls=True, authenticator=authenticate, auth_require_tls=True)
        self.controller.start()
        self.port = self.controller.port
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def url(self):
        return f"smtp://{USER}:{PASSWORD.replace(' ', '%20')}@localhost:{self.port}"
