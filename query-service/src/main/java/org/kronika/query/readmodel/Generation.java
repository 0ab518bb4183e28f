package org.kronika.query.readmodel;

/**
 * One complete set of read models, built from the topic's first event: its collections carry the prefix
 * {@code g<number>_}. A rebuild fills a new generation while the live one keeps answering, then the live pointer
 * moves to it in one write.
 *
 * @param schemaVersion the shape of the read models this code writes; a new shape is a new line of generations,
 *                      so old and new code can serve side by side during an upgrade
 */
public record Generation(int number, int schemaVersion) {

    public String collection(String name) {
        return "g" + number + "_" + name;
    }

    public String id() {
        return "g" + number;
    }
}
