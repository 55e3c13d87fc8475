"""A labelled set of name variants for measuring returning-attendee matching.

Each group is one person: the first name is how they were recorded at their
first visit, the others how a worker typed them at a later door (diacritics left
out or wrong, Cyrillic or Latin script, another transliteration, name order
swapped, a middle name left out, a typo). ``DIFFERENT`` lists people who are not
in any group but whose names look alike to a careless matcher.
"""

from __future__ import annotations

SAME_PERSON: tuple[tuple[str, ...], ...] = (
    ("Ștefan Lăcătuș", "Stefan Lacatus", "Ştefan Lăcătuş", "Lacatus Stefan", "Stefan Lakatus"),
    ("Maria Căldărar", "Maria Caldarar", "Caldarar Maria", "Мария Калдарар"),
    ("Ion Ciurar", "Ioan Ciurar", "Ion Churar"),
    ("Florica Stănescu", "Florica Stanescu", "Florika Stanescu"),
    ("Niculina Gheorghe", "Nicolina Gheorghe", "Niculina Georghe"),
    ("Rodica Şerban", "Rodica Serban", "Rodica Sherban", "Rodica Șerban"),
    ("Costel Tănase", "Kostel Tanase", "Costel Tanasse"),
    ("Lenuța Bălaș", "Lenuta Balas", "Lenutsa Balash"),
    ("Hristo Petrov", "Христо Петров", "Khristo Petrov", "Hristo Petroff", "Petrov Hristo"),
    ("Yordan Tsvetanov", "Йордан Цветанов", "Iordan Tsvetanov", "Jordan Cvetanov",
     "Yordan Tzvetanov"),
    ("Zhivko Shterev", "Живко Щерев", "Jivko Shterev", "Zhivko Shtereff"),
    ("Dimitar Kolev", "Димитър Колев", "Dimitur Kolev"),
    ("Mariya Ivanova", "Мария Иванова", "Maria Ivanova", "Mariia Ivanova"),
    ("Tsvetanka Yankova", "Цветанка Янкова", "Cvetanka Iankova", "Tsvetanka Jankova"),
    ("Fatme Mustafova", "Фатме Мустафова", "Fatme Mustafowa"),
    ("Stoyan Kirilov", "Стоян Кирилов", "Stoian Kirilov", "Stojan Kirilov"),
    ("Raina Stoycheva", "Райна Стойчева", "Rayna Stoicheva"),
    ("Nikolay Dimitrov", "Николай Димитров", "Nikolai Dimitrov", "Nikolaj Dimitrov"),
    ("Asen Dobrev", "Асен Добрев", "Assen Dobrev"),
    ("Angel Asenov", "Ангел Асенов", "Angel Assenov"),
    ("Elena Maria Dumitru", "Elena Dumitru", "Dumitru Elena"),
    ("Gheorghe Vasile Lingurar", "Gheorghe Lingurar", "Georghe Lingurar"),
    ("Sevdalina Marinova", "Севдалина Маринова", "Sevdalina Marinowa"),
    ("Kiril Yosifov", "Кирил Йосифов", "Kiril Iosifov", "Kiril Josifov"),
)

DIFFERENT: tuple[str, ...] = (
    "Georgi Iliev", "Ivan Petkov", "Maria Popescu", "Stefan Dobre", "Ion Stanciu",
    "Hristina Petrova", "Daniela Voicu", "Marin Gabor", "Elena Radu", "Yordanka Ivanova",
    "Petar Kolarov", "Florin Stan", "Ana Lingurar", "Asen Kirov", "Nikola Marinov",
    "Vasile Boldea", "Costin Tudor", "Raina Dimova",
)
