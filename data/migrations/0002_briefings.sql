-- Daily briefings: channel subscriptions, the deliveries outbox, and the lease that lets one process send.

-- When each case-status event first entered the store, so a briefing can report it as new. Existing rows count as
-- known since the dawn of time.
ALTER TABLE status_events ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000Z';

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
  -- Slack team or Discord guild; '' where the platform has none
  workspace_id TEXT NOT NULL DEFAULT '',
  channel_id TEXT NOT NULL,
  local_time TEXT NOT NULL,
  timezone TEXT NOT NULL,
  -- JSON, validated by the briefing filter schema when read
  filters TEXT NOT NULL DEFAULT '{}',
  tlp_ceiling TEXT NOT NULL DEFAULT 'CLEAR',
  quiet_days TEXT NOT NULL DEFAULT 'post' CHECK (quiet_days IN ('post', 'skip')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Everything recorded up to this instant has reached the channel in a delivered briefing.
  covered_until TEXT NOT NULL,
  UNIQUE (platform, channel_id, local_time, timezone, filters)
) STRICT;

-- The outbox: one row per due slot (subscription × local date), written before anything is sent.
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  slot_date TEXT NOT NULL,
  slot_at TEXT NOT NULL,
  covers_from TEXT NOT NULL,
  covers_to TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'unknown', 'delivered', 'failed', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  remote_id TEXT,
  outcome TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX deliveries_open ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, slot_at);

CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX claims_by_recorded_at ON claims (recorded_at);
CREATE INDEX incidents_by_recorded_at ON incidents (recorded_at);
CREATE INDEX status_events_by_recorded_at ON status_events (recorded_at);
