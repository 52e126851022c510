"""The journal's final schema, as every migration leaves it: GENERATED, do not edit.

Made by `python -m mentorlog.data.fresh_journal` from the migrations named in STEP_NAMES (regenerate
it after appending one); a new journal is made from it by `fresh_journal.create`.
"""

STEP_NAMES = (
    'm001_initial',
    'm002_goals_actions_wins',
    'm003_reviews',
    'm004_search',
    'm005_actions_done_on',
    'm006_sessions_minutes',
    'm007_history',
    'm008_mentorships_paused_on',
    'm009_sync',
    'm010_topics',
    'm011_done_moments',
    'm012_prospects',
    'm013_measures',
    'm014_checkin_time',
    'm015_review_key_and_views',
)

SCHEMA = (
    ('CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n   "name" '
     'TEXT,\n   "applied_at" TEXT\n)'),
    ('CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n    ON "_sqlite_migrations" '
     '("migration_set", "name")'),
    ('CREATE TABLE mentorships (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     "UNIQUE,\n            name TEXT NOT NULL,\n            role TEXT NOT NULL CHECK (role IN ('mentor', "
     "'mentee')),\n            kind TEXT NOT NULL DEFAULT 'traditional',\n            status TEXT NOT NULL DEFAULT "
     "'active' CHECK (status IN ('active', 'paused', 'ended')),\n            cadence_days INTEGER NOT NULL DEFAULT "
     '14,\n            review_every_days INTEGER NOT NULL DEFAULT 42,\n            since TEXT,\n            until '
     'TEXT,\n            ended_on TEXT,\n            end_note TEXT,\n            channel TEXT,\n            focus '
     'TEXT,\n            expectations TEXT,\n            boundaries TEXT,\n            created_at TEXT NOT NULL, '
     'updated_at TEXT NOT NULL, paused_on TEXT, resumed_on TEXT, checkin_time TEXT, checkin_minutes INTEGER)'),
    'CREATE UNIQUE INDEX mentorships_role_name ON mentorships (role, name COLLATE NOCASE)',
    ('CREATE TABLE sessions (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),\n            held_at TEXT '
     'NOT NULL,\n            duration_minutes INTEGER,\n            channel TEXT,\n            topics TEXT NOT NULL '
     "DEFAULT '[]',\n            notes TEXT,\n            private_notes TEXT,\n            takeaways TEXT NOT NULL "
     "DEFAULT '[]',\n            rating INTEGER CHECK (rating BETWEEN 1 AND 5),\n            created_at TEXT NOT "
     'NULL, updated_at TEXT NOT NULL)'),
    'CREATE INDEX sessions_held_at ON sessions (held_at)',
    ('CREATE TABLE goals (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL UNIQUE,\n            '
     'mentorship_id INTEGER REFERENCES mentorships (id),\n            title TEXT NOT NULL,\n            why '
     "TEXT,\n            category TEXT NOT NULL DEFAULT 'other',\n            target TEXT,\n            metric "
     'TEXT,\n            impact INTEGER NOT NULL DEFAULT 3 CHECK (impact BETWEEN 1 AND 5),\n            support '
     'INTEGER NOT NULL DEFAULT 3 CHECK (support BETWEEN 1 AND 5),\n            feasibility INTEGER NOT NULL DEFAULT '
     '3 CHECK (feasibility BETWEEN 1 AND 5),\n            progress INTEGER NOT NULL DEFAULT 0 CHECK (progress '
     "BETWEEN 0 AND 100),\n            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', "
     "'achieved', 'dropped', 'paused')),\n            status_note TEXT,\n            closed_on TEXT,\n            "
     'created_at TEXT NOT NULL, updated_at TEXT NOT NULL)'),
    'CREATE INDEX goals_mentorship_status ON goals (mentorship_id, status)',
    ('CREATE TABLE milestones (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            goal_id INTEGER NOT NULL REFERENCES goals (id),\n            title TEXT NOT '
     'NULL,\n            due TEXT,\n            done TEXT,\n            created_at TEXT NOT NULL, updated_at TEXT '
     'NOT NULL)'),
    'CREATE INDEX milestones_goal ON milestones (goal_id, due)',
    ('CREATE TABLE goal_updates (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            goal_id INTEGER NOT NULL REFERENCES goals (id),\n            date TEXT NOT '
     'NULL,\n            progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),\n            note '
     'TEXT,\n            created_at TEXT NOT NULL, updated_at TEXT NOT NULL)'),
    'CREATE INDEX goal_updates_goal_date ON goal_updates (goal_id, date)',
    ('CREATE TABLE wins (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL UNIQUE,\n            '
     'text TEXT NOT NULL,\n            date TEXT NOT NULL,\n            mentorship_id INTEGER REFERENCES '
     'mentorships (id),\n            goal_id INTEGER REFERENCES goals (id),\n            created_at TEXT NOT NULL, '
     'updated_at TEXT NOT NULL, at TEXT)'),
    'CREATE INDEX wins_mentorship_date ON wins (mentorship_id, date)',
    'CREATE INDEX wins_date ON wins (date)',
    ('CREATE TABLE reviews (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),\n            template TEXT '
     'NOT NULL,\n            kind TEXT NOT NULL,\n            held_at TEXT NOT NULL,\n            answers TEXT NOT '
     "NULL DEFAULT '{}',\n            created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"),
    'CREATE INDEX reviews_mentorship_held_at ON reviews (mentorship_id, held_at)',
    ('CREATE TABLE review_drafts (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),\n            template TEXT '
     "NOT NULL,\n            answers TEXT NOT NULL DEFAULT '{}',\n            created_at TEXT NOT NULL, updated_at "
     'TEXT NOT NULL)'),
    'CREATE UNIQUE INDEX review_drafts_mentorship ON review_drafts (mentorship_id)',
    ('CREATE VIRTUAL TABLE search_index USING fts5(\n            body, kind UNINDEXED, ref_id UNINDEXED, '
     "mentorship_id UNINDEXED, date UNINDEXED, private UNINDEXED,\n            tokenize = 'porter unicode61 "
     "remove_diacritics 2')"),
    ('CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN INSERT INTO search_index (rowid, body, '
     'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 1 AS key, trim(coalesce((SELECT group_concat(value, ', ') FROM json_each(CASE WHEN "
     "json_valid(NEW.topics) THEN NEW.topics ELSE '[]' END)), '') || char(10) || coalesce(NEW.notes, '') || "
     'char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(NEW.takeaways) '
     "THEN NEW.takeaways ELSE '[]' END)), ''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, "
     "NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != ''; "
     'INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, '
     'ref_id, mentorship_id, date, private FROM (SELECT NEW.id * 8 + 2 AS key, trim(coalesce(NEW.private_notes, '
     "''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
     "substr(NEW.held_at, 1, 10) AS date, 1 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN DELETE FROM search_index WHERE rowid = '
     'OLD.id * 8 + 1; DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2; END'),
    ('CREATE TRIGGER sessions_search_update AFTER UPDATE OF id, mentorship_id, topics, notes, takeaways, held_at, '
     'private_notes ON sessions BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1; DELETE FROM '
     'search_index WHERE rowid = OLD.id * 8 + 2; INSERT INTO search_index (rowid, body, kind, ref_id, '
     'mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT '
     "NEW.id * 8 + 1 AS key, trim(coalesce((SELECT group_concat(value, ', ') FROM json_each(CASE WHEN "
     "json_valid(NEW.topics) THEN NEW.topics ELSE '[]' END)), '') || char(10) || coalesce(NEW.notes, '') || "
     'char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(NEW.takeaways) '
     "THEN NEW.takeaways ELSE '[]' END)), ''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, "
     "NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 AS private) WHERE body != ''; "
     'INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, '
     'ref_id, mentorship_id, date, private FROM (SELECT NEW.id * 8 + 2 AS key, trim(coalesce(NEW.private_notes, '
     "''), char(10) || ' ') AS body, 'session' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
     "substr(NEW.held_at, 1, 10) AS date, 1 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER goals_search_insert AFTER INSERT ON goals BEGIN INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 3 AS key, trim(coalesce(NEW.title, '') || char(10) || coalesce(NEW.why, '') || char(10) "
     "|| coalesce(NEW.metric, ''), char(10) || ' ') AS body, 'goal' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS "
     "mentorship_id, substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER goals_search_delete AFTER DELETE ON goals BEGIN DELETE FROM search_index WHERE rowid = OLD.id '
     '* 8 + 3; END'),
    ('CREATE TRIGGER goals_search_update AFTER UPDATE OF id, mentorship_id, title, why, metric, created_at ON goals '
     'BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3; INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 3 AS key, trim(coalesce(NEW.title, '') || char(10) || coalesce(NEW.why, '') || char(10) "
     "|| coalesce(NEW.metric, ''), char(10) || ' ') AS body, 'goal' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS "
     "mentorship_id, substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER wins_search_insert AFTER INSERT ON wins BEGIN INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 5 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, 'win' AS kind, NEW.id "
     "AS ref_id, NEW.mentorship_id AS mentorship_id, NEW.date AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER wins_search_delete AFTER DELETE ON wins BEGIN DELETE FROM search_index WHERE rowid = OLD.id * '
     '8 + 5; END'),
    ('CREATE TRIGGER wins_search_update AFTER UPDATE OF id, mentorship_id, text, date ON wins BEGIN DELETE FROM '
     'search_index WHERE rowid = OLD.id * 8 + 5; INSERT INTO search_index (rowid, body, kind, ref_id, '
     'mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT '
     "NEW.id * 8 + 5 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, 'win' AS kind, NEW.id AS "
     "ref_id, NEW.mentorship_id AS mentorship_id, NEW.date AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER reviews_search_insert AFTER INSERT ON reviews BEGIN INSERT INTO search_index (rowid, body, '
     'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     '(SELECT NEW.id * 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN '
     "json_valid(NEW.answers) THEN NEW.answers ELSE '{}' END) WHERE type = 'text'), ''), char(10) || ' ') AS body, "
     "'review' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 "
     "AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER reviews_search_delete AFTER DELETE ON reviews BEGIN DELETE FROM search_index WHERE rowid = '
     'OLD.id * 8 + 6; END'),
    ('CREATE TRIGGER reviews_search_update AFTER UPDATE OF id, mentorship_id, answers, held_at ON reviews BEGIN '
     'DELETE FROM search_index WHERE rowid = OLD.id * 8 + 6; INSERT INTO search_index (rowid, body, kind, ref_id, '
     'mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT '
     'NEW.id * 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN '
     "json_valid(NEW.answers) THEN NEW.answers ELSE '{}' END) WHERE type = 'text'), ''), char(10) || ' ') AS body, "
     "'review' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.held_at, 1, 10) AS date, 0 "
     "AS private) WHERE body != ''; END"),
    'CREATE INDEX sessions_mentorship_held_at_minutes ON sessions (mentorship_id, held_at, duration_minutes)',
    ('CREATE TABLE change_groups (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            at TEXT NOT NULL,\n            command TEXT NOT NULL,\n            device TEXT NOT '
     'NULL,\n            undoes INTEGER REFERENCES change_groups (id),\n            open INTEGER NOT NULL DEFAULT 0)'),
    ('CREATE TABLE changes (\n            id INTEGER PRIMARY KEY,\n            group_id INTEGER NOT NULL REFERENCES '
     'change_groups (id),\n            tbl TEXT NOT NULL,\n            row_uid TEXT NOT NULL,\n            before '
     'TEXT,\n            after TEXT)'),
    'CREATE INDEX changes_group ON changes (group_id)',
    'CREATE INDEX changes_row ON changes (tbl, row_uid, group_id)',
    'CREATE INDEX change_groups_undoes ON change_groups (undoes)',
    'CREATE TABLE journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    ('CREATE TRIGGER sessions_history_insert AFTER INSERT ON sessions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'sessions', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, "
     "'mentorship_id', NEW.mentorship_id, 'held_at', NEW.held_at, 'duration_minutes', NEW.duration_minutes, "
     "'channel', NEW.channel, 'topics', NEW.topics, 'notes', NEW.notes, 'private_notes', NEW.private_notes, "
     "'takeaways', NEW.takeaways, 'rating', NEW.rating, 'created_at', NEW.created_at, 'updated_at', "
     'NEW.updated_at)); END'),
    ('CREATE TRIGGER sessions_history_update AFTER UPDATE ON sessions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'sessions', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'held_at', OLD.held_at, 'duration_minutes', OLD.duration_minutes, 'channel', OLD.channel, "
     "'topics', OLD.topics, 'notes', OLD.notes, 'private_notes', OLD.private_notes, 'takeaways', OLD.takeaways, "
     "'rating', OLD.rating, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, "
     "'uid', NEW.uid, 'mentorship_id', NEW.mentorship_id, 'held_at', NEW.held_at, 'duration_minutes', "
     "NEW.duration_minutes, 'channel', NEW.channel, 'topics', NEW.topics, 'notes', NEW.notes, 'private_notes', "
     "NEW.private_notes, 'takeaways', NEW.takeaways, 'rating', NEW.rating, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER sessions_history_delete AFTER DELETE ON sessions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'sessions', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'held_at', OLD.held_at, 'duration_minutes', OLD.duration_minutes, 'channel', OLD.channel, "
     "'topics', OLD.topics, 'notes', OLD.notes, 'private_notes', OLD.private_notes, 'takeaways', OLD.takeaways, "
     "'rating', OLD.rating, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER goals_history_insert AFTER INSERT ON goals WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'goals', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'mentorship_id', "
     "NEW.mentorship_id, 'title', NEW.title, 'why', NEW.why, 'category', NEW.category, 'target', NEW.target, "
     "'metric', NEW.metric, 'impact', NEW.impact, 'support', NEW.support, 'feasibility', NEW.feasibility, "
     "'progress', NEW.progress, 'status', NEW.status, 'status_note', NEW.status_note, 'closed_on', NEW.closed_on, "
     "'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER goals_history_update AFTER UPDATE ON goals WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'goals', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'title', OLD.title, 'why', OLD.why, 'category', OLD.category, 'target', OLD.target, "
     "'metric', OLD.metric, 'impact', OLD.impact, 'support', OLD.support, 'feasibility', OLD.feasibility, "
     "'progress', OLD.progress, 'status', OLD.status, 'status_note', OLD.status_note, 'closed_on', OLD.closed_on, "
     "'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid, "
     "'mentorship_id', NEW.mentorship_id, 'title', NEW.title, 'why', NEW.why, 'category', NEW.category, 'target', "
     "NEW.target, 'metric', NEW.metric, 'impact', NEW.impact, 'support', NEW.support, 'feasibility', "
     "NEW.feasibility, 'progress', NEW.progress, 'status', NEW.status, 'status_note', NEW.status_note, 'closed_on', "
     "NEW.closed_on, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER goals_history_delete AFTER DELETE ON goals WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'goals', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'title', OLD.title, 'why', OLD.why, 'category', OLD.category, 'target', OLD.target, "
     "'metric', OLD.metric, 'impact', OLD.impact, 'support', OLD.support, 'feasibility', OLD.feasibility, "
     "'progress', OLD.progress, 'status', OLD.status, 'status_note', OLD.status_note, 'closed_on', OLD.closed_on, "
     "'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER milestones_history_insert AFTER INSERT ON milestones WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'milestones', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, "
     "'goal_id', NEW.goal_id, 'title', NEW.title, 'due', NEW.due, 'done', NEW.done, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER milestones_history_update AFTER UPDATE ON milestones WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'milestones', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'goal_id', OLD.goal_id, 'title', OLD.title, 'due', OLD.due, 'done', OLD.done, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid, 'goal_id', NEW.goal_id, 'title', "
     "NEW.title, 'due', NEW.due, 'done', NEW.done, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER milestones_history_delete AFTER DELETE ON milestones WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'milestones', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'goal_id', OLD.goal_id, 'title', OLD.title, 'due', OLD.due, 'done', OLD.done, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER goal_updates_history_insert AFTER INSERT ON goal_updates WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'goal_updates', NEW.uid, NULL, json_object('id', NEW.id, 'uid', "
     "NEW.uid, 'goal_id', NEW.goal_id, 'date', NEW.date, 'progress', NEW.progress, 'note', NEW.note, 'created_at', "
     "NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER goal_updates_history_update AFTER UPDATE ON goal_updates WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'goal_updates', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'goal_id', OLD.goal_id, 'date', OLD.date, 'progress', OLD.progress, 'note', OLD.note, 'created_at', "
     "OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid, 'goal_id', "
     "NEW.goal_id, 'date', NEW.date, 'progress', NEW.progress, 'note', NEW.note, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER goal_updates_history_delete AFTER DELETE ON goal_updates WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'goal_updates', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'goal_id', OLD.goal_id, 'date', OLD.date, 'progress', OLD.progress, 'note', OLD.note, 'created_at', "
     "OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER reviews_history_insert AFTER INSERT ON reviews WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'reviews', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, "
     "'mentorship_id', NEW.mentorship_id, 'template', NEW.template, 'kind', NEW.kind, 'held_at', NEW.held_at, "
     "'answers', NEW.answers, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER reviews_history_update AFTER UPDATE ON reviews WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'reviews', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'template', OLD.template, 'kind', OLD.kind, 'held_at', OLD.held_at, 'answers', "
     "OLD.answers, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', "
     "NEW.uid, 'mentorship_id', NEW.mentorship_id, 'template', NEW.template, 'kind', NEW.kind, 'held_at', "
     "NEW.held_at, 'answers', NEW.answers, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER reviews_history_delete AFTER DELETE ON reviews WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'reviews', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'template', OLD.template, 'kind', OLD.kind, 'held_at', OLD.held_at, 'answers', "
     "OLD.answers, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    'CREATE TABLE sync_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    ('CREATE TABLE sync_devices (\n            device TEXT PRIMARY KEY,\n            name TEXT NOT '
     'NULL,\n            last_file INTEGER NOT NULL DEFAULT 0,\n            last_change_at TEXT,\n            '
     'applied_at TEXT)'),
    ('CREATE TABLE sync_rows (\n            tbl TEXT NOT NULL,\n            row_uid TEXT NOT NULL,\n            '
     'version TEXT NOT NULL,\n            base TEXT,\n            PRIMARY KEY (tbl, row_uid)) WITHOUT ROWID'),
    ('CREATE TABLE topics (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),\n            text TEXT NOT '
     "NULL,\n            added_at TEXT NOT NULL,\n            kind TEXT NOT NULL DEFAULT 'topic' CHECK (kind IN "
     "('topic', 'question', 'feedback-give', 'feedback-ask')),\n            private INTEGER NOT NULL DEFAULT 0 "
     "CHECK (private IN (0, 1)),\n            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', "
     "'dropped')),\n            closed_at TEXT,\n            note TEXT,\n            session_id INTEGER REFERENCES "
     'sessions (id) ON DELETE SET NULL,\n            created_at TEXT NOT NULL, updated_at TEXT NOT NULL)'),
    'CREATE INDEX topics_mentorship_status_added ON topics (mentorship_id, status, added_at)',
    'CREATE INDEX topics_session ON topics (session_id)',
    ('CREATE TRIGGER topics_history_insert AFTER INSERT ON topics WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'topics', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'mentorship_id', "
     "NEW.mentorship_id, 'text', NEW.text, 'added_at', NEW.added_at, 'kind', NEW.kind, 'private', NEW.private, "
     "'status', NEW.status, 'closed_at', NEW.closed_at, 'note', NEW.note, 'session_id', NEW.session_id, "
     "'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER topics_history_update AFTER UPDATE ON topics WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'topics', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'text', OLD.text, 'added_at', OLD.added_at, 'kind', OLD.kind, 'private', OLD.private, "
     "'status', OLD.status, 'closed_at', OLD.closed_at, 'note', OLD.note, 'session_id', OLD.session_id, "
     "'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid, "
     "'mentorship_id', NEW.mentorship_id, 'text', NEW.text, 'added_at', NEW.added_at, 'kind', NEW.kind, 'private', "
     "NEW.private, 'status', NEW.status, 'closed_at', NEW.closed_at, 'note', NEW.note, 'session_id', "
     "NEW.session_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER topics_history_delete AFTER DELETE ON topics WHEN (SELECT open FROM change_groups ORDER BY id '
     'DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) '
     "FROM change_groups), 'topics', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'text', OLD.text, 'added_at', OLD.added_at, 'kind', OLD.kind, 'private', OLD.private, "
     "'status', OLD.status, 'closed_at', OLD.closed_at, 'note', OLD.note, 'session_id', OLD.session_id, "
     "'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER topics_search_insert AFTER INSERT ON topics BEGIN INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 7 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, 'topic' AS kind, NEW.id "
     'AS ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.added_at, 1, 10) AS date, NEW.private AS private) '
     "WHERE body != ''; END"),
    ('CREATE TRIGGER topics_search_delete AFTER DELETE ON topics BEGIN DELETE FROM search_index WHERE rowid = '
     'OLD.id * 8 + 7; END'),
    ('CREATE TRIGGER topics_search_update AFTER UPDATE OF id, mentorship_id, text, added_at, private ON topics '
     'BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 7; INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 7 AS key, trim(coalesce(NEW.text, ''), char(10) || ' ') AS body, 'topic' AS kind, NEW.id "
     'AS ref_id, NEW.mentorship_id AS mentorship_id, substr(NEW.added_at, 1, 10) AS date, NEW.private AS private) '
     "WHERE body != ''; END"),
    ('CREATE TRIGGER wins_history_insert AFTER INSERT ON wins WHEN (SELECT open FROM change_groups ORDER BY id DESC '
     'LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) FROM '
     "change_groups), 'wins', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'text', NEW.text, 'date', "
     "NEW.date, 'mentorship_id', NEW.mentorship_id, 'goal_id', NEW.goal_id, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at, 'at', NEW.at)); END"),
    ('CREATE TRIGGER wins_history_update AFTER UPDATE ON wins WHEN (SELECT open FROM change_groups ORDER BY id DESC '
     'LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) FROM '
     "change_groups), 'wins', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'text', OLD.text, 'date', "
     "OLD.date, 'mentorship_id', OLD.mentorship_id, 'goal_id', OLD.goal_id, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at, 'at', OLD.at), json_object('id', NEW.id, 'uid', NEW.uid, 'text', NEW.text, "
     "'date', NEW.date, 'mentorship_id', NEW.mentorship_id, 'goal_id', NEW.goal_id, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at, 'at', NEW.at)); END"),
    ('CREATE TRIGGER wins_history_delete AFTER DELETE ON wins WHEN (SELECT open FROM change_groups ORDER BY id DESC '
     'LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) FROM '
     "change_groups), 'wins', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'text', OLD.text, 'date', "
     "OLD.date, 'mentorship_id', OLD.mentorship_id, 'goal_id', OLD.goal_id, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at, 'at', OLD.at), NULL); END"),
    ('CREATE TABLE prospects (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            name TEXT NOT NULL,\n            expertise TEXT,\n            why TEXT,\n            '
     'goal_id INTEGER REFERENCES goals (id),\n            how_met TEXT,\n            status TEXT NOT NULL DEFAULT '
     "'idea' CHECK (status IN ('idea', 'contacted', 'declined', 'accepted')),\n            contacted_on "
     'TEXT,\n            follow_up TEXT,\n            decided_on TEXT,\n            mentorship_id INTEGER '
     'REFERENCES mentorships (id),\n            note TEXT,\n            created_at TEXT NOT NULL, updated_at TEXT '
     'NOT NULL)'),
    'CREATE INDEX prospects_status_follow_up ON prospects (status, follow_up)',
    ('CREATE TRIGGER prospects_history_insert AFTER INSERT ON prospects WHEN (SELECT open FROM change_groups ORDER '
     'BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'prospects', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'name', "
     "NEW.name, 'expertise', NEW.expertise, 'why', NEW.why, 'goal_id', NEW.goal_id, 'how_met', NEW.how_met, "
     "'status', NEW.status, 'contacted_on', NEW.contacted_on, 'follow_up', NEW.follow_up, 'decided_on', "
     "NEW.decided_on, 'mentorship_id', NEW.mentorship_id, 'note', NEW.note, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER prospects_history_update AFTER UPDATE ON prospects WHEN (SELECT open FROM change_groups ORDER '
     'BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'prospects', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'name', "
     "OLD.name, 'expertise', OLD.expertise, 'why', OLD.why, 'goal_id', OLD.goal_id, 'how_met', OLD.how_met, "
     "'status', OLD.status, 'contacted_on', OLD.contacted_on, 'follow_up', OLD.follow_up, 'decided_on', "
     "OLD.decided_on, 'mentorship_id', OLD.mentorship_id, 'note', OLD.note, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid, 'name', NEW.name, 'expertise', "
     "NEW.expertise, 'why', NEW.why, 'goal_id', NEW.goal_id, 'how_met', NEW.how_met, 'status', NEW.status, "
     "'contacted_on', NEW.contacted_on, 'follow_up', NEW.follow_up, 'decided_on', NEW.decided_on, 'mentorship_id', "
     "NEW.mentorship_id, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER prospects_history_delete AFTER DELETE ON prospects WHEN (SELECT open FROM change_groups ORDER '
     'BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'prospects', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'name', "
     "OLD.name, 'expertise', OLD.expertise, 'why', OLD.why, 'goal_id', OLD.goal_id, 'how_met', OLD.how_met, "
     "'status', OLD.status, 'contacted_on', OLD.contacted_on, 'follow_up', OLD.follow_up, 'decided_on', "
     "OLD.decided_on, 'mentorship_id', OLD.mentorship_id, 'note', OLD.note, 'created_at', OLD.created_at, "
     "'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER prospects_search_insert AFTER INSERT ON prospects BEGIN INSERT INTO search_index (rowid, body, '
     'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 0 AS key, trim(coalesce(NEW.name, '') || char(10) || coalesce(NEW.expertise, '') || "
     "char(10) || coalesce(NEW.why, '') || char(10) || coalesce(NEW.how_met, '') || char(10) || coalesce(NEW.note, "
     "''), char(10) || ' ') AS body, 'prospect' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
     "substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER prospects_search_delete AFTER DELETE ON prospects BEGIN DELETE FROM search_index WHERE rowid = '
     'OLD.id * 8 + 0; END'),
    ('CREATE TRIGGER prospects_search_update AFTER UPDATE OF id, mentorship_id, name, expertise, why, how_met, '
     'note, created_at ON prospects BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 0; INSERT INTO '
     'search_index (rowid, body, kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, '
     "mentorship_id, date, private FROM (SELECT NEW.id * 8 + 0 AS key, trim(coalesce(NEW.name, '') || char(10) || "
     "coalesce(NEW.expertise, '') || char(10) || coalesce(NEW.why, '') || char(10) || coalesce(NEW.how_met, '') || "
     "char(10) || coalesce(NEW.note, ''), char(10) || ' ') AS body, 'prospect' AS kind, NEW.id AS ref_id, "
     "NEW.mentorship_id AS mentorship_id, substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TABLE measures (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            name TEXT NOT NULL,\n            value INTEGER NOT NULL CHECK (value BETWEEN 1 AND '
     '5),\n            date TEXT NOT NULL,\n            mentorship_id INTEGER REFERENCES mentorships '
     '(id),\n            review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,\n            note '
     'TEXT,\n            created_at TEXT NOT NULL, updated_at TEXT NOT NULL)'),
    'CREATE INDEX measures_name_date ON measures (name, date)',
    'CREATE INDEX measures_mentorship_name_date ON measures (mentorship_id, name, date)',
    ('CREATE TRIGGER measures_history_insert AFTER INSERT ON measures WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'measures', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'name', "
     "NEW.name, 'value', NEW.value, 'date', NEW.date, 'mentorship_id', NEW.mentorship_id, 'review_id', "
     "NEW.review_id, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); END"),
    ('CREATE TRIGGER measures_history_update AFTER UPDATE ON measures WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'measures', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'name', OLD.name, "
     "'value', OLD.value, 'date', OLD.date, 'mentorship_id', OLD.mentorship_id, 'review_id', OLD.review_id, 'note', "
     "OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', "
     "NEW.uid, 'name', NEW.name, 'value', NEW.value, 'date', NEW.date, 'mentorship_id', NEW.mentorship_id, "
     "'review_id', NEW.review_id, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)); "
     'END'),
    ('CREATE TRIGGER measures_history_delete AFTER DELETE ON measures WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'measures', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'name', OLD.name, "
     "'value', OLD.value, 'date', OLD.date, 'mentorship_id', OLD.mentorship_id, 'review_id', OLD.review_id, 'note', "
     "OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL); END"),
    ('CREATE TRIGGER mentorships_history_insert AFTER INSERT ON mentorships WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'mentorships', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, "
     "'name', NEW.name, 'role', NEW.role, 'kind', NEW.kind, 'status', NEW.status, 'cadence_days', NEW.cadence_days, "
     "'review_every_days', NEW.review_every_days, 'since', NEW.since, 'until', NEW.until, 'ended_on', NEW.ended_on, "
     "'end_note', NEW.end_note, 'channel', NEW.channel, 'focus', NEW.focus, 'expectations', NEW.expectations, "
     "'boundaries', NEW.boundaries, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'paused_on', "
     "NEW.paused_on, 'resumed_on', NEW.resumed_on, 'checkin_time', NEW.checkin_time, 'checkin_minutes', "
     'NEW.checkin_minutes)); END'),
    ('CREATE TRIGGER mentorships_history_update AFTER UPDATE ON mentorships WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'mentorships', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'name', OLD.name, 'role', OLD.role, 'kind', OLD.kind, 'status', OLD.status, 'cadence_days', OLD.cadence_days, "
     "'review_every_days', OLD.review_every_days, 'since', OLD.since, 'until', OLD.until, 'ended_on', OLD.ended_on, "
     "'end_note', OLD.end_note, 'channel', OLD.channel, 'focus', OLD.focus, 'expectations', OLD.expectations, "
     "'boundaries', OLD.boundaries, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'paused_on', "
     "OLD.paused_on, 'resumed_on', OLD.resumed_on, 'checkin_time', OLD.checkin_time, 'checkin_minutes', "
     "OLD.checkin_minutes), json_object('id', NEW.id, 'uid', NEW.uid, 'name', NEW.name, 'role', NEW.role, 'kind', "
     "NEW.kind, 'status', NEW.status, 'cadence_days', NEW.cadence_days, 'review_every_days', NEW.review_every_days, "
     "'since', NEW.since, 'until', NEW.until, 'ended_on', NEW.ended_on, 'end_note', NEW.end_note, 'channel', "
     "NEW.channel, 'focus', NEW.focus, 'expectations', NEW.expectations, 'boundaries', NEW.boundaries, "
     "'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'paused_on', NEW.paused_on, 'resumed_on', "
     "NEW.resumed_on, 'checkin_time', NEW.checkin_time, 'checkin_minutes', NEW.checkin_minutes)); END"),
    ('CREATE TRIGGER mentorships_history_delete AFTER DELETE ON mentorships WHEN (SELECT open FROM change_groups '
     'ORDER BY id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES '
     "((SELECT MAX(id) FROM change_groups), 'mentorships', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, "
     "'name', OLD.name, 'role', OLD.role, 'kind', OLD.kind, 'status', OLD.status, 'cadence_days', OLD.cadence_days, "
     "'review_every_days', OLD.review_every_days, 'since', OLD.since, 'until', OLD.until, 'ended_on', OLD.ended_on, "
     "'end_note', OLD.end_note, 'channel', OLD.channel, 'focus', OLD.focus, 'expectations', OLD.expectations, "
     "'boundaries', OLD.boundaries, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'paused_on', "
     "OLD.paused_on, 'resumed_on', OLD.resumed_on, 'checkin_time', OLD.checkin_time, 'checkin_minutes', "
     'OLD.checkin_minutes), NULL); END'),
    ('CREATE TABLE "actions" (\n            id INTEGER PRIMARY KEY,\n            uid TEXT NOT NULL '
     'UNIQUE,\n            mentorship_id INTEGER REFERENCES mentorships (id),\n            text TEXT NOT '
     "NULL,\n            owner TEXT NOT NULL DEFAULT 'me' CHECK (owner IN ('me', 'them')),\n            due "
     "TEXT,\n            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', "
     "'skipped')),\n            done_on TEXT,\n            reason TEXT,\n            goal_id INTEGER REFERENCES "
     'goals (id),\n            session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,\n            '
     'review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,\n            created_at TEXT NOT NULL, '
     'updated_at TEXT NOT NULL,\n            done_at TEXT)'),
    'CREATE INDEX actions_status_due ON actions (status, due)',
    'CREATE INDEX actions_mentorship_status ON actions (mentorship_id, status, due)',
    'CREATE INDEX actions_session ON actions (session_id)',
    'CREATE INDEX actions_goal ON actions (goal_id)',
    ('CREATE TRIGGER actions_search_insert AFTER INSERT ON actions BEGIN INSERT INTO search_index (rowid, body, '
     'kind, ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 4 AS key, trim(coalesce(NEW.text, '') || char(10) || coalesce(NEW.reason, ''), char(10) "
     "|| ' ') AS body, 'action' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
     "substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    ('CREATE TRIGGER actions_search_delete AFTER DELETE ON actions BEGIN DELETE FROM search_index WHERE rowid = '
     'OLD.id * 8 + 4; END'),
    ('CREATE TRIGGER actions_search_update AFTER UPDATE OF id, mentorship_id, text, reason, created_at ON actions '
     'BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 4; INSERT INTO search_index (rowid, body, kind, '
     'ref_id, mentorship_id, date, private) SELECT key, body, kind, ref_id, mentorship_id, date, private FROM '
     "(SELECT NEW.id * 8 + 4 AS key, trim(coalesce(NEW.text, '') || char(10) || coalesce(NEW.reason, ''), char(10) "
     "|| ' ') AS body, 'action' AS kind, NEW.id AS ref_id, NEW.mentorship_id AS mentorship_id, "
     "substr(NEW.created_at, 1, 10) AS date, 0 AS private) WHERE body != ''; END"),
    'CREATE INDEX actions_mentorship_done_on ON actions (mentorship_id, done_on)',
    ('CREATE TRIGGER actions_history_insert AFTER INSERT ON actions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'actions', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, "
     "'mentorship_id', NEW.mentorship_id, 'text', NEW.text, 'owner', NEW.owner, 'due', NEW.due, 'status', "
     "NEW.status, 'done_on', NEW.done_on, 'reason', NEW.reason, 'goal_id', NEW.goal_id, 'session_id', "
     "NEW.session_id, 'review_id', NEW.review_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, "
     "'done_at', NEW.done_at)); END"),
    ('CREATE TRIGGER actions_history_update AFTER UPDATE ON actions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'actions', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'text', OLD.text, 'owner', OLD.owner, 'due', OLD.due, 'status', OLD.status, 'done_on', "
     "OLD.done_on, 'reason', OLD.reason, 'goal_id', OLD.goal_id, 'session_id', OLD.session_id, 'review_id', "
     "OLD.review_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'done_at', OLD.done_at), "
     "json_object('id', NEW.id, 'uid', NEW.uid, 'mentorship_id', NEW.mentorship_id, 'text', NEW.text, 'owner', "
     "NEW.owner, 'due', NEW.due, 'status', NEW.status, 'done_on', NEW.done_on, 'reason', NEW.reason, 'goal_id', "
     "NEW.goal_id, 'session_id', NEW.session_id, 'review_id', NEW.review_id, 'created_at', NEW.created_at, "
     "'updated_at', NEW.updated_at, 'done_at', NEW.done_at)); END"),
    ('CREATE TRIGGER actions_history_delete AFTER DELETE ON actions WHEN (SELECT open FROM change_groups ORDER BY '
     'id DESC LIMIT 1) = 1 BEGIN INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT '
     "MAX(id) FROM change_groups), 'actions', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'mentorship_id', "
     "OLD.mentorship_id, 'text', OLD.text, 'owner', OLD.owner, 'due', OLD.due, 'status', OLD.status, 'done_on', "
     "OLD.done_on, 'reason', OLD.reason, 'goal_id', OLD.goal_id, 'session_id', OLD.session_id, 'review_id', "
     "OLD.review_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'done_at', OLD.done_at), NULL); END"),
    'CREATE INDEX actions_review ON actions (review_id)',
    ('CREATE VIEW search_source AS SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT t.id * '
     "8 + 1 AS key, trim(coalesce((SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(t.topics) "
     "THEN t.topics ELSE '[]' END)), '') || char(10) || coalesce(t.notes, '') || char(10) || coalesce((SELECT "
     "group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid(t.takeaways) THEN t.takeaways ELSE '[]' "
     "END)), ''), char(10) || ' ') AS body, 'session' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, "
     "substr(t.held_at, 1, 10) AS date, 0 AS private FROM sessions t) WHERE body != '' UNION ALL SELECT key, body, "
     'kind, ref_id, mentorship_id, date, private FROM (SELECT t.id * 8 + 2 AS key, trim(coalesce(t.private_notes, '
     "''), char(10) || ' ') AS body, 'session' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, "
     "substr(t.held_at, 1, 10) AS date, 1 AS private FROM sessions t) WHERE body != '' UNION ALL SELECT key, body, "
     "kind, ref_id, mentorship_id, date, private FROM (SELECT t.id * 8 + 3 AS key, trim(coalesce(t.title, '') || "
     "char(10) || coalesce(t.why, '') || char(10) || coalesce(t.metric, ''), char(10) || ' ') AS body, 'goal' AS "
     'kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.created_at, 1, 10) AS date, 0 AS private '
     "FROM goals t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, private FROM "
     "(SELECT t.id * 8 + 4 AS key, trim(coalesce(t.text, '') || char(10) || coalesce(t.reason, ''), char(10) || ' "
     "') AS body, 'action' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.created_at, 1, 10) "
     "AS date, 0 AS private FROM actions t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, "
     "mentorship_id, date, private FROM (SELECT t.id * 8 + 5 AS key, trim(coalesce(t.text, ''), char(10) || ' ') AS "
     "body, 'win' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, t.date AS date, 0 AS private FROM wins "
     "t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT t.id "
     '* 8 + 6 AS key, trim(coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN '
     "json_valid(t.answers) THEN t.answers ELSE '{}' END) WHERE type = 'text'), ''), char(10) || ' ') AS body, "
     "'review' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.held_at, 1, 10) AS date, 0 AS "
     "private FROM reviews t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, "
     "private FROM (SELECT t.id * 8 + 7 AS key, trim(coalesce(t.text, ''), char(10) || ' ') AS body, 'topic' AS "
     'kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, substr(t.added_at, 1, 10) AS date, t.private AS '
     "private FROM topics t) WHERE body != '' UNION ALL SELECT key, body, kind, ref_id, mentorship_id, date, "
     "private FROM (SELECT t.id * 8 + 0 AS key, trim(coalesce(t.name, '') || char(10) || coalesce(t.expertise, '') "
     "|| char(10) || coalesce(t.why, '') || char(10) || coalesce(t.how_met, '') || char(10) || coalesce(t.note, "
     "''), char(10) || ' ') AS body, 'prospect' AS kind, t.id AS ref_id, t.mentorship_id AS mentorship_id, "
     "substr(t.created_at, 1, 10) AS date, 0 AS private FROM prospects t) WHERE body != ''"),
    ('CREATE VIEW open_actions AS SELECT a.id AS action_id, a.text AS action, a.owner AS owner,\n        m.name AS '
     'person, m.role AS role, a.due AS due, g.title AS goal, a.session_id AS from_session, a.review_id AS '
     'from_review,\n        substr(a.created_at, 1, 10) AS added_on\n        FROM actions a LEFT JOIN mentorships m '
     "ON m.id = a.mentorship_id LEFT JOIN goals g ON g.id = a.goal_id\n        WHERE a.status = 'open' ORDER BY "
     'a.due IS NULL, a.due, a.id'),
    ('CREATE VIEW sessions_with_people AS SELECT s.id AS session_id, m.name AS person, m.role AS role,\n        '
     'substr(s.held_at, 1, 10) AS date, substr(s.held_at, 12, 5) AS time, s.duration_minutes AS minutes,\n        '
     's.channel AS channel, s.rating AS rating, s.topics AS topics, s.takeaways AS takeaways, s.notes AS '
     'notes\n        FROM sessions s JOIN mentorships m ON m.id = s.mentorship_id ORDER BY s.held_at, s.id'),
    ('CREATE VIEW goal_progress AS SELECT g.id AS goal_id, g.title AS goal, m.name AS person, m.role AS '
     'role,\n        g.category AS category, g.status AS status, g.progress AS progress_percent,\n        g.impact '
     '* g.support * g.feasibility AS weight, g.target AS target_date,\n        (SELECT COUNT(*) FROM milestones ms '
     'WHERE ms.goal_id = g.id AND ms.done IS NOT NULL) AS milestones_done,\n        (SELECT COUNT(*) FROM '
     'milestones ms WHERE ms.goal_id = g.id) AS milestones,\n        (SELECT ms.title FROM milestones ms WHERE '
     'ms.goal_id = g.id AND ms.done IS NULL\n         ORDER BY ms.due IS NULL, ms.due, ms.id LIMIT 1) AS '
     'next_milestone,\n        (SELECT ms.due FROM milestones ms WHERE ms.goal_id = g.id AND ms.done IS '
     'NULL\n         ORDER BY ms.due IS NULL, ms.due, ms.id LIMIT 1) AS next_milestone_due,\n        (SELECT '
     'substr(MAX(u.date), 1, 10) FROM goal_updates u WHERE u.goal_id = g.id) AS last_update\n        FROM goals g '
     'LEFT JOIN mentorships m ON m.id = g.mentorship_id'),
)

ROWS = (
    ('INSERT INTO "journal_meta" ("key", "value") VALUES (?, lower(hex(randomblob(16))))', ('device_id',)),
)
