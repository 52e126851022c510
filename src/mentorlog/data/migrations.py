"""The journal's schema, as sqlite-utils migrations `m001_…`: only ever append a new one.

The step functions are plain so that `STEP_NAMES` can be read without importing sqlite-utils;
`migrations()` registers them with `sqlite_utils.Migrations("mentorlog")` when a journal needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "mentorlog"
STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


def _run(db: Database, *statements: str) -> None:
    for statement in statements:
        db.execute(statement)


def m001_initial(db: Database) -> None:
    _run(
        db,
        f"""CREATE TABLE mentorships (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
            kind TEXT NOT NULL DEFAULT 'traditional',
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
            cadence_days INTEGER NOT NULL DEFAULT 14,
            review_every_days INTEGER NOT NULL DEFAULT 42,
            since TEXT,
            until TEXT,
            ended_on TEXT,
            end_note TEXT,
            channel TEXT,
            focus TEXT,
            expectations TEXT,
            boundaries TEXT,
            {STAMPS})""",
        "CREATE UNIQUE INDEX mentorships_role_name ON mentorships (role, name COLLATE NOCASE)",
        f"""CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),
            held_at TEXT NOT NULL,
            duration_minutes INTEGER,
            channel TEXT,
            topics TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            private_notes TEXT,
            takeaways TEXT NOT NULL DEFAULT '[]',
            rating INTEGER CHECK (rating BETWEEN 1 AND 5),
            {STAMPS})""",
        "CREATE INDEX sessions_mentorship_held_at ON sessions (mentorship_id, held_at)",
        "CREATE INDEX sessions_held_at ON sessions (held_at)",
    )


def m002_goals_actions_wins(db: Database) -> None:
    _run(
        db,
        f"""CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER REFERENCES mentorships (id),
            title TEXT NOT NULL,
            why TEXT,
            category TEXT NOT NULL DEFAULT 'other',
            target TEXT,
            metric TEXT,
            impact INTEGER NOT NULL DEFAULT 3 CHECK (impact BETWEEN 1 AND 5),
            support INTEGER NOT NULL DEFAULT 3 CHECK (support BETWEEN 1 AND 5),
            feasibility INTEGER NOT NULL DEFAULT 3 CHECK (feasibility BETWEEN 1 AND 5),
            progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'dropped', 'paused')),
            status_note TEXT,
            closed_on TEXT,
            {STAMPS})""",
        "CREATE INDEX goals_mentorship_status ON goals (mentorship_id, status)",
        f"""CREATE TABLE milestones (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            goal_id INTEGER NOT NULL REFERENCES goals (id),
            title TEXT NOT NULL,
            due TEXT,
            done TEXT,
            {STAMPS})""",
        "CREATE INDEX milestones_goal ON milestones (goal_id, due)",
        f"""CREATE TABLE goal_updates (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            goal_id INTEGER NOT NULL REFERENCES goals (id),
            date TEXT NOT NULL,
            progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
            note TEXT,
            {STAMPS})""",
        "CREATE INDEX goal_updates_goal_date ON goal_updates (goal_id, date)",
        f"""CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER REFERENCES mentorships (id),
            text TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT 'me' CHECK (owner IN ('me', 'them')),
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'skipped')),
            done_on TEXT,
            reason TEXT,
            goal_id INTEGER REFERENCES goals (id),
            session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
            review_id INTEGER,
            {STAMPS})""",
        "CREATE INDEX actions_status_due ON actions (status, due)",
        "CREATE INDEX actions_mentorship_status ON actions (mentorship_id, status, due)",
        "CREATE INDEX actions_session ON actions (session_id)",
        "CREATE INDEX actions_goal ON actions (goal_id)",
        f"""CREATE TABLE wins (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            date TEXT NOT NULL,
            mentorship_id INTEGER REFERENCES mentorships (id),
            goal_id INTEGER REFERENCES goals (id),
            {STAMPS})""",
        "CREATE INDEX wins_mentorship_date ON wins (mentorship_id, date)",
        "CREATE INDEX wins_date ON wins (date)",
    )


def m003_reviews(db: Database) -> None:
    _run(
        db,
        f"""CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),
            template TEXT NOT NULL,
            kind TEXT NOT NULL,
            held_at TEXT NOT NULL,
            answers TEXT NOT NULL DEFAULT '{{}}',
            {STAMPS})""",
        "CREATE INDEX reviews_mentorship_held_at ON reviews (mentorship_id, held_at)",
        f"""CREATE TABLE review_drafts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),
            template TEXT NOT NULL,
            answers TEXT NOT NULL DEFAULT '{{}}',
            {STAMPS})""",
        "CREATE UNIQUE INDEX review_drafts_mentorship ON review_drafts (mentorship_id)",
    )


def m004_search(db: Database) -> None:
    """Full-text search (FTS5) kept in step by triggers: frozen text, see `migration_text`."""
    from mentorlog.data.migration_text import M004_SEARCH

    _run(db, *M004_SEARCH)


def m005_actions_done_on(db: Database) -> None:
    """Reports ask what was done or skipped since the last session: find it without scanning every action."""
    _run(db, "CREATE INDEX actions_mentorship_done_on ON actions (mentorship_id, done_on)")


def m006_sessions_minutes(db: Database) -> None:
    """Hours met this month and year: summed from the index alone, not from rows full of notes."""
    _run(
        db,
        "CREATE INDEX sessions_mentorship_held_at_minutes ON sessions (mentorship_id, held_at, duration_minutes)",
        "DROP INDEX sessions_mentorship_held_at",  # the new index serves everything it did
    )


# The columns of each table as m001-m006 left them: frozen here, so this step builds the same triggers
# whatever the tables' declarations say later. A step that adds a column recreates that table's triggers.
M007_HISTORY_COLUMNS = {
    "mentorships": "id uid name role kind status cadence_days review_every_days since until ended_on end_note "
                   "channel focus expectations boundaries created_at updated_at",
    "sessions": "id uid mentorship_id held_at duration_minutes channel topics notes private_notes takeaways rating "
                "created_at updated_at",
    "goals": "id uid mentorship_id title why category target metric impact support feasibility progress status "
             "status_note closed_on created_at updated_at",
    "milestones": "id uid goal_id title due done created_at updated_at",
    "goal_updates": "id uid goal_id date progress note created_at updated_at",
    "actions": "id uid mentorship_id text owner due status done_on reason goal_id session_id review_id "
               "created_at updated_at",
    "wins": "id uid text date mentorship_id goal_id created_at updated_at",
    "reviews": "id uid mentorship_id template kind held_at answers created_at updated_at",
}


def _m007_history_triggers(table: str, columns: str) -> list[str]:
    """Record every row a command adds, changes or deletes, whole, in the open change group (part of
    m007: frozen with it, like its columns)."""
    def state(row: str) -> str:
        return "json_object(" + ", ".join(f"'{column}', {row}.{column}" for column in columns.split()) + ")"

    recording = "WHEN (SELECT open FROM change_groups ORDER BY id DESC LIMIT 1) = 1"
    record = "INSERT INTO changes (group_id, tbl, row_uid, before, after) VALUES ((SELECT MAX(id) FROM change_groups)"
    return [
        f"CREATE TRIGGER {table}_history_insert AFTER INSERT ON {table} {recording} "
        f"BEGIN {record}, '{table}', NEW.uid, NULL, {state('NEW')}); END",
        f"CREATE TRIGGER {table}_history_update AFTER UPDATE ON {table} {recording} "
        f"BEGIN {record}, '{table}', NEW.uid, {state('OLD')}, {state('NEW')}); END",
        f"CREATE TRIGGER {table}_history_delete AFTER DELETE ON {table} {recording} "
        f"BEGIN {record}, '{table}', OLD.uid, {state('OLD')}, NULL); END",
    ]


def m007_history(db: Database) -> None:
    """The change history: one group per command that writes, each row it touched before and after
    (a deletion keeps the row as it was: a tombstone). The base of `undo`, and of sync."""
    statements = [
        """CREATE TABLE change_groups (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            device TEXT NOT NULL,
            undoes INTEGER REFERENCES change_groups (id),
            open INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES change_groups (id),
            tbl TEXT NOT NULL,
            row_uid TEXT NOT NULL,
            before TEXT,
            after TEXT)""",
        "CREATE INDEX changes_group ON changes (group_id)",
        "CREATE INDEX changes_row ON changes (tbl, row_uid, group_id)",
        "CREATE INDEX change_groups_undoes ON change_groups (undoes)",
        "CREATE TABLE journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO journal_meta (key, value) VALUES ('device_id', lower(hex(randomblob(16))))",
    ]
    for table, columns in M007_HISTORY_COLUMNS.items():
        statements += _m007_history_triggers(table, columns)
    _run(db, *statements)


def m008_mentorships_paused_on(db: Database) -> None:
    """When a mentorship was last paused and last resumed: a resume moves the next check-in and the open
    actions' due dates past the pause. The mentorships history triggers are recreated with the new columns
    (their list written out here, frozen with the step)."""
    columns = ("id uid name role kind status cadence_days review_every_days since until ended_on end_note channel "
               "focus expectations boundaries created_at updated_at paused_on resumed_on")
    _run(
        db,
        "ALTER TABLE mentorships ADD COLUMN paused_on TEXT",
        "ALTER TABLE mentorships ADD COLUMN resumed_on TEXT",
        *(f"DROP TRIGGER mentorships_history_{event}" for event in ("insert", "update", "delete")),
        *_m007_history_triggers("mentorships", columns),
    )


def m009_sync(db: Database) -> None:
    """Sync's own state: where the sync place is and how it is reached (settings), how far each other
    device's change files have been applied, and the version of every row as sync last saw it."""
    _run(
        db,
        "CREATE TABLE sync_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE sync_devices (
            device TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_file INTEGER NOT NULL DEFAULT 0,
            last_change_at TEXT,
            applied_at TEXT)""",
        """CREATE TABLE sync_rows (
            tbl TEXT NOT NULL,
            row_uid TEXT NOT NULL,
            version TEXT NOT NULL,
            base TEXT,
            PRIMARY KEY (tbl, row_uid)) WITHOUT ROWID""",
    )


# Topics' search index entries (code 7), frozen with m010: a topic's own `private` says whether its entry is private.
_M010_TOPIC_ENTRY = (
    "SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT {t}.id * 8 + 7 AS key, "
    "trim(coalesce({t}.text, ''), char(10) || ' ') AS body, 'topic' AS kind, {t}.id AS ref_id, "
    "{t}.mentorship_id AS mentorship_id, substr({t}.added_at, 1, 10) AS date, {t}.private AS private{source}) "
    "WHERE body != ''"
)


def m010_topics(db: Database) -> None:
    """Topics: what to raise at the next meeting with one person (a question, a topic, feedback to give or to
    ask for), open until discussed, done or dropped. Its history triggers (m007's, its columns written out
    here), its search entries (code 7; the `search_source` view gains them), and the walks of its index."""
    columns = ("id uid mentorship_id text added_at kind private status closed_at note session_id "
               "created_at updated_at")
    insert = ("INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) "
              + _M010_TOPIC_ENTRY.format(t="NEW", source=""))
    view = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'search_source'").fetchone()[0]
    _run(
        db,
        f"""CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER NOT NULL REFERENCES mentorships (id),
            text TEXT NOT NULL,
            added_at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'topic' CHECK (kind IN ('topic', 'question', 'feedback-give', 'feedback-ask')),
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            closed_at TEXT,
            note TEXT,
            session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
            {STAMPS})""",
        "CREATE INDEX topics_mentorship_status_added ON topics (mentorship_id, status, added_at)",
        "CREATE INDEX topics_session ON topics (session_id)",
        *_m007_history_triggers("topics", columns),
        f"CREATE TRIGGER topics_search_insert AFTER INSERT ON topics BEGIN {insert}; END",
        "CREATE TRIGGER topics_search_delete AFTER DELETE ON topics BEGIN DELETE FROM search_index "
        "WHERE rowid = OLD.id * 8 + 7; END",
        "CREATE TRIGGER topics_search_update AFTER UPDATE OF id, mentorship_id, text, added_at, private ON topics "
        f"BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 7; {insert}; END",
        "DROP VIEW search_source",
        # the view as the journal holds it (m004's), with the topics' entries after the rest
        view + " UNION ALL " + _M010_TOPIC_ENTRY.format(t="t", source=" FROM topics t"),
    )


def m011_done_moments(db: Database) -> None:
    """When an action was closed and a win happened, to the second when known (`actions.done_at`, `wins.at`):
    "since the last session" runs from the meeting's own moment, so what was done later that day belongs to
    the next window. `done_on` and `date` keep the day (and their indexes); rows from before keep only the
    day. The two tables' history triggers are recreated with the new columns (written out here, frozen)."""
    columns = {
        "actions": "id uid mentorship_id text owner due status done_on reason goal_id session_id review_id "
                   "created_at updated_at done_at",
        "wins": "id uid text date mentorship_id goal_id created_at updated_at at",
    }
    _run(
        db,
        "ALTER TABLE actions ADD COLUMN done_at TEXT",
        "ALTER TABLE wins ADD COLUMN at TEXT",
        *(f"DROP TRIGGER {table}_history_{event}" for table in columns for event in ("insert", "update", "delete")),
        *(statement for table, names in columns.items() for statement in _m007_history_triggers(table, names)),
    )


