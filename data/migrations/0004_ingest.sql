-- News ingest: the feeds we poll (with what we need for conditional requests and back-off) and the articles read
-- from feeds, links and pasted text. Articles are the raw material claims are extracted from; they never reach a
-- card themselves.

-- One row per feed in FEEDS_FILE; the file is the source of truth and is re-synced at start-up.
CREATE TABLE feeds (
  url TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  every_minutes INTEGER NOT NULL CHECK (every_minutes >= 5),
  -- validators from the last 200, sent back as If-None-Match / If-Modified-Since so an unchanged feed costs a 304
  etag TEXT,
  last_modified TEXT,
  last_checked_at TEXT,
  -- a new feed is due at once; a failing one backs off exponentially (capped at a day)
  next_check_at TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- items the feed listed at its last successful read, to tell an empty feed from a broken one
  items_seen INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX feeds_due ON feeds (next_check_at);

CREATE TABLE articles (
  -- kept an INTEGER PRIMARY KEY: review candidates reference articles (id)
  id INTEGER PRIMARY KEY,
  -- NULL for pasted text, which has no address; two NULLs never collide under UNIQUE
  canonical_url TEXT UNIQUE,
  -- SHA-256 of the normalised text: the same story at two addresses is stored once
  content_hash TEXT NOT NULL UNIQUE,
  -- the address as given (feed item link or /ingest argument), before canonicalisation
  url TEXT,
  title TEXT NOT NULL,
  published TEXT,
  -- no foreign key: feeds come and go with the config file, the articles read from them stay
  feed_url TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('feed', 'link', 'paste')),
  -- where the text came from: the article page, the feed item's summary when the page could not be read, or a paste
  text_from TEXT NOT NULL CHECK (text_from IN ('page', 'feed-summary', 'paste')),
  submitted_by TEXT,
  fetched_at TEXT NOT NULL,
  -- plain text only, paragraphs separated by blank lines; markup never reaches this column
  text TEXT NOT NULL,
  extracted_at TEXT
) STRICT;

CREATE INDEX articles_by_url ON articles (url);
CREATE INDEX articles_to_extract ON articles (id) WHERE extracted_at IS NULL;
