"""Demo content of the public part: the information pages and the normative documents.

The texts retell the regulation (СМК-П-ДОТ-8.5.1.19-2024) for applicants and students,
with the clause of each rule. Idempotent: existing pages and documents are left as the
academic office edited them; only missing ones are added.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from .models import DocumentKind, InfoPage, NormativeDocument

REGULATION_CODE = "СМК-П-ДОТ-8.5.1.19-2024"


def _pages() -> list[dict[str, Any]]:
    units_url = reverse("public:units")
    login_url = reverse("accounts:login")
    return [
        {
            "slug": "about",
            "order": 10,
            "clauses": "п. 1.5, 2.1, 2.3, 5.1, 5.2",
            "title": "Что такое ДОТ",
            "title_ky": "ДОТ деген эмне",
            "title_en": "What DOT is",
            "body": """\
**Дистанционные образовательные технологии (ДОТ)** — образовательные технологии, \
реализуемые в основном с применением средств информатизации и телекоммуникации при \
опосредованном (на расстоянии) взаимодействии обучающегося и преподавателя (п. 1.5 Положения).

## Как ДОТ применяются в университете

- ДОТ используются **частично**, при индивидуальной форме обучения, в программах \
бакалавриата, магистратуры и специалитета (п. 5.1).
- Основу обучения с применением ДОТ составляет **самостоятельная работа студента**, \
который имеет доступ к образовательному порталу университета и возможность интерактивного \
общения с преподавателем (п. 5.2).
- Взаимодействие с преподавателем бывает **синхронным** (чат, видеоконференция, \
онлайн-занятие в режиме реального времени) и **асинхронным** (электронная почта, рассылки, \
форумы). Их сочетание называется смешанной формой обучения (п. 1.5).

## Зачем университет применяет ДОТ (п. 2.1)

- чтобы качественное образование было доступно независимо от места проживания и \
социально-экономического положения обучающегося;
- чтобы образовательные услуги предоставлялись в максимально удобной форме;
- чтобы обеспечить непрерывное образование: сертифицированную подготовку, повышение \
квалификации и переподготовку специалистов.

## Принципы обучения (п. 2.3)

- **Интерактивность** — постоянное взаимодействие участников через электронную почту, \
форумы, чаты, интернет-конференции и онлайн-уроки.
- **Адаптивность** — интерактивные тесты, тренажёры, лабораторные практикумы удалённого доступа.
- **Гибкость и доступность** — работа в необходимом темпе и в удобное время.
- **Модульность** — курс можно осваивать по частям в рамках индивидуального учебного плана.

Материалы каждой дисциплины собраны в **электронный учебно-методический комплекс (ЭУМК)**: \
лекции, презентации, видео- и аудиоматериалы, задания для самостоятельной работы и тесты.
""",
            "body_ky": """\
**Аралыктан билим берүү технологиялары (ДОТ)** — негизинен маалыматташтыруу жана \
телекоммуникация каражаттары менен, билим алуучу менен окутуучу аралыктан өз ара \
аракеттенгенде ишке ашырылуучу билим берүү технологиялары (Жобонун 1.5-пункту).

## Университетте ДОТ кантип колдонулат

- ДОТ бакалавриат, магистратура жана адистик программаларында жеке окутуу формасында \
**жарым-жартылай** колдонулат (5.1-п.).
- ДОТ менен окутуунун негизин университеттин билим берүү порталына кирүү мүмкүнчүлүгү \
бар жана окутуучу менен интерактивдүү байланышкан **студенттин өз алдынча иши** түзөт (5.2-п.).
- Окутуучу менен байланыш **синхрондуу** (чат, видеоконференция, реалдуу убакыттагы онлайн \
сабак) жана **асинхрондуу** (электрондук почта, таратмалар, форумдар) болот. Алардын \
айкалышы аралаш окутуу формасы деп аталат (1.5-п.).

## Университет ДОТту эмне үчүн колдонот (2.1-п.)

