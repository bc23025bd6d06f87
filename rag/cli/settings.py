"""`rag settings`: every setting rag reads, with the value it has now."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Annotated

import typer

from rag.cli.app import app, err, escape, out
from rag.cli.help import Command


# The password of a URL's user: "postgresql://admin:hunter2@db/rag".
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]+:)[^@/\s]+@")


@app.command(cls=Command, short_help="Show every setting (RAG_*) and its value now.", epilog="""\
Each value comes from the environment, else from a .env file in the current directory,
else the default; those set are marked. Secrets (keys, passwords, a URL's password)
show as ********.
.env.example in the source explains every setting; the README's Settings section too.
""")
def settings(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: {name: value}.")] = False,
) -> None:
    """Show every setting rag reads (RAG_*), with its value now."""
    from pydantic import SecretStr, ValidationError

    from rag.config import Settings
    from rag.errors import settings_error

    try:
        current = Settings()
    except ValidationError as e:
        error = settings_error(e)
        err.print(f"[red]Error:[/red] {escape(error.message)}")
        if error.hint:
            err.print(f"[dim]{escape(error.hint)}[/dim]")
        raise typer.Exit(1) from None
    shown: dict[str, object] = {}
    changed: set[str] = set()
    for name, field in Settings.model_fields.items():
        aliases = getattr(field.validation_alias, "choices", None)
        key = str(aliases[0]) if aliases else f"RAG_{name.upper()}"
        value = getattr(current, name)
        if name in current.model_fields_set:
            changed.add(key)
        if isinstance(value, SecretStr):
            value = "********" if value.get_secret_value() else ""
        elif isinstance(value, str):
            value = _PASSWORD_IN_URL.sub(r"\1********@", value)  # ("postgresql://admin:********@db/rag")
        finite = isinstance(value, (bool, int)) or isinstance(value, float) and math.isfinite(value)
        shown[key] = value if value is None or finite else str(value)
    if as_json:
        sys.stdout.write(json.dumps(shown, ensure_ascii=False) + "\n")
        return
    for key, value in shown.items():
        text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        out.print(f"{key}={escape(text)}" + ("  [bold]# set[/bold]" if key in changed else ""))
