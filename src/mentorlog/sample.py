"""A realistic sample journal for `mentorlog demo`, written through the data functions. Never prints.

Months of history are written as they would have been logged: the clock (`MENTORLOG_NOW`) is set
to each moment in turn, so creation stamps, done dates and progress history all fall where they
would in a real journal. Everything is relative to the clock the demo starts with.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from mentorlog.data import actions, goals
from mentorlog.domain import dates
from mentorlog.data.journal import Journal
from mentorlog.domain.models import Mentorship
from mentorlog.data import mentorships, sessions, wins

# Private notes the sample holds: reports, status and agendas must never show them.
PRIVATE_NOTES = (
    "Felt nervous asking about the promotion timeline; did not say so.",
    "Grace seemed distracted; maybe a bad week at her end.",
    "Noor mentioned money worries: keep this between us.",
)


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Everything written inside happens at `moment` (the clock the rest of mentorlog reads)."""
    saved = os.environ.get("MENTORLOG_NOW")
    os.environ["MENTORLOG_NOW"] = moment.isoformat(timespec="seconds")
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MENTORLOG_NOW", None)
        else:
            os.environ["MENTORLOG_NOW"] = saved


class _Writer:
    """Small verbs over the data functions, each at a day relative to `today`."""

    def __init__(self, journal: Journal, today: date):
        self.journal = journal
        self.today = today

    def at(self, days_ago: int, hour: int = 17) -> datetime:
        return datetime.combine(self.today - timedelta(days=days_ago), time(hour, 0))

    def day(self, offset: int) -> date:
        """A day relative to today: negative is in the past."""
        return self.today + timedelta(days=offset)

    def person(self, name: str, role: str, started: int, **fields) -> Mentorship:
        with clock(self.at(started, 9)):
            return mentorships.add_mentorship(self.journal, name, role, since=self.day(-started), **fields)

    def session(self, who: Mentorship, days_ago: int, **fields):
        with clock(self.at(days_ago, 18)):
            return sessions.add_session(self.journal, who, self.at(days_ago, 16), **fields)

    def goal(self, who: Mentorship, days_ago: int, title: str, **fields):
        with clock(self.at(days_ago, 18)):
            return goals.add_goal(self.journal, title, who, **fields)

    def progress(self, goal, days_ago: int, percent: int, note: str | None = None):
        with clock(self.at(days_ago, 19)):
            return goals.record_progress(self.journal, goal, percent, note)

    def milestone(self, goal, title: str, due: int, done: int | None = None):
        with clock(self.at(max(0, -due) + 30, 18)):
            step = goals.add_milestone(self.journal, goal.id, title, self.day(due))
        if done is not None:
            with clock(self.at(done, 19)):
                step = goals.complete_milestone(self.journal, step, self.day(-done))
        return step

    def action(self, who: Mentorship, created: int, text: str, owner: str = "me", due: int | None = None,
               done: int | None = None, skipped: int | None = None, reason: str | None = None,
               session=None, goal=None):
        with clock(self.at(created, 18)):
            item = actions.add_action(self.journal, text, owner, who, self.day(due) if due is not None else None,
                                      goal_id=goal.id if goal else None, session_id=session.id if session else None)
        if done is not None:
            with clock(self.at(done, 20)):
                item = actions.complete_action(self.journal, item, self.day(-done))
        elif skipped is not None:
            with clock(self.at(skipped, 20)):
                item = actions.skip_action(self.journal, item, reason or "no time")
        return item

    def win(self, who: Mentorship, days_ago: int, text: str, goal=None):
        with clock(self.at(days_ago, 20)):
            return wins.add_win(self.journal, text, who, goal.id if goal else None, self.day(-days_ago))

    def review(self, who: Mentorship, days_ago: int, kind: str, answers: dict) -> None:
        from mentorlog.data import reviews
        from mentorlog.domain.templates import BUILT_IN_DIR, find_template, load_template, my_role

        # the built-in templates only, so the sample is the same for everyone
        templates = {t.name: t for t in (load_template(path, "built-in") for path in BUILT_IN_DIR.glob("*.toml"))}
        template = find_template(templates, kind, my_role(who.role))
        with clock(self.at(days_ago, 17)):
            reviews.save_review(self.journal, template, who, answers)


