"""French labels of the WTO TBT and SPS forms (regular, addendum)."""

from __future__ import annotations

from crawlers.documents.labels.kinds import EXPL

FR = [
    ("member", "strong", True, r"membre (?:partie a l'accord )?(?:qui notifie|notifiant)"),
    (
        "local_government",
        "strong",
        False,
        r"le cas echeant, (?:nom des )?pouvoirs publics locaux concernes(?: \(articles? 3\.2 et "
        r"7\.2\))?",
    ),
    ("agency", "strong", True, r"organisme responsable"),
    (
        "comment_agency",
        "strong",
        False,
        r"(?:nom et adresse \(.{0,250}?\) de )?(?:l')?organisme ou (?:de )?(?:l')?autorite "
        r"designee? pour "
        r"traiter les observations[^:]{0,150}",
    ),
    (
        "notified_under",
        "strong",
        True,
        r"(?:notification (?:presentee )?au titre de l'article|notifie au titre de l'article)",
    ),
    ("products", "strong", True, r"produits vises" + EXPL),
    (
        "title",
        "strong",
        True,
        r"intitule(?:, nombre de pages et langue\(s\))? du (?:document|texte) notifie",
    ),
    ("title", "weak", True, r"(?:titre|intitule)"),
    ("title_languages", "strong", False, r"langue\(s\)"),
    ("pages", "strong", False, r"nombre de pages"),
    ("description", "weak", True, r"(?:teneur|description)"),
    (
        "objectives",
        "strong",
        True,
        r"objectif et raison d'etre(?:, y compris (?:la "
        r"nature des problemes urgents|, le cas echeant, "
        r"la nature des problemes urgents)(?:, le cas echeant)?)?",
    ),
    (
        "relevant_documents",
        "strong",
        True,
        r"(?:autres )?documents pertinents(?: et langue\(s\) dans laquelle \(lesquelles\) ils sont "
        r"disponibles)?",
    ),
    ("adoption", "strong", True, r"date projetee (?:pour l'|de l')adoption(?: \(jj/mm/aa\))?"),
    ("publication", "strong", True, r"date projetee (?:pour la|de) publication(?: \(jj/mm/aa\))?"),
    ("entry_into_force", "strong", True, r"date projetee (?:pour l'|de l')entree en vigueur"),
    ("comment_deadline", "strong", True, r"date limite pour la presentation des observations"),
    (
        "texts_available",
        "strong",
        True,
        r"(?:textes? disponibles?|texte\(s\) disponible\(s\)) aupres (?:de|du|des)",
    ),
    (
        "regions",
        "strong",
        True,
        r"regions ou pays susceptibles d'etre concernes(?:, "
        r"dans la mesure ou cela est pertinent ou "
        r"faisable)?",
    ),
    (
        "intl_standard",
        "strong",
        True,
        r"existe-t-il une norme internationale pertinente\?(?: dans l'affirmative, indiquer "
        r"laquelle)?",
    ),
    (
        "conformity",
        "strong",
        False,
        r"la reglementation projetee est-elle conforme a la norme internationale pertinente\?",
    ),
    (
        "reasons_header",
        "strong",
        False,
        r"(?:raison de l'addendum|motif de l'addendum|le present addendum concerne)",
    ),
    (
        "reason.comment_period_changed",
        "reason",
        False,
        r"(?:(?:delai|periode) (?:pour la presentation des observations|de presentation des "
        r"observations) modifiee?(?: - date)?|modification de la date limite pour la presentation "
        r"des observations)",
    ),
    (
        "reason.adopted",
        "reason",
        False,
        r"(?:mesure notifiee adoptee(?: - date)?|notification "
        r"de l'adoption, de la publication ou de "
        r"l'entree en vigueur de la reglementation)",
    ),
    ("reason.published", "reason", False, r"mesure notifiee publiee(?: - date)?"),
    (
        "reason.entered_into_force",
        "reason",
        False,
        r"(?:mesure notifiee entree en vigueur|entree "
        r"en vigueur de la mesure notifiee)(?: - date)?",
    ),
    (
        "reason.final_text_available",
        "reason",
        False,
        r"texte de la mesure (?:finale|definitive) disponible aupres de",
    ),
    (
        "reason.withdrawn",
        "reason",
        False,
        r"(?:mesure notifiee retiree ou (?:abrogee|revoquee)(?: - date)?|retrait de la "
        r"reglementation projetee)",
    ),
    (
        "relevant_symbol",
        "strong",
        False,
        r"cote pertinente (?:si la mesure (?:est )?(?:notifiee de nouveau|renotifiee)|en cas de "
        r"nouvelle notification de la mesure)",
    ),
    (
        "reason.scope_changed",
        "reason",
        False,
        r"(?:(?:teneur|contenu) ou (?:champ d'application|portee) de la mesure notifiee "
        r"modifiee?(?:\(e\))?s?"
        r"(?: et texte disponible aupres de)?|modification (?:de la teneur|du contenu) et/ou (?:du "
        r"champ d'application|de la portee) du projet de reglementation (?:deja |precedemment )?"
        r"notifie)",
    ),
    (
        "new_deadline",
        "strong",
        False,
        r"nouvelle date limite pour la presentation des observations(?: \(le cas echeant\))?",
    ),
    (
        "reason.interpretive_guidance",
        "reason",
        False,
        r"(?:orientations interpretatives|document interpretatif|indications interpretatives) "
        r"publiee?s?(?: et texte disponible aupres de)?",
    ),
    (
        "reason.dates_changed",
        "reason",
        False,
        r"modification de la date projetee (?:pour l'|d')adoption, (?:de )?(?:la )?publication ou "
        r"(?:de )?(?:la date d')?entree en vigueur",
    ),
    ("reason.other", "reason", False, r"autres?"),
    (
        "comment_period",
        "strong",
        False,
        r"delai (?:pour la presentation|de presentation) des observations",
    ),
]
