package org.kronika.command.upcasting;

import org.kronika.events.IndicatorRedefined;

/** Stored revision 1 of indicator-redefined, before municipalityTargets, reads as 1.1: them left as they were. */
class IndicatorRedefinedUpcasterTest extends UpcasterContract {

    IndicatorRedefinedUpcasterTest() {
        super(new IndicatorRedefinedUpcaster(), IndicatorRedefined.class);
    }
}
