-- Runs in each migration's own transaction, before its first statement (Flyway's SQL callback). A migration waits for
-- the locks of running queries, and every later query on the table waits behind it: after ${lockTimeout} it gives up
-- instead (the start fails naming the lock, and the next start tries again) rather than stall the pipeline unseen.
-- SET LOCAL ends with the transaction, so no pooled connection keeps it. The default is quarkus.flyway.placeholders.
set local lock_timeout = '${lockTimeout}';