- сапаттуу билим жашаган жерине жана социалдык-экономикалык абалына карабастан \
жеткиликтүү болушу үчүн;
- билим берүү кызматтары эң ыңгайлуу формада көрсөтүлүшү үчүн;
- үзгүлтүксүз билим берүүнү камсыз кылуу үчүн: сертификатталган даярдоо, \
квалификацияны жогорулатуу жана адистерди кайра даярдоо.

## Окутуунун принциптери (2.3-п.)

- **Интерактивдүүлүк** — катышуучулардын электрондук почта, форумдар, чаттар, \
интернет-конференциялар жана онлайн сабактар аркылуу туруктуу байланышы.
- **Ыңгайлашуучулук** — интерактивдүү тесттер, тренажерлор, аралыктан жеткиликтүү \
лабораториялык практикумдар.
- **Ийкемдүүлүк жана жеткиликтүүлүк** — керектүү темпте жана ыңгайлуу убакта иштөө.
- **Модулдук** — курсту жеке окуу планынын алкагында бөлүк-бөлүгү менен өздөштүрүүгө болот.

Ар бир дисциплинанын материалдары **электрондук окуу-методикалык комплекске (ЭУМК)** \
чогултулат: лекциялар, презентациялар, видео жана аудио материалдар, өз алдынча иштөө \
үчүн тапшырмалар жана тесттер.
""",
            "body_en": """\
**Distance learning technologies (DOT)** are educational technologies carried out mainly \
with information and telecommunication tools, the student and the teacher interacting at \
a distance (clause 1.5 of the Regulation).

## How the university uses DOT

- DOT are used **partially**, in the individual form of study, in bachelor's, master's \
and specialist programmes (cl. 5.1).
- The basis of study with DOT is the **student's independent work** with access to the \
university's educational portal and interactive contact with the teacher (cl. 5.2).
- Contact with the teacher is **synchronous** (chat, video conference, online class in \
real time) or **asynchronous** (e-mail, mailing lists, forums). Their combination is called \
the blended form of study (cl. 1.5).

## Why the university uses DOT (cl. 2.1)

- so that good education is available whatever the student's place of residence and \
social and economic situation;
- so that educational services are offered in the most convenient form;
- to provide continuing education: certified training, professional development and \
retraining.

## Principles of study (cl. 2.3)

- **Interactivity** — constant contact of all participants by e-mail, forums, chats, \
internet conferences and online lessons.
- **Adaptivity** — interactive tests, simulators, remote laboratory practicums.
- **Flexibility and availability** — work at your own pace and at a convenient time.
- **Modularity** — a course can be taken in parts within an individual study plan.

The materials of each discipline are gathered in an **electronic teaching-methodical \
complex (ЭУМК)**: lectures, presentations, video and audio, independent-work assignments \
and tests.
""",
        },
        {
            "slug": "credit-system",
            "order": 20,
            "clauses": "п. 1.1, 2.3, 4.7, 5.3, 5.4.2",
            "title": "Кредитная технология обучения",
            "title_ky": "Кредиттик окутуу технологиясы",
            "title_en": "The credit system of study",
            "body": """\
Учебный процесс в университете организован на основе **кредитной системы обучения ECTS** \
(п. 1.1 Положения). Обучение с применением ДОТ подчиняется тем же правилам, что и очное.

## Основные правила

- **Трудоёмкость** каждой дисциплины измеряется в кредитах ECTS и указывается в рабочем \
учебном плане (РУП) программы и в индивидуальном учебном плане студента.
- **Регистрация на дисциплины.** Деканат факультета регистрирует студентов на дисциплины \
соответствующего семестра и обеспечивает их информированность (п. 4.7).
- **Установочная сессия.** Для студентов первого года обучения факультет проводит \
установочную сессию и знакомит их с принципами и особенностями обучения с применением \
ДОТ (п. 4.7).
- **Самостоятельная работа (СРС).** По каждой дисциплине предусмотрены задания для \
самостоятельной работы и оценочный фонд, достаточные для определения уровня знаний и \
компетенций студента (п. 5.4.2).
- **Аттестация.** Преподаватель проводит текущую и промежуточную аттестацию: \
промежуточное тестирование, модули, контрольные работы, экзаменационные сессии (п. 2.3). \
Явку студентов на экзаменационную сессию обеспечивает деканат (п. 4.7).

