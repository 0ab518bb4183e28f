package org.kronika.query.web;

import org.kronika.query.programme.Programme;

/**
 * A query parameter naming more than one municipality ("Mitrovica"): refused as any value the API cannot use, 400
 * naming the parameter, and carrying those it could mean, so that a page can offer each of them.
 */
public class AmbiguousMunicipality extends InvalidParameter {

    private final transient Programme.Ambiguity ambiguity;

    public AmbiguousMunicipality(String parameter, Programme.Ambiguity ambiguity) {
        super(parameter, ambiguity.why());
        this.ambiguity = ambiguity;
    }

    public Programme.Ambiguity ambiguity() {
        return ambiguity;
    }
}
