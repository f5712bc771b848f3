"""Scrapy project: spiders (one per source), base spiders per platform, items and small pipelines."""
