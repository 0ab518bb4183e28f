package org.kronika.query.readmodel;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which dated facts a read takes, by the days and the place they stand at: what narrows a trace's read to its
 * figure's period and place instead of the project's whole history.
 *
 * @param from         the first day, or {@code null} from the first fact
 * @param to           the last day, or {@code null} to the last fact
 * @param anywhere     whether every place is taken; if not, only {@code municipality}
 * @param municipality the place when not {@code anywhere}: {@code null} for national level
 */
public record Span(LocalDate from, LocalDate to, boolean anywhere, String municipality) {

    public static final Span ALL = new Span(null, null, true, null);

    /** The same place from {@code day} on, or from its own first day if that is later. */
    public Span startingAt(LocalDate day) {
        return new Span(from == null || day.isAfter(from) ? day : from, to, anywhere, municipality);
    }

    /**
     * The filters on documents whose days are ISO dates ({@code 2024-07-01}, which sort as the days do) in
     * {@code dayField}, and whose place is in {@code placeField}. The day is always asked for, so a document without
     * one (a retracted activity's {@code standing}) is never taken for one at national level.
     */
    public List<Bson> filters(String dayField, String placeField) {
        List<Bson> filters = new ArrayList<>();
        // Every string sorts after the empty one.
        filters.add(Filters.gte(dayField, from == null ? "" : from.toString()));
        if (to != null) {
            filters.add(Filters.lte(dayField, to.toString()));
        }
        if (!anywhere) {
            filters.add(Filters.eq(placeField, municipality));
        }
        return filters;
    }
}