## Где получить информацию

Правила организации учебного процесса предоставляются в информационном пакете, \
отражаются в материалах приёмной комиссии и размещаются на сайте университета (п. 5.3). \
По вопросам регистрации на дисциплины и расписания обращайтесь в деканат своего факультета.
""",
            "body_ky": """\
Университетте окуу процесси **ECTS кредиттик окутуу системасынын** негизинде уюштурулат \
(Жобонун 1.1-пункту). ДОТ менен окутуу күндүзгү окутуу сыяктуу эле эрежелерге баш ийет.

## Негизги эрежелер

- Ар бир дисциплинанын **эмгек сыйымдуулугу** ECTS кредиттери менен өлчөнөт жана \
программанын жумушчу окуу планында (РУП) жана студенттин жеке окуу планында көрсөтүлөт.
- **Дисциплиналарга каттоо.** Факультеттин деканаты студенттерди тиешелүү семестрдин \
дисциплиналарына каттайт жана аларды маалымат менен камсыз кылат (4.7-п.).
- **Киришүү сессиясы.** Биринчи курстун студенттери үчүн факультет киришүү сессиясын \
өткөрүп, аларды ДОТ менен окутуунун принциптери жана өзгөчөлүктөрү менен тааныштырат (4.7-п.).
- **Өз алдынча иш (СӨИ).** Ар бир дисциплина боюнча студенттин билим деңгээлин жана \
компетенцияларын аныктоого жетиштүү өз алдынча иштөө тапшырмалары жана баалоо фонду \
каралган (5.4.2-п.).
- **Аттестация.** Окутуучу учурдагы жана аралык аттестацияны өткөрөт: аралык тестирлөө, \
модулдар, текшерүү иштери, сынак сессиялары (2.3-п.). Студенттердин сынак сессиясына \
келишин деканат камсыз кылат (4.7-п.).

## Маалыматты кайдан алууга болот

Окуу процессин уюштуруу эрежелери маалыматтык пакетте берилет, кабыл алуу комиссиясынын \
материалдарында чагылдырылат жана университеттин сайтына жайгаштырылат (5.3-п.). \
Дисциплиналарга каттоо жана сабак жадыбалы боюнча өз факультетиңиздин деканатына кайрылыңыз.
""",
            "body_en": """\
Study at the university is organised on the **ECTS credit system** (clause 1.1 of the \
Regulation). Study with DOT follows the same rules as full-time study.

## Main rules

- The **workload** of each discipline is measured in ECTS credits and shown in the \
programme's working curriculum (РУП) and in the student's individual study plan.
- **Registration to disciplines.** The faculty's dean's office registers students to the \
disciplines of each semester and keeps them informed (cl. 4.7).
- **Orientation session.** For first-year students the faculty holds an orientation \
session on the principles and features of study with DOT (cl. 4.7).
- **Independent work (СРС).** Every discipline has independent-work assignments and an \
assessment fund sufficient to establish the student's knowledge and competences (cl. 5.4.2).
- **Attestation.** The teacher runs current and intermediate attestation: intermediate \
tests, modules, control works, exam sessions (cl. 2.3). The dean's office ensures that \
students attend the exam session (cl. 4.7).

## Where to get information

The rules of the study process are given in the information package, in the admissions \
committee's materials and on the university's website (cl. 5.3). For registration to \
disciplines and the timetable, contact the dean's office of your faculty.
""",
        },
        {
            "slug": "who-may-study",
            "order": 30,
            "clauses": "п. 1.3, 5.1, 5.4.1–5.4.4, 5.5",
            "title": "Кто может обучаться с применением ДОТ",
            "title_ky": "ДОТ менен ким окуй алат",
            "title_en": "Who may study with DOT",
            "body": """\
