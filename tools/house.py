"""The house drawn: every module of rag/ and ui/ with its size and the rag modules it
imports, and whether the imports run one way (no cycles). Issue 15 asks for the house
before and after a reshape: tools/house.md holds both (`--root` draws another checkout).

    python tools/house.py                  # a Markdown table
    python tools/house.py --check          # exit 1 on an import cycle
    python tools/house.py --root /tmp/old  # the house of another checkout
"""

from __future__ import annotations

import argparse
import ast
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name -> file, for rag (packages included) and the UI (installed as rag.ui)."""
    found = {}
    for path in sorted((root / "rag").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for path in sorted((root / "ui").glob("*.py")):
        found["rag.ui" if path.stem == "__init__" else f"rag.ui.{path.stem}"] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """The known modules `name` imports at its top level, and those it imports lazily (inside
    a function, or under TYPE_CHECKING), which cannot make an import-time cycle."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top, lazy = set(), set()
    ui_siblings = {n for n in known if n.startswith("rag.ui.")}

    def targets(node) -> set[str]:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            submodules = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known]
            # `from rag import structure` imports rag.structure; `from rag import Answer`, rag itself
            names = submodules + ([node.module] if len(submodules) < len(node.names) else [])
        else:
            return set()
        if name.startswith("rag.ui."):  # the UI imports its siblings by bare name (render, widgets)
            names += [f"rag.ui.{n}" for n in names if f"rag.ui.{n}" in ui_siblings]
        return {n for n in names if n in known and n != name}

    def walk(node, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) or (
                isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
            (lazy if inside else top).update(targets(child))
            walk(child, inside)

    walk(tree, False)
    return top, lazy - top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if top-level imports form a cycle")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to draw (default: this one)")
    args = parser.parse_args()
    found = modules(args.root)
    graph = {name: imports(name, path, set(found)) for name, path in found.items()}
    print("| module | lines | imports (lazily) |\n|---|---|---|")
    for name, path in found.items():
        top, lazy = graph[name]
        short = lambda names: ", ".join(sorted(n.removeprefix("rag.") for n in names))  # noqa: E731
        listed = short(top) + (f" ({short(lazy)})" if lazy else "")
        print(f"| {name} | {len(path.read_text(encoding='utf-8').splitlines())} | {listed} |")
    sizes = sorted((len(path.read_text(encoding="utf-8").splitlines()), name) for name, path in found.items())
    over = [f"{name} ({lines})" for lines, name in sizes if lines > 300]
    print(f"\n{len(found)} modules; the largest {sizes[-1][1]} ({sizes[-1][0]} lines); over 300 lines: "
          f"{', '.join(over) or 'none'}.")
    try:
        TopologicalSorter({name: top for name, (top, _) in graph.items()}).prepare()
        print("\nTop-level imports run one way: no cycles.")
    except CycleError as e:
        print(f"\nImport cycle: {' -> '.join(e.args[1])}")
        if args.check:
            sys.exit(1)


if __name__ == "__main__":
    main()
