-- Imports: where every imported record came from (source, file version, original id), the names each source gives an
-- actor (with who coined them), the ids actors are matched by across sources, and deprecation marks.

-- One row per file imported, by content hash: re-importing the same bytes is recognised and changes nothing.
CREATE TABLE import_files (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  version TEXT,
  imported_at TEXT NOT NULL
) STRICT;

-- One row per source object (an ATT&CK intrusion-set, a MISP cluster, a EuRepoC incident or attribution row …):
-- which record of ours it became, the version it had, and a hash of what it contributed, so an unchanged object is
-- skipped and a changed one replaces exactly its own contributions.
CREATE TABLE import_records (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  original_id TEXT NOT NULL,
  object_type TEXT NOT NULL,
  -- what the object became: an actor, an incident, a claim (claims.import_record_id points back), or a redirect (a
  -- revoked object → its replacement)
  entity_kind TEXT NOT NULL CHECK (entity_kind IN ('actor', 'incident', 'claim', 'redirect')),
  actor_id INTEGER REFERENCES actors (id) ON DELETE SET NULL,
  incident_id INTEGER REFERENCES incidents (id) ON DELETE SET NULL,
  -- the source's own name and description, kept with their provenance and never shown as ours
  name TEXT,
  description TEXT,
  -- 'live', 'deprecated' (kept, not shown as live) or 'revoked' (replaced; its names redirect to the replacement)
  status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'deprecated', 'revoked')),
  -- for a redirect: the original id of the replacement, once known, and the names that redirect to it (JSON)
  redirect_to TEXT,
  names TEXT,
  file_version TEXT,
  content_hash TEXT NOT NULL,
  file_id INTEGER REFERENCES import_files (id),
  first_imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, original_id)
) STRICT;

CREATE INDEX import_records_by_actor ON import_records (actor_id);
CREATE INDEX import_records_by_incident ON import_records (incident_id);

-- Every name a source gives an actor, as spelled there, with who coined it per that source. The aliases shown on the
-- actor card (actor_aliases rows with origin 'import') are derived from these, one per name however it is spelled.
CREATE TABLE alias_attestations (
  id INTEGER PRIMARY KEY,
  actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  import_record_id INTEGER NOT NULL REFERENCES import_records (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- letters and digits only, lower case: "RedBaldKnight" and "REDBALDKNIGHT" share one key
  key TEXT NOT NULL,
  coined_by TEXT,
  position INTEGER NOT NULL
) STRICT;

CREATE INDEX alias_attestations_by_actor ON alias_attestations (actor_id);
CREATE INDEX alias_attestations_by_record ON alias_attestations (import_record_id);
CREATE INDEX alias_attestations_by_key ON alias_attestations (key);

-- Identifiers actors are matched by across sources: ATT&CK G-ids, STIX object uuids, MISP cluster uuids; and
-- 'stix-link', a STIX uuid another source says the actor is similar to (MISP `related`), matched only against 'stix'.
CREATE TABLE actor_keys (
  actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  import_record_id INTEGER NOT NULL REFERENCES import_records (id) ON DELETE CASCADE,
  scheme TEXT NOT NULL CHECK (scheme IN ('mitre-attack', 'stix', 'misp', 'stix-link')),
  value TEXT NOT NULL,
  PRIMARY KEY (import_record_id, scheme, value)
) WITHOUT ROWID, STRICT;

CREATE INDEX actor_keys_by_value ON actor_keys (scheme, value);

-- Curated aliases are replaced when the curated files are reloaded; imported ones only by their import.
ALTER TABLE actor_aliases ADD COLUMN origin TEXT NOT NULL DEFAULT 'curated';

-- The claim an import record produced, so a changed source object replaces exactly its own claims.
ALTER TABLE claims ADD COLUMN import_record_id INTEGER REFERENCES import_records (id) ON DELETE SET NULL;
CREATE INDEX claims_by_import_record ON claims (import_record_id);

-- Set when every source of an imported record has deprecated it: kept for reference, not shown as live.
ALTER TABLE actors ADD COLUMN deprecated_by TEXT;
ALTER TABLE incidents ADD COLUMN deprecated_by TEXT;
