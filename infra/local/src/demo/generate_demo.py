#!/usr/bin/env python3
"""Generate the Kronika demo data: infra/local/src/main/resources/demo/projects.json.

The ten projects are the seed descriptions in shared/seeds (000_d32d062b41b7344a.txt). Everything a seed does
not say (dates, participant counts, breakdowns, document titles) is illustrative and invented here; where a seed
gives a number (60 young people, 200 kits per municipality, six regulations, 18 trained employees ...) it is used.

Deterministic: standard library only, a fixed random seed, no clock. Run from anywhere:

    python3 infra/local/src/demo/generate_demo.py

Within each project the commands are written in the order they would have been sent (by date; definitions
first), so indicators and planned activities exist before the activities naming them, and corrections and
retractions follow the activity they concern.
"""

import copy
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20240601
rng = random.Random(SEED)
LATEST = dt.date(2026, 11, 27)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "main", "resources", "demo", "projects.json"))

ABOUT = ("Demo data derived from shared/seeds: the ten seed project descriptions of the programme, each with a "
         "logframe (indicators, planned activities taken from the seed's main activities) and a dated history of "
         "recorded activities, corrections, retractions, amendments, indicator redefinitions and direct "
         "measurements. Numbers the seeds state (60 young people, 200 Citizen Investment Kits per municipality, "
         "six regulations, 18 trained employees ...) are used; all other dates and counts are illustrative, not "
         "reported figures. Where a seed gives no breakdown (e.g. by sex), none is invented and those "
         "participants stay unspecified. Document references and hashes are placeholders. Two seeds name no "
         "organisation: their organisation names are invented and marked organisationInvented=true.")

# What each activity type must carry besides the common fields.
# Members an activity of the type may leave out (not stated), beside those every one states.
OPTIONAL_FIELDS = {"meeting-held": ["deliveryMode"]}

TYPE_FIELDS = {
    "training-delivered": ["module", "sessions"],
    "mentoring-session-held": ["topic", "organisationsMentored"],
    "meeting-held": ["kind", "institution"],
    "document-published": ["kind", "document"],
    "recommendation-adopted": ["institution", "recommendation", "sourceActivityId"],
    "regulation-progressed": ["stage", "regulation", "institution"],
    "campaign-run": ["kind", "channel", "reach"],
    "media-produced": ["kind", "count", "document"],
    "materials-distributed": ["item", "quantity"],
    "memorandum-signed": ["counterpart", "document"],
    "body-established": ["kind", "name", "members"],
    "award-granted": ["kind", "count", "purpose"],
    "youth-initiative-implemented": ["initiative"],
}


def D(text):
    return dt.date.fromisoformat(text)


def wd(day):
    """Move a weekend day to the nearest working day (Saturday -> Friday, Sunday -> Monday)."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def plus(day, days):
    return day + dt.timedelta(days=days)


def slug(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def doc(project_id, title, ext="pdf"):
    """A placeholder document reference; the hash is the SHA-256 of the title, so it is stable."""
    return {"title": title,
            "reference": "demo-docs/%s/%s.%s" % (project_id, slug(title), ext),
            "sha256": hashlib.sha256(title.encode("utf-8")).hexdigest()}


def split(total, weights):
    """Distribute total over the keys of weights (largest remainder); zero parts are left out."""
    if total <= 0:
        return {}
    wsum = float(sum(weights.values()))
    raw = {k: total * w / wsum for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    rest = total - sum(parts.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - parts[k]), list(weights).index(k)))[:rest]:
        parts[k] += 1
    return {k: v for k, v in parts.items() if v > 0}


def ppl(total, female=None, ages=None, comm=None, sex_unknown=0, age_unknown=0, comm_unknown=0, jitter=True):
    """Participants: total and optional breakdowns. female: a share (float) or an exact count (int)."""
    p = {"total": total}
    if female is not None:
        known = total - sex_unknown
        if isinstance(female, float):
            f = round(known * female)
            if jitter and known >= 6:
                f += rng.choice([-1, 0, 0, 1])
            f = max(0, min(known, f))
        else:
            f = female
        p["bySex"] = {"female": f, "male": known - f}
    if ages:
        p["byAgeBand"] = split(total - age_unknown, ages)
    if comm:
        p["byCommunity"] = split(total - comm_unknown, comm)
    return p


def around(n, spread):
    """An illustrative count near n."""
    return n + rng.randint(-spread, spread)


# Rough community make-up used for breakdowns in each municipality (illustrative weights, not census data).
COMMUNITIES = {
    "Prishtinë": {"albanian": 95, "serb": 1, "turkish": 1, "bosniak": 1, "ashkali": 1, "other": 1},
    "Mitrovicë e Jugut": {"albanian": 93, "bosniak": 2, "turkish": 1, "roma": 1, "ashkali": 2, "other": 1},
    "Mitrovicë e Veriut": {"serb": 82, "bosniak": 8, "albanian": 6, "gorani": 2, "other": 2},
    "Vushtrri": {"albanian": 96, "ashkali": 2, "roma": 1, "serb": 1},
    "Skënderaj": {"albanian": 100},
    "Fushë Kosovë": {"albanian": 86, "ashkali": 7, "roma": 3, "egyptian": 2, "serb": 2},
    "Graçanicë": {"serb": 68, "albanian": 22, "roma": 10},
    "Ferizaj": {"albanian": 95, "ashkali": 4, "roma": 1},
    "Gjilan": {"albanian": 95, "serb": 2, "roma": 2, "turkish": 1},
    "Prizren": {"albanian": 82, "bosniak": 8, "turkish": 6, "roma": 2, "gorani": 2},
    "Pejë": {"albanian": 88, "bosniak": 6, "egyptian": 3, "roma": 2, "montenegrin": 1},
    "Gjakovë": {"albanian": 94, "egyptian": 4, "roma": 2},
    "Kamenicë": {"albanian": 85, "serb": 13, "roma": 2},
    "Novobërdë": {"serb": 55, "albanian": 45},
    "Obiliq": {"albanian": 92, "serb": 4, "ashkali": 2, "roma": 2},
    "Lipjan": {"albanian": 94, "serb": 3, "ashkali": 3},
    "Shtërpcë": {"serb": 60, "albanian": 40},
}

STAFF_AGES = {"25-34": 35, "35-64": 65}
ADULT_AGES = {"18-24": 8, "25-34": 30, "35-64": 55, "65-plus": 7}
YOUTH_AGES = {"18-24": 80, "25-34": 20}


class Project:
    def __init__(self, register):
        self.register = register
        self.pid = register["projectId"]
        self.start = D(register["startDate"])
        self.items = []
        self.seq = 0
        self.activities = {}
        self.activity_types = {}
        self.activity_keys = {}

    def _add(self, when, prio, path, body):
        self.seq += 1
        key = (when, prio, self.seq)
        self.items.append((key, {"path": path, "body": body}))
        return key

    # -- logframe -------------------------------------------------------------------------------------------
    def indicator(self, iid, name, unit, counts, aggregation, baseline, target, dims=(), periods=None):
        body = {"indicatorId": iid, "name": name, "unit": unit, "counts": counts, "aggregation": aggregation,
                "baseline": baseline, "target": target,
                "periodTargets": [{"periodId": k, "target": v} for k, v in (periods or [])],
                "dimensions": list(dims)}
        self._add(self.start, 1, "indicators", body)

    def redefine(self, iid, when, reason, **changes):
        body = {}
        for k, v in changes.items():
            if k == "periodTargets":
                v = [{"periodId": p, "target": t} for p, t in v]
            body[k] = v
        body["reason"] = reason
        self._add(D(when), 1, "indicators/%s/redefinitions" % iid, body)

    def planned(self, paid, title, atype, count, inds=()):
        assert atype in TYPE_FIELDS, atype
        self._add(self.start, 2, "planned-activities",
                  {"plannedActivityId": paid, "title": title, "activityType": atype, "plannedCount": count,
                   "indicatorIds": list(inds)})

    def amend(self, when, reason, **fields):
        body = dict(fields)
        body["reason"] = reason
        self._add(D(when), 0, "amendments", body)

    # -- history --------------------------------------------------------------------------------------------
    def act(self, atype, aid, title, on, spec, muni=None, people=None, planned=None, inds=(), lag=0):
        assert aid not in self.activities, aid
        assert set(TYPE_FIELDS[atype]) <= set(spec) <= set(TYPE_FIELDS[atype]) | set(OPTIONAL_FIELDS.get(atype, ())), \
            (aid, sorted(spec))
        on = D(on) if isinstance(on, str) else on
        body = {"activityId": aid, "title": title, "occurredOn": on.isoformat()}
        if muni:
            body["municipality"] = muni
        if people is not None:
            body["participants"] = people
        if planned:
            body["plannedActivityId"] = planned
        body["indicatorIds"] = list(inds)
        body.update(spec)
        self.activities[aid] = body
        self.activity_types[aid] = atype
        self.activity_keys[aid] = self._add(plus(on, lag), 3, "activities/" + atype, body)
        return aid

    def correct(self, aid, when, reason, **changes):
        corrected = copy.deepcopy(self.activities[aid])
        for k, v in changes.items():
            if v is None:
                corrected.pop(k, None)
            else:
                corrected[k] = v
        when = D(when)
        assert (when, 5) > self.activity_keys[aid][:2], aid
        self.activities[aid] = corrected
        self._add(when, 5, "activities/%s/corrections" % aid, {"reason": reason, "corrected": corrected})

    def retract(self, aid, when, reason):
        when = D(when)
        assert (when, 5) > self.activity_keys[aid][:2], aid
        self._add(when, 5, "activities/%s/retractions" % aid, {"reason": reason})

    def measure(self, iid, mid, on, value, muni=None, breakdown=None, source=None):
        body = {"measurementId": mid, "measuredOn": on, "value": value}
        if muni:
            body["municipality"] = muni
        if breakdown:
            body["breakdown"] = breakdown
        if source:
            body["source"] = source
        self._add(D(on), 4, "indicators/%s/measurements" % iid, body)

    def report(self, period, submitted, comment, approved, approval_comment):
        """The period's report submitted by the recorder, then approved by a programme officer."""
        self._add(D(submitted), 6, "periods/%s/submissions" % period, {"comment": comment})
        self._add(D(approved), 7, "periods/%s/approvals" % period, {"comment": approval_comment})

    def close(self, when, comment):
        """Closed out by a programme officer, once every report is approved: nothing is recorded after it."""
        self._add(D(when), 8, "closures", {"comment": comment})

    def export(self):
        ordered = [cmd for _, cmd in sorted(self.items, key=lambda item: item[0])]
        return {"register": self.register, "commands": ordered}


