package org.kronika.command.upcasting;

import org.kronika.events.TrainingDelivered;

/** Stored revision 1 of training-delivered, before deliveryMode, reads as 1.1: a training given in person. */
class TrainingDeliveredUpcasterTest extends UpcasterContract {

    TrainingDeliveredUpcasterTest() {
        super(new TrainingDeliveredUpcaster(), TrainingDelivered.class);
    }
}
