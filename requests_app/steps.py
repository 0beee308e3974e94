"""A request's status as the steps of its way, for the request page: where it is, what came
before and what is still to come. The states and moves themselves live in ``enums``."""

from __future__ import annotations

from dataclasses import dataclass

from requests_app.enums import Status

# The way a request goes when nothing stops it.
_WAY = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.CLOSED,
)
# Where the way ends early, and the step it leaves: a request waiting for information is still
# at triage (the step "submitted"), shown with that status's own name.
_OFF_THE_WAY = {
    Status.NEEDS_INFO: Status.SUBMITTED,
    Status.DECLINED: Status.SUBMITTED,
}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done | current | todo

    @property
    def current(self) -> bool:
        return self.state == "current"


def status_steps(status: str, *, withdrawn_from: str = "") -> list[Step]:
    """The steps for a request in ``status``. ``withdrawn_from``: the status a withdrawn
    request left (it ends there)."""
    status = Status(status)
    if status == Status.WITHDRAWN:
        reached = Status(withdrawn_from) if withdrawn_from else Status.DRAFT
        at = _OFF_THE_WAY.get(reached, reached)
        done = _WAY[: _WAY.index(at) + 1]
        return [Step(str(s.label), "done") for s in done] + [Step(str(status.label), "current")]
    if status == Status.DECLINED:
        done = _WAY[: _WAY.index(Status.SUBMITTED) + 1]
        return [Step(str(s.label), "done") for s in done] + [Step(str(status.label), "current")]
    at = _OFF_THE_WAY.get(status, status)
    index = _WAY.index(at)
    steps = []
    for position, step in enumerate(_WAY):
        if position < index:
            steps.append(Step(str(step.label), "done"))
        elif position == index:
            steps.append(Step(str(status.label), "current"))
        else:
            steps.append(Step(str(step.label), "todo"))
    return steps
