"""The chat UI's two custom elements, built on Streamlit's components v2 (in the page, not
in an iframe: they take the page's font and theme):

- `cited_answer`: an answer whose [n] are buttons. A click or tap on one shows its quote
  with "Open in article" and "Show in sources", and marks the source it points to; the
  sources below list each article once. "Open in article" comes back to Python as the
  trigger value `open` (the citation's n).
- `article_view`: an article laid out in paragraphs, the cited span marked and scrolled
  into view inside its own scroll box.

The HTML comes from `ui/render.py`, escaped there; the JavaScript here only wires it up.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
:host, .rag-root { font-family: var(--st-font, inherit); color: var(--st-text-color, inherit); }
.rag-root { position: relative; line-height: 1.6; font-size: 1rem; }
.rag-answer { margin: 0 0 0.75rem 0; }
.rag-cite {
  display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box;
  min-width: 1.5rem; height: 1.5rem; padding: 0 0.35rem; margin: 0 0.1rem 0 0.2rem;
  border-radius: 0.75rem; border: 1px solid var(--st-primary-color, #ff4b4b);
  background: transparent; color: var(--st-primary-color, #ff4b4b);
  font: 600 0.8rem/1 var(--st-font, sans-serif); vertical-align: 0.15em; cursor: pointer;
}
.rag-cite:hover, .rag-cite.rag-active { background: var(--st-primary-color, #ff4b4b); color: #fff; }
.rag-cite:focus-visible, .rag-open:focus-visible, .rag-goto:focus-visible {
  outline: 2px solid var(--st-primary-color, #ff4b4b); outline-offset: 2px;
}
.rag-unverified { background: rgba(255, 193, 7, 0.25); border-bottom: 2px dotted #d39e00; }
.rag-unverified-tag { font-size: 0.75rem; color: #8a6d00; margin-left: 0.3rem; }
.rag-pop {
  position: absolute; z-index: 20; box-sizing: border-box; padding: 0.75rem 0.9rem;
  background: var(--st-background-color, #fff); color: var(--st-text-color, inherit);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2)); border-radius: 0.5rem;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); scroll-margin: 4.5rem 0 8.5rem 0;
}
.rag-pop[hidden] { display: none; }
.rag-pop-head { display: flex; gap: 0.5rem; align-items: baseline; font-weight: 600; }
.rag-pop-section { font-size: 0.85rem; opacity: 0.75; margin-top: 0.15rem; }
.rag-pop-quote {
  margin: 0.5rem 0; padding: 0 0 0 0.7rem; border-left: 3px solid var(--st-primary-color, #ff4b4b);
  max-height: 11rem; overflow: auto;
}
.rag-pop-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.rag-open, .rag-goto {
  font: inherit; font-size: 0.875rem; padding: 0.3rem 0.75rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  background: var(--st-secondary-background-color, #f0f2f6); color: inherit;
}
.rag-open:hover, .rag-goto:hover { border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b); }
.rag-open-small { font-size: 0.8rem; padding: 0.15rem 0.6rem; margin-left: 0.4rem; }
.rag-sources-head { font-size: 0.875rem; opacity: 0.7; margin: 0.5rem 0 0.25rem 0; }
.rag-doc { margin: 0 0 0.6rem 0; }
.rag-doc-head { font-weight: 600; }
.rag-doc-file { font-weight: 400; font-size: 0.8rem; opacity: 0.65; margin-left: 0.3rem; overflow-wrap: anywhere; }
.rag-src {
  display: flex; gap: 0.55rem; align-items: flex-start; padding: 0.3rem 0.5rem; margin: 0.15rem 0;
  border-radius: 0.5rem; border-left: 3px solid transparent; scroll-margin-top: 5rem; scroll-margin-bottom: 6rem;
  transition: background-color 0.2s;
}
.rag-src.rag-marked {
  background: var(--st-secondary-background-color, #f0f2f6); border-left-color: var(--st-primary-color, #ff4b4b);
}
.rag-n {
  flex: none; display: inline-flex; align-items: center; justify-content: center; min-width: 1.4rem; height: 1.4rem;
  border-radius: 0.7rem; font-size: 0.75rem; font-weight: 600;
  background: var(--st-secondary-background-color, #f0f2f6); color: var(--st-text-color, inherit);
}
.rag-src.rag-marked .rag-n { background: var(--st-primary-color, #ff4b4b); color: #fff; }
.rag-src-body { min-width: 0; }
.rag-src-section { display: block; font-size: 0.85rem; opacity: 0.75; }
.rag-src-note { font-size: 0.875rem; opacity: 0.7; font-style: italic; }
.rag-src-quote { opacity: 0.9; }
"""

