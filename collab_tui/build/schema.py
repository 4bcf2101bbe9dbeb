"""The database's schema, declared: its tables (in creation order), indexes, full-text indexes and views.

docs/schema.md documents every table and view; tests/unit/test_build.py checks it against both this
declaration and a built database. A column is ``name`` (text) or ``name:int``; keys and not-null
columns are listed by name; a foreign key is ``column>table.column``. Creation order is part of the
database's bytes: add a table at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    """One table: columns with their types, primary key, foreign keys and not-null columns."""

    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    not_null: frozenset[str] = frozenset()

    def create(self, db: Any) -> None:
        """Create the table in ``db`` (a sqlite_utils.Database)."""
        db[self.name].create(
            self.columns, pk=self.pk, foreign_keys=list(self.foreign_keys), not_null=set(self.not_null)
        )


def table(name: str, columns: str, pk: str, fks: str = "", not_null: str = "") -> Table:
    """A Table from its compact declaration (see the module's docstring)."""
    cols: dict[str, type] = {}
    for column in columns.split():
        col, _, kind = column.partition(":")
        cols[col] = int if kind == "int" else str
    keys = pk.split()
    foreign = []
    for fk in fks.split():
        col, _, target = fk.partition(">")
        other, _, other_col = target.partition(".")
        foreign.append((col, other, other_col))
    return Table(
        name, cols, keys[0] if len(keys) == 1 else tuple(keys), tuple(foreign), frozenset(not_null.split())
    )


# fmt: off
TABLES: tuple[Table, ...] = (
    table("meta", "key value", "key", not_null="value"),
    table("source_line", "line:int text", "line", not_null="text"),
    table("organisation", "id name kind service", "id", not_null="name kind service"),
    table(
        "section",
        "id heading heading_printed:int start_line:int end_line:int attribution attribution_start:int attribution_end:int attribution_quote record_file",
        "id",
        not_null="heading heading_printed start_line end_line record_file",
    ),
    table(
        "area",
        "id name section_id nation police_force_id",
        "id",
        fks="section_id>section.id police_force_id>organisation.id",
        not_null="name section_id nation",
    ),
    table(
        "area_coverage",
        "area_id name kind start_line:int end_line:int quote",
        "area_id name",
        fks="area_id>area.id",
        not_null="kind start_line end_line quote",
    ),
    table(
        "narrative",
        "id:int section_id ordinal:int heading kind start_line:int end_line:int text",
        "id",
        fks="section_id>section.id",
        not_null="section_id ordinal heading kind start_line end_line text",
    ),
    table(
        "narrative_area",
        "narrative_id:int area_id",
        "narrative_id area_id",
        fks="narrative_id>narrative.id area_id>area.id",
    ),
    table(
        "organisation_name",
        "organisation_id name kind start_line:int end_line:int",
        "organisation_id name kind start_line",
        fks="organisation_id>organisation.id",
        not_null="start_line end_line",
    ),
    table(
        "organisation_area",
        "organisation_id area_id",
        "organisation_id area_id",
        fks="organisation_id>organisation.id area_id>area.id",
    ),
    table(
        "organisation_source",
        "organisation_id ordinal:int start_line:int end_line:int quote",
        "organisation_id ordinal",
        fks="organisation_id>organisation.id",
        not_null="start_line end_line quote",
    ),
    table("person", "id name", "id", not_null="name"),
    table(
        "person_alias",
        "person_id name start_line:int end_line:int",
        "person_id name",
        fks="person_id>person.id",
        not_null="start_line end_line",
    ),
    table(
        "role",
        "id:int person_id name_as_printed role title party organisation_id area_id scope acting:int note start_line:int end_line:int quote record_file",
        "id",
        fks="person_id>person.id organisation_id>organisation.id area_id>area.id",
        not_null="person_id name_as_printed role title scope acting start_line end_line quote record_file",
    ),
    table("funder", "id name", "id", not_null="name"),
    table("fund", "id name funder_id", "id", fks="funder_id>funder.id", not_null="name"),
    table(
        "award",
        "id funder_id fund_id amount_gbp:int approximate:int qualifier year purpose scope aggregate:int record_file",
        "id",
        fks="funder_id>funder.id fund_id>fund.id",
        not_null="funder_id fund_id amount_gbp approximate purpose scope aggregate record_file",
    ),
    table("award_area", "award_id area_id", "award_id area_id", fks="award_id>award.id area_id>area.id"),
    table(
        "award_statement",
        "award_id ordinal:int start_line:int end_line:int quote amount_gbp:int approximate:int qualifier year fund_as_printed funder_as_printed",
        "award_id ordinal",
        fks="award_id>award.id",
        not_null="start_line end_line quote amount_gbp approximate",
    ),
    table("discrepancy", "id kind description record_file", "id", not_null="kind description record_file"),
    table(
        "discrepancy_side",
        "discrepancy_id ordinal:int start_line:int end_line:int quote",
        "discrepancy_id ordinal",
        fks="discrepancy_id>discrepancy.id",
        not_null="start_line end_line quote",
    ),
    table(
        "discrepancy_area",
        "discrepancy_id area_id",
        "discrepancy_id area_id",
        fks="discrepancy_id>discrepancy.id area_id>area.id",
    ),
    table(
        "discrepancy_record",
        "discrepancy_id record_kind record_id",
        "discrepancy_id record_kind record_id",
        fks="discrepancy_id>discrepancy.id",
    ),
    table(
        "place",
        "id name kind area_id start_line:int end_line:int quote",
        "id",
        fks="area_id>area.id",
        not_null="name kind area_id start_line end_line quote",
    ),
    table(
        "project",
        "id title summary status year:int scope record_file",
        "id",
        not_null="title summary status scope record_file",
    ),
    table(
        "project_area",
        "project_id area_id",
        "project_id area_id",
        fks="project_id>project.id area_id>area.id",
    ),
    table(
        "project_organisation",
        "project_id organisation_id",
        "project_id organisation_id",
        fks="project_id>project.id organisation_id>organisation.id",
    ),
    table(
        "project_place",
        "project_id place_id",
        "project_id place_id",
        fks="project_id>project.id place_id>place.id",
    ),
    table(
        "project_award",
        "project_id award_id",
        "project_id award_id",
        fks="project_id>project.id award_id>award.id",
    ),
    table("project_kind", "project_id kind", "project_id kind", fks="project_id>project.id"),
    table("project_service", "project_id service", "project_id service", fks="project_id>project.id"),
    table(
        "project_source",
        "project_id ordinal:int start_line:int end_line:int quote",
        "project_id ordinal",
        fks="project_id>project.id",
        not_null="start_line end_line quote",
    ),
    table(
        "project_date",
        "project_id ordinal:int event value start_line:int end_line:int quote",
        "project_id ordinal",
        fks="project_id>project.id",
        not_null="event value start_line end_line quote",
    ),
    table(
        "project_count",
        "project_id ordinal:int what value:int start_line:int end_line:int quote",
        "project_id ordinal",
        fks="project_id>project.id",
        not_null="what value start_line end_line quote",
    ),
    table(
        "project_money",
        "project_id ordinal:int what amount_gbp:int period approximate:int qualifier start_line:int end_line:int quote",
        "project_id ordinal",
        fks="project_id>project.id",
        not_null="what amount_gbp period approximate start_line end_line quote",
    ),
    table(
        "headline",
        "id:int heading start_line:int end_line:int quote",
        "id",
        not_null="heading start_line end_line quote",
    ),
    table(
        "headline_area",
        "headline_id:int area_id",
        "headline_id area_id",
        fks="headline_id>headline.id area_id>area.id",
    ),
    table(
        "headline_project",
        "headline_id:int project_id",
        "headline_id project_id",
        fks="headline_id>headline.id project_id>project.id",
    ),
    # The geography layer: outside facts (data/geography/, ONS lookups, OGL v3.0), apart from the report's.
    table(
        "geography_force",
        "police_force force_name nation area_id",
        "police_force",
        fks="area_id>area.id",
        not_null="force_name nation",
    ),
    table(
        "geography_place",
        "name kind era police_force note in_report:int",
        "name kind police_force",
        fks="police_force>geography_force.police_force",
        not_null="era in_report",
    ),
)

#: Indexes, in creation order: (table, columns).
INDEXES: tuple[tuple[str, str], ...] = (
    ("area", "section_id"),
    ("role", "person_id"),
    ("role", "area_id"),
    ("role", "role"),
    ("role", "organisation_id"),
    ("award", "funder_id"),
    ("award", "fund_id"),
    ("award_area", "area_id"),
    ("narrative", "section_id"),
    ("narrative_area", "area_id"),
    ("organisation_area", "area_id"),
    ("discrepancy_area", "area_id"),
    ("discrepancy_record", "record_kind record_id"),
    ("place", "area_id"),
    ("project", "status"),
    ("project_area", "area_id"),
    ("project_kind", "kind"),
    ("project_service", "service"),
    ("project_place", "place_id"),
    ("project_organisation", "organisation_id"),
    ("project_award", "award_id"),
    ("organisation_name", "name"),
    ("organisation", "kind"),
    ("organisation", "service"),
    ("geography_place", "police_force"),
)
# fmt: on

#: Full-text indexes (FTS5), made after the rows are in: (table, columns, tokenizer).
FULL_TEXT: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("narrative", ("heading", "text"), "porter"),
    # Find in the report (collab_tui/report.py): every line, words as printed (no stemming).
    ("source_line", ("text",), "unicode61 remove_diacritics 2"),
)

