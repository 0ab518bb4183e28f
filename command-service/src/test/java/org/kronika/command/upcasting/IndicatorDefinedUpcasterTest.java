package org.kronika.command.upcasting;

import org.kronika.events.IndicatorDefined;

/** Stored revision 1 of indicator-defined, before municipalityTargets, reads as 1.1: no targets per municipality. */
class IndicatorDefinedUpcasterTest extends UpcasterContract {

    IndicatorDefinedUpcasterTest() {
        super(new IndicatorDefinedUpcaster(), IndicatorDefined.class);
    }
}
