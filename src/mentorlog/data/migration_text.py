"""The SQL of shipped migrations, frozen as text: what they did is never changed by later code.

m004 first built these from `SEARCH_SOURCES`; they are written out here exactly as it built them
then, so editing search can no longer change what an old migration does.
"""

M004_SEARCH = (
    (
        'CREATE VIRTUAL TABLE search_index USING fts5(\n            body, kind UNINDEXED, ref_id UNINDEXED, '
        "mentorship_id UNINDEXED, date UNINDEXED, private UNINDEXED,\n            tokenize = 'porter "
        "unicode61 remove_diacritics 2')"
    ),
    (
        'CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN INSERT INTO search_index '
        '(rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, '
        'mentorship_id, date, private FROM (SELECT NEW.id * 8 + 1 AS key, trim(coalesce((SELECT '
        "group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(NEW.topics) THEN NEW.topics ELSE '[]' "
        "END)), '') || char(10) || coalesce(NEW.notes, '') || char(10) || coalesce((SELECT "
        'group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(NEW.takeaways) THEN NEW.takeaways '
        "ELSE '[]' END)), ''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, "
        'NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != '
        "''; INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, "
        'body, kind, ref_id, mentorship_id, date, private FROM (SELECT NEW.id * 8 + 2 AS key, '
        "trim(coalesce(NEW.private_notes, ''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS "
        'ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 1 AS private) WHERE '
        "body != ''; END"
    ),
    (
        'CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN DELETE FROM search_index WHERE '
        'rowid = OLD.id * 8 + 1; DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2; END'
    ),
    (
        'CREATE TRIGGER sessions_search_update AFTER UPDATE OF id, mentorship_id, topics, notes, takeaways, '
        'held_at, private_notes ON sessions BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1; '
        'DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2; INSERT INTO search_index (rowid, body, kind, '
        'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private '
        "FROM (SELECT NEW.id * 8 + 1 AS key, trim(coalesce((SELECT group_concat(value, ', ') FROM "
        "json_each(CASE WHEN json_valid(NEW.topics) THEN NEW.topics ELSE '[]' END)), '') || char(10) || "
        "coalesce(NEW.notes, '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM "
        "json_each(CASE WHEN json_valid(NEW.takeaways) THEN NEW.takeaways ELSE '[]' END)), ''), char(10) || "
        "' ') AS body, 'session' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
        "substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != ''; INSERT INTO search_index "
        '(rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, '
        'mentorship_id, date, private FROM (SELECT NEW.id * 8 + 2 AS key, trim(coalesce(NEW.private_notes, '
        "''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS "
        "mentorship_id, substr(NEW.held_at, 1, 10) AS date, 1 AS private) WHERE body != ''; END"
    ),
    (
        'CREATE TRIGGER goals_search_insert AFTER INSERT ON goals BEGIN INSERT INTO search_index (rowid, '
        'body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, '
        "date, private FROM (SELECT NEW.id * 8 + 3 AS key, trim(coalesce(NEW.title, '') || char(10) || "
        "coalesce(NEW.why, '') || char(10) || coalesce(NEW.metric, ''), char(10) || ' ') AS body, 'goal' AS "
        'kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.created_at, 1, 10) AS date, '
        "0 AS private) WHERE body != ''; END"
    ),
    (
        'CREATE TRIGGER goals_search_delete AFTER DELETE ON goals BEGIN DELETE FROM search_index WHERE rowid '
        '= OLD.id * 8 + 3; END'
    ),
    (
        'CREATE TRIGGER goals_search_update AFTER UPDATE OF id, mentorship_id, title, why, metric, '
        'created_at ON goals BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3; INSERT INTO '
        'search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, '
        'ref_id, mentorship_id, date, private FROM (SELECT NEW.id * 8 + 3 AS key, trim(coalesce(NEW.title, '
        "'') || char(10) || coalesce(NEW.why, '') || char(10) || coalesce(NEW.metric, ''), char(10) || ' ') "
        "AS body, 'goal' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
        "substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"
    ),
    (
        'CREATE TRIGGER actions_search_insert AFTER INSERT ON actions BEGIN INSERT INTO search_index (rowid, '
        'body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, '
        "date, private FROM (SELECT NEW.id * 8 + 4 AS key, trim(coalesce(NEW.text, '') || char(10) || "
        "coalesce(NEW.reason, ''), char(10) || ' ') AS body, 'action' AS kind, NEW.id AS ref_id, "
        'NEW.mentorship_id AS mentorship_id, substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body '
        "!= ''; END"
    ),
    (
        'CREATE TRIGGER actions_search_delete AFTER DELETE ON actions BEGIN DELETE FROM search_index WHERE '
        'rowid = OLD.id * 8 + 4; END'
    ),
    (
        'CREATE TRIGGER actions_search_update AFTER UPDATE OF id, mentorship_id, text, reason, created_at ON '
        'actions BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 4; INSERT INTO search_index '
        '(rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, '
        "mentorship_id, date, private FROM (SELECT NEW.id * 8 + 4 AS key, trim(coalesce(NEW.text, '') || "
        "char(10) || coalesce(NEW.reason, ''), char(10) || ' ') AS body, 'action' AS kind, NEW.id AS ref_id, "
        'NEW.mentorship_id AS mentorship_id, substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body '
        "!= ''; END"
    ),
    (
        'CREATE TRIGGER wins_search_insert AFTER INSERT ON wins BEGIN INSERT INTO search_index (rowid, body, '
        'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, '
        "private FROM (SELECT NEW.id * 8 + 5 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, "
        "'win' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, NEW.date AS date, 0 AS "
        "private) WHERE body != ''; END"
    ),
    (
        'CREATE TRIGGER wins_search_delete AFTER DELETE ON wins BEGIN DELETE FROM search_index WHERE rowid = '
        'OLD.id * 8 + 5; END'
    ),
    (
        'CREATE TRIGGER wins_search_update AFTER UPDATE OF id, mentorship_id, text, date ON wins BEGIN '
        'DELETE FROM search_index WHERE rowid = OLD.id * 8 + 5; INSERT INTO search_index (rowid, body, kind, '
        'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private '
        "FROM (SELECT NEW.id * 8 + 5 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, 'win' AS "
        'kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, NEW.date AS date, 0 AS private) WHERE '
        "body != ''; END"
    ),
    (
        'CREATE TRIGGER reviews_search_insert AFTER INSERT ON reviews BEGIN INSERT INTO search_index (rowid, '
        'body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, '
        'date, private FROM (SELECT NEW.id * 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, '
        "char(10)) FROM json_tree(CASE WHEN json_valid(NEW.answers) THEN NEW.answers ELSE '{}' END) WHERE "
        "type = 'text'), ''), char(10) || ' ') AS body, 'review' AS kind, NEW.id AS ref_id, "
        'NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != '
        "''; END"
    ),
    (
        'CREATE TRIGGER reviews_search_delete AFTER DELETE ON reviews BEGIN DELETE FROM search_index WHERE '
        'rowid = OLD.id * 8 + 6; END'
    ),
    (
        'CREATE TRIGGER reviews_search_update AFTER UPDATE OF id, mentorship_id, answers, held_at ON reviews '
        'BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 6; INSERT INTO search_index (rowid, body, '
        'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, '
        'private FROM (SELECT NEW.id * 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, char(10)) '
        "FROM json_tree(CASE WHEN json_valid(NEW.answers) THEN NEW.answers ELSE '{}' END) WHERE type = "
        "'text'), ''), char(10) || ' ') AS body, 'review' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS "
        "mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"
    ),
    (
        'CREATE VIEW search_source AS SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
        "(SELECT t.id * 8 + 1 AS key, trim(coalesce((SELECT group_concat(value, ', ') FROM json_each(CASE "
        "WHEN json_valid(t.topics) THEN t.topics ELSE '[]' END)), '') || char(10) || coalesce(t.notes, '') "
        '|| char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN '
        "json_valid(t.takeaways) THEN t.takeaways ELSE '[]' END)), ''), char(10) || ' ') AS body, 'session' "
        'AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.held_at, 1, 10) AS date, 0 AS '
        "private FROM sessions t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, "
        "date, private FROM (SELECT t.id * 8 + 2 AS key, trim(coalesce(t.private_notes, ''), char(10) || ' "
        "') AS body, 'session' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.held_at, "
        "1, 10) AS date, 1 AS private FROM sessions t) WHERE body != '' UNION ALL SELECT key, body, kind, "
        "ref_id, mentorship_id, date, private FROM (SELECT t.id * 8 + 3 AS key, trim(coalesce(t.title, '') "
        "|| char(10) || coalesce(t.why, '') || char(10) || coalesce(t.metric, ''), char(10) || ' ') AS body, "
        "'goal' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.created_at, 1, 10) AS "
        "date, 0 AS private FROM goals t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, "
        "mentorship_id, date, private FROM (SELECT t.id * 8 + 4 AS key, trim(coalesce(t.text, '') || "
        "char(10) || coalesce(t.reason, ''), char(10) || ' ') AS body, 'action' AS kind, t.id AS ref_id, "
        't.mentorship_id AS mentorship_id, substr(t.created_at, 1, 10) AS date, 0 AS private FROM actions t) '
        "WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, private FROM "
        "(SELECT t.id * 8 + 5 AS key, trim(coalesce(t.text, ''), char(10) || ' ') AS body, 'win' AS kind, "
        't.id AS ref_id, t.mentorship_id AS mentorship_id, t.date AS date, 0 AS private FROM wins t) WHERE '
        "body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT t.id "
        '* 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN '
        "json_valid(t.answers) THEN t.answers ELSE '{}' END) WHERE type = 'text'), ''), char(10) || ' ') AS "
        "body, 'review' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.held_at, 1, 10) "
        "AS date, 0 AS private FROM reviews t) WHERE body != ''"
    ),
    (
        'INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT * FROM '
        'search_source'
    ),
)
