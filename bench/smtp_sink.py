"""A local SMTP server for the benches that counts the messages it takes by the ledger key each one carries."""

import collections
import socketserver
import threading
import time


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take Django's messages; counts them by the ledger key each one carries."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port=0, keep_first=False):
        self.keys = collections.Counter()
        self.arrivals = []  # time.monotonic() of each message taken
        self.lock = threading.Lock()
        self.first_message = None if keep_first else b""  # the first message's bytes, when kept
        super().__init__(("127.0.0.1", port), SmtpHandler)

    @property
    def port(self):
        return self.server_address[1]


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                self.reply("250-sink\r\n250 8BITMIME")
            elif command == b"DATA":
                self.reply("354 go ahead")
                key, lines = None, []
                keep = self.server.first_message is None
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if data.startswith(b"X-Delivery-Key:"):
                        key = data.split(b":", 1)[1].strip().decode()
                    if keep:
                        lines.append(data[1:] if data.startswith(b"..") else data)
                with self.server.lock:
                    if keep and self.server.first_message is None:
                        self.server.first_message = b"".join(lines)
                    self.server.keys[key] += 1
                    self.server.arrivals.append(time.monotonic())
                self.reply("250 queued")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")
