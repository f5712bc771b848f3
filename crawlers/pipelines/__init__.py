"""Item pipelines, one job each, in this order: clean → validate → store → stats.

Each counts what it did in the crawl's Scrapy stats (names in `crawlers.stats`), so the crawl
report can say how many items were cleaned, rejected, stored new, changed or unchanged.
"""
