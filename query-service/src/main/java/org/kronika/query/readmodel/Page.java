package org.kronika.query.readmodel;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a longer list.
 *
 * @param page       zero-based
 * @param totalItems how many there are in all
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public static final int MAX_SIZE = 200;
    /** The entries a page holds when the request does not say. */
    public static final int DEFAULT_SIZE = 50;
    /**
     * The highest page number a list answers. Past its last page is an empty page, not an error: a bookmarked page
     * outlives a list that grew shorter (retractions).
     */
    public static final int MAX_PAGE = 1_000_000;

    public static <T> Page<T> of(List<T> items, int page, int size, long totalItems) {
        return new Page<>(List.copyOf(items), page, size, totalItems, (totalItems + size - 1) / size);
    }

    public <R> Page<R> map(Function<T, R> mapping) {
        return new Page<>(items.stream().map(mapping).toList(), page, size, totalItems, totalPages);
    }
}
