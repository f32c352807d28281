CREATE TABLE members (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  team_id bigint NOT NULL,
  role enum('owner','member') NOT NULL DEFAULT 'member',
  CONSTRAINT fk_members_team FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
