"""English labels of the WTO TBT and SPS forms (regular, emergency, addendum)."""

from __future__ import annotations

from crawlers.documents.labels.kinds import EXPL

EN = [
    ("member", "strong", True, r"(?:member to agreement notifying|notifying member(?:\(s\))?)"),
    (
        "local_government",
        "strong",
        False,
        r"if applicable, name of local government involved(?: \(articles? 3\.2 and 7\.2\))?",
    ),
    ("agency", "strong", True, r"agency responsible"),
    (
        "comment_agency",
        "strong",
        False,
        r"(?:name and address \(.{0,200}?\) of )?(?:the )?agency or authority designated to handle "
        r"comments(?: regarding the notification)?(?: (?:shall|should|can|may) be indicated if "
        r"different from above)?",
    ),
    ("notified_under", "strong", True, r"notified under(?: article)?"),
    ("products", "strong", True, r"products covered" + EXPL),
    (
        "title",
        "strong",
        True,
        r"title(?:, number of pages and language\(s\)|, "
        r"language and number of pages| and number of "
        r"pages)? of the notified document",
    ),
    ("title", "weak", True, r"title"),
    ("title_languages", "strong", False, r"language\(s\)"),
    ("pages", "strong", False, r"number of pages"),
    ("description", "strong", True, r"description of content"),
    ("description", "weak", True, r"description"),
    (
        "objectives",
        "strong",
        True,
        r"objective and rationale(?:, including the nature of urgent problems where applicable)?",
    ),
    (
        "relevant_documents",
        "strong",
        True,
        r"(?:other )?relevant documents(?: and language\(s\) "
        r"in which (?:these|they) are available)?",
    ),
    ("adoption", "strong", True, r"proposed date of adoption(?: \(dd/mm/yy(?:yy)?\))?"),
    ("publication", "strong", True, r"proposed date of publication(?: \(dd/mm/yy(?:yy)?\))?"),
    (
        "entry_into_force",
        "strong",
        True,
        r"(?:proposed )?date of entry into force(?: / "
        r"period of application(?: \(as applicable\))?)?",
    ),
    ("comment_deadline", "strong", True, r"final date for comments"),
    ("texts_available", "strong", True, r"(?:texts?|text\(s\)) (?:is |are )?available from"),
    (
        "regions",
        "strong",
        True,
        r"regions or countries likely to be affected(?:, to the extent relevant or practicable)?",
    ),
    (
        "intl_standard",
        "strong",
        True,
        r"is there a relevant international standard\?(?: if so, identify the standard)?",
    ),
    (
        "conformity",
        "strong",
        False,
        r"does this proposed regulation conform to the relevant international standard\?",
    ),
    (
        "deviation",
        "strong",
        False,
        r"if no, describe, whenever possible, how and why it deviates from the international "
        r"standard",
    ),
    (
        "urgent",
        "strong",
        True,
        r"nature of (?:the )?urgent problem\(s\)(?: and rationale for urgent "
        r"action)?",
    ),
    (
        "reasons_header",
        "strong",
        False,
        r"(?:reason for addendum|this (?:addendum|corrigendum) concerns a)",
    ),
    (
        "reason.comment_period_changed",
        "reason",
        False,
        r"(?:comment period changed(?: - date)?|modification of final date for comments)",
    ),
    (
        "reason.adopted",
        "reason",
        False,
        r"(?:notified measure adopted(?: - date)?|notification "
        r"of adoption, publication or entry into "
        r"force of (?:the )?regulation)",
    ),
    ("reason.published", "reason", False, r"notified measure published(?: - date)?"),
    (
        "reason.entered_into_force",
        "reason",
        False,
        r"notified measure (?:enters|entered) into force(?: - date)?",
    ),
    (
        "reason.final_text_available",
        "reason",
        False,
        r"text of (?:the )?final measure available from",
    ),
    (
        "reason.withdrawn",
        "reason",
        False,
        r"(?:notified measure withdrawn or revoked(?: - date)?|withdrawal of (?:the )?proposed "
        r"regulation)",
    ),
    ("relevant_symbol", "strong", False, r"relevant symbol if measure re-?notified"),
    (
        "reason.scope_changed",
        "reason",
        False,
        r"(?:content or scope of notified measure changed(?: "
        r"and text available from)?|modification "
        r"of content and/or scope of previously notified draft regulation)",
    ),
    ("new_deadline", "strong", False, r"new deadline for comments(?: \(if applicable\))?"),
    (
        "reason.interpretive_guidance",
        "reason",
        False,
        r"interpretive guidance issued(?: and text available from)?",
    ),
    (
        "reason.dates_changed",
        "reason",
        False,
        r"change in (?:the )?proposed date of adoption, "
        r"publication or (?:date of )?entry into force",
    ),
    ("reason.other", "reason", False, r"other"),
    ("comment_period", "strong", False, r"comment period"),
]