# =====================================================================================================
# 1. KOMF - Coalition of NGOs for Child Protection
# =====================================================================================================
def komf():
    p = Project({
        "projectId": "komf-child-protection",
        "organisationId": "komf",
        "organisation": "Koalicioni i OJQ-ve për Mbrojtjen e Fëmijëve (KOMF)",
        "organisationInvented": False,
        "title": "Strengthening the Coalition of NGOs for Child Protection and accountability in the child "
                 "protection system",
        "summary": "The project aims to strengthen the Coalition of NGOs for Child Protection in the advancement and "
                   "maintenance of good governance, participation in policy-making processes, raising and "
                   "diversifying funds and intensification of advocacy. It also aims to strengthen and increase "
                   "accountability in the child protection system through monitoring, advocacy, awareness raising "
                   "and mobilization of relevant actors.",
        "generalGoal": "Improve the situation of children and families in Kosovo.",
        "specificObjectives": [
            "Strengthen the Coalition of NGOs for Child Protection and its member organizations as a key actor "
            "for the protection of children's rights.",
            "Strengthen and increase accountability in the child protection system through monitoring, advocacy, "
            "awareness raising and mobilization of relevant actors."],
        "targetGroups": [
            "KOMF member organizations",
            "Vulnerable children and families in Kosovo",
            "Decision makers and relevant officials from the central and municipal level",
            "Professionals and service providers for children and families in need of social protection"],
        "municipalities": ["Prishtinë", "Gjilan", "Prizren", "Pejë", "Mitrovicë e Jugut"],
        "startDate": "2024-02-01",
        "endDate": "2025-07-31",
    })
    pid = p.pid
    p.indicator("komf-i-trained", "Staff of member organizations trained under the Capacity Building Program",
                "count", "participants", "sum", 0, 160, ["sex"],
                [("2024-Q2", 60), ("2024-Q3", 100), ("2024-Q4", 160)])
    p.indicator("komf-i-mentoring", "On-the-job mentoring sessions held with member organizations", "count",
                "activities", "sum", 0, 8, [], [("2024-Q3", 4), ("2024-Q4", 8)])
    p.indicator("komf-i-forum-reach", "Officials, professionals and service providers reached by regional "
                "advocacy forums", "count", "participants", "sum", 0, 150, ["sex", "municipality"])
    p.indicator("komf-i-recs-adopted", "Monitoring Report recommendations adopted by central or municipal "
                "institutions", "count", "activities", "sum", 0, 6, ["municipality"])
    p.indicator("komf-i-mechanisms", "Monitored municipalities with a functional child rights protection "
                "mechanism as foreseen by the Law on Child Protection", "percent", "measured", "latest", 20, 60)

    p.planned("komf-p-needs", "Development of a needs assessment for coalition members and the coalition itself",
              "document-published", 1)
    p.planned("komf-p-cbp", "Development of a “Capacity Building Program” for coalition members, with modules on "
              "good governance, fundraising, development and implementation of internal policies and procedures "
              "for child protection, advocacy", "document-published", 1)
    p.planned("komf-p-training", "Conducting capacity-building training sessions for members based on the defined "
              "areas in the “Capacity Building Program”", "training-delivered", 8, ["komf-i-trained"])
    p.planned("komf-p-mentoring", "Organizing on-the-job mentoring sessions with member organizations in the four "
              "aforementioned areas", "mentoring-session-held", 8, ["komf-i-mentoring"])
    p.planned("komf-p-monitoring", "Monitoring the implementation of the Law on Child Protection in key "
              "municipalities in Kosovo", "meeting-held", 5)
    p.planned("komf-p-report", "Preparation and publication of the Monitoring Report on the implementation of the "
              "Law on Child Protection", "document-published", 1)
    p.planned("komf-p-forums", "Organizing regional advocacy forums to present and disseminate recommendations "
              "from the Monitoring Report on the implementation of the Law on Child Protection", "meeting-held", 5,
              ["komf-i-forum-reach"])
    p.planned("komf-p-advocacy", "Collaboration with relevant stakeholders to ensure the adoption and "
              "implementation of the recommendations from the Monitoring Report: advocacy meetings",
              "meeting-held", 3)
    p.planned("komf-p-adoption", "Collaboration with relevant stakeholders to ensure the adoption and "
              "implementation of the recommendations from the Monitoring Report on the implementation of the Law "
              "on Child Protection", "recommendation-adopted", 6, ["komf-i-recs-adopted"])

    p.act("document-published", "komf-needs-assessment", "Needs assessment of KOMF member organizations and the "
          "coalition", "2024-03-28", {"kind": "needs-assessment", "document": doc(
              pid, "Needs assessment of KOMF member organizations and the coalition 2024")},
          muni=None, planned="komf-p-needs")
    p.act("document-published", "komf-cbp", "Capacity Building Program for coalition members", "2024-04-19",
          {"kind": "programme", "document": doc(pid, "KOMF Capacity Building Program 2024-2025")},
          planned="komf-p-cbp")

    modules = [("governance", "Good governance"), ("fundraising", "Fundraising and diversification of funds"),
               ("cp-policies", "Internal child protection policies and procedures"), ("advocacy", "Advocacy")]
    training_dates = ["2024-05-14", "2024-05-28", "2024-06-18", "2024-07-09",
                      "2024-09-24", "2024-10-15", "2024-11-05", "2024-11-26"]
    training_places = ["Prishtinë", "Prishtinë", "Gjilan", "Prishtinë", "Prizren", "Prishtinë", "Pejë", "Prishtinë"]
    for i, day in enumerate(training_dates):
        key, module = modules[i % 4]
        cohort = 1 + i // 4
        p.act("training-delivered", "komf-training-%s-%d" % (key, cohort),
              "Capacity Building Program training: %s (cohort %d)" % (module.lower(), cohort), day,
              {"module": module, "sessions": 2}, muni=training_places[i],
              people=ppl(around(20, 3), 0.76, STAFF_AGES), planned="komf-p-training", inds=["komf-i-trained"])

    topics = ["Good governance", "Fundraising", "Internal child protection policies and procedures", "Advocacy"]
    places = ["Prishtinë", "Gjilan", "Prizren", "Pejë", "Mitrovicë e Jugut", "Prishtinë", "Prishtinë", "Gjilan"]
    day = D("2024-06-11")
    for i in range(10):
        n_org = rng.choice([2, 3, 3, 4])
        p.act("mentoring-session-held", "komf-mentoring-%02d" % (i + 1),
              "On-the-job mentoring: %s" % topics[i % 4].lower(), wd(day),
              {"topic": topics[i % 4], "organisationsMentored": n_org}, muni=places[i % len(places)],
              people=ppl(n_org * 2 + rng.randint(0, 2), 0.75), planned="komf-p-mentoring",
              inds=["komf-i-mentoring"])
        day = plus(day, 24)

    p.amend("2024-06-20", "Coalition members working in Ferizaj asked that the municipality be included; the "
            "monitoring of the Law on Child Protection is extended to six municipalities.",
            municipalities=["Prishtinë", "Gjilan", "Prizren", "Pejë", "Mitrovicë e Jugut", "Ferizaj"])

    monitoring = [("prishtine", "Prishtinë", "2024-07-02"), ("gjilan", "Gjilan", "2024-07-11"),
                  ("prizren", "Prizren", "2024-07-18"), ("peje", "Pejë", "2024-08-27"),
                  ("mitrovice", "Mitrovicë e Jugut", "2024-09-05"), ("ferizaj", "Ferizaj", "2024-09-12")]
    for key, muni, day in monitoring:
        p.act("meeting-held", "komf-monitoring-" + key, "Monitoring visit on the implementation of the Law on "
              "Child Protection", day, {"kind": "monitoring-visit",
                                        "institution": "Municipality of %s – Directorate of Health and Social "
                                                       "Welfare" % muni},
              muni=muni, people=ppl(around(8, 2), 0.6, STAFF_AGES), planned="komf-p-monitoring")

    p.act("document-published", "komf-monitoring-report", "Monitoring Report on the implementation of the Law on "
          "Child Protection", "2024-11-20", {"kind": "monitoring-report", "document": doc(
              pid, "Monitoring Report on the implementation of the Law on Child Protection 2024")},
          planned="komf-p-report")
    report_doc = doc(pid, "Monitoring Report on the implementation of the Law on Child Protection 2024")
    p.measure("komf-i-mechanisms", "komf-m-mechanisms-2024", "2024-11-20", 33.3, source=report_doc)

    forums = [("prishtine", "Prishtinë", "2024-12-10"), ("gjilan", "Gjilan", "2024-12-17"),
              ("prizren", "Prizren", "2025-01-21"), ("peje", "Pejë", "2025-01-28"),
              ("mitrovice", "Mitrovicë e Jugut", "2025-02-11")]
    for key, muni, day in forums:
        p.act("meeting-held", "komf-forum-" + key, "Regional advocacy forum on the Monitoring Report "
              "recommendations", day, {"kind": "forum", "institution": None}, muni=muni,
              people=ppl(around(32, 6), 0.68, STAFF_AGES, COMMUNITIES[muni]), planned="komf-p-forums",
              inds=["komf-i-forum-reach"])

    advocacy = [("mflt", "Ministry of Finance, Labour and Transfers", "2025-02-25"),
                ("assembly", "Assembly of Kosovo – Committee on Health and Social Welfare", "2025-03-13"),
                ("ogg", "Office of the Prime Minister – Office for Good Governance", "2025-04-03")]
    for key, inst, day in advocacy:
        p.act("meeting-held", "komf-advocacy-" + key, "Advocacy meeting on the Monitoring Report "
              "recommendations", day, {"kind": "advocacy-meeting", "institution": inst}, muni="Prishtinë",
              people=ppl(around(9, 3), 0.55, STAFF_AGES), planned="komf-p-advocacy")

    adopted = [
        ("gjilan", "Gjilan", "2025-03-20", "Municipality of Gjilan",
         "Allocate a dedicated budget line for child protection services in the municipal budget",
         "komf-forum-gjilan"),
        ("prizren", "Prizren", "2025-04-15", "Municipality of Prizren",
         "Appoint a child rights protection officer within the Directorate of Health and Social Welfare",
         "komf-forum-prizren"),
        ("mflt", None, "2025-05-08", "Ministry of Finance, Labour and Transfers",
         "Issue guidance to municipalities on case management standards for children at risk",
         "komf-advocacy-mflt"),
        ("peje", "Pejë", "2025-06-12", "Municipality of Pejë",
         "Establish a municipal coordination mechanism for child protection with social services, police, "
         "schools and health centres", "komf-forum-peje"),
        ("ferizaj", "Ferizaj", "2025-07-03", "Municipality of Ferizaj",
         "Include child protection indicators in the municipal annual work plan and report",
         "komf-monitoring-report"),
    ]
    for key, muni, day, inst, rec, src in adopted:
        p.act("recommendation-adopted", "komf-adopted-" + key, "Monitoring Report recommendation adopted", day,
              {"institution": inst, "recommendation": rec, "sourceActivityId": src}, muni=muni,
              planned="komf-p-adoption", inds=["komf-i-recs-adopted"])
    p.measure("komf-i-mechanisms", "komf-m-mechanisms-2025", "2025-07-15", 50.0,
              source=doc(pid, "KOMF follow-up monitoring note on municipal child protection mechanisms 2025"))

    p.redefine("komf-i-mentoring", "2024-10-01", "Demand for on-the-job mentoring after the needs assessment was "
               "higher than planned; the donor agreed to two more sessions within the existing budget.",
               target=10, periodTargets=[("2024-Q4", 8), ("2025-Q1", 10)])

    # corrections
    t = p.activities["komf-training-fundraising-1"]
    p.correct("komf-training-fundraising-1", "2024-06-04", "Two trainers were counted among the participants; "
              "participants and the breakdown by sex corrected from the attendance sheet.",
              participants=ppl(t["participants"]["total"] - 2,
                               t["participants"]["bySex"]["female"] - 1, STAFF_AGES))
    p.correct("komf-mentoring-05", "2024-09-30", "The session was held a day later than entered (postponed at the "
              "member organization's request).",
              occurredOn=plus(D(p.activities["komf-mentoring-05"]["occurredOn"]), 1).isoformat())
    return p


