"""Errors a user can act on.

Each says what happened and what to do next, and carries the HTTP status the API will
answer with. Shells catch `RagError` and print `message` (and `hint`); anything else is a
bug and may show a traceback.
"""

from __future__ import annotations


class RagError(Exception):
    status = 500
    code = "rag_error"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class EmptyQuestionError(RagError):
    status = 400
    code = "empty_question"


class NoIndexError(RagError):
    status = 409
    code = "no_index"


class IndexMismatchError(RagError):
    """The index was built with another embedding model or chunking than the settings say."""

    status = 409
    code = "index_mismatch"


class StoreUnavailableError(RagError):
    status = 503
    code = "store_unavailable"


class ModelUnavailableError(RagError):
    status = 503
    code = "model_unavailable"


class LoadError(RagError):
    """One file could not become an Article; ingestion reports it and goes on."""

    status = 422
    code = "bad_file"