def build_sample(journal: Journal, today: date | None = None) -> None:
    """Write the sample journal, as of `today`, in one transaction."""
    today = today or dates.today()
    write = _Writer(journal, today)
    with journal.write():
        _ada(write)
        _grace(write)
        _sam(write)
        _noor(write)
        _others(write)
        _beyond(write)


def _ada(w: _Writer) -> None:
    """A mentor, every two weeks, on track for the most part: one action slipped, one skipped."""
    ada = w.person("Ada Lovelace", "mentor", 150, cadence_days=14, channel="video", focus="outcome",
                   expectations="Every other Thursday, 45 minutes; I send the agenda the day before.",
                   boundaries="No calls after 6pm; what we discuss stays between us.")
    w.review(ada, 148, "first-meeting", {
        "hopes": "Get to senior engineer within a year, and learn how to lead without managing.",
        "time": "45 minutes every other week, plus short questions in chat.",
    })
    promotion = w.goal(ada, 147, "Get promoted to senior engineer", category="career", impact=5, support=5,
                       feasibility=4, target=w.day(120), metric="Promotion confirmed in the spring cycle")
    talk = w.goal(ada, 140, "Give a talk at a regional conference", category="growth", impact=4, support=3,
                  feasibility=3, target=w.day(160))
    delegate = w.goal(ada, 120, "Delegate the release work to the team", category="skill", impact=3, support=4,
                      feasibility=4)
    w.milestone(promotion, "Write the promotion packet", due=-30, done=28)
    w.milestone(promotion, "Lead the Q1 design review", due=25)
    w.milestone(promotion, "Collect three peer endorsements", due=50)
    w.milestone(talk, "Submit the CFP", due=12)

    topics = [["promotion", "visibility"], ["design reviews"], ["conference talk"], ["delegation"],
              ["promotion packet"], ["feedback"], ["stakeholders"], ["promotion packet", "peers"],
              ["talk outline"], ["delegation", "release"], ["promotion", "design review"]]
    ratings = [4, 5, 4, 4, 5, 4, 5, 5, 4, 5, 4]
    last = None
    for number, days_ago in enumerate(range(148, 0, -14)):
        last = w.session(
            ada, days_ago, duration_minutes=45, channel="video", topics=topics[number % len(topics)],
            notes="Went through where the promotion case stands and what evidence is still missing.",
            private_notes=PRIVATE_NOTES[0] if number == 2 else None,
            takeaways=["Write down the impact, not the activity", "Ask for the design-review slot early"]
            if days_ago < 14 else ["Keep a brag document, weekly"],
            rating=ratings[number % len(ratings)],
        )
        if days_ago > 14:
            w.action(ada, days_ago, "Follow up on the notes from our session", due=-(days_ago - 7),
                     done=days_ago - 5, session=last)
    w.progress(promotion, 120, 10, "Agreed what senior means here")
    w.progress(promotion, 70, 35, "Packet outline done")
    w.progress(promotion, 20, 55, "Packet written; waiting on endorsements")
    w.progress(talk, 50, 25, "Picked the topic")
    w.progress(delegate, 30, 40, "Two releases run by the team")
    since = last.held_at.date()
    gap = (w.today - since).days
    w.action(ada, gap, "Draft the brag document", due=-(gap - 5), done=gap - 3, session=last, goal=promotion)
    w.action(ada, gap, "Ask Priya for the design-review slot", skipped=gap - 5, session=last, goal=promotion,
             reason="the review calendar is frozen until the reorg settles")
    w.action(ada, gap, "Share the packet draft with Ada", due=-2, session=last, goal=promotion)
    w.action(ada, gap, "Introduce me to the conference committee chair", owner="them", due=4, session=last,
             goal=talk)
    w.win(ada, 40, "Ran the release retro on my own", goal=delegate)
    w.win(ada, 4, "Billing migration design approved without changes", goal=promotion)
    w.review(ada, 30, "periodic", {
        "working": "Clear agenda, honest feedback on the packet.",
        "not_working": "We run out of time before the career topics; start with them.",
        "health": 4,
        "confidence": 3,
        "clarity": 4,
    })


