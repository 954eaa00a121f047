"""The one error the minutes parser raises."""


class MinutesError(Exception):
    """A document could not be read as minutes; ``message`` is Persian and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
