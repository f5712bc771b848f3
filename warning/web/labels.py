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