# Prospects' search index entries (code 0), frozen with m012.
_M012_PROSPECT_ENTRY = (
    "SELECT key, body, kind, ref_id, mentorship_id, date, private FROM (SELECT {t}.id * 8 + 0 AS key, "
    "trim(coalesce({t}.name, '') || char(10) || coalesce({t}.expertise, '') || char(10) || coalesce({t}.why, '') "
    "|| char(10) || coalesce({t}.how_met, '') || char(10) || coalesce({t}.note, ''), char(10) || ' ') AS body, "
    "'prospect' AS kind, {t}.id AS ref_id, {t}.mentorship_id AS mentorship_id, substr({t}.created_at, 1, 10) AS date, "
    "0 AS private{source}) WHERE body != ''"
)


def m012_prospects(db: Database) -> None:
    """Prospects: people I might ask to mentor me, from an idea to contacted, then accepted (a mentorship) or
    declined. Its history triggers (m007's, its columns written out here), and its search entries (code 0;
    the `search_source` view, as the journal holds it, gains them)."""
    columns = ("id uid name expertise why goal_id how_met status contacted_on follow_up decided_on mentorship_id "
               "note created_at updated_at")
    insert = ("INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) "
              + _M012_PROSPECT_ENTRY.format(t="NEW", source=""))
    view = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'search_source'").fetchone()[0]
    _run(
        db,
        f"""CREATE TABLE prospects (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            expertise TEXT,
            why TEXT,
            goal_id INTEGER REFERENCES goals (id),
            how_met TEXT,
            status TEXT NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'contacted', 'declined', 'accepted')),
            contacted_on TEXT,
            follow_up TEXT,
            decided_on TEXT,
            mentorship_id INTEGER REFERENCES mentorships (id),
            note TEXT,
            {STAMPS})""",
        "CREATE INDEX prospects_status_follow_up ON prospects (status, follow_up)",
        *_m007_history_triggers("prospects", columns),
        f"CREATE TRIGGER prospects_search_insert AFTER INSERT ON prospects BEGIN {insert}; END",
        "CREATE TRIGGER prospects_search_delete AFTER DELETE ON prospects BEGIN DELETE FROM search_index "
        "WHERE rowid = OLD.id * 8 + 0; END",
        "CREATE TRIGGER prospects_search_update AFTER UPDATE OF id, mentorship_id, name, expertise, why, how_met, "
        f"note, created_at ON prospects BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 8 + 0; {insert}; END",
        "DROP VIEW search_source",
        view + " UNION ALL " + _M012_PROSPECT_ENTRY.format(t="t", source=" FROM prospects t"),
    )


