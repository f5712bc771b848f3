"""The warning core: database tables and session, notice store, lifecycle, classification job,
review workflow and flag policy. It imports only `config` and `models`."""
