"""Domain errors, raised by services and translated at the API and CLI edges.

    DomainError
     +-- NotFound       the record does not exist, or the caller may not know it does
     +-- Forbidden      the caller may not do this
     +-- Conflict       the change clashes with what is stored (duplicate id, stale state)
     +-- Invalid        input failed validation; names the field
     +-- Unavailable    a dependency (Neo4j) cannot be reached or refused us
     +-- RateLimited    the caller has used up its operations for now; says when to retry
"""


class DomainError(Exception):
    """Base of every error the service means to report to its caller."""

    code = "INTERNAL"

    def __init__(self, message: str, *, subject_ids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        # Whom the refused operation was about, for its audit event (never for the caller).
        self.subject_ids = subject_ids


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Conflict(DomainError):
    code = "CONFLICT"


class Invalid(DomainError):
    code = "VALIDATION"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Unavailable(DomainError):
    """`message` is what callers are told; `detail` (the driver's words, which name hosts and
    ports) is for operators: it shows in str(), so in logs and the CLI, never in an answer."""

    code = "UNAVAILABLE"

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
