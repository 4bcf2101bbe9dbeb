"""How collab-tui writes a value as words: money, leaders, area names, Markdown-safe text.

One place for each: every view, export and the CLI format through these, so an amount or a
leader reads the same on the screen, in a briefing and on standard output. Plain Python: no
Textual, no Rich (the core layer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from collab_tui.models import Area, Award, AwardStatement, Leader
from collab_tui.safe_text import clean
from collab_tui.vocabulary import NOT_STATED, QUALIFIER_WORDS

# --- money -------------------------------------------------------------------------------------


def format_gbp(
    amount: int, approximate: bool = False, qualifier: str | None = None, symbol: bool = True
) -> str:
    """An amount as the report qualifies it: '£1,600,000', 'up to £50,000', 'almost £600,000'.

    The qualifier is the word printed before the amount (see QUALIFIER_WORDS); an approximate
    amount without one reads 'about £X'. Every view formats money through this one function;
    a table whose column heading carries the '£' passes ``symbol=False`` ('up to 50,000').
    """
    text = f"£{amount:,}" if symbol else f"{amount:,}"
    if qualifier:
        return f"{QUALIFIER_WORDS.get(qualifier, qualifier.replace('_', ' '))} {text}"
    return f"about {text}" if approximate else text


def format_money(
    amount: int, period: str | None, approximate: bool = False, qualifier: str | None = None
) -> str:
    """A project's money fact: 'up to £50,000 per year'; a period the text does not state is left out."""
    text = format_gbp(amount, approximate, qualifier)
    return f"{text} {period}" if period and period != "not stated" else text


def amount_text(a: Award | AwardStatement) -> str:
    """An award's (or a statement's) amount as the report qualifies it: 'up to £50,000'."""
    return format_gbp(a.amount_gbp, a.approximate, a.qualifier)


def from_funder(funder: str) -> str:
    """'from the Home Office', or '(funder not stated)' where the report prints none beside the amount."""
    return "(funder not stated)" if funder == NOT_STATED else f"from the {funder}"


def award_heading(a: Award) -> str:
    """'£1,600,000 from the Home Office': an award's amount and funder, as a detail view's title reads."""
    return f"{amount_text(a)} {from_funder(a.funder)}"


# --- leaders -----------------------------------------------------------------------------------


def leader_name(leader: Leader) -> str:
    """'Giles York (acting)': the name, and whether the report calls the post acting."""
    return leader.name + (" (acting)" if leader.acting else "")


def leader_details(leader: Leader, *, listed: bool = True) -> str:
    """What follows a leader's name: ' (Conservative), Sussex Police (listed under Kent, Sussex)'."""
    party = f" ({leader.party})" if leader.party else ""
    org = f", {leader.organisation}" if leader.organisation else ""
    where = f" ({leader.where_listed})" if listed and leader.listed_under else ""
    return f"{party}{org}{where}"


def leader_line(leader: Leader) -> str:
    """An area's leader as one line: 'Police and Crime Commissioner: Stephen Bett (Independent)'."""
    return f"{leader.title}: {leader.name}{leader_details(leader)}"


def leader_text(leader: Leader) -> str:
    """A leader in a comparison cell: 'Anthony Marsh, West Midlands Ambulance Service (listed under ...)'."""
    return leader_name(leader) + leader_details(leader)


def role_title(leader: Leader) -> str:
    """The role as printed, marked acting when the report says so and the title does not already
    ('Chief Constable (acting)'; John Long's 'Acting Chief Constable' stays as printed)."""
    if leader.acting and not leader.title.lower().startswith("acting"):
        return f"{leader.title} (acting)"
    return leader.title


def role_line(leader: Leader, where: str) -> str:
    """One role of a person: 'Chief Constable (acting), Sussex Police: Sussex'."""
    return f"{role_title(leader)}{leader_details(leader, listed=False)}: {where}"


def label_of(labels: Mapping[str, str], code: str) -> str:
    """A code's label from one of collab_tui.vocabulary's tables; an unknown code as its words ('Joint patrols')."""
    return labels.get(code) or code.replace("_", " ").capitalize()


# --- names -------------------------------------------------------------------------------------


def area_names(areas: Iterable[Area]) -> dict[str, str]:
    """Area names by id ('norfolk' -> 'Norfolk'), for naming the other areas of a joint record."""
    return {a.id: a.name for a in areas}


def names_of(ids: Iterable[str], names: dict[str, str], sep: str = ", ") -> str:
    """The names of ``ids`` (an id without a name stays as it is), joined: 'Norfolk, Suffolk'."""
    return sep.join(names.get(i, i) for i in ids)


def plural(n: int, word: str) -> str:
    """'1 project', '6 projects'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def one_line(text: object) -> str:
    """Text on one line: control characters and escape sequences gone, runs of white space one space."""
    return " ".join(clean("" if text is None else str(text)).split())


# --- Markdown ----------------------------------------------------------------------------------

#: Every character that can start or end Markdown syntax inside a line: escapes, code, emphasis,
#: links and images, HTML, table cells, strikethrough, headings.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_escape(text: object) -> str:
    """Data made inert in Markdown: one line, control characters gone, significant characters escaped.

    An approximate amount ('~£25,000') reads 'about £25,000': a bare tilde is strikethrough to some renderers.
    """
    return _MD_SPECIAL.sub(r"\\\1", one_line(text).replace("~£", "about £"))
