"""The one vocabulary of collab-tui: the codes the records use and the words shown for them.

The build (collab_tui.build) refuses any code not listed here; the core, the CLI and the app show
a code through these labels. A new role, service or project kind is added here once. Plain Python,
no Textual, Rich or sqlite-utils: the core layer.
"""

from __future__ import annotations

# --- the database file -------------------------------------------------------------------------

#: ``PRAGMA user_version`` of the database this collab-tui writes and reads.
SCHEMA_VERSION = 1
#: ``PRAGMA application_id``: "CLAB". Lets the app tell our database from any other SQLite file.
APPLICATION_ID = 0x434C4142

#: The area id of a national record (a national pot, a national post): never an area of its own.
NATIONAL = "national"
#: A fund or funder the report does not print beside the amount.
NOT_STATED = "Not stated"

# --- places ------------------------------------------------------------------------------------

NATIONS = frozenset({"England", "Wales"})
#: What a name in an area's "covers" list is, as the report prints it.
COVER_KINDS = frozenset({"county", "city", "authority", "council", "district", "region"})
#: A place the report names (a station, a building...).
PLACE_KINDS = frozenset({"town", "station", "building", "site", "district"})

# --- sections ----------------------------------------------------------------------------------

NARRATIVE_KINDS = frozenset({"current", "future", "government_supported", "other"})

# --- organisations and services ----------------------------------------------------------------

#: Organisation kinds in the order a briefing reads them, with their labels.
ORGANISATION_KIND_LABELS: dict[str, str] = {
    "police_force": "Police force",
    "pcc_office": "PCC's office",
    "fire_and_rescue": "Fire and rescue",
    "ambulance_trust": "Ambulance trust",
    "local_authority": "Local authority",
    "health": "Health",
    "government": "Government",
    "education": "Education",
    "association": "Association",
    "voluntary": "Voluntary",
    "other": "Other",
}
ORGANISATION_KINDS = frozenset(ORGANISATION_KIND_LABELS)

SERVICE_LABELS: dict[str, str] = {
    "police": "Police",
    "fire": "Fire",
    "ambulance": "Ambulance",
    "local_authority": "Local authority",
    "health": "Health",
    "other": "Other",
}
SERVICES = frozenset(SERVICE_LABELS)
#: The services a leader's role belongs to (the Leaders table's service filter).
LEADER_SERVICE_LABELS: dict[str, str] = {
    k: SERVICE_LABELS[k] for k in ("police", "fire", "ambulance", "other")
}

# --- leaders -----------------------------------------------------------------------------------

ROLE_LABELS: dict[str, str] = {
    "pcc": "Police and Crime Commissioner",
    "chief_constable": "Chief Constable",
    "chief_fire_officer": "Chief Fire Officer",
    "fire_chief_executive": "Fire Chief Executive",
    "ambulance_chief_executive": "Ambulance Chief Executive",
    "commissioner": "Commissioner",
    "mayor": "Mayor",
    "other": "Other",
}
ROLES = frozenset(ROLE_LABELS)

#: Roles as a table cell: the report's own short forms ("PCC: Sue Mountstevens"), so a column stays narrow.
ROLE_SHORT: dict[str, str] = {
    "pcc": "PCC",
    "chief_constable": "Chief Constable",
    "chief_fire_officer": "Chief Fire Officer",
    "fire_chief_executive": "Fire Chief Exec.",
    "ambulance_chief_executive": "Ambulance Chief Exec.",
    "commissioner": "Commissioner",
    "mayor": "Mayor",
    "other": "Other",
}

#: The service each role leads.
ROLE_SERVICE: dict[str, str] = {
    "pcc": "police",
    "chief_constable": "police",
    "commissioner": "police",
    "mayor": "police",
    "chief_fire_officer": "fire",
    "fire_chief_executive": "fire",
    "ambulance_chief_executive": "ambulance",
    "other": "other",
}
#: Roles that may carry a party (the report prints one for PCCs and mayors only).
PARTY_ROLES = frozenset({"pcc", "mayor"})

# --- projects ----------------------------------------------------------------------------------

PROJECT_KIND_LABELS: dict[str, str] = {
    "co_location": "Co-location / shared station",
    "co_responding": "Co-responding",
    "joint_control": "Joint control or contact centre",
    "shared_headquarters": "Shared headquarters",
    "joint_training": "Joint training",
    "fleet_and_workshops": "Fleet and workshops",
    "shared_support_services": "Shared support services",
    "estates": "Estates",
    "community_safety": "Community safety and prevention",
    "mental_health_and_demand": "Mental health and demand",
    "resilience_and_planning": "Resilience and emergency planning",
    "it_and_data": "IT and data sharing",
    "governance_and_integration": "Governance and integration",
    "volunteers_and_cadets": "Volunteers and cadets",
}
PROJECT_KINDS = frozenset(PROJECT_KIND_LABELS)