Положение распространяется на студентов, магистрантов и слушателей университета (п. 1.3). \
Дистанционные технологии применяются **частично** — для отдельных дисциплин или их \
разделов, а не для всей программы (п. 5.1).

## Студенты очной формы (бакалавриат, специалитет)

- Изучать дисциплины с применением ДОТ можно **по заявлению студента, с разрешения \
преподавателя и руководителя образовательной программы** (п. 5.4.1).
- Дисциплину можно изучать с применением ДОТ полностью или частично (разделы, модули) \
**при наличии обоснованной уважительной причины**: болезнь, семейные обстоятельства и \
др. (п. 5.4.2).
- Соотношение традиционного обучения и ДОТ по дисциплине определяет кафедра, за которой \
закреплена дисциплина, по согласованию с деканатом (п. 5.4.1).
- Какие дисциплины допускается изучать с применением ДОТ и в каком объёме часов (или %) \
по учебному плану, утверждают учебный отдел и факультет для каждого направления и \
программы (п. 5.4.4).

## Магистранты

- По магистерским программам, где разрешена заочная форма обучения, допускается \
смешанная форма: **не более 70 % объёма часов** учебного плана с применением ДОТ (п. 5.4.3).
- По магистерским программам без заочной формы долю ДОТ устанавливает руководитель \
программы, но **не более 50 % трудоёмкости** учебного плана (п. 5.4.3).

## Индивидуальное обучение

При индивидуальном обучении (а также в малочисленных группах) руководитель программы \
определяет, какие дисциплины изучаются с применением ДОТ, а преподаватель — количество \
аудиторных часов по каждой дисциплине (п. 5.5.1). Индивидуальное обучение бывает коротким \
(месяц, семестр, отдельные дисциплины или их часть) и длительным — учебный год по \
индивидуальному графику.

По индивидуальному графику часть дисциплин или модулей студент осваивает самостоятельно, \
в удобное время, по расписанию, согласованному с преподавателем и руководителем \
программы (п. 5.5.2).
""",
            "body_ky": """\
Жобо университеттин студенттерине, магистранттарына жана угуучуларына жайылтылат \
(1.3-п.). Аралыктан окутуу технологиялары бүт программага эмес, айрым дисциплиналарга же \
алардын бөлүмдөрүнө **жарым-жартылай** колдонулат (5.1-п.).

## Күндүзгү окуунун студенттери (бакалавриат, адистик)

- Дисциплиналарды ДОТ менен окуу **студенттин арызы боюнча, окутуучунун жана билим \
берүү программасынын жетекчисинин уруксаты менен** мүмкүн (5.4.1-п.).
- Дисциплинаны ДОТ менен толук же жарым-жартылай (бөлүмдөр, модулдар) **негиздүү жүйөлүү \
себеп болгондо** окууга болот: оору, үй-бүлөлүк жагдайлар ж.б. (5.4.2-п.).
- Дисциплина боюнча салттуу окутуу менен ДОТтун катышын дисциплина бекитилген кафедра \
деканат менен макулдашып аныктайт (5.4.1-п.).
- Кайсы дисциплиналарды ДОТ менен окууга жол берилерин жана окуу планы боюнча сааттардын \
көлөмүн (же %) ар бир багыт жана программа үчүн окуу бөлүмү менен факультет бекитет (5.4.4-п.).

## Магистранттар

- Сырттан окуу формасына уруксат берилген магистратура программаларында аралаш форма \
колдонулат: окуу планынын **сааттарынын 70 %дан ашпаган көлөмү** ДОТ менен (5.4.3-п.).
- Сырттан окуу формасы жок магистратура программаларында ДОТтун үлүшүн программанын \
жетекчиси белгилейт, бирок ал окуу планынын **эмгек сыйымдуулугунун 50 %дан ашпашы** \
керек (5.4.3-п.).

## Жеке окутуу

