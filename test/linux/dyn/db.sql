-- SQL for linux/dyn/sqlite3: a file database, built and queried.
CREATE TABLE fruit(id INTEGER PRIMARY KEY, name TEXT, price REAL, kind TEXT);
INSERT INTO fruit(name, price, kind) VALUES ('apple', 1.25, 'pome'),
  ('pear', 2.5, 'pome'), ('cherry', 7.0, 'drupe'), ('plum', 3.75, 'drupe');
CREATE INDEX fruit_kind ON fruit(kind);
SELECT kind, count(*), printf('%.3f', avg(price)), group_concat(name, '+') FROM fruit GROUP BY kind ORDER BY kind;
UPDATE fruit SET price = price * 2 WHERE kind = 'pome';
SELECT id, upper(name), price FROM fruit WHERE price > 2 ORDER BY price DESC;
SELECT sum(length(name)), max(price), hex(zeroblob(2)), abs(-3), round(2.5) FROM fruit;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT group_concat(i * i) FROM n;
