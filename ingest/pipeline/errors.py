"""Errors raised by the ingest pipeline."""


class UnusableDocument(Exception):
    """A document the pipeline cannot turn into text; `reason` is a Chinese message for the admin."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
