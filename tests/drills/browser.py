"""A browser for the drills, over plain HTTP to the machines on the loopback, as a load balancer that
ends TLS passes requests on (X-Forwarded-Proto: https): it keeps its cookies whichever machine set
them, sends them to every machine, and does not follow redirects by itself."""

import http.client
import re
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode


class Browser:
    def __init__(self):
        self.cookies = {}

    def request(self, method, port, path, body=None, headers=None):
        """(status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, port, path):
        return self.request("GET", port, path)

    def post(self, port, path, fields, files=None):
        """POST a form as a browser sends it from the page at `path` (its CSRF token taken from that page)."""
        status, _, page = self.get(port, path)
        assert status == 200, f"{path} answered {status}"
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
        fields = {"csrfmiddlewaretoken": token, **fields}
        headers = {"Origin": f"https://127.0.0.1:{port}", "Referer": f"https://127.0.0.1:{port}{path}"}
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in fields.items()
            ]
            for name, (filename, content, content_type) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {content_type}\r\n\r\n".encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", port, path, body=body, headers=headers)

    def log_in_to_the_admin(self, port, email, password):
        """Through the portal's log-in page, the only one (the admin's leads there), on to the admin."""
        status, headers, page = self.post(port, "/accounts/login/?next=/admin/", {"login": email, "password": password})
        errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)', page.decode())
        assert status == 302 and headers["Location"].endswith("/admin/"), f"{email} could not log in: {errors}"
