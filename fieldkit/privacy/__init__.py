"""Data protection duties at the coordinator (Qt-free): subject access (find every
record of a person, export what is held), rectification, erasure that reaches every
laptop through the next project pack, and the retention period of personal fields.

- :mod:`~fieldkit.privacy.held`: the records a store holds about people, one per
  household member, customer profile, attendance, focus-group participant and consent
  record, with the fields each holds;
- :mod:`~fieldkit.privacy.people`: finding a person among them (the returning-attendee
  matcher's tolerance for spellings and scripts) and naming a person by a stable id;
- :mod:`~fieldkit.privacy.access`: what is held, as JSON and as a printable page in
  the person's language;
- :mod:`~fieldkit.privacy.changes`: rectification and erasure (field versions written
  by the coordinator, so they travel like any edit), audited without the values;
- :mod:`~fieldkit.privacy.pack_erasures`: the erasures in the pack, applied on laptops;
- :mod:`~fieldkit.privacy.retention`: the retention period and its pseudonymisation.
"""
