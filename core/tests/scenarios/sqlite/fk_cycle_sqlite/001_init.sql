CREATE TABLE parents (id INTEGER PRIMARY KEY, favourite_child_id INTEGER REFERENCES children (id));
CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id));
