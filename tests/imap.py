"""A real IMAP server (Debian's dovecot) on 127.0.0.1 with a throw-away mailbox, for tests that
read the organizer's mailbox the way production does."""

from __future__ import annotations

import imaplib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.smtp import free_port

USER, PASSWORD = "expertdesk@rvo.example", "geheim"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = 0
  }}
}}
"""


@dataclass(frozen=True)
class Mailbox:
    port: int

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        return imap

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.client()
        imap.append(folder, None, None, raw)
        imap.logout()

    def count(self, folder: str, criteria: str = "ALL") -> int:
        imap = self.client()
        status, _ = imap.select(folder)
        if status != "OK":
            imap.logout()
            return 0
        _, found = imap.search(None, criteria)
        imap.logout()
        return len(found[0].split())


@contextmanager
def imap_server() -> Iterator[Mailbox]:
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists():
        raise RuntimeError("Debian's dovecot-imapd is needed: apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="expertdesk-imap-"))
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir()
    (root / "mail").chmod(0o777)
    (root / "home").chmod(0o777)
    root.chmod(0o755)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port))
    subprocess.run([binary, "-c", str(config)], check=True, timeout=30)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError((root / "dovecot.log").read_text()) from None
                time.sleep(0.1)
        yield Mailbox(port)
    finally:
        subprocess.run(
            ["doveadm", "-c", str(config), "stop"], check=False, timeout=30, capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
