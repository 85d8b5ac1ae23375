"""A real TLS-terminating nginx in front of a real ``shinchoku serve``: signing in over https works.

The test makes a self-signed certificate for ``localhost``, starts nginx (Debian's) on a free
loopback port with it, proxying to ``shinchoku serve`` in production mode with
``SHINCHOKU_PUBLIC_URL=https://localhost:PORT``, then signs in through the proxy as a browser
would (Origin and Referer of the public address, the CSRF cookie and token).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import textwrap
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.serving import COMMAND, environment, free_port, run, wait_until

PASSWORD = "tls-proxy-test-password-1234"

CREATE_USER = """
from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
city = Municipality.objects.create(name="北本市", code="112330")
user = User(username="jimukyoku", display_name="事務局 太郎", municipality=city, role=User.Role.SECRETARIAT)
user.set_password({password!r})
user.save()
"""

NGINX_CONFIG = """
daemon off;
master_process off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {root}/cert.pem;
        ssl_certificate_key {root}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{backend};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def tool(name: str) -> str:
    """The path of a Debian tool the test needs: missing fails under CI, skips elsewhere."""
    found = shutil.which(name) or next(
        (str(path) for path in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if path.exists()), None
    )
    if found is None:
        message = f"{name} is not installed (Debian: apt-get install {name}; see .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class Site:
    """nginx on ``port`` (https) in front of shinchoku on ``backend`` (http)."""

    port: int
    backend: int
    context: ssl.SSLContext
    root: Path
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://localhost:{self.port}"

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, str]:
        """One request over https with the cookies gathered so far; remembers the ones set."""
        connection = http.client.HTTPSConnection("localhost", self.port, context=self.context, timeout=30)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}{path}",
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, text

    def log(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")
            for path in (self.root / "serve.log", self.root / "error.log")
            if path.exists()
        )


def set_cookie(response: http.client.HTTPResponse, name: str) -> list[str]:
    """The attributes (lower case) of the Set-Cookie header of ``name`` in ``response``."""
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return [part.strip().lower() for part in header.split(";")[1:]]
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    nginx, openssl = tool("nginx"), tool("openssl")
    root = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    port, backend = free_port(), free_port()
    env = environment(
        root,
        SHINCHOKU_PUBLIC_URL=f"https://localhost:{port}",
        SHINCHOKU_TRUSTED_PROXY_COUNT="1",
        # A relay is configured, as in production (no mail is sent by this test).
        SHINCHOKU_SMTP_HOST="127.0.0.1",
        SHINCHOKU_MAIL_FROM="shinchoku@localhost",
    )
    for arguments in (
        ["manage", "migrate"],
        ["manage", "shell", "-c", CREATE_USER.format(password=PASSWORD)],
    ):
        result = run(arguments, env)
        assert result.returncode == 0, result.stderr
    (root / "nginx.conf").write_text(
        textwrap.dedent(NGINX_CONFIG.format(root=root, port=port, backend=backend))
    )
    context = ssl.create_default_context(cafile=str(root / "cert.pem"))
    site = Site(port=port, backend=backend, context=context, root=root)
    with (root / "serve.log").open("ab") as log:
        server = subprocess.Popen(
            [*COMMAND, "serve", "--port", str(backend), "--workers", "1"], env=env, stdout=log, stderr=log
        )
        proxy = subprocess.Popen(
            [nginx, "-p", str(root), "-c", str(root / "nginx.conf"), "-e", str(root / "error.log")],
            stdout=log,
            stderr=log,
        )
    try:
        assert wait_until(lambda: _https_answers(site)), site.log()
        yield site
    finally:
        for process in (proxy, server):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def _https_answers(site: Site) -> bool:
    try:
        response, _ = Site(site.port, site.backend, site.context, site.root).request("GET", "/")
    except OSError:
        return False
    return response.status == 200


def test_signing_in_through_the_tls_proxy_works_with_secure_cookies(site: Site) -> None:
    site.cookies.clear()
    response, page = site.request("GET", "/login/")
    assert response.status == 200, site.log()
    assert {"secure", "httponly"} <= set(set_cookie(response, "csrftoken"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None

    response, _ = site.request(
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": "jimukyoku", "password": PASSWORD},
    )
    assert response.status == 302, site.log()  # not 403 "Origin checking failed"
    assert {"secure", "httponly"} <= set(set_cookie(response, "sessionid"))

    response, page = site.request("GET", "/staff/")
    assert response.status == 200
    assert "事務局 太郎" in page

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response, _ = site.request("POST", "/logout/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status == 302
    response, _ = site.request("GET", "/staff/")
    assert response.status == 302
    assert "/login/" in response.headers["Location"]


def test_responses_through_the_proxy_carry_hsts_and_the_content_security_policy(site: Site) -> None:
    response, _ = site.request("GET", "/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_request_that_reaches_the_server_over_plain_http_is_sent_to_https(site: Site) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", site.backend, timeout=30)
    try:
        connection.request("GET", "/login/?next=/staff/", headers={"Host": f"localhost:{site.port}"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 301
    assert response.headers["Location"] == f"{site.origin}/login/?next=/staff/"


def test_the_server_behind_https_starts_without_deployment_warnings(site: Site) -> None:
    log = (site.root / "serve.log").read_text(encoding="utf-8")
    assert f"公開アドレス {site.origin}/" in log
    assert "警告" not in log
    assert "security.W" not in log
