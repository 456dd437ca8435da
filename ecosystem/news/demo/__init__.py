"""Demo news: sample feeds and synthetic items for demos and benchmarks.

The XML files here are the sample feeds `manage.py load_demo_news` reads. The
modules make the synthetic news of `manage.py generate_demo_news`:

- vocabulary: the sources, category words, model names and title templates;
- planner: which brands (under which names), sources and dates, and their skew;
- generator: the items, their titles, mentions and category links, per seed;
- writers: the demo sources, the removal of an earlier run, COPY or bulk_create.
"""
