package org.kronika.query.dashboard;

import org.kronika.query.readmodel.Page;

/**
 * Where a page of a list stands among its pages, as a page's pager and caption say it. A page past the last one (a
 * bookmark, a list grown shorter since) is answered as the API answers it, empty and with the list's true count, and
 * says so with a link back to the last page there is: never "Page 8 of 2", never a link further out. An empty list
 * is one empty page.
 *
 * @param page  zero-based, as asked
 * @param pages how many the list has now, none when it is empty
 * @param link  the page's address with the page number still to append
 * @param place where on the page the list is ({@code #measurements}), after the number; empty for its top
 */
public record Pager(int page, long pages, String link, String place) {

    public Pager(int page, long pages, String link) {
        this(page, pages, link, "");
    }

    public static Pager of(Page<?> shown, String link) {
        return new Pager(shown.page(), shown.totalPages(), link);
    }

    public boolean pastEnd() {
        return page > 0 && page >= pages;
    }

    /** How many pages it shows: an empty list's one page among them. */
    public long last() {
        return Math.max(1, pages);
    }

    /** Whether there is anywhere to go: another page, or back from past the end. */
    public boolean shown() {
        return pages > 1 || pastEnd();
    }

    /** @return the page before, or {@code null} on the first page and past the end (which leads to the last) */
    public String previous() {
        return page == 0 || pastEnd() ? null : link + (page - 1) + place;
    }

    /** @return the page after, or {@code null} on the last page and past it */
    public String next() {
        return page + 1 < pages ? link + (page + 1) + place : null;
    }

    public String lastPage() {
        return link + (last() - 1) + place;
    }
}