# =====================================================================================================
# 2. The Balkan Forum - ToKeQark
# =====================================================================================================
def balkan_forum():
    munis = ["Ferizaj", "Fushë Kosovë", "Graçanicë", "Mitrovicë e Jugut"]
    p = Project({
        "projectId": "balkan-forum-tokeqark",
        "organisationId": "the-balkan-forum",
        "organisation": "The Balkan Forum (The BF)",
        "organisationInvented": False,
        "title": "ToKeQark: young people's solutions for climate change and the circular economy",
        "summary": "The project aims to promote environmental sustainability and mitigate climate change in four "
                   "municipalities of Kosovo: Ferizaj, Fushë Kosovë, Graçanicë and Mitrovica. Over 12 months it "
                   "facilitates the development of knowledge, skills, resources and networking that enable young "
                   "people and students from different social groups to research, explore and test innovative "
                   "solutions to environmental challenges and the transition to a circular economy.",
        "generalGoal": "Improve the treatment of environmental challenges and the transition towards a circular "
                       "economy in Kosovo, through increased involvement and enhanced skills of various interest "
                       "groups.",
        "specificObjectives": [
            "A network of 60 young people, social entrepreneurs, policymakers, academics and NGOs from Kosovo "
            "implements innovative and tailored solutions for climate change, environmental challenges and the "
            "transition towards a circular economy, for the benefit of citizens in 4 municipalities and beyond."],
        "targetGroups": [
            "Young people from different affiliations in Ferizaj, Fushë Kosovë, Graçanicë and Mitrovicë e Jugut",
            "Citizens of the four municipalities where the youth initiatives are implemented",
            "NGOs, businesses, educational institutions and local authorities of the four municipalities"],
        "municipalities": munis,
        "startDate": "2024-03-01",
        "endDate": "2025-02-28",
    })
    pid = p.pid
    p.indicator("bf-i-youth", "Young people trained and part of the ToKeQark network", "count", "participants",
                "sum", 0, 60, ["sex", "community", "municipality"], [("2024-Q2", 60)])
    p.indicator("bf-i-initiatives", "Youth initiatives implemented (one per municipality)", "count", "activities",
                "sum", 0, 4, ["municipality"], [("2024-Q4", 4)])
    p.indicator("bf-i-campaigns", "Circular economy campaigns run", "count", "activities", "sum", 0, 4,
                ["municipality"])
    p.indicator("bf-i-scholarships", "Scholarships granted for innovation, green future and education for peace",
                "count", "items", "sum", 0, 10)
    p.indicator("bf-i-awareness", "Citizens aware of their roles and responsibilities regarding the environment "
                "and regional economy", "percent", "measured", "latest", 31, 50, ["municipality"])

    p.planned("bf-p-research", "Research on Innovation and scanning/mapping", "document-published", 2)
    p.planned("bf-p-training", "Capacity building, Training and building network of project participants",
              "training-delivered", 4, ["bf-i-youth"])
    p.planned("bf-p-network", "Capacity building, Training and building network of project participants: the "
              "ToKeQark network", "body-established", 1)
    p.planned("bf-p-initiatives", "Implementation of Youth Initiatives", "youth-initiative-implemented", 4,
              ["bf-i-initiatives"])
    p.planned("bf-p-campaigns", "Circular Economy Campaigns", "campaign-run", 4, ["bf-i-campaigns"])
    p.planned("bf-p-scholarships", "Establishing a scholarship program for innovation, green future and education "
              "for peace", "award-granted", 2, ["bf-i-scholarships"])

    p.act("document-published", "bf-innovation-research", "Research on innovation for climate and circular "
          "economy solutions", "2024-04-12", {"kind": "research", "document": doc(
              pid, "Innovation scan: climate and circular economy solutions in four Kosovo municipalities")},
          planned="bf-p-research")
    p.act("document-published", "bf-actor-mapping", "Mapping of local actors in environment and circular economy",
          "2024-04-30", {"kind": "mapping", "document": doc(
              pid, "Mapping of NGOs, businesses, schools and institutions working on environment and circular "
                   "economy in Ferizaj, Fushë Kosovë, Graçanicë and Mitrovicë e Jugut")},
          planned="bf-p-research")

    for muni, day in zip(munis, ["2024-05-11", "2024-05-18", "2024-05-25", "2024-06-01"]):
        p.act("training-delivered", "bf-training-" + slug(muni), "ToKeQark capacity building training", day,
              {"module": "Climate action, circular economy and project design", "sessions": 4}, muni=muni,
              people=ppl(15, 0.53, {"18-24": 80, "25-34": 20}, COMMUNITIES[muni]), planned="bf-p-training",
              inds=["bf-i-youth"])
    for muni in munis:
        p.measure("bf-i-awareness", "bf-m-baseline-" + slug(muni), "2024-04-22",
                  {"Ferizaj": 33, "Fushë Kosovë": 29, "Graçanicë": 27, "Mitrovicë e Jugut": 34}[muni], muni=muni,
                  source=doc(pid, "ToKeQark baseline citizen survey, April 2024"))
    p.act("body-established", "bf-network", "ToKeQark network launched", "2024-06-20",
          {"kind": "network", "name": "ToKeQark network", "members": 60}, planned="bf-p-network")
    p.act("meeting-held", "bf-network-meetup", "ToKeQark network meeting with local NGOs, businesses and "
          "institutions", "2024-07-04", {"kind": "workshop", "institution": None}, muni="Graçanicë",
          people=ppl(48, 0.52, {"18-24": 60, "25-34": 25, "35-64": 15},
                     {"albanian": 30, "serb": 12, "roma": 3, "ashkali": 3}))
    p.redefine("bf-i-youth", "2024-07-15", "The donor's youth programme reports by age band; age bands were "
               "collected at the trainings and are now part of the indicator.",
               dimensions=["sex", "age-band", "community", "municipality"])

    initiatives = [
        ("Ferizaj", "2024-09-28", "Repair café and textile reuse corner run by young volunteers"),
        ("Fushë Kosovë", "2024-10-19", "Community composting pilot with households and a primary school"),
        ("Graçanicë", "2024-11-09", "Plastic-free school yards: sorting stations and student eco-patrols"),
        ("Mitrovicë e Jugut", "2025-01-25", "Upcycled street furniture from waste pallets along the riverside"),
    ]
    for muni, day, title in initiatives:
        p.act("youth-initiative-implemented", "bf-initiative-" + slug(muni), "Youth initiative: " + title, day,
              {"initiative": title}, muni=muni,
              people=ppl(around(24, 6), 0.5, {"15-17": 25, "18-24": 55, "25-34": 20}, COMMUNITIES[muni]),
              planned="bf-p-initiatives", inds=["bf-i-initiatives"])
    # Ferizaj's initiative was entered a second time under another id by the local coordinator.
    p.act("youth-initiative-implemented", "bf-initiative-ferizaj-repair-cafe", "Repair café Ferizaj",
          "2024-09-28", {"initiative": "Repair café and textile reuse corner run by young volunteers"},
          muni="Ferizaj", people=ppl(22), planned="bf-p-initiatives", inds=["bf-i-initiatives"], lag=9)
    p.retract("bf-initiative-ferizaj-repair-cafe", "2024-10-14", "Recorded twice: the same youth initiative is "
              "already recorded as bf-initiative-ferizaj.")

    campaigns = [("Ferizaj", "2024-10-26", 4800), ("Fushë Kosovë", "2024-11-23", 3500),
                 ("Graçanicë", "2024-12-14", 2900), ("Mitrovicë e Jugut", "2025-02-15", 4100)]
    for muni, day, reach in campaigns:
        p.act("campaign-run", "bf-campaign-" + slug(muni), "Circular economy campaign", day,
              {"kind": "circular-economy", "channel": "Street stands, school visits and social media",
               "reach": reach}, muni=muni, planned="bf-p-campaigns", inds=["bf-i-campaigns"])
    p.correct("bf-campaign-fushe-kosove", "2024-12-05", "Social media reach had been added twice (page and boosted "
              "post report); reach corrected from the analytics export.", reach=2700)

    p.amend("2025-01-20", "No-cost extension of two months: the Mitrovicë e Jugut initiative was delayed by "
            "winter weather, and the second scholarship call needs time for selection.", endDate="2025-04-30")
    p.act("award-granted", "bf-scholarships-round-1", "Scholarship programme: first call", "2024-11-29",
          {"kind": "scholarship", "count": 6, "purpose": "Innovation, green future and education for peace"},
          planned="bf-p-scholarships", inds=["bf-i-scholarships"])
    p.act("award-granted", "bf-scholarships-round-2", "Scholarship programme: second call", "2025-03-28",
          {"kind": "scholarship", "count": 4, "purpose": "Innovation, green future and education for peace"},
          planned="bf-p-scholarships", inds=["bf-i-scholarships"])
    for muni in munis:
        p.measure("bf-i-awareness", "bf-m-endline-" + slug(muni), "2025-04-10",
                  {"Ferizaj": 49, "Fushë Kosovë": 44, "Graçanicë": 41, "Mitrovicë e Jugut": 52}[muni], muni=muni,
                  source=doc(pid, "ToKeQark endline citizen survey, April 2025"))

    g = p.activities["bf-training-gracanice"]
    fixed = dict(g["participants"]["byCommunity"])
    fixed["albanian"] -= 1
    fixed["roma"] = fixed.get("roma", 0) + 1
    p.correct("bf-training-gracanice", "2024-06-10", "Community breakdown fixed: one participant from the Roma "
              "community had been entered as Albanian.",
              participants=dict(g["participants"], byCommunity=fixed))
    return p


# =====================================================================================================
# 3. Open Data Kosovo - Digital Agenda
# =====================================================================================================
def odk():
    munis = ["Prishtinë", "Prizren", "Pejë", "Gjakovë", "Gjilan", "Ferizaj", "Mitrovicë e Jugut"]
    p = Project({
        "projectId": "odk-digital-agenda",
        "organisationId": "open-data-kosovo",
        "organisation": "Open Data Kosovo",
        "organisationInvented": False,
        "title": "Advancing digital knowledge and monitoring the Digital Agenda in Kosovo",
        "summary": "The project aims to advance and promote digital knowledge in Kosovo, encompassing central and "
                   "local governance, CSOs, students, media and citizens: tailored training for municipal "
                   "officials, digital skills and awareness among university students, discussions and joint "
                   "meetings with CSOs and media on the Digital Agenda, and an annual report monitoring the "
                   "implementation of the Digital Agenda with recommendations for e-Governance strategies.",
        "generalGoal": "Advance and promote digital literacy in Kosovo, involving both central and local "
                       "governance, as well as CSOs, students, media and the general public.",
        "specificObjectives": [
            "Promote digitalization and enhance digital capacities for more effective and inclusive local "
            "governance through tailored training programs for municipal officials.",
            "Build digital skills and increase awareness among targeted university students for incorporating "
            "best practices related to digital transformation.",
            "Increase the role of CSOs and media in addressing challenges related to the Digital Agenda and the use "
            "of ICT at central and local levels through discussions and joint meetings.",
            "Monitor the implementation of the Digital Agenda at national level through an annual report with "
            "recommendations on e-Governance strategies and efforts."],
        "targetGroups": ["Municipal officials", "University students", "Civil society organizations and media",
                         "Citizens"],
        "municipalities": munis,
        "startDate": "2023-09-01",
        "endDate": "2024-12-31",
    })
    pid = p.pid
    p.indicator("odk-i-officials", "Municipal officials trained in digital governance", "count", "participants",
                "sum", 0, 140, ["sex", "municipality"], [("2024-Q1", 60), ("2024-Q2", 140)])
    p.indicator("odk-i-talkdigital", "‘TalkDigital’ meetings held with CSOs and media", "count", "activities",
                "sum", 0, 4, [], [("2024-Q2", 2), ("2024-Q4", 4)])
    p.indicator("odk-i-students", "University students engaged in the research on automated services", "count",
                "participants", "sum", 0, 120, ["sex"])
    p.indicator("odk-i-observatory", "Digital Agenda Observatory annual report published", "yes-no", "measured",
                "latest", 0, 1)
    p.indicator("odk-i-skills", "Municipal officials' self-assessed digital skills after training (1-5)", "score",
                "measured", "average", 2.6, 3.5)

    p.planned("odk-p-initial", "Initial phase", "meeting-held", 2)
    p.planned("odk-p-initial-assessment", "Initial phase: assessment of municipal training needs",
              "document-published", 1)
    p.planned("odk-p-training", "Training for municipal officials", "training-delivered", 7, ["odk-i-officials"])
    p.planned("odk-p-talkdigital", "‘TalkDigital’ meetings", "meeting-held", 4, ["odk-i-talkdigital"])
    p.planned("odk-p-research", "Research on automated services in universities", "document-published", 1)
    p.planned("odk-p-research-groups", "Research on automated services in universities: student focus groups",
              "meeting-held", 3, ["odk-i-students"])
    p.planned("odk-p-observatory", "Digital Agenda Observatory", "document-published", 1)
    p.planned("odk-p-closing", "Closing event", "meeting-held", 1)

    for key, inst, day in [("ais", "Agency for Information Society", "2023-09-19"),
                           ("akm", "Association of Kosovo Municipalities", "2023-10-17")]:
        p.act("meeting-held", "odk-initial-" + key, "Initial phase: consultation on the Digital Agenda and "
              "municipal e-services", day, {"kind": "consultation", "institution": inst}, muni="Prishtinë",
              people=ppl(around(7, 2), 0.45, STAFF_AGES), planned="odk-p-initial")
    p.act("document-published", "odk-needs-assessment", "Assessment of municipal training needs on digital "
          "governance", "2023-11-15", {"kind": "needs-assessment", "document": doc(
              pid, "Digital skills and e-services: training needs of seven municipalities")},
          planned="odk-p-initial-assessment")

    day = D("2024-01-23")
    for muni in munis:
        p.act("training-delivered", "odk-training-" + slug(muni), "Training for municipal officials on digital "
              "governance and e-services", wd(day), {"module": "Digital Agenda, e-services and open data for "
                                                               "municipalities", "sessions": 2}, muni=muni,
              people=ppl(around(20, 3), 0.42, STAFF_AGES), planned="odk-p-training", inds=["odk-i-officials"])
        day = plus(day, 16)
    for mid, when, value in [("2024-q1", "2024-03-29", 3.2), ("2024-q2", "2024-06-07", 3.4)]:
        p.measure("odk-i-skills", "odk-m-skills-" + mid, when, value,
                  source=doc(pid, "Post-training self-assessment survey of municipal officials, " + mid.upper()))

    talks = [("open-data", "Open data in municipalities", "2024-02-20", "Prishtinë"),
             ("cyber", "Cybersecurity and personal data protection", "2024-06-06", None),
             ("media", "Media reporting on the Digital Agenda", "2024-07-18", "Prizren"),
             ("inclusion", "Digital inclusion of non-majority communities and rural areas", "2024-11-07", "Gjilan")]
    for key, topic, day, muni in talks:
        p.act("meeting-held", "odk-talkdigital-" + key, "‘TalkDigital’: " + topic, day,
              dict({"kind": "thematic-discussion"}, **({"deliveryMode": "online"} if key == "cyber" else {}),
                   institution=None), muni=muni,
              people=ppl(around(26, 6), 0.5, {"18-24": 15, "25-34": 45, "35-64": 40}),
              planned="odk-p-talkdigital", inds=["odk-i-talkdigital"])
    p.act("meeting-held", "odk-talkdigital-cybersecurity", "‘TalkDigital’: Cybersecurity and personal data "
          "protection (online)", "2024-06-06", {"kind": "thematic-discussion", "deliveryMode": "online",
                                                "institution": None},
          people=ppl(31), planned="odk-p-talkdigital", inds=["odk-i-talkdigital"], lag=4)
    p.retract("odk-talkdigital-cybersecurity", "2024-06-17", "Duplicate: the online meeting of 6 June is already "
              "recorded as odk-talkdigital-cyber.")

    unis = [("up", "University of Prishtina", "Prishtinë", "2024-03-14"),
            ("uhz", "University “Haxhi Zeka”", "Pejë", "2024-03-28"),
            ("ukz", "University “Kadri Zeka”", "Gjilan", "2024-05-09")]
    for key, uni, muni, day in unis:
        p.act("meeting-held", "odk-focus-group-" + key, "Student focus group on automated services in "
              "universities", day, {"kind": "workshop", "institution": uni}, muni=muni,
              people=ppl(around(30, 5), 0.58, {"18-24": 90, "25-34": 10}), planned="odk-p-research-groups",
              inds=["odk-i-students"])
    p.act("document-published", "odk-research-universities", "Research on automated services in universities",
          "2024-07-10", {"kind": "research", "document": doc(
              pid, "Automated services in Kosovo universities: the impact of the pandemic on digitalization")},
          planned="odk-p-research")
    p.redefine("odk-i-students", "2024-05-20", "Renamed to say what is counted: students taking part in the focus "
               "groups of the research.", name="University students taking part in the focus groups on automated "
                                               "services")
    obs = doc(pid, "Digital Agenda Observatory: annual report 2024")
    p.act("document-published", "odk-observatory-2024", "Digital Agenda Observatory annual report", "2024-11-21",
          {"kind": "annual-report", "document": obs}, planned="odk-p-observatory")
    p.measure("odk-i-observatory", "odk-m-observatory-2024", "2024-11-21", 1, source=obs)
    p.act("meeting-held", "odk-closing", "Closing event: presentation of the Digital Agenda Observatory", "2024-12-12",
          {"kind": "closing-event", "institution": None}, muni="Prishtinë",
          people=ppl(74, 0.49, {"18-24": 20, "25-34": 35, "35-64": 45}), planned="odk-p-closing")

    p.correct("odk-training-gjakove", "2024-03-20", "Wrong date entered: the training in Gjakovë took place a week "
              "later, after the municipal assembly session was moved.",
              occurredOn=plus(D(p.activities["odk-training-gjakove"]["occurredOn"]), 7).isoformat())
    return p


