package org.kronika.command.web;

import java.io.IOException;

/** A request body beyond the limit; answered with 413 before anything is parsed or stored. */
class PayloadTooLarge extends IOException {

    PayloadTooLarge(long limit) {
        super("The request body exceeds " + limit + " bytes");
    }
}