_ANSWER_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".rag-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "rag-root";
    parentElement.appendChild(root);
  }
  if (root._html !== data.html) {
    root._html = data.html;
    root.innerHTML = data.html + '<div class="rag-pop" role="dialog" aria-label="Cited passage" hidden></div>';
  }
  const pop = () => root.querySelector(".rag-pop");
  const sourceOf = (n) => root.querySelector(`.rag-src[data-n="${n}"]`);

  function mark(n) {
    root.querySelectorAll(".rag-src").forEach((el) => el.classList.toggle("rag-marked", el.dataset.n === String(n)));
    root.querySelectorAll(".rag-cite").forEach((el) => el.classList.toggle("rag-active", el.dataset.n === String(n)));
  }
  function close() {
    const p = pop();
    if (!p.hidden) {
      p.hidden = true;
      root.querySelectorAll('.rag-cite[aria-expanded="true"]').forEach((b) => b.setAttribute("aria-expanded", "false"));
    }
  }
  function show(button) {
    const n = button.dataset.n, p = pop();
    const template = root.querySelector(`template.rag-pop-template[data-n="${n}"]`);
    p.replaceChildren(template.content.cloneNode(true));
    p.dataset.n = n;
    p.hidden = false;
    const box = root.getBoundingClientRect(), at = button.getBoundingClientRect();
    const width = Math.min(400, box.width);
    p.style.width = width + "px";
    p.style.left = Math.max(0, Math.min(at.left - box.left, box.width - width)) + "px";
    // Below the [n], or above it when the screen has no room below (the chat box sits there).
    const room = window.innerHeight - at.bottom - 120;
    const above = room < p.offsetHeight && at.top - p.offsetHeight - 6 > 60;
    p.style.top = (above ? at.top - box.top - p.offsetHeight - 6 : at.bottom - box.top + 6) + "px";
    root.querySelectorAll(".rag-cite").forEach((b) => b.setAttribute("aria-expanded", String(b === button)));
    mark(n);
    // Room neither below nor above (a small screen): scroll the page until all of it shows
    // between the top bar and the chat box (its scroll margins).
    keepInView(p);
    // Streamlit may still scroll the page after that (it keeps a chat pinned to its newest
    // message while the layout settles, later on a busy machine): while the popover is
    // open and the reader has not scrolled, a scroll that takes it away brings it back.
    readerScrolled = false;
  }
  let readerScrolled = false;
  const stayInView = () => { if (!pop().hidden && !readerScrolled) keepInView(pop()); };
  const readerScrolls = () => { readerScrolled = true; };
  function keepInView(p) {
    const shown = p.getBoundingClientRect();
    if (shown.top < 60 || shown.bottom > window.innerHeight - 120) p.scrollIntoView({ block: "nearest" });
  }

  root.onclick = (event) => {
    const cite = event.target.closest(".rag-cite");
    if (cite) {
      if (!pop().hidden && pop().dataset.n === cite.dataset.n) close(); else show(cite);
      return;
    }
    const open = event.target.closest(".rag-open");
    if (open) {
      close();
      mark(open.dataset.n);
      setTriggerValue("open", Number(open.dataset.n));
      return;
    }
    const go = event.target.closest(".rag-goto");
    if (go) {
      close();
      mark(go.dataset.n);
      // Centred, so that neither the page's top bar nor the chat box covers it.
      sourceOf(go.dataset.n).scrollIntoView({ block: "center" });
      return;
    }
    if (!event.target.closest(".rag-pop")) close();
  };
  root.onkeydown = (event) => { if (event.key === "Escape") close(); };
  const outside = (event) => { if (!event.composedPath().includes(root)) close(); };
  document.addEventListener("pointerdown", outside);
  document.addEventListener("scroll", stayInView, { capture: true, passive: true });
  const reading = ["wheel", "touchmove", "keydown"];
  reading.forEach((type) => document.addEventListener(type, readerScrolls, { capture: true, passive: true }));
  return () => {
    document.removeEventListener("pointerdown", outside);
    document.removeEventListener("scroll", stayInView, { capture: true });
    reading.forEach((type) => document.removeEventListener(type, readerScrolls, { capture: true }));
  };
}
"""

_ARTICLE_CSS = """
:host, .rag-root { font-family: var(--st-font, inherit); color: var(--st-text-color, inherit); }
.rag-scroll {
  position: relative; max-height: 60vh; overflow: auto; padding: 0.75rem 0.75rem 0 0;
  border-top: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-bottom: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  line-height: 1.65; overscroll-behavior: contain;
}
.rag-article p { margin: 0 0 0.9rem 0; }
.rag-article p.rag-item { margin: 0 0 0.4rem 1.2rem; display: list-item; list-style: disc; }
.rag-article h4 { font-size: 1.05rem; font-weight: 600; margin: 1.2rem 0 0.5rem 0; }
.rag-article pre {
  font-size: 0.85rem; white-space: pre-wrap; background: var(--st-secondary-background-color, #f0f2f6);
  padding: 0.5rem 0.7rem; border-radius: 0.4rem; margin: 0 0 0.9rem 0;
}
.rag-article hr { border: none; border-top: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2)); }
.rag-article-title { font-size: 1.25rem; font-weight: 600; line-height: 1.3; }
.rag-article-meta, .rag-article-detail { font-size: 0.8rem; opacity: 0.7; margin: 0.2rem 0; overflow-wrap: anywhere; }
.rag-article-section { font-size: 0.9rem; margin: 0.35rem 0 0.6rem 0; }
.rag-article-section::before { content: "§ "; opacity: 0.6; }
mark.rag-cited { background: #ffe066; color: #1f1f1f; padding: 0.1rem 0; border-radius: 0.15rem; }
"""

_ARTICLE_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".rag-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "rag-root";
    parentElement.appendChild(root);
  }
  if (root._html === data.html) return;
  root._html = data.html;
  root.innerHTML = data.html;
  const box = root.querySelector(".rag-scroll"), mark = root.querySelector("#cited");
  if (!mark) return;
  const place = () => { box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3); };
  requestAnimationFrame(place);
  setTimeout(place, 150);  // again once fonts and the dialog's own layout have settled
}
"""

_answer = st.components.v2.component("rag_cited_answer", css=_CSS, js=_ANSWER_JS)
_article = st.components.v2.component("rag_article_view", css=_ARTICLE_CSS, js=_ARTICLE_JS)


def cited_answer(html: str, key: str) -> int | None:
    """Show an answer and its sources (HTML from ui/render.py); the n of the citation whose
    "Open in article" was clicked in this run, else None."""
    opened = _answer(key=key, data={"html": html}, on_open_change=lambda: None).get("open")
    return int(opened) if opened else None


def article_view(html: str, key: str) -> None:
    _article(key=key, data={"html": html})