def _grace(w: _Writer) -> None:
    """A monthly mentor drifting away: gaps widening, check-in overdue, a stalled goal, no review in months."""
    grace = w.person("Grace Hopper", "mentor", 240, cadence_days=30, channel="in-person", focus="exploration",
                     expectations="Coffee once a month; open-ended questions about the craft.")
    w.review(grace, 235, "first-meeting", {"hopes": "A wider view of the field beyond my team."})
    writing = w.goal(grace, 234, "Build a public writing habit", category="growth", impact=4, support=4,
                     feasibility=3, metric="One post a month for six months")
    w.progress(writing, 110, 20, "Two posts out")
    for days_ago, rating, private in ((235, 5, None), (205, 4, None), (170, 4, None), (120, 4, PRIVATE_NOTES[1]),
                                      (60, 4, None)):
        session = w.session(grace, days_ago, duration_minutes=60, channel="in-person",
                            topics=["writing", "career paths"], notes="Long walk and talk about the craft.",
                            private_notes=private, takeaways=["Write for one reader"], rating=rating)
    w.action(grace, 60, "Send the reading list on technical strategy", owner="them", due=-45, session=session)
    w.action(grace, 60, "Publish the post on code review", due=-40, skipped=38, goal=writing, session=session,
             reason="moved house; writing time went first")


def _sam(w: _Writer) -> None:
    """A mentee, weekly, on track: no warning signs."""
    sam = w.person("Sam Rivera", "mentee", 70, cadence_days=7, channel="video", focus="outcome",
                   expectations="Weekly, 30 minutes; Sam brings one problem each time.")
    w.review(sam, 69, "first-meeting", {"hopes": "Sam wants to ship a feature end to end before the review cycle."})
    ship = w.goal(sam, 69, "Ship a feature end to end", category="skill", impact=5, support=5, feasibility=4,
                  target=w.day(30), metric="The export feature live for all customers")
    oncall = w.goal(sam, 60, "Join the on-call rotation", category="growth", impact=3, support=4, feasibility=5)
    w.milestone(ship, "Write the rollout plan", due=-5, done=3)
    w.milestone(ship, "Run the launch retro", due=10)
    last = None
    for number, days_ago in enumerate(range(69, 0, -7)):
        last = w.session(sam, days_ago, duration_minutes=30, topics=["export feature"] if number % 2 else ["on-call"],
                         notes="Walked through the week's blockers.", takeaways=["Ask earlier when stuck"],
                         rating=5 if number % 3 else 4)
        if days_ago > 7:
            w.action(sam, days_ago, "Try the fix we sketched", owner="them", due=-(days_ago - 5),
                     done=days_ago - 4, session=last)
    w.progress(ship, 40, 30)
    w.progress(ship, 6, 70, "Behind a flag for internal users")
    w.progress(oncall, 13, 50, "Shadowed two shifts")
    w.review(sam, 27, "periodic", {"working": "Short and focused; Sam comes prepared.", "health": 5})
    gap = (w.today - last.held_at.date()).days
    w.action(sam, gap, "Write the rollout plan", owner="them", due=-2, done=3, session=last, goal=ship)
    w.action(sam, gap, "Pair with Lee on the flaky test", owner="them", due=2, session=last)
    w.action(sam, gap, "Review Sam's design doc", due=1, session=last, goal=ship)
    w.win(sam, 2, "Sam ran his first incident review", goal=oncall)


