"""Fixtures for the browser suite: a real `wildcat serve` on a fresh data folder, and headless
Chromium browsers with separate profiles (one per person)."""
import contextlib
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def wildcat_binary() -> str:
    binary = os.environ.get("WILDCAT_BIN")
    if binary:
        return binary
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return os.path.join(bin_path, "wildcat")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One running Wildcat: its base URL, the first person's link, and its data folder."""

    def __init__(self, data: str, extra_args=()):
        self.data = data
        self.extra_args = list(extra_args)
        # Debug builds of `wildcat serve` add the seconds in this file to their clock.
        self.clock_file = os.path.join(data, "test-clock")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.first_link = None
        self.output = []

    def advance_clock(self, seconds: float):
        """Moves the server's time forward (the debug build reads the offset within 0.1 s)."""
        offset = float(open(self.clock_file).read()) if os.path.exists(self.clock_file) else 0.0
        with open(self.clock_file, "w") as f:
            f.write(str(offset + seconds))
        time.sleep(0.2)

    def start(self):
        """Starts the server and returns once it answers. If it is gone by then (another process
        took its port between `free_port` and its bind), says what it printed and tries a new port."""
        for attempt in range(3):
            self._launch()
            if self._answers():
                return self
            sys.stderr.write(f"wildcat serve on port {self.port} did not answer; its output:\n{''.join(self.output)}\n")
            self.stop(kill=True)
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
        raise RuntimeError("wildcat serve did not answer after three starts")

    def _answers(self):
        import urllib.request
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return True
            except Exception:
                time.sleep(0.1)
        return False

    def _launch(self):
        environment = dict(os.environ, WILDCAT_TEST_CLOCK_FILE=self.clock_file)
        self.process = subprocess.Popen(
            [wildcat_binary(), "serve", "--data", self.data, "--port", str(self.port), "--log-level", os.environ.get("WILDCAT_TEST_LOG_LEVEL", "warning")] + self.extra_args,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment)
        fd = self.process.stdout.fileno()
        deadline = time.time() + 60
        buffer = b""
        running = False
        while time.time() < deadline:
            # After the "running" line, wait briefly for the first-person link, which may not come.
            wait = 0.5 if running else max(0.0, deadline - time.time())
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                if running:
                    return self._drain()
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.decode(errors="replace")
                self.output.append(line + "\n")
                match = re.search(r"(http://\S+/join/\S+)", line)
                if match:
                    self.first_link = match.group(1)
                    return self._drain()
                running = running or line.startswith("Wildcat is running")
        raise RuntimeError("wildcat serve did not start:\n" + "".join(self.output))

    def _drain(self):
        """Keeps reading the server's output so that a full pipe never blocks it."""
        def drain(stream):
            for line in iter(stream.readline, b""):
                self.output.append(line.decode(errors="replace"))
        threading.Thread(target=drain, args=(self.process.stdout,), daemon=True).start()
        return self

    def stop(self, kill=False):
        if self.process and self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            self.process.wait(timeout=30)


@contextlib.contextmanager
def running_server(*extra_args):
    """A fresh `wildcat serve` with these extra options, stopped and its data removed after."""
    data = tempfile.mkdtemp(prefix="wildcat-browser-")
    srv = Server(data, extra_args).start()
    try:
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def server():
    with running_server() as srv:
        yield srv


@pytest.fixture
def browsers():
    """Makes headless Chromium browsers, each with its own profile, sized like a phone."""
    made = []
    profiles = []

    def make(width=390, height=844, javascript=True, language=None):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        profile = tempfile.mkdtemp(prefix="wildcat-profile-")
        profiles.append(profile)
        for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
            options.add_argument(arg)
        prefs = {"intl.accept_languages": language} if language else {}
        if javascript:
            if prefs:
                options.add_experimental_option("prefs", prefs)
            options.add_experimental_option("mobileEmulation", {
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2},
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
            })
        else:
            # chromedriver's touch emulation needs scripts, so a script-less browser is a plain narrow window.
            options.add_experimental_option("prefs", {**prefs, "profile.managed_default_content_settings.javascript": 2})
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        driver.implicitly_wait(5)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        driver.quit()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
