ALTER TABLE rooms ADD CONSTRAINT rooms_capacity_max CHECK (capacity <= 500);
