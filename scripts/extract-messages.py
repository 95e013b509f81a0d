#!/usr/bin/env python3
"""Collects every translatable text of the templates ({{#t}}…{{/t}}) into
Sources/WildcatWeb/Resources/locales/wildcat.pot, and merges it into each language's .po: new
texts arrive untranslated (they show in English until translated), texts no longer used become
obsolete (#~). Needs polib (pip install polib). Run from anywhere: python3 scripts/extract-messages.py"""
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "Sources/WildcatWeb/Resources"
MARKED = re.compile(r"\{\{#t\}\}(.*?)\{\{/t\}\}", re.S)


def messages():
    """msgid → the places it is used, in template order."""
    found = {}
    for path in sorted((RESOURCES / "templates").rglob("*.mustache")):
        text = path.read_text(encoding="utf-8")
        for match in MARKED.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match.group(1), []).append((str(path.relative_to(RESOURCES)), str(line)))
    return found


def template():
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Project-Id-Version": "Wildcat", "MIME-Version": "1.0",
                    "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for msgid, places in messages().items():
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=places))
    return pot


def main():
    pot = template()
    pot.save(str(RESOURCES / "locales/wildcat.pot"))
    for path in sorted((RESOURCES / "locales").glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        po.merge(pot)
        po.save(str(path))
    print(f"{len(pot)} messages", file=sys.stderr)


if __name__ == "__main__":
    main()
