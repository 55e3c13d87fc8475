"""Demo data: focus groups of three communities, in their languages, with a topic
guide, a small codebook and coded notes. ``fieldkit demo seed`` calls
:func:`seed_focus_groups`; every choice comes from the random source it is given."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fieldkit.focus.reading import read_focus
from fieldkit.focus.writes import FocusWriter
from fieldkit.store import Store

__all__ = ["FocusSeed", "seed_focus_groups"]

GUIDE = ("What is it like to live in this area?",
         "Have you or your family been harassed or treated badly here?",
         "Where do you go when you need advice?",
         "What kind of home would you want in five years?")

#: (theme, parent, description, {language: name})
CODEBOOK = (
    ("Housing conditions", "", "Repairs, damp, space, landlords.",
     {"ro": "Condiții de locuire", "ckb": "بارودۆخی خانوو", "so": "Xaaladda guryaha"}),
    ("Damp and mould", "Housing conditions", "", {"ro": "Igrasie și mucegai"}),
    ("Overcrowding", "Housing conditions", "Too many people for the rooms.",
     {"ro": "Supraaglomerare"}),
    ("Harassment", "", "Insults, threats or attacks, in the street or at home.",
     {"ro": "Hărțuire", "ckb": "هەراسانکردن", "so": "Dhibaateyn"}),
    ("Access to advice", "", "Where people turn for help, and what stops them.",
     {"ro": "Acces la consiliere", "so": "Helitaanka talo"}),
    ("Future housing", "", "What people hope for.", {"ro": "Locuința viitoare"}),
)

#: Per community: languages, then per guide question what people said (text, the
#: language it was said in, the themes it was coded with).
GROUPS: tuple[tuple[str, str, tuple[tuple[tuple[str, str, tuple[str, ...]], ...], ...]], ...] = (
    ("Roma", "ro rom", (
        (("Casa e plină de mucegai și proprietarul nu repară nimic.", "ro",
          ("Damp and mould",)),
         ("Suntem opt într-un apartament cu două camere.", "ro", ("Overcrowding",))),
        (("Vecinii ne strigă «țigani» pe scară, every week.", "ro", ("Harassment",)),),
        (("Mergem la biserică; la consiliu nu ne înțelege nimeni.", "ro",
          ("Access to advice",)),),
        (("O casă cu grădină, unde copiii să fie în siguranță.", "ro",
          ("Future housing",)),),
    )),
    ("Kurdish", "ckb en", (
        (("خانووەکەمان شێدارە و منداڵەکان نەخۆش دەکەون.", "ckb", ("Damp and mould",)),),
        (("لە شەقام جنێومان پێ دەدەن, especially at night.", "ckb", ("Harassment",)),
         ("My wife does not take the bus any more.", "en", ("Harassment",))),
        (("We ask people from the mosque, they translate letters.", "en",
          ("Access to advice",)),),
        (("خانوویەکی گەورەتر نزیکی قوتابخانە.", "ckb", ("Future housing", "Overcrowding")),),
    )),
    ("Somali", "so en", (
        (("Guriga waa yar yahay, toddoba qof ayaan nahay.", "so", ("Overcrowding",)),),
        (("Carruurta dugsiga waa la caayaa.", "so", ("Harassment",)),),
        (("The advice centre closed, now we wait weeks on the phone.", "en",
          ("Access to advice",)),
         ("Waxaan weydiinaa dadka masaajidka.", "so", ("Access to advice",))),
        (("Guri aan ku nabad galno, meel u dhow shaqada.", "so", ("Future housing",)),),
    )),
)

PSEUDONYMS = {"Roma": ("Florica", "Dorin", "Rodica", "", "Lenuța", ""),
              "Kurdish": ("Rebin", "Shilan", "", "Karwan", "Hawre"),
              "Somali": ("Hodan", "", "Faadumo", "Cawo", "Ayaan", "")}
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")


@dataclass(frozen=True)
class FocusSeed:
    groups: int
    passages: int


def seed_focus_groups(store: Store, project_id: str, rng: random.Random,
                      first: date) -> FocusSeed:
    """One group per community, a week apart from ``first``; the guide and codebook
    are made the first time (a second seed reuses them)."""
    writer = FocusWriter(store, project_id)
    data = read_focus(store, project_id)
    guide = next((g for g in data.guides if g.title == "Living in the area"), None)
    guide_uuid = guide.uuid if guide else writer.create_guide("Living in the area", GUIDE)
    questions = [q.id for q in read_focus(store, project_id).guide(guide_uuid).questions]  # type: ignore[union-attr]
    themes = {t.name: t.uuid for t in data.themes}
    for name, parent, description, names in CODEBOOK:
        if name not in themes:
            themes[name] = writer.create_theme(name, parent=themes.get(parent, ""),
                                               description=description, translations=names)
    passages = 0
    for index, (community, languages, said) in enumerate(GROUPS):
        day = first + timedelta(days=7 * index + rng.randrange(3))
        group = writer.create_group({
            "title": f"{community} residents", "group_date": day,
            "venue": rng.choice(("Community Centre", "Library meeting room", "Church hall")),
            "community": community, "languages": languages,
            "facilitator": rng.choice(("Ana", "Bo", "Chidi")),
            "interpreter": rng.choice(("Maria", "Shwan", "Hodan A.", ""))}, guide=guide_uuid)
        people = []
        for pseudonym in PSEUDONYMS[community]:
            people.append(writer.add_participant(
                group, pseudonym=pseudonym, age_band=rng.choice(AGE_BANDS),
                sex=rng.choice(("f", "m")), consent=True,
                consent_audio=rng.random() < 0.8, consent_quote=rng.random() < 0.75))
        clock = datetime.combine(day, time(18, 0)).astimezone()
        for question, lines in zip(questions, said, strict=True):
            for text, language, coded in lines:
                clock += timedelta(minutes=rng.randrange(2, 9))
                note = writer.add_note(group, text, question=question,
                                       speaker=rng.choice(people), language=language,
                                       at=clock.isoformat(timespec="seconds"))
                for theme in coded:
                    writer.code(note, themes[theme], quote=rng.random() < 0.5)
                    passages += 1
        writer.add_memo(group, "Interpreter summarised side conversations in English.")
    return FocusSeed(len(GROUPS), passages)
