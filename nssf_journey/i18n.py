"""Text in several languages.

Any human-readable text of a journey may be a plain string (English) or a mapping such as
``{en: "Pay at the bank", km: "បង់ប្រាក់នៅធនាគារ"}``. It is loaded as a :class:`LocalText`: a ``str`` that *is* the
English text, so every part of the toolkit that only needs English keeps working, and that also carries its
translations. :meth:`LocalText.in_language` falls back to English when a translation is missing.

Examples
--------
>>> t = LocalText("Pay at the bank", {"km": "បង់ប្រាក់នៅធនាគារ"})
>>> t == "Pay at the bank", t.in_language("km"), t.in_language("fr")
(True, 'បង់ប្រាក់នៅធនាគារ', 'Pay at the bank')
>>> t.has("km"), LocalText("Hello").has("km")
(True, False)
"""

from __future__ import annotations

from typing import Mapping

#: Languages the toolkit publishes in: English (the default) and Khmer.
LANGUAGES: tuple[str, ...] = ("en", "km")
DEFAULT_LANGUAGE = "en"
#: Review status of a journey's translation into a language.
TRANSLATION_STATUSES: tuple[str, ...] = ("draft", "reviewed")


class LocalText(str):
    """English text (the ``str`` value) with translations into other languages."""

    translations: dict[str, str]

    def __new__(cls, english: str, translations: Mapping[str, str] | None = None) -> "LocalText":
        obj = super().__new__(cls, english)
        obj.translations = {k: v for k, v in (translations or {}).items() if k != DEFAULT_LANGUAGE}
        return obj

    def in_language(self, language: str) -> str:
        """The text in ``language``, or English when there is no translation."""
        if language == DEFAULT_LANGUAGE:
            return str(self)
        return self.translations.get(language) or str(self)

    def has(self, language: str) -> bool:
        """Is there a text in ``language``?"""
        return language == DEFAULT_LANGUAGE or bool(self.translations.get(language))

    def __reduce__(self):  # keep translations through pickling (multiprocessing)
        return (LocalText, (str(self), self.translations))


def in_language(text: str | None, language: str) -> str:
    """``text`` in ``language`` whether or not it is a :class:`LocalText`; ``""`` for ``None``."""
    if text is None:
        return ""
    if isinstance(text, LocalText):
        return text.in_language(language)
    return str(text)


def has_language(text: str | None, language: str) -> bool:
    """Is ``text`` available in ``language`` (always true for English)?"""
    if language == DEFAULT_LANGUAGE:
        return True
    return isinstance(text, LocalText) and text.has(language)