# =====================================================================================================
# 4. Network of Peace Movement (NOPM) - local governance
# =====================================================================================================
def nopm():
    munis = ["Mitrovicë e Jugut", "Vushtrri", "Skënderaj"]
    key = {"Mitrovicë e Jugut": "mit", "Vushtrri": "vus", "Skënderaj": "ske"}
    p = Project({
        "projectId": "nopm-local-governance",
        "organisationId": "nopm",
        "organisation": "Network of Peace Movement (NOPM)",
        "organisationInvented": False,
        "title": "Citizens and CSOs in local decision-making, policy-making and accountability",
        "summary": "The project addresses three components: public participation in decision-making "
                   "(consultation, citizen supervision, participatory budgeting); participation of citizens and "
                   "CSOs in policy-making (harmonization of municipal regulations, work plans); and accountability "
                   "(oversight role of the municipal assembly, financial management, provision of services), and "
                   "proposes corrective actions where the targeted municipalities have had setbacks in recent "
                   "years.",
        "generalGoal": "Raise awareness, empower and increase active participation of citizens and CSOs in "
                       "decision-making processes for the improvement of local governance and the development of "
                       "local policies.",
        "specificObjectives": [
            "Raise awareness and empower citizens and CSOs regarding effective participation in decision-making "
            "processes, policy-making, accountability and transparency.",
            "Harmonize and adopt municipal regulations in accordance with the current legislation, in "
            "collaboration between civil society and municipal officials."],
        "targetGroups": ["Citizens, including women and youth groups", "Minority communities", "Local authorities",
                         "Local councils and village councils"],
        "municipalities": munis,
        "startDate": "2023-09-01",
        "endDate": "2025-06-30",
    })
    pid = p.pid
    p.indicator("nopm-i-kits", "Citizen Investment Kits distributed", "count", "items", "sum", 0, 600,
                ["municipality"], [("2023-Q4", 300), ("2024-Q1", 600)])
    p.indicator("nopm-i-regulations", "Municipal regulations adopted", "count", "activities", "sum", 0, 6,
                ["municipality"], [("2024-Q4", 3), ("2025-Q2", 6)])
    p.indicator("nopm-i-citizens", "Citizens taking part in workshops, public debates, council meetings, "
                "roundtables and budget hearings", "count", "participants", "sum", 0, 1200, ["sex", "municipality"])
    p.indicator("nopm-i-hearings", "Public budget hearings held with the budget and finance department", "count",
                "activities", "sum", 0, 9, ["municipality"])
    p.indicator("nopm-i-influence", "Citizens who believe they can influence municipal decisions", "percent",
                "measured", "latest", 19, 35, ["municipality"])

    P = {}
    lines = [
        ("workshops", "Organize dynamic workshops in each municipality, empowering citizens to actively engage in "
                      "decision-making processes and contribute to policy development", "meeting-held", 3,
         ["nopm-i-citizens"]),
        ("regulations", "Initiate and revise six municipal regulations (two per municipality)",
         "regulation-progressed", 18, ["nopm-i-regulations"]),
        ("debates", "Facilitating six lively public debates and consultations to foster meaningful dialogue with "
                    "citizens", "meeting-held", 6, ["nopm-i-citizens"]),
        ("councils", "Conduct five productive meetings in each municipality with local councils and village "
                     "councils, identifying community needs and effectively addressing concerns of local groups",
         "meeting-held", 15, ["nopm-i-citizens"]),
        ("kits", "Facilitate the distribution of 200 Citizen Investment Kits in each municipality, empowering "
                 "citizens to actively participate in capital investment planning", "materials-distributed", 6,
         ["nopm-i-kits"]),
        ("decision-makers", "Organize two influential meetings in each municipality, engaging local decision-makers "
                            "from the executive and legislative branches to convert identified needs into concrete "
                            "proposals", "meeting-held", 6, []),
        ("roundtables", "Foster inclusive and productive roundtable discussions in each municipality, allowing "
                        "village councils to tackle challenges and assume responsibilities effectively",
         "meeting-held", 3, ["nopm-i-citizens"]),
        ("hearings", "Promote transparency and public engagement through the organization of three interactive "
                     "budget hearings in each municipality, in collaboration with the budget and finance "
                     "department", "meeting-held", 9, ["nopm-i-citizens", "nopm-i-hearings"]),
        ("schools", "Deliver impactful training sessions in schools across each municipality, equipping the public "
                    "with essential knowledge on decision-making and policy-making participation",
         "training-delivered", 3, []),
        ("advocacy", "Conduct focused advocacy meetings, emphasizing increased public participation, policy-making "
                     "involvement, and active engagement of CSOs in municipal processes", "meeting-held", 3, []),
        ("video", "Create a compelling video spot, showcasing the importance of public participation and the "
                  "invaluable contributions of CSOs in shaping decision-making processes", "media-produced", 1, []),
        ("audit", "Foster learning through workshops in three municipalities, comprehensively covering external "
                  "auditor reports, internal reports, annual financial statements, recommendations, and financial "
                  "obligations", "meeting-held", 3, []),
        ("assembly", "Conduct a high-impact workshop, enlightening municipal assembly members and the policy and "
                     "finance committee on their oversight role towards the executive branch", "meeting-held", 1,
         []),
        ("workplans", "Enhance the capacities of municipal departments through tailored capacity-building "
                      "activities, empowering them to develop and implement annual work plans while establishing "
                      "robust reporting mechanisms", "training-delivered", 3, []),
    ]
    for k, title, atype, count, inds in lines:
        P[k] = "nopm-p-" + k
        p.planned(P[k], title, atype, count, inds)

    def citizens(muni, total, female=0.45, detailed=True, ages=None):
        if not detailed:
            return ppl(total, female)
        return ppl(total, female, ages or ADULT_AGES, COMMUNITIES[muni], age_unknown=rng.randint(0, 2))

    # baseline survey
    for muni, v in zip(munis, [17, 21, 19]):
        p.measure("nopm-i-influence", "nopm-m-baseline-" + key[muni], "2023-10-20", v, muni=muni,
                  source=doc(pid, "Baseline survey on citizen participation in Mitrovicë e Jugut, Vushtrri and "
                                  "Skënderaj, October 2023"))

    for muni, day in zip(munis, ["2023-10-10", "2023-10-24", "2023-11-07"]):
        p.act("meeting-held", "nopm-workshop-" + key[muni], "Citizen workshop on participation in decision-making",
              day, {"kind": "workshop", "institution": None}, muni=muni,
              people=citizens(muni, around(38, 6), 0.48, detailed=False), planned=P["workshops"],
              inds=["nopm-i-citizens"])

    regs = {
        "Mitrovicë e Jugut": [("local-councils", "Regulation on the organization and functioning of local councils"),
                              ("consultation", "Regulation on public consultation procedures")],
        "Vushtrri": [("participatory-budget", "Regulation on participatory budgeting"),
                     ("cso-subsidies", "Regulation on criteria and procedures for subsidizing civil society "
                                       "organizations")],
        "Skënderaj": [("village-councils", "Regulation on village councils"),
                      ("assembly-transparency", "Regulation on transparency and public participation in municipal "
                                                "assembly meetings")],
    }
    initiated = ["2023-11-14", "2023-12-05", "2023-11-21", "2023-12-12", "2023-11-28", "2024-01-16"]
    debates = ["2024-02-13", "2024-03-05", "2024-02-20", "2024-03-19", "2024-02-27", "2024-04-09"]
    revised = ["2024-04-23", "2024-05-28", "2024-05-07", "2024-06-11", "2024-05-14", "2024-06-25"]
    adopted = ["2024-07-25", "2024-10-31", "2024-09-26", "2025-01-30", "2024-12-19", "2025-04-24"]
    i = 0
    for muni in munis:
        for rk, reg in regs[muni]:
            rid = "nopm-reg-%s-%s" % (key[muni], rk)
            p.act("regulation-progressed", rid + "-initiated", "Regulation initiated: " + reg, initiated[i],
                  {"stage": "initiated", "regulation": reg, "institution": "Municipality of " + muni}, muni=muni,
                  planned=P["regulations"])
            p.act("meeting-held", "nopm-debate-%s-%s" % (key[muni], rk), "Public debate on the draft " + reg[0].lower()
                  + reg[1:], debates[i], {"kind": "public-debate", "institution": "Municipality of " + muni},
                  muni=muni, people=citizens(muni, around(42, 10), 0.41, detailed=D(debates[i]) >= D("2024-01-15")),
                  planned=P["debates"], inds=["nopm-i-citizens"])
            p.act("regulation-progressed", rid + "-revised", "Regulation revised after public consultation: " + reg,
                  revised[i], {"stage": "revised", "regulation": reg, "institution": "Municipality of " + muni},
                  muni=muni, planned=P["regulations"])
            p.act("regulation-progressed", rid + "-adopted", "Regulation adopted: " + reg, adopted[i],
                  {"stage": "adopted", "regulation": reg, "institution": "Municipal Assembly of " + muni},
                  muni=muni, planned=P["regulations"], inds=["nopm-i-regulations"])
            i += 1

    p.redefine("nopm-i-citizens", "2024-01-15", "The donor's reporting template now asks for age bands and "
               "communities, to show the inclusion of youth and minority communities the project targets.",
               dimensions=["sex", "age-band", "community", "municipality"])
    p.redefine("nopm-i-kits", "2023-12-18", "Printing of the kits waited for the municipalities' 2024 capital "
               "investment lists; distribution moved to spring 2024, before the budget hearings.",
               periodTargets=[("2024-Q1", 300), ("2024-Q2", 600)])

    # five council meetings per municipality
    council_days = ["2023-12-07", "2024-02-08", "2024-04-04", "2024-09-12", "2024-11-14"]
    for muni in munis:
        offset = munis.index(muni) * 5
        for n, day in enumerate(council_days, start=1):
            when = wd(plus(D(day), offset))
            p.act("meeting-held", "nopm-council-%s-%d" % (key[muni], n), "Meeting with local and village councils "
                  "on community needs", when, {"kind": "council-meeting", "institution": "Local and village "
                                                                                         "councils of " + muni},
                  muni=muni, people=citizens(muni, around(24, 7), 0.3, detailed=when >= D("2024-01-15")),
                  planned=P["councils"], inds=["nopm-i-citizens"])
    p.act("meeting-held", "nopm-council-ske-3b", "Meeting with village councils, Skënderaj (April)",
          wd(plus(D(council_days[2]), 10)), {"kind": "council-meeting", "institution": "Local and village councils "
                                                                                       "of Skënderaj"},
          muni="Skënderaj", people=ppl(p.activities["nopm-council-ske-3"]["participants"]["total"]),
          planned=P["councils"], inds=["nopm-i-citizens"], lag=3)
    p.retract("nopm-council-ske-3b", "2024-04-30", "Entered twice: this is the same meeting as nopm-council-ske-3.")

    kits = [("Mitrovicë e Jugut", "2024-03-12", 120), ("Vushtrri", "2024-03-19", 110),
            ("Skënderaj", "2024-03-26", 100), ("Mitrovicë e Jugut", "2024-05-14", 80),
            ("Vushtrri", "2024-05-21", 90), ("Skënderaj", "2024-06-04", 100)]
    for n, (muni, day, qty) in enumerate(kits):
        p.act("materials-distributed", "nopm-kits-%s-%d" % (key[muni], 1 + n // 3), "Distribution of Citizen "
              "Investment Kits", day, {"item": "Citizen Investment Kit", "quantity": qty}, muni=muni,
              planned=P["kits"], inds=["nopm-i-kits"])

    for muni in munis:
        for n, day in enumerate(["2024-04-18", "2024-09-26"], start=1):
            when = wd(plus(D(day), munis.index(muni) * 2))
            p.act("meeting-held", "nopm-decision-makers-%s-%d" % (key[muni], n), "Meeting with the mayor's office "
                  "and assembly members on proposals from community needs", when,
                  {"kind": "decision-makers-meeting", "institution": "Municipality of %s – Mayor's office and "
                                                                     "Municipal Assembly" % muni},
                  muni=muni, people=ppl(around(14, 3), 0.35, STAFF_AGES), planned=P["decision-makers"])

    hearing_days = ["2024-06-18", "2024-07-16", "2025-06-10"]
    for muni in munis:
        for n, day in enumerate(hearing_days, start=1):
            when = wd(plus(D(day), munis.index(muni)))
            p.act("meeting-held", "nopm-hearing-%s-%d" % (key[muni], n), "Public budget hearing", when,
                  {"kind": "budget-hearing", "institution": "Municipality of %s – Directorate of Budget and "
                                                            "Finance" % muni},
                  muni=muni, people=citizens(muni, around(45, 12), 0.38), planned=P["hearings"],
                  inds=["nopm-i-citizens", "nopm-i-hearings"])

    for muni, day in zip(munis, ["2024-10-17", "2024-10-24", "2024-11-05"]):
        p.act("meeting-held", "nopm-roundtable-" + key[muni], "Roundtable with village councils on their "
              "responsibilities", day, {"kind": "roundtable", "institution": "Local and village councils of " + muni},
              muni=muni, people=citizens(muni, around(27, 5), 0.3), planned=P["roundtables"],
              inds=["nopm-i-citizens"])

    for muni, day in zip(munis, ["2024-03-07", "2024-03-14", "2024-03-21"]):
        p.act("training-delivered", "nopm-schools-" + key[muni], "Training sessions in secondary schools on "
              "participation in decision-making and policy-making", day,
              {"module": "How municipal decisions are made and how citizens take part", "sessions": 4},
              muni=muni, people=ppl(around(96, 12), 0.55, {"15-17": 100}, COMMUNITIES[muni]),
              planned=P["schools"])

    for k, inst, day, muni in [("mlga", "Ministry of Local Government Administration", "2024-09-10", None),
                               ("mit-assembly", "Municipal Assembly of Mitrovicë e Jugut – Policy and Finance "
                                                "Committee", "2025-02-18", "Mitrovicë e Jugut"),
                               ("vus-assembly", "Municipal Assembly of Vushtrri – Policy and Finance Committee",
                                "2025-05-13", "Vushtrri")]:
        p.act("meeting-held", "nopm-advocacy-" + k, "Advocacy meeting on public participation and CSO engagement "
              "in municipal processes", day, {"kind": "advocacy-meeting", "institution": inst}, muni=muni,
              people=ppl(around(10, 3), 0.4, STAFF_AGES), planned=P["advocacy"])

    p.act("media-produced", "nopm-video-spot", "Video spot on public participation and the role of CSOs",
          "2024-10-21", {"kind": "video-spot", "count": 1, "document": doc(
              pid, "Video spot: your voice in municipal decisions", "mp4")}, planned=P["video"])

    for muni, day in zip(munis, ["2024-10-08", "2024-10-29", "2024-11-12"]):
        p.act("meeting-held", "nopm-audit-workshop-" + key[muni], "Workshop on external auditor reports, internal "
              "reports and annual financial statements", day,
              {"kind": "workshop", "institution": "Municipality of %s – Directorate of Budget and Finance" % muni},
              muni=muni, people=ppl(around(19, 4), 0.42, STAFF_AGES), planned=P["audit"])
    p.act("meeting-held", "nopm-assembly-workshop", "Workshop for municipal assembly members and the policy and "
          "finance committees on their oversight role", "2024-12-05",
          {"kind": "workshop", "institution": "Municipal assemblies of Mitrovicë e Jugut, Vushtrri and Skënderaj"},
          muni="Vushtrri", people=ppl(33, 0.36, STAFF_AGES), planned=P["assembly"])
    for muni, day in zip(munis, ["2025-01-21", "2025-02-04", "2025-02-25"]):
        p.act("training-delivered", "nopm-workplans-" + key[muni], "Capacity building for municipal departments on "
              "annual work plans and reporting", day,
              {"module": "Annual work plans and reporting mechanisms", "sessions": 3}, muni=muni,
              people=ppl(around(17, 3), 0.47, STAFF_AGES), planned=P["workplans"])

    for muni, v in zip(munis, [31, 36, 29]):
        p.measure("nopm-i-influence", "nopm-m-endline-" + key[muni], "2025-06-20", v, muni=muni,
                  source=doc(pid, "Endline survey on citizen participation in Mitrovicë e Jugut, Vushtrri and "
                                  "Skënderaj, June 2025"))

    # corrections
    c = p.activities["nopm-council-vus-2"]
    p.correct("nopm-council-vus-2", "2024-02-20", "Participants miscounted: the sign-in sheets of two village "
              "councils were counted twice.",
              participants=citizens("Vushtrri", c["participants"]["total"] - 5, 0.3))
    p.correct("nopm-kits-ske-2", "2024-06-12", "Four kits were not handed out on the day (recipients absent) and "
              "went back to stock; quantity corrected.", quantity=96)
    p.act("materials-distributed", "nopm-kits-ske-3", "Distribution of remaining Citizen Investment Kits",
          "2024-06-18", {"item": "Citizen Investment Kit", "quantity": 4}, muni="Skënderaj", planned=P["kits"],
          inds=["nopm-i-kits"])
    p.correct("nopm-reg-vus-cso-subsidies-adopted", "2025-02-07", "Adoption date corrected to the assembly session "
              "in which the regulation was voted (the entry used the date of the committee's recommendation).",
              occurredOn="2025-01-31")
    return p


# =====================================================================================================
# 5. Kosovo Local Government Institute (KLGI)
# =====================================================================================================
def klgi():
    munis = ["Prishtinë", "Fushë Kosovë", "Obiliq", "Lipjan", "Graçanicë", "Gjilan", "Kamenicë", "Novobërdë"]
    p = Project({
        "projectId": "klgi-cso-incubator",
        "organisationId": "klgi",
        "organisation": "Kosovo Local Government Institute (KLGI)",
        "organisationInvented": False,
        "title": "CSOs as articulators between local communities and municipalities",
        "summary": "An integrated intervention in four dimensions: empowering the capacities of CSOs for community "
                   "initiatives; strengthening the role, tools and practices of civil society as articulators and "
                   "interlocutors between local communities and municipalities; networking and thematic and "
                   "professional support from KLGI as an “incubator of ideas and initiatives” between "
                   "municipalities and local CSOs; and exchanging practices and regional models.",
        "generalGoal": "Strengthen local governance by advancing inter-institutional dialogue and policies, "
                       "enhancing capacities, increasing the role of civil society, promoting digitization and "
                       "innovation, and strengthening regional cooperation.",
        "specificObjectives": [
            "Strengthen the capacities of local CSOs for the development of community initiatives.",
            "Increase the participation and contribution of citizens and local communities in policy-making "
            "through the facilitation of CSOs.",
            "Include CSOs in the KLGI platform (incubator) for thematic support in co-creating local policies.",
            "Build a regional partnership of CSOs creating networks and sharing practices and models."],
        "targetGroups": ["Eight municipalities", "Members of a local CSO",
                         "Representative groups of participants and social activists",
                         "Institutional representatives and municipal mechanisms"],
        "municipalities": munis,
        "startDate": "2023-10-01",
        "endDate": "2025-03-31",
    })
    pid = p.pid
    p.indicator("klgi-i-trained", "CSO member participations in the advanced modular trainings", "count",
                "participants", "sum", 0, 96, ["sex"], [("2024-Q1", 96)])
    p.indicator("klgi-i-engaged", "Representative group members and institutional representatives engaged in "
                "facilitation meetings", "count", "participants", "sum", 0, 96, ["sex", "community", "municipality"])
    p.indicator("klgi-i-initiatives", "Community initiatives taken up by municipalities", "count", "activities",
                "sum", 0, 8, ["municipality"], [("2024-Q4", 4), ("2025-Q1", 8)])
    p.indicator("klgi-i-support", "Thematic support sessions provided to CSOs through the KLGI platform", "count",
                "activities", "sum", 0, 6)

    p.planned("klgi-p-training", "Advanced modular trainings for CSOs", "training-delivered", 4, ["klgi-i-trained"])
    p.planned("klgi-p-groups", "Engagement of CSOs in local communities (underrepresented groups) and local "
              "institutions (facilitation): representative groups", "body-established", 3)
    p.planned("klgi-p-facilitation", "Engagement of CSOs in local communities (underrepresented groups) and local "
              "institutions (facilitation)", "meeting-held", 8, ["klgi-i-engaged"])
    p.planned("klgi-p-initiatives", "Engagement of CSOs in local communities and local institutions: community "
              "initiatives taken up by municipalities", "recommendation-adopted", 8, ["klgi-i-initiatives"])
    p.planned("klgi-p-platform", "Thematic and professional support platform (KLGI platform)", "body-established", 1)
    p.planned("klgi-p-support", "Thematic and professional support platform (KLGI platform): thematic support "
              "to CSOs", "mentoring-session-held", 6, ["klgi-i-support"])
    p.planned("klgi-p-network", "Building a network for experience sharing and model adaptation",
              "body-established", 1)
    p.planned("klgi-p-exchange", "Building a network for experience sharing and model adaptation: regional "
              "exchange of practices", "meeting-held", 2)
    p.planned("klgi-p-partnerships", "Building a network for experience sharing and model adaptation: regional "
              "partnerships", "memorandum-signed", 1)

    modules = [("community-initiatives", "Designing community initiatives", "2023-11-16"),
               ("policy-cocreation", "Co-creating local policies with municipalities", "2023-12-14"),
               ("participation-tools", "Tools for public participation and facilitation", "2024-01-25"),
               ("digital-innovation", "Digital tools and innovation in local governance", "2024-02-22")]
    for k, module, day in modules:
        p.act("training-delivered", "klgi-training-" + k, "Advanced modular training for CSOs: " + module.lower(),
              day, {"module": module, "sessions": 3}, muni="Prishtinë",
              people=ppl(around(23, 1), 0.58, {"18-24": 20, "25-34": 45, "35-64": 35}), planned="klgi-p-training",
              inds=["klgi-i-trained"])

    p.act("body-established", "klgi-platform", "KLGI platform launched as an incubator of ideas and initiatives",
          "2024-02-15", {"kind": "platform", "name": "KLGI platform – incubator of ideas and initiatives",
                         "members": 14}, planned="klgi-p-platform")
    groups = [("youth", "Youth representative group", "2024-03-06"),
              ("women", "Women's representative group", "2024-03-13"),
              ("communities", "Non-majority communities representative group", "2024-03-20")]
    for k, name, day in groups:
        p.act("body-established", "klgi-group-" + k, "Representative group established", day,
              {"kind": "working-group", "name": name, "members": 24}, planned="klgi-p-groups")

    day = D("2024-04-09")
    for muni in munis:
        p.act("meeting-held", "klgi-facilitation-" + slug(muni), "Facilitation meeting between representative "
              "groups and the municipality", wd(day), {"kind": "consultation", "institution": "Municipality of "
                                                                                              + muni},
              muni=muni, people=ppl(around(12, 2), 0.5, {"18-24": 25, "25-34": 35, "35-64": 40}, COMMUNITIES[muni]),
              planned="klgi-p-facilitation", inds=["klgi-i-engaged"])
        day = plus(day, 19)

    day = D("2024-03-12")
    topics = ["Community needs assessment", "Drafting an initiative for the municipal budget",
              "Public consultation platform (e-konsultimet) use", "Working with local councils",
              "Gender-responsive local policies", "Monitoring municipal decisions"]
    for n in range(6):
        n_org = rng.choice([1, 2, 2, 3])
        p.act("mentoring-session-held", "klgi-support-%02d" % (n + 1), "Thematic support through the KLGI "
              "platform", wd(day), {"topic": topics[n % len(topics)], "organisationsMentored": n_org},
              muni=munis[n % len(munis)], people=ppl(n_org * 2 + rng.randint(0, 1)), planned="klgi-p-support",
              inds=["klgi-i-support"])
        day = plus(day, 55)

    p.act("body-established", "klgi-network", "Regional network for experience sharing and model adaptation",
          "2024-10-10", {"kind": "network", "name": "Regional network of CSOs for local governance practices",
                         "members": 11}, planned="klgi-p-network")
    p.act("memorandum-signed", "klgi-mou-albania", "Partnership memorandum with a regional CSO partner",
          "2024-10-10", {"counterpart": "Partner CSO from Albania (member of the regional network)",
                         "document": doc(pid, "Memorandum of partnership with the Albanian partner CSO")},
          planned="klgi-p-partnerships")
    p.act("meeting-held", "klgi-exchange-workshop", "Regional workshop on adapting local participation models",
          "2024-11-28", {"kind": "workshop", "institution": None}, muni="Prishtinë",
          people=ppl(34, 0.53, {"25-34": 40, "35-64": 60}), planned="klgi-p-exchange")
    p.act("meeting-held", "klgi-exchange-conference", "Regional conference on local governance practices and "
          "models", "2025-02-20", {"kind": "conference", "institution": None}, muni="Prishtinë",
          people=ppl(68, 0.5, {"18-24": 10, "25-34": 35, "35-64": 55}), planned="klgi-p-exchange")

    p.redefine("klgi-i-initiatives", "2024-09-30", "Mid-term review with the donor: Kamenicë and Novobërdë agreed "
               "on one joint inter-municipal initiative, so the target is seven.",
               target=7, periodTargets=[("2024-Q4", 4), ("2025-Q1", 7)])
    uptake = [("prishtine", "Prishtinë", "2024-11-14", "Neighbourhood youth consultations before each budget "
                                                       "hearing"),
              ("fushe-kosove", "Fushë Kosovë", "2024-11-26", "Municipal scholarship quota for Roma, Ashkali and "
                                                              "Egyptian secondary school students"),
              ("lipjan", "Lipjan", "2024-12-17", "Accessible public transport stop near the health centre"),
              ("gjilan", "Gjilan", "2025-01-22", "Women's safety walk recommendations included in the street "
                                                 "lighting plan"),
              ("gracanice", "Graçanicë", "2025-02-13", "Bilingual information desk for municipal services"),
              ("obiliq", "Obiliq", "2025-03-06", "Local council involvement in the air quality action plan"),
              ("kamenice", "Kamenicë", "2025-03-20", "Joint Kamenicë–Novobërdë mobile service point for villages "
                                                     "far from the municipal centres")]
    for k, muni, day, rec in uptake:
        p.act("recommendation-adopted", "klgi-initiative-" + k, "Community initiative taken up by the municipality",
              day, {"institution": "Municipality of " + muni, "recommendation": rec,
                    "sourceActivityId": "klgi-facilitation-" + slug(muni)}, muni=muni,
              planned="klgi-p-initiatives", inds=["klgi-i-initiatives"])

    f = p.activities["klgi-facilitation-obiliq"]
    fixed = dict(f["participants"]["byCommunity"])
    fixed["albanian"] -= 2
    fixed["serb"] = fixed.get("serb", 0) + 2
    p.correct("klgi-facilitation-obiliq", "2024-06-03", "Community breakdown corrected: two members of the Serb "
              "community had been entered as Albanian.", participants=dict(f["participants"], byCommunity=fixed))
    return p


# =====================================================================================================
# 6. Kosova Education Center (KEC) - Media Clubs
# =====================================================================================================
def kec():
    munis = ["Prishtinë", "Ferizaj", "Gjilan", "Prizren", "Pejë", "Mitrovicë e Jugut"]
    p = Project({
        "projectId": "kec-media-clubs",
        "organisationId": "kec",
        "organisation": "Kosova Education Center (KEC)",
        "organisationInvented": False,
        "title": "Media literacy and resilience to misinformation through school Media Clubs",
        "summary": "The project aims to enhance media literacy and combat misinformation in Kosovo through a "
                   "comprehensive educational initiative: integrating media education into school curricula, "
                   "establishing partnerships with media organizations and fact-checking platforms, and raising "
                   "awareness about critical thinking and digital media literacy, so that citizens, especially "
                   "students, can critically analyze information and identify false narratives.",
        "generalGoal": "Empower youth, families and communities to identify and address the risks arising from the "
                       "internet and contribute to social digital transformation.",
        "specificObjectives": [
            "Develop the capacities of young people in higher secondary schools through training, partnerships "
            "between schools, civic engagement and piloting community service."],
        "targetGroups": ["Youth in higher secondary schools", "Partner schools and their Media Clubs",
                         "Families of beneficiaries", "Community members: teachers, parents and pensioners"],
        "municipalities": munis,
        "startDate": "2023-09-01",
        "endDate": "2025-06-30",
    })
    pid = p.pid
    p.indicator("kec-i-students", "Student participations in Media Club training sessions", "count",
                "participants", "sum", 0, 140, ["sex", "municipality"], [("2023-Q4", 140)])
    p.indicator("kec-i-clubs", "Media Clubs established in partner schools", "count", "activities", "sum", 0, 6,
                ["municipality"])
    p.indicator("kec-i-community", "Family and community members trained through door-to-door visits", "count",
                "participants", "sum", 0, 360, ["sex", "age-band", "municipality"],
                [("2024-Q4", 180), ("2025-Q1", 360)])
    p.indicator("kec-i-test", "Media Club members correctly identifying false narratives in a practical test",
                "percent", "measured", "average", 38, 70)

    p.planned("kec-p-selection", "Selection of partner schools for the project", "document-published", 1)
    p.planned("kec-p-mou", "Signing of Memorandums of Understanding with schools", "memorandum-signed", 6)
    p.planned("kec-p-clubs", "Signing of Memorandums of Understanding with schools and establishment of Media Clubs "
              "in schools", "body-established", 6, ["kec-i-clubs"])
    p.planned("kec-p-package", "Preparation and delivery of training packages for the Media Clubs: the training "
              "package", "document-published", 1)
    p.planned("kec-p-training", "Preparation and delivery of training packages for the Media Clubs",
              "training-delivered", 6, ["kec-i-students"])
    p.planned("kec-p-club-activities", "Planning and implementation of activities in schools by the Media Clubs",
              "youth-initiative-implemented", 6)
    p.planned("kec-p-network", "Establishment of the non-formal Network of Media Clubs “Youth for Digitalization” "
              "from partner schools", "body-established", 1)
    p.planned("kec-p-best-practices", "Publication of best practices on official communication channels of partner "
              "schools", "media-produced", 2)
    p.planned("kec-p-community-plan", "Development and implementation of a Plan to provide support to families and "
              "the community by the Media Clubs, based on the “community service” methodology",
              "document-published", 1)
    p.planned("kec-p-door-to-door", "Organization of training sessions through “door-to-door” visits for families",
              "training-delivered", 6, ["kec-i-community"])
    p.planned("kec-p-campaigns", "Organization of awareness campaigns on digital social transformation",
              "campaign-run", 3)
    p.planned("kec-p-compilation", "Compilation of best practices", "document-published", 1)
    p.planned("kec-p-closing", "Compilation of best practices and their presentation through the project’s "
              "closing event", "meeting-held", 1)

    p.act("document-published", "kec-school-selection", "Selection of partner schools", "2023-09-29",
          {"kind": "report", "document": doc(pid, "Selection of partner upper secondary schools: criteria and "
                                                  "results")}, planned="kec-p-selection")
    day = D("2023-10-09")
    for muni in munis:
        school = "Partner upper secondary school in " + muni
        p.act("memorandum-signed", "kec-mou-" + slug(muni), "Memorandum of Understanding with a partner school",
              wd(day), {"counterpart": school, "document": doc(pid, "Memorandum of Understanding with the partner "
                                                                    "school in " + muni)},
              muni=muni, planned="kec-p-mou")
        p.act("body-established", "kec-club-" + slug(muni), "Media Club established", wd(plus(day, 14)),
              {"kind": "club", "name": "Media Club – partner school " + muni, "members": around(24, 3)}, muni=muni,
              planned="kec-p-clubs", inds=["kec-i-clubs"])
        day = plus(day, 3)
    p.measure("kec-i-test", "kec-m-test-baseline", "2023-11-06", 38,
              source=doc(pid, "Media Club entry test on identifying false narratives, November 2023"))
    p.act("document-published", "kec-training-package", "Training package for the Media Clubs", "2023-11-10",
          {"kind": "programme", "document": doc(pid, "Media literacy training package for school Media Clubs")},
          planned="kec-p-package")

    day = D("2023-11-20")
    for muni in munis:
        members = p.activities["kec-club-" + slug(muni)]["members"]
        p.act("training-delivered", "kec-training-" + slug(muni), "Media Club training package delivered",
              wd(day), {"module": "Verifying information, digital safety and recognising manipulation",
                        "sessions": 6}, muni=muni,
              people=ppl(members - rng.randint(0, 2), 0.56, {"15-17": 85, "18-24": 15}),
              planned="kec-p-training", inds=["kec-i-students"])
        day = plus(day, 6)

    initiatives = ["Fact-checking corner in the school library", "Student podcast on online safety",
                   "Fake-news quiz for lower grades", "School noticeboard on reliable sources",
                   "Photo exhibition on manipulated images", "Peer workshops on privacy settings"]
    day = D("2024-04-15")
    for muni, ini in zip(munis, initiatives):
        p.act("youth-initiative-implemented", "kec-club-activity-" + slug(muni), "Media Club activity in school",
              wd(day), {"initiative": ini}, muni=muni,
              people=ppl(around(60, 20), 0.55, {"15-17": 90, "18-24": 10}), planned="kec-p-club-activities")
        day = plus(day, 6)
    p.measure("kec-i-test", "kec-m-test-midterm", "2024-05-17", 57,
              source=doc(pid, "Media Club mid-term test on identifying false narratives, May 2024"))
    p.act("body-established", "kec-network", "Network of Media Clubs “Youth for Digitalization” established",
          "2024-05-22", {"kind": "network", "name": "Youth for Digitalization", "members": 6}, muni="Prishtinë",
          planned="kec-p-network")
    for n, (day, count) in enumerate([("2024-06-14", 8), ("2025-05-23", 14)], start=1):
        p.act("media-produced", "kec-best-practices-%d" % n, "Best practices published on partner schools' "
              "channels", day, {"kind": "publication", "count": count, "document": None},
              planned="kec-p-best-practices")

    p.act("document-published", "kec-community-plan", "Plan for support to families and the community by the "
          "Media Clubs", "2024-09-20", {"kind": "plan", "document": doc(
              pid, "Community service plan of the Media Clubs 2024-2025")}, planned="kec-p-community-plan")
    family_ages = {"15-17": 10, "25-34": 15, "35-64": 55, "65-plus": 20}
    for rnd, start in enumerate(["2024-10-07", "2025-02-03"], start=1):
        day = D(start)
        for muni in munis[3 * (rnd - 1):3 * rnd]:
            p.act("training-delivered", "kec-door-to-door-" + slug(muni), "Door-to-door training sessions for "
                  "families on internet risks", wd(day), {"module": "Online risks for families", "sessions": 8},
                  muni=muni, people=ppl(around(62, 8), 0.6, family_ages,
                                        sex_unknown=2 if muni == "Prizren" else rng.randint(0, 1)),
                  planned="kec-p-door-to-door", inds=["kec-i-community"])
            day = plus(day, 16)
    p.redefine("kec-i-community", "2024-12-16", "The first round of door-to-door visits reached more family members "
               "per household than planned; target raised for the second round.", target=400,
               periodTargets=[("2024-Q4", 190), ("2025-Q1", 400)])

    for k, day, reach in [("cyber-month", "2024-10-28", 5200), ("safer-internet-day", "2025-02-11", 8700),
                          ("spring", "2025-04-17", 6100)]:
        p.act("campaign-run", "kec-campaign-" + k, "Awareness campaign on digital social transformation", day,
              {"kind": "digital-awareness", "channel": "School social media pages and community stands",
               "reach": reach}, planned="kec-p-campaigns")
    p.act("campaign-run", "kec-campaign-sid-2025", "Safer Internet Day campaign", "2025-02-11",
          {"kind": "digital-awareness", "channel": "School social media pages", "reach": 8700},
          planned="kec-p-campaigns", lag=6)
    p.retract("kec-campaign-sid-2025", "2025-02-24", "Duplicate entry of kec-campaign-safer-internet-day.")
    p.measure("kec-i-test", "kec-m-test-final", "2025-05-16", 69,
              source=doc(pid, "Media Club final test on identifying false narratives, May 2025"))
    p.act("document-published", "kec-best-practices-compilation", "Compilation of Media Club best practices",
          "2025-05-30", {"kind": "best-practices", "document": doc(pid, "Youth for Digitalization: best practices of "
                                                                        "the Media Clubs")},
          planned="kec-p-compilation")
    p.act("meeting-held", "kec-closing", "Closing event: presentation of the Media Clubs' best practices",
          "2025-06-12", {"kind": "closing-event", "institution": None}, muni="Prishtinë",
          people=ppl(126, 0.57, {"15-17": 60, "18-24": 8, "25-34": 10, "35-64": 22}), planned="kec-p-closing")

    d2 = p.activities["kec-door-to-door-prizren"]
    fem = d2["participants"]["bySex"]["female"]
    p.correct("kec-door-to-door-prizren", "2025-02-17", "Breakdown by sex completed from the visit forms: the "
              "sex of all family members is now known.",
              participants=dict(d2["participants"], bySex={"female": fem + 1,
                                                           "male": d2["participants"]["total"] - fem - 1}))
    return p


# =====================================================================================================
# 7. Diaspora in policy-making (seed names no organisation)
# =====================================================================================================
def diaspora():
    munis = ["Prishtinë", "Prizren", "Gjakovë", "Pejë"]
    p = Project({
        "projectId": "diaspora-policy-agora",
        "organisationId": "diaspora-policy-network",
        "organisation": "Rrjeti Diaspora për Politika (Diaspora Policy Network)",
        "organisationInvented": True,
        "title": "Agora: diaspora contributions to policy-making in Kosovo",
        "summary": "The project addresses the under-representation of diaspora communities in policy-making in "
                   "Kosovo and aims to enhance the capacity of policy-making institutions while fostering effective "
                   "partnerships. By engaging diaspora professionals and strengthening collaboration between the "
                   "diaspora, government and policy-making institutions, it seeks innovative, sustainable and "
                   "inclusive policies for the challenges faced by Kosovo and its diaspora.",
        "generalGoal": "Enhance policy-making processes in Kosovo through the optimization of contributions from the "
                       "diaspora.",
        "specificObjectives": [
            "Improve the representation of diaspora communities in policy-making by promoting the inclusion of "
            "their perspectives and expertise in policy development in Kosovo.",
            "Enhance the capacity of political institutions in Kosovo by leveraging the skills and knowledge of "
            "diaspora professionals in research, policy formulation and networking.",
            "Strengthen partnerships between the diaspora community, government and political institutions, "
            "encouraging innovation and promoting gender equality, equal opportunities and the inclusion of "
            "marginalized groups."],
        "targetGroups": ["Diaspora communities abroad, with priority for women and underrepresented groups",
                         "Ministry of Foreign Affairs and Diaspora",
                         "Assembly Committee on Foreign Affairs and Diaspora", "Civil society organizations",
                         "Field experts and diaspora professionals",
                         "Government authorities, including the Assembly and relevant ministries"],
        "municipalities": munis,
        "startDate": "2024-02-01",
        "endDate": "2025-06-30",
    })
    pid = p.pid
    p.indicator("dia-i-participants", "Diaspora members taking part in Agora discussions and thematic meetings",
                "count", "participants", "sum", 0, 300, ["sex", "age-band"], [("2024-Q3", 150), ("2024-Q4", 300)])
    p.indicator("dia-i-briefs", "Short policy briefs published", "count", "activities", "sum", 0, 4)
    p.indicator("dia-i-recommendations", "Recommendations taken up by the responsible institutions", "count",
                "activities", "sum", 0, 3)
    p.indicator("dia-i-represented", "Diaspora survey respondents who feel represented in Kosovo policy-making",
                "percent", "measured", "latest", 14, 25)

    p.planned("dia-p-needs", "Diaspora needs analysis and problem identification", "document-published", 1)
    p.planned("dia-p-agora", "6 public discussions “Agora” in diaspora communities", "meeting-held", 6,
              ["dia-i-participants"])
    p.planned("dia-p-advisory", "Establishment of a diaspora advisory group", "body-established", 1)
    p.planned("dia-p-virtual", "Virtual meetings and thematic discussions", "meeting-held", 4,
              ["dia-i-participants"])
    p.planned("dia-p-briefs", "Preparation of short policy briefs", "document-published", 4, ["dia-i-briefs"])
    p.planned("dia-p-professionals", "Engagement of diaspora professionals", "meeting-held", 2)
    p.planned("dia-p-advocacy", "Advocacy meetings with responsible institutions", "meeting-held", 3)
    p.planned("dia-p-uptake", "Advocacy meetings with responsible institutions: recommendations taken up",
              "recommendation-adopted", 3, ["dia-i-recommendations"])
    p.planned("dia-p-oversight", "Creation of an oversight mechanism", "body-established", 1)
    p.planned("dia-p-campaign", "Development of an online information campaign", "campaign-run", 2)
    p.planned("dia-p-conference", "Final conference", "meeting-held", 1)

    survey = doc(pid, "Diaspora needs analysis 2024: survey and problem identification")
    p.act("document-published", "dia-needs-analysis", "Diaspora needs analysis and problem identification",
          "2024-04-10", {"kind": "needs-assessment", "document": survey}, planned="dia-p-needs")
    p.measure("dia-i-represented", "dia-m-represented-2024", "2024-04-10", 14, source=survey)

    diaspora_ages = {"18-24": 12, "25-34": 33, "35-64": 48, "65-plus": 7}
    agoras = [("stuttgart", "Stuttgart", "2024-04-27", None), ("zurich", "Zurich", "2024-05-25", None),
              ("vienna", "Vienna", "2024-06-15", None), ("gjakove", "Gjakovë (summer diaspora visit)", "2024-08-10",
                                                         "Gjakovë"),
              ("malmo", "Malmö", "2024-09-28", None), ("brussels", "Brussels", "2024-10-26", None)]
    for k, place, day, muni in agoras:
        # Vienna's was streamed too: its correction counts the online participants once.
        p.act("meeting-held", "dia-agora-" + k, "Agora public discussion: " + place, day,
              {"kind": "public-debate", "deliveryMode": "hybrid" if k == "vienna" else "in-person",
               "institution": None}, muni=muni,
              people=ppl(around(42, 12), 0.44, diaspora_ages, age_unknown=rng.randint(0, 4)), planned="dia-p-agora",
              inds=["dia-i-participants"])
    p.act("body-established", "dia-advisory-group", "Diaspora advisory group established", "2024-06-03",
          {"kind": "advisory-group", "name": "Diaspora Advisory Group", "members": 11}, planned="dia-p-advisory")

    virtual = [("investment", "Diaspora investment and remittances", "2024-05-08"),
               ("education", "Albanian-language supplementary schooling abroad", "2024-06-26"),
               ("voting", "Voting rights and participation from abroad", "2024-09-11"),
               ("brain-circulation", "Brain circulation and return of professionals", "2025-01-15")]
    for k, topic, day in virtual:
        p.act("meeting-held", "dia-virtual-" + k, "Virtual thematic discussion: " + topic, day,
              {"kind": "thematic-discussion", "deliveryMode": "online", "institution": None},
              people=ppl(around(24, 8), 0.45, diaspora_ages, age_unknown=rng.randint(0, 3)),
              planned="dia-p-virtual", inds=["dia-i-participants"])

    briefs = [("investment", "Channelling diaspora investment into productive sectors", "2024-07-17"),
              ("education", "Sustainable funding for supplementary schooling abroad", "2024-09-04"),
              ("voting", "Making out-of-country voting accessible", "2024-11-06"),
              ("brain-circulation", "From brain drain to brain circulation", "2025-02-05")]
    for k, title, day in briefs:
        p.act("document-published", "dia-brief-" + k, "Policy brief: " + title, day,
              {"kind": "policy-brief", "document": doc(pid, "Policy brief: " + title)}, planned="dia-p-briefs",
              inds=["dia-i-briefs"])

    for k, inst, day in [("mfad", "Ministry of Foreign Affairs and Diaspora", "2024-07-24"),
                         ("committee", "Assembly Committee on Foreign Affairs and Diaspora", "2024-10-02")]:
        p.act("meeting-held", "dia-experts-" + k, "Expert session with diaspora professionals", day,
              {"kind": "workshop", "institution": inst}, muni="Prishtinë",
              people=ppl(around(16, 4), 0.5, {"25-34": 30, "35-64": 70}), planned="dia-p-professionals")

    for k, inst, day in [("mfad", "Ministry of Foreign Affairs and Diaspora", "2024-11-13"),
                         ("committee", "Assembly Committee on Foreign Affairs and Diaspora", "2025-01-22"),
                         ("mesti", "Ministry of Education, Science, Technology and Innovation", "2025-03-12")]:
        p.act("meeting-held", "dia-advocacy-" + k, "Advocacy meeting on diaspora policy recommendations", day,
              {"kind": "advocacy-meeting", "institution": inst}, muni="Prishtinë",
              people=ppl(around(8, 2), 0.5, STAFF_AGES), planned="dia-p-advocacy")

    p.act("body-established", "dia-oversight", "Oversight mechanism on diaspora policy commitments", "2025-01-29",
          {"kind": "oversight-mechanism", "name": "Diaspora Policy Watch", "members": 7},
          planned="dia-p-oversight")
    for k, day, reach in [("wave-1", "2025-03-20", 41000), ("wave-2", "2025-04-24", 36500)]:
        p.act("campaign-run", "dia-campaign-" + k, "Online information campaign on diaspora participation", day,
              {"kind": "information", "channel": "Facebook, Instagram and diaspora media", "reach": reach},
              planned="dia-p-campaign")

    for k, inst, day, rec, src in [
            ("mfad-consultation", "Ministry of Foreign Affairs and Diaspora", "2025-02-26",
             "Consult the Diaspora Advisory Group when drafting the diaspora strategy", "dia-advocacy-mfad"),
            ("committee-hearing", "Assembly Committee on Foreign Affairs and Diaspora", "2025-04-02",
             "Hold an annual hearing with diaspora representatives", "dia-advocacy-committee"),
            ("mesti-curriculum", "Ministry of Education, Science, Technology and Innovation", "2025-05-21",
             "Update the supplementary schooling curriculum with diaspora teachers' input", "dia-brief-education")]:
        p.act("recommendation-adopted", "dia-uptake-" + k, "Recommendation taken up", day,
              {"institution": inst, "recommendation": rec, "sourceActivityId": src}, planned="dia-p-uptake",
              inds=["dia-i-recommendations"])
    p.act("meeting-held", "dia-final-conference", "Final conference: diaspora in Kosovo policy-making",
          "2025-05-15", {"kind": "conference", "institution": None}, muni="Prishtinë",
          people=ppl(94, 0.47, {"18-24": 10, "25-34": 30, "35-64": 55, "65-plus": 5}), planned="dia-p-conference")
    p.measure("dia-i-represented", "dia-m-represented-2025", "2025-05-28", 22,
              source=doc(pid, "Diaspora follow-up survey 2025"))

    a = p.activities["dia-agora-vienna"]
    p.correct("dia-agora-vienna", "2024-06-24", "Participants corrected: the online participants were counted "
              "twice (registration and livestream).",
              participants=ppl(a["participants"]["total"] - 9, a["participants"]["bySex"]["female"] - 4,
                               diaspora_ages))
    return p


# =====================================================================================================
# 8. Stories We Tell - intercultural camps (seed names no organisation)
# =====================================================================================================
def camps():
    munis = ["Prizren", "Pejë", "Shtërpcë", "Prishtinë", "Mitrovicë e Veriut", "Graçanicë", "Gjilan"]
    p = Project({
        "projectId": "stories-we-tell",
        "organisationId": "ura-youth-centre",
        "organisation": "Qendra Rinore Ndërkulturore “Ura” (Ura Intercultural Youth Centre)",
        "organisationInvented": True,
        "title": "Stories We Tell: intercultural camps and audio-visual stories of young people",
        "summary": "The project promotes dialogue and collaboration among young people from diverse communities in "
                   "Kosovo, encouraging cultural diversity and intercultural knowledge for social cohesion, peace "
                   "and reconciliation. Through three extended intercultural camps participants engage in "
                   "discussions, research-based workshops and idea exchange, and create audio-visual products that "
                   "culminate in a digital exhibition at DokuFest, with further presentations across Kosovo.",
        "generalGoal": "Promote reconciliation and intercultural understanding among young people in Kosovo through "
                       "a sustainable platform based on mutual respect and understanding, raising awareness among "
                       "youth in addressing media-driven prejudice and negative narratives.",
        "specificObjectives": [
            "Develop a resource center providing access to information and resources on diverse cultures while "
            "promoting cultural understanding.",
            "Raise youth awareness to critically evaluate media and audio-visual narratives, focusing on dealing "
            "with the past, tolerance and hate speech that leads to violent behavior."],
        "targetGroups": ["Young people aged 18-25 from all communities in Kosovo",
                         "The wider circle of project participants and society as a whole"],
        "municipalities": munis,
        "startDate": "2024-03-01",
        "endDate": "2025-02-28",
    })
    pid = p.pid
    p.indicator("swt-i-youth", "Young people from different communities taking part in the intercultural camps",
                "count", "participants", "sum", 0, 90, ["sex", "age-band", "community"])
    p.indicator("swt-i-products", "Audio-visual products created (video portraits, interviews, film)", "count",
                "items", "sum", 0, 45)
    p.indicator("swt-i-presentations", "Presentations of the digital exhibition across Kosovo", "count",
                "activities", "sum", 0, 4, ["municipality"])
    p.indicator("swt-i-attitudes", "Participants' average attitude towards other communities (1-5)", "score",
                "measured", "average", 3.0, 3.8)

    p.planned("swt-p-camps", "Intercultural Camps “Stories We Tell”", "meeting-held", 3, ["swt-i-youth"])
    p.planned("swt-p-portraits", "Development of 1-2 minute video portraits of project participants",
              "media-produced", 3, ["swt-i-products"])
    p.planned("swt-p-interviews", "Development of video interviews with participants", "media-produced", 2,
              ["swt-i-products"])
    p.planned("swt-p-film", "30-minute omnibus film", "media-produced", 1, ["swt-i-products"])
    p.planned("swt-p-exhibition", "Digital exhibition at DokuFest", "media-produced", 1)
    p.planned("swt-p-presentations", "Presentations across Kosovo", "meeting-held", 4, ["swt-i-presentations"])
    p.planned("swt-p-resource-centre", "Resource center on diverse cultures", "body-established", 1)

    mix = {"albanian": 14, "serb": 9, "bosniak": 2, "turkish": 2, "roma": 1, "ashkali": 1, "gorani": 1}
    camp_list = [("peje", "Pejë", "2024-04-19"), ("shterpce", "Shtërpcë", "2024-05-24"),
                 ("prizren", "Prizren", "2024-07-05")]
    for k, muni, day in camp_list:
        total = around(30, 2)
        p.act("meeting-held", "swt-camp-" + k, "Intercultural camp “Stories We Tell”", day,
              {"kind": "camp", "institution": None}, muni=muni,
              people=ppl(total, 0.53, {"18-24": 90, "25-34": 10}, mix), planned="swt-p-camps", inds=["swt-i-youth"])
    p.measure("swt-i-attitudes", "swt-m-pre-camp-1", "2024-04-15", 3.0,
              source=doc(pid, "Pre-camp attitude questionnaire, camp 1"))
    for k, day, value in [("peje", "2024-04-26", 3.5), ("shterpce", "2024-05-31", 3.6), ("prizren", "2024-07-12", 3.8)]:
        p.measure("swt-i-attitudes", "swt-m-post-camp-" + k, day, value,
                  source=doc(pid, "Post-camp attitude questionnaire, camp in " + k))

    for n, (day, count) in enumerate([("2024-05-10", 10), ("2024-06-14", 10), ("2024-07-26", 12)], start=1):
        p.act("media-produced", "swt-portraits-%d" % n, "Video portraits of camp participants (batch %d)" % n, day,
              {"kind": "video-portrait", "count": count, "document": None}, planned="swt-p-portraits",
              inds=["swt-i-products"])
    for n, (day, count) in enumerate([("2024-06-21", 6), ("2024-07-26", 7)], start=1):
        p.act("media-produced", "swt-interviews-%d" % n, "Video interviews with participants (set %d)" % n, day,
              {"kind": "video-interview", "count": count, "document": None}, planned="swt-p-interviews",
              inds=["swt-i-products"])
    p.act("media-produced", "swt-exhibition-dokufest", "Digital exhibition “Stories We Tell” at DokuFest",
          "2024-08-02", {"kind": "exhibition", "count": 1, "document": doc(pid, "Stories We Tell: exhibition "
                                                                                "catalogue, DokuFest 2024")},
          muni="Prizren", planned="swt-p-exhibition")
    p.act("body-established", "swt-resource-centre", "Resource centre on diverse cultures opened", "2024-09-18",
          {"kind": "resource-centre", "name": "Stories We Tell resource centre", "members": 0}, muni="Prishtinë",
          planned="swt-p-resource-centre")
    presentations = [("prishtine", "Prishtinë", "2024-10-10"), ("mitrovice-veriut", "Mitrovicë e Veriut",
                                                                "2024-11-07"),
                     ("gracanice", "Graçanicë", "2024-11-28"), ("gjilan", "Gjilan", "2024-12-12")]
    for k, muni, day in presentations:
        p.act("meeting-held", "swt-presentation-" + k, "Presentation of the exhibition and video portraits", day,
              {"kind": "presentation", "institution": None}, muni=muni,
              people=ppl(around(55, 15), 0.55, {"15-17": 15, "18-24": 45, "25-34": 20, "35-64": 20},
                         COMMUNITIES[muni], age_unknown=3, comm_unknown=5),
              planned="swt-p-presentations", inds=["swt-i-presentations"])
    p.act("media-produced", "swt-omnibus-film", "30-minute omnibus film “Stories We Tell”", "2025-01-31",
          {"kind": "film", "count": 1, "document": doc(pid, "Stories We Tell – omnibus film (30 min)", "mp4")},
          planned="swt-p-film", inds=["swt-i-products"])
    p.act("meeting-held", "swt-film-screening", "Screening of the omnibus film", "2025-02-20",
          {"kind": "presentation", "institution": None}, muni="Prishtinë",
          people=ppl(88, 0.56, {"18-24": 55, "25-34": 30, "35-64": 15}, age_unknown=6), planned="swt-p-presentations")

    p.correct("swt-portraits-1", "2024-05-20", "Two portraits were withdrawn at the participants' request before "
              "publication; count corrected.", count=8)
    return p


# =====================================================================================================
# 9. Balkan Green Foundation - decarbonisation
# =====================================================================================================
def bgf():
    munis = ["Prishtinë", "Obiliq", "Mitrovicë e Jugut", "Pejë"]
    p = Project({
        "projectId": "bgf-decarbonisation",
        "organisationId": "balkan-green-foundation",
        "organisation": "Balkan Green Foundation",
        "organisationInvented": False,
        "title": "Decarbonization for reducing climate change impacts on security and regional stability",
        "summary": "The project focuses on Kosovo's challenges in dealing with the impacts of climate change by "
                   "accelerating decarbonization in sectors related to security and regional stability, combining "
                   "support for drafting decarbonization policies with discussion platforms on how the process "
                   "reduces the impact of climate change in Kosovo.",
        "generalGoal": "Reduce the impact of climate change, especially in key sectors related to security and "
                       "stability across the region, through the decarbonization process.",
        "specificObjectives": [
            "Support government institutions in drafting sectoral policies in accordance with EU standards.",
            "Provide inclusive platforms for discussion among key actors to influence environmental and climate "
            "policies and raise citizens' awareness of the impact of climate change on regional security and "
            "stability."],
        "targetGroups": ["General population, especially women and communities most affected by climate change",
                         "Public institutions", "Businesses", "Media"],
        "municipalities": munis,
        "startDate": "2024-01-15",
        "endDate": "2024-12-31",
    })
    pid = p.pid
    p.indicator("bgf-i-participants", "Stakeholders taking part in the NECP workshop, panel and conference",
                "count", "participants", "sum", 0, 180, ["sex"])
    p.indicator("bgf-i-publications", "Stakeholder mapping and sector analyses published", "count", "activities",
                "sum", 0, 3)
    p.indicator("bgf-i-uptake", "Recommendations reflected in the draft National Energy and Climate Plan 2025-2030",
                "count", "activities", "sum", 0, 3)
    p.indicator("bgf-i-reach", "People reached by the digital awareness campaign", "count", "measured", "sum", 0,
                150000, ["sex"])

    p.planned("bgf-p-mapping", "Developing stakeholder mapping", "document-published", 1, ["bgf-i-publications"])
    p.planned("bgf-p-necp-workshop", "Organize one workshop with the working group for the development of the "
              "National Energy and Climate Plan 2025-2030", "meeting-held", 1, ["bgf-i-participants"])
    p.planned("bgf-p-analysis", "Conduct analysis with recommendations for key sectors for national security and "
              "stability in the region", "document-published", 2, ["bgf-i-publications"])
    p.planned("bgf-p-conference", "Organize the conference and discussion panel", "meeting-held", 2,
              ["bgf-i-participants"])
    p.planned("bgf-p-campaign", "Developing digital awareness campaign", "campaign-run", 3)
    p.planned("bgf-p-campaign-video", "Developing digital awareness campaign: video spots", "media-produced", 1)
    p.planned("bgf-p-uptake", "Conduct analysis with recommendations for key sectors: follow-up on uptake in the "
              "NECP 2025-2030", "recommendation-adopted", 3, ["bgf-i-uptake"])

    p.act("document-published", "bgf-stakeholder-mapping", "Stakeholder mapping on decarbonization and climate "
          "security", "2024-03-15", {"kind": "mapping", "document": doc(
              pid, "Stakeholder mapping: decarbonization, climate change and security in Kosovo")},
          planned="bgf-p-mapping", inds=["bgf-i-publications"])
    p.act("meeting-held", "bgf-necp-workshop", "Workshop with the NECP 2025-2030 working group", "2024-04-24",
          {"kind": "workshop", "institution": "Ministry of Economy – working group for the National Energy and "
                                              "Climate Plan 2025-2030"}, muni="Prishtinë",
          people=ppl(28, 0.39, STAFF_AGES), planned="bgf-p-necp-workshop", inds=["bgf-i-participants"])
    p.act("document-published", "bgf-analysis-energy", "Analysis with recommendations: energy sector", "2024-07-10",
          {"kind": "analysis", "document": doc(pid, "Decarbonizing Kosovo's energy sector: security and regional "
                                                    "stability")}, planned="bgf-p-analysis",
          inds=["bgf-i-publications"])
    p.act("media-produced", "bgf-video-spots", "Video spots for the digital awareness campaign", "2024-09-05",
          {"kind": "video-spot", "count": 3, "document": None}, planned="bgf-p-campaign-video")
    p.act("document-published", "bgf-analysis-industry-transport", "Analysis with recommendations: industry and "
          "transport", "2024-09-25", {"kind": "analysis", "document": doc(
              pid, "Industry and transport in the decarbonization process: recommendations")},
          planned="bgf-p-analysis", inds=["bgf-i-publications"])
    for k, day, reach in [("wave-1", "2024-09-30", 38000), ("wave-2", "2024-11-29", 52000)]:
        p.act("campaign-run", "bgf-campaign-" + k, "Digital awareness campaign on climate change and security", day,
              {"kind": "digital-awareness", "channel": "Facebook, Instagram, YouTube and online media",
               "reach": reach}, planned="bgf-p-campaign")
    p.measure("bgf-i-reach", "bgf-m-reach-wave-1", "2024-10-07", 38400,
              breakdown={"sex:female": 19900, "sex:male": 17600},
              source=doc(pid, "Campaign analytics export, wave 1", "csv"))
    p.act("meeting-held", "bgf-panel-obiliq", "Discussion panel: the coal transition and affected communities",
          "2024-10-10", {"kind": "thematic-discussion", "institution": None}, muni="Obiliq",
          people=ppl(46, 0.41, ADULT_AGES, COMMUNITIES["Obiliq"]), planned="bgf-p-conference",
          inds=["bgf-i-participants"])
    p.act("meeting-held", "bgf-conference", "Conference on decarbonization, climate change and regional "
          "security", "2024-11-07", {"kind": "conference", "institution": None}, muni="Prishtinë",
          people=ppl(112, 0.45, {"18-24": 12, "25-34": 33, "35-64": 55}), planned="bgf-p-conference",
          inds=["bgf-i-participants"])
    p.amend("2024-11-20", "No-cost extension: the public consultation on the draft NECP 2025-2030 was delayed, so "
            "the follow-up on recommendations and the last campaign wave move to early 2025.",
            endDate="2025-03-31")
    p.measure("bgf-i-reach", "bgf-m-reach-wave-2", "2024-12-06", 51200,
              breakdown={"sex:female": 26100, "sex:male": 24000},
              source=doc(pid, "Campaign analytics export, wave 2", "csv"))
    p.act("recommendation-adopted", "bgf-uptake-coal-phase-down", "Recommendation reflected in the draft NECP",
          "2025-01-23", {"institution": "Ministry of Economy",
                         "recommendation": "A dated phase-down pathway for lignite power generation with a just "
                                           "transition component for affected communities",
                         "sourceActivityId": "bgf-analysis-energy"},
          planned="bgf-p-uptake", inds=["bgf-i-uptake"])
    p.act("campaign-run", "bgf-campaign-wave-3", "Digital awareness campaign on climate change and security",
          "2025-02-27", {"kind": "digital-awareness", "channel": "Facebook, Instagram, YouTube and online media",
                         "reach": 44000}, planned="bgf-p-campaign")
    p.act("recommendation-adopted", "bgf-uptake-energy-efficiency", "Recommendation reflected in the draft NECP",
          "2025-03-13", {"institution": "Ministry of Economy",
                         "recommendation": "Energy efficiency obligations for public buildings aligned with the EU "
                                           "Energy Efficiency Directive",
                         "sourceActivityId": "bgf-analysis-industry-transport"},
          planned="bgf-p-uptake", inds=["bgf-i-uptake"])
    p.measure("bgf-i-reach", "bgf-m-reach-wave-3", "2025-03-10", 43600,
              breakdown={"sex:female": 22900, "sex:male": 19800},
              source=doc(pid, "Campaign analytics export, wave 3", "csv"))

    c = p.activities["bgf-conference"]
    p.correct("bgf-conference", "2024-11-15", "Breakdown by sex corrected from the registration list (online "
              "registrations had not been included).",
              participants=dict(c["participants"], bySex={"female": 52, "male": 58}))
    return p


# =====================================================================================================
# 10. Center for Gender Justice - Tirana
# =====================================================================================================
def cgj():
    p = Project({
        "projectId": "cgj-tirana-gbv-response",
        "organisationId": "center-for-gender-justice",
        "organisation": "Center for Gender Justice",
        "organisationInvented": False,
        "title": "Improving the response of the Municipality of Tirana to cases of domestic violence and "
                 "gender-based violence",
        "summary": "In cooperation with the Municipality of Tirana, the Center for Gender Justice trains employees "
                   "of the Administrative Units on the implementation of the amended law “On measures against "
                   "violence in family relationships”, the identification of risk factors affecting the safety, "
                   "life and health of women and girls, and case management, referral and monitoring, in support of "
                   "the Local Action Plan for Gender Equality 2022-2024 of the Municipality of Tirana.",
        "generalGoal": "Increase the level of security, protection and efficiency of the multi-sectoral approach for "
                       "women and girls in Tirana (fourth pillar of the Local Action Plan for Gender Equality "
                       "2022-2024).",
        "specificObjectives": [
            "Strengthen the capacities of the employees of the Administrative Units to adequately address cases of "
            "domestic violence and gender-based violence."],
        "targetGroups": ["Employees of the Administrative Units of the Municipality of Tirana",
                         "Service providers in the multi-sectoral response to domestic and gender-based violence",
                         "Women and girls affected by domestic and gender-based violence"],
        "municipalities": ["Tiranë"],
        "startDate": "2023-01-01",
        "endDate": "2023-12-31",
    })
    p.indicator("cgj-i-trained", "Administrative Unit employees trained to address domestic and gender-based "
                "violence", "count", "participants", "sum", 0, 18)
    p.indicator("cgj-i-trainings", "Trainings delivered in support of pillar IV of the Local Action Plan for "
                "Gender Equality 2022-2024", "count", "activities", "sum", 0, 1)
    p.planned("cgj-p-training", "Training “Improving the response of the Municipality of Tirana to successfully "
              "address the cases of domestic violence and gender-based violence”", "training-delivered", 1,
              ["cgj-i-trained", "cgj-i-trainings"])
    p.act("training-delivered", "cgj-training-administrative-units", "Improving the response of the Municipality "
          "of Tirana to successfully address the cases of domestic violence and gender-based violence",
          "2023-06-14", {"module": "Legal changes, risk factors, and case management, referral and monitoring",
                         "sessions": 1}, muni="Tiranë", people={"total": 20}, planned="cgj-p-training",
          inds=["cgj-i-trained", "cgj-i-trainings"])
    p.correct("cgj-training-administrative-units", "2023-06-16", "The two trainers had been counted; 18 employees "
              "of the Administrative Units were trained.", participants={"total": 18})
    # The grant ended with 2023; each quarter's report was approved, and the programme closed it out.
    p.report("2023-Q1", "2023-04-10", "Preparation with the Municipality of Tirana: no training yet, nothing to count",
             "2023-04-20", "Agreed")
    p.report("2023-Q2", "2023-07-10", "The training of the Administrative Units (14 June) and its correction are "
             "recorded", "2023-07-20", "Figures match the attendance sheets")
    p.report("2023-Q3", "2023-10-10", "No activities this quarter; follow-up with the trained units continued "
             "informally", "2023-10-20", "Agreed")
    p.report("2023-Q4", "2024-01-10", "Final quarter: no further activities; the final narrative report is filed "
             "separately", "2024-01-20", "Agreed")
    p.close("2024-02-01", "Final report approved; the grant is closed out")
    return p


def main():
    projects = [komf(), balkan_forum(), odk(), nopm(), klgi(), kec(), diaspora(), camps(), bgf(), cgj()]
    data = {"about": ABOUT, "projects": [p.export() for p in projects]}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
    total = 0
    for p in data["projects"]:
        n = len(p["commands"])
        total += n
        print("%-28s %4d commands" % (p["register"]["projectId"], n))
    print("%-28s %4d commands (+%d registrations)" % ("total", total, len(projects)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
