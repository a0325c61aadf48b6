package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterViewTest {
  private static final String NODES = """
      07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,hostname4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
      67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922
      292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master,fail - 1426238316232 1426238316232 3 disconnected 10923-16383 [10923->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]
      e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460
      6ec23923021cf3ffec47632106199cb7f496ce01 :0@0 handshake - 0 0 0 connected
      """;

  @Test
  void parsesPortsRolesLinksAndSlotRangesAndSkipsMigrations() {
    ClusterView view = ClusterView.parse(NODES);

    assertThat(view.entries()).hasSize(5);
    ClusterView.Entry replica = view.byId("07c37dfeb235213a872192d90877d0cd55635b91").orElseThrow();
    assertThat(replica.port()).isEqualTo(30004);
    assertThat(replica.master()).isFalse();
    assertThat(replica.masterId()).isEqualTo("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
    assertThat(replica.slots().isEmpty()).isTrue();

    ClusterView.Entry failed = view.byId("292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f").orElseThrow();
    assertThat(failed.failing()).isTrue();
    assertThat(failed.connected()).isFalse();
    assertThat(failed.slots().cardinality()).isEqualTo(16384 - 10923);

    assertThat(view.myself().port()).isEqualTo(30001);
    assertThat(view.entries().get(4).unsettled()).isTrue();
    assertThat(view.ownerOf(0)).isEqualTo("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
    assertThat(view.ownerOf(5461)).isEqualTo("67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1");
    assertThat(view.ownerOf(16383)).isEqualTo("292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f");
    assertThat(view.owners()).doesNotContainNull();
  }
}
