"""The messaging API: the pages' permissions (four callers), OpenAPI schema."""

from rest_framework.test import APIClient

from dot.messaging import services
from dot.messaging.models import Announcement, Conversation

BASE = "/api/messaging"


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_conversation_api_four_callers(school):
    conv = services.conversation_start(
        sender=school.student, recipients=[school.teacher], subject="Вопрос", body="Когда?"
    )
    url = f"{BASE}/conversations/{conv.pk}/"

    assert _api().get(url).status_code in (401, 403)
    assert _api(school.classmate).get(url).status_code == 404
    assert _api(school.deans_office).get(url).status_code == 404
    response = _api(school.teacher).get(url)
    assert response.status_code == 200
    assert response.json()["unread"] == 1
    assert response.json()["subject"] == "Вопрос"

    assert _api(school.classmate).post(f"{url}messages/", {"body": "x"}).status_code == 404
    reply = _api(school.teacher).post(f"{url}messages/", {"body": "<script>x</script>Завтра"})
    assert reply.status_code == 201
    assert "<script" not in reply.json()["body"]
    listed = _api(school.student).get(f"{url}messages/").json()
    assert [m["author"]["username"] for m in listed["results"]] == ["student", "teacher"]
    assert _api(school.student).post(f"{url}read/").status_code == 204
    assert [
        c["id"] for c in _api(school.student).get(f"{BASE}/conversations/").json()["results"]
    ] == [conv.pk]
    assert _api(school.classmate).get(f"{BASE}/conversations/").json()["results"] == []


def test_api_start_refuses_arbitrary_users(school):
    response = _api(school.student).post(
        f"{BASE}/conversations/",
        {"recipients": [school.outsider.pk], "body": "Привет"},
        format="json",
    )
    assert response.status_code == 400
    assert "recipients" in response.json()
    assert not Conversation.objects.exists()
    ok = _api(school.student).post(
        f"{BASE}/conversations/",
        {"recipients": [school.teacher.pk], "subject": "Тема", "body": "Привет"},
        format="json",
    )
    assert ok.status_code == 201
    contacts = _api(school.student).get(f"{BASE}/contacts/?q=Асанова").json()["results"]
    assert [c["username"] for c in contacts] == ["teacher"]


def test_announcement_api(school):
    payload = {
        "audience": "group",
        "group": school.group.pk,
        "title": "Собрание",
        "body": "В пятницу",
    }
    assert _api().post(f"{BASE}/announcements/", payload).status_code in (401, 403)
    assert _api(school.student).post(f"{BASE}/announcements/", payload).status_code == 404
    refused = _api(school.other_deans_office).post(f"{BASE}/announcements/", payload)
    assert refused.status_code == 400
    count = _api(school.deans_office).post(f"{BASE}/announcements/count/", payload)
    assert count.json() == {"count": 2}
    created = _api(school.deans_office).post(f"{BASE}/announcements/", payload)
    assert created.status_code == 201
    assert created.json()["recipient_count"] == 2
    pk = created.json()["id"]
    deliveries = _api(school.deans_office).get(f"{BASE}/announcements/{pk}/deliveries/").json()
    assert sorted(d["recipient"]["username"] for d in deliveries["results"]) == [
        "classmate",
        "student",
    ]
    assert _api(school.student).get(f"{BASE}/announcements/{pk}/").status_code == 200
    assert _api(school.student).get(f"{BASE}/announcements/{pk}/deliveries/").status_code == 404
    assert _api(school.other_student).get(f"{BASE}/announcements/{pk}/").status_code == 404
    assert Announcement.objects.count() == 1


def test_openapi_schema_lists_the_endpoints(client, it_staff):
    client.force_login(it_staff)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/messaging/conversations/" in body
    assert "/api/messaging/announcements/count/" in body
