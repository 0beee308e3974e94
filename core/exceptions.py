"""Domain errors that pages and the API translate into clear answers."""

from __future__ import annotations


class IllegalTransition(Exception):
    """A move the lifecycle does not allow from the current state (HTTP 409)."""

    def __init__(self, message: str, *, current_status: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.current_status = current_status


class Conflict(Exception):
    """A change that collides with the current state of the data (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
