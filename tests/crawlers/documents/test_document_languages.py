"""French, Spanish and ePing-page labels: the forms' own wording around short values (no full
French or Spanish SPS form is among the real samples)."""

from __future__ import annotations

from datetime import date

from crawlers.documents import parse_text

FRENCH_TBT = """G/TBT/N/FRA/200
12 mars 2021
Comité des obstacles techniques au commerce Original: français
NOTIFICATION
La notification suivante est communiquée conformément à l'article 10.6.
1. Membre notifiant: FRANCE
Le cas échéant, pouvoirs publics locaux concernés (articles 3.2 et 7.2):
2. Organisme responsable: Ministère de la transition écologique
3. Notification au titre de l'article 2.9.2 [X], 2.10.1 [ ], 5.6.2 [ ], 5.7.1 [ ], autres:
4. Produits visés (le cas échéant, position du SH ou de la NCCD, sinon position du tarif douanier
national. Les numéros de l'ICS peuvent aussi être indiqués, le cas échéant): Emballages (SH 3923)
5. Intitulé, nombre de pages et langue(s) du document notifié: Projet de décret relatif aux
emballages (5 pages, en français)
6. Teneur: Le projet fixe la teneur en plastique recyclé des emballages.
7. Objectif et raison d'être, y compris la nature des problèmes urgents, le cas échéant:
Protection de l'environnement
8. Documents pertinents: Code de l'environnement
9. Date projetée pour l'adoption: juin 2021
Date projetée pour l'entrée en vigueur: 1er janvier 2022
10. Date limite pour la présentation des observations: 60 jours à compter de la notification
11. Texte disponible auprès de: point d'information national [X]
"""


def test_a_french_tbt_form_is_read_with_its_labels() -> None:
    doc = parse_text(FRENCH_TBT)
    assert (doc.domain, doc.member, doc.language, doc.original_language) == (
        "TBT",
        "FRA",
        "fr",
        "fr",
    )
    assert doc.agency == "Ministère de la transition écologique"
    assert doc.products == "Emballages (SH 3923)"
    assert doc.title == "Projet de décret relatif aux emballages (5 pages, en français)"
    assert doc.description == "Le projet fixe la teneur en plastique recyclé des emballages."
    assert doc.objectives == ["Protection de l'environnement"]
    assert doc.distribution_date == date(2021, 3, 12)
    assert doc.entry_into_force_date == date(2022, 1, 1)
    assert doc.adoption_date is None and doc.adoption_text == "juin 2021"
    assert doc.comment_deadline_text == "60 jours à compter de la notification"
    assert doc.notified_under == ["2.9.2"]
    assert doc.warnings == []


FRENCH_SPS_ADDENDUM = """G/SPS/N/CAN/1500/Add.1
3 mai 2024
Comité des mesures sanitaires et phytosanitaires
NOTIFICATION
Addendum
La communication ci-après, reçue le 2 mai 2024, est distribuée à la demande de la délégation
du Canada.
_______________

Limites maximales de résidus proposées: Fluopyram

Le projet a été adopté le 1er mai 2024.

Le présent addendum concerne:
[ ] Modification de la date limite pour la présentation des observations
[X] Notification de l'adoption, de la publication ou de l'entrée en vigueur de la réglementation
[ ] Retrait de la réglementation projetée
[ ] Autre:
Organisme ou autorité désigné pour traiter les observations: [X] autorité nationale responsable
des notifications
Texte(s) disponible(s) auprès de: [X] point d'information national
"""

