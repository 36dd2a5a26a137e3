"""REST API of the calendar: /api/calendar/events/?start=…&end=… — the caller's events
(the same ``events_for`` as the pages and the feed)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .calendar import day_start, zone
from .events import events_for
from .selectors import filtered, kind_label

MAX_DAYS = 400


class EventSerializer(serializers.Serializer):
    uid = serializers.CharField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    all_day = serializers.BooleanField()
    url = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    course = serializers.CharField()

    def get_kind_label(self, obj: object) -> str:
        return kind_label(getattr(obj, "kind", ""))


class RangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    kind = serializers.CharField(required=False, allow_blank=True)
    course = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        today = datetime.datetime.now(zone()).date()
        start = attrs.get("start") or today
        end = attrs.get("end") or start + datetime.timedelta(days=30)
        if end < start:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if (end - start).days > MAX_DAYS:
            raise serializers.ValidationError(
                {"end": _("At most %(days)s days at once.") % {"days": MAX_DAYS}}
            )
        attrs["start"], attrs["end"] = start, end
        return attrs


class EventsView(APIView):
    """The caller's calendar events between two dates (``end`` inclusive; default: 30 days
    from today), in the calendar's time zone."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("course", OpenApiTypes.STR),
        ],
        responses=EventSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = RangeSerializer(data=request.query_params)
        if not params.is_valid():
            return Response(params.errors, status=status.HTTP_400_BAD_REQUEST)
        data = params.validated_data
        events = events_for(
            request.user,
            day_start(data["start"]),
            day_start(data["end"] + datetime.timedelta(days=1)),
        )
        events = filtered(events, data.get("kind", ""), data.get("course", ""))
        return Response(EventSerializer(events, many=True).data)
