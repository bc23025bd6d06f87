"""The chat UI (`rag ui` runs app.py with Streamlit). Installed as the package rag.ui."""