def m013_measures(db: Database) -> None:
    """Measures: values over time of confidence, clarity of direction, the health of a relationship (1-5),
    from a review's rating question that names a measure or added between reviews. Its history triggers
    (m007's, its columns written out here)."""
    columns = "id uid name value date mentorship_id review_id note created_at updated_at"
    _run(
        db,
        f"""CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
            date TEXT NOT NULL,
            mentorship_id INTEGER REFERENCES mentorships (id),
            review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,
            note TEXT,
            {STAMPS})""",
        "CREATE INDEX measures_name_date ON measures (name, date)",
        "CREATE INDEX measures_mentorship_name_date ON measures (mentorship_id, name, date)",
        *_m007_history_triggers("measures", columns),
    )


def m014_checkin_time(db: Database) -> None:
    """A mentorship's usual check-in time and length (`--time 15:00`, `--length 45m`): the calendar makes its
    check-ins timed events in the local time zone; without a time they stay all-day. The mentorships history
    triggers are recreated with the new columns (written out here, frozen)."""
    columns = ("id uid name role kind status cadence_days review_every_days since until ended_on end_note channel "
               "focus expectations boundaries created_at updated_at paused_on resumed_on checkin_time checkin_minutes")
    _run(
        db,
        "ALTER TABLE mentorships ADD COLUMN checkin_time TEXT",
        "ALTER TABLE mentorships ADD COLUMN checkin_minutes INTEGER",
        *(f"DROP TRIGGER mentorships_history_{event}" for event in ("insert", "update", "delete")),
        *_m007_history_triggers("mentorships", columns),
    )


