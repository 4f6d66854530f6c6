#!/usr/bin/env python3
"""Writes the seed corpus of every target (corpus/<target>/) from tests/books/: for a
loader's target, the first byte picks among the books that have its file (in the
order of BOOKS in src/lib.rs), the rest is that book's file; for `book`, each test
book as an archive (`=== path` lines), large exports cut to their first 60 lines.
Usage: python3 fuzz/seeds.py"""
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
BOOKS_DIR = FUZZ.parent / "tests" / "books"
BOOKS = ["tiny", "coaching", "email", "exports", "pipeline", "plan", "polski", "targets"]
TARGETS = {
    "settings": "pulsebook.yaml",
    "team": "team.yaml",
    "metrics": "metrics/crm.csv",
    "kpis": "kpis.yaml",
    "coaching": "coaching/log.yaml",
    "plan": "plan.yaml",
    "content": "content/zasady.md",
    "targets": "targets/quotas.csv",
    "sources": "sources.yaml",
}
SKIP = {"expected", "public", "README.md", "generate.py"}


def files(book):
    root = BOOKS_DIR / book
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if rel.parts[0] in SKIP or not p.is_file():
            continue
        out[rel.as_posix()] = p.read_bytes()
    return out


def main():
    books = {b: files(b) for b in BOOKS}
    for target, path in TARGETS.items():
        out = FUZZ / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        having = [b for b in BOOKS if path in books[b]]
        for i, book in enumerate(having):
            (out / f"{book}").write_bytes(bytes([i]) + books[book][path])
        # The built-in handbook's chapters, as the polski book's chapter.
        if target == "content":
            for md in sorted((FUZZ.parent / "content").glob("*/*.md")):
                (out / f"{md.parent.name}-{md.stem}").write_bytes(b"\0" + md.read_bytes())
        # Other books' exports, as the first book's crm.csv.
        if target == "metrics":
            for book in BOOKS:
                for rel, data in books[book].items():
                    if rel.startswith("metrics/") and rel != path:
                        name = f"{book}-{Path(rel).stem}"
                        (out / name).write_bytes(bytes([0]) + cut(data))
    out = FUZZ / "corpus" / "book"
    out.mkdir(parents=True, exist_ok=True)
    for book in BOOKS:
        archive = b""
        for rel, data in books[book].items():
            data = cut(data)
            archive += f"=== {rel}\n".encode() + data + (b"" if data.endswith(b"\n") else b"\n")
        (out / book).write_bytes(archive)


def cut(data, lines=60):
    """The first `lines` lines of a large file."""
    if len(data) < 8192:
        return data
    return b"".join(data.splitlines(keepends=True)[:lines])


if __name__ == "__main__":
    main()
