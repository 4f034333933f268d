"""Domain errors raised by services and turned into messages or statuses at the edge."""


class DomainError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status = 404


class NotAllowed(DomainError):
    status = 403


class Duplicate(DomainError):
    status = 409


class Invalid(DomainError):
    """Input that breaks a rule; ``reasons`` maps a field name (or "") to its message."""

    status = 400

    def __init__(self, reasons: dict[str, str]):
        super().__init__("; ".join(reasons.values()))
        self.reasons = reasons


class EditConflict(DomainError):
    """A save made on an older version than the one stored."""

    status = 409

    def __init__(self, current_version: int, newer_events: list):
        super().__init__(
            "This claim was changed by someone else since you opened it. "
            "Nothing of yours was saved; review their changes below and apply yours again."
        )
        self.current_version = current_version
        self.newer_events = newer_events
