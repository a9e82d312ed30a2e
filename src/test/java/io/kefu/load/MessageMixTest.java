package io.kefu.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageMixTest {

  @Test
  void sharesRepetitionAndUniquenessFollowTheScenario() {
    MessageMix mix = new MessageMix(11, 500, 1.0, 0.2, 0.05);
    ShopMessages keys = new ShopMessages(0);
    Set<String> poolKeys = new HashSet<>();
    mix.pool().forEach(t -> poolKeys.add(keys.key(t)));
    Map<MessageMix.Kind, Integer> kinds = new HashMap<>();
    Map<String, Integer> repeats = new HashMap<>();
    Set<String> uniques = new HashSet<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      MessageMix.Message m = mix.next();
      kinds.merge(m.kind(), 1, Integer::sum);
      if (m.kind() == MessageMix.Kind.UNIQUE) {
        assertThat(uniques.add(keys.key(m.text()))).as("unique text repeated: %s", m.text()).isTrue();
        assertThat(poolKeys).doesNotContain(keys.key(m.text()));
      } else if (m.kind() == MessageMix.Kind.REPEAT) {
        repeats.merge(m.text(), 1, Integer::sum);
      }
    }
    assertThat(kinds.get(MessageMix.Kind.UNIQUE) / (double) n).isBetween(0.18, 0.22);
    assertThat(kinds.get(MessageMix.Kind.ESCALATION) / (double) n).isBetween(0.04, 0.06);
    List<String> pool = mix.pool();
    // Zipf: the first rank is asked about twice as often as the second and far more often than the 100th
    int first = repeats.getOrDefault(pool.get(0), 0);
    assertThat(first).isGreaterThan(repeats.getOrDefault(pool.get(1), 0));
    assertThat(first).isGreaterThan(10 * repeats.getOrDefault(pool.get(99), 0));
  }

  @Test
  void sameSeedSameMessages() {
    MessageMix a = new MessageMix(5, 100, 1.1, 0.3, 0.01);
    MessageMix b = new MessageMix(5, 100, 1.1, 0.3, 0.01);
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void shippedScenariosLoadAndUnknownKeysAreRefused() throws Exception {
    for (String name : List.of("mix", "unique", "overload")) {
      LoadScenario s = LoadScenario.load(Path.of("loadtest", "scenarios", name + ".yml"));
      assertThat(s.name()).isEqualTo(name);
    }
    assertThat(LoadScenario.load(Path.of("loadtest/scenarios/mix.yml")).rate()).isEqualTo(1500);
    assertThatThrownBy(() -> LoadScenario.fromMap(Map.of("mix", Map.of("uniqShare", 0.5))))
        .hasMessageContaining("mix.uniqShare");
    assertThatThrownBy(() -> LoadScenario.fromMap(Map.of("rate", -1))).hasMessageContaining("rate");
  }
}
