"""Ids in paths are ASCII digits: "١٢" (Arabic-Indic digits) is not event 12."""


def test_non_ascii_digits_are_not_an_id(client, given, db):
    event = given.event()
    db.commit()
    assert event.id < 10
    assert client.get(f"/events/{event.id}").status_code == 200
    arabic_indic = chr(0x0660 + event.id)
    fullwidth = chr(0xFF10 + event.id)
    assert client.get(f"/events/{arabic_indic}").status_code == 404
    assert client.get(f"/events/{fullwidth}").status_code == 404
    assert client.get(f"/events/{arabic_indic}.ics").status_code == 404
