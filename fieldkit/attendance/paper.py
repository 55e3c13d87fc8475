"""Paper for a session, as HTML that Qt's rich-text engine prints to PDF (the GUI
does the printing; this module stays Qt-free).

The sign-in sheet's column headings come from the attendee form, in each language
the session offers that the form is written in (then in the interface language if
it is not among them), one line per language, each with its own direction, so a
Sorani or Farsi heading reads right to left beside an English one.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from fieldkit.attendance.figures import Figures
from fieldkit.attendance.labels import choice_labels, question_label
from fieldkit.attendance.records import AttendanceRecord, SessionInfo
from fieldkit.attendance.report_text import count_lines
from fieldkit.forms import Form
from fieldkit.forms.language_names import form_language
from fieldkit.i18n import _, is_rtl

__all__ = ["SHEET_COLUMNS", "sheet_languages", "sign_in_sheet_html", "summary_html"]

#: Attendee-form questions that get a column on the sign-in sheet.
SHEET_COLUMNS = ("attendee_name", "preferred_language", "household_size", "children")
SHEET_ROWS = 22


def _dir(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def sheet_languages(session: SessionInfo, form: Form, ui_language: str) -> list[str]:
    """Language codes the sheet is printed in: the session's, where the form has them."""
    codes = [c for c in session.languages if form_language(form.languages, c)]
    ui = ui_language.split("_", maxsplit=1)[0]
    if not codes or (ui not in codes and form_language(form.languages, ui)):
        codes.insert(0, ui if form_language(form.languages, ui) else "en")
    return list(dict.fromkeys(codes))


def _lines(texts: Sequence[tuple[str, str]]) -> str:
    """One paragraph per (language code, text), each in its own direction."""
    return "".join(f'<p dir="{_dir(code)}" lang="{code}" style="margin:0">{escape(text)}</p>'
                   for code, text in texts)


def _head(session: SessionInfo, ui_language: str, title: str) -> str:
    facts = " · ".join(x for x in (
        session.date.isoformat() if session.date else "",
        "–".join(t for t in (session.start_time, session.end_time) if t),
        session.venue) if x)
    return (f'<html dir="{_dir(ui_language)}"><body>'
            f'<h2>{escape(title)}</h2><p><b>{escape(session.title)}</b><br/>{escape(facts)}</p>')


def sign_in_sheet_html(session: SessionInfo, attendee_form: Form, ui_language: str, *,
                       rows: int = SHEET_ROWS) -> str:
    codes = sheet_languages(session, attendee_form, ui_language)
    missing = [c for c in session.languages if c not in codes]
    out = [_head(session, ui_language, _("Sign-in sheet"))]
    consent = [(c, question_label(attendee_form, "consent", c)) for c in codes]
    out.append(f"<div>{_lines(consent)}</div>")
    if missing:
        out.append("<p><i>{}</i></p>".format(escape(
            _("The attendee form has no text in: {codes}. Ask the interpreter to read it out.")
            .format(codes=", ".join(missing)))))
    cell = 'style="border:1px solid #555; padding:4px; vertical-align:top"'
    out.append(f'<table dir="{_dir(ui_language)}" width="100%" cellspacing="0" cellpadding="4" '
               'style="border-collapse:collapse">')
    head = [f'<th {cell} width="4%">#</th>']
    widths = {"attendee_name": "40%", "preferred_language": "18%"}
    for name in SHEET_COLUMNS:
        texts = [(c, question_label(attendee_form, name, c)) for c in codes]
        head.append(f'<th {cell} width="{widths.get(name, "11%")}">{_lines(texts)}</th>')
    head.append(f'<th {cell}>{escape(_("Signature or mark"))}</th>')
    out.append("<tr>" + "".join(head) + "</tr>")
    for number in range(1, rows + 1):
        blanks = "".join(f"<td {cell}>&nbsp;</td>" for _col in range(len(SHEET_COLUMNS) + 1))
        out.append(f'<tr><td {cell} height="30">{number}</td>{blanks}</tr>')
    out.append("</table></body></html>")
    return "".join(out)


def summary_html(session: SessionInfo, figures: Figures, records: Sequence[AttendanceRecord],
                 attendee_form: Form, ui_language: str) -> str:
    """One page: the session's facts, its figures, what people needed, follow-ups due."""
    out = [_head(session, ui_language, _("Session summary"))]
    staff = [(_("Organised by"), session.value("organiser")),
             (_("Partners"), session.value("partners")),
             (_("Advisers"), session.value("advisers")),
             (_("Interpreters"), session.value("interpreters"))]
    out.append("<p>" + "<br/>".join(f"{escape(k)}: {escape(v)}" for k, v in staff if v) + "</p>")
    cell = 'style="border:1px solid #999; padding:3px"'
    out.append('<table cellspacing="0" cellpadding="3" style="border-collapse:collapse">')
    for label, number in count_lines(figures)[1:]:  # "Sessions: 1" says nothing here
        out.append(f"<tr><td {cell}>{escape(label)}</td><td {cell} align=\"right\">"
                   f"{number}</td></tr>")
    out.append("</table>")
    for title, name, counts in ((_("Languages"), "preferred_language", figures.languages),
                                (_("Issues raised"), "issues", figures.issues),
                                (_("Referred to"), "referral_to", figures.referrals)):
        labels = choice_labels(attendee_form, name, ui_language)
        items = ", ".join(f"{escape(labels.get(code, code))} ({n})" for code, n in counts.items())
        out.append(f"<p><b>{escape(title)}:</b> {items or escape(_('none'))}</p>")
    due = [r for r in records if r.needs_followup and not r.followup_done]
    if due:
        out.append(f"<p><b>{escape(_('Follow-ups due'))}:</b></p><ul>")
        for r in sorted(due, key=lambda r: r.value("followup_date")):
            who = r.name or _("(not recorded by name)")
            out.append(f"<li>{escape(r.value('followup_date') or '?')} — {escape(who)}</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return "".join(out)