def _noor(w: _Writer) -> None:
    """A short situational mentorship ending soon: ratings falling, actions slipping."""
    noor = w.person("Noor Haddad", "mentee", 80, cadence_days=14, channel="chat", kind="situational",
                    until=w.day(9), focus="outcome",
                    expectations="Three months, to prepare for product design interviews.")
    role = w.goal(noor, 78, "Land a product design role", category="career", impact=5, support=4, feasibility=3,
                  target=w.day(60))
    w.milestone(role, "Finish the portfolio case study", due=-10)
    w.progress(role, 20, 30, "Two interviews booked")
    for days_ago, rating, private in ((78, 5, None), (64, 5, None), (50, 4, None), (36, 4, PRIVATE_NOTES[2]),
                                      (22, 3, None), (9, 2, None)):
        w.session(noor, days_ago, duration_minutes=40, channel="chat", topics=["portfolio", "interviews"],
                         notes="Reviewed the portfolio and the next interview.", private_notes=private,
                         takeaways=["Lead with the problem, not the screens"], rating=rating)
    w.action(noor, 36, "Draft the portfolio case study", owner="them", due=-25, skipped=20, goal=role,
             reason="a client deadline took the week")
    w.action(noor, 22, "Update the CV", owner="them", due=-12, skipped=8, reason="waiting for feedback first")
    w.action(noor, 22, "Mock interview with a peer", owner="them", due=-5)
    w.action(noor, 22, "Send Noor two portfolio examples", due=-15, done=14)
    w.action(noor, 9, "Introduce Noor to a design lead", due=3)
    w.win(noor, 5, "Noor got through to the final round at a fintech")
    w.review(noor, 36, "periodic", {
        "working": "Concrete portfolio feedback.",
        "not_working": "Chat between sessions makes it hard to keep momentum.",
        "health": 3,
    })


def _others(w: _Writer) -> None:
    """A paused peer mentor and an ended mentorship: neither is due for anything."""
    kim = w.person("Kim Park", "mentor", 300, cadence_days=30, kind="peer", channel="phone")
    w.session(kim, 200, duration_minutes=30, topics=["team leads"], notes="Swapped notes on running 1:1s.", rating=4)
    mentorships.set_status(w.journal, kim, "paused")
    alan = w.person("Alan Turing", "mentor", 400, cadence_days=30, channel="video")
    for days_ago in (390, 360, 330, 300, 270):
        w.session(alan, days_ago, duration_minutes=60, topics=["research"], notes="Reading group.", rating=5)
    with clock(w.at(265)):
        mentorships.set_status(w.journal, alan, "ended", on=w.day(-265), note="Wrapped up: reading group finished.")


def _beyond(w: _Writer) -> None:
    """Beyond the meetings: someone I might ask to mentor me, contacted and not yet answered (a follow-up is
    due), and an idea."""
    from mentorlog.data import prospects

    with clock(w.at(40, 20)):
        margaret = prospects.add_prospect(
            w.journal, "Margaret Hamilton", expertise="leading large engineering programmes",
            why="how you led a software team through work nobody had done before", goal_id=1,
            how_met="at the engineering leadership meetup in October")
        prospects.add_prospect(w.journal, "Katherine Johnson", expertise="speaking to a room of experts",
                               goal_id=2)
    with clock(w.at(10, 9)):
        prospects.mark_contacted(w.journal, margaret, w.day(-10))
    _measures(w)
    _roadmap_goal(w)


ROADMAP_GOAL = "Grow my professional network"  # the sample's goal made from a roadmap (the demo shows it)


def _roadmap_goal(w: _Writer) -> None:
    """A personal goal from the built-in professional-network roadmap, started a month ago: on its way."""
    from mentorlog.data.roadmaps import add_goal_from_roadmap
    from mentorlog.domain.roadmaps import BUILT_IN_DIR, load_roadmap

    roadmap = load_roadmap(BUILT_IN_DIR / "professional-network.toml", "built-in")  # the same for everyone
    with clock(w.at(30, 8)):
        goal = add_goal_from_roadmap(w.journal, roadmap, None, w.day(-30), impact=4, support=3, feasibility=4)
    for step, done in zip(goal.milestones, (27, 20, 4)):
        with clock(w.at(done, 19)):
            goals.complete_milestone(w.journal, step, w.day(-done))
    w.progress(goal, 4, 40, "three milestones in, two introductions made")


def _measures(w: _Writer) -> None:
    """Confidence and clarity with Ada, from a first note to the last periodic review and since: moving up."""
    from mentorlog.data import measures

    ada = mentorships.resolve(w.journal, "ada")
    for days_ago, name, level, note in (
        (120, "confidence", 2, "unsure I am ready for senior"), (120, "clarity", 2, None),
        (120, "relationship", 4, None),
        (5, "confidence", 4, "the billing design was approved without changes"),
    ):
        with clock(w.at(days_ago, 21)):
            measures.add_measure(w.journal, name, level, ada, note, w.day(-days_ago))
