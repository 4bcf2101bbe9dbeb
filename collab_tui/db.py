"""Read-only access to data/collab.db: rows in, typed models out.

The database is opened with SQLite's URI ``mode=ro&immutable=1``, so nothing
(no journal, WAL or lock file) is ever written beside it and it works from a
read-only directory or a network share. Only ``build_db.py`` writes it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable

from collab_tui import db_checks
from collab_tui.db_checks import AS_READ as AS_READ
from collab_tui.db_checks import ENV_VAR as ENV_VAR  # where the database is: db_checks, with the open
from collab_tui.db_checks import PACKAGE_DIR as PACKAGE_DIR
from collab_tui.db_checks import DatabaseError, TableChecks, check_schema, connect, read_meta
from collab_tui.db_checks import bundled_path as bundled_path
from collab_tui.db_checks import bundled_text as _bundled
from collab_tui.db_checks import given_path as _given
from collab_tui.db_checks import resolve_path as resolve_path
from collab_tui.guard import raise_swallowed_signal
from collab_tui.models import (
    Area,
    Award,
    AwardStatement,
    Coverage,
    Discrepancy,
    FundingTotal,
    GeoPlace,
    Leader,
    Meta,
    Narrative,
    Organisation,
    Person,
    Place,
    Project,
    Section,
    SourceRef,
)
from collab_tui.vocabulary import DATE_EVENT_LABELS

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path
else:
    try:  # sqlite3's C part, without the package's datetime (as in collab_tui.db_checks)
        import _sqlite3 as sqlite3
    except ImportError:
        import sqlite3


def _ref(row: sqlite3.Row, prefix: str = "") -> SourceRef:
    quote = row[f"{prefix}quote"] if f"{prefix}quote" in row.keys() else ""  # noqa: SIM118 (sqlite3.Row)
    return SourceRef(row[f"{prefix}start_line"], row[f"{prefix}end_line"], quote or "")


def _in_area(column: str, kind: str, area_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its parameters) keeping the records of ``kind`` linked to an area, if one is given.

    ``column`` is the record's id column as the query names it; the link table is ``<kind>_area``
    (a fixed name from this module, never from input).
    """
    if not area_id:
        return "", ()
    return f"WHERE {column} IN (SELECT {kind}_id FROM {kind}_area WHERE area_id = ?)", (area_id,)