PROJECT_STATUS_LABELS: dict[str, str] = {
    "current": "Current",
    "completed": "Completed",
    "planned": "Planned",
    "proposed": "Proposed",
    "abandoned": "Abandoned",
}
PROJECT_STATUSES = frozenset(PROJECT_STATUS_LABELS)

DATE_EVENT_LABELS: dict[str, str] = {
    "opened": "Opened",
    "started": "Started",
    "due": "Due",
    "agreed": "Agreed",
    "formed": "Formed",
    "launched": "Launched",
    "planned": "Planned",
    "construction_starts": "Construction starts",
    "decision_expected": "Decision expected",
    "expected": "Expected",
    "other": "Other",
}
DATE_EVENTS = frozenset(DATE_EVENT_LABELS)

# --- money -------------------------------------------------------------------------------------

#: Funders by id, with their names.
FUNDERS: dict[str, str] = {
    "home-office": "Home Office",
    "dclg": "Department for Communities and Local Government",
    # No funder is printed beside the amount (e.g. "A further £216,000 in 2014/15", line 130).
    "not-stated": NOT_STATED,
}
#: Funds by id: (name, funder id or None).
FUNDS: dict[str, tuple[str, str | None]] = {
    "police-innovation-fund": ("Police Innovation Fund", "home-office"),
    "precursor-police-innovation-fund": ("Precursor Police Innovation Fund", "home-office"),
    "transformation-challenge-award": ("Transformation Challenge Award", "dclg"),
    "fire-transformation-fund": ("Fire and Rescue Transformation Fund", "dclg"),
    "unspecified": (NOT_STATED, None),
}
#: What a project's money fact is.
MONEY_WHAT = frozenset({"cost", "saving", "receipt", "return"})
#: A period is one of these, or "over <what the text says>" ("over 4 years", "over its lifespan").
MONEY_PERIODS = frozenset({"per year", "per month", "total", "not stated"})

#: The words the report prints before an amount, by the qualifier the records keep: "up to £50,000" is
#: up_to, never "about".
QUALIFIER_WORDS: dict[str, str] = {
    "up_to": "up to",
    "over": "over",
    "more_than": "more than",
    "about": "about",
    "almost": "almost",
}
MONEY_QUALIFIERS = frozenset(QUALIFIER_WORDS)
#: Every phrase the report uses before an amount, with the qualifier it means.
QUALIFIER_PHRASES: dict[str, str] = {
    "up to": "up_to",
    "over": "over",
    "more than": "more_than",
    "in excess of": "more_than",
    "almost": "almost",
    "nearly": "almost",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
}
#: Qualifiers that state a bound, not a guess: never shown or stored as "about".
BOUND_QUALIFIERS: dict[str, str] = {"up_to": "up to", "over": "over", "more_than": "more than"}

# --- discrepancies -----------------------------------------------------------------------------

DISCREPANCY_KINDS = frozenset(
    {"amount", "year", "fund", "purpose", "recipient", "name_spelling", "abbreviation", "other"}
)
#: The record kinds a discrepancy may name as ``kind:id``.
DISCREPANCY_TARGETS = frozenset({"award", "person", "organisation", "project", "role", "place", "area"})

# --- the geography layer (data/geography/: outside facts, never mixed with the report's) -------

GEOGRAPHY_SOURCE = (
    "Office for National Statistics: Local Authority District to Community Safety Partnership to "
    "Police Force Area lookups (December 2014 and December 2023), with ceremonial counties and "
    "principal towns; Open Government Licence v3.0"
)
GEO_KINDS = frozenset(
    {
        "ceremonial_county",
        "county",
        "unitary_authority",
        "metropolitan_borough",
        "london_borough",
        "welsh_principal_area",
        "preserved_county",
        "district",
        "city",
        "town",
    }
)
GEO_ERAS = frozenset({"both", "2014", "today"})
#: The territorial police forces of England and Wales.
TERRITORIAL_FORCES = 43

# --- record kinds as the explorer names them ---------------------------------------------------

#: The kinds a search returns (``collab-tui search --kind``), in the order of collab_tui.search.KINDS.
SEARCH_KINDS: tuple[str, ...] = ("person", "area", "organisation", "place", "project", "funding")

#: The explorer's tables, as its panes show them and ``collab-tui export VIEW`` writes them (collab_tui.tables).
VIEWS: tuple[str, ...] = ("areas", "leaders", "projects", "funding")


def organisation_kind_label(kind: str) -> str:
    """'Police force' for police_force; an unknown kind as its words ('Pcc office' style)."""
    return ORGANISATION_KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()