#: Views for Datasette and sqlite3 users (the app reads the tables): name -> SELECT.
VIEWS: dict[str, str] = {
    "area_leaders": """
            SELECT area.name AS area, section.heading AS section, role.role AS role,
                   role.title AS title, person.name AS name, role.party AS party,
                   organisation.name AS organisation, role.note AS note,
                   role.name_as_printed AS name_as_printed, role.acting AS acting,
                   area.id AS area_id, person.id AS person_id,
                   role.start_line AS start_line, role.end_line AS end_line
            FROM role
            JOIN area ON area.id = role.area_id
            JOIN section ON section.id = area.section_id
            JOIN person ON person.id = role.person_id
            LEFT JOIN organisation ON organisation.id = role.organisation_id
            ORDER BY area.name, role.start_line, role.id""",
    "area_funding": """
            SELECT area.name AS area, funder.name AS funder, fund.name AS fund,
                   award.amount_gbp AS amount_gbp, award.approximate AS approximate,
                   award.year AS year, award.purpose AS purpose,
                   award.id AS award_id, area.id AS area_id,
                   EXISTS (SELECT 1 FROM discrepancy_record dr
                           WHERE dr.record_kind = 'award' AND dr.record_id = award.id) AS has_discrepancy
            FROM award
            JOIN award_area ON award_area.award_id = award.id
            JOIN area ON area.id = award_area.area_id
            JOIN funder ON funder.id = award.funder_id
            JOIN fund ON fund.id = award.fund_id
            ORDER BY area.name, award.amount_gbp DESC, award.id""",
    "area_projects": """
            SELECT area.name AS area, project.title AS title,
                   (SELECT group_concat(kind, ', ') FROM
                      (SELECT kind FROM project_kind WHERE project_id = project.id ORDER BY kind)) AS kinds,
                   (SELECT group_concat(service, ', ') FROM
                      (SELECT service FROM project_service WHERE project_id = project.id ORDER BY service)) AS services,
                   project.status AS status,
                   (SELECT group_concat(name, ', ') FROM
                      (SELECT place.name FROM project_place JOIN place ON place.id = project_place.place_id
                       WHERE project_place.project_id = project.id ORDER BY place.name)) AS places,
                   project.year AS year, project.id AS project_id, area.id AS area_id
            FROM project
            JOIN project_area ON project_area.project_id = project.id
            JOIN area ON area.id = project_area.area_id
            ORDER BY area.name, project.title""",
}

TABLE_NAMES = tuple(t.name for t in TABLES)


def create_tables(db: Any) -> None:
    """Create every table, then every index, in declaration order."""
    for t in TABLES:
        t.create(db)
    for name, columns in INDEXES:
        db[name].create_index(columns.split())


def create_full_text(db: Any) -> None:
    """Index the full-text columns (after the rows are in)."""
    for name, columns, tokenize in FULL_TEXT:
        db[name].enable_fts(list(columns), fts_version="FTS5", tokenize=tokenize)
        db[name].populate_fts(list(columns))


def create_views(db: Any) -> None:
    """Create every view."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql)
