CREATE TABLE members (
  id bigint PRIMARY KEY,
  handle text NOT NULL,
  team text NOT NULL
);
CREATE UNIQUE INDEX members_team_handle ON members (team, handle);
