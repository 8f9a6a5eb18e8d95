-- GET /api/v1/operations/{id}: the row by primary key (Hibernate's findById), a random existing id
\set n random(1, 1000)
SELECT o.* FROM operation o WHERE o.id = (SELECT id FROM scale_probe WHERE n = :n);
