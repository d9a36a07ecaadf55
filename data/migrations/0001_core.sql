-- The claim-centred core: sources, actors, incidents, claims, and the search index over their names.
-- Applied inside one transaction by the migration runner; PRAGMA user_version records it.

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  -- publisher|title|date|url, so one publication is stored once however many claims cite it
  key TEXT NOT NULL UNIQUE,
  publisher TEXT NOT NULL,
  title TEXT,
  date TEXT,
  url TEXT
) STRICT;

CREATE TABLE actors (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('state-linked', 'criminal', 'hacktivist', 'unknown')),
  description TEXT NOT NULL,
  mitre_attack_id TEXT,
  misp_galaxy_uuid TEXT,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE actor_aliases (
  id INTEGER PRIMARY KEY,
  actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  coined_by TEXT,
  source_id INTEGER REFERENCES sources (id),
  UNIQUE (actor_id, name)
) STRICT;

CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT,
  disclosed TEXT,
  summary TEXT NOT NULL,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE incident_aliases (
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (incident_id, name)
) STRICT;

CREATE TABLE victims (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  sector TEXT,
  country TEXT
) STRICT;

CREATE TABLE status_events (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  event TEXT NOT NULL,
  source_id INTEGER REFERENCES sources (id)
) STRICT;

CREATE TABLE related_incidents (
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  related_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, related_id)
) STRICT;

CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  -- NULL for actor-level claims (a sponsor link that belongs to no single incident)
  incident_id INTEGER REFERENCES incidents (id) ON DELETE CASCADE,
  -- the actor whose file holds an actor-level claim
  owner_actor_id INTEGER REFERENCES actors (id) ON DELETE CASCADE,
  said TEXT NOT NULL,
  speaker_name TEXT,
  speaker_role TEXT,
  speaker_organization TEXT,
  speaker_state TEXT,
  speaker_kind TEXT NOT NULL,
  on_record INTEGER NOT NULL CHECK (on_record IN (0, 1)),
  stance TEXT NOT NULL,
  subject_actor_id INTEGER REFERENCES actors (id) ON DELETE SET NULL,
  sponsor_name TEXT,
  sponsor_part_of TEXT,
  sponsor_state TEXT,
  subject_state TEXT,
  statement TEXT NOT NULL,
  quote TEXT,
  hedge TEXT,
  likelihood TEXT NOT NULL,
  basis TEXT,
  basis_detail TEXT,
  source_id INTEGER NOT NULL REFERENCES sources (id),
  tlp TEXT NOT NULL DEFAULT 'CLEAR',
  responds_to_id INTEGER REFERENCES claims (id) ON DELETE SET NULL,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (incident_id IS NOT NULL OR owner_actor_id IS NOT NULL)
) STRICT;

CREATE INDEX claims_by_incident ON claims (incident_id);
CREATE INDEX claims_by_subject_actor ON claims (subject_actor_id);
CREATE INDEX claims_by_owner_actor ON claims (owner_actor_id);
CREATE INDEX claims_by_responds_to ON claims (responds_to_id);

-- Which curated data version the store was last built from.
CREATE TABLE dataset_versions (
  name TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  loaded_at TEXT NOT NULL
) STRICT;

-- Search index. Every searchable name (title, alias, victim, actor name, sponsor named in a claim …) is split
-- into normalized words; each distinct word is a term, each term is cut into trigrams for typo tolerance.
CREATE TABLE search_terms (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL UNIQUE,
  -- how many entities hold the term, for idf weighting
  entity_count INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE search_term_trigrams (
  trigram TEXT NOT NULL,
  term_id INTEGER NOT NULL REFERENCES search_terms (id) ON DELETE CASCADE,
  PRIMARY KEY (trigram, term_id)
) WITHOUT ROWID, STRICT;

-- The names an entity can be found by, normalized as a whole (for exact and whole-name prefix matches).
CREATE TABLE search_names (
  id INTEGER PRIMARY KEY,
  entity_kind TEXT NOT NULL CHECK (entity_kind IN ('incident', 'actor')),
  entity_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  normalized TEXT NOT NULL,
  -- how strongly the name identifies the entity: 1 for its own title or alias, less for a victim or a related actor
  weight REAL NOT NULL
) STRICT;

-- Kind first: every look-up is for one kind, by exact name or by name prefix.
CREATE INDEX search_names_by_normalized ON search_names (entity_kind, normalized);

-- How many entities of each kind are indexed, for idf weighting without counting rows on every query.
CREATE TABLE search_stats (
  entity_kind TEXT PRIMARY KEY,
  entity_count INTEGER NOT NULL
) STRICT;

CREATE TABLE search_postings (
  term_id INTEGER NOT NULL REFERENCES search_terms (id) ON DELETE CASCADE,
  name_id INTEGER NOT NULL REFERENCES search_names (id) ON DELETE CASCADE,
  PRIMARY KEY (term_id, name_id)
) WITHOUT ROWID, STRICT;
