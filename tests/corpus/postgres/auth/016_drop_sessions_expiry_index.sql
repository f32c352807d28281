-- ebb:txmode none
DROP INDEX CONCURRENTLY IF EXISTS auth.sessions_expires;
