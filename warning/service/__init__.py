"""The service: scheduler, the daily cycle (`tbtwatch run`), status and the demo."""
