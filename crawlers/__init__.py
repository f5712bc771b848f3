"""Scrapy project: one spider per source, base spiders per platform, items, small pipelines."""