Жеке окутууда (ошондой эле аз сандуу топтордо) кайсы дисциплиналар ДОТ менен окуларын \
программанын жетекчиси, ар бир дисциплина боюнча аудиториялык сааттардын санын окутуучу \
аныктайт (5.5.1-п.). Жеке окутуу кыска (ай, семестр, айрым дисциплиналар же алардын бир \
бөлүгү) жана узак — жеке график боюнча окуу жылы болот.

Жеке график боюнча студент дисциплиналардын же модулдардын бир бөлүгүн өз алдынча, \
ыңгайлуу убакта, окутуучу жана программанын жетекчиси менен макулдашылган жадыбал \
боюнча өздөштүрөт (5.5.2-п.).
""",
            "body_en": """\
The Regulation applies to the university's students, master's students and listeners \
(cl. 1.3). Distance technologies are used **partially** — for single disciplines or their \
sections, not for a whole programme (cl. 5.1).

## Full-time students (bachelor's, specialist)

- A discipline may be studied with DOT **on the student's application, with the \
permission of the teacher and of the programme leader** (cl. 5.4.1).
- A discipline may be studied with DOT fully or partly (sections, modules) **for a \
justified valid reason**: illness, family circumstances and the like (cl. 5.4.2).
- The ratio of traditional study to DOT in a discipline is set by the department that owns \
the discipline, agreed with the dean's office (cl. 5.4.1).
- Which disciplines may be studied with DOT, and how many hours (or %) of the curriculum, \
is approved by the academic office and the faculty for each direction and programme \
(cl. 5.4.4).

## Master's students

- In master's programmes where the extramural form is allowed, the blended form is \
possible: **at most 70 % of the curriculum hours** with DOT (cl. 5.4.3).
- In master's programmes without the extramural form the programme leader sets the DOT \
share, **at most 50 % of the curriculum workload** (cl. 5.4.3).

## Individual study

In individual study (and in very small groups) the programme leader decides which \
disciplines are studied with DOT and the teacher sets the classroom hours of each \
discipline (cl. 5.5.1). Individual study may be short (a month, a semester, single \
disciplines or parts of them) or long — an academic year on an individual schedule.

On an individual schedule the student studies some disciplines or modules independently, \
at a convenient time, on a timetable agreed with the teacher and the programme leader \
(cl. 5.5.2).
""",
        },
        {
            "slug": "how-to-apply",
            "order": 40,
            "clauses": "п. 5.4.1, 5.4.2, 5.4.3, 5.5.1, прил. 1",
            "title": "Как оформить обучение с применением ДОТ",
            "title_ky": "ДОТ менен окууну кантип тариздөө керек",
            "title_en": "How to apply for study with DOT",
            "body": """\
1. **Заявление.** Студент подаёт заявление о применении ДОТ по дисциплине (полностью \
или по отдельным разделам, модулям) и указывает обоснованную уважительную причину: \
болезнь, семейные обстоятельства и др. (п. 5.4.1, 5.4.2).
2. **Разрешение.** Применение ДОТ разрешают преподаватель дисциплины и руководитель \
образовательной программы (п. 5.4.1).
3. **Индивидуальный учебный план (ИУП).** Руководитель программы определяет дисциплины \
с применением ДОТ, преподаватель — количество аудиторных часов. Они вносятся в ИУП по \
форме Приложения 1 к Положению: дисциплина, кафедра, трудоёмкость в ECTS, аудиторные часы \
(лекции, лабораторные, практические), место и время занятий, срок сдачи, \
преподаватель (п. 5.5.1).
4. **Согласование и утверждение.** ИУП согласуют начальник учебного отдела и заведующий \
кафедрой, утверждает декан факультета. Студент расписывается в том, что ознакомлен с ИУП.
5. **Два экземпляра.** ИУП оформляется в двух экземплярах: один находится у студента \
(после выполнения сдаётся в деканат), второй — в деканате для контроля.

Дисциплину с применением ДОТ не разрешают, если заданий для самостоятельной работы и \
оценочного фонда по ней недостаточно для определения уровня знаний и компетенций (п. 5.4.2).

