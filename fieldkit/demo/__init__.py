"""Demo data for training, screenshots and benchmarks (``fieldkit demo seed``).

Seeding writes realistic records straight into the store in bulk (not through the
interview service, which saves one answer at a time), so 10,000 interviews take
seconds. Each kind of record has its own *seeder* in :data:`fieldkit.demo.seeding.SEEDERS`;
to add one (e.g. advice sessions), write a module with a function
``seed_xxx(job: SeedJob) -> SeedCount`` and append it to that list.
"""
