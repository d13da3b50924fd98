"""Event extraction: turns an Article into ACLED-typed Events (type, date, place, actors, casualties)."""