Магистрантам нужно учитывать предельную долю ДОТ: не более 70 % часов по программам с \
заочной формой и не более 50 % трудоёмкости по остальным программам (п. 5.4.3).

По вопросам оформления обращайтесь в деканат своего факультета.
""",
            "body_ky": """\
1. **Арыз.** Студент дисциплина боюнча (толук же айрым бөлүмдөр, модулдар боюнча) ДОТту \
колдонуу жөнүндө арыз берет жана негиздүү жүйөлүү себепти көрсөтөт: оору, үй-бүлөлүк \
жагдайлар ж.б. (5.4.1, 5.4.2-п.).
2. **Уруксат.** ДОТту колдонууга дисциплинанын окутуучусу жана билим берүү программасынын \
жетекчиси уруксат берет (5.4.1-п.).
3. **Жеке окуу планы (ИУП).** Программанын жетекчиси ДОТ менен окулуучу дисциплиналарды, \
окутуучу аудиториялык сааттардын санын аныктайт. Алар Жобого 1-тиркемедеги форма боюнча \
ИУПко киргизилет: дисциплина, кафедра, ECTS боюнча эмгек сыйымдуулугу, аудиториялык \
сааттар (лекциялар, лабораториялык, практикалык), сабактардын орду жана убактысы, тапшыруу \
мөөнөтү, окутуучу (5.5.1-п.).
4. **Макулдашуу жана бекитүү.** ИУПту окуу бөлүмүнүн башчысы жана кафедра башчысы \
макулдашат, факультеттин деканы бекитет. Студент ИУП менен таанышканын колу менен тастыктайт.
5. **Эки нуска.** ИУП эки нускада толтурулат: бири студентте калат (аткарылгандан кийин \
деканатка тапшырылат), экинчиси көзөмөл үчүн деканатта сакталат.

Эгерде дисциплина боюнча өз алдынча иштөө тапшырмалары жана баалоо фонду билимдин жана \
компетенциялардын деңгээлин аныктоого жетишсиз болсо, ДОТ менен окууга уруксат \
берилбейт (5.4.2-п.).

Магистранттар ДОТтун чектик үлүшүн эске алышы керек: сырттан окуу формасы бар \
программаларда сааттардын 70 %дан, калган программаларда эмгек сыйымдуулугунун 50 %дан \
ашпашы керек (5.4.3-п.).

Тариздөө боюнча суроолор менен өз факультетиңиздин деканатына кайрылыңыз.
""",
            "body_en": """\
