package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.hash.ContentHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The pack index format: round trips, and every damage is refused with an error naming the index. */
class PackIndexPropertiesTest {
  private static List<Packs.Entry> entries(List<byte[]> blobs) {
    Map<ContentHash, Packs.Entry> out = new LinkedHashMap<>();
    long offset = 0;
    for (byte[] b : blobs) {
      out.putIfAbsent(ContentHash.of(b), new Packs.Entry(ContentHash.of(b), offset, b.length));
      offset += b.length;
    }
    return new ArrayList<>(out.values());
  }

  @Property(tries = 100)
  void encodeThenDecode_returnsTheEntriesSortedByHash(@ForAll @Size(max = 50) List<@Size(max = 40) byte[]> blobs) throws Exception {
    ContentHash pack = ContentHash.of(new byte[] {(byte) blobs.size()});
    List<Packs.Entry> in = entries(blobs);
    List<Packs.Entry> back = Packs.decodeIndex(Packs.encodeIndex(pack, in), pack, "packs/x.idx");
    List<Packs.Entry> sorted = new ArrayList<>(in);
    sorted.sort(Comparator.comparing(Packs.Entry::hash));
    assertThat(back).isEqualTo(sorted);
  }

  @Property(tries = 200)
  void anyFlippedByteOrTruncation_isRefusedNamingTheIndex(@ForAll @Size(min = 1, max = 10) List<@Size(max = 20) byte[]> blobs,
      @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll boolean truncate) {
    ContentHash pack = ContentHash.of(new byte[] {1});
    byte[] data = Packs.encodeIndex(pack, entries(blobs));
    int at = where % data.length;
    byte[] damaged = truncate ? java.util.Arrays.copyOf(data, at) : data.clone();
    if (!truncate) {
      damaged[at] ^= (byte) (1 + where % 255);
    }
    assertThatThrownBy(() -> Packs.decodeIndex(damaged, pack, "packs/abc.idx"))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("packs/abc.idx");
  }

  @Property(tries = 20)
  void anIndexOfAnotherPack_isRefused(@ForAll @Size(max = 5) List<@Size(max = 8) byte[]> blobs) {
    byte[] data = Packs.encodeIndex(ContentHash.of(new byte[] {1}), entries(blobs));
    assertThatThrownBy(() -> Packs.decodeIndex(data, ContentHash.of(new byte[] {2}), "packs/y.idx"))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("another pack");
  }
}
