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


def test_the_llama_index_extra_is_declared():
    extras = metadata.metadata("rag").get_all("Provides-Extra")
    assert "llama-index" in extras
