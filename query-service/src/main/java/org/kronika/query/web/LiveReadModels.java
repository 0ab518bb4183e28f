package org.kronika.query.web;

import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The generation of read models a request reads: fixed once per request, so a switch never mixes two. A page reads
 * it in several places (a programme trace: the aggregate, the calendar, the cells), and each read the live pointer
 * anew: across a switch, one page showed members of the old generation with cells of the new.
 */
public final class LiveReadModels {

    private static final String FIXED = LiveReadModels.class.getName() + ".generation";

    private LiveReadModels() {
    }

    public static Generation of(Generations generations) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(FIXED, RequestAttributes.SCOPE_REQUEST) instanceof Generation fixed
                && fixed.schemaVersion() == generations.schemaVersion()) {
            return fixed;
        }
        Generation live = generations.live().orElseThrow(() -> new NotReady(
                "The read models are being built from the event stream for the first time; try again shortly"));
        if (request != null) {
            request.setAttribute(FIXED, live, RequestAttributes.SCOPE_REQUEST);
        }
        return live;
    }
}
