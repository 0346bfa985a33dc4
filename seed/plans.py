"""Risk management plans, their actions, and the MAPPA meetings that agree them, for the synthetic
population (issue 22; graph_schema/MODEL.md).

Each area holds a level 2 meeting (chaired by a probation MAPPA coordinator) and a level 3 meeting
(chaired by a police one) each month, from three months before `as_of` to four after, on a weekday
of a week of the month fixed by the area; a meeting is made only when a case is on its agenda.
A level 3 case is on every meeting of its level until its next review; a level 2 case on the
meeting before its review date and every fourth month before it (MAPPA guidance: level 2 cases are
reviewed at least every 16 weeks). A case whose review date has passed is on no meeting to come
(REVIEW_OVERDUE holds for it).

The current plan was agreed at the case's latest meeting held (or outside a meeting when it had
none), the version before it at the meeting before; the actions each version created are owned by
various agencies, some open and overdue, most of the older ones done. Invited agencies are
involved in each agenda case of a meeting (basis MAPPA_MEETING) from the invitation until the
meeting's date plus `meeting_involvement_days`, where they had no open involvement already.

Drawn from an RNG of its own, so that plans leave the rest of the population as it was.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.core.enums import (
    AgencyKind,
    MappaCategory,
    MappaLevel,
    MeasureKind,
    MeetingStatus,
    PlanActionStatus,
    PlanStatus,
    Role,
)
from app.settings import Settings
from seed.areas import AREAS
from seed.rows import (
    ActionRow,
    AgendaItemRow,
    InvitationRow,
    InvolvementRow,
    MeasureRow,
    MeetingRow,
    OffenderRow,
    PlanRow,
    PlanVersionRow,
)

INVOLVEMENT_DAYS: int = Settings.model_fields["meeting_involvement_days"].default
MONTHS_BEFORE, MONTHS_AFTER = 3, 4  # the meetings made, around the month of `as_of`
LEVEL_2_CYCLE = 4  # months between a level 2 case's reviews
NOTICE_DAYS = 21  # a meeting is scheduled, and its agencies invited, this long before it

LEVEL_NUMBER = {MappaLevel.LEVEL_2: 2, MappaLevel.LEVEL_3: 3}
CHAIRS = {MappaLevel.LEVEL_2: AgencyKind.PROBATION, MappaLevel.LEVEL_3: AgencyKind.POLICE}
WEEKDAYS = {MappaLevel.LEVEL_2: 1, MappaLevel.LEVEL_3: 3}  # Tuesday, Thursday
RESPONSIBLE_AUTHORITY = (AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON)
INVITED: dict[str, tuple[AgencyKind, ...]] = {
    MappaLevel.LEVEL_2: (*RESPONSIBLE_AUTHORITY, AgencyKind.HOUSING,
                         AgencyKind.CHILDRENS_SERVICES),
    MappaLevel.LEVEL_3: (*RESPONSIBLE_AUTHORITY, AgencyKind.HOUSING,
                         AgencyKind.CHILDRENS_SERVICES, AgencyKind.HEALTH),
}
# The officer role that carries an agency's actions.
WORKER: dict[AgencyKind, Role] = {
    AgencyKind.POLICE: Role.PUBLIC_PROTECTION_OFFICER,
    AgencyKind.PROBATION: Role.OFFENDER_MANAGER,
    AgencyKind.PRISON: Role.OFFENDER_MANAGER,
    AgencyKind.YOUTH_JUSTICE: Role.OFFENDER_MANAGER,
}
OWNERS: tuple[tuple[AgencyKind, int], ...] = (
    (AgencyKind.PROBATION, 30), (AgencyKind.POLICE, 28), (AgencyKind.HOUSING, 14),
    (AgencyKind.CHILDRENS_SERVICES, 10), (AgencyKind.HEALTH, 8), (AgencyKind.PRISON, 5),
    (AgencyKind.DWP, 5),
)
ACTION_TEXTS: dict[AgencyKind, tuple[str, ...]] = {
    AgencyKind.POLICE: (
        "Unannounced home visit to verify the address and update ViSOR.",
        "Complete an ARMS assessment and share the outcome with probation.",
        "Brief the neighbourhood team on the licence conditions and the exclusion zone.",
        "Consider a disclosure to the new partner under the Domestic Violence Disclosure Scheme.",
        "Check the devices seized at the last visit and report any breach.",
    ),
    AgencyKind.PROBATION: (
        "Increase reporting to weekly until the next review.",
        "Refer to an accredited programme and confirm the start date.",
        "Review the licence conditions and apply for a variation if needed.",
        "Complete the OASys review after the change of circumstances.",
        "Three-way meeting with the offender and the victim liaison officer's concerns.",
    ),
    AgencyKind.PRISON: (
        "Share the custody behaviour and security reports.",
        "Confirm the release date and the release plan with the offender manager.",
    ),
    AgencyKind.HOUSING: (
        "Identify move-on accommodation from the Approved Premises.",
        "Confirm the proposed address is suitable: no children in the block.",
        "Flag the tenancy so that any move is notified to the lead agency.",
    ),
    AgencyKind.CHILDRENS_SERVICES: (
        "Safeguarding check on the partner's household.",
        "Strategy discussion about contact with the child; share the outcome.",
        "Confirm whether the children at the address are known to the service.",
    ),
    AgencyKind.HEALTH: (
        "Refer to the community mental health team and share the assessment.",
        "GP to review medication and confirm adherence.",
    ),
    AgencyKind.DWP: (
        "Arrange the benefit claim to start on the day of release.",
        "Confirm the work search requirements do not conflict with the curfew.",
    ),
    AgencyKind.YOUTH_JUSTICE: (
        "Education placement review with the school and the family.",
    ),
}
DONE_OUTCOMES = (
    "Done; nothing of concern found.",
    "Done; outcome shared with the lead agency.",
    "Completed; see the case record for the details.",
    "Done; the offender co-operated.",
)
CANCELLED_OUTCOME = "No longer needed: superseded by the plan's review."
SUMMARIES: dict[str, tuple[str, ...]] = {
    MappaCategory.CATEGORY_1: (
        "Manage the risk of sexual harm to children: licence conditions, police home visits "
        "and accredited programme work.",
        "Restrict access to children and monitor internet use; support stable accommodation.",
    ),
    MappaCategory.CATEGORY_2: (
        "Protect the victim and known adults: no-contact and exclusion conditions, weekly "
        "supervision and victim liaison.",
        "Reduce the risk of violence to the public: substance misuse treatment, stable "
        "accommodation and close supervision.",
    ),
    MappaCategory.CATEGORY_3: (
        "Manage the risk of serious harm to a known adult: supervision, disclosure and "
        "information sharing between the agencies.",
    ),
    MappaCategory.CATEGORY_4: (
        "Manage the risk of terrorist harm: specialist supervision, police monitoring and "
        "restrictions on association.",
    ),
}
OTHER_MEASURES = (
    "Information shared with the victim liaison officer after each review.",
    "Disclosure to the employer considered and recorded.",
    "Multi-agency contingency plan agreed for a breach of the licence.",
)
RESIDENCE_TEXTS = {
    "APPROVED_PREMISES": "Resides at the Approved Premises: curfew and room checks by staff.",
    "TEMPORARY": "Temporary address; move-on accommodation to be approved before any move.",
    "HOME": "Resides at the approved address; home visits at least monthly.",
}


@dataclass(frozen=True)
class Slot:
    """One meeting of the schedule."""

    id: str
    level: str
    area: str
    day: date
    chair_id: str
    invited: tuple[str, ...]  # agency ids
    created: date  # when it was scheduled and its agencies invited

    def row(self, as_of: date, attended: Mapping[str, bool], agenda: list[AgendaItemRow]
            ) -> MeetingRow:
        held = self.day < as_of
        return MeetingRow(
            id=self.id, level=self.level, area=self.area, date=self.day.isoformat(),
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            createdAt=at(self.created, 9), createdBy=self.chair_id, chairId=self.chair_id,
            invitations=[InvitationRow(agencyId=agency, invitedAt=at(self.created, 9),
                                       invitedBy=self.chair_id,
                                       attended=attended.get(agency) if held else None)
                         for agency in self.invited],
            agenda=agenda,
        )


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC).isoformat()


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th (1-based) `weekday` (0 = Monday) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def open_on(involvement: InvolvementRow, day: date) -> bool:
    until = involvement["until"]
    return until is None or date.fromisoformat(until) > day


def meeting_involvements(
    involvements: Sequence[InvolvementRow], meetings: Sequence[Slot], as_of: date,
) -> list[InvolvementRow]:
    """The MAPPA_MEETING involvements a case's meetings give: one per invited agency that has no
    open involvement of its own, until the latest of its meetings' dates plus the setting, from
    its first invitation; none once lapsed."""
    already = {i["agencyId"] for i in involvements if open_on(i, as_of)}
    given: dict[str, InvolvementRow] = {}
    for slot in sorted(meetings, key=lambda s: s.day):
        until = slot.day + timedelta(days=INVOLVEMENT_DAYS)
        if until <= as_of:
            continue
        for agency in slot.invited:
            if agency in already:
                continue
            since = given[agency]["since"] if agency in given else slot.created.isoformat()
            given[agency] = InvolvementRow(agencyId=agency, basis="MAPPA_MEETING", since=since,
                                           until=until.isoformat(), meetingId=slot.id)
    return list(given.values())


class PlanGenerator:
    """Plans and meetings for one population: `add_case` for each level 2 and 3 case, in order,
    then `plan_rows` and `meeting_rows`."""

    def __init__(self, seed: int, as_of: date,
                 officers: Mapping[tuple[str, AgencyKind, Role], list[str]]) -> None:
        self.rng = random.Random(f"plans-{seed}")
        self.as_of = as_of
        self.officers = officers
        self.slots: dict[tuple[str, str], list[Slot]] = {}
        self.agendas: dict[str, list[AgendaItemRow]] = {}
        self.plans: list[PlanRow] = []
        self.owner_pick = [kind for kind, weight in OWNERS for _ in range(weight)]

    # -- the schedule ----------------------------------------------------------------------

    def schedule(self, area: str, level: str) -> list[Slot]:
        key = (area, level)
        if key not in self.slots:
            index = next(k for k, a in enumerate(AREAS) if a.code == area)
            chair = self.officers[(area, CHAIRS[MappaLevel(level)], Role.MAPPA_COORDINATOR)][0]
            invited = tuple(f"AG-{area}-{kind}" for kind in INVITED[level])
            slots = []
            for months in range(-MONTHS_BEFORE, MONTHS_AFTER + 1):
                year, month = add_months(self.as_of, months)
                day = nth_weekday(year, month, WEEKDAYS[MappaLevel(level)], index % 3 + 1)
                created = min(day - timedelta(days=NOTICE_DAYS),
                              self.as_of - timedelta(days=1 + index % 5))
                slots.append(Slot(
                    id=f"MTG-{area}-L{LEVEL_NUMBER[MappaLevel(level)]}-{year}{month:02d}",
                    level=level, area=area, day=day, chair_id=chair, invited=invited,
                    created=created))
            self.slots[key] = slots
        return self.slots[key]

    def agenda_of(self, level: str, slots: list[Slot], review: date) -> list[Slot]:
        """The meetings a case is on (see the module's docstring), in date order."""
        as_of = self.as_of
        if review >= as_of:
            upcoming = [s for s in slots if s.day >= as_of]
            by_review = [s for s in upcoming if s.day <= review]
            last = by_review[-1] if by_review else upcoming[0]
        else:
            before = [s for s in slots if s.day <= review - timedelta(days=28)]
            if not before:
                return []
            last = before[-1]
        end = slots.index(last)
        step = 1 if level == MappaLevel.LEVEL_3 else LEVEL_2_CYCLE
        return [slots[i] for i in range(end % step, end + 1, step)]

    # -- one case ---------------------------------------------------------------------------

    def officer(self, area: str, kind: AgencyKind) -> str:
        return self.officers[(area, kind, WORKER.get(kind, Role.PARTNER_OFFICER))][0]

    def add_case(self, row: OffenderRow) -> None:
        """The case's plan versions and meetings; its MAPPA_MEETING involvements are added to
        its row."""
        rng, as_of = self.rng, self.as_of
        area, level = row["area"], row["level"]
        review = date.fromisoformat(row["reviewDate"])
        meetings = self.agenda_of(level, self.schedule(area, level), review)
        past = [s for s in meetings if s.day < as_of]
        manager = row["managers"][0]["officerId"]

        # Versions, oldest first: (agreed on, by, at meeting).
        agreements: list[tuple[date, str, Slot | None]] = []
        if past:
            agreements = [(s.day, s.chair_id, s) for s in past[-2:]]
        else:
            agreements = [(as_of - timedelta(days=rng.randrange(7, 60)), manager, None)]
        if len(agreements) == 1 and rng.random() < 0.3:
            agreements.insert(0, (agreements[0][0] - timedelta(days=rng.randrange(90, 240)),
                                  manager, None))
        oid = row["id"]
        number = oid.removeprefix("OFF-")
        versions: list[PlanVersionRow] = []
        actions = 0
        summary = rng.choice(SUMMARIES[row["category"]])
        for k, (agreed_on, agreed_by, slot) in enumerate(agreements):
            current = k == len(agreements) - 1
            version = k + 1
            reviewed = review if current else agreements[k + 1][0]
            created = agreed_on - timedelta(days=rng.randrange(0, 8))
            plan_actions: list[ActionRow] = []
            for _ in range(rng.randint(2, 4) if current else rng.randint(1, 3)):
                actions += 1
                plan_actions.append(self.action(
                    f"PA-{number}-{actions}", row, agreed_on, agreed_by, current))
            versions.append(PlanVersionRow(
                id=f"RMP-{number}-{version}", version=version,
                status=PlanStatus.AGREED if current else PlanStatus.SUPERSEDED, current=current,
                supersedesId=versions[-1]["id"] if versions else None, summary=summary,
                reviewDate=reviewed.isoformat(), createdAt=at(created, 10),
                createdBy=manager, agreedOn=agreed_on.isoformat(), agreedBy=agreed_by,
                agreedAtMeetingId=slot.id if slot else None,
                measures=self.measures(f"PM-{number}-{version}", row, agreed_on),
                actions=plan_actions,
            ))
        self.plans.append(PlanRow(offenderId=oid, versions=versions))

        agreed_at = {v["agreedAtMeetingId"]: v for v in versions if v["agreedAtMeetingId"]}
        for position, slot in enumerate(meetings):
            items = self.agendas.setdefault(slot.id, [])
            held = slot.day < as_of
            later = meetings[position + 1].day if position + 1 < len(meetings) else review
            agreed = agreed_at.get(slot.id) if held else None
            minutes = None
            if held:
                minutes = f"Case reviewed; level {LEVEL_NUMBER[MappaLevel(level)]} confirmed." + (
                    f" Plan version {agreed['version']} agreed with {len(agreed['actions'])} "
                    "actions." if agreed else " Progress against the plan noted; no change to "
                    "the plan.")
            items.append(AgendaItemRow(
                id=f"AGI-{slot.id.removeprefix('MTG-')}-{number}", offenderId=oid,
                position=len(items) + 1, addedAt=at(slot.created, 9, 30),
                decidedAt=at(slot.day, 10, min(59, 5 * len(items))) if held else None,
                decidedBy=slot.chair_id if held else None,
                levelBefore=level if held else None, level=level if held else None,
                nextReviewDate=later.isoformat() if held else None, minutes=minutes,
                agreedPlanIds=[agreed["id"]] if agreed else [],
                createdActionIds=[a["id"] for a in agreed["actions"]] if agreed else [],
            ))
        row["involvements"] += meeting_involvements(row["involvements"], meetings, as_of)

    def measures(self, prefix: str, row: OffenderRow, on: date) -> list[MeasureRow]:
        rows: list[MeasureRow] = []

        def add(kind: MeasureKind, text: str, refers_to: str | None) -> None:
            rows.append(MeasureRow(id=f"{prefix}-{len(rows) + 1}", kind=kind, text=text,
                                   refersToId=refers_to))

        day = on.isoformat()
        conditions = [c for c in row["conditions"]
                      if c["validFrom"] <= day and (c["validTo"] is None or c["validTo"] >= day)]
        for condition in conditions[:3]:
            add(MeasureKind.CONDITION, "Licence condition enforced: "
                + condition["kind"].replace("_", " ").lower() + ".", condition["id"])
        home = row["home"]
        if home["start"] <= day:
            add(MeasureKind.RESIDENCE, RESIDENCE_TEXTS.get(home["kind"], RESIDENCE_TEXTS["HOME"]),
                home["address"]["id"])
        for intervention in row["interventions"]:
            if intervention["status"] in {"ACTIVE", "PLANNED"}:
                add(MeasureKind.INTERVENTION, f"Completes {intervention['name']}.",
                    intervention["id"])
        add(MeasureKind.SUPERVISION, "Supervised by the case manager: reporting weekly, "
            "home visits monthly.", row["managers"][0]["officerId"])
        if self.rng.random() < 0.3:
            add(MeasureKind.OTHER, self.rng.choice(OTHER_MEASURES), None)
        return rows

    def action(
        self, action_id: str, row: OffenderRow, agreed_on: date, agreed_by: str, current: bool,
    ) -> ActionRow:
        rng, as_of, area = self.rng, self.as_of, row["area"]
        kind = rng.choice(self.owner_pick)
        owner = f"AG-{area}-{kind}"
        officer = self.officer(area, kind)
        assigned = rng.choice(self.officers[(area, kind, WORKER.get(kind, Role.PARTNER_OFFICER))]
                              ) if rng.random() < 0.6 else None
        due = agreed_on + timedelta(days=rng.randrange(14, 85))
        draw = rng.random()
        if due < as_of:
            done, still_open = (0.65, 0.93) if current else (0.8, 0.92)
            status = (PlanActionStatus.DONE if draw < done else PlanActionStatus.OPEN
                      if draw < still_open else PlanActionStatus.CANCELLED)
        else:
            status = PlanActionStatus.DONE if draw < 0.15 else PlanActionStatus.OPEN
        status_by = status_agency = status_at = outcome = None
        if status is PlanActionStatus.DONE:
            span = max(1, (min(due, as_of) - agreed_on).days)
            status_by, status_agency = assigned or officer, owner
            status_at = at(agreed_on + timedelta(days=rng.randrange(1, span + 1)), 15)
            outcome = rng.choice(DONE_OUTCOMES)
        elif status is PlanActionStatus.CANCELLED:
            status_by, status_agency = row["managers"][0]["officerId"], row["leadAgencyId"]
            status_at = at(min(due, as_of - timedelta(days=1)), 16)
            outcome = CANCELLED_OUTCOME
        return ActionRow(
            id=action_id, ownerAgencyId=owner, ownerOfficerId=assigned,
            text=rng.choice(ACTION_TEXTS[kind]), dueOn=due.isoformat(), status=status,
            statusBy=status_by, statusByAgencyId=status_agency, statusAt=status_at,
            outcome=outcome, createdAt=at(agreed_on, 11), createdBy=agreed_by,
        )

    # -- the rows ---------------------------------------------------------------------------

    def meeting_rows(self) -> list[MeetingRow]:
        """The meetings with a case on their agenda, by area, level and date."""
        rows: list[MeetingRow] = []
        for key in sorted(self.slots):
            for slot in self.slots[key]:
                agenda = self.agendas.get(slot.id)
                if not agenda:
                    continue
                attended = {agency: agency.rsplit("-", 1)[-1] in RESPONSIBLE_AUTHORITY
                            or self.rng.random() < 0.8 for agency in slot.invited}
                rows.append(slot.row(self.as_of, attended, agenda))
        return rows
