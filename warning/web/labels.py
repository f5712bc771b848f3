"""Display names of the workflow's values, marked for translation (templates call `_()` on them)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it here."""
    return message


STATUS = {
    "new": N_("New"),
    "triage": N_("Triage"),
    "expert_review": N_("Expert review"),
    "comment_drafting": N_("Comment drafting"),
    "comment_sent": N_("Comment sent"),
    "closed": N_("Closed"),
    "not_relevant": N_("Not relevant"),
}
IMPACT = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
ROLE = {"admin": N_("Administrator"), "reviewer": N_("Reviewer"), "expert": N_("Expert")}
DOMAIN = {
    "TBT": N_("TBT"),
    "SPS": N_("SPS"),
    "regulation": N_("Regulation"),
    "alert": N_("Alert"),
}
DOC_TYPE = {
    "regular": N_("Notification"),
    "addendum": N_("Addendum"),
    "corrigendum": N_("Corrigendum"),
    "revision": N_("Revision"),
    "emergency": N_("Emergency"),
    "regulation": N_("Regulation"),
    "alert": N_("Alert"),
}
ACTION = {
    "status": N_("changed the status"),
    "assign": N_("changed the assignee"),
    "impact": N_("rated the impact"),
    "note": N_("added a note"),
    "categories": N_("corrected the categories"),
    "accept_categories": N_("accepted the categories"),
}
# What each permission of the workflow lets a role change (a refusal names it).
PERMISSION = {
    "status": N_("Status"),
    "assign": N_("Assignee"),
    "impact": N_("Impact"),
    "note": N_("Experts' points"),
    "categories": N_("Categories"),
    "letter": N_("Comment letter"),
}
DEADLINE_WINDOWS = {
    "open": N_("Open for comment"),
    "7": N_("Closes within 7 days"),
    "30": N_("Closes within 30 days"),
    "passed": N_("Comment period closed"),
    "none": N_("No deadline"),
}
SORTS = {
    "urgency": N_("Most urgent"),
    "deadline": N_("Deadline"),
    "newest": N_("Newest"),
    "impact": N_("Impact"),
}
FREQUENCY = {
    "immediate": N_("Immediately"),
    "daily": N_("Daily digest"),
    "weekly": N_("Weekly digest"),
}
CATEGORY_GROUPS = {
    "HT": N_("High-tech products"),
    "TR": N_("Traditional sectors"),
    "OT": N_("Other"),
}
# The emails the outbox sent, by kind (the dashboard's legend); the words of the email subjects.
DELIVERY_KIND = {
    "new": N_("New notice"),
    "update": N_("Update"),
    "reminder": N_("Reminder"),
    "digest": N_("Digest"),
    "confirmation": N_("Confirmation"),
}
# How the classifier reached a category (Classification.method; models/fusion.py).
METHOD = {
    "hs-rule": N_("HS code rule"),
    "ics-rule": N_("ICS code rule"),
    "fusion": N_("codes and text together"),
    "text": N_("text model"),
    "domain": N_("default for the kind of measure"),
    "inherited": N_("taken from the original notification"),
    "reviewer": N_("reviewer"),
}
# A scheduled job's state and a job run's status as the status report gives them (kept in
# English there: /status is read by machines).
JOB_STATE = {
    "scheduled": N_("scheduled"),
    "overdue": N_("overdue"),
    "not yet scheduled": N_("not yet scheduled"),
}
RUN_STATUS = {
    "success": N_("success"),
    "failed": N_("failed"),
    "running": N_("running"),
    "interrupted": N_("interrupted"),
    "skipped": N_("skipped"),
}
# The counts a crawl or a job leaves (crawlers/report.py, the service's steps); a count not
# named here is shown by its key.
FIGURE = {
    "new": N_("new"),
    "changed": N_("changed"),
    "unchanged": N_("unchanged"),
    "skipped": N_("skipped"),
    "duplicates": N_("duplicates"),
    "errors": N_("errors"),
    "stored": N_("stored"),
    "requests": N_("requests"),
    "retries": N_("retries"),
    "duration": N_("duration"),
    "returncode": N_("exit status"),
    "pid": N_("process"),
    "classified": N_("classified"),
    "by_model": N_("by the model"),
    "inherited": N_("inherited"),
    "abstained": N_("left for review"),
    "rows": N_("rows"),
    "evaluated": N_("evaluated"),
    "flagged": N_("flagged"),
    "unflagged": N_("unflagged"),
    "kept": N_("kept"),
    "reordered": N_("reordered"),
    "queued": N_("queued"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "retrying": N_("retrying"),
    "reviewer_labels": N_("reviewer decisions"),
    "labelled": N_("labelled notices"),
}
# Query and path parameters by the name a page gives them (a refused value names its field).
PARAMETER = {
    "page": N_("Page"),
    "per_page": N_("Per page"),
    "notice_id": N_("Notice number"),
    "q": N_("Search words"),
    "hs_q": N_("Search words"),
    "limit": N_("Number of results"),
    "domain": N_("Domain"),
    "member": N_("Member"),
    "category": N_("Category"),
    "hs": N_("HS prefix"),
    "status": N_("Status"),
    "deadline": N_("Comment deadline"),
    "deadline_from": N_("Deadline on or after"),
    "deadline_to": N_("Deadline on or before"),
    "source": N_("Source"),
    "sort": N_("Sort"),
}
