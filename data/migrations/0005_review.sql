-- The review queue: claims proposed by the extractor (or typed by an analyst) wait here until a reviewer approves,
-- edits or rejects them. Nothing in this table reaches a card or a briefing; an approved candidate becomes a claim
-- (origin 'review') and keeps the link, so every reviewed claim can say where it came from and who let it in.

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  -- NULL for a claim an analyst typed with /claim add
  article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  -- the incident the claim is about; a reviewer sets it when the extractor could not tell
  incident_slug TEXT,
  claimant TEXT NOT NULL,
  claimant_state TEXT,
  -- the accused as the text names it, and the store's actor when the gazetteer knew the name
  actor TEXT NOT NULL,
  actor_slug TEXT,
  sponsor_state TEXT,
  stance TEXT NOT NULL,
  confidence_wording TEXT,
  -- the supporting sentence verbatim, and where it sits in the article's text
  quote TEXT NOT NULL,
  quote_start INTEGER,
  quote_end INTEGER,
  -- which extraction rule proposed it ('analyst' for /claim add), so a reviewer can see why
  rule TEXT NOT NULL,
  -- where the sentence was published, for candidates without an article (typed claims)
  source_url TEXT,
  proposed_by TEXT,
  created_at TEXT NOT NULL,
  edited_by TEXT,
  edited_at TEXT,
  reviewed_by TEXT,
  reviewed_at TEXT,
  claim_id INTEGER REFERENCES claims (id) ON DELETE SET NULL,
  -- re-extracting an article proposes nothing twice
  UNIQUE (article_id, quote_start, claimant, actor, stance)
) STRICT;

CREATE INDEX candidates_pending ON candidates (status, incident_slug, id);
CREATE INDEX candidates_by_claim ON candidates (claim_id) WHERE claim_id IS NOT NULL;

-- Links someone asked the bot to read with /ingest <url>: queued so the slash command answers at once and a crash
-- loses nothing; a background worker fetches them.
CREATE TABLE ingest_requests (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
  finished_at TEXT
) STRICT;

CREATE INDEX ingest_requests_pending ON ingest_requests (id) WHERE status = 'pending';

-- Notes filed with a card's "Dispute" button, for reviewers to look at.
CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
  note TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  platform TEXT NOT NULL,
  filed_at TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT
) STRICT;

CREATE INDEX disputes_open ON disputes (id) WHERE resolved_at IS NULL;
