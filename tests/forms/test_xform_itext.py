"""Itext media and the fast paths of the XForm reader agree with the model's own rules."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping

import pytest

from fieldkit.forms import FormError, parse_xform
from fieldkit.forms.model import Form, TextRef

NAMESPACES = (
    'xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" '
    'xmlns:jr="http://openrosa.org/javarosa"'
)

ITEXT = """
<itext>
  <translation lang="en" default="true()">
    <text id="q-l">
      <value>Q <output value=" /d/a "/> ?</value>
      <value form="image">jr://images/q.png</value>
      <value form="image">jr://images/ignored.png</value>
      <value form="audio">jr://audio/q.mp3</value>
      <value form="guidance">Not media</value>
    </text>
    <text id="c-l"><value form="video">jr://video/c.mp4</value></text>
    <text id="plain"><value>  Plain  </value></text>
    <text id="bold"><value>  <b>Bold</b> text </value></text>
    <text id="dup"><value form="image">jr://images/first.png</value></text>
    <text id="dup"><value>The later entry wins, without media</value></text>
  </translation>
  <translation lang="fr">
    <text id="q-l"><value>Qfr</value></text>
    <text id="c-l"><value>Cfr</value><value form="big-image">jr://images/c-big.png</value></text>
    <text id="dup"><value>fr</value></text>
  </translation>
</itext>
"""


def _xform(namespaces: str = NAMESPACES) -> str:
    html = "h:"
    return f"""<{html}html {namespaces}>
<{html}head><{html}title>T</{html}title><model>{ITEXT}
  <instance><d id="f"><a/><c/><e/><f/></d></instance>
  <instance id="list"><root>
    <item><name>x</name><itextId>c-l</itextId></item>
    <item><name>y</name><itextId>dup</itextId></item>
  </root></instance>
</model></{html}head>
<{html}body>
  <input ref="/d/a"><label ref="jr:itext('q-l')"/></input>
  <select1 ref="/d/c"><label ref="jr:itext('dup')"/>
    <item><label ref="jr:itext('q-l')"/><value>1</value></item>
    <item><label ref="jr:itext('c-l')"/><value>2</value></item>
  </select1>
  <select1 ref="/d/e"><label ref="jr:itext('plain')"/>
    <itemset nodeset="instance('list')/root/item">
      <value ref="name"/><label ref="jr:itext(itextId)"/>
    </itemset>
  </select1>
  <input ref="/d/f"><label ref="jr:itext('bold')"/></input>
</{html}body></{html}html>"""


def _expected_media(form: Form, ref: TextRef | None) -> Mapping[str, Mapping[str, str]]:
    """Label media as the model defines it: ItextEntry.media per language."""
    if ref is None or ref.itext_id is None:
        return {}
    out = {}
    for lang, tr in form.translations.items():
        entry = tr.entries.get(ref.itext_id)
        if entry is not None and entry.media:
            out[lang] = entry.media
    return out


@pytest.fixture
def form() -> Form:
    return parse_xform(_xform())


def test_media_follow_itext_entries(form: Form) -> None:
    for question in form.questions.values():
        assert question.media == _expected_media(form, question.label)
    assert form.questions["/d/a"].media == {
        "en": {"image": "jr://images/q.png", "audio": "jr://audio/q.mp3"}
    }
    assert form.questions["/d/c"].media == {}  # the later "dup" entry has none
    assert form.media == {
        "en": ("jr://audio/q.mp3", "jr://images/q.png", "jr://video/c.mp4"),
        "fr": ("jr://images/c-big.png",),
    }


def test_choice_media_follow_itext_entries(form: Form) -> None:
    inline = form.choice_lists["/d/c"].choices
    assert [dict(c.media) for c in inline] == [
        {"en": {"image": "jr://images/q.png", "audio": "jr://audio/q.mp3"}},
        {"en": {"video": "jr://video/c.mp4"}, "fr": {"big-image": "jr://images/c-big.png"}},
    ]
    listed = form.choice_lists["list"].choices
    assert [dict(c.media) for c in listed] == [
        {"en": {"video": "jr://video/c.mp4"}, "fr": {"big-image": "jr://images/c-big.png"}},
        {},
    ]
    assert dict(listed[1].labels) == {
        "en": ("The later entry wins, without media",),
        "fr": ("fr",),
    }


def test_itext_texts(form: Form) -> None:
    en = form.translations["en"].entries
    assert en["plain"].text == ("Plain",)
    assert en["bold"].text == ("Bold text",)
    assert en["q-l"].forms["image"] == ("jr://images/q.png",)  # the first of a form wins
    assert en["q-l"].forms["guidance"] == ("Not media",)


def _walk_repr(form: Form) -> Iterator[str]:
    yield repr(form.translations)
    yield repr(form.questions)
    yield repr(form.choice_lists)
    yield repr(form.body)
    yield repr(form.media)


def test_unnamespaced_xform_reads_the_same(form: Form) -> None:
    """Tags are matched by local name: the XForms namespace is not required."""
    plain = parse_xform(_xform('xmlns:h="urn:other" xmlns:jr="http://openrosa.org/javarosa"'))
    assert list(_walk_repr(plain)) == list(_walk_repr(form))


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        parse_xform(_xform())
        assert gc.isenabled() is enabled
        with pytest.raises(FormError):
            parse_xform("<not-an-xform/>")
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:  # pragma: no cover
            gc.disable()
