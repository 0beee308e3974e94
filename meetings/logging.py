"""Feed tokens never reach the logs: calendar apps put them in the address, and Django's
request and server loggers write addresses (a 404 for a revoked token, say)."""

from __future__ import annotations

import logging
import re

_FEED_PATH = re.compile(r"(/agenda/)[^/\s\"']+(\.ics)")


class HideFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                _FEED_PATH.sub(r"\1…\2", arg) if isinstance(arg, str) else arg
                for arg in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        if isinstance(record.msg, str):
            record.msg = _FEED_PATH.sub(r"\1…\2", record.msg)
        return True
