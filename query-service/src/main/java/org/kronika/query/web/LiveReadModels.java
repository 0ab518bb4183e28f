package org.kronika.query.web;

import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;

/** The generation of read models a request reads: fixed once per request, so a switch never mixes two. */
public final class LiveReadModels {

    private LiveReadModels() {
    }

    public static Generation of(Generations generations) {
        return generations.live().orElseThrow(() -> new NotReady(
                "The read models are being built from the event stream for the first time; try again shortly"));
    }
}