# The actions table as m015 rebuilds it: m002's columns and m011's done_at, review_id now a foreign key.
_M015_ACTIONS = f"""CREATE TABLE actions_m015 (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            mentorship_id INTEGER REFERENCES mentorships (id),
            text TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT 'me' CHECK (owner IN ('me', 'them')),
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'skipped')),
            done_on TEXT,
            reason TEXT,
            goal_id INTEGER REFERENCES goals (id),
            session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
            review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,
            {STAMPS},
            done_at TEXT)"""
_M015_COLUMNS = ("id, uid, mentorship_id, text, owner, due, status, done_on, reason, goal_id, session_id, review_id, "
                 "created_at, updated_at, done_at")
# Views for reading the journal in Datasette or sqlite-utils: people's names beside the rows, friendly names.
_M015_VIEWS = (
    """CREATE VIEW open_actions AS SELECT a.id AS action_id, a.text AS action, a.owner AS owner,
        m.name AS person, m.role AS role, a.due AS due, g.title AS goal, a.session_id AS from_session, a.review_id AS from_review,
        substr(a.created_at, 1, 10) AS added_on
        FROM actions a LEFT JOIN mentorships m ON m.id = a.mentorship_id LEFT JOIN goals g ON g.id = a.goal_id
        WHERE a.status = 'open' ORDER BY a.due IS NULL, a.due, a.id""",
    """CREATE VIEW sessions_with_people AS SELECT s.id AS session_id, m.name AS person, m.role AS role,
        substr(s.held_at, 1, 10) AS date, substr(s.held_at, 12, 5) AS time, s.duration_minutes AS minutes,
        s.channel AS channel, s.rating AS rating, s.topics AS topics, s.takeaways AS takeaways, s.notes AS notes
        FROM sessions s JOIN mentorships m ON m.id = s.mentorship_id ORDER BY s.held_at, s.id""",
    """CREATE VIEW goal_progress AS SELECT g.id AS goal_id, g.title AS goal, m.name AS person, m.role AS role,
        g.category AS category, g.status AS status, g.progress AS progress_percent,
        g.impact * g.support * g.feasibility AS weight, g.target AS target_date,
        (SELECT COUNT(*) FROM milestones ms WHERE ms.goal_id = g.id AND ms.done IS NOT NULL) AS milestones_done,
        (SELECT COUNT(*) FROM milestones ms WHERE ms.goal_id = g.id) AS milestones,
        (SELECT ms.title FROM milestones ms WHERE ms.goal_id = g.id AND ms.done IS NULL
         ORDER BY ms.due IS NULL, ms.due, ms.id LIMIT 1) AS next_milestone,
        (SELECT ms.due FROM milestones ms WHERE ms.goal_id = g.id AND ms.done IS NULL
         ORDER BY ms.due IS NULL, ms.due, ms.id LIMIT 1) AS next_milestone_due,
        (SELECT substr(MAX(u.date), 1, 10) FROM goal_updates u WHERE u.goal_id = g.id) AS last_update
        FROM goals g LEFT JOIN mentorships m ON m.id = g.mentorship_id""",
)