class Database:
    """A read-only collab.db. Every method returns models, never rows."""

    def __init__(self, path: str | os.PathLike[str] | None = None, deep: bool | str = True) -> None:
        """Open and validate ``path``. ``deep=False`` leaves the page check and the scan of every table's
        values to :meth:`check` (the explorer runs it once its first frame is on screen);
        ``deep=AS_READ`` does them table by table, each as a statement first reads it (a lookup: its
        answer is checked, not the whole file; db_checks.TableChecks)."""
        given = _given(path)
        self._path_text = db_checks.path_text(given) if given else _bundled()  # resolve_path's, as text
        self._path: Path | None = None
        self.conn = connect(self._path_text, deep is True)
        try:
            if deep is True:
                check_schema(self.conn, self._path_text)
            checks = TableChecks(self.conn, self._path_text) if deep == AS_READ else None
            values = {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}
            self._meta = read_meta(values, self._path_text)
            if checks is not None:
                checks.check_layout(values.get("layout"))
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise_swallowed_signal()
            raise DatabaseError(self._read_error(exc)) from exc
        except DatabaseError:
            self.conn.close()
            raise

    def check(self) -> None:
        """The deep validation ``Database(path, deep=False)`` skipped (``PRAGMA quick_check``, every
        table and column and the type of every value), on a connection of its own, so another
        thread may run it; DatabaseError, with the same one line, if the database fails it."""
        conn = connect(self._path_text)
        try:
            check_schema(conn, self._path_text)
        except sqlite3.DatabaseError as exc:
            raise_swallowed_signal()
            raise DatabaseError(self._read_error(exc)) from exc
        finally:
            conn.close()

    def _read_error(self, exc: sqlite3.Error) -> str:
        return db_checks.read_error(self._path_text, exc)

    @property
    def path(self) -> Path:
        """The database file (--db PATH, $COLLAB_DB or the bundled one, ``~`` expanded)."""
        if self._path is None:
            from pathlib import Path

            self._path = Path(self._path_text)
        return self._path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _all(self, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise_swallowed_signal()
            raise DatabaseError(self._read_error(exc)) from exc

    # --- meta and source --------------------------------------------------

    @property
    def meta(self) -> Meta:
        return self._meta

    def source_lines(self, start: int, end: int) -> list[tuple[int, str]]:
        """The report's lines start..end (1-based, inclusive)."""
        rows = self._all(
            "SELECT line, text FROM source_line WHERE line BETWEEN ? AND ? ORDER BY line", (start, end)
        )
        return [(r["line"], r["text"]) for r in rows]

    def stored_search_index(self, index_format: int, table: str = "search_index") -> str | None:
        """The search index build_db.py stored (collab_tui.search.Index.load), or None if there is none;
        or, from ``table`` "search_names", the names it resolved (collab_tui.search.names)."""
        try:
            row = self.conn.execute(
                f"SELECT payload FROM {table} WHERE format = ?", (index_format,)
            ).fetchone()
        except sqlite3.Error:
            return None  # a database from before the stored index: the caller builds it
        return row[0] if row is not None and isinstance(row[0], str) else None

    def counts(self) -> dict[str, int]:
        """How many records of each kind the database holds."""
        tables = [
            "section",
            "area",
            "organisation",
            "person",
            "role",
            "award",
            "discrepancy",
            "project",
            "place",
        ]
        return {t: self._all(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}

    # --- areas -------------------------------------------------------------

    def _areas(self, where: str = "", params: Iterable[object] = ()) -> list[Area]:
        rows = self._all(
            "SELECT area.*, section.heading AS section_heading FROM area "
            f"JOIN section ON section.id = area.section_id {where} ORDER BY area.name",
            params,
        )
        covers: dict[str, list[Coverage]] = defaultdict(list)
        for c in self._all("SELECT * FROM area_coverage ORDER BY area_id, name"):
            covers[c["area_id"]].append(Coverage(c["name"], c["kind"], _ref(c)))
        return [
            Area(
                id=r["id"],
                name=r["name"],
                nation=r["nation"],
                section_id=r["section_id"],
                section_heading=r["section_heading"],
                police_force_id=r["police_force_id"],
                covers=tuple(covers[r["id"]]),
            )
            for r in rows
        ]

    def areas(self) -> list[Area]:
        """Every area, by name."""
        return self._areas()

    def area(self, area_id: str) -> Area | None:
        found = self._areas("WHERE area.id = ?", (area_id,))
        return found[0] if found else None

    def sections(self) -> list[Section]:
        rows = self._all("SELECT * FROM section ORDER BY start_line")
        return [
            Section(
                id=r["id"],
                heading=r["heading"],
                heading_printed=bool(r["heading_printed"]),
                ref=SourceRef(r["start_line"], r["end_line"]),
                attribution=r["attribution"],
                attribution_ref=(
                    SourceRef(r["attribution_start"], r["attribution_end"], r["attribution_quote"])
                    if r["attribution_start"]
                    else None
                ),
            )
            for r in rows
        ]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections() if s.id == section_id), None)

    def narrative(self, area_id: str) -> list[Narrative]:
        """The report's prose for an area's section, in printed order."""
        rows = self._all(
            "SELECT narrative.* FROM narrative JOIN narrative_area ON narrative_area.narrative_id = narrative.id "
            "WHERE narrative_area.area_id = ? ORDER BY narrative.start_line",
            (area_id,),
        )
        return [
            Narrative(r["heading"], r["kind"], r["text"], SourceRef(r["start_line"], r["end_line"]))
            for r in rows
        ]

    # --- organisations ------------------------------------------------------

    def organisations(self, area_id: str | None = None) -> list[Organisation]:
        """Every organisation, or those serving one area."""
        where, params = _in_area("id", "organisation", area_id)
        rows = self._all(f"SELECT * FROM organisation {where} ORDER BY name", params)
        names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for n in self._all(
            "SELECT DISTINCT organisation_id, name, kind FROM organisation_name ORDER BY start_line, name"
        ):
            if n["name"] not in names[n["organisation_id"]][n["kind"]]:
                names[n["organisation_id"]][n["kind"]].append(n["name"])
        areas: dict[str, list[str]] = defaultdict(list)
        for a in self._all("SELECT * FROM organisation_area ORDER BY area_id"):
            areas[a["organisation_id"]].append(a["area_id"])
        return [
            Organisation(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                service=r["service"],
                abbreviations=tuple(names[r["id"]]["abbreviation"]),
                aliases=tuple(names[r["id"]]["alias"]),
                area_ids=tuple(areas[r["id"]]),
            )
            for r in rows
        ]

    def organisation(self, organisation_id: str) -> Organisation | None:
        return next((o for o in self.organisations() if o.id == organisation_id), None)

    # --- leaders and people -------------------------------------------------

    def leaders(self, area_id: str | None = None, role: str | None = None) -> list[Leader]:
        """Roles as printed under 'Leaders', optionally for one area or one role."""
        clauses, params = [], []
        if area_id:
            clauses.append("role.area_id = ?")
            params.append(area_id)
        if role:
            clauses.append("role.role = ?")
            params.append(role)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        printed = self._leader_rows(where, params)
        if area_id:
            printed += self._listed_elsewhere(area_id, role)
        return printed

    def _listed_elsewhere(self, area_id: str, role: str | None = None) -> list[Leader]:
        """Leaders of an area's own organisations printed only under other areas ("listed under Sussex").

        Surrey's Leaders list names South East Coast Ambulance Service but no chief executive; the
        trust's chief executive is printed under Kent and Sussex. He is shown for Surrey too, marked.
        """
        params: list[object] = [area_id, area_id, area_id]
        role_clause = ""
        if role:
            role_clause = "AND role.role = ?"
            params.append(role)
        found = self._leader_rows(
            "WHERE role.area_id IS NOT NULL AND role.area_id != ? "
            "AND role.organisation_id IN (SELECT organisation_id FROM organisation_area WHERE area_id = ?) "
            "AND NOT EXISTS (SELECT 1 FROM role AS own WHERE own.area_id = ? "
            "AND own.organisation_id = role.organisation_id AND own.role = role.role) " + role_clause,
            params,
        )
        merged: dict[tuple[str, str, str | None], list[Leader]] = {}
        for leader in found:
            merged.setdefault((leader.person_id, leader.role, leader.organisation_id), []).append(leader)
        return [
            group[0]._replace(listed_under=", ".join(dict.fromkeys(x.area or "" for x in group)))
            for group in merged.values()
        ]

    def _leader_rows(self, where: str, params: Iterable[object]) -> list[Leader]:
        rows = self._all(
            "SELECT role.*, person.name AS person_name, organisation.name AS organisation_name, "
            "area.name AS area_name FROM role JOIN person ON person.id = role.person_id "
            "LEFT JOIN organisation ON organisation.id = role.organisation_id "
            f"LEFT JOIN area ON area.id = role.area_id {where} "
            "ORDER BY area.name IS NULL, area.name, role.start_line, role.id",
            params,
        )
        return [
            Leader(
                person_id=r["person_id"],
                name=r["person_name"],
                name_as_printed=r["name_as_printed"],
                role=r["role"],
                title=r["title"],
                party=r["party"],
                organisation_id=r["organisation_id"],
                organisation=r["organisation_name"],
                area_id=r["area_id"],
                area=r["area_name"],
                acting=bool(r["acting"]),
                note=r["note"],
                ref=_ref(r),
            )
            for r in rows
        ]

    def people(self) -> list[Person]:
        """Every person with all their roles."""
        roles: dict[str, list[Leader]] = defaultdict(list)
        for leader in self.leaders():
            roles[leader.person_id].append(leader)
        aliases: dict[str, list[str]] = defaultdict(list)
        for a in self._all("SELECT * FROM person_alias ORDER BY name"):
            aliases[a["person_id"]].append(a["name"])
        return [
            Person(r["id"], r["name"], tuple(aliases[r["id"]]), tuple(roles[r["id"]]))
            for r in self._all("SELECT * FROM person ORDER BY name")
        ]

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people() if p.id == person_id), None)

    # --- funding ------------------------------------------------------------

    def awards(self, area_id: str | None = None, include_national: bool = True) -> list[Award]:
        """Awards, largest first; for one area, or all (national totals optional)."""
        where, params = _in_area("award.id", "award", area_id)
        if not area_id and not include_national:
            where = "WHERE award.scope = 'area'"
        rows = self._all(
            "SELECT award.*, funder.name AS funder_name, fund.name AS fund_name FROM award "
            "JOIN funder ON funder.id = award.funder_id JOIN fund ON fund.id = award.fund_id "
            f"{where} ORDER BY award.aggregate, award.amount_gbp DESC, award.id",
            params,
        )
        areas: dict[str, list[str]] = defaultdict(list)
        for a in self._all("SELECT * FROM award_area ORDER BY area_id"):
            areas[a["award_id"]].append(a["area_id"])
        statements: dict[str, list[AwardStatement]] = defaultdict(list)
        for s in self._all("SELECT * FROM award_statement ORDER BY award_id, ordinal"):
            statements[s["award_id"]].append(
                AwardStatement(
                    s["amount_gbp"],
                    bool(s["approximate"]),
                    s["year"],
                    s["fund_as_printed"],
                    s["funder_as_printed"],
                    _ref(s),
                    s["qualifier"],
                )
            )
        flagged: dict[str, list[str]] = defaultdict(list)
        for d in self._all(
            "SELECT * FROM discrepancy_record WHERE record_kind = 'award' ORDER BY discrepancy_id"
        ):
            flagged[d["record_id"]].append(d["discrepancy_id"])
        return [
            Award(
                id=r["id"],
                funder=r["funder_name"],
                fund=r["fund_name"],
                amount_gbp=r["amount_gbp"],
                approximate=bool(r["approximate"]),
                year=r["year"],
                purpose=r["purpose"],
                area_ids=tuple(areas[r["id"]]),
                aggregate=bool(r["aggregate"]),
                statements=tuple(statements[r["id"]]),
                discrepancy_ids=tuple(flagged[r["id"]]),
                qualifier=r["qualifier"],
            )
            for r in rows
        ]

    def funders(self) -> list[tuple[str, str]]:
        """Every funder as (id, name), by name."""
        return [(r["id"], r["name"]) for r in self._all("SELECT id, name FROM funder ORDER BY name")]

    def funds(self) -> list[tuple[str, str]]:
        """Every fund as (id, name), by name ("Not stated" included: the report names no fund)."""
        return [(r["id"], r["name"]) for r in self._all("SELECT id, name FROM fund ORDER BY name")]

    def funding_totals(self, by: str = "funder") -> list[FundingTotal]:
        """Totals of area awards (national aggregates excluded) by 'funder' or 'area'.

        By area, a joint award counts in full for each area it names (Warwickshire and West Mercia
        both count their £1,600,000): use collab_tui.tables.area_funding for the joint part and
        tables.area_awards_sum for a sum that counts each award once.
        """
        if by == "funder":
            sql = (
                "SELECT funder.id AS key, funder.name AS label, sum(award.amount_gbp) AS total, count(*) AS n "
                "FROM award JOIN funder ON funder.id = award.funder_id WHERE award.aggregate = 0 "
                "GROUP BY funder.id ORDER BY total DESC, label"
            )
        elif by == "area":
            sql = (
                "SELECT area.id AS key, area.name AS label, sum(award.amount_gbp) AS total, count(*) AS n "
                "FROM award JOIN award_area ON award_area.award_id = award.id "
                "JOIN area ON area.id = award_area.area_id WHERE award.aggregate = 0 "
                "GROUP BY area.id ORDER BY total DESC, label"
            )
        else:
            raise ValueError(f"cannot total by {by!r}: use 'funder' or 'area'")
        return [FundingTotal(r["key"], r["label"], r["total"], r["n"]) for r in self._all(sql)]

    # --- discrepancies ------------------------------------------------------

    def discrepancies(self, area_id: str | None = None) -> list[Discrepancy]:
        """Every discrepancy, or those affecting one area."""
        where, params = _in_area("id", "discrepancy", area_id)
        rows = self._all(f"SELECT * FROM discrepancy {where} ORDER BY id", params)
        sides: dict[str, list[SourceRef]] = defaultdict(list)
        for s in self._all("SELECT * FROM discrepancy_side ORDER BY discrepancy_id, ordinal"):
            sides[s["discrepancy_id"]].append(_ref(s))
        areas: dict[str, list[str]] = defaultdict(list)
        for a in self._all("SELECT * FROM discrepancy_area ORDER BY area_id"):
            areas[a["discrepancy_id"]].append(a["area_id"])
        records: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in self._all("SELECT * FROM discrepancy_record ORDER BY record_kind, record_id"):
            records[t["discrepancy_id"]].append((t["record_kind"], t["record_id"]))
        return [
            Discrepancy(
                r["id"],
                r["kind"],
                r["description"],
                tuple(sides[r["id"]]),
                tuple(areas[r["id"]]),
                tuple(records[r["id"]]),
            )
            for r in rows
        ]

    # --- projects and places --------------------------------------------------

    def places(self, area_id: str | None = None) -> list[Place]:
        where, params = ("WHERE area_id = ?", (area_id,)) if area_id else ("", ())
        return [
            Place(r["id"], r["name"], r["kind"], r["area_id"], _ref(r))
            for r in self._all(f"SELECT * FROM place {where} ORDER BY name", params)
        ]

    def projects(self, area_id: str | None = None, project_id: str | None = None) -> list[Project]:
        """Every project, or those of one area, or one project, by title."""
        where = ""
        params: tuple[str, ...] = ()
        scope = ""
        if area_id:
            where, params = "WHERE id IN (SELECT project_id FROM project_area WHERE area_id = ?)", (area_id,)
            scope = "WHERE project_id IN (SELECT project_id FROM project_area WHERE area_id = ?)"
        elif project_id:
            where, params = "WHERE id = ?", (project_id,)
            scope = "WHERE project_id IN (?)"
        rows = self._all(f"SELECT * FROM project {where} ORDER BY title", params)

        def grouped(sql: str, col: str) -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for row in self._all(sql.format(scope=scope), params):
                out[row["project_id"]].append(row[col])
            return out

        areas = grouped("SELECT * FROM project_area {scope} ORDER BY area_id", "area_id")
        kinds = grouped("SELECT * FROM project_kind {scope} ORDER BY kind", "kind")
        services = grouped("SELECT * FROM project_service {scope} ORDER BY service", "service")
        places = grouped(
            "SELECT project_place.project_id, place.name FROM project_place "
            "JOIN place ON place.id = project_place.place_id "
            + scope.replace("project_id", "project_place.project_id", 1)
            + " ORDER BY place.name",
            "name",
        )
        sources: dict[str, list[SourceRef]] = defaultdict(list)
        for s in self._all(f"SELECT * FROM project_source {scope} ORDER BY project_id, ordinal", params):
            sources[s["project_id"]].append(_ref(s))
        savings: dict[str, list[str]] = defaultdict(list)
        saving_scope = scope.replace("WHERE", "AND", 1)
        money_sql = (
            f"SELECT * FROM project_money WHERE what = 'saving' {saving_scope} ORDER BY project_id, ordinal"
        )
        from collab_tui.formatting import format_money  # not on a search's path

        for m in self._all(money_sql, params):
            savings[m["project_id"]].append(
                format_money(m["amount_gbp"], m["period"], bool(m["approximate"]), m["qualifier"])
            )
        return [
            Project(
                id=r["id"],
                title=r["title"],
                summary=r["summary"],
                status=r["status"],
                year=r["year"],
                area_ids=tuple(areas[r["id"]]),
                kinds=tuple(kinds[r["id"]]),
                services=tuple(services[r["id"]]),
                places=tuple(places[r["id"]]),
                sources=tuple(sources[r["id"]]),
                savings=tuple(savings[r["id"]]),
            )
            for r in rows
        ]

    def project_facts(self, project_id: str) -> list[tuple[str, SourceRef]]:
        """A project's stated dates, counts and money, each as a sentence with its source."""
        from collab_tui.formatting import format_gbp  # not on a search's path

        facts: list[tuple[str, SourceRef]] = []
        for r in self._all("SELECT * FROM project_date WHERE project_id = ? ORDER BY ordinal", (project_id,)):
            label = DATE_EVENT_LABELS.get(r["event"], r["event"].replace("_", " ").capitalize())
            facts.append((f"{label}: {r['value']}", _ref(r)))
        for r in self._all(
            "SELECT * FROM project_count WHERE project_id = ? ORDER BY ordinal", (project_id,)
        ):
            facts.append((f"{r['what'].capitalize()}: {r['value']:,}", _ref(r)))
        for r in self._all(
            "SELECT * FROM project_money WHERE project_id = ? ORDER BY ordinal", (project_id,)
        ):
            amount = format_gbp(r["amount_gbp"], bool(r["approximate"]), r["qualifier"])
            period = f" ({r['period']})" if r["period"] != "not stated" else " (period not stated)"
            facts.append((f"{r['what'].capitalize()}: {amount}{period}", _ref(r)))
        return facts

    def projects_at_place(self, place_id: str) -> list[str]:
        """Ids of the projects at a place."""
        rows = self._all(
            "SELECT project_id FROM project_place WHERE place_id = ? ORDER BY project_id", (place_id,)
        )
        return [r["project_id"] for r in rows]

    def geography(self) -> list[GeoPlace]:
        """Not the report: every place of the geography layer with its police force area (data/geography)."""
        try:
            rows = self.conn.execute(
                "SELECT geography_place.*, geography_force.force_name, geography_force.area_id "
                "FROM geography_place JOIN geography_force USING (police_force) "
                "ORDER BY geography_place.name, geography_place.police_force"
            ).fetchall()
        except sqlite3.OperationalError:
            return []  # a database built before the geography layer: search works without it
        return [
            GeoPlace(r["name"], r["kind"], r["era"], r["police_force"], r["force_name"], r["area_id"],
                     r["note"], bool(r["in_report"]))
            for r in rows
        ]  # fmt: skip

    def area_counts(self) -> tuple[dict[str, tuple[int, frozenset[str], int, int]], int]:
        """The Areas table's figures in SQL: per area id (projects, their services, area awards in full,
        the joint part of them), and all area awards each counted once (collab_tui.funding's rules)."""
        award = ("SELECT coalesce(sum(award.amount_gbp), 0) FROM award_area JOIN award ON award.id = "
                 "award_area.award_id WHERE award_area.area_id = area.id AND award.aggregate = 0")  # fmt: skip
        joint = " AND (SELECT count(*) FROM award_area AS a2 WHERE a2.award_id = award.id) > 1"
        services: dict[str, set[str]] = defaultdict(set)
        for r in self._all("SELECT DISTINCT project_area.area_id AS a, project_service.service AS s "
                           "FROM project_area JOIN project_service USING (project_id)"):  # fmt: skip
            services[r["a"]].add(r["s"])
        rows = self._all(f"SELECT id, (SELECT count(*) FROM project_area WHERE area_id = area.id) AS n, "
                         f"({award}) AS total, ({award}{joint}) AS joint FROM area")  # fmt: skip
        summed = self._all("SELECT coalesce(sum(amount_gbp), 0) AS n FROM award "
                           "WHERE aggregate = 0 AND id IN (SELECT award_id FROM award_area)")  # fmt: skip
        per_area = {r["id"]: (r["n"], frozenset(services[r["id"]]), r["total"], r["joint"]) for r in rows}
        return per_area, summed[0]["n"]
