"""The OpenAPI 3.1 description of the read-only API."""

from booking.events.models import STANDALONE_KINDS

_FILTERS = [
    {
        "name": "kind",
        "in": "query",
        "schema": {
            "type": "string",
            "enum": [kind.value for kind in STANDALONE_KINDS],
        },
        "description": "Type of event",
    },
    {"name": "audience", "in": "query", "schema": {"type": "string", "maxLength": 120}},
    {"name": "programme", "in": "query", "schema": {"type": "string", "maxLength": 120}},
    {
        "name": "month",
        "in": "query",
        "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
        "description": "Month in Europe/London, like 2027-01",
    },
    {
        "name": "q",
        "in": "query",
        "schema": {"type": "string", "maxLength": 200},
        "description": (
            "Words to search for, in any order, case and accents, in titles, summaries,"
            " descriptions, audiences, programmes and venues; a conference is also found by"
            ' its workshops\'. Each word matches the start of a word ("safe" finds'
            ' "safety"); words written apart or together find each other ("e safety",'
            ' "esafety" and "E-safety")'
        ),
    },
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]

_EVENT = {
    "type": "object",
    "required": [
        "id",
        "title",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "capacity",
        "places_left",
        "url",
    ],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "kind": {"type": "string"},
        "status": {"type": "string", "enum": ["published", "cancelled"]},
        "summary": {"type": "string"},
        "audience": {"type": "string"},
        "programme": {"type": "string"},
        "venue": {"type": "string"},
        "online": {"type": "boolean"},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "when": {"type": "string", "description": "As people write it, Europe/London"},
        "capacity": {"type": "integer"},
        "places_left": {
            "type": ["integer", "null"],
            "minimum": 0,
            "description": "None for a cancelled event",
        },
        "places_left_text": {
            "type": "string",
            "description": "What to say about booking: places left, or when booking opens,"
            " or that it has closed, finished or been cancelled",
        },
        "cpd_hours": {"type": ["number", "null"]},
        "url": {"type": "string", "format": "uri"},
        "calendar_url": {"type": "string", "format": "uri"},
    },
}

_MATCHED_WORKSHOP = {
    "matched_workshop": {
        "type": ["string", "null"],
        "description": "The title of the workshop a search found this conference by",
    }
}

_ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
        }
    },
}

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Training and events",
        "version": "1.0.0",
        "description": "Read-only list of the partnership's published training and events.",
    },
    "paths": {
        "/api/v1/events": {
            "get": {
                "summary": "Upcoming published events",
                "parameters": _FILTERS,
                "responses": {
                    "200": {
                        "description": "A page of events",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "events": {
                                            "type": "array",
                                            "items": {
                                                "allOf": [
                                                    {"$ref": "#/components/schemas/Event"},
                                                    {"properties": _MATCHED_WORKSHOP},
                                                ]
                                            },
                                        },
                                        "page": {"type": "integer"},
                                        "pages": {"type": "integer"},
                                        "total": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    "400": {
                        "description": "A parameter could not be read",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
        "/api/v1/events/{event_id}": {
            "get": {
                "summary": "One published event, with a conference's workshops",
                "parameters": [
                    {
                        "name": "event_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The event",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/Event"},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "description": {"type": "string"},
                                                "trainers": {
                                                    "type": "array",
                                                    "items": {"type": "string"},
                                                },
                                                "booking_state": {"type": "string"},
                                                "workshops": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/Event"},
                                                },
                                            },
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "404": {
                        "description": "No such published event",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
    },
    "components": {"schemas": {"Event": _EVENT, "Error": _ERROR}},
}