def m015_review_key_and_views(db: Database) -> None:
    """`actions.review_id` a real foreign key (a review deleted leaves its actions, unlinked), and the views
    open_actions, sessions_with_people and goal_progress. SQLite changes a column's constraint only by
    rebuilding the table: the new one is filled from the old, the old dropped and the new renamed; its indexes
    and triggers (search and history) and the views that read it are recreated as the journal holds them.
    A review_id naming no review (none should) is emptied, or the copy would fail the new key."""
    def saved(where: str) -> list[str]:
        return [row[0] for row in db.execute(f"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND {where} "
                                             "ORDER BY rowid").fetchall()]

    views = saved("type = 'view' AND sql LIKE '%actions%'")  # the search entries read actions
    view_names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' "
                                               "AND sql LIKE '%actions%' ORDER BY rowid").fetchall()]
    kept = saved("tbl_name = 'actions' AND type IN ('index', 'trigger')")
    copied = _M015_COLUMNS.replace("review_id,", "CASE WHEN review_id IN (SELECT id FROM reviews) THEN review_id END,")
    _run(
        db,
        *(f'DROP VIEW "{name}"' for name in view_names),
        _M015_ACTIONS,
        f"INSERT INTO actions_m015 ({_M015_COLUMNS}) SELECT {copied} FROM actions",
        "DROP TABLE actions",
        "ALTER TABLE actions_m015 RENAME TO actions",
        *kept,
        "CREATE INDEX actions_review ON actions (review_id)",
        *views,
        *_M015_VIEWS,
    )


STEPS = (m001_initial, m002_goals_actions_wins, m003_reviews, m004_search, m005_actions_done_on, m006_sessions_minutes,
         m007_history, m008_mentorships_paused_on, m009_sync, m010_topics,
         m011_done_moments, m012_prospects, m013_measures, m014_checkin_time, m015_review_key_and_views)
STEP_NAMES = tuple(step.__name__ for step in STEPS)


def migrations():
    """The sqlite-utils migration set, built on demand (sqlite-utils is slow to import)."""
    from sqlite_utils import Migrations

    registered = Migrations(MIGRATION_SET)
    for step in STEPS:
        registered()(step)
    return registered
