"""newsbot's domain: ingest, clean, extract, compare, store, summarise, digest. No Slack imports here."""
