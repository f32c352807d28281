-- ebb:txmode none
DROP INDEX CONCURRENTLY IF EXISTS auth.audit_mood;
ALTER TYPE auth.mood ADD VALUE 'idle' BEFORE 'busy';
