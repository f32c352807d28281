ALTER TABLE rooms RENAME CONSTRAINT rooms_floor_range TO floor_in_building;
ALTER TABLE rooms DROP CONSTRAINT rooms_capacity_check;