SPANISH_SPS = """G/SPS/N/CHL/700
4 de marzo de 2022
Comité de Medidas Sanitarias y Fitosanitarias Original: español
NOTIFICACIÓN
1. Miembro que notifica: CHILE
2. Organismo responsable: Servicio Agrícola y Ganadero (SAG)
3. Productos abarcados: Frutas frescas (SA 0806)
4. Regiones o países que podrían verse afectados, en la medida en que sea procedente o factible:
[X] Todos los interlocutores comerciales
5. Título del documento notificado: Requisitos fitosanitarios de importación. Idioma(s): español.
Número de páginas: 4
6. Descripción del contenido: Establece requisitos para la importación de uva fresca.
7. Objetivo y razón de ser: [ ] inocuidad de los alimentos, [ ] sanidad animal, [X] preservación
de los vegetales
10. Fecha propuesta de adopción (dd/mm/aa): 1 de junio de 2022
11. Fecha propuesta de entrada en vigor: [ ] Seis meses a partir de la fecha de publicación, y/o
(dd/mm/aa): 1 de julio de 2022
12. Fecha límite para la presentación de observaciones: [X] Sesenta días después de la fecha de
distribución de la notificación y/o (dd/mm/aa): 3 de mayo de 2022
"""


def test_a_french_sps_addendum_reads_its_ticked_reason_and_the_date_in_its_text() -> None:
    doc = parse_text(FRENCH_SPS_ADDENDUM)
    assert (doc.domain, doc.doc_type, doc.member, doc.language) == ("SPS", "addendum", "CAN", "fr")
    assert doc.title == "Limites maximales de résidus proposées: Fluopyram"
    assert doc.description == "Le projet a été adopté le 1er mai 2024."
    assert doc.addendum_reasons == ["adopted"]
    assert doc.adoption_date == date(2024, 5, 1)
    assert doc.extra["communication_date"] == "2024-05-02"
    assert doc.extra["comment_agency"] == "autorité nationale responsable des notifications"


def test_a_spanish_sps_form_is_read_with_its_labels() -> None:
    doc = parse_text(SPANISH_SPS)
    assert (doc.domain, doc.member, doc.language, doc.original_language) == (
        "SPS",
        "CHL",
        "es",
        "es",
    )
    assert doc.regions == "Todos los interlocutores comerciales"
    assert doc.objectives == ["preservación de los vegetales"]
    assert doc.title == "Requisitos fitosanitarios de importación."
    assert doc.hs_codes == ["0806"]
    assert doc.adoption_date == date(2022, 6, 1)
    assert doc.entry_into_force_date == date(2022, 7, 1)
    assert doc.comment_deadline == date(2022, 5, 3)
    assert doc.distribution_date == date(2022, 3, 4)
    assert doc.warnings == []


EPING_FIELDS = """Notifying Member: Kenya
Area: TBT
Document symbol: G/TBT/N/KEN/1170/Add.2, G/TBT/N/UGA/1511/Add.2
Notification type: Addendum
Distribution date: 2023-12-08
Title: Petroleum jelly for cosmetic use — Specification
Description: The standard was adopted by Uganda on 24 May 2023.
Products (free text): Petroleum jelly
HS Code: 271210 - Petroleum jelly
ICS Code: 71.100.70 - Cosmetics. Toiletries
Objectives: Protection of human health or safety (TBT); Quality requirements (TBT)
Final date for comments:
Link(s) to full text: https://members.wto.org/crnattachments/2023/TBT/KEN/23_1234_00_e.pdf
"""


def test_an_epings_record_with_english_field_labels() -> None:
    doc = parse_text(EPING_FIELDS)
    assert doc.symbols == ["G/TBT/N/KEN/1170/Add.2", "G/TBT/N/UGA/1511/Add.2"]
    assert (doc.domain, doc.doc_type, doc.member) == ("TBT", "addendum", "KEN")
    assert doc.title == "Petroleum jelly for cosmetic use — Specification"
    assert (doc.hs_codes, doc.ics_codes) == (["271210"], ["71.100.70"])
    assert doc.objectives == [
        "Protection of human health or safety (TBT)",
        "Quality requirements (TBT)",
    ]
    assert doc.distribution_date == date(2023, 12, 8) and doc.comment_deadline is None
    assert doc.addendum_reasons == ["adopted"] and doc.adoption_date == date(2023, 5, 24)
    assert doc.links == ["https://members.wto.org/crnattachments/2023/TBT/KEN/23_1234_00_e.pdf"]
