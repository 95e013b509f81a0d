"""The message catalogs, read with polib as Weblate and Poedit read them: every text the
templates mark ({{#t}}…{{/t}}) is translated in every catalog, with the same placeholders and
markup; the template (wildcat.pot) is what the extraction script writes; each catalog's plural
forms are as many as its language has (PluralRules.swift)."""
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "Sources/WildcatWeb/Resources/locales"
sys.path.insert(0, str(ROOT / "scripts"))
extract = __import__("extract-messages")

PLURAL_FORMS = {"en": 2, "de": 2, "fr": 3, "es": 3, "it": 3, "pl": 3, "ar": 6}
TOKENS = re.compile(r"\{\{[^}]*\}\}|</?[a-z]+[^>]*>|%[sd@]")


def tokens(text):
    return sorted(TOKENS.findall(text))


def catalogs():
    return {path.stem: polib.pofile(str(path)) for path in sorted(LOCALES.glob("*.po"))}


def test_the_shipped_languages_are_there():
    assert {"fr", "es", "it", "de", "ar"} <= set(catalogs())


def test_every_marked_text_is_translated_everywhere_with_the_same_placeholders():
    used = extract.messages()
    assert used, "no marked text found"
    problems = []
    for language, po in catalogs().items():
        entries = {entry.msgid: entry for entry in po if not entry.obsolete}
        for msgid in used:
            entry = entries.get(msgid)
            if entry is None or not entry.msgstr or "fuzzy" in entry.flags:
                problems.append(f"{language}: untranslated: {msgid!r}")
            elif tokens(entry.msgstr) != tokens(msgid):
                problems.append(f"{language}: placeholders differ: {msgid!r} → {entry.msgstr!r}")
        for entry in po:
            if entry.msgid_plural and len(entry.msgstr_plural) != PLURAL_FORMS[language]:
                problems.append(f"{language}: {entry.msgid!r} has {len(entry.msgstr_plural)} plural forms, not {PLURAL_FORMS[language]}")
        stale = [entry.msgid for entry in po if entry.obsolete or (entry.msgid not in used)]
        if stale:
            problems.append(f"{language}: texts no template uses: {stale}")
    assert problems == [], "\n".join(problems)


def test_each_catalog_says_its_language_and_plural_forms():
    for language, po in catalogs().items():
        assert po.metadata.get("Language") == language
        match = re.match(r"nplurals=(\d+);", po.metadata.get("Plural-Forms", ""))
        assert match and int(match.group(1)) == PLURAL_FORMS[language], (language, po.metadata.get("Plural-Forms"))


def test_the_template_is_up_to_date():
    written = {entry.msgid for entry in polib.pofile(str(LOCALES / "wildcat.pot"))}
    assert written == set(extract.messages()), "run python3 scripts/extract-messages.py"


def test_a_placeholder_mismatch_is_caught():
    assert tokens("Join {{assemblyName}}") != tokens("Rejoindre {{assembly}}")
    assert tokens("You are <strong>{{x}}</strong>.") != tokens("Vous êtes {{x}}.")
