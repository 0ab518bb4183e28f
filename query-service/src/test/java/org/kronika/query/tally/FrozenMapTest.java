package org.kronika.query.tally;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrozenMapTest {

    private static final List<String> KEYS = List.of("2024-01", "2024-02", "2024-03", "2024-07", "2024-12", "female",
            "male", "outside:2023-12", "roma", "training-delivered");

    @Test
    void answersEveryQueryAsTheTreeMapItWasMadeFrom() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            TreeMap<String, Long> tree = new TreeMap<>();
            KEYS.forEach(key -> {
                if (random.nextInt(3) == 0) {
                    tree.put(key, (long) random.nextInt(1000) - 300);
                }
            });
            SortedMap<String, Long> frozen = Counts.frozen(new TreeMap<>(tree));

            assertThat(frozen).isEqualTo(tree).hasSameHashCodeAs(tree);
            assertThat(tree).isEqualTo(frozen);
            assertThat(frozen.toString()).isEqualTo(tree.toString());
            assertThat(List.copyOf(frozen.entrySet())).isEqualTo(List.copyOf(tree.entrySet()));
            assertThat(List.copyOf(frozen.keySet())).isEqualTo(List.copyOf(tree.keySet()));
            assertThat(List.copyOf(frozen.values())).isEqualTo(List.copyOf(tree.values()));
            for (String key : List.of("2024-02", "2024-05", "", "zzz", "male")) {
                assertThat(frozen.get(key)).isEqualTo(tree.get(key));
                assertThat(frozen.containsKey(key)).isEqualTo(tree.containsKey(key));
                assertThat(frozen.headMap(key)).isEqualTo(tree.headMap(key));
                assertThat(frozen.tailMap(key)).isEqualTo(tree.tailMap(key));
                for (String to : List.of("2024-03", "2024-08", "zzz")) {
                    if (key.compareTo(to) <= 0) {
                        SortedMap<String, Long> sub = frozen.subMap(key, to);
                        assertThat(sub).isEqualTo(tree.subMap(key, to));
                        if (key.compareTo("2024-07") <= 0 && "2024-07".compareTo(to) <= 0) {
                            // A view of a view stays within its range, as a TreeMap's does.
                            assertThat(sub.headMap("2024-07")).isEqualTo(tree.subMap(key, to).headMap("2024-07"));
                        }
                    }
                }
            }
            if (!tree.isEmpty()) {
                assertThat(frozen.firstKey()).isEqualTo(tree.firstKey());
                assertThat(frozen.lastKey()).isEqualTo(tree.lastKey());
            }
        }
    }

    @Test
    void cannotBeChanged() {
        SortedMap<String, Long> frozen = Counts.frozen(new TreeMap<>(Map.of("a", 1L, "b", 2L)));

        assertThatThrownBy(() -> frozen.put("c", 3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(5L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(frozen).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
    }

    @Test
    void isKeptWithoutACopyAndWrittenAsJsonAsAnyMap() throws Exception {
        SortedMap<String, Long> frozen = Counts.frozen(new TreeMap<>(Map.of("female", 3L, "male", 2L)));

        assertThat(Counts.owned(frozen)).isSameAs(frozen);
        assertThat(new ObjectMapper().writeValueAsString(frozen)).isEqualTo("{\"female\":3,\"male\":2}");
    }
}
