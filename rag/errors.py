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
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def body(self) -> dict:
        """This error as the API and `rag ask --json` give it."""
        return error_body(self.message, self.code, self.hint)


def error_body(message: str, code: str, hint: str = "") -> dict:
    """The one error shape, OpenAI's: {"error": {"message", "type", "code"}}, the hint (what
    to do about it) in the message, where a client that shows only the message shows it."""
    return {"error": {"message": f"{message} ({hint})" if hint else message, "type": code, "code": code}}


class InvalidRequestError(RagError):
    status = 400
    code = "invalid_request"


class EmptyQuestionError(InvalidRequestError):
    # A kind of invalid request, so that `except InvalidRequestError` catches it from the
    # local Assistant and, through rag.Client, the API's own check of a question's length.
    code = "empty_question"


class UnauthorizedError(RagError):
    status = 401
    code = "invalid_api_key"


class TooLargeError(RagError):
    status = 413
    code = "too_large"


class NotFoundError(RagError):
    status = 404
    code = "not_found"


class ModelNotFoundError(NotFoundError):
    code = "model_not_found"  # as OpenAI names it


class NoIndexError(RagError):
    status = 409
    code = "no_index"


class IndexBusyError(RagError):
    status = 409
    code = "index_busy"


class NotAnUploadError(RagError):
    status = 409
    code = "not_an_upload"


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


def settings_error(error: Exception) -> RagError:
    """A pydantic ValidationError from Settings, as one line per bad setting."""
    problems = []
    for item in getattr(error, "errors", lambda: [])():
        name = "RAG_" + "_".join(str(part) for part in item["loc"]).upper() if item["loc"] else "settings"
        problems.append(f"{name}: {item['msg']}")
    return RagError("invalid settings: " + "; ".join(problems or [str(error)]), "fix them in the environment or .env (`rag settings` lists them; .env.example explains each)")


class LLMError(RagError):
    """The LLM server could not give a usable completion."""

    status = 502
    code = "llm_error"
