package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Lettuce {@code ClientResources} for every LettuceL2 of the JVM, shut down with the last one. */
class SharedClientResourcesTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static LettuceL2 started(String id) {
    LettuceL2 l2 = new LettuceL2(LettuceSettings.of(redis.uri(), id));
    RecordingListener events = new RecordingListener();
    l2.start(events);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("subscribed") == 1);
    return l2;
  }

  private static boolean works(LettuceL2 l2) {
    return l2.read(new L2.ReadRequest("k", 10, null, 0, null, List.of())).join().failure() == null;
  }

  @Test
  void closingOneL2_leavesTheOthersWorking_andTheLastOneShutsTheResourcesDown() {
    int before = SharedClientResources.leases();
    LettuceL2 a = started("a");
    LettuceL2 b = started("b");
    assertThat(SharedClientResources.leases()).isEqualTo(before + 2);
    a.close();
    a.close();
    assertThat(SharedClientResources.leases()).isEqualTo(before + 1);
    assertThat(works(b)).isTrue();
    b.close();
    assertThat(SharedClientResources.leases()).isEqualTo(before);

    LettuceL2 c = started("c");
    try {
      assertThat(works(c)).isTrue();
    } finally {
      c.close();
    }
  }

  @Test
  void aUriThatCannotBeUsed_takesNoLease() {
    int before = SharedClientResources.leases();
    try {
      new LettuceL2(LettuceSettings.of("redis://h:notaport", "x"));
    } catch (IllegalArgumentException expected) {
      // the point
    }
    assertThat(SharedClientResources.leases()).isEqualTo(before);
  }
}
