package org.kronika.query.dashboard.web;

import org.kronika.query.programme.Programme;
import org.springframework.ui.Model;

import java.util.List;
import java.util.function.Function;

/**
 * What a page answers for a name of more than one municipality ("Mitrovica": North and South): the municipalities
 * it could mean, each a link to what the reader asked for, there. The API refuses the name naming them; a reader
 * gets them to choose from, in their language, rather than a bare "no such page" or "value not usable".
 *
 * @param name      as the reader wrote it
 * @param parameter the query parameter that named it; {@code null} for a municipality's own page
 * @param choices   each municipality it could mean, with the address of the page for it
 */
record MunicipalityChoices(String name, String parameter, List<Choice> choices) {

    static final String VIEW = "dashboard/ambiguous";

    record Choice(String municipality, String href) {
    }

    /** The page offering them; the status is the caller's. */
    static String page(Model model, Programme.Ambiguity ambiguity, String parameter, Function<String, String> href) {
        model.addAttribute("choices", new MunicipalityChoices(ambiguity.name(), parameter,
                ambiguity.choices().stream().map(choice -> new Choice(choice, href.apply(choice))).toList()));
        return VIEW;
    }
}
