class ApplicationError(Exception):
    """A business rule said no. ``message`` is Chinese and shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
