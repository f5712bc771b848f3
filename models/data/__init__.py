"""Reference data shipped with the classifier: HS 2022, ICS ed. 7, legacy HS, labelled notices."""
