"""Exporter alerts: subscriptions, matching, outbox, digests, reminders, rendering and transport."""
