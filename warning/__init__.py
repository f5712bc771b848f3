"""tbtwatch's core (warning.core: tables, notice store, classification job, review, flagging) and
its shell (warning.cli, warning.web, warning.service), the only place that composes everything."""
