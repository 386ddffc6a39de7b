"""`make screenshots`: every public page type (and the admin's sign-in page) at a phone's
and a desktop's width, light and dark, in every language, written to screenshots/.

It starts its own server on a free port, with production settings (the visitors' error
pages, whitenoise's CSS), over a database of its own in a temporary folder with the
content loaded, so it never touches db.sqlite3, staticfiles/ or another server.
Run as `python -m tests.e2e.screenshots [--only NAME...]`.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer at {url} within {seconds} s.")


def page_addresses(environment):
    """The address of each page type in each language, asked of Django itself so that
    translated paths and slugs are right."""
    script = (
        "import json, django; django.setup();"
        "from django.urls import reverse; from django.utils import translation;"
        "from tests.e2e.conftest import public_pages, languages, tag;"
        "pages = {c: public_pages(c) for c in languages()};"
        "[translation.activate(c) or pages[c].update({'open-data': reverse('members:open-data'),"
        " 'admin-login': '/admin/login/', 'tag': tag(c)}) for c in pages];"
        "print(json.dumps(pages))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def shoot(base_url, addresses, only):
    """One browser context per theme, width and language; one full-page PNG per page,
    named page-language-width-theme.png."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for scheme in SCHEMES:
            for width in WIDTHS:
                for code, pages in addresses.items():
                    context = browser.new_context(
                        base_url=base_url,
                        viewport={"width": width, "height": 900},
                        color_scheme=scheme,
                        locale=pages["tag"],
                    )
                    page = context.new_page()
                    for name, path in pages.items():
                        if name == "tag" or (only and name not in only):
                            continue
                        page.goto(path)
                        file = OUTPUT / f"{name}-{code}-{width}-{scheme}.png"
                        page.screenshot(path=file, full_page=True)
                    context.close()
        browser.close()


ADMIN = "/admin/login/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="page names: home network organizations …")
    arguments = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="astra-screenshots-") as folder:
        # Production settings, so that the error pages are the visitors' (DEBUG shows
        # Django's own) and the CSS is what whitenoise serves; plain http on 127.0.0.1.
        environment = {
            **{name: value for name, value in os.environ.items() if name != "DJANGO_DEBUG"},
            "DJANGO_SETTINGS_MODULE": "astra_site.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "PAGE_CACHE_SECONDS": "0",
            "DATABASE_URL": f"sqlite:///{folder}/screenshots.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{folder}/media",
            "DJANGO_STATIC_ROOT": f"{folder}/static",
        }
        manage = [sys.executable, "manage.py"]
        for command in (
            ["migrate", "--no-input"],
            ["load_content"],
            ["collectstatic", "--no-input"],
        ):
            subprocess.run(
                [*manage, *command, "-v", "0"],
                env=environment,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(base_url + ADMIN, server)
            addresses = page_addresses(environment)
            if OUTPUT.exists():
                shutil.rmtree(OUTPUT)
            OUTPUT.mkdir()
            shoot(base_url, addresses, set(arguments.only or ()))
        finally:
            server.terminate()
            server.wait()
    count = len(list(OUTPUT.glob("*.png")))
    print(
        f"{count} screenshots in {OUTPUT.relative_to(ROOT)}/ ({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
