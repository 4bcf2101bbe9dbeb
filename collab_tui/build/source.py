"""The report's text (data/source/), addressed by line, and what a quote of it prints (amounts, numbers)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from collab_tui.vocabulary import QUALIFIER_PHRASES


class BuildError(Exception):
    """The build cannot run; the message is one line saying why and what to do."""


def normalise(text: str) -> str:
    """Collapse whitespace and drop the text file's ``**`` bold markers."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def contains_words(haystack: str, needle: str) -> bool:
    """True if ``needle`` appears in ``haystack`` as whole words (not inside a longer word)."""
    pattern = r"(?<!\w)" + re.escape(normalise(needle)) + r"(?!\w)"
    return re.search(pattern, normalise(haystack)) is not None


def short(text: str, width: int = 70) -> str:
    """``text`` normalised and cut to ``width`` characters, for a problem message."""
    text = normalise(text)
    return text if len(text) <= width else text[: width - 1] + "…"


class Source:
    """The report's text, addressed by 1-based line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_bytes()
        self.text = self.raw.decode("utf-8")
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.sha256 = hashlib.sha256(self.raw).hexdigest()

    def valid(self, start: int, end: int) -> bool:
        """True if ``start``-``end`` is a range of lines of the text."""
        return 1 <= start <= end <= len(self.lines)

    def span(self, start: int, end: int) -> str:
        """The lines ``start``-``end``, normalised into one string."""
        return normalise(" ".join(self.lines[start - 1 : end]))

    def contains(self, start: int, end: int, quote: str) -> bool:
        """True if ``quote`` is verbatim (whitespace and bold aside) at lines ``start``-``end``."""
        return bool(normalise(quote)) and normalise(quote) in self.span(start, end)

    def paragraphs(self, start: int, end: int, drop_heading: str | None = None) -> str:
        """The non-empty lines of a range, one paragraph each."""
        lines = [line.replace("**", "").strip() for line in self.lines[start - 1 : end] if line.strip()]
        if drop_heading is not None and lines and lines[0] == drop_heading.strip():
            lines = lines[1:]
        return "\n\n".join(lines)


def check_source(source_path: Path) -> None:
    """The source text must match its line in SHA256SUMS beside it: the report is never edited."""
    sums = source_path.parent / "SHA256SUMS"
    try:
        listed = sums.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(
            f"{sums} is missing: the source text cannot be checked; restore it from git"
        ) from None
    expected = None
    for line in listed.splitlines():
        digest, _, name = line.strip().partition("  ")
        if name.lstrip("*") == source_path.name:
            expected = digest.lower()
    if expected is None:
        raise BuildError(f"{sums} does not list {source_path.name}; restore it from git")
    actual = hashlib.sha256(source_path.read_bytes()).hexdigest()
    if actual != expected:
        raise BuildError(
            f"{source_path} does not match {sums} (sha256 {actual[:12]}…, expected {expected[:12]}…): "
            "the report's text must not be edited; restore it with `git checkout -- data/source`"
        )


# --- money and numbers printed in quotes -------------------------------------

MONEY_RE = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|bn|m|k)?\b", re.IGNORECASE)
_SCALES = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
}


def _pounds(number: str, unit: str | None) -> int:
    """'1.6', 'm' -> 1600000."""
    return round(float(number.replace(",", "")) * _SCALES.get((unit or "").lower(), 1))


def amounts_in(text: str) -> set[int]:
    """Every sterling amount printed in ``text``, in whole pounds."""
    return {_pounds(number, unit) for number, unit in MONEY_RE.findall(normalise(text))}


_QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, QUALIFIER_PHRASES), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)


def qualifier_printed(text: str, amount: int) -> str | None:
    """The qualifier printed just before ``amount`` in ``text`` ("up to £50,000" -> "up_to").

    "" when the amount is printed bare; None when it is not printed at all.
    """
    text = normalise(text)
    found = None
    for match in MONEY_RE.finditer(text):
        if _pounds(*match.groups()) != amount:
            continue
        before = _QUALIFIER_BEFORE.search(text[: match.start()])
        qualifier = QUALIFIER_PHRASES[before.group(1).lower()] if before else ""
        if found is None or (qualifier and not found):
            found = qualifier
    return found


def numbers_in(text: str) -> set[int]:
    """Every whole number printed in ``text``, as digits or as a word."""
    text = normalise(text)
    found = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text) if n.replace(",", "")}
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word.lower()])
    return found
