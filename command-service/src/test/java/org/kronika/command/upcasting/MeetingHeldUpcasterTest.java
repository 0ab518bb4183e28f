package org.kronika.command.upcasting;

import org.kronika.events.MeetingHeld;

/** Stored revision 1 of meeting-held, before deliveryMode, reads as 1.1 with no mode stated. */
class MeetingHeldUpcasterTest extends UpcasterContract {

    MeetingHeldUpcasterTest() {
        super(new MeetingHeldUpcaster(), MeetingHeld.class);
    }
}