1. **Application.** The student applies for DOT in a discipline (fully or for single \
sections, modules) and states a justified valid reason: illness, family circumstances and \
the like (cl. 5.4.1, 5.4.2).
2. **Permission.** DOT is permitted by the discipline's teacher and by the programme \
leader (cl. 5.4.1).
3. **Individual study plan (ИУП).** The programme leader decides which disciplines go by \
DOT and the teacher sets the classroom hours. They are written into the ИУП on the form of \
Appendix 1 to the Regulation: discipline, department, workload in ECTS, classroom hours \
(lectures, labs, practice), place and time of classes, deadline, teacher (cl. 5.5.1).
4. **Agreement and approval.** The ИУП is agreed by the head of the academic office and \
the head of department and approved by the dean of the faculty. The student signs that \
they have read it.
5. **Two copies.** The ИУП is made in two copies: one stays with the student (handed to \
the dean's office once completed), the other is kept by the dean's office for control.

DOT is not permitted for a discipline whose independent-work assignments and assessment \
fund are not enough to establish the level of knowledge and competences (cl. 5.4.2).

Master's students must keep within the DOT limit: at most 70 % of the hours in programmes \
with an extramural form and at most 50 % of the workload in the others (cl. 5.4.3).

For help with the paperwork, contact the dean's office of your faculty.
""",
        },
        {
            "slug": "student-needs",
            "order": 50,
            "clauses": "п. 1.5, 2.3, 4.7, 4.9, 5.2",
            "title": "Что нужно студенту",
            "title_ky": "Студентке эмне керек",
            "title_en": "What a student needs",
            "body": f"""\
- **Доступ к образовательному порталу.** Порядок и форму доступа к системе обучения с \
применением ДОТ определяет отдел информационных технологий и цифровизации (ОИТЦ) \
(п. 4.9). Вход на портал — по ссылке [«Войти»]({login_url}).
- **Компьютер или другое устройство с выходом в Интернет** — для работы с материалами \
ЭУМК, тестами и для общения с преподавателем.
- **Время для самостоятельной работы.** Основу обучения с применением ДОТ составляет \
самостоятельная работа студента (п. 5.2): изучение материалов, выполнение заданий СРС, \
прохождение тестов в установленные сроки.
- **Связь с преподавателем.** Консультации проходят через форумы, чаты, электронную \
почту и видеоконференции (п. 2.3).

## Кто поможет

- **Деканат** знакомит с обучением с применением ДОТ, проводит установочную сессию для \
первокурсников, регистрирует на дисциплины семестра и поддерживает обратную связь со \
студентами (п. 4.7).
- **Тьютор** помогает организовать индивидуальное обучение (п. 1.5).
- **Преподаватель** консультирует по дисциплине и проводит аттестацию (п. 2.3).
- **ОИТЦ** консультирует по работе с информационной системой университета (п. 4.9).
""",
            "body_ky": f"""\
- **Билим берүү порталына кирүү.** ДОТ менен окутуу системасына кирүүнүн тартибин жана \
формасын маалыматтык технологиялар жана санариптештирүү бөлүмү (ОИТЦ) аныктайт (4.9-п.). \
Порталга [«Кирүү»]({login_url}) шилтемеси аркылуу киресиз.
- **Интернетке туташкан компьютер же башка түзмөк** — ЭУМК материалдары, тесттер менен \
иштөө жана окутуучу менен байланышуу үчүн.
- **Өз алдынча иштөөгө убакыт.** ДОТ менен окутуунун негизин студенттин өз алдынча иши \
түзөт (5.2-п.): материалдарды окуу, СӨИ тапшырмаларын аткаруу, тесттерди белгиленген \
мөөнөттө тапшыруу.
- **Окутуучу менен байланыш.** Консультациялар форумдар, чаттар, электрондук почта жана \
видеоконференциялар аркылуу өтөт (2.3-п.).

## Ким жардам берет

- **Деканат** ДОТ менен окутуу менен тааныштырат, биринчи курстар үчүн киришүү \
сессиясын өткөрөт, семестрдин дисциплиналарына каттайт жана студенттер менен кайтарым \
байланышты колдойт (4.7-п.).
- **Тьютор** жеке окутууну уюштурууга жардам берет (1.5-п.).
- **Окутуучу** дисциплина боюнча кеңеш берет жана аттестация өткөрөт (2.3-п.).
- **ОИТЦ** университеттин маалыматтык системасы менен иштөө боюнча кеңеш берет (4.9-п.).
""",
            "body_en": f"""\
- **Access to the educational portal.** How and in what form users get access to the \
DOT system is set by the IT and digitalisation office (ОИТЦ) (cl. 4.9). Log in to the \
portal with the [Log in]({login_url}) link.
- **A computer or other device with internet access** — to work with the ЭУМК materials \
and tests and to talk to teachers.
- **Time for independent work.** The basis of study with DOT is the student's independent \
work (cl. 5.2): studying the materials, doing the СРС assignments, taking tests on time.
- **Contact with teachers.** Consultations take place in forums, chats, by e-mail and in \
video conferences (cl. 2.3).

## Who helps

- **The dean's office** introduces students to DOT, holds the orientation session for \
first-year students, registers students to the semester's disciplines and keeps feedback \
with them (cl. 4.7).
- **The tutor** helps organise individual study (cl. 1.5).
- **The teacher** consults on the discipline and runs attestation (cl. 2.3).
- **ОИТЦ** consults on working with the university's information system (cl. 4.9).
""",
        },
        {
            "slug": "access-points",
            "order": 60,
            "clauses": "п. 2.1, 2.2",
            "title": "Точки доступа",
            "title_ky": "Жеткиликтүүлүк пункттары",
            "title_en": "Access points",
            "body": f"""\
Одна из задач применения ДОТ в университете — создание системы **региональных центров \
применения ДОТ (точек доступа)** (п. 2.2 Положения). Они приближают обучение к студентам, \
которые живут далеко от Бишкека: качественное образование должно быть доступно независимо \
от места проживания (п. 2.1).

В точке доступа можно узнать о возможностях обучения с применением ДОТ и получить помощь \
с доступом к образовательному порталу.

Адреса, телефоны и электронная почта точек доступа приведены на странице \
[«Факультеты и точки доступа»]({units_url}).
""",
            "body_ky": f"""\
Университетте ДОТту колдонуунун милдеттеринин бири — **ДОТту колдонуунун аймактык \
борборлорунун (жеткиликтүүлүк пункттарынын)** системасын түзүү (Жобонун 2.2-пункту). Алар \
окутууну Бишкектен алыс жашаган студенттерге жакындатат: сапаттуу билим жашаган жерге \
карабастан жеткиликтүү болушу керек (2.1-п.).

Жеткиликтүүлүк пунктунда ДОТ менен окуу мүмкүнчүлүктөрү жөнүндө билип, билим берүү \
порталына кирүү боюнча жардам алууга болот.

Жеткиликтүүлүк пункттарынын даректери, телефондору жана электрондук почтасы \
[«Факультеттер жана жеткиликтүүлүк пункттары»]({units_url}) баракчасында көрсөтүлгөн.
""",
            "body_en": f"""\
One of the tasks of DOT at the university is a system of **regional DOT centres (access \
points)** (cl. 2.2 of the Regulation). They bring study closer to students who live far \
from Bishkek: good education must be available wherever one lives (cl. 2.1).

At an access point you can learn about study with DOT and get help with access to the \
educational portal.

The addresses, phones and e-mails of the access points are on the \
[Faculties and access points]({units_url}) page.
""",
        },
    ]


def _documents() -> list[dict[str, Any]]:
    return [
        {
            "code": REGULATION_CODE,
            "kind": DocumentKind.REGULATION,
            "title": "Положение о применении дистанционных образовательных технологий в ОУ «РМУ»",
            "title_ky": "«РМУ» БМде аралыктан билим берүү технологияларын колдонуу жөнүндө жобо",
            "title_en": "Regulation on the use of distance learning technologies at RMU",
            "approved_on": datetime.date(2024, 11, 11),
            "approved_by": "Учёный совет ОУ «РМУ», протокол № 3 от 01.11.2024",
            # The portal publishes the regulation's rules as the information pages; the
            # signed original is not part of the demo, so the entry links to them.
            "link": reverse("public:info"),
            "is_published": True,
            "order": 10,
        },
        {
            "code": f"{REGULATION_CODE}, прил. 1",
            "kind": DocumentKind.FORM,
            "title": "Индивидуальный учебный план (форма, Приложение 1 к Положению о ДОТ)",
            "title_ky": "Жеке окуу планы (форма, ДОТ жөнүндө жобого 1-тиркеме)",
            "title_en": "Individual study plan (form, Appendix 1 to the Regulation on DOT)",
            "approved_on": datetime.date(2024, 11, 11),
            "approved_by": "Учёный совет ОУ «РМУ», протокол № 3 от 01.11.2024",
            "link": reverse("public:page", args=["how-to-apply"]),
            "is_published": True,
            "order": 20,
        },
    ]


@transaction.atomic
def seed(units: dict[str, Any]) -> None:
    """Add the missing information pages and documents; keep what УО has edited."""
    for spec in _pages():
        data = dict(spec)
        InfoPage.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    for spec in _documents():
        data = dict(spec)
        NormativeDocument.objects.get_or_create(code=data.pop("code"), defaults=data)
