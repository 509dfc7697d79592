"""Errors that name the input and the reason: shown to users as one line, never a traceback."""


class InputError(Exception):
    """An input that cannot be turned into a record (missing, empty, binary, no article...)."""

    def __init__(self, input: str, reason: str):
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason
