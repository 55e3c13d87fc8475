"""The twice-yearly trend report for the strategic group (F10), assembled Qt-free as
a :class:`~fieldkit.reports.document.Document` from what fieldkit already computes:

* community profiles (F7's :func:`~fieldkit.insight.build_profile`), summed over the
  periods that overlap the report's dates, with what moved since the last report;
* trend alerts (F7's :func:`~fieldkit.insight.find_alerts`, partners' series tested in
  the same run) in words, each with its chart;
* the census comparison (F8) for the project's areas, with the ONS attribution;
* partners' figures (F9) with their sources;
* advice sessions (the attendance register's figures);
* what people told us (focus groups' themes and consented quotes) and the anecdotal log.

Every count published goes through the disclosure rule (:mod:`fieldkit.disclosure`,
as F9's releases do): a table through :func:`~fieldkit.disclosure.protect_grid` or
:func:`~fieldkit.disclosure.protect_list` (primary and secondary suppression), a lone
figure withheld below the smallest publishable count; a share whose count is
withheld is withheld too, and an alert resting on a withheld count is told without
its figures and without a chart.

Every chart's numbers are a table in the appendix. ``figures`` holds the published
figures by key, kept with the report so the next one can say what moved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from fieldkit.disclosure import TOTAL, DisclosureRule, protect_grid, protect_list
from fieldkit.errors import FieldkitError
from fieldkit.i18n import _
from fieldkit.reports.document import (
    Block,
    Bullets,
    Chart,
    Contents,
    Cover,
    Day,
    Document,
    Figure,
    Figures,
    Heading,
    PageBreak,
    Paragraph,
    Series,
    Share,
    Table,
    Value,
    Withheld,
)
from fieldkit.reports.settings import PreviousRun, TrendSettings
from fieldkit.reports.words import local_digits
from fieldkit.store import Store

if TYPE_CHECKING:
    from fieldkit.insight import Alert, AlertSettings, Profile
    from fieldkit.insight.beside import Observation, PartnerSeries

__all__ = ["MOVED_POINTS", "TrendReport", "make_trend_report"]

#: A share that moved by this much (0.05: 5 percentage points) since the last report
#: is listed under "What moved".
MOVED_POINTS = 0.05
#: A profile table with more answers than this has a row per answer instead.
WIDE = 6
#: Periods drawn before the report's own in the alerts' charts.
HISTORY = 6


@dataclass
class TrendReport:
    document: Document
    #: Published figures by key (shares as fractions; None where withheld).
    figures: dict[str, float | int | None]
    #: Nothing at all falls in the period: the document says so plainly.
    empty: bool
    #: Sections left out, and why (shown by the command line and the tab).
    notes: list[str] = field(default_factory=list)


def _overlaps(period: str, date_from: date, date_to: date) -> bool:
    from fieldkit.insight.periods import period_range

    first, last = period_range(period)
    return first <= date_to and last >= date_from


class _Builder:
    def __init__(self, store: Store, project_id: str, settings: TrendSettings, *,
                 date_from: date, date_to: date, language: str,
                 previous: PreviousRun | None) -> None:
        self.store = store
        self.project_id = project_id
        self.settings = settings
        self.date_from = date_from
        self.date_to = date_to
        self.language = language
        self.previous = previous
        self.rule = DisclosureRule(min_count=settings.min_count)
        self.blocks: list[Block] = []
        self.appendix: list[Block] = []
        self.figures: dict[str, float | int | None] = {}
        self.notes: list[str] = []
        self.has_data = False
        self.partner_series: list[PartnerSeries] = []
        self.headline_interviews = 0
        self.headline_sessions: int | None = None
        self.alert_count = 0
        self.focus_groups = 0
        #: Interviews per community as published (secondary suppression included).
        self.group_counts: dict[str, int | Withheld] = {}
        #: (measure, community, answer) withheld in the profile tables.
        self.hidden_cells: set[tuple[str, str, str]] = set()
        self._observations: list[Observation] | None = None

    # -- figures -------------------------------------------------------------------

    def count(self, value: int) -> int | Withheld:
        """A lone count: withheld below the smallest publishable count."""
        return Withheld() if value < self.rule.min_count else value

    def period(self, key: str) -> str:
        from fieldkit.insight.periods import period_label

        return local_digits(period_label(key, self.language), self.language)

    def keep(self, key: str, value: Value) -> None:
        if isinstance(value, Share):
            self.figures[key] = round(value.value, 4)
        elif isinstance(value, int) and not isinstance(value, bool):
            self.figures[key] = value
        elif isinstance(value, Withheld):
            self.figures[key] = None

    def chart(self, chart: Chart) -> None:
        self.blocks.append(chart)
        if chart.table is not None:
            self.appendix.append(chart.table)

    # -- sections ------------------------------------------------------------------

    def profile_sections(self, alert_settings: AlertSettings) -> None:
        from fieldkit.insight import ProfileQuery, build_profile, find_alerts

        s = self.settings
        profile = build_profile(self.store, ProfileQuery(
            form_id=s.form, by=s.by, measures=s.measures, period=s.period,
            date_field=s.date_field or None, area_field=s.area_field or None))
        periods = [p for p in profile.periods if _overlaps(p, self.date_from, self.date_to)]
        interviews = {g: sum(profile.interviews.get((g, p), 0) for p in periods)
                      for g in profile.groups}
        total = sum(interviews.values())
        self.blocks.append(Heading(_("Community profiles")))
        if total == 0:
            self.blocks.append(Paragraph(
                _("No interviews of the form {form} fall between {start} and {end}.")
                .format(form=s.form, start="{start}", end="{end}"),
                {"start": Day(self.date_from), "end": Day(self.date_to)}))
            self.headline_interviews = 0
            self.alerts_section(None, [], alert_settings)
            return
        self.has_data = True
        self.headline_interviews = total
        labels = {g: profile.group_label(g, self.language) for g in profile.groups}
        counted = ", ".join(self.period(p) for p in periods)
        self.blocks.append(Paragraph(
            _("Interviews of the form {form} in {periods}, grouped by the answer to "
              "\u201c{by}\u201d. Each share is of the households (or people) who answered "
              "the question.").format(
                form=s.form, periods=counted,
                by=profile.group_field.label(self.language) if profile.group_field
                else s.by)))
        protected = protect_list({g: n for g, n in interviews.items() if n}, self.rule)
        people = Table(
            _("Interviews by community"), (_("Community"), _("Interviews")),
            (*((labels[g], _published(protected.published[(g,)]))
               for g in profile.groups if interviews[g]),
             (_("Total"), _published(protected.published[(TOTAL,)]))),
            source=profile.source, name=_("Interviews"))
        self.blocks.append(people)
        for g in profile.groups:
            if interviews[g]:
                self.group_counts[g] = _published(protected.published[(g,)])
                self.keep(f"interviews/{g}", self.group_counts[g])
        for measure in profile.fields:
            self.measure_section(profile, measure, periods, labels)
        run = find_alerts(profile, alert_settings, self.language,
                          partner_series=self.partner_series)
        self.alerts_section(profile, [a for a in run.alerts if a.period in periods],
                            alert_settings)

    def measure_section(self, profile: Profile, measure: str, periods: list[str],
                        labels: dict[str, str]) -> None:
        categories = profile.categories(measure)
        if not categories:
            return
        counts: dict[tuple[str, str], int] = {}
        answered: dict[str, int] = {}
        for g in profile.groups:
            for c in categories:
                for p in periods:
                    cell = profile.cell(g, p, measure, c)
                    if cell is not None:
                        counts[(g, c)] = counts.get((g, c), 0) + cell.count
            answered[g] = 0
            for p in periods:
                cell = next((profile.cell(g, p, measure, c) for c in categories
                             if profile.cell(g, p, measure, c) is not None), None)
                answered[g] += cell.total if cell is not None else 0
        groups = [g for g in profile.groups if answered[g]]
        if not groups:
            return
        table = protect_grid(counts, groups, categories, self.rule)
        # A community whose number of interviews is withheld (in the table of
        # interviews) is withheld whole here: its row's figures would give it away.
        # The grid's column totals are not published, so a withheld row is safe.
        for g in groups:
            if isinstance(self.group_counts.get(g), Withheld):
                for c in (*categories, TOTAL):
                    table.published[(g, c)] = None
        self.hidden_cells |= {(measure, g, c) for g in groups for c in categories
                              if table.published[(g, c)] is None}
        name = profile.measure_label(measure, self.language)
        cat_labels = [profile.category_label(measure, c, self.language) for c in categories]
        share_rows: list[tuple[Value, ...]] = []
        shares: dict[tuple[str, str], Share | Withheld] = {}
        for g in groups:
            base: int | Withheld = (Withheld() if isinstance(self.group_counts.get(g), Withheld)
                                    else self.count(answered[g]))
            row: list[Value] = [labels[g], base]
            for c in categories:
                value = table.published[(g, c)]
                share: Share | Withheld = (Withheld() if value is None or isinstance(base, Withheld)
                                           else Share(value / answered[g]))
                shares[(g, c)] = share
                row.append(share)
                self.keep(f"profile/{measure}/{g}/{c}", share)
            share_rows.append(tuple(row))
        self.blocks.append(Heading(name, level=2))
        unit = _("Households") if profile.unit == "households" else _("Interviews")
        answering = _("{unit} answering").format(unit=unit)
        caption = _("{measure}: shares by community").format(measure=name)
        note = _("c: withheld, too few to publish (see 'About the figures').")
        if len(categories) > WIDE:
            # Many answers: one row per answer, a column per community (fewer columns).
            rows: tuple[tuple[Value, ...], ...] = (
                (answering, *(row[1] for row in share_rows)),
                *((cat_labels[i], *(row[2 + i] for row in share_rows))
                  for i in range(len(categories))))
            self.blocks.append(Table(caption, (name, *(labels[g] for g in groups)), rows,
                                     source=profile.source, name=name[:28], note=note))
        else:
            self.blocks.append(Table(caption, (_("Community"), answering, *cat_labels),
                                     tuple(share_rows), source=profile.source,
                                     name=name[:28], note=note))
        self.moved(measure, groups=groups, categories=categories, labels=labels,
                   cat_labels=cat_labels, shares=shares)
        drawn = [g for g in groups
                 if not any(isinstance(shares[(g, c)], Withheld) for c in categories)]
        if drawn:
            count_rows = tuple(
                (labels[g], *(_published(table.published[(g, c)]) for c in categories),
                 _published(table.published[(g, TOTAL)]))
                for g in groups)
            self.chart(Chart(
                _("{measure} by community").format(measure=name), "stacked",
                tuple(labels[g] for g in drawn),
                tuple(Series(cat_labels[i], tuple(
                    _share(shares[(g, c)]) for g in drawn))
                    for i, c in enumerate(categories)),
                y_title=_("share"), source=profile.source, percent=True,
                table=Table(_("{measure}: counts by community").format(measure=name),
                            (_("Community"), *cat_labels, _("Total")), count_rows,
                            source=profile.source, name=(name[:24] + " n"))))
            if len(drawn) < len(groups):
                self.blocks.append(Paragraph(
                    _("Communities with withheld figures are not drawn."), style="note"))

    def moved(self, measure: str, *, groups: list[str], categories: list[str],
              labels: dict[str, str], cat_labels: list[str],
              shares: dict[tuple[str, str], Share | Withheld]) -> None:
        previous = self.previous
        if previous is None:
            return
        items: list[Paragraph] = []
        for g in groups:
            for i, c in enumerate(categories):
                now = shares[(g, c)]
                before = previous.figures.get(f"profile/{measure}/{g}/{c}")
                if isinstance(now, Share) and isinstance(before, (int, float)) \
                        and abs(now.value - before) >= MOVED_POINTS:
                    items.append(Paragraph(
                        _("{community}, {category}: {before} then, {now} now").format(
                            community=labels[g], category=cat_labels[i], before="{before}",
                            now="{now}"),
                        {"before": Share(float(before)), "now": now}))
        if items:
            self.blocks.append(Paragraph(
                _("What moved since the last report ({start} to {end}):").format(
                    start="{start}", end="{end}"),
                {"start": Day(previous.date_from), "end": Day(previous.date_to)}))
            self.blocks.append(Bullets(tuple(items)))
        else:
            self.blocks.append(Paragraph(
                _("No share moved by {points} percentage points or more since the last "
                  "report ({start} to {end}).").format(points="{points}", start="{start}",
                                                        end="{end}"),
                {"points": round(MOVED_POINTS * 100), "start": Day(previous.date_from),
                 "end": Day(previous.date_to)}, style="note"))

    def alerts_section(self, profile: Profile | None, alerts: list[Alert],
                       settings: AlertSettings) -> None:
        self.blocks.append(Heading(_("Trend alerts")))
        self.blocks.append(Paragraph(
            _("A change is reported when it is large enough ({points} percentage points or "
              "more), rests on at least {n} interviews in each period, and is unlikely to "
              "be chance (false discovery rate {fdr}).").format(
                points="{points}", n="{n}", fdr="{fdr}"),
            {"points": round(settings.min_change * 100), "n": settings.min_n,
             "fdr": Share(settings.fdr)}, style="note"))
        if not alerts:
            self.blocks.append(Paragraph(
                _("No alerts: no change in this period is both large enough and unlikely "
                  "to be chance.")))
            return
        assert profile is not None
        self.alert_count = len(alerts)
        # The alerts of one series (against the period before, and the year before)
        # are told together, under one chart.
        series: dict[tuple[str, ...], list[Alert]] = {}
        for alert in alerts:
            key = (alert.source, alert.area, alert.group, alert.kind, alert.measure,
                   alert.category)
            series.setdefault(key, []).append(alert)
        for same in series.values():
            self.alerts_of_series(profile, same)

    def publishable(self, alert: Alert) -> bool:
        if not alert.source and isinstance(self.group_counts.get(alert.group), Withheld):
            return False  # its community's count is withheld in the interviews table
        if (alert.measure, alert.group, alert.category) in self.hidden_cells:
            return False  # withheld in the profile table (it would give it away)
        counts = [alert.count, alert.previous_count]
        if alert.kind == "share":
            # The complement too: "all but 3" reveals as much as "3".
            counts += [alert.n - alert.count, alert.previous_n - alert.previous_count]
        return min(counts) >= self.rule.min_count

    def alerts_of_series(self, profile: Profile, alerts: list[Alert]) -> None:
        from fieldkit.insight.beside import beside

        first = alerts[0]
        shown = [a for a in alerts if self.publishable(a)]
        if not shown:
            group = first.group if first.source else profile.group_label(first.group,
                                                                         self.language)
            self.blocks.append(Paragraph(
                _("{group}: a change in {period} that rests on counts too small to "
                  "publish.").format(group=group, period=self.period(first.period))))
            return
        for alert in shown:
            self.blocks.append(Paragraph(alert.text, style="lead"))
        names = {first.group} if first.source else {first.group,
                                                    profile.group_label(first.group)}
        notes = self.observations()
        for note in beside(notes, names, first.period) if notes else []:
            self.blocks.append(Paragraph(
                _("Reported on {day} by {source}: {text}").format(
                    day="{day}", source=note.source, text=note.text),
                {"day": Day(note.observed_on)}, style="quote"))
        self.alert_chart(profile, first)

    def alert_chart(self, profile: Profile, alert: Alert) -> None:
        from fieldkit.insight.periods import period_range

        if alert.source:
            series = next((s for s in self.partner_series
                           if s.source == alert.source and s.category == alert.group
                           and s.area == alert.area), None)
            if series is None:
                return
            keys = [p for p in sorted(series.counts)
                    if period_range(p)[0] <= self.date_to][-HISTORY:]
            values: list[Value] = [self.count(series.counts[p]) for p in keys]
            title = alert.group if not alert.area else _("{category} in {area}").format(
                category=alert.group, area=alert.area)
            self.line_chart(title, keys, [(alert.group, values)], percent=False,
                            source=alert.source,
                            headers=(_("Period"), _("Figure")), rows=[
                                (self.period(k), v) for k, v in zip(keys, values, strict=True)])
            return
        keys = [p for p in profile.periods if period_range(p)[0] <= self.date_to][-HISTORY:]
        group = profile.group_label(alert.group, self.language)
        if alert.kind == "share":
            rows: list[tuple[Value, ...]] = []
            points: list[Value] = []
            for key in keys:
                cell = profile.cell(alert.group, key, alert.measure, alert.category)
                n = cell.total if cell is not None else 0
                k = cell.count if cell is not None else 0
                safe = min(k, n - k) >= self.rule.min_count
                share: Value = Share(k / n) if n and safe else (Withheld() if n else None)
                rows.append((self.period(key), self.count(n) if n else None,
                             (k if safe else Withheld()) if n else None, share))
                points.append(share)
            category = profile.category_label(alert.measure, alert.category, self.language)
            title = _("{community}: {category}").format(community=group, category=category)
            self.line_chart(title, keys, [(category, points)], percent=True,
                            source=profile.source,
                            headers=(_("Period"), _("Answering"), _("Count"), _("Share")),
                            rows=rows)
        else:
            values = [self.count(profile.interviews.get((alert.group, k), 0)) for k in keys]
            drawn: list[Value] = list(values)
            self.line_chart(_("{community}: interviews").format(community=group), keys,
                            [(group, drawn)], percent=False, source=profile.source,
                            headers=(_("Period"), _("Interviews")),
                            rows=[(self.period(k), v) for k, v in zip(keys, values,
                                                                       strict=True)])

    def line_chart(self, title: str, keys: list[str], lines: list[tuple[str, list[Value]]],
                   *, percent: bool, source: str, headers: tuple[str, ...],
                   rows: list[tuple[Value, ...]]) -> None:
        self.chart(Chart(
            title, "line", tuple(self.period(k) for k in keys),
            tuple(Series(name, tuple(_number(v) for v in values)) for name, values in lines),
            source=source, percent=percent, aspect=0.38,
            table=Table(title, headers, tuple(rows), source=source, name=title[:31])))

    def census_section(self) -> None:
        from fieldkit.census import ATTRIBUTION
        from fieldkit.census.compare import compare

        s = self.settings
        self.blocks.append(Heading(_("Compared with the census")))
        if not s.has_census:
            self.blocks.append(Paragraph(_(
                "No census comparison: choose the census table, the areas and where an "
                "interview's area is in the report settings.")))
            return
        try:
            comparison = compare(self.store, table=s.census_table, areas=s.census_areas,
                                 form_id=s.form, field=s.by,
                                 area_field=s.census_area_field or None,
                                 postcode_field=s.census_postcode_field or None)
        except FieldkitError as exc:
            self.blocks.append(Paragraph(_("No census comparison: {reason}").format(
                reason=str(exc))))
            self.notes.append(str(exc))
            return
        broad = {r.category: r.own_n for r in comparison.rows if not r.parent}
        protected = protect_list(broad, self.rule) if broad else None
        # The finer categories add up to their broad group: where one of them is too
        # small, all of the group's are withheld, so none can be worked out.
        # A withheld broad group's finer categories would add up to it: withheld too.
        hidden_parents = {r.parent for r in comparison.rows
                          if r.parent and r.own_n < self.rule.min_count}
        if protected is not None:
            hidden_parents |= {k for k in broad if protected.published[(k,)] is None}
        flags = {"under_represented": _("fewer than the census suggests"),
                 "small_in_census": _("more than the census suggests"),
                 "absent_in_census": _("not in the census")}
        rows: list[tuple[Value, ...]] = []
        for r in comparison.rows:
            own: Value = (_published(protected.published[(r.category,)])
                          if protected is not None and not r.parent
                          else Withheld() if r.parent in hidden_parents
                          else self.count(r.own_n))
            share: Value = (Withheld() if isinstance(own, Withheld)
                            else Share(r.own_share, 1) if r.own_share is not None else None)
            label = f"  {r.category}" if r.parent else r.category
            rows.append((label, Share(r.census_share, 1) if r.census_share is not None
                         else None, own, share,
                         flags.get(r.flag or "", "") if not isinstance(own, Withheld) else ""))
            self.keep(f"census/{r.category}", share)
        self.blocks.append(Paragraph(
            _("{title}: residents of the areas {areas} (census) beside the project's "
              "interviews in those areas, all periods.").format(
                title=comparison.title, areas=", ".join(comparison.areas))))
        self.blocks.append(Table(
            comparison.title,
            (_("Category"), _("Residents (census)"), _("Interviews"),
             _("Share of interviews"), _("Compared with the census")),
            tuple(rows), source=f"{ATTRIBUTION} {comparison.source}".strip(),
            name=_("Census")))

    def partners_section(self) -> None:
        from fieldkit.insight.periods import period_range

        self.blocks.append(Heading(_("Partners' figures")))
        by_source: dict[str, list[PartnerSeries]] = {}
        for series in self.partner_series:
            if any(_overlaps(p, self.date_from, self.date_to) for p in series.counts):
                by_source.setdefault(series.source, []).append(series)
        if not by_source:
            self.blocks.append(Paragraph(_("No partner figures for this period.")))
            return
        self.has_data = True
        for source, chosen in by_source.items():
            keys = sorted({p for s in chosen for p in s.counts
                           if period_range(p)[0] <= self.date_to})[-HISTORY:]
            lines = []
            rows: list[tuple[Value, ...]] = []
            for s in chosen[:8]:
                name = s.category if not s.area else _("{category} in {area}").format(
                    category=s.category, area=s.area)
                values: list[Value] = [self.count(s.counts[k]) if k in s.counts else None
                                       for k in keys]
                lines.append((name, values))
                rows.append((name, *values))
                for k, v in zip(keys, values, strict=True):
                    self.keep(f"partner/{source}/{s.area}/{s.category}/{k}", v)
            self.blocks.append(Heading(source, level=2))
            title = _("{source}: figures by period").format(source=source)
            chart_title = _("Figures by period")
            self.chart(Chart(
                chart_title, "line", tuple(self.period(k) for k in keys),
                tuple(Series(n, tuple(_number(v) for v in vs)) for n, vs in lines),
                source=source, aspect=0.38,
                table=Table(title, (_("Series"), *(self.period(k) for k in keys)),
                            tuple(rows), source=source, name=source[:31])))
            if len(chosen) > 8:
                self.blocks.append(Paragraph(
                    _("The first 8 of {n} series are shown; all are in the spreadsheet.")
                    .format(n=len(chosen)), style="note"))

    def sessions_section(self) -> None:
        from sqlalchemy import select

        from fieldkit.attendance import SESSION_FORM_ID
        from fieldkit.store.models import Form

        self.blocks.append(Heading(_("Advice sessions")))
        with self.store.session() as session:
            held = session.scalars(select(Form.id).where(
                Form.project_id == self.project_id, Form.form_id == SESSION_FORM_ID)).first()
        figures = None
        names: dict[str, dict[str, str]] = {}
        if held is not None:
            from fieldkit.attendance.labels import choice_labels
            from fieldkit.attendance.service import AttendanceService

            service = AttendanceService(self.store, self.project_id)
            figures = service.figures(self.date_from, self.date_to)
            form = service.attendee_form
            names = {key: choice_labels(form, question, self.language) for key, question in
                     (("issues", "issues"), ("outcomes", "outcome"),
                      ("languages", "preferred_language"))}
        if figures is None or figures.sessions == 0:
            self.blocks.append(Paragraph(_("No advice sessions were recorded in this "
                                           "period.")))
            return
        self.has_data = True
        self.headline_sessions = figures.attendances
        cards = [
            (_("sessions held"), figures.sessions, "sessions"),
            (_("attendances"), figures.attendances, "attendances"),
            (_("people seen"), figures.unique_people, "people"),
            (_("came for the first time"), figures.new, "new"),
            (_("referrals made"), figures.referrals_made, "referrals"),
            (_("follow-ups still open"), figures.followups_open, "followups_open"),
        ]
        source_text = _("fieldkit advice-session register, {start} to {end}").format(
            start=_day_text(self.date_from, self.language),
            end=_day_text(self.date_to, self.language))
        items = []
        for label, value, key in cards:
            # Sessions are not people: their number is never withheld.
            shown: Value = value if key == "sessions" else self.count(value)
            items.append(Figure(label, shown, source_text))
            self.keep(f"sessions/{key}", shown)
        self.blocks.append(Figures(tuple(items)))
        for title, counts, key in ((_("What people came about"), figures.issues, "issues"),
                                   (_("Outcomes"), figures.outcomes, "outcomes"),
                                   (_("Languages people asked for"), figures.languages,
                                    "languages")):
            if not counts:
                continue
            protected = protect_list(counts, self.rule)
            rows = tuple((names.get(key, {}).get(code, code),
                          _published(protected.published[(code,)])) for code in counts)
            self.blocks.append(Table(title, (_("Answer"), _("Attendances")),
                                     (*rows, (_("Total"),
                                              _published(protected.published[(TOTAL,)]))),
                                     source=source_text, name=title[:31]))
            for code in counts:
                self.keep(f"sessions/{key}/{code}", _published(protected.published[(code,)]))

    def told_us_section(self) -> None:
        from fieldkit.focus.analysis import what_people_told_us
        from fieldkit.focus.reading import read_focus

        self.blocks.append(Heading(_("What people told us")))
        data = read_focus(self.store, self.project_id)
        groups = tuple(g for g in data.groups if g.date is not None
                       and self.date_from <= g.date <= self.date_to)
        notes = self.observations()
        if not groups and not notes:
            self.blocks.append(Paragraph(_("No focus groups were held and no notes were "
                                           "logged in this period.")))
            return
        self.has_data = True
        if groups:
            uuids = {g.uuid for g in groups}
            data = replace(data, groups=groups, participants=tuple(
                p for p in data.participants if p.group in uuids))
            told = what_people_told_us(data, language=self.language)
            self.focus_groups = told.groups
            self.blocks.append(Paragraph(
                _("{groups} focus groups with {people} participants. The themes each "
                  "community raised, most mentioned first:").format(
                    groups="{groups}", people="{people}"),
                {"groups": told.groups, "people": self.count(told.participants)}))
            for community, themes in told.communities:
                if themes:
                    self.blocks.append(Paragraph(
                        _("{community}: {themes}").format(
                            community=community or _("(no community given)"),
                            themes="; ".join(t.theme.label(self.language) for t in themes))))
            for quote in told.quotes:
                self.blocks.append(Paragraph(f"\u201c{quote.text}\u201d", style="quote"))
                self.blocks.append(Paragraph(
                    _("{speaker}, {community}, {theme}").format(
                        speaker=quote.speaker or _("a participant"),
                        community=quote.community, theme=quote.theme), style="note"))
        if notes:
            self.blocks.append(Heading(_("Notes from outreach and partners"), level=2))
            for note in notes:
                where = ", ".join(x for x in (note.community, note.area) if x)
                self.blocks.append(Paragraph(note.text, style="quote"))
                self.blocks.append(Paragraph(
                    _("{day}, {source}").format(day="{day}", source=note.source)
                    + (f" ({where})" if where else ""), {"day": Day(note.observed_on)},
                    style="note"))

    def observations(self) -> list[Observation]:
        if self._observations is None:
            from fieldkit.insight.beside import list_observations

            self._observations = list_observations(
                self.store, self.project_id, since=self.date_from, until=self.date_to)
            self._observations.reverse()  # oldest first, as a story is read
        return self._observations


def _published(value: int | None) -> int | Withheld:
    return Withheld() if value is None else value


def _share(value: Share | Withheld) -> float | None:
    return value.value if isinstance(value, Share) else None


def _number(value: Value) -> float | None:
    if isinstance(value, Share):
        return value.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def make_trend_report(store: Store, project_id: str, settings: TrendSettings, *,
                      date_from: date, date_to: date, language: str,
                      alert_settings: AlertSettings | None = None,
                      previous: PreviousRun | None = None,
                      project_name: str = "", organisation: str = "",
                      today: date | None = None, partners: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> TrendReport:
    """The trend report of ``date_from``..``date_to`` in ``language`` (the interface
    language, already set: the report's words come from its catalogue).
    ``progress(done, total)`` is called between its sections."""
    from fieldkit.insight import AlertSettings
    from fieldkit.insight.beside import load_series

    settings.check()
    today = today or date.today()
    b = _Builder(store, project_id, settings, date_from=date_from, date_to=date_to,
                 language=language, previous=previous)
    b.partner_series = load_series(store, project_id) if partners else []
    sections: list[Callable[[], None]] = [
        lambda: b.profile_sections(alert_settings or AlertSettings()), b.census_section,
        b.partners_section, b.sessions_section, b.told_us_section]
    for done, section in enumerate(sections):
        if progress is not None:
            progress(done, len(sections))
        section()
    if progress is not None:
        progress(len(sections), len(sections))
    title = _("Trend report")
    cover = Cover(title, project_name or organisation, tuple(
        line for line in (
            organisation if project_name and organisation else "",
            _("{start} to {end}").format(start=_day_text(date_from, language),
                                         end=_day_text(date_to, language)),
            _("Made {day}").format(day=_day_text(today, language))) if line))
    if not b.has_data:
        empty: list[Block] = [cover, Heading(_("Nothing to report for this period")),
                               Paragraph(_(
                                   "No interviews, advice sessions, focus groups, notes or "
                                   "partner figures fall between {start} and {end}. Check "
                                   "the dates, or that the period's data has been imported."
                               ).format(start="{start}", end="{end}"),
                                   {"start": Day(date_from), "end": Day(date_to)})]
        return TrendReport(Document(title, language, tuple(empty), footer=title),
                           {}, empty=True, notes=b.notes)
    headline = [Figure(_("interviews"), b.count(b.headline_interviews),
                       _("fieldkit interviews, form {form}").format(form=settings.form))]
    b.keep("headline/interviews", headline[0].value)
    if b.headline_sessions is not None:
        headline.append(Figure(_("advice-session attendances"), b.count(b.headline_sessions),
                               _("fieldkit advice-session register")))
    headline.append(Figure(_("trend alerts"), b.alert_count,
                           _("fieldkit trend alerts (F7)")))
    if b.focus_groups:
        headline.append(Figure(_("focus groups"), b.focus_groups, _("fieldkit focus groups")))
    if b.observations():
        headline.append(Figure(_("notes from outreach and partners"), len(b.observations()),
                               _("fieldkit anecdotal log")))
    about: list[Block] = [
        Heading(_("About the figures")),
        Paragraph(_("Every count below {n} is withheld, and so is any count that would let "
                    "a withheld one be worked out: {rule}.").format(
                        n="{n}", rule=b.rule.describe()), {"n": settings.min_count}),
        Paragraph(_("Shares are of those who answered. Changes are tested against chance "
                    "with exact or chi-square tests, with the false discovery rate "
                    "controlled over every comparison made.")),
    ]
    if previous is None:
        about.append(Paragraph(_("This is the first trend report of the project: the next "
                                 "one will say what moved since this one.")))
    blocks: list[Block] = [cover, Contents(_("Contents")), Heading(_("Headline figures")),
              Figures(tuple(headline)), *b.blocks]
    if b.appendix:
        blocks += [PageBreak(), Heading(_("Appendix: the numbers behind the charts")),
                   *b.appendix]
    blocks += about
    return TrendReport(Document(title, language, tuple(blocks), footer=title),
                       b.figures, empty=False, notes=b.notes)


def _day_text(day: date, language: str) -> str:
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = "en_GB" if language in ("", "en") else language
        return local_digits(str(format_date(day, "long", locale=locale)),
                            language)
    except (UnknownLocaleError, ValueError):
        return day.isoformat()
