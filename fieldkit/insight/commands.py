"""``fieldkit insight profile|alerts``: community profiles and trend alerts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, OptionError
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.insight import Alert, Profile
    from fieldkit.insight.beside import Observation, PartnerSeries
    from fieldkit.store import Store

PERIOD_CHOICES = ("month", "quarter", "half", "year")  # fieldkit.insight.periods.PERIODS


def register(commands: Subcommands) -> None:
    insight = add_command(
        commands, "insight", help=_("community profiles over time and trend alerts"),
        description=_("Count a form's interviews by group (e.g. ethnicity), period and "
                      "area, and find the changes between periods that are unlikely to "
                      "be chance."))
    insight_commands = add_subcommands(insight, "insight_command")
    profile = add_command(
        insight_commands, "profile", help=_("counts and shares per group and period"),
        description=_("For each group and period: how many households (or people) gave "
                      "each answer to the measured fields. Numbers are counted in bands."))
    _common(profile)
    profile.set_defaults(handler=_cmd_profile)
    alerts = add_command(
        insight_commands, "alerts", help=_("changes between periods worth a look"),
        description=_("Compare each period with the one before and the same period a "
                      "year before, for every group, field and category; report the "
                      "changes that pass the false discovery rate, are large enough and "
                      "rest on enough interviews. Defaults come from the settings."))
    _common(alerts)
    alerts.add_argument("--fdr", type=float, metavar="Q",
                        help=_("false discovery rate, e.g. 0.05 (default: the setting, "
                               "5%%)"))
    alerts.add_argument("--min-change", type=float, metavar="P",
                        help=_("smallest change of a share worth an alert, as a fraction "
                               "(0.10) or in percentage points (10) (default: the setting, "
                               "10 points)"))
    alerts.add_argument("--min-n", type=int, metavar="N",
                        help=_("fewest interviews in each of the two periods (default: the "
                               "setting, 10)"))
    alerts.add_argument("--no-partners", dest="partners", action="store_false",
                        help=_("leave out partners' figures (fieldkit partners import); by "
                               "default their series are tested too, labelled with the "
                               "source"))
    alerts.set_defaults(handler=_cmd_alerts)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True, metavar="ID", help=_("the form's form_id"))
    parser.add_argument("--by", required=True, metavar="FIELD",
                        help=_("the field that makes the groups, e.g. ethnicity (a field "
                               "of the household roster is read from person 1)"))
    parser.add_argument("--measure", action="append", default=[], metavar="FIELD",
                        help=_("a field to count (may be repeated; household_type is the "
                               "household composition; default: every choice and number "
                               "field)"))
    parser.add_argument("--period", choices=PERIOD_CHOICES, default="half",
                        help=_("month, quarter, half (default) or year"))
    parser.add_argument("--date", metavar="FIELD",
                        help=_("a date field to place interviews in periods (default: when "
                               "the interview started)"))
    parser.add_argument("--area", metavar="FIELD",
                        help=_("a field holding an area code, or a postcode (counted by "
                               "postcode district)"))
    parser.add_argument("--json", action="store_true",
                        help=_("print the result as JSON (see the README)"))


def _query(args: argparse.Namespace) -> object:
    from fieldkit.insight import ProfileQuery

    return ProfileQuery(form_id=args.form, by=args.by, measures=tuple(args.measure),
                        period=args.period, date_field=args.date, area_field=args.area)


def _partner_series(store: Store) -> list[PartnerSeries]:
    """Partners' series of the current project (F9), for the alerts."""
    from fieldkit.insight.beside import load_series
    from fieldkit.projects import current_project

    return load_series(store, current_project(store).id)


def _observations(store: Store) -> list[Observation]:
    """The anecdotal log (F9), shown beside the alerts of the same community."""
    from fieldkit.insight.beside import list_observations
    from fieldkit.projects import current_project

    return list_observations(store, current_project(store).id)


def _beside(notes: list[Observation], profile: Profile, alert: Alert) -> list[Observation]:
    from fieldkit.insight.beside import beside

    if not notes:
        return []
    names = {alert.group} if alert.source else {alert.group, profile.group_label(alert.group)}
    return beside(notes, names, alert.period)


def _cmd_profile(args: argparse.Namespace) -> int:
    import json

    from fieldkit.insight import ProfileQuery, build_profile
    from fieldkit.insight.output import profile_json, profile_lines

    ctx = make_context(args)
    try:
        query = _query(args)
        assert isinstance(query, ProfileQuery)
        profile = build_profile(ctx.store, query)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(profile_json(profile), ensure_ascii=False, indent=2))
    else:
        for line in profile_lines(profile, ctx.ui_language):
            print(line)
    return EXIT_OK


def _cmd_alerts(args: argparse.Namespace) -> int:
    import json

    from fieldkit.insight import AlertSettings, ProfileQuery, build_profile, find_alerts

    ctx = make_context(args)
    defaults = AlertSettings.from_settings(ctx.settings)
    fdr = defaults.fdr if args.fdr is None else args.fdr
    if not 0 < fdr < 1:
        raise OptionError("--fdr", _("give a rate between 0 and 1, e.g. 0.05."))
    change = defaults.min_change if args.min_change is None else args.min_change
    if change > 1:
        change /= 100  # percentage points
    if not 0 <= change <= 1:
        raise OptionError("--min-change", _("give a fraction (0.10) or percentage points "
                                            "(10), not below 0 or above 100."))
    min_n = defaults.min_n if args.min_n is None else args.min_n
    if min_n < 1:
        raise OptionError("--min-n", _("give a whole number of 1 or more."))
    try:
        query = _query(args)
        assert isinstance(query, ProfileQuery)
        profile = build_profile(ctx.store, query)
        series = _partner_series(ctx.store) if args.partners else []
        notes = _observations(ctx.store)
    finally:
        ctx.close()
    run = find_alerts(profile, AlertSettings(fdr=fdr, min_change=change, min_n=min_n),
                      ctx.ui_language, partner_series=series)
    beside = {id(alert): _beside(notes, profile, alert) for alert in run.alerts}
    if args.json:
        data = run.to_json()
        data["source"] = profile.source
        for entry, alert in zip(data["alerts"], run.alerts, strict=True):  # type: ignore[call-overload]
            entry["observations"] = [o.to_json() for o in beside[id(alert)]]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(profile.source)
        if not run.alerts:
            print(ngettext("No alerts: the {tests} comparison made found no change that is "
                           "both large enough and unlikely to be chance.",
                           "No alerts: none of the {tests} comparisons made found a change "
                           "that is both large enough and unlikely to be chance.",
                           run.tests).format(tests=run.tests))
        for alert in run.alerts:
            print(_("{text} [p = {p:.2g}, q = {q:.2g}]").format(
                text=alert.text, p=alert.p_value, q=alert.q_value))
            for note in beside[id(alert)]:
                print(_("  reported {day} by {source}: {text}").format(
                    day=note.observed_on.isoformat(), source=note.source, text=note.text))
    return EXIT_OK
