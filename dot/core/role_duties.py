"""What each participant of DOT does, per the regulation's section IV and V.

Shown on the home page beside the portal's menu items for that role, so that a user
sees both what the regulation expects of them and what the portal already offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role


@dataclass(frozen=True)
class RoleDuty:
    text: str | Promise
    clauses: str


ROLE_DUTIES: dict[str, RoleDuty] = {
    Role.RECTOR: RoleDuty(
        _(
            "The administration sets the strategic directions of the study process, "
            "including DOT, and controls how they are carried out."
        ),
        "п. 4.3",
    ),
    Role.VICE_RECTOR: RoleDuty(
        _(
            "Leads and coordinates the teaching-methodical, software and "
            "electronic-educational provision of study with DOT."
        ),
        "п. 4.1",
    ),
    Role.ACADEMIC_OFFICE: RoleDuty(
        _(
            "Controls how departments form and approve working curricula (РУП) and enter "
            "them into the system; with the faculty approves the order of DOT use per "
            "programme; agrees individual study plans; takes part in writing the DOT rules "
            "and analyses remarks and suggestions on DOT quality."
        ),
        "п. 4.5, 5.4.4, 5.5.1",
    ),
    Role.EDITORIAL_OFFICE: RoleDuty(
        _(
            "Agrees the requirements for the ЭУМК of programmes with DOT and takes part "
            "in the quality review of developed ЭУМК."
        ),
        "п. 4.6",
    ),
    Role.IT_OFFICE: RoleDuty(
        _(
            "Keeps the information system running, consults all participants, keeps the "
            "ЭУМК databases, monitors teacher–student interaction and the presence of "
            "materials on the portal, and defines how users get access to the system."
        ),
        "п. 4.9",
    ),
    Role.ADMISSIONS: RoleDuty(
        _(
            "Accepts applicants' documents and enrols students into programmes with DOT, "
            "concludes study contracts and takes part in the marketing of these programmes."
        ),
        "п. 4.4",
    ),
    Role.RESEARCH_OFFICE: RoleDuty(
        _(
            "Together with the academic office and the faculties helps teachers raise "
            "their qualification in the information-educational environment."
        ),
        "п. 5.4.6",
    ),
    Role.METHODS_COUNCIL: RoleDuty(
        _(
            "Controls the provision of electronic educational resources (ЭОР) for the "
            "faculty's programmes and their placement on the portal."
        ),
        "п. 5.4.5",
    ),
    Role.DEAN: RoleDuty(
        _(
            "The faculty organises study with DOT and, for master's programmes, controls "
            "it; the dean approves students' individual study plans."
        ),
        "п. 4.7, 5.4.5, 5.5.1",
    ),
    Role.DEANS_OFFICE: RoleDuty(
        _(
            "Introduces students to DOT, forms DOT student groups and keeps feedback with "
            "them, runs the orientation session for first-year students, registers "
            "students to the disciplines of the semester and ensures attendance at exam "
            "sessions."
        ),
        "п. 4.7",
    ),
    Role.HEAD_OF_DEPARTMENT: RoleDuty(
        _(
            "The department drafts and approves РУП and ИУП under the academic office's "
            "control, develops ЭУМК and tests, assigns teachers to DOT teaching and runs "
            "DOT classes by the approved schedule; the head agrees individual study plans."
        ),
        "п. 4.8, 5.5.1",
    ),
    Role.PROGRAMME_LEADER: RoleDuty(
        _(
            "Permits a student to study by DOT, decides which disciplines of individual "
            "study go by DOT, sets the DOT share of master's programmes without an "
            "extramural form (at most 50%) and answers for ЭУМК quality with the teachers."
        ),
        "п. 5.4.1, 5.4.3, 5.4.5, 5.5.1",
    ),
    Role.TEACHER: RoleDuty(
        _(
            "Creates and publishes teaching materials on the portal, consults students, "
            "supervises course and qualification projects online and offline and runs "
            "current and intermediate attestation; must hold a certificate of DOT "
            "qualification."
        ),
        "п. 2.3, 3.3",
    ),
    Role.TUTOR: RoleDuty(
        _(
            "Helps assigned students organise their individual study and gives them "
            "teaching-methodical guidance within the programme."
        ),
        "п. 1.5",
    ),
    Role.STUDENT: RoleDuty(
        _(
            "Studies independently with access to the portal and interactive contact with "
            "teachers; may take disciplines fully or partly by DOT on an application, for "
            "a valid reason, with the permission of the teacher and the programme leader."
        ),
        "п. 5.2, 5.4.1, 5.4.2",
    ),
    Role.MASTER_STUDENT: RoleDuty(
        _(
            "Studies in the blended form: DOT takes at most 70% where the extramural "
            "form is allowed (of the curriculum hours), otherwise at most 50% of the "
            "workload (credits) as set by the programme leader."
        ),
        "п. 5.4.3",
    ),
    Role.LISTENER: RoleDuty(
        _(
            "Takes continuing-education courses (certified training, professional "
            "development, retraining) with access to the portal."
        ),
        "п. 1.3, 2.1",
    ),
}
