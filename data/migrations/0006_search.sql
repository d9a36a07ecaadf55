-- Search and card reads at scale (100k incidents, 20k actors, 1M claims).
--
-- The ranking now runs on an in-memory index derived from search_names (src/store/search-index.ts); the term, trigram
-- and posting tables of the former SQLite-only index are emptied here and no longer written. Names are rewritten per
-- entity, so they need an index by entity.
DELETE FROM search_postings;
DELETE FROM search_term_trigrams;
DELETE FROM search_terms;

-- Card reads look these up by incident; without them each card scanned the whole table.
CREATE INDEX victims_by_incident ON victims (incident_id, position);
CREATE INDEX status_events_by_incident ON status_events (incident_id, date);
-- The actor card lists other actors sharing an alias, compared case-insensitively.
CREATE INDEX actor_aliases_by_lower_name ON actor_aliases (lower(name));
