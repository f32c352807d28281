CREATE TABLE rooms (
  id int PRIMARY KEY,
  capacity int NOT NULL CHECK (capacity > 0),
  floor int NOT NULL,
  CONSTRAINT rooms_floor_range CHECK (floor BETWEEN -2 AND 40)
);
