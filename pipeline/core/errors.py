"""hubindex's own exception tree; library errors are translated at the boundary."""

from __future__ import annotations


class HubindexError(Exception):
    """Base of every error hubindex raises on purpose; its message is meant for users."""


class ConfigError(HubindexError):
    """The configuration file is missing, malformed or holds an invalid value."""


class FetchError(HubindexError):
    """A URL could not be fetched. `status` is the HTTP status, or None for network errors.

    `retryable` says whether trying again later may help (5xx, 429, network trouble);
    `retry_after` is the wait the server asked for, in seconds, when it asked."""

    def __init__(self, url: str, reason: str, status: int | None = None, retryable: bool | None = None,
                 retry_after: float | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.retryable = (status is None or status in (429, 500, 502, 503, 504)) if retryable is None else retryable
        self.retry_after = retry_after
        super().__init__(f"{url}: {reason}")


class ExtractError(HubindexError):
    """A page could not be turned into an article."""


class NotAnArticle(ExtractError):
    """The page is not an article (a listing, an archive, an error page served with 200)."""


class StoreError(HubindexError):
    """The index or the crawl state cannot be opened or written."""


class IndexDamaged(StoreError):
    """The index is there but cannot be trusted as it is; the message names the command that
    repairs it (`what` and `fix` separately)."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what}; {fix}")
        self.what, self.fix = what, fix


class IndexMissing(StoreError):
    """No index exists at the configured path yet."""
